import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_TAG_KEY } from '../run-context.ts';
import { KinesisClient } from '../transport/client.ts';
import { LOCAL_CREDENTIALS } from '../transport/credentials.ts';
import { KMS_TARGET_PREFIX, type KmsClient } from './client.ts';
import { denyingKeyPolicy, KmsKeys, PENDING_WINDOW_DAYS } from './keys.ts';

interface Seen {
  target: string;
  authorization: string;
  body: Record<string, unknown>;
}

// A stand-in for KMS that records what it is asked and answers like KMS's JSON 1.1 API.
let server: Server;
let client: KmsClient;
const seen: Seen[] = [];
let refuse: string | null = null;
let next = 0;

async function read(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void read(req).then((text) => {
      const target = String(req.headers['x-amz-target']);
      seen.push({ target, authorization: String(req.headers['authorization']), body: JSON.parse(text) as Record<string, unknown> });
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      if (refuse && target.endsWith(refuse)) {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: 'AccessDeniedException', message: 'no' }));
        return;
      }
      const id = `00000000-0000-4000-8000-00000000000${next}`;
      if (target.endsWith('.CreateKey')) next++;
      res.end(target.endsWith('.CreateKey') ? JSON.stringify({ KeyMetadata: { KeyId: id, Arn: `arn:aws:kms:us-east-1:123456789012:key/${id}` } }) : '{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  client = new KinesisClient<string>({
    endpoint: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`),
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
    service: 'kms',
    targetPrefix: KMS_TARGET_PREFIX,
  });
});

afterAll(async () => {
  await client.close();
  await new Promise<void>((r) => server.close(() => r()));
});

describe('KmsKeys', () => {
  it('creates each kind of key once, through signed TrentService calls, and schedules every deletion at cleanup', async () => {
    seen.length = 0;
    const keys = new KmsKeys(client, 'run1', { partition: 'aws', account: '123456789012' });
    const disabled = await keys.key('disabled');
    expect(await keys.key('disabled')).toBe(disabled);
    const pending = await keys.key('pending-deletion');
    const denied = await keys.key('denied');
    expect(seen.map((s) => s.target)).toEqual([
      'TrentService.CreateKey',
      'TrentService.DisableKey',
      'TrentService.CreateKey',
      'TrentService.ScheduleKeyDeletion',
      'TrentService.CreateKey',
    ]);
    expect(seen[0]?.authorization).toMatch(/\/us-east-1\/kms\/aws4_request/);
    expect(seen[0]?.body['Tags']).toEqual([{ TagKey: RUN_TAG_KEY, TagValue: 'run1' }]);
    expect(seen[1]?.body).toEqual({ KeyId: disabled.id });
    expect(seen[3]?.body).toEqual({ KeyId: pending.id, PendingWindowInDays: PENDING_WINDOW_DAYS });
    expect(JSON.parse(String(seen[4]?.body['Policy']))).toEqual(JSON.parse(denyingKeyPolicy('aws', '123456789012')));

    seen.length = 0;
    expect(await keys.cleanup()).toEqual([]);
    // The pending key is already scheduled; the other two are scheduled now.
    expect(seen.map((s) => [s.target, s.body['KeyId']])).toEqual([
      ['TrentService.ScheduleKeyDeletion', disabled.id],
      ['TrentService.ScheduleKeyDeletion', denied.id],
    ]);
  });

  it('reports a failed fixture call as a FixtureError and returns keys it could not schedule', async () => {
    const keys = new KmsKeys(client, 'run2', { partition: 'aws', account: '123456789012' });
    refuse = 'DisableKey';
    await expect(keys.key('disabled')).rejects.toMatchObject({ name: 'FixtureError', message: expect.stringMatching(/DisableKey failed: HTTP 400/) });
    refuse = null;
    const enabled = await keys.key('enabled');
    refuse = 'ScheduleKeyDeletion';
    expect(await keys.cleanup()).toEqual([enabled.id]);
    refuse = null;
  });
});

describe('denyingKeyPolicy', () => {
  it('keeps the account as administrator and denies data use to everyone', () => {
    const policy = JSON.parse(denyingKeyPolicy('aws-cn', '123456789012')) as { Statement: Array<{ Effect: string; Principal: unknown; Action: string | string[] }> };
    expect(policy.Statement[0]).toMatchObject({ Effect: 'Allow', Principal: { AWS: 'arn:aws-cn:iam::123456789012:root' }, Action: 'kms:*' });
    expect(policy.Statement[1]).toMatchObject({ Effect: 'Deny', Principal: '*' });
    expect(policy.Statement[1]?.Action).toContain('kms:GenerateDataKey*');
  });
});
