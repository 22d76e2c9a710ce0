import {
  SHIPPED_CONTENT_DIR,
  acquiredTable,
  courseCoverage,
  formatContentError,
  ksaLevelLabel,
  loadContentTree,
  loadScenarios,
  niceCatalogue,
  parseKsaRef,
  prerequisiteTable,
  readLabIds,
  type Assessment,
  type ContentTree,
  type Course,
  type Lang,
  type LearningModule,
  type LocalizedText,
  type Scenario,
} from '@cynex/courseware';
import { DEFAULT_APPS_DIR, listExercises } from '@cynex/labs';
import { AppError } from '../../errors.js';
import { requireUser, type Actor } from '../../platform/actor.js';
import { renderMarkdown } from './markdown.js';
import { ownerSlugOf } from './package-library.js';
import { isCorrect } from './quiz-check.js';

const INSTRUCTOR_ROLES = new Set(['instructor', 'org_admin']);
const API = '/api/v1/courseware';

/** A text in the language asked for, else in the other one. */
const textIn = (text: LocalizedText | undefined, lang: Lang): string => text?.[lang] ?? text?.en ?? text?.ja ?? '';

export interface ModuleFilter {
  q?: string | undefined;
  ksa?: string | undefined;
  workRole?: string | undefined;
  level?: number | undefined;
  topic?: string | undefined;
  lang?: Lang | undefined;
}

function acquiredOf(module: LearningModule): string[] {
  return [...new Set(module.pages.flatMap((p) => p.acquired))];
}

function summary(module: LearningModule) {
  const { meta } = module;
  return {
    id: module.id,
    /** The organisation whose package holds the module, or null for the platform's own content. */
    provider: ownerSlugOf(module.id) ?? null,
    title: meta.title,
    summary: meta.summary,
    difficulty: meta.difficulty,
    durationMinutes: meta.durationMinutes,
    languages: meta.languages,
    workRoles: meta.workRoles,
    topics: meta.topics,
    prerequisites: meta.prerequisites,
    acquired: acquiredOf(module),
    lab: meta.lab ?? null,
    exercise: meta.exercise ?? null,
    pages: module.pages.length,
    quizItems: module.quiz.length,
  };
}

function matches(module: LearningModule, filter: ModuleFilter): boolean {
  const { meta } = module;
  const acquired = acquiredOf(module);
  if (filter.lang && !meta.languages.includes(filter.lang)) return false;
  if (filter.topic && !meta.topics.includes(filter.topic)) return false;
  if (filter.workRole && !meta.workRoles.includes(filter.workRole)) return false;
  if (filter.level && !acquired.some((ref) => parseKsaRef(ref)?.level === filter.level)) return false;
  if (filter.ksa) {
    const wanted = filter.ksa.toUpperCase();
    const refs = [...acquired, ...meta.prerequisites];
    const hit = wanted.includes('_') ? refs.includes(wanted) : refs.some((ref) => ref.split('_')[0] === wanted);
    if (!hit) return false;
  }
  if (filter.q) {
    const q = filter.q.normalize('NFKC').toLowerCase();
    const haystack = [meta.title.ja, meta.title.en, meta.summary.ja, meta.summary.en, module.id, ...meta.topics]
      .filter(Boolean)
      .join('\n')
      .normalize('NFKC')
      .toLowerCase();
    if (!haystack.includes(q)) return false;
  }
  return true;
}

/** Providers' packages as content (the hub's PackageLibrary), ids qualified as `<org-slug>.<id>`. */
export interface PackageContent {
  /** The content of the packages the actor may use: by the sharing policy, or as a member of a cohort. */
  visibleTo(actor: Actor): Promise<ContentTree[]>;
  /** The package content holding a qualified id, whoever asks. */
  byQualifiedId(id: string): Promise<ContentTree | undefined>;
}

type Content = Pick<ContentTree, 'modules' | 'courses' | 'assessments'>;

/**
 * The courseware catalogue: the modules, courses and assessments shipped with the platform, read and validated
 * once, and those of the providers' packages the caller may read by the sharing rule (the others answer 404 as
 * unknown ids). Every signed-in member reads the learner's side; the instructor notes of a page go only to
 * instructors and organisation admins (of any organisation) and platform admins — never to a learner, in no response.
 */
export class CoursewareService {
  private treePromise: Promise<ContentTree> | undefined;
  private scenariosPromise: Promise<Scenario[]> | undefined;
  private readonly renderedPages = new WeakMap<object, string>();

  constructor(
    private readonly contentDir: string = SHIPPED_CONTENT_DIR,
    private readonly warn: (message: string) => void = () => undefined,
    /** Providers' packages: each caller also gets the modules and courses of those it may read. */
    private readonly packages?: PackageContent,
  ) {}

