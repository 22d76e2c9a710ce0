/** Stable codes for everything the runner refuses or fails at; the hub maps them to HTTP once. */
export type LabRunnerErrorCode =
  | 'LAB_INVALID_ID'
  | 'LAB_UNKNOWN'
  | 'LAB_LEVEL_UNKNOWN'
  | 'LAB_FILE_NOT_EDITABLE'
  | 'LAB_FILE_TOO_LARGE'
  | 'LAB_INSTANCE_EXISTS'
  | 'LAB_INSTANCE_NOT_FOUND'
  | 'LAB_INSTANCE_NOT_RUNNING'
  | 'LAB_INSTANCE_BUSY'
  | 'LAB_TOO_MANY_INSTANCES'
  | 'LAB_START_FAILED'
  | 'LAB_START_TIMEOUT'
  | 'LAB_REQUEST_FAILED'
  | 'LAB_RESPONSE_TOO_LARGE';

export class LabRunnerError extends Error {
  constructor(
    readonly code: LabRunnerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LabRunnerError';
  }
}
