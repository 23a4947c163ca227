// Named matchers of the fan-out behaviour cases (see named-matchers.ts for the contract).
import { show, valueAt } from './matchers.ts';
import type { NamedMatcherDef } from './named-matchers.ts';

function arnsAt(answer: unknown, what: string): string[] {
  const listed = valueAt(answer, '/Consumers');
  if (listed === undefined || listed === null) return [];
  if (!Array.isArray(listed)) throw new Error(`${what} /Consumers is not an array: ${show(listed)}`);
  return listed.map((c) => String((c as Record<string, unknown> | null)?.['ConsumerARN']));
}

export const FAN_OUT_MATCHERS: Record<string, NamedMatcherDef> = {
  'consumer-pages': {
    describe:
      "this ListStreamConsumers page and the page of step `previous` together list exactly the consumer ARNs `arns`, each once (NextToken paging neither repeats nor skips a consumer)",
    required: ['previous', 'arns'],
    stepArgs: ['previous'],
    check(args, ctx) {
      const want = args['arns'];
      if (!Array.isArray(want) || want.some((a) => typeof a !== 'string')) throw new Error(`argument 'arns' must be an array of ARNs, got ${show(want)}`);
      const listed = [...arnsAt(ctx.answerOf(String(args['previous'])), `step '${String(args['previous'])}'`), ...arnsAt(ctx.json, 'this page')];
      const out: string[] = [];
      const seen = new Set<string>();
      for (const arn of listed) {
        if (seen.has(arn)) out.push(`${arn} is listed on both pages`);
        seen.add(arn);
      }
      for (const arn of want as string[]) if (!seen.has(arn)) out.push(`${arn} is on neither page`);
      for (const arn of seen) if (!(want as string[]).includes(arn)) out.push(`${arn} is listed but was not registered by the case`);
      return out;
    },
  },
  'records-as-written': {
    describe:
      "the records of this subscription's answer (/Records) are, in order, exactly the records it wrote once subscribed (/Written): same SequenceNumber, Data and PartitionKey",
    required: [],
    check(_args, ctx) {
      const got = valueAt(ctx.json, '/Records');
      const want = valueAt(ctx.json, '/Written');
      if (!Array.isArray(want)) throw new Error(`the answer has no /Written records: ${show(want)}`);
      if (!Array.isArray(got)) return [`/Records is not a list: ${show(got)}`];
      const out: string[] = [];
      if (got.length !== want.length) out.push(`${want.length} records written, ${got.length} arrived: ${show(got.map((r) => (r as Record<string, unknown>)['SequenceNumber']))}`);
      for (let i = 0; i < Math.min(got.length, want.length); i++) {
        const g = got[i] as Record<string, unknown>;
        const w = want[i] as Record<string, unknown>;
        for (const key of ['SequenceNumber', 'Data', 'PartitionKey']) if (g[key] !== w[key]) out.push(`record ${i}: ${key} ${show(g[key], 80)}, written ${show(w[key], 80)}`);
      }
      return out;
    },
  },
};
