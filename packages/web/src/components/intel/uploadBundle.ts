import { ApiError, apiUrl, csrfToken, type FieldProblem } from '../../api';
import type { Scope, Tlp } from '../../types';
import type { StixImportSummary } from '../../types/intel';

export interface BundleTarget {
  ownerOrgId: string;
  scope: Scope;
  tlp: Tlp;
  sharingGroupId?: string | undefined;
  fileName: string;
}

export interface UploadProgress {
  loaded: number;
  total: number;
}

const isSummary = (value: unknown): value is StixImportSummary =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { id?: unknown }).id === 'string' &&
  ((value as { status?: unknown }).status === 'complete' || (value as { status?: unknown }).status === 'failed');

/**
 * What an answer of POST /intel/bundles means: an import that ran (200 complete, 400 failed: both carry the
 * summary), or a refusal before it started (the hub's `{ error }`, e.g. a sharing the marking forbids).
 */
export function importAnswer(status: number, text: string): StixImportSummary | ApiError {
  if (status === 0) return new ApiError(0, 'NETWORK', 'the hub could not be reached');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if ((status === 200 || status === 400) && isSummary(body)) return body;
  const error = (body as { error?: { code?: unknown; message?: unknown; fields?: unknown } } | undefined)?.error;
  return new ApiError(
    status,
    typeof error?.code === 'string' ? error.code : `HTTP_${status}`,
    typeof error?.message === 'string' ? error.message : text.slice(0, 200),
    { fields: Array.isArray(error?.fields) ? (error.fields as FieldProblem[]) : [] },
  );
}

/**
 * Sends a bundle file to the hub with XMLHttpRequest, which (unlike fetch) reports upload progress. The file is
 * sent as it is, read from disk by the browser; the CSRF header is the one api.ts adds to every write. `done`
 * resolves with the import's summary, or null when the upload was aborted.
 */
export function uploadBundle(
  file: Blob,
  target: BundleTarget,
  onProgress: (progress: UploadProgress) => void,
): { done: Promise<StixImportSummary | null>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<StixImportSummary | null>((resolve, reject) => {
    xhr.open(
      'POST',
      apiUrl('/intel/bundles', {
        ownerOrgId: target.ownerOrgId,
        scope: target.scope,
        tlp: target.tlp,
        sharingGroupId: target.scope === 'sharing_group' ? target.sharingGroupId : undefined,
        fileName: target.fileName.slice(0, 255),
      }),
    );
    xhr.withCredentials = true;
    xhr.setRequestHeader('content-type', 'application/json');
    xhr.setRequestHeader('accept', 'application/json');
    const token = csrfToken();
    if (token) xhr.setRequestHeader('x-csrf-token', token);
    xhr.upload.onprogress = (event) => {
      onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
    };
    xhr.onload = () => {
      const answer = importAnswer(xhr.status, xhr.responseText);
      if (answer instanceof ApiError) reject(answer);
      else resolve(answer);
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'the hub could not be reached'));
    xhr.onabort = () => resolve(null);
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
