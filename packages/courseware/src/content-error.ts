/** Why a file of the content was refused; every error names the file and, when known, the line and column. */
export type ContentErrorCode =
  | 'YAML_SYNTAX'
  | 'SCHEMA'
  | 'INSTRUCTOR_MISSING'
  | 'UNKNOWN_KSA'
  | 'BAD_KSA_LEVEL'
  | 'UNKNOWN_WORK_ROLE'
  | 'MISSING_LANGUAGE'
  | 'PAGE_MISSING'
  | 'PAGE_NOT_LISTED'
  | 'TOO_MANY_PAGES'
  | 'ACQUIRED_MISMATCH'
  | 'ANSWER_NOT_OPTION'
  | 'DUPLICATE_ID'
  | 'ID_MISMATCH'
  | 'UNKNOWN_MODULE'
  | 'MODULE_INVALID'
  | 'ASSESSMENT_INVALID'
  | 'UNKNOWN_ASSESSMENT'
  | 'ASSESSMENT_KIND'
  | 'PAIRED_KSA_MISMATCH'
  | 'UNKNOWN_LAB'
  | 'UNKNOWN_EXERCISE'
  | 'LAB_REQUIRED_WITHOUT_LAB'
  | 'ASSET_TOO_LARGE'
  | 'ASSET_TYPE'
  | 'ASSET_MISSING'
  | 'IMAGE_NOT_ASSET'
  | 'RAW_HTML'
  | 'FILE_TOO_LARGE'
  | 'FILE_MISSING'
  | 'NOT_UTF8'
  | 'UNEXPECTED_FILE'
  | 'SYMLINK'
  | 'ZIP_INVALID'
  | 'ZIP_UNSAFE_PATH'
  | 'ZIP_SYMLINK'
  | 'ZIP_TOO_MANY_ENTRIES'
  | 'ZIP_TOO_LARGE'
  | 'ZIP_ENTRY_TOO_LARGE'
  | 'ZIP_UNSUPPORTED'
  | 'CTFD_REGEX_FLAG'
  | 'CTFD_NO_FLAG'
  | 'CTFD_UNSUPPORTED';

export interface ContentError {
  code: ContentErrorCode;
  /** Path of the file, relative to the content root (`modules/x/pages/01-a.ja.md`) or the archive. */
  file: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
  message: string;
}

/** `modules/x/pages/01-a.ja.md:4:11: unknown NICE id K9999 in "acquired"` */
export function formatContentError(error: ContentError): string {
  let where = error.file;
  if (error.line !== undefined) where += `:${String(error.line)}`;
  if (error.line !== undefined && error.column !== undefined) where += `:${String(error.column)}`;
  return `${where}: ${error.message}`;
}

export interface Position {
  line?: number;
  column?: number;
}

/** Collects errors for one file so that call sites only say what and where. */
export class ErrorSink {
  readonly errors: ContentError[] = [];

  add(code: ContentErrorCode, file: string, message: string, at: Position = {}): void {
    this.errors.push({ code, file, ...definedPosition(at), message });
  }

  get count(): number {
    return this.errors.length;
  }
}

function definedPosition(at: Position): Position {
  const out: Position = {};
  if (at.line !== undefined) out.line = at.line;
  if (at.column !== undefined) out.column = at.column;
  return out;
}
