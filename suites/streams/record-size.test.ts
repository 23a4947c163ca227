import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('streams/record-size.json');
