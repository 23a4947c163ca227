/**
 * One-off converter: the behaviour-rules inventory (a Markdown document prepared to plan the behaviour
 * suites) → specs/rules.json, the project's own catalogue of behaviour rules.
 *
 *   npx tsx scripts/import-rules.ts <behaviour-rules.md> [smithy-model.json] [--out specs/rules.json]
 *
 * Reads every row of §3 "Inventory" whose first cell is a rule id. The Smithy model (default: beside the
 * Markdown) is optional: with it, a member a source cell names without its shape ("…; HasMoreStreams: “…”")
 * is resolved to the shape whose documentation holds the quote, and every model quote is checked to be in
 * the documentation it names. The facts are curated below; their quotes are checked the same way.
 * rules.json is committed: nothing in the project reads the Markdown.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../harness/paths.ts';
import { RULES_PATH, type Fact, type Rule, type RulesDocument, type SourceRef, type Testability, type Where } from '../harness/spec/rules.ts';

const SHAPE_PREFIX = 'com.amazonaws.kinesis#';

/** The legend of "where testable" (the first class listed decides); `short` leads a reason taken from the note. */
const CLASSES: Record<string, { where: Where; legend: string; short: string }> = {
  E: { where: 'any-target', legend: 'any target incl. emulators, deterministic', short: '' },
  'E-slow': { where: 'slow', legend: 'deterministic but needs minutes of waiting', short: 'needs minutes of waiting' },
  AWS: { where: 'aws-only', legend: 'needs real AWS (KMS, IAM, throttling or a second account)', short: 'needs real AWS' },
  AWS$: { where: 'aws-with-cost', legend: 'needs real AWS at notable cost or a billing commitment', short: 'needs real AWS at notable cost' },
  U: { where: 'not-provokable', legend: 'cannot be provoked on purpose (TPS burst allowances, service-internal failures)', short: 'cannot be provoked on purpose' },
};