  private tree(): Promise<ContentTree> {
    this.treePromise ??= (async () => {
      const exerciseIds = (await listExercises()).map((e) => e.id);
      const tree = await loadContentTree(this.contentDir, {
        labIds: await readLabIds(DEFAULT_APPS_DIR),
        exerciseIds,
      });
      for (const error of tree.errors) this.warn(`courseware: ${formatContentError(error)}`);
      return tree;
    })();
    return this.treePromise;
  }

  /** The shipped content and that of the packages the actor may read. */
  private async contentFor(actor: Actor): Promise<Content> {
    const shipped = await this.tree();
    const trees = this.packages ? await this.packages.visibleTo(actor) : [];
    return {
      modules: [...shipped.modules, ...trees.flatMap((t) => t.modules)],
      courses: [...shipped.courses, ...trees.flatMap((t) => t.courses)],
      assessments: [...shipped.assessments, ...trees.flatMap((t) => t.assessments)],
    };
  }

  /** The shipped content, or the package content holding a qualified id (no caller: for cohorts). */
  private async contentById(id: string): Promise<Content> {
    if (ownerSlugOf(id) === undefined) return this.tree();
    return (await this.packages?.byQualifiedId(id)) ?? { modules: [], courses: [], assessments: [] };
  }

  /**
   * The course, for other modules of the hub. Without an actor there is no access check (callers decide who sees
   * what, e.g. a cohort's members); with one, only a course the actor may read (shipped or in a visible package).
   */
  async courseById(id: string, actor?: Actor): Promise<Course | undefined> {
    const content = actor ? await this.contentFor(actor) : await this.contentById(id);
    return content.courses.find((c) => c.id === id);
  }

  /** The assessment with its answer keys, for grading inside the hub; never send it as it is. */
  async assessmentById(id: string): Promise<Assessment | undefined> {
    return (await this.contentById(id)).assessments.find((a) => a.id === id);
  }

  async moduleById(id: string): Promise<LearningModule | undefined> {
    return (await this.contentById(id)).modules.find((m) => m.id === id);
  }

  /** The team scenarios with their instructor notes, for the training module; never send them as they are. */
  async scenarios(): Promise<Scenario[]> {
    this.scenariosPromise ??= loadScenarios(this.contentDir).then(({ scenarios, errors }) => {
      for (const error of errors) this.warn(`courseware: ${formatContentError(error)}`);
      return scenarios;
    });
    return this.scenariosPromise;
  }

  async scenarioById(id: string): Promise<Scenario | undefined> {
    return (await this.scenarios()).find((s) => s.id === id);
  }

  /** A module the actor may read, or NOT_FOUND whether it exists or not. */
  private async module(actor: Actor, id: string): Promise<LearningModule> {
    // (a shipped id needs no look at the packages: every member reads shipped content)
    const content = ownerSlugOf(id) === undefined ? await this.tree() : await this.contentFor(actor);
    const module = content.modules.find((m) => m.id === id);
    if (!module) throw new AppError('NOT_FOUND', `no module ${JSON.stringify(id)}`);
    return module;
  }

  private static isInstructor(actor: Actor): boolean {
    const user = requireUser(actor);
    return user.isPlatformAdmin || user.memberships.some((m) => INSTRUCTOR_ROLES.has(m.role));
  }

  async modules(actor: Actor, filter: ModuleFilter) {
    requireUser(actor);
    const { modules } = await this.contentFor(actor);
    const catalogue = niceCatalogue();
    const roleIds = [...new Set(modules.flatMap((m) => m.meta.workRoles))].sort();
    return {
      items: modules.filter((m) => matches(m, filter)).map(summary),
      facets: {
        topics: [...new Set(modules.flatMap((m) => m.meta.topics))].sort(),
        workRoles: roleIds.map((id) => ({ id, name: catalogue.workRoles.get(id)?.name ?? id })),
      },
    };
  }

  async moduleDetail(actor: Actor, id: string, lang: Lang) {
    requireUser(actor);
    const module = await this.module(actor, id);
    return {
      ...summary(module),
      prerequisiteTable: prerequisiteTable(module, lang),
      acquiredTable: acquiredTable(module, lang),
      pageList: module.pages.map((page) => ({
        id: page.id,
        title: { ja: page.variants.ja?.title, en: page.variants.en?.title },
        acquired: page.acquired,
      })),
    };
  }

  /** A page's text as HTML, rendered once per loaded variant (a package's new version is a new object). */
  private html(variant: { body: string }, moduleId: string): string {
    let html = this.renderedPages.get(variant);
    if (html === undefined) {
      html = renderMarkdown(variant.body, { assetBase: `${API}/modules/${moduleId}/assets/` });
      this.renderedPages.set(variant, html);
    }
    return html;
  }

