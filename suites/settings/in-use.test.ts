import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('settings/in-use.json');