/** Documented facts the model's traits lack (or state only in prose), each with the rules that use it. */
const FACTS: Fact[] = [
  { id: 'tags-per-request-max', value: 50, unit: 'tags', rules: ['ATS-03', 'TR-03'], source: { doc: 'model AddTagsToStreamInput.Tags', quote: 'A set of up to 50 key-value pairs' } },
  { id: 'tags-per-stream-max', value: 50, unit: 'tags', rules: ['ATS-03'], source: { doc: 'model AddTagsToStream', quote: 'You can assign up to 50 tags to a data stream.' } },
  { id: 'tags-per-resource-max', value: 50, unit: 'tags', rules: ['TR-03'], source: { doc: 'model TagResource', quote: 'You can assign up to 50 tags to a Kinesis resource.' } },
  { id: 'retention-hours-min', value: 24, unit: 'hours', rules: ['IR-04', 'DR-03'], source: { doc: 'model DecreaseStreamRetentionPeriod', quote: "The minimum value of a stream's retention period is 24 hours." } },
  { id: 'retention-hours-max', value: 8760, unit: 'hours', rules: ['IR-02'], source: { doc: 'model IncreaseStreamRetentionPeriod', quote: "The maximum value of a stream's retention period is 8760 hours (365 days)." } },
  { id: 'retention-hours-default', value: 24, unit: 'hours', rules: ['CS-10'], source: { doc: 'model PutRecord', quote: 'By default, data records are accessible for 24 hours' } },
  { id: 'update-shard-count-per-24h-max', value: 10, unit: 'calls per rolling 24 hours per stream', rules: ['USC-05'], source: { doc: 'model UpdateShardCount', quote: 'Scale more than ten times per rolling 24-hour period per stream' } },
  { id: 'update-shard-count-up-factor-max', value: 2, unit: 'times the current shard count', rules: ['USC-04'], source: { doc: 'model UpdateShardCount', quote: 'Scale up to more than double your current shard count for a stream' } },
  { id: 'update-shard-count-down-factor-min', value: 0.5, unit: 'times the current shard count', rules: ['USC-04'], source: { doc: 'model UpdateShardCount', quote: 'Scale down below half your current shard count for a stream' } },
  { id: 'shards-per-stream-max', value: 10000, unit: 'shards', rules: ['USC-06'], source: { doc: 'model UpdateShardCount', quote: 'Scale up to more than 10000 shards in a stream' } },
  { id: 'list-streams-limit-default', value: 100, unit: 'streams', rules: ['LS-02'], source: { doc: 'model ListStreams', quote: 'Kinesis Data Streams uses the default limit, which is currently 100.' } },
  { id: 'list-streams-limit-max', value: 100, unit: 'streams', rules: ['LS-02'], source: { doc: 'model ListStreamsInput.Limit', quote: 'If you specify a value greater than 100, at most 100 results are returned.' } },
  { id: 'describe-stream-limit-default', value: 100, unit: 'shards', rules: ['DSt-03'], source: { doc: 'model DescribeStreamInput.Limit', quote: 'The default value is 100.' } },
  { id: 'describe-stream-limit-max', value: 100, unit: 'shards', rules: ['DSt-03'], source: { doc: 'model DescribeStreamInput.Limit', quote: 'If you specify a value greater than 100, at most 100 results are returned.' } },
  { id: 'list-shards-max-results-default', value: 1000, unit: 'shards', rules: ['LSh-02'], source: { doc: 'model ListShardsInput.MaxResults', quote: 'The default value is 1000.' } },
  { id: 'list-stream-consumers-max-results-default', value: 100, unit: 'consumers', rules: ['LSC-02'], source: { doc: 'model ListStreamConsumersInput.MaxResults', quote: 'The default value is 100.' } },
  { id: 'next-token-lifetime', value: 300, unit: 'seconds', rules: ['LSh-06', 'LSC-03'], source: { doc: 'model ListShardsInput.NextToken', quote: 'Tokens expire after 300 seconds.' } },
  { id: 'get-records-limit-default', value: 10000, unit: 'records', rules: ['GR-04'], source: { doc: 'model GetRecordsInput.Limit', quote: 'The default value is 10,000.' } },
  { id: 'get-records-records-max', value: 10000, unit: 'records per call', rules: ['GR-04', 'GR-13'], source: { doc: 'model GetRecords', quote: 'The maximum number of records that can be returned per call is 10,000.' } },
  { id: 'get-records-throttle-window', value: 5, unit: 'seconds', rules: ['GR-11'], source: { doc: 'model GetRecords', quote: 'If a call returns this amount of data, subsequent calls made within the next 5 seconds throw ProvisionedThroughputExceededException.' } },
  { id: 'put-records-records-max', value: 500, unit: 'records per call', rules: [], source: { doc: 'model PutRecords', quote: 'Each PutRecords request can support up to 500 records.' } },
  { id: 'put-records-request-size-max', value: 10, unit: 'MiB', rules: ['PRS-05'], source: { doc: 'model PutRecords', quote: 'up to a limit of 10 MiB for the entire request, including partition keys' } },
  { id: 'consumers-per-stream-max', value: 20, unit: 'consumers', rules: ['RSC-05'], source: { doc: 'model RegisterStreamConsumer', quote: 'With On-demand Standard and Provisioned streams, you can register up to 20 consumers per stream' } },
  { id: 'consumers-creating-max', value: 5, unit: 'consumers', rules: ['RSC-06'], source: { doc: 'model RegisterStreamConsumer', quote: 'Registering a 6th consumer while there are 5 in a CREATING status results in a LimitExceededException.' } },
  { id: 'encryption-applications-per-24h-max', value: 25, unit: 'successful calls per rolling 24 hours', rules: ['EN-09'], source: { doc: 'model StartStreamEncryption', quote: 'You can successfully apply a new Amazon Web Services KMS key for server-side encryption 25 times in a rolling 24-hour period.' } },
  { id: 'encryption-propagation-max', value: 5, unit: 'seconds', rules: ['EN-07'], source: { doc: 'model StartStreamEncryption', quote: 'It can take up to 5 seconds after the stream is in an ACTIVE status before all records written to the stream are encrypted.' } },
  { id: 'shard-iterator-lifetime', value: 5, unit: 'minutes', rules: ['GSI-09'], source: { doc: 'model GetShardIterator', quote: 'A shard iterator expires 5 minutes after it is returned to the requester.' } },
  { id: 'subscription-lifetime', value: 5, unit: 'minutes', rules: ['STS-03'], source: { doc: 'model SubscribeToShard', quote: 'for up to 5 minutes, after which time you need to call SubscribeToShard again' } },
  { id: 'subscribe-to-shard-resubscribe-window', value: 5, unit: 'seconds', rules: ['STS-04'], source: { doc: 'model SubscribeToShard', quote: "within 5 seconds of a successful call, you'll get a ResourceInUseException" } },
  { id: 'streams-creating-max', value: 5, unit: 'streams', rules: ['CS-05'], source: { doc: 'model CreateStream', quote: 'Have more than five streams in the CREATING state at any point in time.' } },
];

