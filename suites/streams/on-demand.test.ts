import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('streams/on-demand.json');
