import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('settings/tag-resource.json');
