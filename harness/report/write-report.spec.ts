import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeRunReport } from './write.ts';
import { sampleRun } from './test-fixtures.ts';

describe('writeRunReport', () => {
  it('writes results.json first, then junit.xml, summary.md and report.html, and leaves no temp file', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'kc-write-')), 'report');
    const run = sampleRun();
    const written = await writeRunReport(dir, run);
    expect(written).toEqual(['results.json', 'junit.xml', 'summary.md', 'report.html'].map((f) => join(dir, f)));
    expect(readdirSync(dir).sort()).toEqual(['junit.xml', 'report.html', 'results.json', 'summary.md']);
    expect(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(run)));
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /);
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toMatch(/^# Kinesis conformance: kinesis-mock/);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/);
  });
});
