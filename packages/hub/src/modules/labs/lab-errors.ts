import { LabRunnerError, type LabRunnerErrorCode } from '@cynex/labs';
import { AppError, type ErrorCode } from '../../errors.js';

const RUNNER_CODES: Record<LabRunnerErrorCode, ErrorCode> = {
  LAB_INVALID_ID: 'BAD_REQUEST',
  LAB_UNKNOWN: 'NOT_FOUND',
  LAB_LEVEL_UNKNOWN: 'BAD_REQUEST',
  LAB_FILE_NOT_EDITABLE: 'BAD_REQUEST',
  LAB_FILE_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  LAB_INSTANCE_EXISTS: 'CONFLICT',
  LAB_INSTANCE_NOT_FOUND: 'NOT_FOUND',
  LAB_INSTANCE_NOT_RUNNING: 'CONFLICT',
  LAB_INSTANCE_BUSY: 'CONFLICT',
  LAB_TOO_MANY_INSTANCES: 'RATE_LIMITED',
  LAB_START_FAILED: 'BUSY',
  LAB_START_TIMEOUT: 'BUSY',
  LAB_REQUEST_FAILED: 'BUSY',
  LAB_RESPONSE_TOO_LARGE: 'BUSY',
};

/** The runner's refusals as the hub's errors (one mapping); anything else passes through unchanged. */
export function fromRunnerError(error: unknown): unknown {
  if (!(error instanceof LabRunnerError)) return error;
  return new AppError(RUNNER_CODES[error.code], error.message);
}

/** Runs a runner call and presents its refusals as the hub's errors. */
export async function runnerCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw fromRunnerError(error);
  }
}
