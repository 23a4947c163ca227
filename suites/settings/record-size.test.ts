import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('settings/record-size.json');
