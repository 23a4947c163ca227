import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('streams/shard-map.json');
