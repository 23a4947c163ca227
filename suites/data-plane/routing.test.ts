import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('data-plane/routing.json');
