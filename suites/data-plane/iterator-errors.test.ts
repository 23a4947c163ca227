import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('data-plane/iterator-errors.json');
