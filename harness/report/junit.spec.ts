import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { toJunitXml } from './junit.ts';
import { HOSTILE, makeRun, result, sampleRun } from './test-fixtures.ts';

interface Node {
  [key: string]: unknown;
}

function parse(xml: string): Node {
  const valid = XMLValidator.validate(xml);
  expect(valid, JSON.stringify(valid)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseAttributeValue: false,
    parseTagValue: false,
    cdataPropName: '#cdata',
    isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
  });
  return parser.parse(xml) as Node;
}

const suitesOf = (doc: Node) => (doc['testsuites'] as Node)['testsuite'] as Node[];
const casesOf = (doc: Node) => suitesOf(doc).flatMap((s) => s['testcase'] as Node[]);
const caseNamed = (doc: Node, id: string) => casesOf(doc).find((c) => c['@name'] === id)!;
const props = (c: Node) => Object.fromEntries(((c['properties'] as Node)['property'] as Node[]).map((p) => [p['@name'], p['@value']]));

describe('junit.xml', () => {
  const doc = parse(toJunitXml(sampleRun()));

  it('counts every result once: FAIL as failure, ERROR and TIMEOUT as error, SKIP as skipped', () => {
    const root = doc['testsuites'] as Node;
    expect([root['@tests'], root['@failures'], root['@errors'], root['@skipped']]).toEqual(['8', '2', '2', '1']);
    expect(casesOf(doc)).toHaveLength(8);
  });

  it('has one testsuite per conformance suite with its own counts', () => {
    const suites = Object.fromEntries(suitesOf(doc).map((s) => [s['@name'], [s['@tests'], s['@failures'], s['@errors'], s['@skipped']]]));
    expect(suites).toEqual({ errors: ['4', '2', '1', '0'], smoke: ['4', '0', '1', '1'] });
  });

  it('marks each status with the right element and type', () => {
    expect((caseNamed(doc, 'errors/d-fail')['failure'] as Node)['@type']).toBe('FAIL');
    expect((caseNamed(doc, 'errors/f-error')['error'] as Node)['@type']).toBe('ERROR');
    expect((caseNamed(doc, 'smoke/g-timeout')['error'] as Node)['@type']).toBe('TIMEOUT');
    expect(caseNamed(doc, 'smoke/h-skip')).toHaveProperty('skipped');
    const pass = caseNamed(doc, 'smoke/a-pass');
    expect(pass).not.toHaveProperty('failure');
    expect(pass).not.toHaveProperty('error');
    expect(pass).not.toHaveProperty('skipped');
  });

  it('carries operation, member, rule and ref as properties, and the details in the failure body', () => {
    const fail = caseNamed(doc, 'errors/d-fail');
    expect(props(fail)).toMatchObject({ operation: 'DescribeStreamSummary', member: 'StreamName', rule: 'rule.for.d-fail', ref: 'Kinesis API Reference, errors/d-fail' });
    expect(fail['@classname']).toBe('errors.DescribeStreamSummary');
    const failure = fail['failure'] as Node;
    expect(failure['@message']).toBe('fail message of errors/d-fail');
    expect(failure['#cdata']).toContain('expected: expectation of errors/d-fail');
    expect(failure['#cdata']).toContain("replay: curl -sS -i -X POST 'http://127.0.0.1:1/'");
    expect((caseNamed(doc, 'smoke/g-timeout')['error'] as Node)['#cdata']).toContain('timeline: +1500 ms CREATING {"EncryptionType":"NONE"}');
  });

  it('keeps hostile text as text: it parses back (less what XML 1.0 cannot hold) and adds no element', () => {
    const hostile = caseNamed(doc, 'errors/e-hostile');
    // eslint-disable-next-line no-control-regex
    const representable = HOSTILE.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
    expect((hostile['failure'] as Node)['@message']).toBe(representable);
    expect(props(hostile)['ref']).toBe(representable);
    expect(Object.keys(hostile).filter((k) => !k.startsWith('@'))).toEqual(['properties', 'failure']);
    expect(JSON.stringify(doc)).not.toContain('"img"');
  });

  it('survives text that closes CDATA sections more than once', () => {
    const xml = toJunitXml(makeRun([result('s/x', 'ERROR', { message: 'a ]]> b ]]> c ]]>', expectation: ']]>]]>' })]));
    const error = caseNamed(parse(xml), 's/x')['error'] as Node;
    expect(error['@message']).toBe('a ]]> b ]]> c ]]>');
    expect(error['#cdata']).toContain('actual: a ]]&gt; b ]]&gt; c ]]&gt;');
  });

  it('is a valid empty report for a run with no result', () => {
    const root = parse(toJunitXml(makeRun([])))['testsuites'] as Node;
    expect(root['@tests']).toBe('0');
  });
});
