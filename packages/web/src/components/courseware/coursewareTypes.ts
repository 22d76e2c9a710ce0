/** The hub's courseware API as the console reads it (packages/hub/src/modules/courseware). */
import type { Bilingual, Lang } from '../../types';

export type Difficulty = 'beginner' | 'intermediate' | 'advanced';
export type KsaKind = 'knowledge' | 'skill' | 'ability';

export interface ModuleSummary {
  id: string;
  /** The slug of the organisation whose courseware package holds the module; null for the platform's content. */
  provider?: string | null;
  title: Bilingual;
  summary: Bilingual;
  difficulty: Difficulty;
  durationMinutes: number;
  languages: Lang[];
  workRoles: string[];
  topics: string[];
  /** KSA references the learner needs before: `K0060_1`. */
  prerequisites: string[];
  /** KSA references the module's pages give. */
  acquired: string[];
  lab: string | null;
  exercise: string | null;
  pages: number;
  quizItems: number;
}

export interface ModuleList {
  items: ModuleSummary[];
  facets: { topics: string[]; workRoles: { id: string; name: string }[] };
}

export interface KsaRow {
  /** NICE id: K0060 */
  id: string;
  kind: KsaKind;
  level: number;
  /** The level's label in the requested language: 応用 / apply */
  levelLabel: string;
  /** The NICE statement (English). */
  text: string;
  /** Acquired table only: the pages giving it. */
  pages: string[];
}

export interface KsaTable {
  knowledge: KsaRow[];
  skills: KsaRow[];
  abilities: KsaRow[];
}

export interface PageListEntry {
  id: string;
  title: Partial<Bilingual>;
  acquired: string[];
}

export interface ModuleDetail extends ModuleSummary {
  prerequisiteTable: KsaTable;
  acquiredTable: KsaTable;
  pageList: PageListEntry[];
}

export interface InstructorNotes {
  goal: string;
  flow: string;
  keyPoints: string[];
}

export interface ModulePage {
  moduleId: string;
  id: string;
  lang: Lang;
  title: string;
  acquired: string[];
  /** Rendered by the hub from Markdown (no raw HTML passes). */
  html: string;
  prev: string | null;
  next: string | null;
  languages: Lang[];
  /** Only for instructors and admins. */
  instructor?: InstructorNotes;
}

export type QuizKind = 'single' | 'multi' | 'short' | 'numeric' | 'flag';

export interface QuizItem {
  id: string;
  kind: QuizKind;
  points: number;
  ksa: string[];
  prompt: string;
  options?: { id: string; text: string }[];
}

export type QuizAnswer = string | string[] | number;

export interface QuizCheck {
  results: { id: string; correct: boolean; explanation: string | null }[];
  score: number;
  max: number;
}

export interface Course {
  id: string;
  title: Bilingual;
  summary: Bilingual;
  modules: string[];
  workRoles: string[];
  preAssessment: string | null;
  postAssessment: string | null;
}

export interface WorkRole {
  id: string;
  name: string;
  category: string;
  ksaCount: number;
}

export interface CourseCoverage {
  course: unknown;
  workRole: { id: string; name: string; category: string };
  covered: { id: string; kind: KsaKind; level: number; levelLabel: string; text: string; modules: string[] }[];
  /** kind is null for an id the NICE catalogue has no statement for */
  missing: { id: string; kind: KsaKind | null; text: string }[];
  /** 0–1 */
  share: number;
}
