import { describe, expect, it } from 'vitest';
import type { FaultSpec, Selection } from '../faults/catalogue.ts';
import { requestBodyOf } from '../faults/proxy.ts';
import { asProxyRequest, emptySelections, fullPlan, planFault, throughProxy, type CleanCase, type CleanIndex } from './reach.ts';
import type { SentLogData, SentOperation, SentRequest } from './sent-log.ts';

// A fabricated clean run: three files of one suite, and what each sent through the proxy.
const PROXY = 'http://127.0.0.1:4000';

function request(operation: string | null, body: object | string, extra: Partial<SentRequest> = {}): SentRequest {
  const headers: Record<string, string> = { host: '127.0.0.1:4000', 'content-type': 'application/x-amz-json-1.1', authorization: 'AWS4-HMAC-SHA256 Credential=x' };
  if (operation) headers['x-amz-target'] = `Kinesis_20131202.${operation}`;
  return { method: 'POST', path: '/', headers, body: typeof body === 'string' ? body : JSON.stringify(body), bodyEncoding: 'utf8', truncated: false, cases: ['s/a/x'], ...extra };
}

function op(operation: string | null, samples: SentRequest[], extra: Partial<SentOperation> = {}): SentOperation {
  return { origin: PROXY, operation, requests: samples.length, cases: [...new Set(samples.flatMap((s) => s.cases))], samples, dropped: 0, ...extra };
}

const cases: CleanCase[] = [
  { id: 's/lifecycle/create', rule: 'r', suite: 's', file: 'suites/s/lifecycle.test.ts' },
  { id: 's/lifecycle/delete', rule: 'r', suite: 's', file: 'suites/s/lifecycle.test.ts' },
  { id: 's/list/limit', rule: 'r', suite: 's', file: 'suites/s/list.test.ts' },
  { id: 's/quiet/nothing', rule: 'r', suite: 's', file: 'suites/s/quiet.test.ts' },
  { id: 'other/x', rule: 'r', suite: 'other', file: 'suites/other/x.test.ts' },
  { id: 'shape/ListStreams/output', rule: 'output.shape', suite: 'shape', file: undefined },
];

const sent = new Map<string, SentLogData>([
  [
    'suites/s/lifecycle.test.ts',
    {
      operations: [
        op('CreateStream', [request('CreateStream', { StreamName: 'kc-1-a', ShardCount: 1 }, { cases: ['s/lifecycle/create'] })]),
        op('DeleteStream', [request('DeleteStream', { StreamName: 'kc-1-a' }, { cases: [''] })]),
      ],
    },
  ],
  ['suites/s/list.test.ts', { operations: [op('ListStreams', [request('ListStreams', { Limit: 1 }, { cases: ['s/list/limit'] }), request('ListStreams', {}, { cases: [''] })])] }],
  // Sent nothing at all: no fault can change what it sees.
  ['suites/s/quiet.test.ts', { operations: [] }],
  ['suites/other/x.test.ts', { operations: [op('ListStreams', [request('ListStreams', {})])] }],
]);

const index: CleanIndex = { cases, sent };
const S: Selection = { suite: 's' };

function fault(appliesTo: FaultSpec['appliesTo'], suites: Selection[] = [S], extra: Partial<FaultSpec> = {}): FaultSpec {
  return { id: 'f', description: 'f', kind: 'fault', area: 'protocol', appliesTo, suites, transform: {}, ...extra };
}

