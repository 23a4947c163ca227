import { STATUSES, totalsOf, type CaseResult, type RunResults } from '../results/model.ts';
import { countByEvidence, EVIDENCE_CLASSES } from '../results/evidence.ts';
import { classOf, evidenceLines } from './evidence-view.ts';
import type { RuleCatalogue } from '../spec/rules.ts';
import type { Exchange } from '../transport/exchange.ts';
import { html, page, statusBadge, tallyTable, type Html } from './html.ts';
import { clipped, TEXT_LIMIT } from './clip.ts';
import { referenceHtml } from './reference-view.ts';
import { formatRate, isBad, operationOf, passRate, tallyBy } from './tally.ts';
import { hasNonPass, RULE_STATE_LABEL, RULE_STATES, rulesCoverage, type RuleCoverage, type RulesCoverage } from './rules-view.ts';

/** Bodies longer than this are cut in the page (results.json keeps them whole). */
export const BODY_DISPLAY_LIMIT = 4_000;
/** Exchanges shown per case: a case that sent dozens of requests shows the first ones. */
export const EXCHANGES_SHOWN = 10;
/** Failing cases shown open when there are this few; otherwise they start folded. */
const OPEN_DETAILS_UP_TO = 10;
/** Cases listed under one rule: a property can cite a rule from hundreds of generated cases. */
export const RULE_CASES_SHOWN = 50;

