import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (where suites/, specs/ and reports/baselines/ ship), wherever it is installed. */
export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SUITES_DIR = join(PACKAGE_ROOT, 'suites');
export const BASELINES_DIR = join(PACKAGE_ROOT, 'reports', 'baselines');
/** What the tool keeps between runs on this machine (compiled validators, the self-check's unit times). */
export const CACHE_DIR = join(PACKAGE_ROOT, 'node_modules', '.cache', 'kinesis-conformance');
