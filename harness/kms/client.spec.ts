import { describe, expect, it } from 'vitest';
import { kmsEndpointFor } from './client.ts';

describe('kmsEndpointFor', () => {
  it('puts KMS beside a regional Kinesis endpoint', () => {
    expect(kmsEndpointFor('https://kinesis.eu-west-1.amazonaws.com/', 'eu-west-1').href).toBe('https://kms.eu-west-1.amazonaws.com/');
    expect(kmsEndpointFor('https://kinesis-fips.us-east-1.amazonaws.com/', 'us-east-1').href).toBe('https://kms-fips.us-east-1.amazonaws.com/');
    expect(kmsEndpointFor('https://kinesis.cn-north-1.amazonaws.com.cn/', 'cn-north-1').href).toBe('https://kms.cn-north-1.amazonaws.com.cn/');
  });

  it('falls back to the public regional endpoint for other hosts', () => {
    expect(kmsEndpointFor('https://vpce-123.kinesis.us-east-1.vpce.amazonaws.com/', 'us-east-1').href).toBe('https://kms.us-east-1.amazonaws.com/');
    expect(kmsEndpointFor('http://127.0.0.1:4567/', 'cn-northwest-1').href).toBe('https://kms.cn-northwest-1.amazonaws.com.cn/');
  });
});
