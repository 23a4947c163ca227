import { createHash } from 'node:crypto';
import { STATUSES, type Status } from '../results/model.ts';
import { formatRate, passRate, type Tally } from './tally.ts';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text from a run (messages, bodies, headers: attacker-controlled) made inert in element text and attribute values. */
export function esc(value: unknown): string {
  // Control characters (other than tab and newlines) are shown as a replacement mark, not passed on.
  // eslint-disable-next-line no-control-regex
  return String(value ?? '').replace(/[&<>"']|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, (c) => HTML_ESCAPES[c] ?? '\ufffd');
}

/** Template tag: interpolated values are escaped unless they are already built markup (`Html`). */
export class Html {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new Html(out);
}

function render(v: unknown): string {
  if (v instanceof Html) return v.markup;
  if (Array.isArray(v)) return v.map(render).join('');
  if (v === null || v === undefined || v === false) return '';
  return esc(v);
}

export function statusBadge(status: Status): Html {
  return html`<span class="badge st-${status}">${status}</span>`;
}

/** A pass-rate cell: the figure and a small bar (a <meter>, so no inline style is needed). */
export function rateCell(t: Pick<Tally, 'total' | 'counts'>): Html {
  const rate = passRate(t);
  return html`<td class="rate"><meter min="0" max="1" low="0.5" high="0.99" optimum="1" value="${rate ?? 0}"></meter> ${formatRate(rate)}</td>`;
}

/** One table of tallies: the group name, the total, one column per status and the pass rate. */
export function tallyTable(caption: string, heading: string, tallies: readonly Tally[], cls = ''): Html {
  return html`<table class="tally ${cls}">
${caption ? html`<caption>${caption}</caption>` : ''}
<thead><tr><th>${heading}</th><th class="num">total</th>${STATUSES.map((s) => html`<th class="num">${s}</th>`)}<th>pass rate</th></tr></thead>
<tbody>${tallies.map(
    (t) => html`<tr><td>${t.key}</td><td class="num">${t.total}</td>${STATUSES.map((s) => html`<td class="num${t.counts[s] > 0 ? ` has-${s}` : ''}">${t.counts[s]}</td>`)}${rateCell(t)}</tr>
`,
  )}</tbody>
</table>`;
}

export const BASE_CSS = `
:root { --pass:#1a7f37; --pass-bg:#dafbe1; --fail:#cf222e; --fail-bg:#ffebe9; --error:#8250df; --error-bg:#fbefff;
  --timeout:#9a6700; --timeout-bg:#fff8c5; --skip:#57606a; --skip-bg:#eaeef2; --line:#d0d7de; --muted:#57606a; --head:#f6f8fa; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:#1f2328; margin:0; background:#fff; }
header.top { background:#24292f; color:#fff; padding:16px 28px; }
header.top h1 { margin:0 0 4px; font-size:20px; font-weight:600; }
header.top .meta { color:#c9d1d9; font-size:12.5px; }
header.top .meta span { margin-right:14px; white-space:nowrap; }
main { padding:18px 28px 40px; max-width:1500px; }
h2 { font-size:17px; margin:28px 0 10px; padding-bottom:4px; border-bottom:1px solid var(--line); }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size:12.5px; }
pre { background:#f6f8fa; border:1px solid var(--line); border-radius:6px; padding:8px 10px; overflow:auto; max-height:420px; white-space:pre-wrap; word-break:break-all; margin:4px 0 8px; }
table { border-collapse:collapse; margin:6px 0 14px; }
caption { text-align:left; font-weight:600; padding:4px 0; }
th, td { border:1px solid var(--line); padding:4px 8px; text-align:left; vertical-align:top; }
thead th { background:var(--head); }
td.num, th.num { text-align:right; font-variant-numeric: tabular-nums; }
td.rate { white-space:nowrap; font-variant-numeric: tabular-nums; }
meter { width:70px; height:10px; vertical-align:middle; }
.badge { display:inline-block; min-width:58px; text-align:center; border-radius:10px; padding:0 8px; font-size:11.5px; font-weight:600; letter-spacing:.02em; }
.st-PASS { color:var(--pass); background:var(--pass-bg); } .st-FAIL { color:var(--fail); background:var(--fail-bg); }
.st-ERROR { color:var(--error); background:var(--error-bg); } .st-TIMEOUT { color:var(--timeout); background:var(--timeout-bg); }
.st-SKIP { color:var(--skip); background:var(--skip-bg); } .st-NONE { color:var(--muted); background:#fff; }
td.has-FAIL { color:var(--fail); font-weight:600; } td.has-ERROR { color:var(--error); font-weight:600; }
td.has-TIMEOUT { color:var(--timeout); font-weight:600; }
.cards { display:flex; gap:12px; flex-wrap:wrap; margin:6px 0 8px; }
.card { border:1px solid var(--line); border-radius:8px; padding:8px 16px; min-width:110px; }
.card .n { font-size:26px; font-weight:600; font-variant-numeric: tabular-nums; }
.card .l { font-size:12px; color:var(--muted); text-transform:uppercase; letter-spacing:.04em; }
.card.st-PASS, .card.st-FAIL, .card.st-ERROR, .card.st-TIMEOUT, .card.st-SKIP { border-color:transparent; }
.muted { color:var(--muted); }
.note { background:#fff8c5; border:1px solid #d4a72c; border-radius:6px; padding:8px 12px; margin:10px 0; }
.ok { background:var(--pass-bg); border:1px solid #4ac26b; border-radius:6px; padding:8px 12px; margin:10px 0; }
.toolbar { display:flex; gap:8px; align-items:center; flex-wrap:wrap; margin:8px 0; position:sticky; top:0; background:#fff; padding:6px 0; z-index:2; }
.toolbar label { display:inline-flex; align-items:center; gap:4px; border:1px solid var(--line); border-radius:14px; padding:2px 10px 2px 6px; cursor:pointer; user-select:none; }
.toolbar input[type=search] { border:1px solid var(--line); border-radius:6px; padding:4px 8px; min-width:260px; }
.toolbar .count { color:var(--muted); margin-left:6px; }
tr[hidden] { display:none; }
a { color:#0969da; text-decoration:none; } a:hover { text-decoration:underline; }
`;

function sha256Base64(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64');
}

/**
 * A complete self-contained page. The Content-Security-Policy allows no network at all and only
 * this page's own script (by hash): even markup that slipped through escaping could not run code.
 */
export function page(options: { title: string; css: string; body: Html; script: string }): string {
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${sha256Base64(options.script)}'; img-src data:; base-uri 'none'; form-action 'none'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(options.title)}</title>
<style>${BASE_CSS}${options.css}</style>
</head>
<body>
${options.body.markup}
<script>${options.script}</script>
</body>
</html>
`;
}
