import type { LoadedCase } from '../cases/model.ts';
import { maxUpdateShardCountPerStream, type FullFootprint } from '../fixtures/footprint.ts';

/**
 * KMS keys the selected suites' case files ask for (`fixture.kmsKey`, one key per kind). Those cases
 * run on real AWS only, so a rehearsal on kinesis-mock cannot count them: the case files do.
 */
export function kmsKeyKinds(cases: readonly Pick<LoadedCase, 'id' | 'flags' | 'fixture'>[], suites: readonly string[], allowExpensive: boolean): string[] {
  const kinds = cases.flatMap((c) =>
    c.fixture.kmsKey && suites.includes(c.id.slice(0, c.id.indexOf('/'))) && (allowExpensive || !c.flags.includes('expensive')) ? [c.fixture.kmsKey] : [],
  );
  return [...new Set(kinds)].sort();
}

/** What `run --dry-run` prints of a rehearsal's footprint: what the run creates, and what AWS bills or limits. */
export function footprintLines(fp: FullFootprint, kmsKinds: readonly string[]): string[] {
  const maxEnc = Object.values(fp.encryptionCallsPerStream).reduce((m, c) => Math.max(m, c.start, c.stop), 0);
  return [
    `streams created: ${fp.streamsCreated} (named kc-<runId>-..., tagged, deleted at the end)`,
    `KMS keys: up to ${kmsKinds.length}${kmsKinds.length > 0 ? ` (${kmsKinds.join(', ')}; real AWS only, scheduled for deletion at the end)` : ''}`,
    `Start/StopStreamEncryption calls per stream: at most ${maxEnc}`,
    `enhanced fan-out consumers registered: ${fp.consumersRegistered}`,
    `ON_DEMAND streams (created so, or switched with UpdateStreamMode): ${fp.onDemandStreams}`,
    `retention increases above 24 hours: ${fp.retentionIncreasesAbove24h}`,
    `UpdateShardCount calls per stream: at most ${maxUpdateShardCountPerStream(fp)} (AWS allows 10 per stream in 24 hours)`,
    `UpdateStreamWarmThroughput calls: ${fp.warmThroughputCalls}; UpdateAccountSettings calls: ${fp.accountSettingsCalls}`,
    'calls per operation:',
    ...Object.entries(fp.callsPerOperation).map(([op, n]) => `  ${op.padEnd(32)} ${n}`),
  ];
}
