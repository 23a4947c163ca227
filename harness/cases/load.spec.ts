import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.ts';
import { CASES_DIR, caseById, loadCases } from './load.ts';

const valid = {
  id: 'demo/start/key-id/empty',
  kind: 'request',
  operation: 'StartStreamEncryption',
  member: 'KeyId',
  rule: 'length.min',
  ref: { doc: 'API Reference', at: 'KeyId, l.53' },
  expectation: 'ValidationException',
  flags: [],
  fixture: { stream: 'none' },
  request: { body: { StreamName: '${absent.name}', EncryptionType: 'KMS', KeyId: '' } },
  expect: { status: 400, type: 'ValidationException', message: { exact: 'x' } },
};

function dirWith(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'kc-cases-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

function errorOf(dir: string): string {
  try {
    loadCases(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

const file = (...cases: unknown[]) => ({ suite: 'demo', cases });

describe('loadCases', () => {
  it('loads every shipped case file, with unique ids', () => {
    const cases = loadCases(CASES_DIR);
    expect(cases.length).toBeGreaterThan(50);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    expect(caseById(cases, 'encryption/start/key-id/empty').member).toBe('KeyId');
  });

  it('loads a valid file and keeps where each case came from', () => {
    const [c] = loadCases(dirWith({ 'a.json': file(valid) }));
    expect(c?.id).toBe(valid.id);
    expect(c?.file).toMatch(/a\.json$/);
  });

  it.each([
    ['not JSON', '{', /a\.json: not valid JSON/],
    ['a missing field', file({ ...valid, rule: undefined }), /a\.json: case 'demo\/start\/key-id\/empty': must have required property 'rule'/],
    ['an unknown flag', file({ ...valid, flags: ['cheap'] }), /a\.json: case 'demo\/start\/key-id\/empty' at \/flags\/0: must be equal to one of the allowed values/],
    ['an unknown placeholder', file({ ...valid, request: { body: { StreamName: '${nope}' } } }), /unknown placeholder \$\{nope\}/],
    ['a stream placeholder without a stream fixture', file({ ...valid, request: { body: { StreamName: '${stream.name}' } } }), /needs a stream fixture/],
    ['a broken pattern', file({ ...valid, expect: { status: 400, type: 'ValidationException', message: { pattern: '([' } } }), /expect\.message: Invalid regular expression/],
    ['an id outside the suite', file({ ...valid, id: 'other/x' }), /id must start with the file's suite 'demo\/'/],
    ['an undocumented case claiming a rule', file({ ...valid, flags: ['undocumented'], expect: { observe: 'x' } }), /at \/rule: must match pattern "\^observation\\."/],
    ['a KMS key without aws-only', file({ ...valid, fixture: { stream: 'active', kmsKey: 'disabled' } }), /fixture\.kmsKey needs real KMS/],
  ])('refuses a file with %s in one line naming the file', (_, content, message) => {
    const text = errorOf(dirWith({ 'a.json': content }));
    expect(text).toMatch(message);
    expect(text).not.toContain('\n');
  });

  it('refuses an id used twice, naming both files', () => {
    expect(errorOf(dirWith({ 'a.json': file(valid), 'sub/b.json': file(valid) }))).toMatch(/sub\/b\.json: case 'demo\/start\/key-id\/empty': id already used in .*a\.json/);
  });

  it('refuses a missing directory', () => {
    expect(errorOf(join(tmpdir(), 'kc-no-such-dir-xyz'))).toMatch(/does not exist/);
  });
});
