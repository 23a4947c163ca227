import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('settings/monitoring.json');
