import type { ErrorSink } from '../content-error.js';
import { CONTENT_LIMITS, decodeUtf8, type FileEntry } from './file-set.js';

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];

const startsWith = (bytes: Uint8Array, magic: readonly number[]) => magic.every((b, i) => bytes[i] === b);

/** Script in an SVG would run when the image is opened on its own, so an SVG asset is plain drawing only. */
const SVG_ACTIVE = /<script|<foreignObject|\son[a-z]+\s*=|javascript:|<iframe|<embed|<object/i;

/** `assets/<name>`: png, jpg or svg whose content is what the name says, ≤ 1 MiB. */
export function checkAsset(name: string, displayPath: string, entry: FileEntry, sink: ErrorSink): void {
  if (entry.size > CONTENT_LIMITS.assetBytes) {
    sink.add('ASSET_TOO_LARGE', displayPath, `asset is ${String(entry.size)} bytes; at most 1 MiB (1048576)`);
    return;
  }
  const ext = /\.([a-z]+)$/.exec(name.toLowerCase())?.[1] ?? '';
  switch (ext) {
    case 'png':
      if (!startsWith(entry.bytes, PNG)) sink.add('ASSET_TYPE', displayPath, 'named .png but is not a PNG image');
      return;
    case 'jpg':
    case 'jpeg':
      if (!startsWith(entry.bytes, JPEG)) sink.add('ASSET_TYPE', displayPath, 'named .jpg but is not a JPEG image');
      return;
    case 'svg': {
      const text = decodeUtf8(entry.bytes);
      if (text === undefined || !/<svg[\s>]/.test(text)) {
        sink.add('ASSET_TYPE', displayPath, 'named .svg but is not an SVG image (UTF-8 with an <svg> element)');
      } else if (SVG_ACTIVE.test(text)) {
        sink.add('ASSET_TYPE', displayPath, 'SVG with script, event handlers or embedded content is refused');
      }
      return;
    }
    default:
      sink.add(
        'ASSET_TYPE',
        displayPath,
        `assets are png, jpg or svg; not ${ext === '' ? 'a file without extension' : `.${ext}`}`,
      );
  }
}
