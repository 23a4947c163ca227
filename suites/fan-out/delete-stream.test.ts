import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('fan-out/delete-stream.json');
