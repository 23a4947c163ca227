import { describe, expect, it } from 'vitest';
import { messageMatcher } from './match.ts';
import type { Resolve } from './placeholders.ts';

const resolve: Resolve = (p) => (p.name === 'repeat' ? (p.args[0] ?? '').repeat(Number(p.args[1])) : p.name === 'absent.name' ? 'my.stream' : '123456789012');

describe('messageMatcher', () => {
  it('matches exact text after placeholders', () => {
    const m = messageMatcher({ exact: 'Stream ${absent.name} under account ${account} not found.' }, resolve);
    expect(m?.test('Stream my.stream under account 123456789012 not found.')).toBe(true);
    expect(m?.test('Stream my.stream under account 123456789012 not found')).toBe(false);
  });

  it('escapes placeholder values inside patterns', () => {
    const m = messageMatcher({ pattern: '^Stream ${absent.name} .+$' }, resolve);
    expect(m?.test('Stream my.stream x')).toBe(true);
    expect(m?.test('Stream myXstream x')).toBe(false);
  });

  it('matches ValidationException items in any order, with the right count', () => {
    const m = messageMatcher({ validation: ["Value '' at 'keyId' failed", { pattern: "Value '' at 'streamName' \\w+" }] }, resolve);
    expect(m?.test("2 validation errors detected: Value '' at 'keyId' failed; Value '' at 'streamName' broke")).toBe(true);
    expect(m?.test("2 validation errors detected: Value '' at 'streamName' broke; Value '' at 'keyId' failed")).toBe(true);
    expect(m?.test("1 validation error detected: Value '' at 'keyId' failed")).toBe(false);
    expect(m?.test("2 validation errors detected: Value '' at 'keyId' failed")).toBe(false);
  });

  it('uses the singular for one item and expands generators', () => {
    const m = messageMatcher({ validation: ["Value '${repeat(a,3)}' at 'keyId'"] }, resolve);
    expect(m?.test("1 validation error detected: Value 'aaa' at 'keyId'")).toBe(true);
  });

  it('has nothing to judge for an unrecorded message', () => {
    expect(messageMatcher({ unrecorded: 'why' }, resolve)).toBeNull();
  });
});
