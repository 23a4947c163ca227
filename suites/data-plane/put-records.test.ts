import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('data-plane/put-records.json');
