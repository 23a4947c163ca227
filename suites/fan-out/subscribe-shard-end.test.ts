import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('fan-out/subscribe-shard-end.json');