  async page(actor: Actor, moduleId: string, pageId: string, lang: Lang) {
    const instructor = CoursewareService.isInstructor(actor);
    const module = await this.module(actor, moduleId);
    const index = module.pages.findIndex((p) => p.id === pageId);
    const page = module.pages[index];
    if (!page) throw new AppError('NOT_FOUND', `module ${moduleId} has no page ${JSON.stringify(pageId)}`);
    const variant = page.variants[lang] ?? page.variants.en ?? page.variants.ja;
    if (!variant) throw new AppError('NOT_FOUND', `page ${pageId} has no text`);
    const base = {
      moduleId,
      id: page.id,
      lang: variant.lang,
      title: variant.title,
      acquired: page.acquired,
      html: this.html(variant, moduleId),
      prev: module.pages[index - 1]?.id ?? null,
      next: module.pages[index + 1]?.id ?? null,
      languages: module.meta.languages,
    };
    return instructor ? { ...base, instructor: variant.instructor } : base;
  }

  /** An image of a module (`assets/<name>`), checked at load for its type and size. */
  async asset(actor: Actor, moduleId: string, name: string): Promise<{ bytes: Uint8Array; type: string }> {
    requireUser(actor);
    const module = await this.module(actor, moduleId);
    const entry = module.files.get(`assets/${name}`);
    if (!entry) throw new AppError('FILE_NOT_FOUND', `module ${moduleId} has no asset ${JSON.stringify(name)}`);
    const ext = name.split('.').pop()?.toLowerCase();
    const type = ext === 'png' ? 'image/png' : ext === 'svg' ? 'image/svg+xml' : 'image/jpeg';
    return { bytes: entry.bytes, type };
  }

  /** The quiz as learners get it: no answers, no explanations. */
  async quiz(actor: Actor, moduleId: string, lang: Lang) {
    requireUser(actor);
    const module = await this.module(actor, moduleId);
    return {
      items: module.quiz.map((item) => ({
        id: item.id,
        kind: item.kind,
        points: item.points,
        ksa: item.ksa,
        prompt: textIn(item.prompt, lang),
        ...('options' in item ? { options: item.options.map((o) => ({ id: o.id, text: textIn(o.text, lang) })) } : {}),
      })),
    };
  }

  /** Checks answers to a module's quiz (practice: nothing is stored) and explains each item. */
  async checkQuiz(actor: Actor, moduleId: string, answers: Record<string, unknown>, lang: Lang) {
    requireUser(actor);
    const module = await this.module(actor, moduleId);
    for (const id of Object.keys(answers)) {
      if (!module.quiz.some((item) => item.id === id)) throw new AppError('BAD_REQUEST', `the quiz has no item ${id}`);
    }
    const results = module.quiz.map((item) => ({
      id: item.id,
      correct: item.id in answers ? isCorrect(item, answers[item.id]) : false,
      explanation: item.explanation ? textIn(item.explanation, lang) : null,
    }));
    const points = (id: string) => module.quiz.find((i) => i.id === id)?.points ?? 0;
    return {
      results,
      score: results.filter((r) => r.correct).reduce((sum, r) => sum + points(r.id), 0),
      max: module.quiz.reduce((sum, item) => sum + item.points, 0),
    };
  }

  async courses(actor: Actor) {
    requireUser(actor);
    const { courses } = await this.contentFor(actor);
    return {
      items: courses.map((c) => ({
        id: c.id,
        provider: ownerSlugOf(c.id) ?? null,
        title: c.title,
        summary: c.summary,
        modules: c.modules,
        workRoles: c.workRoles ?? [],
        preAssessment: c.preAssessment ?? null,
        postAssessment: c.postAssessment ?? null,
      })),
    };
  }

  async coverage(actor: Actor, courseId: string, workRole: string, lang: Lang) {
    requireUser(actor);
    const tree = await this.contentFor(actor);
    const course = tree.courses.find((c) => c.id === courseId);
    if (!course) throw new AppError('NOT_FOUND', `no course ${JSON.stringify(courseId)}`);
    const catalogue = niceCatalogue();
    const role = catalogue.workRoles.get(workRole);
    if (!role) throw new AppError('BAD_REQUEST', `no NICE work role ${JSON.stringify(workRole)}`);
    const result = courseCoverage(course, tree.modules, workRole);
    const statement = (id: string) => catalogue.ksa.get(id);
    return {
      course: course.id,
      workRole: { id: role.id, name: role.name, category: role.category },
      covered: result.covered.map((k) => ({
        ...k,
        levelLabel: ksaLevelLabel(k.level, lang),
        text: statement(k.id)?.text ?? '',
      })),
      missing: result.missing.map((id) => ({ id, kind: statement(id)?.kind ?? null, text: statement(id)?.text ?? '' })),
      share: result.share,
    };
  }

  workRoles(actor: Actor) {
    requireUser(actor);
    return {
      items: [...niceCatalogue().workRoles.values()].map((r) => ({
        id: r.id,
        name: r.name,
        category: r.category,
        ksaCount: r.ksa.length,
      })),
    };
  }
}
