import { parseArgs } from 'node:util';
import { ConfigError } from '../errors.ts';
import { TARGET_NAMES, type TargetName } from '../targets/target.ts';

export const USAGE = `Usage: kinesis-conformance <command> [options]

Commands:
  run                 run conformance suites against a target and write a report
  help                show this text

Options for run:
  --target NAME       kinesis-mock (default, embedded), kinesalite (embedded), aws
  --endpoint URL      any Kinesis-compatible endpoint (also AWS_ENDPOINT_URL_KINESIS / AWS_ENDPOINT_URL)
  --region R          signing region (default: AWS_REGION, AWS_DEFAULT_REGION, or us-east-1 locally)
  --profile NAME      AWS profile for the credential chain (aws targets)
  --suite NAME        run only this suite; repeat or comma-separate for several (default: all)
  --grep TEXT         run only cases whose id or rule contains TEXT
  --report-dir DIR    where to write the report (default: reports/runs/<timestamp>)
  --seed N            seed for generated cases (default: random, printed and recorded)
  --baseline FILE     known deviations to judge the run against
                      (default for embedded targets: reports/baselines/<target>.json)
  --update-baseline   rewrite the baseline file from this run's results
  --allow-billable    required for any AWS endpoint: the run creates billable resources
  --allow-expensive   also run slow cases and cases that spend rate-limited allowances
                      (the 25-per-24h encryption limit, KMS keys); they SKIP without it
  --budget NAME       quick (default) or deep: how many generated cases per property
  --request-timeout MS  per-request timeout (default 10000)

Exit status: 0 every result as expected for the target, 1 some result differs, 2 usage or
configuration error, 130 interrupted.
`;

export interface RunArgs {
  command: 'run';
  target: TargetName | undefined;
  endpoint: string | undefined;
  region: string | undefined;
  profile: string | undefined;
  suites: string[];
  grep: string | undefined;
  reportDir: string | undefined;
  seed: number | undefined;
  baseline: string | undefined;
  updateBaseline: boolean;
  allowBillable: boolean;
  allowExpensive: boolean;
  budget: 'quick' | 'deep';
  requestTimeoutMs: number;
}

export type Args = RunArgs | { command: 'help' };

function positiveInt(name: string, raw: string | undefined, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) > max) throw new ConfigError(`${name} takes a whole number from 0 to ${max}, got '${raw}'`);
  return Number(raw);
}

export function parseCliArgs(argv: readonly string[]): Args {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') return { command: 'help' };
  if (command !== 'run') throw new ConfigError(`unknown command '${command}' (try --help)`);
  let parsed;
  try {
    parsed = parseArgs({
      args: [...rest],
      strict: true,
      allowPositionals: false,
      options: {
        target: { type: 'string' },
        endpoint: { type: 'string' },
        region: { type: 'string' },
        profile: { type: 'string' },
        suite: { type: 'string', multiple: true },
        grep: { type: 'string' },
        'report-dir': { type: 'string' },
        seed: { type: 'string' },
        baseline: { type: 'string' },
        'update-baseline': { type: 'boolean' },
        'allow-billable': { type: 'boolean' },
        'allow-expensive': { type: 'boolean' },
        budget: { type: 'string' },
        'request-timeout': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new ConfigError(`${(error as Error).message.split('\n')[0]} (try --help)`);
  }
  const v = parsed.values;
  if (v.help) return { command: 'help' };
  const target = v.target;
  if (target !== undefined && (!(TARGET_NAMES as readonly string[]).includes(target) || target === 'endpoint')) {
    throw new ConfigError(`unknown target '${target}': use kinesis-mock, kinesalite or aws, or --endpoint URL`);
  }
  if (target !== undefined && v.endpoint !== undefined && target !== 'aws') {
    throw new ConfigError(`--target ${target} starts its own emulator; it cannot be combined with --endpoint`);
  }
  if (v.budget !== undefined && v.budget !== 'quick' && v.budget !== 'deep') {
    throw new ConfigError(`--budget takes quick or deep, got '${v.budget}'`);
  }
  return {
    command: 'run',
    target: target as TargetName | undefined,
    endpoint: v.endpoint,
    region: v.region,
    profile: v.profile,
    suites: (v.suite ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean),
    grep: v.grep,
    reportDir: v['report-dir'],
    seed: positiveInt('--seed', v.seed, 2 ** 31 - 1),
    baseline: v.baseline,
    updateBaseline: v['update-baseline'] ?? false,
    allowBillable: v['allow-billable'] ?? false,
    allowExpensive: v['allow-expensive'] ?? false,
    budget: (v.budget as 'quick' | 'deep' | undefined) ?? 'quick',
    requestTimeoutMs: positiveInt('--request-timeout', v['request-timeout'], 600_000) ?? 10_000,
  };
}
