import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('data-plane/while-changing.json');
