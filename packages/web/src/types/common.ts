/**
 * Shared shapes of the hub's REST API v1 (docs/api.md): the language, bilingual texts, item lists, and the enum
 * types that come from @cynex/core as types only.
 */
export type {
  CaseFacts,
  DosEvent,
  ProgressLevel,
  Programme,
  Role,
  ScanEvent,
  Scope,
  Sector,
  SourceProfile,
  SourceTag,
  Tlp,
} from '@cynex/core';

export type Lang = 'ja' | 'en';

export interface Bilingual {
  en: string;
  ja: string;
}

export interface Items<T> {
  items: T[];
}
