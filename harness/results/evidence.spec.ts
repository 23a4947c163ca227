import { describe, expect, it } from 'vitest';
import { countByEvidence, defaultEvidence, evidenceOf, evidenceSplitText, weaker } from './evidence.ts';

describe('evidence', () => {
  it('a result takes its weakest judged part; unrecorded parts are observed, not judged', () => {
    const e = evidenceOf({ status: { class: 'recorded', source: 'B.5' }, message: { class: 'documented', source: 'model' } });
    expect(e.class).toBe('documented');
    expect(e.source).toBe('model');
    expect(e.parts?.status?.class).toBe('recorded');
    expect(evidenceOf({ status: { class: 'analogous', source: 'x' }, message: { class: 'unrecorded' } }).class).toBe('analogous');
    expect(evidenceOf({ message: { class: 'unrecorded', source: 'D' } }).class).toBe('unrecorded');
    expect(weaker('recorded', 'analogous')).toBe('analogous');
  });

  it('derives documented for an undeclared judged result and unrecorded for an observation, never recorded', () => {
    expect(defaultEvidence({ rule: 'pattern', ref: 'model X' })).toEqual({ class: 'documented', source: 'model X' });
    expect(defaultEvidence({ rule: 'observation.x', ref: null }).class).toBe('unrecorded');
  });

  it('splits counts as the report prints them', () => {
    const counts = countByEvidence([{ evidence: { class: 'recorded' } }, { evidence: { class: 'recorded' } }, { evidence: { class: 'documented' } }]);
    expect(evidenceSplitText(counts)).toBe('2 against recorded answers, 1 documented only');
  });
});
