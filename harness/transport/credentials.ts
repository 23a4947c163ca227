/** AWS credentials as the signer needs them. Never serialised into reports. */
export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string | undefined;
}

/**
 * Dummy credentials for local targets. The 12-digit access key id matters: kinesis-mock takes a
 * 12-digit key id as the account id, so the account in ARNs is predictable.
 */
export const LOCAL_CREDENTIALS: Credentials = Object.freeze({
  accessKeyId: '000000000000',
  secretAccessKey: 'kinesis-conformance-local-secret',
});

/** The secret values a redactor must scrub from anything written or printed. */
export function secretsOf(credentials: Credentials): string[] {
  return [credentials.secretAccessKey, credentials.sessionToken].filter(
    (s): s is string => typeof s === 'string' && s.length > 0,
  );
}
