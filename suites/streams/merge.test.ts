import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('streams/merge.json');
