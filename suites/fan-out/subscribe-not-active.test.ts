import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('fan-out/subscribe-not-active.json');
