export {
  describeFinding,
  sweepMalformedInput,
  type MalformedInputSweepOptions,
  type SweepFinding,
  type SweepResult,
} from './malformed-input-sweep.js';
