/**
 * The target registry: one descriptor per target (its own module), listed here. The CLI's --target
 * choices, usage text and errors, default baselines, planning and start-up, and the embedded targets
 * of `npm test` and `npm run matrix` are all derived from this list. A new target is one module, one
 * line below and, for an embedded one, its baseline reports/baselines/<name>.json.
 */
import { AWS_TARGET } from './aws.ts';
import { ENDPOINT_TARGET } from './endpoint.ts';
import { KINESALITE_TARGET } from './kinesalite.ts';
import { KINESIS_MOCK_TARGET } from './kinesis-mock.ts';
import { baselineOf, type TargetRegistry } from './registry.ts';

/** What --target can name, in usage order; the first is the default. */
const NAMED = [KINESIS_MOCK_TARGET, KINESALITE_TARGET, AWS_TARGET] as const;

export const REGISTRY = { named: NAMED, endpoint: ENDPOINT_TARGET } satisfies TargetRegistry;

type Registered = (typeof NAMED)[number] | typeof ENDPOINT_TARGET;
/** A name a run records as its target (runInfo.target). */
export type TargetName = Registered['name'];
export type EmbeddedTargetName = Extract<Registered, { kind: 'embedded' }>['name'];
export type RemoteTargetName = Extract<Registered, { kind: 'remote' }>['name'];

/** The baseline a target is judged by when none is named: the committed one of an embedded target. */
export function defaultBaselinePath(target: string): string | null {
  return baselineOf(target, REGISTRY);
}
