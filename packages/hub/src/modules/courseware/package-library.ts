import {
  importPackageZip,
  type Assessment,
  type ContentTree,
  type Course,
  type LearningModule,
  type LoadOptions,
} from '@cynex/courseware';
import type { Actor } from '../../platform/actor.js';
import type { CoursewarePackagesRepository, PackageRow } from './packages.repository.js';

/** Parsed packages kept in memory, by the sha256 of their archive (a new version has a new hash). */
const CACHE_SIZE = 64;

/** The separator of `<org-slug>.<id>`: content ids and slugs never contain it, so a qualified id is unambiguous. */
const SEP = '.';

/**
 * A package's content with every module, course and assessment id qualified by the owner organisation's slug, and
 * every reference between them rewritten the same way, so two organisations can both have a module `intro`.
 */
export function qualifyTree(tree: ContentTree, orgSlug: string): ContentTree {
  const q = (id: string) => `${orgSlug}${SEP}${id}`;
  const qOpt = (id: string | undefined) => (id === undefined ? undefined : q(id));
  return {
    modules: tree.modules.map((m): LearningModule => ({ ...m, id: q(m.id), meta: { ...m.meta, id: q(m.meta.id) } })),
    assessments: tree.assessments.map((a): Assessment => {
      const pairedWith = qOpt(a.pairedWith);
      return { ...a, id: q(a.id), ...(pairedWith === undefined ? {} : { pairedWith }) };
    }),
    courses: tree.courses.map((c): Course => {
      const pre = qOpt(c.preAssessment);
      const post = qOpt(c.postAssessment);
      return {
        ...c,
        id: q(c.id),
        modules: c.modules.map(q),
        ...(pre === undefined ? {} : { preAssessment: pre }),
        ...(post === undefined ? {} : { postAssessment: post }),
      };
    }),
    errors: tree.errors,
  };
}

/** The organisation slug of a qualified id, or undefined for the platform's own content. */
export const ownerSlugOf = (id: string): string | undefined => (id.includes(SEP) ? id.split(SEP)[0] : undefined);

/**
 * Providers' packages as content the catalogue can serve: the packages a caller may read (by the sharing policy)
 * parsed and qualified, each archive unzipped once per version
 * (cached by owner and sha256).
 */
export class PackageLibrary {
  private readonly cache = new Map<string, ContentTree>();

  constructor(
    private readonly repo: CoursewarePackagesRepository,
    private readonly loadOptions: () => Promise<LoadOptions>,
  ) {}

  /** The qualified content of every package the actor may use (by the sharing policy or through a cohort). */
  async visibleTo(actor: Actor): Promise<ContentTree[]> {
    const rows = await this.repo.usableBy(actor);
    return Promise.all(rows.map((row) => this.treeOf(row)));
  }

  /**
   * The package content holding a qualified id, whoever asks: for a cohort, whose access was checked already.
   * Undefined for an unqualified id or one no package of that organisation holds.
   */
  async byQualifiedId(id: string): Promise<ContentTree | undefined> {
    const slug = ownerSlugOf(id);
    if (slug === undefined) return undefined;
    const local = id.slice(slug.length + SEP.length);
    const rows = await this.repo.ofOrgSlug(slug);
    const row = rows.find((r) =>
      [...r.contents.modules, ...r.contents.courses, ...r.contents.assessments].includes(local),
    );
    return row ? this.treeOf(row) : undefined;
  }

  private async treeOf(row: PackageRow): Promise<ContentTree> {
    // the same archive imported by two organisations is qualified differently
    const key = `${row.ownerOrgSlug}:${row.sha256}`;
    const cached = this.cache.get(key);
    if (cached) {
      // most recently used last, so the oldest entry is the first to go
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const archive = await this.repo.archive(row.id);
    const empty: ContentTree = { modules: [], assessments: [], courses: [], errors: [] };
    const tree = archive
      ? qualifyTree(importPackageZip(new Uint8Array(archive), await this.loadOptions()), row.ownerOrgSlug)
      : empty;
    this.cache.set(key, tree);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return tree;
  }
}
