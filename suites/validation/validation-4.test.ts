import { declareValidationShard } from './declare.ts';

// One of four files of the validation suite (see declare.ts): four workers share its ~2,000 requests.
declareValidationShard(3, 4);
