/**
 * Checks of behaviour cases that a JSON Schema cannot express, made when case files load (before
 * any target starts): rule ids, operations, placeholders and captures in step order, named
 * matchers and the steps they name, fixtures no target can build, expected messages that compile.
 * Each problem names the JSON pointer in the file.
 */
import { isKnownRule } from '../spec/rules.ts';
import { factById } from '../spec/rules.ts';
import { isOperationName } from '../spec/operations.ts';
import { messageMatcher } from './match.ts';
import { isCallStep, isNamedMatcher, isReadStep, isSubscribeStep, type StepsCaseSpec, type SubscribeStep } from './model.ts';
import { namedMatcher } from './named-matchers.ts';
import { expandText, parseToken, tokenProblem } from './tokens.ts';

const TOKEN = /\$\{([^}]*)\}/g;

/** Every placeholder in a JSON value, with the pointer of the string that holds it. */
function placeholdersAt(value: unknown, pointer: string, into: Array<{ raw: string; at: string }> = []): Array<{ raw: string; at: string }> {
  if (typeof value === 'string') for (const m of value.matchAll(TOKEN)) into.push({ raw: m[1] ?? '', at: pointer });
  else if (Array.isArray(value)) value.forEach((v, i) => placeholdersAt(v, `${pointer}/${i}`, into));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) placeholdersAt(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, into);
  return into;
}

function fixtureProblem(c: StepsCaseSpec): string | null {
  const s = c.fixture.stream;
  if (!s || s === 'none') return c.fixture.fresh ? '/fixture/fresh: a fresh fixture needs a stream' : null;
  if (s.create === 'by-case' && (s.records || s.split || s.consumer || s.encryption || s.tags || s.retentionHours || s.shards || s.mode)) {
    return '/fixture/stream: a stream the case creates itself (create: by-case) cannot have fixture properties: the case sets them';
  }
  if (s.mode === 'ON_DEMAND' && (s.split || s.shards !== undefined)) return '/fixture/stream: an ON_DEMAND stream has no shard count to set and cannot be split (UpdateShardCount and SplitShard are for provisioned streams)';
  if (s.mode === 'ON_DEMAND' && !c.flags.includes('billable')) return "/fixture/stream/mode: an ON_DEMAND stream is billed beyond shard-hours on AWS: flag the case 'billable'";
  if (s.consumer && !c.flags.includes('billable')) return "/fixture/stream/consumer: an enhanced fan-out consumer is billed per consumer-shard-hour on AWS: flag the case 'billable'";
  if (s.retentionHours !== undefined && s.retentionHours > 24 && !c.flags.includes('billable')) return "/fixture/stream/retentionHours: extended retention is billed on AWS: flag the case 'billable'";
  return null;
}

/** What a subscribe step needs that the schema cannot say. */
function subscribeProblem(step: SubscribeStep, c: StepsCaseSpec, at: string): string | null {
  const s = step.subscribe;
  const stream = c.fixture.stream && c.fixture.stream !== 'none' ? c.fixture.stream : undefined;
  if (!s.consumerArn && !stream?.consumer) return `${at}/subscribe: no consumer fixture and no consumerArn`;
  if (s.write && !stream) return `${at}/subscribe/write: writing records needs a stream fixture`;
  const needsSeq = s.position.Type === 'AT_SEQUENCE_NUMBER' || s.position.Type === 'AFTER_SEQUENCE_NUMBER';
  if (needsSeq !== (s.position.SequenceNumber !== undefined)) return `${at}/subscribe/position: SequenceNumber goes with AT_/AFTER_SEQUENCE_NUMBER, and only with them`;
  if ((s.position.Type === 'AT_TIMESTAMP') !== (s.position.Timestamp !== undefined)) return `${at}/subscribe/position: Timestamp goes with AT_TIMESTAMP, and only with it`;
  // A background subscription ends after later steps ran: nothing of it can be captured for them.
  if (s.background && step.capture) return `${at}/capture: a background subscription has no answer for later steps to capture from`;
  return null;
}

