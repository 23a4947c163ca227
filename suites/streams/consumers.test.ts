import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('streams/consumers.json');
