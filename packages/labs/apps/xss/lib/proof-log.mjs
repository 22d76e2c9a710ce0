import { appendFileSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

/**
 * Which rendered pages carried script from untrusted input, and the proofs that such script ran.
 *
 * Every page gets a random render id; the server remembers for a while what each page carried (the injected script
 * it found, and whether it came from the search query or from stored posts). lab-probe.js, loaded first in every
 * page, reports a call of alert/confirm/prompt/print with the page's render id. A report counts only when that page
 * really carried injected script, so neither calling alert() from the browser's console on a clean page nor posting
 * a made-up report with curl earns anything.
 */

/** How many renders are remembered, and for how long. */
const MAX_RENDERS = 2000;
const RENDER_TTL_MS = 30 * 60_000;
const MAX_EVENTS_BYTES = 1024 * 1024;
const RENDER_ID = /^[A-Za-z0-9_-]{22}$/;
const OBJECTIVES = { reflected: 'xss-reflected', stored: 'xss-stored' };

export const PROOF_KINDS = ['alert', 'confirm', 'prompt', 'print'];

function objectivesAlreadyMet(eventsFile) {
  try {
    const text = readFileSync(eventsFile, 'utf8').slice(0, MAX_EVENTS_BYTES);
    const met = new Set();
    for (const line of text.split('\n')) {
      try {
        const event = JSON.parse(line);
        if (event?.type === 'exploit' && Object.values(OBJECTIVES).includes(event.objective)) met.add(event.objective);
      } catch {
        // a cut-off or foreign line
      }
    }
    return met;
  } catch {
    return new Set();
  }
}

export function createProofLog({ instanceDir, now = Date.now }) {
  const eventsFile = path.join(instanceDir, 'events.jsonl');
  /** render id → { at, page, injected: { reflected: string[], stored: string[] }, proved: Set } */
  const renders = new Map();
  const met = objectivesAlreadyMet(eventsFile);

  function record(objective, detail) {
    const event = { type: 'exploit', objective, at: new Date(now()).toISOString(), detail };
    appendFileSync(eventsFile, `${JSON.stringify(event)}\n`);
    met.add(objective);
  }

  function forget() {
    const cutoff = now() - RENDER_TTL_MS;
    for (const [id, render] of renders) {
      if (renders.size <= MAX_RENDERS && render.at >= cutoff) break;
      renders.delete(id);
    }
  }

  return {
    newRenderId() {
      return randomBytes(16).toString('base64url');
    },

    /** What the page `renderId` carried: `injected.reflected` / `injected.stored` list the script found. */
    remember(renderId, page, injected) {
      renders.set(renderId, { at: now(), page, injected, proved: new Set() });
      forget();
    },

    /** The objectives met so far in this instance (for the flag box). */
    met() {
      return [...met];
    },

    /**
     * A report from lab-probe.js. Returns `{ counted, objectives, reason }`; a counted report is recorded once per
     * page and objective in events.jsonl.
     */
    prove({ render, kind, message }) {
      if (typeof render !== 'string' || !RENDER_ID.test(render)) return { counted: false, reason: 'no render id' };
      if (!PROOF_KINDS.includes(kind)) return { counted: false, reason: 'unknown kind' };
      const page = renders.get(render);
      if (!page || page.at < now() - RENDER_TTL_MS) {
        return { counted: false, reason: 'unknown or expired render id: load the page again' };
      }
      const sources = Object.keys(OBJECTIVES).filter((source) => page.injected[source].length > 0);
      if (sources.length === 0) {
        return { counted: false, reason: 'that page showed every input as text: the script that ran was not from it' };
      }
      const call = `${kind}(${JSON.stringify(String(message ?? '').slice(0, 100))})`;
      const objectives = sources.map((source) => OBJECTIVES[source]);
      for (const [i, source] of sources.entries()) {
        const objective = objectives[i];
        if (page.proved.has(objective)) continue;
        page.proved.add(objective);
        const from = source === 'reflected' ? 'the search query' : 'a stored post';
        record(
          objective,
          `${call} ran on the ${page.page} page, which showed ${from} as markup (${page.injected[source].join(', ')})`,
        );
      }
      return { counted: true, objectives };
    },
  };
}