function clip(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

/** A body as a reader wants it: JSON indented, anything else as captured, long ones cut. */
function bodyText(body: string, encoding: 'utf8' | 'base64'): string {
  if (body === '') return '(empty body)';
  if (encoding === 'base64') return `(not UTF-8; base64) ${clipped(body, BODY_DISPLAY_LIMIT)}`;
  let shown = body;
  if (/^\s*[{[]/.test(body) && body.length <= BODY_DISPLAY_LIMIT * 4) {
    try {
      shown = JSON.stringify(JSON.parse(body), null, 2);
    } catch {
      // Not JSON after all (a deliberately malformed request): show it exactly as sent.
    }
  }
  return clipped(shown, BODY_DISPLAY_LIMIT);
}

function headerLines(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([k, v]) => `${k}: ${clipped(v)}`)
    .join('\n');
}

function exchangeView(e: Exchange, n: number): Html {
  const req = e.request;
  const outcome = e.response ? `${e.response.status}` : e.failure ? `no answer (${e.failure.kind})` : 'no answer';
  return html`<div class="exchange">
<div class="ex-title">Exchange ${n}${e.operation ? html`: <b>${e.operation}</b>` : ''} <span class="muted">${req.method} ${clip(req.url, 300)} → ${outcome}, ${Math.round(e.durationMs)} ms${req.signed ? '' : ', unsigned'}</span></div>
<div class="ex-grid">
<div><div class="ex-h">request</div><pre>${req.method} ${clipped(req.url)}
${headerLines(req.headers)}

${bodyText(req.body, req.bodyEncoding)}</pre></div>
<div><div class="ex-h">response</div>${
    e.response
      ? html`<pre>HTTP ${e.response.status}
${headerLines(e.response.headers)}

${bodyText(e.response.body, e.response.bodyEncoding)}</pre>`
      : html`<pre>${e.failure ? `${e.failure.kind}: ${clipped(e.failure.message)}` : 'no response recorded'}</pre>`
  }</div>
</div>
</div>`;
}

function caseDetail(r: CaseResult, index: number, open: boolean): Html {
  const timeline = r.timeline ?? [];
  return html`<details class="case case-${r.status}" id="case-${index}"${open ? html` open` : ''}>
<summary>${statusBadge(r.status)} <span class="mono">${r.id}</span></summary>
<dl>
<dt>rule</dt><dd>${r.rule}</dd>
${r.rules.length > 0 ? html`<dt>rules</dt><dd class="mono">${r.rules.join(', ')}</dd>` : ''}
${r.operation ? html`<dt>operation</dt><dd>${r.operation}${r.member ? html` · member <b>${r.member}</b>` : ''}</dd>` : ''}
<dt>reference</dt><dd>${r.ref ?? html`<span class="muted">none recorded</span>`}</dd>
<dt>evidence</dt><dd class="evidence">${classOf(r)}${r.evidence?.source && r.evidence.source !== r.ref ? html`: ${clipped(r.evidence.source)}` : ''}${r.evidence?.risk ? html`<br><b>risk:</b> ${r.evidence.risk}` : ''}</dd>
<dt>expected</dt><dd class="expected">${r.expectation ?? html`<span class="muted">see the rule and reference</span>`}</dd>
<dt>actual</dt><dd class="actual">${r.message ? clipped(r.message) : html`<span class="muted">no message</span>`}</dd>
${r.file ? html`<dt>file</dt><dd class="mono">${r.file}</dd>` : ''}
</dl>
${
  timeline.length > 0
    ? html`<div class="ex-h">state timeline</div><table class="timeline"><thead><tr><th class="num">at</th><th>state</th><th>detail</th></tr></thead><tbody>${timeline.map(
        (t) => html`<tr><td class="num">+${t.atMs} ms</td><td>${t.state}</td><td class="mono">${t.detail ? clipped(JSON.stringify(t.detail)) : ''}</td></tr>`,
      )}</tbody></table>`
    : ''
}
${(r.observations ?? []).length > 0 ? html`<div class="ex-h">observations</div><ul>${(r.observations ?? []).map((o) => html`<li>${clipped(o)}</li>`)}</ul>` : ''}
${(r.exchanges ?? []).slice(0, EXCHANGES_SHOWN).map((e, i) => exchangeView(e, i + 1))}
${(r.exchanges ?? []).length > EXCHANGES_SHOWN ? html`<p class="muted">… and ${(r.exchanges ?? []).length - EXCHANGES_SHOWN} more exchanges in results.json.</p>` : ''}
${(r.curl ?? []).slice(0, EXCHANGES_SHOWN).map((c, i) =>
  c.length <= TEXT_LIMIT
    ? html`<div class="ex-h">replay with curl <button type="button" class="copy" data-target="curl-${index}-${i}">copy</button></div><pre class="curl" id="curl-${index}-${i}">${c}</pre>`
    : html`<div class="ex-h">replay with curl <span class="muted">(too long to copy from here: take it from results.json)</span></div><pre class="curl">${clipped(c)}</pre>`,
)}
</details>`;
}

/** What the run cost the target: streams, shard time, KMS keys and calls (counted by the harness). */
function footprintView(run: RunResults): Html {
  const f = run.footprint;
  if (!f) return html``;
  const calls = Object.entries(f.callsPerOperation).sort(([a], [b]) => a.localeCompare(b));
  const total = calls.reduce((sum, [, n]) => sum + n, 0);
  return html`<p class="footprint muted">Footprint on the target: ${f.streamsCreated} streams created, ${Math.round(f.shardSeconds)} shard-seconds, ${f.kmsKeysCreated} KMS keys created, ${total} calls.</p>
${calls.length > 0 ? html`<details class="calls"><summary>calls per operation</summary><table><thead><tr><th>operation</th><th class="num">calls</th></tr></thead><tbody>${calls.map(([op, n]) => html`<tr><td>${op}</td><td class="num">${n}</td></tr>`)}</tbody></table></details>` : ''}`;
}

function resultRow(r: CaseResult, detailIndex: number | undefined, unexpected: boolean): Html {
  // The search key holds the start of the message only: a message can echo a megabyte-long input.
  const key = [r.id, r.operation, r.member, r.rule, ...r.rules, r.message?.slice(0, 300)].filter(Boolean).join(' ').toLowerCase();
  const message = r.message ?? '';
  return html`<tr class="st-row-${r.status}" data-status="${r.status}" data-evidence="${classOf(r)}" data-unexpected="${unexpected ? '1' : '0'}" data-key="${key}">
<td>${statusBadge(r.status)}${unexpected ? html` <span class="tag" title="differs from the baseline">unexpected</span>` : ''}</td><td class="mono">${detailIndex === undefined ? r.id : html`<a href="#case-${detailIndex}">${r.id}</a>`}</td><td>${r.operation ?? ''}</td><td>${r.member ?? ''}</td><td>${r.rule}</td><td class="num">${r.durationMs}</td><td class="msg" title="${clip(message, 1000)}">${clip(message, 240)}</td></tr>
`;
}

/** What the run says about one rule: its cases' statuses and ids, or why it has none. */
function ruleCasesCell(c: RuleCoverage, detailIndex: ReadonlyMap<CaseResult, number>): Html {
  const why = c.untestable ? html`<div class="muted">not testable on this target: ${c.untestable}</div>` : '';
  if (c.state === 'not-covered') return html`<td><span class="badge st-NONE">not covered</span></td>`;
  if (c.state === 'not-testable-here') return html`<td><span class="badge st-NONE">not testable here</span>${why}</td>`;
  const shown = c.cases.slice(0, RULE_CASES_SHOWN);
  const counts = STATUSES.filter((s) => c.counts[s] > 0).map((s) => html`<span class="badge st-${s}" data-count="${s}">${s} ${c.counts[s]}</span> `);
  return html`<td>${counts}${why}<details class="rule-cases"${hasNonPass(c) && c.cases.length <= 5 ? html` open` : ''}><summary>${c.cases.length} case${c.cases.length === 1 ? '' : 's'}</summary><ul>${shown.map((r) => {
    const index = detailIndex.get(r);
    return html`<li>${statusBadge(r.status)} <span class="mono">${index === undefined ? r.id : html`<a href="#case-${index}">${r.id}</a>`}</span></li>`;
  })}</ul>${c.cases.length > shown.length ? html`<p class="muted">… and ${c.cases.length - shown.length} more in results.json.</p>` : ''}</details></td>`;
}

function ruleRow(c: RuleCoverage, detailIndex: ReadonlyMap<CaseResult, number>): Html {
  const r = c.rule;
  const operations = r.scope === 'all-stream-operations' ? 'every stream operation' : r.operations.join(', ');
  return html`<tr data-rule="${r.id}" data-state="${c.state}" data-bad="${hasNonPass(c) ? '1' : '0'}">
<td class="mono">${r.id}</td><td>${r.rule}<div class="muted">${operations} · ${r.group.id} ${r.group.title}</div></td><td>${r.priority}</td><td>${r.testable.where}${r.testable.reason ? html`<div class="muted">${r.testable.reason}</div>` : ''}</td>${ruleCasesCell(c, detailIndex)}</tr>
`;
}

/** Every rule of the catalogue: which cases check it here and how they went, or why none does. */
function rulesSection(coverage: RulesCoverage, detailIndex: ReadonlyMap<CaseResult, number>): Html {
  const { counts, unknown } = coverage;
  const total = coverage.rules.length;
  return html`<h2 id="rules-heading">Rules (${total})</h2>
<section class="rules">
<p id="rules-counts">Of the ${total} behaviour rules of the catalogue (specs/rules.json): <b data-rules="covered">${counts.covered}</b> covered by cases of this run, <b data-rules="not-covered">${counts['not-covered']}</b> not covered, <b data-rules="not-testable-here">${counts['not-testable-here']}</b> not testable on this target${coverage.targetIsAws ? '' : ' (not AWS)'}.</p>
${unknown.length > 0 ? html`<div class="note">Cases cite rule ids the catalogue does not have: ${unknown.map((u, i) => html`${i > 0 ? ', ' : ''}<span class="mono">${u.id}</span> (${u.cases.length} case${u.cases.length === 1 ? '' : 's'})`)}.</div>` : ''}
<div class="toolbar">
${RULE_STATES.map((s) => html`<label><input type="checkbox" data-rule-state="${s}" checked> ${RULE_STATE_LABEL[s]} ${counts[s]}</label>`)}
<label><input type="checkbox" id="rules-not-passing"> only rules with a case not passing</label>
<span class="count" id="rules-shown">${total} of ${total} rules shown</span>
</div>
<table class="rules" id="rules">
<thead><tr><th>id</th><th>rule</th><th>priority</th><th>testable</th><th>cases on this target</th></tr></thead>
<tbody>
${coverage.rules.map((c) => ruleRow(c, detailIndex))}</tbody>
</table>
</section>`;
}

const SCRIPT = `(() => {
  const table = document.getElementById('results');
  const rows = table ? Array.from(table.tBodies[0].rows) : [];
  const boxes = Array.from(document.querySelectorAll('input[data-status]'));
  const evidenceBoxes = Array.from(document.querySelectorAll('input[data-evidence]'));
  const search = document.getElementById('search');
  const shown = document.getElementById('shown');
  let onlyUnexpected = false;
  function apply() {
    const show = new Set(boxes.filter((b) => b.checked).map((b) => b.dataset.status));
    const evidence = new Set(evidenceBoxes.filter((b) => b.checked).map((b) => b.dataset.evidence));
    const q = search ? search.value.trim().toLowerCase() : '';
    let n = 0;
    for (const tr of rows) {
      const visible = show.has(tr.dataset.status) && evidence.has(tr.dataset.evidence) && (!onlyUnexpected || tr.dataset.unexpected === '1') && (!q || tr.dataset.key.includes(q));
      tr.hidden = !visible;
      if (visible) n++;
    }
    if (shown) shown.textContent = n + ' of ' + rows.length + ' shown';
  }
  for (const b of boxes) b.addEventListener('change', apply);
  for (const b of evidenceBoxes) b.addEventListener('change', apply);
  const recordedOnly = document.querySelector('button[data-evidence-preset]');
  if (recordedOnly) recordedOnly.addEventListener('click', () => { for (const b of evidenceBoxes) b.checked = b.dataset.evidence === 'recorded'; apply(); });
  if (search) search.addEventListener('input', apply);
  for (const btn of document.querySelectorAll('button[data-preset]')) {
    btn.addEventListener('click', () => {
      const failing = btn.dataset.preset === 'failing';
      onlyUnexpected = btn.dataset.preset === 'unexpected';
      for (const b of boxes) b.checked = !failing || ['FAIL', 'ERROR', 'TIMEOUT'].includes(b.dataset.status);
      apply();
    });
  }
  for (const btn of document.querySelectorAll('button.copy')) {
    btn.addEventListener('click', () => {
      const pre = document.getElementById(btn.dataset.target);
      if (!pre || !navigator.clipboard) return;
      navigator.clipboard.writeText(pre.textContent).then(() => { btn.textContent = 'copied'; setTimeout(() => { btn.textContent = 'copy'; }, 1500); }, () => {});
    });
  }
  function openTarget() {
    const el = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    if (el && el.tagName === 'DETAILS') el.open = true;
  }
  window.addEventListener('hashchange', openTarget);
  const ruleTable = document.getElementById('rules');
  const ruleRows = ruleTable ? Array.from(ruleTable.tBodies[0].rows) : [];
  const stateBoxes = Array.from(document.querySelectorAll('input[data-rule-state]'));
  const notPassing = document.getElementById('rules-not-passing');
  const rulesShown = document.getElementById('rules-shown');
  function applyRules() {
    const show = new Set(stateBoxes.filter((b) => b.checked).map((b) => b.dataset.ruleState));
    const only = notPassing ? notPassing.checked : false;
    let n = 0;
    for (const tr of ruleRows) {
      const visible = show.has(tr.dataset.state) && (!only || tr.dataset.bad === '1');
      tr.hidden = !visible;
      if (visible) n++;
    }
    if (rulesShown) rulesShown.textContent = n + ' of ' + ruleRows.length + ' rules shown';
  }
  for (const b of stateBoxes) b.addEventListener('change', applyRules);
  if (notPassing) notPassing.addEventListener('change', applyRules);
  openTarget();
  apply();
  applyRules();
})();`;

const CSS = `
.exchange { border:1px solid var(--line); border-radius:6px; padding:6px 10px; margin:8px 0; background:#fff; }
.ex-title { margin-bottom:4px; }
.ex-grid { display:grid; grid-template-columns: 1fr 1fr; gap:10px; }
@media (max-width: 1000px) { .ex-grid { grid-template-columns: 1fr; } }
.ex-h { font-weight:600; font-size:12px; color:var(--muted); text-transform:uppercase; letter-spacing:.04em; margin-top:8px; }
details.case { border:1px solid var(--line); border-left:4px solid var(--fail); border-radius:6px; margin:10px 0; padding:6px 12px; background:#fcfcfd; }
details.case-ERROR { border-left-color:var(--error); } details.case-TIMEOUT { border-left-color:var(--timeout); }
details.case { scroll-margin-top:12px; }
details.case > summary { cursor:pointer; font-weight:600; }
dl { display:grid; grid-template-columns: 110px 1fr; gap:3px 12px; margin:10px 0; }
dt { color:var(--muted); } dd { margin:0; word-break:break-word; }
dd.expected { color:var(--pass); } dd.actual { color:var(--fail); }
table.results td.msg { max-width:520px; word-break:break-word; color:#3d444d; }
table.results { width:100%; }
table.results td:nth-child(2) { white-space:nowrap; }
table.timeline { margin:4px 0; }
button { font:inherit; font-size:12px; border:1px solid var(--line); background:#f6f8fa; border-radius:6px; padding:2px 10px; cursor:pointer; }
button:hover { background:#eaeef2; }
.tables { display:flex; column-gap:40px; row-gap:0; flex-wrap:wrap; align-items:flex-start; }
.tag { font-size:11px; color:#9a6700; border:1px solid #d4a72c; border-radius:4px; padding:0 4px; white-space:nowrap; }
details.unexpected > summary, details.calls > summary { cursor:pointer; color:var(--muted); margin:4px 0; }
footer { color:var(--muted); font-size:12px; margin-top:30px; }
table.rules { width:100%; }
table.rules td:first-child { white-space:nowrap; }
table.rules .badge { min-width:0; margin:1px 0; }
details.rule-cases > summary { cursor:pointer; color:var(--muted); }
details.rule-cases ul { margin:4px 0; padding-left:18px; }
`;

/** report.html: one self-contained page (no network, no external assets) for one run. */
export function toReportHtml(run: RunResults, catalogue?: RuleCatalogue): string {
  const info = run.runInfo;
  const results = run.results;
  const totals = totalsOf(results);
  const all = { total: results.length, counts: totals };
  const failing = results.filter((r) => isBad(r.status));
  const detailIndex = new Map(failing.map((r, i) => [r, i]));
  const { unexpected, missing, baseline } = run.judgement;
  const unexpectedIds = new Set(unexpected.map((u) => u.id));
  const title = `Kinesis conformance: ${info.target}`;
  const evidenceCounts = countByEvidence(results.map((r) => ({ evidence: { class: classOf(r) } })));

  const body = html`<header class="top">
<h1>${title}${info.implementation ? html` <span class="muted-h">(${info.implementation})</span>` : ''}</h1>
<div class="meta"><span>run ${info.runId}</span><span>started ${info.startedAt}</span><span>${(info.durationMs / 1000).toFixed(1)} s</span><span>seed ${info.seed}</span><span>suites: ${info.suites.join(', ') || '(none)'}</span>${info.grep ? html`<span>grep: ${info.grep}</span>` : ''}<span>endpoint ${info.endpoint}</span><span>kinesis-conformance ${info.suiteVersion}, Node ${info.nodeVersion}</span></div>
</header>
<main>
${info.aborted ? html`<div class="note"><b>The run ended early:</b> ${info.aborted}. Its results are incomplete.</div>` : ''}
<div class="cards" id="totals">
<div class="card"><div class="n" data-total="all">${results.length}</div><div class="l">results</div></div>
<div class="card"><div class="n">${formatRate(passRate(all))}</div><div class="l">pass rate</div></div>
${STATUSES.map((s) => html`<div class="card st-${s}"><div class="n" data-total="${s}">${totals[s]}</div><div class="l">${s}</div></div>`)}
</div>

<h2>Verdict</h2>
${
  unexpected.length === 0 && missing.length === 0
    ? html`<div class="ok">Every result is as expected by ${baseline ? html`the baseline <span class="mono">${baseline}</span>` : 'AWS behaviour (no baseline)'}.</div>`
    : html`<div class="note">${unexpected.length} result${unexpected.length === 1 ? '' : 's'} differ${unexpected.length === 1 ? 's' : ''} from ${baseline ? html`the baseline <span class="mono">${baseline}</span>` : 'AWS behaviour (no baseline)'}${missing.length > 0 ? html`; ${missing.length} baseline entr${missing.length === 1 ? 'y' : 'ies'} did not run` : ''}.</div>
${
  unexpected.length > 0
    ? html`<details class="unexpected"${unexpected.length <= OPEN_DETAILS_UP_TO * 2 ? html` open` : ''}><summary>the ${unexpected.length} unexpected result${unexpected.length === 1 ? '' : 's'}</summary><table id="unexpected"><thead><tr><th>case</th><th>expected</th><th>actual</th></tr></thead><tbody>${unexpected.map(
        (u) => html`<tr><td class="mono">${u.id}</td><td>${statusBadge(u.expected)}</td><td>${statusBadge(u.actual)}</td></tr>`,
      )}</tbody></table></details>`
    : ''
}
${missing.length > 0 ? html`<div class="ex-h">in the baseline, not run</div><ul class="mono">${missing.map((m) => html`<li>${m}</li>`)}</ul>` : ''}`
}

${referenceHtml(run.reference)}
<h2>Verdicts by evidence</h2>
<ul id="by-evidence">${evidenceLines(results).map((l) => html`<li>${l}</li>`)}</ul>
<p class="muted">recorded: an AWS answer to this kind of request is publicly recorded; analogous: recorded for another operation or member under the same rule; documented: the API reference or model states it; unrecorded: observed, not judged.</p>

${footprintView(run)}
<h2>By operation</h2>
${tallyTable('', 'operation', tallyBy(results, operationOf), 'by-operation')}
<div class="tables">
<div><h2>By suite</h2>${tallyTable('', 'suite', tallyBy(results, (r) => r.suite), 'by-suite')}</div>
<div><h2>By rule</h2>${tallyTable('', 'rule', tallyBy(results, (r) => r.rule), 'by-rule')}</div>
</div>
<p class="muted">Pass rate = PASS / all results of the group, skips included.</p>

<h2>Results</h2>
<section class="results">
<div class="toolbar">
${STATUSES.map((s) => html`<label><input type="checkbox" data-status="${s}" checked> ${statusBadge(s)} ${totals[s]}</label>`)}
<span class="evidence-filter">${EVIDENCE_CLASSES.map((c) => html`<label><input type="checkbox" data-evidence="${c}" checked> ${c} ${evidenceCounts[c]}</label>`)}<button type="button" data-evidence-preset="recorded">recorded only</button></span>
<button type="button" data-preset="failing">failing only</button><button type="button" data-preset="unexpected">unexpected only</button><button type="button" data-preset="all">all</button>
<input type="search" id="search" placeholder="filter by id, operation, rule, message" aria-label="filter">
<span class="count" id="shown">${results.length} of ${results.length} shown</span>
</div>
<table class="results" id="results">
<thead><tr><th>status</th><th>case</th><th>operation</th><th>member</th><th>rule</th><th class="num">ms</th><th>message</th></tr></thead>
<tbody>
${results.map((r) => resultRow(r, detailIndex.get(r), unexpectedIds.has(r.id)))}</tbody>
</table>
</section>

<h2>Failing cases (${failing.length})</h2>
${failing.length === 0 ? html`<p class="muted">None.</p>` : failing.map((r, i) => caseDetail(r, i, failing.length <= OPEN_DETAILS_UP_TO))}

${rulesSection(rulesCoverage(run, catalogue), detailIndex)}
<footer>Generated by kinesis-conformance ${info.suiteVersion} from results.json. Exchanges are redacted at capture: no secret is in this page; curl lines read credentials from the environment.</footer>
</main>`;
  return page({ title, css: CSS + '.muted-h { color:#c9d1d9; font-weight:400; font-size:15px; }', body, script: SCRIPT });
}

