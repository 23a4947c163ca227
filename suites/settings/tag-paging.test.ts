import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('settings/tag-paging.json');
