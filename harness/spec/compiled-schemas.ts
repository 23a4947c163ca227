import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import type standaloneModule from 'ajv/dist/standalone/index.js';
import { CACHE_DIR } from '../paths.ts';
import { writeAtomicSync } from '../report/atomic.ts';

/**
 * Where compiled validators are kept between processes. Every test worker needs the case-file
 * schema (~0.6 CPU-second to compile) and the answers' shapes (~0.4), and the self-check starts about
 * a hundred workers; loading compiled code takes milliseconds.
 */
export const VALIDATOR_CACHE_DIR = join(CACHE_DIR, 'validators');

const require = createRequire(import.meta.url);
const AJV_VERSION = (require('ajv/package.json') as { version: string }).version;
const inProcess = new Map<string, Record<string, ValidateFunction>>();

/** An ajv instance made with `code: { source: true }` and the schemas `refs` names (export name → schema key). */
export interface StandaloneBuild {
  ajv: Ajv | { getSchema(key: string): ValidateFunction | undefined };
  refs: Record<string, string>;
}

/**
 * Validators compiled once per machine: their code is stored under a name that hashes `identity`
 * (everything the code depends on: schemas, options, keyword definitions) and ajv's version, so a
 * changed input never runs stale code. Where the cache cannot be written, each process compiles.
 */
export function cachedValidators(identity: string, build: () => StandaloneBuild, cacheDir = VALIDATOR_CACHE_DIR): Record<string, ValidateFunction> {
  const key = createHash('sha256').update(`${AJV_VERSION}\n${identity}`).digest('hex').slice(0, 24);
  const file = join(cacheDir, `${key}.cjs`);
  let validators = inProcess.get(file);
  if (validators) return validators;
  try {
    validators = require(file) as Record<string, ValidateFunction>;
  } catch {
    const { ajv, refs } = build();
    // Loaded by require: it is CommonJS whose module.exports is the function itself.
    const standaloneCode = (require('ajv/dist/standalone/index.js') as typeof standaloneModule).default;
    store(file, standaloneCode(ajv as Ajv, refs));
    validators = Object.fromEntries(Object.entries(refs).map(([name, ref]) => [name, ajv.getSchema(ref)!]));
  }
  inProcess.set(file, validators);
  return validators;
}

/** Written whole or not at all (workers starting side by side may race to write the same file). */
function store(file: string, code: string): void {
  try {
    writeAtomicSync(file, code);
  } catch {
    // A read-only install: every process compiles for itself.
  }
}

const DOCUMENT_OPTIONS = { allErrors: true, allowUnionTypes: true } as const;

/** The validator of one of our own document schemas (case files, rules, recordings): draft-07, every error reported. */
export function documentValidator(schemaPath: string, cacheDir = VALIDATOR_CACHE_DIR): ValidateFunction {
  const text = readFileSync(schemaPath, 'utf8');
  const build = (): StandaloneBuild => {
    const ajv = new Ajv({ ...DOCUMENT_OPTIONS, code: { source: true } });
    ajv.addSchema(JSON.parse(text) as object, 'document');
    return { ajv, refs: { validate: 'document' } };
  };
  return cachedValidators(`document\n${JSON.stringify(DOCUMENT_OPTIONS)}\n${text}`, build, cacheDir)['validate']!;
}
