// The declarative cases of specs/cases/encryption/*.json: members, boundaries, documented errors,
// undocumented behaviour recorded as observations. They share one stream (see harness/cases).
import { declareCases } from '../../harness/index.ts';
import { CASES, declareBudget } from './support.ts';

const env = declareCases(CASES);
declareBudget('encryption/budget/cases', env.ledger);
