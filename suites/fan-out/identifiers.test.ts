import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('fan-out/identifiers.json');
