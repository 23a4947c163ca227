import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.ts';
import { BASELINES_DIR } from '../paths.ts';
import { defaultBaselinePath, REGISTRY } from './index.ts';
import { allTargets, defaultTarget, embeddedTargets, orList } from './registry.ts';
import { checkOptIn, planTarget, type TargetRequest } from './resolve.ts';

const request = (over: Partial<TargetRequest>): TargetRequest => ({
  target: undefined,
  endpoint: undefined,
  region: undefined,
  profile: undefined,
  allowBillable: false,
  env: {},
  ...over,
});

describe('the target registry', () => {
  it('has unique names and a committed baseline for every embedded target', () => {
    const names = allTargets(REGISTRY).map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    expect(defaultTarget(REGISTRY).name).toBe('kinesis-mock');
    for (const t of embeddedTargets(REGISTRY)) {
      expect(defaultBaselinePath(t.name)).toBe(join(BASELINES_DIR, `${t.name}.json`));
      expect(existsSync(t.baseline), `${t.baseline} is committed`).toBe(true);
    }
    expect(defaultBaselinePath('aws')).toBeNull();
    expect(defaultBaselinePath('endpoint')).toBeNull();
    expect(defaultBaselinePath('dynamo')).toBeNull();
  });

  it('joins names as a sentence does', () => {
    expect([[], ['a'], ['a', 'b'], ['a', 'b', 'c']].map(orList)).toEqual(['', 'a', 'a or b', 'a, b or c']);
  });
});

describe('planTarget', () => {
  it('starts the default target when nothing names one', () => {
    expect(planTarget(request({})).kind).toBe('kinesis-mock');
    expect(planTarget(request({ target: 'kinesalite' })).target.kind).toBe('embedded');
  });

  it('reads an endpoint from the flag, then AWS_ENDPOINT_URL_KINESIS, then AWS_ENDPOINT_URL', () => {
    expect(planTarget(request({ env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:2/', AWS_ENDPOINT_URL_KINESIS: 'http://127.0.0.1:3/' } }))).toMatchObject({
      kind: 'endpoint',
      endpoint: new URL('http://127.0.0.1:3/'),
      region: 'us-east-1',
    });
    expect(planTarget(request({ endpoint: 'http://127.0.0.1:4/', env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:2/', AWS_REGION: 'eu-west-1' } }))).toMatchObject({
      kind: 'endpoint',
      endpoint: new URL('http://127.0.0.1:4/'),
      region: 'eu-west-1',
    });
  });

  it('takes an amazonaws.com endpoint as AWS, with the region of its host, and refuses it without the opt-in', () => {
    const plan = planTarget(request({ endpoint: 'https://kinesis.us-east-2.amazonaws.com' }));
    expect(plan).toMatchObject({ kind: 'aws', region: 'us-east-2' });
    expect(() => checkOptIn(plan, false)).toThrow('kinesis.us-east-2.amazonaws.com is a real AWS endpoint: the run creates billable streams; pass --allow-billable to proceed');
    expect(() => checkOptIn(plan, true)).not.toThrow();
    expect(() => checkOptIn(planTarget(request({ endpoint: 'http://127.0.0.1:1/' })), false)).not.toThrow();
  });

  it('needs a region for --target aws, and builds its endpoint from it', () => {
    expect(() => planTarget(request({ target: 'aws' }))).toThrow(new ConfigError('--target aws needs a region: --region R or AWS_REGION'));
    expect(planTarget(request({ target: 'aws', env: { AWS_DEFAULT_REGION: 'cn-north-1' } }))).toMatchObject({
      kind: 'aws',
      endpoint: new URL('https://kinesis.cn-north-1.amazonaws.com.cn/'),
    });
    expect(() => planTarget(request({ target: 'aws', region: 'moon' }))).toThrow("not an AWS region name: 'moon'");
  });
});
