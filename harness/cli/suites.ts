import { existsSync, readdirSync } from 'node:fs';
import { SUITES_DIR } from '../paths.ts';

/** The suites --suite can name: the directories under suites/. */
export function availableSuites(): string[] {
  if (!existsSync(SUITES_DIR)) return [];
  return readdirSync(SUITES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}
