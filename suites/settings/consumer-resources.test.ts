import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('settings/consumer-resources.json');
