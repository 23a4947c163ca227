import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('fan-out/subscribe-refusals.json');
