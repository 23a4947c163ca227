import type { ShapeChecks } from '../case.ts';
import type { Status } from '../results/model.ts';

const VIOLATIONS_KEPT = 5;

/**
 * The derived `shape/<Op>/output` results over a chosen set of cases, as the conformance reporter
 * derives them over a whole run (its status and message): the self-check compares runs of different
 * file sets, so both sides are derived from the same cases.
 */
export function shapeResults(checks: readonly ShapeChecks[]): Array<{ id: string; status: Status; message: string | null }> {
  const merged = new Map<string, { checked: number; failed: number; violations: string[] }>();
  for (const perCase of checks) {
    for (const [op, c] of Object.entries(perCase)) {
      const total = merged.get(op) ?? { checked: 0, failed: 0, violations: [] };
      merged.set(op, total);
      total.checked += c.checked;
      total.failed += c.failed;
      for (const v of c.violations) if (total.violations.length < VIOLATIONS_KEPT && !total.violations.includes(v)) total.violations.push(v);
    }
  }
  return [...merged]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([op, c]) => ({
      id: `shape/${op}/output`,
      status: c.failed === 0 ? 'PASS' : 'FAIL',
      message: c.failed === 0 ? null : `${c.failed} of ${c.checked} successful answers depart from the output shape: ${c.violations.join('; ')}`,
    }));
}
