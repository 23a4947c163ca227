import { describe, expect, it } from 'vitest';
import { emptyFootprint } from '../fixtures/footprint.ts';
import { footprintLines, kmsKeyKinds } from './dry-run.ts';

const kmsCase = (id: string, kmsKey: 'enabled' | 'disabled' | undefined, flags: Array<'aws-only' | 'expensive'> = ['aws-only']) => ({ id, flags, fixture: { stream: 'active' as const, ...(kmsKey ? { kmsKey } : {}) } });

describe('run --dry-run', () => {
  it('counts KMS keys from the case files of whatever suites are selected, one per kind', () => {
    const cases = [kmsCase('encryption/start/a', 'enabled'), kmsCase('encryption/start/b', 'enabled'), kmsCase('settings/x', 'disabled'), kmsCase('settings/y', undefined), kmsCase('streams/z', 'disabled', ['aws-only', 'expensive'])];
    expect(kmsKeyKinds(cases, ['encryption'], false)).toEqual(['enabled']);
    expect(kmsKeyKinds(cases, ['settings', 'encryption'], false)).toEqual(['disabled', 'enabled']);
    expect(kmsKeyKinds(cases, ['smoke'], false)).toEqual([]);
    // Expensive cases count only when they would run.
    expect(kmsKeyKinds(cases, ['streams'], false)).toEqual([]);
    expect(kmsKeyKinds(cases, ['streams'], true)).toEqual(['disabled']);
  });

  it('lists what AWS bills or rate-limits beyond shard-hours', () => {
    const fp = { ...emptyFootprint(), streamsCreated: 3, consumersRegistered: 2, onDemandStreams: 1, retentionIncreasesAbove24h: 1, updateShardCountPerStream: { a: 2, b: 5 }, warmThroughputCalls: 1, callsPerOperation: { CreateStream: 3 } };
    expect(footprintLines(fp, ['enabled'])).toEqual([
      'streams created: 3 (named kc-<runId>-..., tagged, deleted at the end)',
      'KMS keys: up to 1 (enabled; real AWS only, scheduled for deletion at the end)',
      'Start/StopStreamEncryption calls per stream: at most 0',
      'enhanced fan-out consumers registered: 2',
      'ON_DEMAND streams (created so, or switched with UpdateStreamMode): 1',
      'retention increases above 24 hours: 1',
      'UpdateShardCount calls per stream: at most 5 (AWS allows 10 per stream in 24 hours)',
      'UpdateStreamWarmThroughput calls: 1; UpdateAccountSettings calls: 0',
      'calls per operation:',
      `  ${'CreateStream'.padEnd(32)} 3`,
    ]);
  });
});
