import { describe, expect, it } from 'vitest';
import { CallLedger } from './ledger.ts';

describe('CallLedger', () => {
  it('counts calls sent and answered 200 per stream and operation', () => {
    const ledger = new CallLedger();
    ledger.count('shared', 'StartStreamEncryption', 200);
    ledger.count('shared', 'StartStreamEncryption', 400);
    ledger.count('shared', 'StopStreamEncryption', 200);
    ledger.count('absent', 'StartStreamEncryption', 400);
    expect(ledger.ok('shared', 'StartStreamEncryption')).toBe(1);
    expect(ledger.ok('absent', 'StartStreamEncryption')).toBe(0);
    expect(ledger.streams()).toEqual(['shared', 'absent']);
    expect(ledger.lines()[0]).toBe('shared: StartStreamEncryption 2 sent, 1 answered 200; StopStreamEncryption 1 sent, 1 answered 200');
  });
});
