import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('streams/lifecycle.json');
