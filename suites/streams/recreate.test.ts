import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('streams/recreate.json');
