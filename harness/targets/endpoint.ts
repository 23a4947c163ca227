import { LOCAL_CREDENTIALS } from '../transport/credentials.ts';
import { remoteTarget } from './descriptor.ts';
import { connectRemote, environmentCredentials } from './remote.ts';
import { EMULATOR_BOUNDS, type RunningTarget } from './target.ts';

/** Any Kinesis-compatible endpoint given by --endpoint URL that no named target claims. */
export const ENDPOINT_TARGET = remoteTarget({
  name: 'endpoint',
  description: 'any Kinesis-compatible endpoint (--endpoint URL)',
  bounds: EMULATOR_BOUNDS,
  selfCheckable: true,
  isAws: false,
  claims: () => true,
  locate({ endpoint, region, profile }) {
    // The registry plans this target only for an --endpoint URL, so there always is one.
    if (!endpoint) throw new Error('the endpoint target needs an --endpoint URL');
    return { endpoint, region: region ?? 'us-east-1', profile };
  },
  // An emulator takes any credentials: the user's if set, else the dummy ones.
  start: (where, env): Promise<RunningTarget> => connectRemote(ENDPOINT_TARGET, where, environmentCredentials(env) ?? LOCAL_CREDENTIALS),
});
