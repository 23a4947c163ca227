// Faults and AWS-faithful variations of the fan-out behaviour suites (see catalogue.ts for the format).
import type { FaultSpec } from './catalogue.ts';

export const FAN_OUT_FAULTS: readonly FaultSpec[] = [];
