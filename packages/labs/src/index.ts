/** Hands-on labs: the lab applications, the runner that isolates each instance, and the graders. */
export { checkFlag, flagFor, whoseFlag, type FlagOwner, type FlagVerdict } from './flag.js';
export { DEFAULT_APPS_DIR, LabRunner } from './runner/lab-runner.js';
export {
  DEFAULT_LAB_LIMITS,
  type LabEvent,
  type LabInstanceInfo,
  type LabLimits,
  type LabRunnerLogger,
  type LabRunnerOptions,
  type LabStartOptions,
  type LabStarted,
  type LabStopReason,
} from './runner/lab-runner-types.js';
export { LabRunnerError, type LabRunnerErrorCode } from './runner/lab-runner-error.js';
export type { LabRequest, LabResponse, LabTransport } from './runner/lab-http.js';
export type { EditableFiles } from './runner/instance-files.js';
export type { SandboxCapabilities } from './runner/sandbox.js';
export { attackObjectivesMet, gradeSqliDefence } from './graders/sqli.js';
export { cmdiObjectivesMet, gradeCmdiDefence, labConfigSecret, type CmdiAttackObjective } from './graders/cmdi.js';
export { csrfObjectivesMet, gradeCsrfDefence } from './graders/csrf.js';
export {
  gradeTraversalDefence,
  traversalObjectivesMet,
  type TraversalAttackObjective,
  type TraversalGradeOptions,
} from './graders/traversal.js';
export { gradeXssDefence, xssObjectivesMet, type XssAttackObjective } from './graders/xss.js';
export type * from './graders/grader-types.js';
export * from './exercises/index.js';
