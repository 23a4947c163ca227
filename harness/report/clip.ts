/** How much of one long text (a message, a body, a curl line) a report shows; results.json keeps it whole. */
export const TEXT_LIMIT = 4_000;

/** Text cut to a limit, with a note that says how much is left out and where to find it. */
export function clipped(text: string, limit = TEXT_LIMIT, where = 'in results.json'): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, limit)}… (${text.length - limit} more characters ${where})`;
}
