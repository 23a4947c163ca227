import { parseArgs } from 'node:util';
import { ConfigError } from '../errors.ts';
import { REGISTRY, type TargetName } from '../targets/index.ts';
import { orList, remoteTargets, type TargetRegistry } from '../targets/registry.ts';
import { parseAge, SWEEP_DEFAULTS, type SweepArgs } from './sweep.ts';
import { parseTargetOption, targetUsage } from './target-option.ts';

/** The usage text; its target lines come from the registry's descriptors. */
export function usage(registry: TargetRegistry = REGISTRY): string {
  const remote = remoteTargets(registry).map((t) => `--target ${t.name}`);
  return `Usage: kinesis-conformance <command> [options]

Commands:
  run                 run conformance suites against a target and write a report
  matrix RUN_DIR...   merge the reports of several runs (targets) into matrix.html and matrix.md
  compare A B         list what changed from run A to run B (report directories or results.json files)
  evidence RUN_DIR    list the run's expectations that are only documented or recorded by analogy, by
                      operation and rule: what a recorded real-AWS run would settle
  sweep               delete what earlier runs left on an endpoint or AWS (streams named kc-<runId>-...,
                      KMS keys tagged with a run id)
  merge RUN_DIR...    merge the reports of the shards of one run (--shard I/N) into one report
  self-check          run the suites through a fault-injecting proxy: which faults does each case catch?
                      (self-check --help for its options)
  help                show this text

Options for run:
${targetUsage(registry.named, registry)}
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
  --restricted-profile NAME  AWS profile with no Kinesis permissions, for the AccessDeniedException
                      cases (they SKIP without it)
  --request-timeout MS  per-request timeout (default 10000)
  --shard I/N         run only part I of N (test files split by vitest); merge the parts with merge
  --dry-run           send nothing to the target: rehearse the run on embedded kinesis-mock and list
                      what it would create and call, per operation
  --record DIR        keep every exchange of the run (redacted) per case and step in DIR/recording.json
  --reference DIR     compare this run's answers with the recording in DIR, after normalization; the
                      recording's suites, --grep and seed are the default; differences exit 1

Options for merge:
  --out DIR           where to write the merged report (required)
  --baseline FILE     judge the merged run against this file (default for embedded targets:
                      reports/baselines/<target>.json)

Options for matrix:
  --out DIR           where to write matrix.html and matrix.md (default: reports/matrix)

Options for sweep:
  --endpoint URL | ${remote.join(' | ')} [--region R] [--profile NAME] [--allow-billable]
  --older-than AGE    only runs started longer ago than AGE (30m, 1h, 2d; default 1h)
  --prefix P          resource prefix (default kc)
  --dry-run           list what would be deleted, delete nothing

Exit status: 0 every result as expected for the target, 1 some result differs, 2 usage or
configuration error, 130 interrupted. compare exits 1 when B has new failures, matrix 0.
`;
}

export const USAGE = usage();

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
  restrictedProfile?: string | undefined;
  dryRun?: boolean | undefined;
  /** `I/N`: this process runs part I of N of the test files. */
  shard?: string | undefined;
  requestTimeoutMs: number;
  /** --record DIR: write every exchange of the run into DIR/recording.json. */
  record?: string | undefined;
  /** --reference DIR: compare the run's answers with DIR/recording.json. */
  reference?: string | undefined;
}

export interface MergeArgs {
  command: 'merge';
  runDirs: string[];
  out: string;
  baseline: string | undefined;
}

export interface MatrixArgs {
  command: 'matrix';
  runDirs: string[];
  out: string | undefined;
}

export interface CompareArgs {
  command: 'compare';
  before: string;
  after: string;
}

export interface EvidenceArgs {
  command: 'evidence';
  runDir: string;
}

export type Args = RunArgs | MatrixArgs | CompareArgs | EvidenceArgs | SweepArgs | MergeArgs | { command: 'help' };

/** How to reach a target: shared by every command that talks to one. */
export const TARGET_OPTIONS = {
  target: { type: 'string' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
  'allow-billable': { type: 'boolean' },
} as const;

/** node:util's parse errors become run's one-line usage errors. */
/** Runs a parseArgs call; its error becomes one ConfigError line pointing at the command's help. */
export function usageErrors<T>(parse: () => T, help = '--help'): T {
  try {
    return parse();
  } catch (error) {
    throw new ConfigError(`${(error as Error).message.split('\n')[0]} (try ${help})`);
  }
}

function parseMatrixArgs(rest: readonly string[]): MatrixArgs | { command: 'help' } {
  const { values, positionals } = usageErrors(() =>
    parseArgs({ args: [...rest], strict: true, allowPositionals: true, options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }),
  );
  if (values.help) return { command: 'help' };
  if (positionals.length === 0) throw new ConfigError('matrix needs at least one run report directory: matrix RUN_DIR... [--out DIR]');
  return { command: 'matrix', runDirs: positionals, out: values.out };
}

function parseCompareArgs(rest: readonly string[]): CompareArgs | { command: 'help' } {
  const { values, positionals } = usageErrors(() =>
    parseArgs({ args: [...rest], strict: true, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } }),
  );
  if (values.help) return { command: 'help' };
  if (positionals.length !== 2) throw new ConfigError(`compare takes exactly two run report directories (A B), got ${positionals.length}`);
  return { command: 'compare', before: positionals[0]!, after: positionals[1]! };
}

