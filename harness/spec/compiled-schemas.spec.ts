import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentValidator } from './compiled-schemas.ts';

const schema = (maximum: number) => JSON.stringify({ type: 'object', required: ['n'], properties: { n: { type: 'integer', maximum } } });

function setUp() {
  const dir = mkdtempSync(join(tmpdir(), 'kc-validators-'));
  const path = join(dir, 'a.schema.json');
  writeFileSync(path, schema(5));
  return { dir, path };
}

describe('documentValidator', () => {
  it('validates as ajv does and keeps the compiled code on disk', () => {
    const { dir, path } = setUp();
    const cache = join(dir, 'cache');
    const validate = documentValidator(path, cache);
    expect([validate({ n: 3 }), validate({ n: 9 }), validate({})]).toEqual([true, false, false]);
    expect(validate({ n: 9 }) || validate.errors?.[0]).toMatchObject({ instancePath: '/n', keyword: 'maximum' });
    expect(readdirSync(cache)).toEqual([expect.stringMatching(/^[0-9a-f]{24}\.cjs$/)]);
    // The stored code alone, as the next process loads it, answers alike.
    const stored = documentValidator(path, cache);
    expect(stored).toBe(validate);
    const fresh = join(dir, 'fresh');
    mkdirSync(fresh);
    writeFileSync(join(fresh, readdirSync(cache)[0]!), readFileSync(join(cache, readdirSync(cache)[0]!), 'utf8'));
    const loaded = documentValidator(path, fresh);
    expect(loaded).not.toBe(validate);
    expect([loaded({ n: 3 }), loaded({ n: 9 }), loaded({})]).toEqual([true, false, false]);
  });

  it('runs the stored code of this very schema, and never the code of an earlier version', () => {
    const { dir, path } = setUp();
    const cache = join(dir, 'cache');
    documentValidator(path, cache);
    const [name] = readdirSync(cache);
    // What is stored under the schema's name is what runs.
    const planted = join(dir, 'planted');
    mkdirSync(planted);
    writeFileSync(join(planted, name!), 'exports.validate = () => "stored";');
    expect((documentValidator(path, planted) as unknown as () => string)()).toBe('stored');
    // An edited schema has a name of its own: compiled anew, the old code left alone.
    writeFileSync(path, schema(50));
    const edited = documentValidator(path, planted);
    expect(edited({ n: 9 })).toBe(true);
    expect(readdirSync(planted)).toHaveLength(2);
  });
});
