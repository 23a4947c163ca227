import { ConfigError } from '../errors.ts';
import { remoteTarget } from './descriptor.ts';
import { connectRemote, resolveAwsCredentials } from './remote.ts';
import { AWS_BOUNDS, type RunningTarget } from './target.ts';

const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** True for hosts that are AWS's own (billable): any *.amazonaws.com or *.amazonaws.com.cn. */
export function isAwsHost(hostname: string): boolean {
  return /(^|\.)amazonaws\.com(\.cn)?$/i.test(hostname.replace(/\.$/, ''));
}

export function awsEndpointFor(region: string): URL {
  if (!REGION_NAME.test(region)) throw new ConfigError(`not an AWS region name: '${region}'`);
  return new URL(`https://kinesis.${region}.${region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}/`);
}

/** The region an AWS host name carries (kinesis.eu-west-1.amazonaws.com, kinesis-fips.us-east-1...). */
function regionOfHost(endpoint: URL): string | undefined {
  return endpoint.hostname.split('.').find((label) => REGION_NAME.test(label));
}

export const AWS_TARGET = remoteTarget({
  name: 'aws',
  description: 'real AWS: needs --region (or AWS_REGION) and --allow-billable',
  bounds: AWS_BOUNDS,
  selfCheckable: false,
  isAws: true,
  claims: (endpoint) => isAwsHost(endpoint.hostname),
  locate({ endpoint, region, profile }) {
    const signing = region ?? (endpoint && regionOfHost(endpoint));
    if (!signing) throw new ConfigError(`${endpoint ? endpoint.host : '--target aws'} needs a region: --region R or AWS_REGION`);
    return { endpoint: endpoint ?? awsEndpointFor(signing), region: signing, profile };
  },
  // The standard credential chain, never dummy credentials: AWS would refuse them after a slow round trip.
  start: async (where): Promise<RunningTarget> => connectRemote(AWS_TARGET, where, await resolveAwsCredentials(where.profile)),
});
