import type { Builder } from 'junit-report-builder';
import type { ReferenceComparison, ReferenceDifference } from '../record/format.ts';
import { html, type Html } from './html.ts';
import { mdTable, mdText } from './markdown.ts';

/** The differences of a reference run, grouped by case or step, in recorded order. */
function byId(differences: readonly ReferenceDifference[]): Map<string, ReferenceDifference[]> {
  const out = new Map<string, ReferenceDifference[]>();
  for (const d of differences) {
    let list = out.get(d.id);
    if (!list) out.set(d.id, (list = []));
    list.push(d);
  }
  return out;
}

function value(v: unknown): string {
  return v === undefined ? '(absent)' : JSON.stringify(v);
}

/** One line per difference, for JUnit and the terminal. */
export function differenceLine(d: ReferenceDifference): string {
  return `${d.path} (${d.kind}): recorded ${value(d.recorded)}, actual ${value(d.actual)}`;
}

/** The head line of a comparison: how many cases and steps answer differently, and from what. */
export function referenceHeadline(ref: ReferenceComparison): string {
  const r = ref.recorded;
  const skipped = ref.inconclusive > 0 ? `; ${ref.inconclusive} not compared (inconclusive in either run)` : '';
  return `${ref.differing} of ${ref.compared} cases and steps answer differently from the recording ${ref.recording} (${r.target}${r.implementation ? `, ${r.implementation}` : ''}, ${r.region}, recorded ${r.recordedAt})${skipped}`;
}

/** summary.md: the comparison beside the verdicts (a run can pass every expectation and still differ). */
export function referenceMarkdown(ref: ReferenceComparison | undefined, limit: number): string[] {
  if (!ref) return [];
  const out = ['', `## Differences from the reference recording (${ref.differing})`, '', mdText(referenceHeadline(ref)) + '.'];
  if (ref.differences.length > 0) {
    const shown = ref.differences.slice(0, limit);
    out.push('', mdTable(['case or step', 'where', 'kind', 'recorded', 'actual'], shown.map((d) => [mdText(d.id), mdText(d.path), d.kind, mdText(value(d.recorded), 120), mdText(value(d.actual), 120)])));
    const more = ref.differences.length - shown.length + ref.unlisted;
    if (more > 0) out.push('', `… and ${more} more (results.json lists ${ref.differences.length}; ${ref.unlisted} beyond the per-case bound are counted only).`);
  }
  out.push('', `Normalizations applied: ${ref.normalizations.length > 0 ? ref.normalizations.map((n) => mdText(n)).join('; ') : 'none'}.`);
  if (ref.varying.length > 0) out.push('', `Members the recording names as varying (compared for presence only): ${ref.varying.map((v) => mdText(v)).join(', ')}.`);
  return out;
}

/** report.html: the same, one row per difference. */
export function referenceHtml(ref: ReferenceComparison | undefined): Html {
  if (!ref) return html``;
  return html`<h2 id="reference">Differences from the reference recording (${ref.differing})</h2>
<div class="${ref.differing === 0 ? 'ok' : 'note'}">${referenceHeadline(ref)}.</div>
${
  ref.differences.length > 0
    ? html`<details class="reference"${ref.differences.length <= 40 ? html` open` : ''}><summary>${ref.differences.length} difference${ref.differences.length === 1 ? '' : 's'} listed${ref.unlisted > 0 ? `, ${ref.unlisted} more counted` : ''}</summary><table id="reference-differences"><thead><tr><th>case or step</th><th>where</th><th>kind</th><th>recorded</th><th>actual</th></tr></thead><tbody>${ref.differences.map(
        (d) => html`<tr><td class="mono">${d.id}</td><td class="mono">${d.path}</td><td>${d.kind}</td><td class="mono">${value(d.recorded)}</td><td class="mono">${value(d.actual)}</td></tr>`,
      )}</tbody></table></details>`
    : ''
}
<p class="muted">Normalizations applied: ${ref.normalizations.length > 0 ? ref.normalizations.join('; ') : 'none'}.${ref.varying.length > 0 ? ` Members the recording names as varying (compared for presence only): ${ref.varying.join(', ')}.` : ''}</p>`;
}

/** junit.xml: a `reference` test suite, one failing test case per case or step that answers differently. */
export function referenceJunit(builder: Builder, ref: ReferenceComparison | undefined, cdata: (text: string) => string): void {
  if (!ref) return;
  const ts = builder.testSuite().name('reference').property('recording', ref.recording).property('recordedTarget', ref.recorded.target).property('compared', String(ref.compared));
  for (const [id, list] of byId(ref.differences)) {
    ts.testCase()
      .className('reference')
      .name(id)
      .failure(`answers differently from the recording (${list.length} difference${list.length === 1 ? '' : 's'})`, 'REFERENCE')
      .stacktrace(cdata([...list.map(differenceLine), `normalizations: ${ref.normalizations.join('; ') || 'none'}`].join('\n')));
  }
}
