import { randomUUID } from 'node:crypto';
import type { CaseContext } from '../case.ts';
import type { StreamHandle } from '../fixtures/streams.ts';
import { streamNameFor } from '../run-context.ts';
import type { Response } from '../transport/client.ts';
import { arnParts, type CaseEnvironment, type SharedNeed } from './environment.ts';
import type { LoadedCase } from './model.ts';
import type { OperationName } from '../spec/operations.ts';
import { expand, tokensIn, type Placeholder, type Resolve } from './placeholders.ts';

/** An answer to judge, and how the case's placeholders resolve for it. */
export interface Answer {
  res: Response;
  resolve?: Resolve | undefined;
  /** Set when the request named the interpreter's shared stream. */
  stream?: StreamHandle | undefined;
}

export const noPlaceholders: Resolve = (p) => {
  throw new Error(`placeholder \${${p.token}} has no value in this case`);
};

/** Placeholders whose value comes from an ARN the target wrote (account, partition). */
const OWNER_TOKENS = /^(account|partition|absent\.arn|absentArn\(.*\))$/;

/** Pads (or cuts) a unique base name to exactly n characters of the StreamName alphabet. */
function nameOfLength(base: string, n: number): string {
  return base.length >= n ? base.slice(0, n) : base + 'a'.repeat(n - base.length);
}

/**
 * Sends a request case: brings its fixtures to the state it needs, resolves its placeholders
 * (fresh absent names and a UUID per case) and counts the call against the stream it names.
 */
export async function sendCase(c: LoadedCase, ctx: CaseContext, env: CaseEnvironment): Promise<Answer> {
  const need = c.fixture.stream;
  const stream: StreamHandle | undefined = need === 'none' ? undefined : await env.ensure(ctx, need as SharedNeed);
  const key = c.fixture.kmsKey ? await env.kmsKey(ctx, c.fixture.kmsKey) : undefined;
  const tokens = tokensIn([c.request, c.expect]);
  const owner = stream ? arnParts(stream.arn) : tokens.some((t) => OWNER_TOKENS.test(t)) ? await env.owner(ctx) : undefined;
  const absent = streamNameFor(ctx.run, 'absent');
  const uuid = randomUUID();
  const region = ctx.run.target.region;
  const arnPrefix = () => `arn:${owner?.partition}:kinesis:${region}:${owner?.account}:stream/`;
  const resolve: Resolve = (p: Placeholder) => {
    switch (p.name) {
      case 'stream.name':
        return stream?.name ?? '';
      case 'stream.arn':
        return stream?.arn ?? '';
      case 'absent.name':
        return absent;
      case 'absent.arn':
        return arnPrefix() + absent;
      case 'account':
        return owner?.account ?? '';
      case 'partition':
        return owner?.partition ?? '';
      case 'region':
        return region;
      case 'uuid':
        return uuid;
      case 'kms.key.id':
        return key?.id ?? '';
      case 'kms.key.arn':
        return key?.arn ?? '';
      case 'repeat':
        return (p.args[0] ?? '').repeat(Number(p.args[1]));
      case 'absentName':
        return nameOfLength(absent, Number(p.args[0]));
      case 'absentArn':
        return arnPrefix() + nameOfLength(absent, Number(p.args[0]) - arnPrefix().length);
      default:
        throw new Error(`placeholder \${${p.token}} has no value`);
    }
  };
  const body = expand(c.request?.body ?? {}, resolve);
  // The loader checked the name against the spec's operations.
  const operation = (c.operation ?? '') as OperationName;
  const res = await env.call(ctx, stream ? 'shared' : 'absent', operation, body);
  ctx.timeline.mark(`${operation} ${res.status}`);
  return { res, resolve, stream };
}
