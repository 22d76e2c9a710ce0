// 文書ポータルのファイル選択 / How the document portal picks the file to read.
// The server calls these two functions with a base directory and the name from the address, reads the path they
// return and sends it. Throw an error with `status: 400` for a bad name or `status: 404` for a missing file (a file
// that does not exist is shown as "not found" anyway).
//   resolveDocument(baseDir, name)       download?file=<name>  → a document under baseDir (public/docs)
//   resolveTemplate(baseDir, name, lang) page?name=<name>      → a page template under baseDir/<lang> (ja or en)
import { realpathSync } from 'node:fs';
import path from 'node:path';

function badName() {
  return Object.assign(new Error('bad name'), { status: 400 });
}

function notFound() {
  return Object.assign(new Error('not found'), { status: 404 });
}

/**
 * The real path of `name` inside `baseDir`, or an error. The name arrives decoded once by the server and is never
 * decoded again (that would turn %2e%2e%2f into ../ after the check). `path.resolve` gives the absolute result of
 * every ../, / and // in it; `realpath` then follows symbolic links, so that a link inside the folder that points
 * outside is caught as well. Both are compared with the base plus a separator, so /docs-old is not inside /docs.
 */
function insideBase(baseDir, name) {
  if (name === '' || name.includes('\0')) throw badName();
  const base = realpathSync(baseDir);
  const target = path.resolve(base, name);
  if (!target.startsWith(base + path.sep)) throw badName();
  let real;
  try {
    real = realpathSync(target);
  } catch {
    throw notFound();
  }
  if (!real.startsWith(base + path.sep)) throw notFound();
  return real;
}

export function resolveDocument(baseDir, name) {
  return insideBase(baseDir, name);
}

// Templates have plain names (guide, notice): anything else is not a template, whatever the folder holds.
export function resolveTemplate(baseDir, name, lang) {
  if (!/^[a-z0-9-]{1,64}$/.test(name)) throw badName();
  return insideBase(path.join(baseDir, lang), `${name}.html`);
}
