import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('settings/mode-switch.json');