/** The first problem of a behaviour case, as `<pointer>: <what>`; null when it is sound. */
export function stepsCaseProblem(c: StepsCaseSpec, base: string): string | null {
  for (const [i, id] of c.rules.entries()) if (!isKnownRule(id)) return `${base}/rules/${i}: unknown rule id '${id}' (specs/rules.json)`;
  const fixture = fixtureProblem(c);
  if (fixture) return `${base}${fixture}`;
  const knownFact = (id: string) => factById(id) !== undefined;
  const captured = new Set<string>();
  const seen = new Set<string>();
  const check = (value: unknown, at: string): string | null => {
    for (const { raw, at: where } of placeholdersAt(value, at)) {
      const t = parseToken(raw);
      const problem = typeof t === 'string' ? t : tokenProblem(t, c.fixture, captured, knownFact);
      if (problem) return `${where}: \${${raw}}: ${problem}`;
    }
    return null;
  };
  const records = c.fixture.stream && c.fixture.stream !== 'none' ? c.fixture.stream.records : undefined;
  const p0 = check(records, `${base}/fixture/stream/records`);
  if (p0) return p0;
  for (const [i, step] of c.steps.entries()) {
    const at = `${base}/steps/${i}`;
    if (seen.has(step.id)) return `${at}/id: step id '${step.id}' used twice in the case`;
    for (const [j, id] of (step.rules ?? []).entries()) if (!isKnownRule(id)) return `${at}/rules/${j}: unknown rule id '${id}' (specs/rules.json)`;
    if (isCallStep(step)) {
      if (!isOperationName(step.call)) return `${at}/call: '${step.call}' is not a Kinesis operation of the spec`;
      if (step.while && !c.fixture.stream) return `${at}/while: needs a stream fixture`;
      if (step.rightAfter !== undefined) {
        const probed = c.steps.slice(0, i).find((s) => s.id === step.rightAfter);
        if (!probed || !isCallStep(probed)) return `${at}/rightAfter: '${step.rightAfter}' is not an earlier call step of the case`;
        if (!step.expect) return `${at}/rightAfter: a probe needs an expectation`;
      }
      const p = check(step.request, `${at}/request`);
      if (p) return p;
    } else if (isReadStep(step)) {
      if (step.read.iterator === undefined && step.read.shard === undefined) return `${at}/read: give an iterator or a shard`;
      if (step.read.iterator === undefined && (!c.fixture.stream || c.fixture.stream === 'none')) return `${at}/read: reading a shard needs a stream fixture`;
      const needsSeq = step.read.type === 'AT_SEQUENCE_NUMBER' || step.read.type === 'AFTER_SEQUENCE_NUMBER';
      if (needsSeq !== (step.read.sequenceNumber !== undefined) && step.read.iterator === undefined) return `${at}/read: sequenceNumber goes with AT_/AFTER_SEQUENCE_NUMBER, and only with them`;
      if ((step.read.type === 'AT_TIMESTAMP') !== (step.read.timestamp !== undefined) && step.read.iterator === undefined) return `${at}/read: timestamp goes with AT_TIMESTAMP, and only with it`;
      const p = check(step.read, `${at}/read`);
      if (p) return p;
    } else if (isSubscribeStep(step)) {
      const p = subscribeProblem(step, c, at) ?? check(step.subscribe, `${at}/subscribe`);
      if (p) return p;
    } else {
      if (step.waitFor.consumer && !step.waitFor.consumerArn && !(c.fixture.stream && c.fixture.stream !== 'none' && c.fixture.stream.consumer)) return `${at}/waitFor: no consumer fixture and no consumerArn`;
      if (step.waitFor.stream && (!c.fixture.stream || c.fixture.stream === 'none')) return `${at}/waitFor: needs a stream fixture`;
      const p = check(step.waitFor, `${at}/waitFor`);
      if (p) return p;
    }
    // The step's own captures are set before its answer is judged.
    for (const name of Object.keys(step.capture ?? {})) captured.add(name);
    seen.add(step.id);
    const e = step.expect;
    if (!e) continue;
    const p = check(e, `${at}/expect`);
    if (p) return p;
    if (e.type !== undefined && (e.status ?? 400) < 400) return `${at}/expect/status: an error type needs an error status`;
    if (e.observe !== undefined && Object.keys(e).length > 1) return `${at}/expect: an observation judges nothing else`;
    if (e.message) {
      try {
        const dummy = () => 'x';
        const m = e.message;
        const filled = 'exact' in m ? { exact: expandText(m.exact, dummy) } : 'pattern' in m ? { pattern: expandText(m.pattern, dummy) } : 'validation' in m ? { validation: m.validation.map((v) => (typeof v === 'string' ? expandText(v, dummy) : { pattern: expandText(v.pattern, dummy) })) } : m;
        messageMatcher(filled, () => 'x');
      } catch (error) {
        return `${at}/expect/message: ${(error as Error).message}`;
      }
    }
    for (const [k, m] of (e.output ?? []).entries()) {
      const mat = `${at}/expect/output/${k}`;
      if (!isNamedMatcher(m)) {
        if (m.matches !== undefined) {
          try {
            new RegExp(expandText(m.matches, () => 'x'));
          } catch (error) {
            return `${mat}/matches: ${(error as Error).message}`;
          }
        }
        continue;
      }
      const def = namedMatcher(m.matcher);
      if (!def) return `${mat}/matcher: unknown matcher '${m.matcher}' (harness/cases/named-matchers.ts)`;
      const args = m.args ?? {};
      for (const r of def.required) if (!(r in args)) return `${mat}/args: '${m.matcher}' needs argument '${r}'`;
      for (const a of Object.keys(args)) if (!def.required.includes(a) && !(def.optional ?? []).includes(a)) return `${mat}/args/${a}: '${m.matcher}' takes no argument '${a}'`;
      for (const a of def.stepArgs ?? []) {
        const ref = args[a];
        if (ref !== undefined && (typeof ref !== 'string' || !seen.has(ref))) return `${mat}/args/${a}: step '${String(ref)}' is not this step or an earlier one`;
      }
    }
  }
  if (!c.steps.some((s) => s.expect)) return `${base}/steps: no step has an expect: the case judges nothing`;
  if (c.steps.some((s) => (isCallStep(s) && s.while) || (isSubscribeStep(s) && s.subscribe.while)) && c.attempts !== undefined && c.attempts > 1 && !(c.fixture.fresh || (c.fixture.stream && c.fixture.stream !== 'none' && c.fixture.stream.create === 'by-case'))) {
    return `${base}/attempts: retrying needs a fixture of the case's own (fresh or create: by-case)`;
  }
  return null;
}
