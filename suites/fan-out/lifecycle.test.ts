import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('fan-out/lifecycle.json');
