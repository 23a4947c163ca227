import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('settings/sdk-only.json');
