/** Bad input to the tool itself (flags, endpoint, credentials, case files): one line, exit 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
