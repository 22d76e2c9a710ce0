import { createLearnerShell } from './shell.mjs';

const SID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The learner's scratch machines behind `POST /__shell`: one learner-pc (its own filesystem, cwd and variables) per
 * session id, the least recently used dropped beyond `max`. Nothing run here is judged as an exploit: it never
 * touches diag01.
 */
export function createScratchTerminals({ max = 32 } = {}) {
  const sessions = new Map();
  return {
    isValidId: (sid) => typeof sid === 'string' && SID.test(sid),
    /** The session for `sid`, made on first use. */
    get(sid) {
      let session = sessions.get(sid);
      if (session) sessions.delete(sid);
      else session = createLearnerShell().session();
      sessions.set(sid, session);
      if (sessions.size > max) sessions.delete(sessions.keys().next().value);
      return session;
    },
  };
}
