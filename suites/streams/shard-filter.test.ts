import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('streams/shard-filter.json');