describe('which files a fault reaches', () => {
  it('runs only the files of its selections that sent an operation it applies to', () => {
    const plan = planFault(fault(['DeleteStream']), index);
    expect(plan.files).toEqual(['suites/s/lifecycle.test.ts']);
    // Per case: the DeleteStream came from the file's clean-up, not from a case.
    expect(plan.reach).toEqual([{ file: 'suites/s/lifecycle.test.ts', certain: true, cases: [''] }]);
    // A reached file is judged whole (its cases share fixtures): both lifecycle cases.
    expect([...plan.judged].sort()).toEqual(['s/lifecycle/create', 's/lifecycle/delete']);
  });

  it("'*' reaches every file that sent anything, never one that sent nothing, nor one outside its selections", () => {
    expect(planFault(fault('*'), index).files).toEqual(['suites/s/lifecycle.test.ts', 'suites/s/list.test.ts']);
  });

  it('evaluates a predicate on the requests the clean run recorded, as the proxy would see them', () => {
    const limitOne = fault((req) => req.operation === 'ListStreams' && requestBodyOf(req)?.['Limit'] === 1);
    const plan = planFault(limitOne, index);
    expect(plan.files).toEqual(['suites/s/list.test.ts']);
    expect(plan.reach[0]).toEqual({ file: 'suites/s/list.test.ts', certain: true, cases: ['s/list/limit'] });
    expect(planFault(fault((req) => req.protocol === 'cbor'), index).files).toEqual([]);
    expect(planFault(fault((req) => req.headers['authorization'] === undefined), index).files).toEqual([]);
  });

  it('counts a file as reached when the predicate could match what was not kept: dropped or cut requests', () => {
    const dropped = new Map(sent);
    dropped.set('suites/s/quiet.test.ts', { operations: [op('PutRecord', [request('PutRecord', { Data: 'AA' })], { dropped: 3 })] });
    const neverOnSamples = fault((req) => requestBodyOf(req)?.['Data'] === 'unseen');
    expect(planFault(neverOnSamples, { cases, sent: dropped }).reach).toEqual([{ file: 'suites/s/quiet.test.ts', certain: false, cases: [] }]);
    // Declared operations narrow where the predicate is looked for: PutRecord is not among them.
    expect(planFault({ ...neverOnSamples, operations: ['ListStreams'] }, { cases, sent: dropped }).files).toEqual([]);
    const cut = new Map(sent);
    cut.set('suites/s/quiet.test.ts', { operations: [op('PutRecord', [request('PutRecord', '{"Data":"', { truncated: true })])] });
    expect(planFault(neverOnSamples, { cases, sent: cut }).files).toEqual(['suites/s/quiet.test.ts']);
  });

  it('counts a file with no record of what it sent as reached, and a predicate that throws as matching', () => {
    const missing = new Map(sent);
    missing.delete('suites/s/quiet.test.ts');
    expect(planFault(fault(['Nothing']), { cases, sent: missing }).files).toEqual(['suites/s/quiet.test.ts']);
    expect(
      planFault(
        fault(() => {
          throw new Error('cannot read');
        }),
        index,
      ).files,
    ).toEqual(['suites/s/lifecycle.test.ts', 'suites/s/list.test.ts']);
  });

  it('narrows by the grep of each selection, and keeps only the selections that keep a file', () => {
    const plan = planFault(fault('*', [{ suite: 's', grep: 's/list/' }, { suite: 's', grep: 's/quiet/' }]), index);
    expect(plan.files).toEqual(['suites/s/list.test.ts']);
    expect(plan.selectors).toEqual([{ suite: 's', grep: 's/list/' }]);
    expect([...plan.judged]).toEqual(['s/list/limit']);
  });

  it('is empty when no file of its selections sent what it applies to: not applicable, without a run', () => {
    const plan = planFault(fault(['SplitShard']), index);
    expect(plan).toMatchObject({ files: [], selectors: [], reach: [] });
    expect(plan.judged.size).toBe(0);
  });

  it('a full rerun runs every file of the selections, reached or not', () => {
    expect(fullPlan(fault(['SplitShard']), index).files).toEqual(['suites/s/lifecycle.test.ts', 'suites/s/list.test.ts', 'suites/s/quiet.test.ts']);
  });
});

describe('selections are checked against the clean run', () => {
  it('names every selection that holds no case (a renamed id), and accepts the others', () => {
    const faults = [fault('*', [S, { suite: 's', grep: 's/renamed/' }]), { ...fault('*', [{ suite: 'gone' }]), id: 'g' }];
    expect(emptySelections(faults, index)).toEqual([
      "f: { suite: 's', grep: 's/renamed/' } matches no case of the clean run",
      "g: { suite: 'gone' } matches no case of the clean run",
    ]);
    // Derived shape results are no case of a selection.
    expect(emptySelections([fault('*', [{ suite: 'shape' }])], index)).toHaveLength(1);
  });
});

describe('recorded requests', () => {
  it('keep only what passed the proxy', () => {
    const mixed: SentLogData = { operations: [op('ListStreams', []), { ...op('SubscribeToShard', []), origin: 'https://127.0.0.1:4567' }] };
    expect(throughProxy(mixed, `${PROXY}/`).operations.map((o) => o.operation)).toEqual(['ListStreams']);
  });

  it('become the request the proxy builds: operation, protocol and length from the headers and body', () => {
    const cbor = asProxyRequest({ ...request('PutRecord', Buffer.from([0xa0]).toString('base64')), bodyEncoding: 'base64', headers: { 'content-type': 'application/x-amz-cbor-1.1', 'x-amz-target': 'Kinesis_20131202.PutRecord' } });
    expect(cbor).toMatchObject({ operation: 'PutRecord', protocol: 'cbor', body: Buffer.from([0xa0]) });
    expect(cbor.headers['content-length']).toBe('1');
    expect(asProxyRequest(request(null, '')).operation).toBeNull();
  });
});
