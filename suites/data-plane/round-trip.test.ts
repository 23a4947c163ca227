import { declareCaseFile } from '../../harness/index.ts';

declareCaseFile('data-plane/round-trip.json');