function parseEvidenceArgs(rest: readonly string[]): EvidenceArgs | { command: 'help' } {
  const { values, positionals } = usageErrors(() =>
    parseArgs({ args: [...rest], strict: true, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } }),
  );
  if (values.help) return { command: 'help' };
  if (positionals.length !== 1) throw new ConfigError(`evidence takes exactly one run report directory, got ${positionals.length}`);
  return { command: 'evidence', runDir: positionals[0]! };
}

function parseMergeArgs(rest: readonly string[]): MergeArgs | { command: 'help' } {
  const { values, positionals } = usageErrors(() =>
    parseArgs({
      args: [...rest],
      strict: true,
      allowPositionals: true,
      options: { out: { type: 'string' }, baseline: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }),
  );
  if (values.help) return { command: 'help' };
  if (positionals.length === 0) throw new ConfigError('merge needs the report directories of the shards: merge RUN_DIR... --out DIR');
  if (!values.out) throw new ConfigError('merge needs --out DIR for the merged report');
  return { command: 'merge', runDirs: positionals, out: values.out, baseline: values.baseline };
}

function parseSweepArgs(rest: readonly string[], registry: TargetRegistry): SweepArgs | { command: 'help' } {
  const { values: v } = usageErrors(() =>
    parseArgs({
      args: [...rest],
      strict: true,
      allowPositionals: false,
      options: {
        ...TARGET_OPTIONS,
        'older-than': { type: 'string' },
        prefix: { type: 'string' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }),
  );
  if (v.help) return { command: 'help' };
  const remote = remoteTargets(registry).map((t) => t.name);
  if (v.target !== undefined && !remote.includes(v.target)) {
    throw new ConfigError(`sweep works on --endpoint URL or --target ${orList(remote)}, not '${v.target}'`);
  }
  const prefix = v.prefix ?? SWEEP_DEFAULTS.prefix;
  if (!/^[a-zA-Z0-9_.-]{1,32}$/.test(prefix)) throw new ConfigError(`--prefix must be 1-32 characters of [a-zA-Z0-9_.-], got '${prefix}'`);
  return {
    command: 'sweep',
    target: v.target as TargetName | undefined,
    endpoint: v.endpoint,
    region: v.region,
    profile: v.profile,
    allowBillable: v['allow-billable'] ?? false,
    olderThanMs: v['older-than'] === undefined ? SWEEP_DEFAULTS.olderThanMs : parseAge(v['older-than']),
    prefix,
    dryRun: v['dry-run'] ?? false,
  };
}

/** `I/N` with 1 <= I <= N. */
export function parseShard(raw: string): string {
  const m = /^(\d+)\/(\d+)$/.exec(raw);
  if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new ConfigError(`--shard takes I/N with 1 <= I <= N, got '${raw}'`);
  return `${Number(m[1])}/${Number(m[2])}`;
}

export function positiveInt(name: string, raw: string | undefined, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) > max) throw new ConfigError(`${name} takes a whole number from 0 to ${max}, got '${raw}'`);
  return Number(raw);
}

export function parseCliArgs(argv: readonly string[], registry: TargetRegistry = REGISTRY): Args {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') return { command: 'help' };
  if (command === 'matrix') return parseMatrixArgs(rest);
  if (command === 'compare') return parseCompareArgs(rest);
  if (command === 'evidence') return parseEvidenceArgs(rest);
  if (command === 'sweep') return parseSweepArgs(rest, registry);
  if (command === 'merge') return parseMergeArgs(rest);
  if (command !== 'run') throw new ConfigError(`unknown command '${command}' (try --help)`);
  const parsed = usageErrors(() =>
    parseArgs({
      args: [...rest],
      strict: true,
      allowPositionals: false,
      options: {
        ...TARGET_OPTIONS,
        suite: { type: 'string', multiple: true },
        grep: { type: 'string' },
        'report-dir': { type: 'string' },
        seed: { type: 'string' },
        baseline: { type: 'string' },
        'update-baseline': { type: 'boolean' },
        'allow-expensive': { type: 'boolean' },
        budget: { type: 'string' },
        'restricted-profile': { type: 'string' },
        'dry-run': { type: 'boolean' },
        shard: { type: 'string' },
        'request-timeout': { type: 'string' },
        record: { type: 'string' },
        reference: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }),
  );
  const v = parsed.values;
  if (v.help) return { command: 'help' };
  const target = parseTargetOption(v.target, v.endpoint, registry);
  if (v.budget !== undefined && v.budget !== 'quick' && v.budget !== 'deep') {
    throw new ConfigError(`--budget takes quick or deep, got '${v.budget}'`);
  }
  if ((v.record !== undefined || v.reference !== undefined) && v['dry-run']) throw new ConfigError('--record and --reference need a real run, not --dry-run');
  if (v.record !== undefined && v.record === v.reference) throw new ConfigError('--record and --reference name the same directory: a run cannot overwrite the recording it is compared with');
  return {
    command: 'run',
    // A registered name (checked above): a TargetName with the default registry.
    target: target?.name as TargetName | undefined,
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
    restrictedProfile: v['restricted-profile'],
    dryRun: v['dry-run'] ?? false,
    shard: v.shard === undefined ? undefined : parseShard(v.shard),
    requestTimeoutMs: positiveInt('--request-timeout', v['request-timeout'], 600_000) ?? 10_000,
    record: v.record,
    reference: v.reference,
  };
}
