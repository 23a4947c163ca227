import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('fan-out/limits.json');
