import { describe, expect, it } from 'vitest';
import { slowerCreating } from './catalogue-fan-out.ts';
import type { FaultMemory, ProxyAnswer, ProxyRequest } from './proxy.ts';

const STREAM = 'arn:aws:kinesis:us-east-1:000000000000:stream/s';
const request = (operation: string, body: Record<string, unknown>): ProxyRequest => ({
  method: 'POST',
  path: '/',
  headers: { 'x-amz-target': `Kinesis_20131202.${operation}` },
  body: Buffer.from(JSON.stringify(body)),
  operation,
  protocol: 'json',
});
const answer = (body: Record<string, unknown>): ProxyAnswer => ({ status: 200, headers: [['content-type', 'application/x-amz-json-1.1']], body: Buffer.from(JSON.stringify(body)) });
const json = (a: ProxyAnswer) => JSON.parse(a.body.toString('utf8')) as Record<string, unknown>;
const arnOf = (i: number) => `${STREAM}/consumer/c${i}:1`;

describe('benign.fan-out-slower-creating', () => {
  it('keeps a consumer CREATING longer, and refuses a 6th registration while five show CREATING, as AWS would', async () => {
    const hooks = slowerCreating(60_000);
    const memory: FaultMemory = { updated: new Map(), notes: new Map() };
    for (let i = 1; i <= 5; i++) {
      const req = request('RegisterStreamConsumer', { StreamARN: STREAM, ConsumerName: `c${i}` });
      expect(await hooks.request!(req, memory)).toBe(req);
      await hooks.response!(answer({ Consumer: { ConsumerARN: arnOf(i), ConsumerStatus: 'CREATING' } }), req, memory);
    }
    // The target says ACTIVE (its own phase ended): the answers still say CREATING.
    const list = request('ListStreamConsumers', { StreamARN: STREAM });
    const listed = json(await hooks.response!(answer({ Consumers: [1, 2, 3, 4, 5].map((i) => ({ ConsumerARN: arnOf(i), ConsumerStatus: 'ACTIVE' })) }), list, memory));
    expect((listed['Consumers'] as Array<{ ConsumerStatus: string }>).map((c) => c.ConsumerStatus)).toEqual(Array(5).fill('CREATING'));
    // The 6th: answered by the proxy, never forwarded (the target would accept it).
    const sixth = (await hooks.request!(request('RegisterStreamConsumer', { StreamARN: STREAM, ConsumerName: 'c6' }), memory)) as ProxyAnswer;
    expect(sixth.status).toBe(400);
    expect(json(sixth)['__type']).toBe('LimitExceededException');
    // Another stream is not counted; a deregistered consumer no longer counts.
    const other = request('RegisterStreamConsumer', { StreamARN: `${STREAM}-2`, ConsumerName: 'c1' });
    expect(await hooks.request!(other, memory)).toBe(other);
    await hooks.request!(request('DeregisterStreamConsumer', { ConsumerARN: arnOf(1) }), memory);
    const again = request('RegisterStreamConsumer', { StreamARN: STREAM, ConsumerName: 'c6' });
    expect(await hooks.request!(again, memory)).toBe(again);
  });

  it('lets registrations through once the longer phase is over', async () => {
    const hooks = slowerCreating(0);
    const memory: FaultMemory = { updated: new Map(), notes: new Map() };
    for (let i = 1; i <= 5; i++) {
      const req = request('RegisterStreamConsumer', { StreamARN: STREAM, ConsumerName: `c${i}` });
      await hooks.response!(answer({ Consumer: { ConsumerARN: arnOf(i), ConsumerStatus: 'CREATING' } }), req, memory);
    }
    const sixth = request('RegisterStreamConsumer', { StreamARN: STREAM, ConsumerName: 'c6' });
    expect(await hooks.request!(sixth, memory)).toBe(sixth);
  });
});
