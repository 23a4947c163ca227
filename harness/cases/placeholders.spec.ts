import { describe, expect, it } from 'vitest';
import { expand, expandPattern, parsePlaceholder, tokensIn } from './placeholders.ts';

describe('placeholders', () => {
  it('parses names and generators, and explains unknown ones', () => {
    expect(parsePlaceholder('stream.arn')).toEqual({ token: 'stream.arn', name: 'stream.arn', args: [] });
    expect(parsePlaceholder('repeat(a,129)')).toEqual({ token: 'repeat(a,129)', name: 'repeat', args: ['a', '129'] });
    expect(parsePlaceholder('absentArn(2049)')).toMatchObject({ name: 'absentArn', args: ['2049'] });
    expect(parsePlaceholder('repeat(a)')).toMatch(/bad arguments/);
    expect(parsePlaceholder('streamName')).toMatch(/unknown placeholder/);
    expect(parsePlaceholder('nope(1)')).toMatch(/unknown placeholder generator/);
  });

  it('finds tokens in nested values and expands them, leaving other types alone', () => {
    const body = { A: 'x-${region}-${account}', B: [true, '${uuid}'], C: 5 };
    expect(tokensIn(body)).toEqual(['region', 'account', 'uuid']);
    expect(expand(body, (p) => p.name.toUpperCase())).toEqual({ A: 'x-REGION-ACCOUNT', B: [true, 'UUID'], C: 5 });
  });

  it('escapes values expanded into a pattern', () => {
    expect(expandPattern('^${absent.name}$', () => 'a.b')).toBe('^a\\.b$');
  });
});
