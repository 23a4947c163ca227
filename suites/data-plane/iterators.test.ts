import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('data-plane/iterators.json');
