import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_DIR } from '../paths.ts';
import { writeAtomicSync } from '../report/atomic.ts';

/**
 * How long each file took under each fault in this machine's last self-check against a target, kept
 * to pack the next one's runs (as Jest keeps test durations to start the slowest first). Only the
 * packing reads it: which files share a run, never a verdict. Missing or unreadable: clean-run times.
 */
export const UNIT_TIMES_DIR = join(CACHE_DIR, 'self-check-times');

function fileFor(target: string, dir: string): string {
  return join(dir, `${target.replace(/[^A-Za-z0-9._-]+/g, '_')}.json`);
}

export function readUnitTimes(target: string, dir = UNIT_TIMES_DIR): Map<string, number> {
  try {
    const data = JSON.parse(readFileSync(fileFor(target, dir), 'utf8')) as unknown;
    if (!data || typeof data !== 'object' || Array.isArray(data)) return new Map();
    return new Map(Object.entries(data).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1]) && e[1] >= 0));
  } catch {
    return new Map();
  }
}

/** Adds this self-check's times to what was kept (written whole or not at all; a read-only install keeps nothing). */
export function writeUnitTimes(target: string, times: ReadonlyMap<string, number>, dir = UNIT_TIMES_DIR): void {
  if (times.size === 0) return;
  const merged = new Map([...readUnitTimes(target, dir), ...times]);
  try {
    writeAtomicSync(fileFor(target, dir), `${JSON.stringify(Object.fromEntries([...merged].sort(([a], [b]) => a.localeCompare(b))), null, 1)}\n`);
  } catch {
    // Nothing kept: the next self-check packs by clean-run times.
  }
}
