// ResourceInUseException from Start/StopStreamEncryption on a CREATING or DELETING stream: all data,
// specs/cases/encryption/in-use.json (UPDATING is covered by lifecycle.test.ts).
import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('encryption/in-use.json');