/** `&lt;` and friends as the Markdown writes them inside tables, and its escaped pipes. */
export function unescapeCell(text: string): string {
  return text
    .replace(/\\\|/g, '|')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .trim();
}

/** The cells of a table row, split on unescaped pipes only. */
function cellsOf(line: string): string[] {
  return line
    .replace(/^\|/, '')
    .replace(/\|\s*$/, '')
    .split(/(?<!\\)\|/)
    .map(unescapeCell);
}

/** Splits on `;` outside “…” quotes. */
function splitOutsideQuotes(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '“') depth++;
    if (ch === '”') depth = Math.max(0, depth - 1);
    if (ch === ';' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

/** Documentation of the model's shapes and members (`Shape` and `Shape.Member`), tags stripped, whitespace normalised. */
export type ModelDocs = Map<string, string>;

export function normaliseDoc(text: string): string {
  // Block tags part words; inline ones (<code>, <a>) sit inside a sentence.
  const plain = text.replace(/<\/?(p|li|ul|ol|br|note|important|dl|dt|dd)\b[^>]*>/gi, ' ').replace(/<[^>]+>/g, '');
  return unescapeCell(plain).replace(/\s+/g, ' ').trim();
}

export function modelDocs(modelPath: string): ModelDocs {
  const model = JSON.parse(readFileSync(modelPath, 'utf8')) as { shapes: Record<string, { traits?: Record<string, unknown>; members?: Record<string, { traits?: Record<string, unknown> }> }> };
  const docs: ModelDocs = new Map();
  const doc = (traits?: Record<string, unknown>) => traits?.['smithy.api#documentation'];
  for (const [id, shape] of Object.entries(model.shapes)) {
    if (!id.startsWith(SHAPE_PREFIX)) continue;
    const name = id.slice(SHAPE_PREFIX.length);
    const own = doc(shape.traits);
    if (typeof own === 'string') docs.set(name, normaliseDoc(own));
    for (const [member, ref] of Object.entries(shape.members ?? {})) {
      const text = doc(ref.traits);
      if (typeof text === 'string') docs.set(`${name}.${member}`, normaliseDoc(text));
    }
  }
  return docs;
}

/** The quote occurs in the named model documentation (whitespace-normalised). */
export function quoteInModel(docs: ModelDocs, name: string, quote: string): boolean {
  return docs.get(name)?.includes(normaliseDoc(quote)) ?? false;
}

/**
 * Where a member named without its shape belongs: candidates built from the previous reference,
 * the first whose documentation holds the quote.
 */
function resolveBare(docs: ModelDocs | null, previous: string, name: string, quote: string | undefined): string {
  if (!docs || name.includes('.') || docs.has(name)) return name;
  const base = previous.split('.')[0]!;
  const candidates = [`${base}.${name}`, `${base}Input.${name}`, `${base}Output.${name}`];
  return candidates.find((c) => quote !== undefined && quoteInModel(docs, c, quote)) ?? candidates.find((c) => docs.has(c)) ?? name;
}

/**
 * The documentation a model quote is really in, when the cell names it loosely: a member written after
 * its shape ("UpdateShardCountOutput: CurrentShardCount “…”"), or a member name without its shape
 * ("StreamStatus", "MillisBehindLatest": the first shape, by name, whose member documents the quote), or a
 * member's target shape ("MetricsNameList").
 */
function locate(docs: ModelDocs | null, name: string, quote: string, note: string): { name: string; note: string } {
  if (!docs || !name || quoteInModel(docs, name, quote)) return { name, note };
  if (/^[A-Z][A-Za-z]+$/.test(note) && quoteInModel(docs, `${name}.${note}`, quote)) return { name: `${name}.${note}`, note: '' };
  if (!name.includes('.')) {
    const owner = [...docs.keys()].sort().find((k) => k.endsWith(`.${name}`) && quoteInModel(docs, k, quote));
    if (owner) return { name: owner, note };
  }
  // Named by the member's target shape ("MetricsNameList"): the one place that documents the quote.
  const holders = [...docs.keys()].filter((k) => quoteInModel(docs, k, quote));
  return holders.length === 1 ? { name: holders[0]!, note } : { name, note };
}

/**
 * The source cell as data: one entry per quote, `doc` naming where it is written (`model CreateStream`,
 * `model DescribeStreamInput.Limit`, `aws-observed B.5`), `note` for what is said outside quotes.
 */
export function parseSource(cell: string, docs: ModelDocs | null): SourceRef[] {
  const refs: SourceRef[] = [];
  let kind: string = 'model';
  let previous = '';
  for (const segment of splitOutsideQuotes(cell)) {
    const quotes = [...segment.matchAll(/“([^”]*)”/g)].map((m) => m[1]!.trim());
    // Each quote stands as one private-use character while the words around it are read.
    const outside = segment.replace(/“[^”]*”/g, '\uE000');
    const m = /^(model|sdk|aws-observed)\b\s*/.exec(outside);
    if (m) kind = m[1]!;
    let rest = m ? outside.slice(m[0].length) : outside;
    // The reference: the first word ("CreateStream:", "B.5", "DescribeStreamInput.Limit:"), unless the segment starts with a quote.
    let name = previous;
    const word = /^([A-Za-z][\w.]*)(?=[\s:(]|\uE000|$)/.exec(rest);
    if (word && word[1] !== 'errors') {
      name = word[1]!;
      rest = rest.slice(word[0].length);
    }
    // "<op> errors: <Error> (“…”)": the quote is the error shape's documentation.
    const errorsOf = /^\s*errors:\s*([A-Za-z]+)\s*\(\uE000\)\s*$/.exec(rest);
    const note = rest
      .replace(/\uE000/g, ' ')
      .replace(/\(\s*\)/g, '')
      .replace(/^[\s:]+|[\s:(]+$/g, '')
      .replace(/\s+/g, ' ')
      .replace(/^\(([^()]*)\)$/, '$1')
      .trim();
    if (kind === 'model' && m === null && word && word[1] !== 'errors') name = resolveBare(docs, previous, name, quotes[0]);
    const ref = (n: string, quote?: string, text?: string): SourceRef => ({
      doc: n ? `${kind} ${n}` : kind,
      ...(quote === undefined ? {} : { quote }),
      ...(text ? { note: text } : {}),
    });
    // "HashKey pattern … vs “…” (PutRecord)": a contrast of two places; the quote is PutRecord's.
    const contrast = /^(.*?)\s+vs\s*\(([A-Z][A-Za-z]+)\)$/.exec(note);
    if (errorsOf && quotes.length === 1) {
      refs.push(ref(name, undefined, `errors: ${errorsOf[1]}`), ref(errorsOf[1]!, quotes[0]!));
    } else if (contrast && quotes.length === 1) {
      refs.push(ref(name, undefined, contrast[1]!), ref(contrast[2]!, quotes[0]!));
    } else if (quotes.length === 0) refs.push(ref(name, undefined, note));
    else {
      for (const quote of quotes) {
        const at = kind === 'model' ? locate(docs, name, quote, note) : { name, note };
        refs.push(ref(at.name, quote, at.note));
      }
    }
    previous = name;
  }
  return refs;
}

/** "E; AWS (creates 6 streams)" → any-target; the reason of other classes from its parenthesis or the legend. */
export function parseTestability(cell: string): Testability {
  const m = /^(E-slow|E|AWS\$|AWS|U)(?:\s*\(([^)]*)\))?/.exec(cell);
  if (!m) throw new Error(`testability '${cell}' starts with none of E, E-slow, AWS, AWS$, U`);
  const cls = CLASSES[m[1]!]!;
  if (cls.where === 'any-target') return { where: cls.where, note: cell };
  return { where: cls.where, note: cell, reason: m[2] ? `${cls.short}: ${m[2]}` : cls.legend };
}

/** "Start/StopStreamEncryption" → both names; "(all stream ops)" → none, with a scope. */
export function parseOperations(cell: string, known: ReadonlySet<string>): { operations: string[]; scope?: 'all-stream-operations' } {
  if (/^\(all( stream ops)?\)$/.test(cell)) return { operations: [], scope: 'all-stream-operations' };
  const parts = cell.split('/').map((p) => p.trim());
  const last = parts[parts.length - 1]!;
  return {
    operations: parts.map((part) => {
      if (known.has(part)) return part;
      for (let i = 1; i < last.length; i++) if (known.has(part + last.slice(i))) return part + last.slice(i);
      throw new Error(`operation '${part}' (in '${cell}') is not an operation of specs/kinesis.spec.json`);
    }),
  };
}

/** Every rule row of §3 "Inventory", in document order. */
export function importRules(markdown: string, known: ReadonlySet<string>, docs: ModelDocs | null): RulesDocument {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => /^## 3\. Inventory/.test(l));
  if (start < 0) throw new Error('no "## 3. Inventory" section');
  const end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  const rules: Rule[] = [];
  const groups: RulesDocument['groups'] = [];
  let group: { id: string; title: string } | null = null;
  for (const line of lines.slice(start, end < 0 ? undefined : end)) {
    const heading = /^### (G\d+|X) (.+)$/.exec(line);
    if (heading) {
      group = { id: heading[1]!, title: heading[2]!.trim() };
      groups.push(group);
      continue;
    }
    if (!/^\| [A-Z][A-Za-z]*-\d{2} \|/.test(line)) continue;
    if (!group) throw new Error(`rule row before any group heading: ${line.slice(0, 40)}`);
    const cells = cellsOf(line);
    if (cells.length !== 9) throw new Error(`rule row with ${cells.length} cells, not 9: ${line.slice(0, 60)}`);
    const [id, operation, rule, source, where, , priority, kinesisMock, kinesalite] = cells as [string, string, string, string, string, string, string, string, string];
    if (!['core', 'secondary', 'edge'].includes(priority)) throw new Error(`${id}: priority '${priority}'`);
    rules.push({
      id,
      group: { ...group },
      ...parseOperations(operation, known),
      rule,
      source: parseSource(source, docs),
      testable: parseTestability(where),
      priority: priority as Rule['priority'],
      emulators: { 'kinesis-mock': kinesisMock, kinesalite },
    });
  }
  return {
    rulesVersion: 1,
    importedBy: 'scripts/import-rules.ts',
    source: 'behaviour coverage inventory (behaviour-rules.md, §3 Inventory), prepared 2026-12 at commit 7608ef6',
    legend: {
      where: Object.fromEntries(Object.entries(CLASSES).map(([k, v]) => [v.where, `${k}: ${v.legend}`])),
      emulators: 'P observed in a probe run, B the suite’s own result in the committed baselines, S read in the source; ✔ as documented, ~ partly, ✘ deviates, – operation not implemented, ? no evidence',
    },
    groups,
    rules,
    facts: FACTS,
  };
}

/** Problems with the facts: unknown rules, quotes not in the model documentation they name. */
export function factProblems(document: RulesDocument, docs: ModelDocs | null): string[] {
  const ids = new Set(document.rules.map((r) => r.id));
  const problems: string[] = [];
  for (const f of document.facts) {
    for (const r of f.rules) if (!ids.has(r)) problems.push(`fact ${f.id}: no rule ${r}`);
    const name = f.source.doc.replace(/^model /, '');
    if (docs && !quoteInModel(docs, name, f.source.quote)) problems.push(`fact ${f.id}: “${f.source.quote}” is not in the documentation of ${name}`);
  }
  return problems;
}

function main(argv: string[]): void {
  const outIndex = argv.indexOf('--out');
  const out = outIndex >= 0 ? resolve(argv[outIndex + 1]!) : RULES_PATH;
  const positional = argv.filter((a, i) => a !== '--out' && argv[i - 1] !== '--out');
  const [markdownPath, modelArg] = positional;
  if (!markdownPath) throw new Error('usage: tsx scripts/import-rules.ts <behaviour-rules.md> [smithy-model.json] [--out specs/rules.json]');
  const modelPath = modelArg ?? join(dirname(resolve(markdownPath)), 'kinesis-2013-12-02.smithy.json');
  const docs = existsSync(modelPath) ? modelDocs(modelPath) : null;
  if (!docs) console.error(`no model at ${modelPath}: members named without their shape are kept as written, quotes unchecked`);
  const spec = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'specs', 'kinesis.spec.json'), 'utf8')) as { operations: Record<string, unknown> };
  const document = importRules(readFileSync(markdownPath, 'utf8'), new Set(Object.keys(spec.operations)), docs);
  const problems = factProblems(document, docs);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  if (docs) {
    for (const r of document.rules) {
      for (const s of r.source) {
        if (s.quote !== undefined && s.doc.startsWith('model ') && !quoteInModel(docs, s.doc.slice('model '.length), s.quote)) {
          console.error(`${r.id}: “${s.quote}” not found in ${s.doc} (kept as written)`);
        }
      }
    }
  }
  writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
  console.error(`${document.rules.length} rules, ${document.facts.length} facts → ${out}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2));
