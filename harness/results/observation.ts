import { normalizeMessage } from './normalize.ts';

/** Where a property test's trailer starts: shrunk body, seed, path vary with the seed, not the target. */
const PROPERTY_TRAILER = ' | shrunk request body';

const SHAPE_VIOLATIONS = /^(\d+ of \d+ successful answers depart from the output shape: )(.*)$/s;

/**
 * What a failing case observed, in a form that can be compared across runs: the "expected …, got …"
 * part of its message through the shared normalization (normalize.ts: run-specific names, accounts,
 * ids, sequence numbers, timestamps, random payloads, durations and counts of answers masked; JSON
 * bodies compared by content, not layout). The property-test trailer is left out.
 */
export function observationOf(message: string | null | undefined): string | null {
  if (!message) return null;
  const cut = message.indexOf(PROPERTY_TRAILER);
  const head = cut >= 0 ? message.slice(0, cut) : message;
  // A derived shape result lists its violations in the order the run's files happened to finish.
  const shape = SHAPE_VIOLATIONS.exec(head);
  return normalizeMessage(shape ? `${shape[1]}${shape[2]!.split('; ').sort().join('; ')}` : head);
}

/** True when two results of the same failing status observed different things. */
export function observedDifferently(a: string | null | undefined, b: string | null | undefined): boolean {
  return observationOf(a) !== observationOf(b);
}

/** A message from a generated case (property test): what it observed depends on the run's seed. */
export function isGenerated(message: string | null | undefined): boolean {
  return (message ?? '').includes(PROPERTY_TRAILER);
}

/**
 * Notes the harness records about its own retries (harness/cases/steps.ts): how many attempts a
 * transient state needed is timing, not what the target answered.
 */
const HARNESS_NOTES = [/^case run \d+ times: a transient state ended too soon to probe$/];

function withoutNotes(list: readonly string[] | null | undefined): string[] {
  return (list ?? []).filter((o) => !HARNESS_NOTES.some((n) => n.test(o)));
}

/** A case's recorded observations (results.json `observations`), each normalized, in order; harness notes left out. */
export function observationsOf(list: readonly string[] | null | undefined): string[] {
  return withoutNotes(list).map((o) => normalizeMessage(o));
}

/**
 * What changed in a case's observations from one run to another, after normalization: the lines
 * only A has and the lines only B has (as the runs wrote them), or null when they are the same.
 */
export function observationChange(a: readonly string[] | null | undefined, b: readonly string[] | null | undefined): { removed: string[]; added: string[] } | null {
  const rawA = withoutNotes(a);
  const rawB = withoutNotes(b);
  const na = observationsOf(rawA);
  const nb = observationsOf(rawB);
  if (na.length === nb.length && na.every((o, i) => o === nb[i])) return null;
  const onlyIn = (raw: readonly string[], mine: string[], theirs: string[]) => {
    const left = [...theirs];
    return raw.filter((_, i) => {
      const at = left.indexOf(mine[i]!);
      if (at < 0) return true;
      left.splice(at, 1);
      return false;
    });
  };
  const removed = onlyIn(rawA, na, nb);
  const added = onlyIn(rawB, nb, na);
  // Same lines in another order: say so rather than show nothing.
  return removed.length === 0 && added.length === 0 ? { removed: rawA, added: rawB } : { removed, added };
}
