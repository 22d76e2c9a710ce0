/** A module's files by path relative to its folder (`module.yaml`, `pages/01-a.ja.md`, `assets/x.png`). */
export interface FileEntry {
  /** The size on disk or in the archive. */
  size: number;
  /** The content; empty when the file was too large to read (its size error is reported instead). */
  bytes: Uint8Array;
}
export type FileSet = ReadonlyMap<string, FileEntry>;

export const CONTENT_LIMITS = {
  /** module.yaml, pages, quiz, assessment and course files */
  textFileBytes: 256 * 1024,
  /** each file under assets/ */
  assetBytes: 1024 * 1024,
  pagesPerModule: 200,
  /** files read from one module folder (pages × languages + assets + 2) */
  filesPerModule: 1000,
} as const;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** The text of UTF-8 `bytes` without a byte-order mark, or undefined when they are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}
