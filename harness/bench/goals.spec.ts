import { describe, expect, it } from 'vitest';
import type { FullRunFigures } from './full-run.ts';
import { judgeGoals } from './goals.ts';
import type { CallFigures } from './request-overhead.ts';
import type { TransitionFigures } from './state-transitions.ts';
import { summarize, waitingRatio } from './stats.ts';

const one = (ms: number) => summarize([ms]);

function call(bare: number, harness: number, sdk: number): CallFigures {
  return { call: 'ListStreams', perClient: { 'bare-undici': one(bare), harness: one(harness), sdk: one(sdk) } };
}

function transition(configuredMs: number, waited: number[]): TransitionFigures {
  return {
    transition: 'CreateStream -> ACTIVE',
    configuredMs,
    samples: waited.length,
    waited: summarize(waited),
    lateBy: summarize(waited.map((w) => w - configuredMs)),
    ratio: waitingRatio(waited, configuredMs)!,
    polls: 1,
  };
}

const run = (wallMs: number) => ({ wallMs }) as FullRunFigures;

describe('bench goals', () => {
  it('meets a goal exactly at its bound and misses it just past', () => {
    const goals = judgeGoals([{ server: 'x', calls: [call(10, 11.5, 12)] }], run(60_000), [transition(400, [480, 480])]);
    expect(goals.map((g) => [g.figure, g.met])).toEqual([
      ['60.0 s', true],
      ['1.15x', true],
      ['0.96x', true],
      ['1.20x', true],
    ]);
    const missed = judgeGoals([{ server: 'x', calls: [call(10, 11.6, 11.6)] }], run(60_001), [transition(400, [400, 562])]);
    expect(missed.map((g) => [g.figure, g.met])).toEqual([
      ['60.0 s', false],
      ['1.16x', false],
      ['1.00x', false],
      ['1.20x', false],
    ]);
  });

  it('judges the self-check against the full run of the same bench, at most 4 times as long', () => {
    const ratioGoal = (selfCheckMs: number) => judgeGoals([], run(50_000), [], { wallMs: selfCheckMs }).find((g) => g.goal.startsWith('self-check'))!;
    expect([ratioGoal(200_000).figure, ratioGoal(200_000).met]).toEqual(['4.00x (200.0 s)', true]);
    expect(ratioGoal(200_001).met).toBe(false);
    expect(judgeGoals([], null, [], { wallMs: 1 })).toEqual([]);
  });

  it('leaves out the full-run goal when the run was not measured', () => {
    expect(judgeGoals([], null, []).length).toBe(0);
  });
});
