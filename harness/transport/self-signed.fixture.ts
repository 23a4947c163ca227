import { execFileSync } from 'node:child_process';

/**
 * A throwaway self-signed certificate and its key (openssl, P-256, one day), for the TLS trust
 * tests; undefined where openssl is missing (the tests that need it skip).
 */
export function selfSigned(cn: string): { key: string; cert: string } | undefined {
  try {
    const out = execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/CN=${cn}`, '-days', '1', '-keyout', '-', '-out', '-'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    }).toString('utf8');
    const key = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(out)?.[0];
    const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(out)?.[0];
    return key && cert ? { key, cert } : undefined;
  } catch {
    return undefined;
  }
}
