import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('streams/slow.json');
