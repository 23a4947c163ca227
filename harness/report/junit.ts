import junitModule, { type Builder } from 'junit-report-builder';
import type { CaseResult, RunResults } from '../results/model.ts';
import { clipped } from './clip.ts';
import { referenceJunit } from './reference-view.ts';

// The package's module.exports is the builder itself; its typings call it `default`. Either way, one builder.
const rootBuilder = ((junitModule as unknown as { default?: Builder }).default ?? junitModule) as unknown as Builder;

/*
 * The library escapes attribute values and drops characters XML 1.0 cannot hold; its CDATA writer
 * only splits the first "]]>", so every later one is neutralised here before it gets there.
 */
function cdataText(text: string): string {
  return text.replaceAll(']]>', ']]&gt;');
}

/** The body of a failure/error element: everything a CI reader needs without opening the HTML report. */
function detailOf(r: CaseResult): string {
  const lines = [`rule: ${r.rule}`];
  if (r.ref) lines.push(`ref: ${r.ref}`);
  if (r.expectation) lines.push(`expected: ${r.expectation}`);
  if (r.message) lines.push(`actual: ${clipped(r.message)}`);
  for (const t of r.timeline ?? []) lines.push(`timeline: +${t.atMs} ms ${t.state}${t.detail ? ` ${JSON.stringify(t.detail)}` : ''}`);
  for (const o of r.observations ?? []) lines.push(`observed: ${o}`);
  for (const c of r.curl ?? []) lines.push(`replay: ${clipped(c)}`);
  return cdataText(lines.join('\n'));
}

/**
 * JUnit XML for CI systems: one <testsuite> per conformance suite, one <testcase> per result.
 * FAIL → <failure>, ERROR and TIMEOUT → <error> (type names which), SKIP → <skipped>.
 */
export function toJunitXml(run: RunResults): string {
  const builder = rootBuilder.newBuilder();
  builder.name(`kinesis-conformance ${run.runInfo.target}`);
  const bySuite = new Map<string, CaseResult[]>();
  for (const r of run.results) {
    let list = bySuite.get(r.suite);
    if (!list) bySuite.set(r.suite, (list = []));
    list.push(r);
  }
  for (const [suite, results] of [...bySuite.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const ts = builder
      .testSuite()
      .name(suite)
      .timestamp(new Date(run.runInfo.startedAt))
      .time(results.reduce((sum, r) => sum + r.durationMs, 0) / 1000)
      .property('target', run.runInfo.target)
      .property('endpoint', run.runInfo.endpoint)
      .property('implementation', run.runInfo.implementation ?? 'unknown')
      .property('runId', run.runInfo.runId)
      .property('seed', String(run.runInfo.seed));
    for (const r of results) {
      const tc = ts
        .testCase()
        .className(r.operation ? `${suite}.${r.operation}` : suite)
        .name(r.id)
        .time(r.durationMs / 1000)
        .property('operation', r.operation ?? '')
        .property('member', r.member ?? '')
        .property('rule', r.rule)
        .property('ref', r.ref ?? '');
      if (r.expectation) tc.property('expectation', r.expectation);
      if (r.file) tc.file(r.file);
      const message = clipped(r.message ?? r.status);
      if (r.status === 'FAIL') tc.failure(message, 'FAIL').stacktrace(detailOf(r));
      else if (r.status === 'ERROR' || r.status === 'TIMEOUT') tc.error(message, r.status, detailOf(r));
      else if (r.status === 'SKIP') {
        tc.skipped();
        if (r.message) tc.standardOutput(cdataText(`skipped: ${r.message}`));
      }
      if (r.status === 'PASS' && r.observations?.length) tc.standardOutput(cdataText(r.observations.map((o) => `observed: ${o}`).join('\n')));
    }
  }
  referenceJunit(builder, run.reference, cdataText);
  return builder.build();
}
