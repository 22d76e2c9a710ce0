/** Small pure helpers the Training pages share: KSA references, content language, texts, paths, quiz answers. */
import type { Bilingual, Lang } from '../../types';
import type { QuizAnswer, QuizItem } from './coursewareTypes';

export const KSA_LEVELS = [1, 2, 3, 4, 5, 6] as const;

const KSA_REF = /^([KSA]\d{4})_([1-6])$/;
/** What the catalogue's KSA filter takes: an id (any level) or an id at a level. */
export const KSA_FILTER = /^[KSA]\d{4}(_[1-6])?$/;

/** `K0060_2` → { id: 'K0060', level: 2 }; undefined for anything else. */
export function parseKsaRef(ref: string): { id: string; level: number } | undefined {
  const match = KSA_REF.exec(ref);
  return match ? { id: match[1]!, level: Number(match[2]) } : undefined;
}

/** The language to read a module in: the console's when the module has it, else the module's first. */
export function defaultContentLang(languages: readonly Lang[], uiLang: Lang): Lang {
  return languages.includes(uiLang) || languages.length === 0 ? uiLang : languages[0]!;
}

/** A text that may exist in one language only (page titles), in the language or the other one. */
export function pickPartial(text: Partial<Bilingual> | string | undefined, lang: Lang): string {
  if (text === undefined) return '';
  if (typeof text === 'string') return text;
  return (lang === 'ja' ? text.ja || text.en : text.en || text.ja) ?? '';
}

/** 0.4567 → "45.7" style percentage text with one decimal at most. */
export function percent(share: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', {
    style: 'percent',
    maximumFractionDigits: 1,
  }).format(share);
}

/** Reader and module paths, encoded once here. */
export const trainingPath = {
  module: (moduleId: string) => `/training/modules/${encodeURIComponent(moduleId)}`,
  page: (moduleId: string, pageId: string, lang?: Lang) =>
    `/training/modules/${encodeURIComponent(moduleId)}/pages/${encodeURIComponent(pageId)}${lang ? `?lang=${lang}` : ''}`,
  course: (courseId: string) => `/training/courses/${encodeURIComponent(courseId)}`,
  api: {
    module: (moduleId: string) => `/courseware/modules/${encodeURIComponent(moduleId)}`,
    page: (moduleId: string, pageId: string) =>
      `/courseware/modules/${encodeURIComponent(moduleId)}/pages/${encodeURIComponent(pageId)}`,
    quiz: (moduleId: string) => `/courseware/modules/${encodeURIComponent(moduleId)}/quiz`,
    coverage: (courseId: string) => `/courseware/courses/${encodeURIComponent(courseId)}/coverage`,
  },
};

/** A draft as typed: option ids for choices, text for the others. */
export type QuizDraft = string | string[];

/** What the hub takes for an item, or undefined when it is unanswered. */
export function quizAnswerOf(item: QuizItem, draft: QuizDraft | undefined): QuizAnswer | undefined {
  if (draft === undefined) return undefined;
  if (item.kind === 'multi') return Array.isArray(draft) && draft.length > 0 ? draft : undefined;
  const text = (Array.isArray(draft) ? (draft[0] ?? '') : draft).trim();
  if (text === '') return undefined;
  if (item.kind === 'numeric') {
    const value = Number(text);
    return Number.isFinite(value) ? value : undefined;
  }
  return text;
}
