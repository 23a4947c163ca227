import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('settings/policies.json');
