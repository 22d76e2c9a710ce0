// 文書ポータルのファイル選択 / How the document portal picks the file to read.
// The server calls these two functions with a base directory and the name from the address, reads the path they
// return and sends it. Throw an error with `status: 400` for a bad name or `status: 404` for a missing file (a file
// that does not exist is shown as "not found" anyway).
//   resolveDocument(baseDir, name)       download?file=<name>  → a document under baseDir (public/docs)
//   resolveTemplate(baseDir, name, lang) page?name=<name>      → a page template under baseDir/<lang> (ja or en)
import path from 'node:path';

function badName() {
  return Object.assign(new Error('bad name'), { status: 400 });
}

// 親ディレクトリへの移動（../）を取り除く / Remove every "../" so the name cannot climb out of the folder.
export function resolveDocument(baseDir, name) {
  const safe = name.replaceAll('../', '');
  // Old links in mails carry the file name still percent-encoded (%E8%AD%B0…): decode it.
  return path.join(baseDir, decodeURIComponent(safe));
}

// A template name must not start with ".." or "/".
export function resolveTemplate(baseDir, name, lang) {
  if (name.startsWith('..') || name.startsWith('/')) throw badName();
  const file = path.extname(name) ? name : `${name}.html`;
  return path.join(baseDir, lang, file);
}
