import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('streams/split.json');
