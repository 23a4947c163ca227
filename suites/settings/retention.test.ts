import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('settings/retention.json');
