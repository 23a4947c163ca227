import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('data-plane/closed-shards.json');
