// app-source: minato-docs-portal (cynex traversal lab)
import { appendFileSync, realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * Looks at every file the portal is about to send, after the learner's handler chose it and it was read, and
 * records each successful exploit in `<instanceDir>/events.jsonl` for the runner:
 * - `traversal-read`: the bytes hold a secret of private/config.ini or private/users.csv (whatever path led there);
 * - `traversal-source`: the file really is the portal's own code: a file of the app directory other than its page
 *   templates, a module it imports from the apps' _shared folder, or the instance's handler.mjs (resolved with
 *   realpath, so a symlink or `..` cannot hide it).
 */
export function createLeakWatch({ instanceDir, appDir, secrets }) {
  const eventsFile = path.join(instanceDir, 'events.jsonl');
  const realAppDir = realpathSync(appDir);
  const templatesDir = path.join(realAppDir, 'templates') + path.sep;
  const sharedDir = path.join(path.dirname(realAppDir), '_shared') + path.sep;
  const handlerFile = path.join(realpathSync(instanceDir), 'handler.mjs');

  function record(objective, detail) {
    const event = { type: 'exploit', objective, at: new Date().toISOString(), detail };
    appendFileSync(eventsFile, `${JSON.stringify(event)}\n`);
  }

  function isSource(realFile) {
    if (realFile === handlerFile || realFile.startsWith(sharedDir)) return true;
    return realFile.startsWith(realAppDir + path.sep) && !realFile.startsWith(templatesDir);
  }

  return {
    /**
     * Checks one file about to be served through `via` ('download' or 'page'); returns the objective it meets
     * (and records it), or undefined for an ordinary file.
     */
    inspect({ via, name, file, bytes }) {
      if (secrets.some((secret) => bytes.includes(secret))) {
        record(
          'traversal-read',
          `the ${via} of ${JSON.stringify(name)} served the private file ${path.basename(file)}`,
        );
        return 'traversal-read';
      }
      let realFile;
      try {
        realFile = realpathSync(file);
      } catch {
        return undefined;
      }
      if (!isSource(realFile)) return undefined;
      const shown = realFile === handlerFile ? 'handler.mjs' : path.relative(realAppDir, realFile);
      record('traversal-source', `the ${via} of ${JSON.stringify(name)} served the portal's source ${shown}`);
      return 'traversal-source';
    },
  };
}
