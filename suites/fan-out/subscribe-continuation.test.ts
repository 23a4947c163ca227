import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('fan-out/subscribe-continuation.json');
