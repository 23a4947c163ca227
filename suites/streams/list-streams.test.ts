import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('streams/list-streams.json');
