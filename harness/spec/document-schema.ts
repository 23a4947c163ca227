import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import type standaloneModule from 'ajv/dist/standalone/index.js';
import { PACKAGE_ROOT } from '../paths.ts';

/**
 * Where compiled validators are kept between processes. Compiling the case-file schema costs about
 * 0.6 CPU-second, and every test worker needs it (the self-check starts about a hundred workers);
 * loading the compiled code costs a few milliseconds.
 */
export const VALIDATOR_CACHE_DIR = join(PACKAGE_ROOT, 'node_modules', '.cache', 'kinesis-conformance', 'validators');

const OPTIONS = { allErrors: true, allowUnionTypes: true } as const;
const require = createRequire(import.meta.url);
const AJV_VERSION = (require('ajv/package.json') as { version: string }).version;
const inProcess = new Map<string, ValidateFunction>();

/**
 * The validator of one of our own document schemas (case files, rules, recordings), draft-07 with
 * every error reported. Its compiled code is cached on disk under a name that hashes the schema, the
 * options and ajv's version, so an edited schema is never checked with stale code; where the cache
 * cannot be written the schema is compiled in memory, as before.
 */
export function documentValidator(schemaPath: string, cacheDir = VALIDATOR_CACHE_DIR): ValidateFunction {
  const text = readFileSync(schemaPath, 'utf8');
  const key = createHash('sha256').update(`${AJV_VERSION}\n${JSON.stringify(OPTIONS)}\n${text}`).digest('hex').slice(0, 24);
  const file = join(cacheDir, `${key}.cjs`);
  let validate = inProcess.get(file);
  if (validate) return validate;
  try {
    validate = require(file) as ValidateFunction;
  } catch {
    const ajv = new Ajv({ ...OPTIONS, code: { source: true } });
    validate = ajv.compile(JSON.parse(text) as object);
    // Loaded by require: it is CommonJS whose module.exports is the function itself.
    const standaloneCode = (require('ajv/dist/standalone/index.js') as typeof standaloneModule).default;
    store(cacheDir, file, standaloneCode(ajv, validate));
  }
  inProcess.set(file, validate);
  return validate;
}

/** Written whole or not at all (workers starting side by side may race to write the same file). */
function store(dir: string, file: string, code: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
    writeFileSync(tmp, code);
    renameSync(tmp, file);
  } catch {
    // A read-only install: every process compiles for itself.
  }
}
