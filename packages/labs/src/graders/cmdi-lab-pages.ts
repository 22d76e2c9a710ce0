import type { LabResponse, SendToLab } from './grader-types.js';

/**
 * Reads the diagnostics lab's page (packages/labs/apps/cmdi/lib/pages.mjs) the way a user sees it: the command's
 * output, a refusal, an error box and the flag box. The learner edits only handler.mjs, so these marks are stable.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ENTITIES[name] ?? '');
}

/** What one diagnostics request showed, and how long it took. */
export interface DiagnoseView {
  status: number;
  /** The text of the output box (`<pre data-output>`), '' when there is none. */
  output: string;
  /** The handler refused the input (a message instead of output). */
  rejected: boolean;
  /** The handler threw or did not load. */
  error: boolean;
  flag: boolean;
  ms: number;
}

export function readDiagnose(res: LabResponse, ms: number): DiagnoseView {
  const output = /<pre class="output" data-output>(.*?)<\/pre>/s.exec(res.body)?.[1];
  return {
    status: res.status,
    output: unescapeHtml(output ?? ''),
    rejected: res.body.includes('data-error="rejected"'),
    error: res.status >= 500 || res.body.includes('data-error="handler"'),
    flag: res.body.includes('data-lab-flag'),
    ms,
  };
}

/** The lab's form as a call; English pages so that details read the same for everyone. */
export function cmdiLabClient(send: SendToLab) {
  return {
    async diagnose(tool: string, host: string): Promise<DiagnoseView> {
      const query = new URLSearchParams({ lang: 'en', tool, host }).toString();
      const started = performance.now();
      const res = await send({ method: 'GET', path: `/diagnose?${query}` });
      return readDiagnose(res, performance.now() - started);
    },
  };
}

export type CmdiLabClient = ReturnType<typeof cmdiLabClient>;
