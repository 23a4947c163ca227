import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('streams/update-shard-count.json');
