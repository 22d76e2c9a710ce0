import {
  decoyAssignmentsSchema,
  decoyCaptureResultSchema,
  decoyUploadResultSchema,
  type DecoyAssignments,
  type DecoyEvent,
  type DecoyRecordingChunk,
  type DecoySensorStatus,
  type DecoyUploadResult,
} from '@cynex/core';
import type { z } from 'zod';

export type HubErrorCode =
  'HUB_UNAUTHORIZED' | 'HUB_FORBIDDEN' | 'HUB_UNREACHABLE' | 'HUB_REJECTED' | 'HUB_FAILED' | 'HUB_BAD_RESPONSE';

/** A failed call to the hub. `retryable`: the hub was down or busy; the same call may succeed later. */
export class HubError extends Error {
  constructor(
    readonly code: HubErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'HubError';
  }

  get retryable(): boolean {
    return this.code === 'HUB_UNREACHABLE' || this.code === 'HUB_FAILED';
  }

  /** The credential is wrong for this sensor: retrying cannot help until an operator acts. */
  get refused(): boolean {
    return this.code === 'HUB_UNAUTHORIZED' || this.code === 'HUB_FORBIDDEN';
  }
}

export interface HubClientOptions {
  hubUrl: string;
  sensorId: string;
  credential: string;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
}

/**
 * The sensor's side of the wire in core's sync.ts. The credential goes only into the Authorization header and never
 * into a message, a log line or an error.
 */
export class HubClient {
  private readonly base: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: HubClientOptions) {
    this.base = options.hubUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetchImpl ?? fetch;
  }

  async assignments(): Promise<DecoyAssignments> {
    const path = `/api/v1/decoy/sensors/${encodeURIComponent(this.options.sensorId)}/assignments`;
    return this.call('GET', path, undefined, decoyAssignmentsSchema);
  }

  async status(status: DecoySensorStatus): Promise<void> {
    const path = `/api/v1/decoy/sensors/${encodeURIComponent(this.options.sensorId)}/status`;
    await this.call('POST', path, JSON.stringify(status));
  }

  async events(events: DecoyEvent[]): Promise<DecoyUploadResult> {
    const body = JSON.stringify({ sensorId: this.options.sensorId, events });
    return this.call('POST', '/api/v1/decoy/events', body, decoyUploadResultSchema);
  }

  async recordings(chunks: DecoyRecordingChunk[]): Promise<DecoyUploadResult> {
    const body = JSON.stringify({ sensorId: this.options.sensorId, chunks });
    return this.call('POST', '/api/v1/decoy/recordings', body, decoyUploadResultSchema);
  }

  async capture(sha256: string, bytes: Buffer): Promise<void> {
    await this.call('PUT', `/api/v1/decoy/captures/${sha256}`, bytes, decoyCaptureResultSchema);
  }

  private async call<T>(method: string, path: string, body: string | Buffer | undefined, schema?: z.ZodType<T>) {
    const headers: Record<string, string> = { authorization: `Bearer ${this.options.credential}` };
    if (body !== undefined)
      headers['content-type'] = typeof body === 'string' ? 'application/json' : 'application/octet-stream';
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : typeof body === 'string' ? body : new Uint8Array(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      const { cause } = error as { cause?: { code?: string; message?: string } };
      const reason = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new HubError('HUB_UNREACHABLE', `the hub at ${this.base} is unreachable (${reason})`);
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) throw this.failure(response.status, method, path, text);
    if (!schema) return undefined as T;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new HubError('HUB_BAD_RESPONSE', `${method} ${path}: the hub answered with something that is not JSON`);
    }
    const result = schema.safeParse(parsed);
    if (!result.success)
      throw new HubError('HUB_BAD_RESPONSE', `${method} ${path}: unexpected answer: ${result.error.message}`);
    return result.data;
  }

  private failure(status: number, method: string, path: string, text: string): HubError {
    const detail = text.slice(0, 300).replace(/\s+/g, ' ');
    if (status === 401)
      return new HubError(
        'HUB_UNAUTHORIZED',
        'the hub refused the sensor credential (401): this credential is unknown or has been revoked; ' +
          'ask a platform admin for a new sensor credential',
        status,
      );
    if (status === 403)
      return new HubError(
        'HUB_FORBIDDEN',
        `the hub refused the sensor credential for sensor "${this.options.sensorId}" (403): ` +
          'it belongs to another sensor or may not upload decoy data',
        status,
      );
    if (status >= 500 || status === 429 || status === 408)
      return new HubError('HUB_FAILED', `${method} ${path}: the hub answered ${status} ${detail}`, status);
    return new HubError(
      'HUB_REJECTED',
      `${method} ${path}: the hub rejected the request (${status}) ${detail}`,
      status,
    );
  }
}
