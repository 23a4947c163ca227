/** What behaviour cases take from the rules catalogue (specs/rules.json): facts and the sources of rules. */
import { factById, ruleById } from '../spec/rules.ts';
import type { TokenValue } from './tokens.ts';

/** `${fact.<id>}`: a documented value the model lacks (a limit, a default). */
export function factValue(id: string): TokenValue {
  const fact = factById(id);
  if (!fact) throw new Error(`unknown fact '${id}'`);
  return fact.value as TokenValue;
}

/** The `ref` of a result whose case cites rules: each rule's first documentation line, with its place. */
export function ruleRefText(ids: readonly string[]): string {
  return ids
    .map((id) => {
      const source = ruleById(id)?.source[0];
      return source ? `${id}: ${source.doc}${source.quote ? `: “${source.quote}”` : ''}` : id;
    })
    .join('; ');
}
