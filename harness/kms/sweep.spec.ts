import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RUN_TAG_KEY } from '../run-context.ts';
import { KinesisClient } from '../transport/client.ts';
import { LOCAL_CREDENTIALS } from '../transport/credentials.ts';
import { KMS_TARGET_PREFIX, type KmsClient } from './client.ts';
import { runStartOfId, sweepKmsKeys } from './sweep.ts';

interface FakeKey {
  id: string;
  tags: Array<{ TagKey: string; TagValue: string }>;
  state: string;
}

const NOW = Date.UTC(2026, 10, 22, 12);
const oldRun = `${(NOW - 3 * 3_600_000).toString(36)}abcd`;
const freshRun = `${(NOW - 60_000).toString(36)}abcd`;

let server: Server | undefined;
afterEach(() => server?.close());

/** A fake KMS answering the four calls the sweep makes, with two pages of keys. */
async function fakeKms(keys: FakeKey[]): Promise<{ client: KmsClient; scheduled: string[] }> {
  const scheduled: string[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const op = String(req.headers['x-amz-target']).replace(`${KMS_TARGET_PREFIX}.`, '');
      const input = JSON.parse(body) as Record<string, string>;
      const key = keys.find((k) => k.id === input['KeyId']);
      const answer = (status: number, json: unknown) => res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(json));
      if (op === 'ListKeys') {
        const start = input['Marker'] ? Number(input['Marker']) : 0;
        const page = keys.slice(start, start + 2);
        return answer(200, { Keys: page.map((k) => ({ KeyId: k.id })), Truncated: start + 2 < keys.length, ...(start + 2 < keys.length ? { NextMarker: String(start + 2) } : {}) });
      }
      if (!key) return answer(400, { __type: 'NotFoundException' });
      if (op === 'ListResourceTags') return key.id === 'aws-managed' ? answer(400, { __type: 'AccessDeniedException' }) : answer(200, { Tags: key.tags });
      if (op === 'DescribeKey') return answer(200, { KeyMetadata: { KeyId: key.id, KeyState: key.state } });
      if (op === 'ScheduleKeyDeletion') {
        scheduled.push(key.id);
        key.state = 'PendingDeletion';
        return answer(200, { KeyId: key.id });
      }
      return answer(400, { __type: 'UnsupportedOperationException' });
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const port = (server!.address() as AddressInfo).port;
  const client = new KinesisClient<string>({ endpoint: new URL(`http://127.0.0.1:${port}/`), region: 'us-east-1', credentials: LOCAL_CREDENTIALS, service: 'kms', targetPrefix: KMS_TARGET_PREFIX });
  return { client, scheduled };
}

describe('sweepKmsKeys', () => {
  const keys = (): FakeKey[] => [
    { id: 'old-enabled', tags: [{ TagKey: RUN_TAG_KEY, TagValue: oldRun }], state: 'Enabled' },
    { id: 'old-pending', tags: [{ TagKey: RUN_TAG_KEY, TagValue: oldRun }], state: 'PendingDeletion' },
    { id: 'fresh', tags: [{ TagKey: RUN_TAG_KEY, TagValue: freshRun }], state: 'Enabled' },
    { id: 'someone-else', tags: [{ TagKey: 'team', TagValue: 'payments' }], state: 'Enabled' },
    { id: 'aws-managed', tags: [], state: 'Enabled' },
  ];

  it('schedules only keys tagged by runs older than the bound, across pages', async () => {
    const { client, scheduled } = await fakeKms(keys());
    const result = await sweepKmsKeys(client, 3_600_000, false, NOW);
    await client.close();
    expect(result).toEqual({ scheduled: ['old-enabled'], pending: ['old-pending'], left: [] });
    expect(scheduled).toEqual(['old-enabled']);
  });

  it('schedules nothing in a dry run', async () => {
    const { client, scheduled } = await fakeKms(keys());
    const result = await sweepKmsKeys(client, 3_600_000, true, NOW);
    await client.close();
    expect(result.scheduled).toEqual(['old-enabled']);
    expect(scheduled).toEqual([]);
  });

  it('reads a run start back from a run id', () => {
    expect(runStartOfId(oldRun)).toBe(NOW - 3 * 3_600_000);
    expect(runStartOfId('production')).toBeNull();
  });
});
