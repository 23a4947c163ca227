import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('settings/tags.json');
