import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('streams/split-key-bounds.json');
