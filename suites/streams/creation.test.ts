import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('streams/creation.json');
