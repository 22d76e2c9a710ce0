// 文書ポータルのファイル選択 / How the document portal picks the file to read.
// The server calls these two functions with a base directory and the name from the address, reads the path they
// return and sends it. Throw an error with `status: 400` for a bad name or `status: 404` for a missing file (a file
// that does not exist is shown as "not found" anyway).
//   resolveDocument(baseDir, name)       download?file=<name>  → a document under baseDir (public/docs)
//   resolveTemplate(baseDir, name, lang) page?name=<name>      → a page template under baseDir/<lang> (ja or en)
import path from 'node:path';

export function resolveDocument(baseDir, name) {
  return path.join(baseDir, name);
}

// A name without an extension is a page template (guide → guide.html).
export function resolveTemplate(baseDir, name, lang) {
  const file = path.extname(name) ? name : `${name}.html`;
  return path.join(baseDir, lang, file);
}
