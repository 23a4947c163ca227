/**
 * Text from a run made literal in Markdown, on one line (safe in a table cell): every character
 * with a meaning in CommonMark/GFM is backslash-escaped, so no markup, link or raw HTML can form.
 */
export function mdText(value: unknown, maxLength = 2000): string {
  // Control characters go (a terminal showing the file must not obey escape sequences); newlines become spaces.
  // eslint-disable-next-line no-control-regex
  let text = String(value ?? '').replace(/\s*[\r\n]+\s*/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
  if (text.length > maxLength) text = `${text.slice(0, maxLength)}…`;
  // Only inline meaning matters: the text never starts a line (callers put it after "| " or "- x: ").
  return text.replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`);
}

/** A GitHub-flavoured table; cells are already Markdown (escape them with mdText). */
export function mdTable(head: readonly string[], rows: readonly (readonly string[])[], align: readonly ('l' | 'r')[] = []): string {
  const sep = head.map((_, i) => (align[i] === 'r' ? '---:' : '---'));
  return [head, sep, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
