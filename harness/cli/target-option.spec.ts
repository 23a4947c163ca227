import { describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS } from '../transport/credentials.ts';
import { embeddedTarget, remoteTarget } from '../targets/descriptor.ts';
import { REGISTRY } from '../targets/index.ts';
import type { TargetRegistry } from '../targets/registry.ts';
import { planTarget, startTarget } from '../targets/resolve.ts';
import { EMULATOR_BOUNDS, type RunningTarget } from '../targets/target.ts';
import { parseCliArgs, usage, USAGE } from './args.ts';
import { parseSelfCheckArgs, selfCheckUsage } from './self-check.ts';

function running(name: string): RunningTarget {
  return {
    info: { name, endpoint: 'http://127.0.0.1:1/', region: 'us-east-1', implementation: null, embedded: true, isAws: false, bounds: EMULATOR_BOUNDS },
    credentials: LOCAL_CREDENTIALS,
    stop: async () => {},
    deathReason: () => null,
  };
}

// What adding a target takes: a descriptor in the registry, and nothing else in the CLI.
const FAKE_STACK = embeddedTarget({
  name: 'fake-stack',
  description: 'embedded: a stand-in that only this test starts',
  bounds: EMULATOR_BOUNDS,
  selfCheckable: true,
  start: async () => running('fake-stack'),
});
const FAKE_CLOUD = remoteTarget({
  name: 'fake-cloud',
  description: 'a remote stand-in for *.fake.example',
  bounds: EMULATOR_BOUNDS,
  selfCheckable: false,
  isAws: false,
  claims: (endpoint) => endpoint.hostname.endsWith('.fake.example'),
  locate: ({ endpoint, region, profile }) => ({ endpoint: endpoint ?? new URL('https://kinesis.fake.example/'), region: region ?? 'fake-1', profile }),
  start: async () => running('fake-cloud'),
});
const WITH_FAKES: TargetRegistry = { named: [...REGISTRY.named, FAKE_STACK, FAKE_CLOUD], endpoint: REGISTRY.endpoint };

describe('the target registry drives the CLI', () => {
  it('lists every named target in the usage text, one line each, from its descriptor', () => {
    const text = usage(WITH_FAKES);
    expect(text).toContain('  --target NAME       where to run (default: kinesis-mock):\n');
    for (const t of WITH_FAKES.named) expect(text).toContain(`\n                        ${t.name.padEnd('kinesis-mock'.length)}  ${t.description}\n`);
    expect(text).toContain('--endpoint URL | --target aws | --target fake-cloud [--region R]');
    expect(USAGE).not.toContain('fake-stack');
    // Self-check offers only the targets whose answers it may break.
    expect(selfCheckUsage(WITH_FAKES)).toContain('fake-stack');
    expect(selfCheckUsage(WITH_FAKES)).not.toContain('fake-cloud');
  });

  it('accepts a registered name, plans and starts it through its descriptor', async () => {
    const args = parseCliArgs(['run', '--target', 'fake-stack'], WITH_FAKES);
    expect(args).toMatchObject({ command: 'run', target: 'fake-stack' });
    const plan = planTarget({ target: 'fake-stack', endpoint: undefined, region: undefined, profile: undefined, allowBillable: false, env: {} }, WITH_FAKES);
    expect(plan.target).toBe(FAKE_STACK);
    expect((await startTarget(plan, {})).info.name).toBe('fake-stack');
    expect(FAKE_STACK.baseline).toMatch(/reports\/baselines\/fake-stack\.json$/);
    expect(() => parseCliArgs(['run', '--target', 'fake-stack', '--endpoint', 'http://127.0.0.1:1/'], WITH_FAKES)).toThrow(
      '--target fake-stack starts its own emulator; it cannot be combined with --endpoint',
    );
    expect(parseCliArgs(['sweep', '--target', 'fake-cloud'], WITH_FAKES)).toMatchObject({ command: 'sweep', target: 'fake-cloud' });
  });

  it('gives an --endpoint to the first named remote target that claims it', () => {
    const plan = planTarget({ target: undefined, endpoint: 'https://kinesis.fake.example/', region: undefined, profile: undefined, allowBillable: false, env: {} }, WITH_FAKES);
    expect(plan).toMatchObject({ kind: 'fake-cloud', region: 'fake-1' });
    expect(() => parseSelfCheckArgs(['--target', 'fake-cloud'], WITH_FAKES)).toThrow(
      'self-check breaks answers on purpose and cannot re-sign requests for fake-cloud: use kinesis-mock, kinesalite, fake-stack or a non-fake-cloud --endpoint',
    );
  });

  it('names what is registered when a name is not', () => {
    expect(() => parseCliArgs(['run', '--target', 'dynamo'], WITH_FAKES)).toThrow(
      "unknown target 'dynamo': use kinesis-mock, kinesalite, aws, fake-stack or fake-cloud, or --endpoint URL",
    );
    expect(() => parseCliArgs(['run', '--target', 'dynamo'])).toThrow(/^unknown target 'dynamo': use kinesis-mock, kinesalite.* or aws.*, or --endpoint URL$/);
    // The plain endpoint is what --endpoint URL reaches, not a name.
    expect(() => parseCliArgs(['run', '--target', 'endpoint'])).toThrow(/unknown target 'endpoint'/);
    expect(() => parseCliArgs(['sweep', '--target', 'kinesalite'])).toThrow("sweep works on --endpoint URL or --target aws, not 'kinesalite'");
  });
});
