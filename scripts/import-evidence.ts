/**
 * One-off converter: the ValidationException texts recorded from AWS in aws-observed.md §B.5 (kinesalite's
 * tests, written to run against production) → specs/evidence.json, the table the validation suite derives
 * its evidence from (harness/spec/evidence.ts). One entry per recorded item: operation, the path AWS
 * printed, where the member sits, the constraint, its value then, and the request it answered.
 *
 *   npx tsx scripts/import-evidence.ts <aws-observed.md> [--out specs/evidence.json]
 *
 * The other sections of specs/evidence.json (serialization texts, protocol recordings) are curated by hand
 * and kept as they are.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../harness/paths.ts';
import type { RecordedItem } from '../harness/spec/evidence.ts';

const ITEM = /^Value (null|'.*?') at '([^']+)' failed to satisfy constraint: (.*)$/s;

function constraintsOf(text: string): Array<{ rule: RecordedItem['rule']; value: number | string | string[] | null; text: string }> {
  const out: Array<{ rule: RecordedItem['rule']; value: number | string | string[] | null; text: string }> = [];
  for (const one of text.split(/, (?=Member must)/)) {
    let m: RegExpExecArray | null;
    if (one === 'Member must not be null') out.push({ rule: 'required', value: null, text: one });
    else if ((m = /^Member must have length greater than or equal to (\d+)$/.exec(one))) out.push({ rule: 'length.min', value: Number(m[1]), text: one });
    else if ((m = /^Member must have length less than or equal to (\d+)$/.exec(one))) out.push({ rule: 'length.max', value: Number(m[1]), text: one });
    else if ((m = /^Member must have value greater than or equal to (-?\d+)$/.exec(one))) out.push({ rule: 'range.min', value: Number(m[1]), text: one });
    else if ((m = /^Member must have value less than or equal to (-?\d+)$/.exec(one))) out.push({ rule: 'range.max', value: Number(m[1]), text: one });
    else if ((m = /^Member must satisfy regular expression pattern: (.+)$/.exec(one))) out.push({ rule: 'pattern', value: m[1]!, text: one });
    else if ((m = /^Member must satisfy enum value set: \[(.+)\]$/.exec(one))) out.push({ rule: 'enum', value: m[1]!.split(', '), text: one });
    else throw new Error(`unknown constraint text: ${one}`);
  }
  return out;
}

/** Splits `A; B; C` into items, not inside `[...]` lists of element constraints. */
function itemsOf(message: string): string[] {
  // aws-observed abbreviates repeated items as `; […same for …]`: not a recorded text.
  const body = message.replace(/; \[…[^\]]*\]/g, '').replace(/^REGEX:\^?/, '').replace(/\$$/, '').replace(/^\d+ validation errors? detected: /, '');
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '[' && body[i - 1] !== '\\') depth++;
    else if (c === ']' && body[i - 1] !== '\\') depth--;
    else if (depth === 0 && body.startsWith('; Value ', i)) {
      items.push(body.slice(start, i));
      start = i + 2;
    }
  }
  items.push(body.slice(start));
  return items.filter((i) => i.startsWith('Value '));
}

function main(): void {
  const [path, ...rest] = process.argv.slice(2);
  if (!path || !existsSync(path)) throw new Error('usage: import-evidence.ts <aws-observed.md> [--out FILE]');
  const outAt = rest.indexOf('--out');
  const out = outAt >= 0 && rest[outAt + 1] ? rest[outAt + 1]! : join(PACKAGE_ROOT, 'specs', 'evidence.json');
  const lines = readFileSync(path, 'utf8').split('\n');
  const start = lines.findIndex((l) => l.startsWith('### B.5'));
  const end = lines.findIndex((l, i) => i > start && l.startsWith('## C.'));
  const recorded: RecordedItem[] = [];
  for (let i = start; i < end; i++) {
    const head = /^- \[(\w+)\] Validation \(400\): input (.*)$/.exec(lines[i]!);
    if (!head) continue;
    const message = lines[i + 1]!.trim().replace(/^-> /, '');
    const source = `aws-observed.md §B.5 (kinesalite v3.3.3 test/${head[1]!.charAt(0).toLowerCase()}${head[1]!.slice(1)}.js, run against production): input ${head[2]!.length > 120 ? `${head[2]!.slice(0, 120)}…` : head[2]!}`;
    for (const item of itemsOf(message.replace(/\\\[/g, '[').replace(/\\\]/g, ']'))) {
      const m = ITEM.exec(item);
      if (!m) continue;
      let constraint = m[3]!;
      let reportedAs: RecordedItem['reportedAs'] = 'member';
      const element = /^(Map keys|Map value|Member) must satisfy constraint: \[(.*)\]$/.exec(constraint);
      if (element) {
        reportedAs = element[1] === 'Map keys' ? 'map-key' : element[1] === 'Map value' ? 'map-value' : 'list-member';
        constraint = element[2]!;
      }
      const awsPath = m[2]!.replace(/\.\d+\./, '.{index}.');
      for (const c of constraintsOf(constraint)) {
        const entry: RecordedItem = { operation: head[1]!, awsPath, reportedAs, rule: c.rule, value: c.value, text: c.text, source };
        if (!recorded.some((r) => r.operation === entry.operation && r.awsPath === entry.awsPath && r.reportedAs === entry.reportedAs && r.rule === entry.rule && JSON.stringify(r.value) === JSON.stringify(entry.value))) recorded.push(entry);
      }
    }
  }
  const previous = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(out, `${JSON.stringify({ ...previous, validation: recorded }, null, 2)}\n`);
  console.log(`${recorded.length} recorded validation items → ${out}`);
}

main();
