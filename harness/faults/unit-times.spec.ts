import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readUnitTimes, writeUnitTimes } from './unit-times.ts';

describe('unit times', () => {
  it('keeps the times per target, merged with what was kept, and reads nothing from a missing or broken file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kc-times-'));
    const target = 'kinesis-mock kinesis-local 0.6.2';
    expect(readUnitTimes(target, dir)).toEqual(new Map());
    writeUnitTimes(target, new Map([['f1 suites/a.test.ts', 1200], ['f2 suites/a.test.ts', 300]]), dir);
    writeUnitTimes(target, new Map([['f2 suites/a.test.ts', 900]]), dir);
    expect(readUnitTimes(target, dir)).toEqual(new Map([['f1 suites/a.test.ts', 1200], ['f2 suites/a.test.ts', 900]]));
    expect(readUnitTimes('kinesalite 3.3.3', dir)).toEqual(new Map());
    expect(readdirSync(dir)).toEqual(['kinesis-mock_kinesis-local_0.6.2.json']);
    writeFileSync(join(dir, 'kinesis-mock_kinesis-local_0.6.2.json'), '{"a": -1, "b": "x", "c": 5');
    expect(readUnitTimes(target, dir)).toEqual(new Map());
    writeFileSync(join(dir, 'kinesis-mock_kinesis-local_0.6.2.json'), '{"a": -1, "b": "x", "c": 5}');
    expect(readUnitTimes(target, dir)).toEqual(new Map([['c', 5]]));
  });
});
