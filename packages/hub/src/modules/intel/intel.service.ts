import type { Readable } from 'node:stream';
import {
  SCOPES,
  sharingProblems,
  TLP_LABELS,
  tlpOfObject,
  validateStixObject,
  WIDEST_SCOPE,
  type Scope,
  type Tlp,
} from '@cynex/core';
import { AppError, type FieldProblem } from '../../errors.js';
import type { Actor } from '../../platform/actor.js';
import { nulPaths } from '../../platform/nul-guard.js';
import { canWriteFor, writableOrgs } from '../../platform/policy.js';
import type { AuditService } from '../audit/audit.service.js';
import type { SharingDirectory } from '../cases/sharing-directory.js';
import { streamBundle, type BundleItem } from './intel-import.js';
import type { IntelRepository, ObjectListQuery, StixObjectInsert, StixObjectRow } from './intel.repository.js';

/** Objects validated and written per group while a bundle streams in. */
const GROUP = 500;
/** Problems kept with an import (all are counted). */
const MAX_PROBLEMS = 1_000;
/** Rows read per page while an export streams out. */
const EXPORT_PAGE = 1_000;

export interface ImportOptions {
  ownerOrgId?: string | undefined;
  scope: Scope;
  tlp: Tlp;
  sharingGroupId?: string | undefined;
  fileName?: string | undefined;
}

export interface ImportSummary {
  id: string;
  status: 'complete' | 'failed';
  objects: number;
  stored: number;
  duplicates: number;
  invalid: number;
  problems: { index: number; id?: string; path: string; message: string }[];
  error: string | null;
}

/** The stricter of two TLP labels. */
const stricter = (a: Tlp, b: Tlp | undefined): Tlp => (b && TLP_LABELS.indexOf(b) > TLP_LABELS.indexOf(a) ? b : a);

/**
 * The sharing an imported object gets: the import's, narrowed to what the object's own TLP marking allows (a
 * bundle's marking is never widened); TLP:RED goes to the importer as its named recipient.
 */
export function objectSharing(
  options: { scope: Scope; tlp: Tlp; sharingGroupId: string | null },
  objectTlp: Tlp | undefined,
  importer: string | null,
) {
  const marking = stricter(options.tlp, objectTlp);
  const widest = WIDEST_SCOPE[marking];
  let scope = SCOPES.indexOf(options.scope) > SCOPES.indexOf(widest) ? widest : options.scope;
  // Narrowed to "sharing group" from a wider scope without a group: the owner organisation is what is left.
  if (scope === 'sharing_group' && !options.sharingGroupId) scope = 'organisation';
  return {
    marking,
    scope,
    sharingGroupId: scope === 'sharing_group' ? options.sharingGroupId : null,
    recipientUserIds: marking === 'RED' && importer ? [importer] : [],
  };
}

/** What lists show for an object: its name, an SCO's value, or a relationship's ends. */
function labelOf(object: Record<string, unknown>): string | null {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const label =
    text(object.name) ??
    text(object.value) ??
    (object.type === 'relationship'
      ? `${text(object.source_ref)} ${text(object.relationship_type)} ${text(object.target_ref)}`
      : undefined) ??
    text(object.pattern);
  return label ? label.slice(0, 300) : null;
}

const versionOf = (object: Record<string, unknown>): string =>
  typeof object.modified === 'string' ? object.modified : typeof object.created === 'string' ? object.created : '';

const presentObject = (row: StixObjectRow) => ({
  stixId: row.stixId,
  type: row.type,
  label: row.label,
  version: row.version,
  revoked: row.revoked,
  tlp: row.marking,
  scope: row.scope,
  ownerOrgId: row.ownerOrgId,
  dateAdded: row.dateAdded.toISOString(),
});

/**
 * The STIX 2.1 store: bundle imports (streamed, each object validated against the OASIS schemas, stored with the
 * importer's sharing narrowed by its own marking), lists, versions and bundle exports through the one policy.
 */
export class IntelService {
  constructor(
    private readonly repo: IntelRepository,
    private readonly directory: SharingDirectory,
    private readonly audit: AuditService,
  ) {}

  private user(actor: Actor) {
    if (actor.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'sign in first');
    return actor;
  }

  private async checkImportSharing(ownerOrgId: string, options: ImportOptions): Promise<void> {
    const problems: FieldProblem[] = sharingProblems({
      scope: options.scope,
      marking: options.tlp,
      sharingGroupId: options.sharingGroupId ?? null,
      // A RED import names the importer as its recipient; the check below must not ask for one.
      recipientUserIds: options.tlp === 'RED' ? ['importer'] : [],
    }).map((p) => ({ path: p.field === 'marking' ? 'tlp' : p.field, message: p.message }));
    if (options.sharingGroupId && !(await this.directory.groupOrgs(options.sharingGroupId)).includes(ownerOrgId)) {
      problems.push({
        path: 'sharingGroupId',
        message: 'no such sharing group, or the owner organisation is not in it',
      });
    }
    if (problems.length > 0)
      throw new AppError('SHARING_INVALID', problems.map((p) => p.message).join('; '), { fields: problems });
  }

  /**
   * Imports a bundle from a stream. Valid objects are stored group by group as they arrive; invalid ones are
   * counted and reported with their index, id and property path. A body that stops being JSON (or passes the
   * size limit) ends the import as failed, keeping what was stored.
   */
  async importBundle(
    actor: Actor,
    options: ImportOptions,
    body: Readable,
    limitBytes: number,
    onProgress?: (summary: Readonly<ImportSummary>) => void,
  ): Promise<ImportSummary> {
    return this.importFrom(actor, options, (take) => streamBundle(body, limitBytes, GROUP, take), { onProgress });
  }

  /**
   * Imports objects already parsed (a TAXII envelope's): the same validation, sharing and audit as a bundle.
   * `onInvalid` hears every refused object with all its problems (the summary keeps only the first ones).
   */
  async importObjects(
    actor: Actor,
    options: ImportOptions,
    objects: readonly unknown[],
    onInvalid?: (index: number, problems: { path: string; message: string }[]) => void,
    onProgress?: (summary: Readonly<ImportSummary>) => void,
  ): Promise<ImportSummary> {
    const feed = async (take: (group: BundleItem[]) => Promise<void>) => {
      for (let start = 0; start < objects.length; start += GROUP) {
        await take(objects.slice(start, start + GROUP).map((value, i) => ({ index: start + i, value })));
      }
      return objects.length;
    };
    return this.importFrom(actor, options, feed, { onInvalid, onProgress });
  }

  private async importFrom(
    actor: Actor,
    options: ImportOptions,
    feed: (take: (group: BundleItem[]) => Promise<void>) => Promise<number>,
    hooks: {
      onProgress?: ((summary: Readonly<ImportSummary>) => void) | undefined;
      onInvalid?: ((index: number, problems: { path: string; message: string }[]) => void) | undefined;
    },
  ): Promise<ImportSummary> {
    const user = this.user(actor);
    const writable = writableOrgs(user);
    if (writable.length === 0 && !user.isPlatformAdmin)
      throw new AppError('FORBIDDEN', 'you may not write intelligence for any organisation');
    const ownerOrgId = options.ownerOrgId ?? (writable.length === 1 ? writable[0] : undefined);
    if (!ownerOrgId) {
      throw new AppError('VALIDATION_FAILED', 'say which organisation owns the imported objects', {
        fields: [{ path: 'ownerOrgId', message: 'required: you write for several organisations, or none' }],
      });
    }
    if (!canWriteFor(user, ownerOrgId)) throw new AppError('FORBIDDEN', 'you may not write for that organisation');
    await this.checkImportSharing(ownerOrgId, options);
    const sharing = { scope: options.scope, tlp: options.tlp, sharingGroupId: options.sharingGroupId ?? null };
    // The CLI's operator has no user id: its RED objects name no recipient (nobody but the platform reads them).
    const importer = user.userId || null;
    const importSharing = objectSharing(sharing, undefined, importer);
    const id = await this.repo.createImport({
      ownerOrgId,
      ...importSharing,
      createdBy: importer,
      fileName: options.fileName ?? null,
    });
    const summary: ImportSummary = {
      id,
      status: 'complete',
      objects: 0,
      stored: 0,
      duplicates: 0,
      invalid: 0,
      problems: [],
      error: null,
    };
    let writing: Promise<void> = Promise.resolve();
    const take = async (group: BundleItem[]) => {
      const rows: StixObjectInsert[] = [];
      for (const { index, value } of group) {
        summary.objects++;
        // PostgreSQL stores no NUL in JSON text: such an object is refused like any other invalid one.
        const nul = nulPaths(value, '').map((path) => ({ path, message: 'contains a NUL character' }));
        const problems = nul.length > 0 ? nul : validateStixObject(value);
        const objectId =
          value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string'
            ? (value as { id: string }).id
            : undefined;
        if (problems.length > 0) {
          summary.invalid++;
          hooks.onInvalid?.(index, problems);
          for (const problem of problems) {
            if (summary.problems.length >= MAX_PROBLEMS) break;
            summary.problems.push({ index, ...(objectId ? { id: objectId } : {}), ...problem });
          }
          continue;
        }
        const object = value as Record<string, unknown>;
        rows.push({
          stixId: object.id as string,
          type: object.type as string,
          version: versionOf(object),
          specVersion: typeof object.spec_version === 'string' ? object.spec_version : null,
          revoked: object.revoked === true,
          label: labelOf(object),
          object,
          ownerOrgId,
          createdBy: importer,
          ...objectSharing(sharing, tlpOfObject(object), importer),
        });
      }
      // One group is written while the next is parsed and validated.
      await writing;
      writing = this.repo.insertObjects(id, rows).then(async (stored) => {
        summary.stored += stored;
        summary.duplicates += rows.length - stored;
        await this.repo.updateImport(id, {
          objects: summary.objects,
          stored: summary.stored,
          duplicates: summary.duplicates,
          invalid: summary.invalid,
        });
        hooks.onProgress?.(summary);
      });
    };
    try {
      const seen = await feed(take).finally(() => writing.catch(() => undefined));
      await writing;
      if (seen === 0)
        throw new AppError('IMPORT_FAILED', 'not a STIX bundle with objects: no "objects" array, or it is empty');
    } catch (error) {
      summary.status = 'failed';
      const message = (error as Error).message;
      summary.error =
        error instanceof AppError
          ? message
          : /Parser|JSON/i.test(message)
            ? `the bundle is not valid JSON: ${message}`
            : `the import stopped: ${message}`;
    }
    await this.repo.updateImport(id, {
      status: summary.status,
      problems: summary.problems,
      error: summary.error,
      finishedAt: new Date(),
    });
    await this.audit.record(user, {
      action: 'intel.import',
      targetType: 'stix_import',
      targetId: id,
      orgId: ownerOrgId,
      details: { objects: summary.objects, stored: summary.stored, invalid: summary.invalid, status: summary.status },
    });
    return summary;
  }

  async getImport(actor: Actor, id: string) {
    this.user(actor);
    const row = await this.repo.getImport(actor, id);
    if (!row) throw new AppError('NOT_FOUND', 'no such import');
    return {
      id: row.id,
      fileName: row.fileName,
      status: row.status,
      objects: row.objects,
      stored: row.stored,
      duplicates: row.duplicates,
      invalid: row.invalid,
      problems: row.problems,
      error: row.error,
      tlp: row.marking,
      scope: row.scope,
      ownerOrgId: row.ownerOrgId,
      startedAt: row.startedAt.toISOString(),
      finishedAt: row.finishedAt?.toISOString() ?? null,
    };
  }

  async listImports(actor: Actor, limit: number, offset: number) {
    this.user(actor);
    const { items, total } = await this.repo.listImports(actor, limit, offset);
    return {
      items: items.map((row) => ({
        id: row.id,
        fileName: row.fileName,
        status: row.status,
        objects: row.objects,
        stored: row.stored,
        invalid: row.invalid,
        tlp: row.marking,
        startedAt: row.startedAt.toISOString(),
      })),
      total,
      limit,
      offset,
    };
  }

  async list(actor: Actor, query: ObjectListQuery) {
    this.user(actor);
    const { items, total } = await this.repo.listObjects(actor, query);
    return { items: items.map(presentObject), total, limit: query.limit, offset: query.offset };
  }

  async versions(actor: Actor, stixId: string) {
    this.user(actor);
    const rows = await this.repo.versions(actor, stixId);
    if (rows.length === 0) throw new AppError('NOT_FOUND', 'no such STIX object');
    return {
      stixId,
      type: rows[0]!.type,
      versions: rows.map((row) => ({ ...presentObject(row), object: row.object })),
    };
  }

  /**
   * A bundle of the visible object versions the query selects, streamed page by page (an export of a million
   * objects never sits in memory). The export is written to the audit log with its filter.
   */
  async exportBundle(actor: Actor, query: Omit<ObjectListQuery, 'limit' | 'offset'>): Promise<AsyncIterable<string>> {
    const user = this.user(actor);
    await this.audit.record(user, {
      action: 'intel.export',
      targetType: 'stix_bundle',
      details: { type: query.type ?? null, importId: query.importId ?? null, q: query.q ?? null },
    });
    const repo = this.repo;
    const full = { ...query, limit: EXPORT_PAGE, offset: 0 };
    return (async function* () {
      yield `{"type":"bundle","id":"bundle--${crypto.randomUUID()}","objects":[`;
      let after: string | null = null;
      let first = true;
      for (;;) {
        const page = await repo.exportPage(actor, full, after, EXPORT_PAGE);
        for (const row of page) {
          yield `${first ? '' : ','}${JSON.stringify(row.object)}`;
          first = false;
        }
        if (page.length < EXPORT_PAGE) break;
        after = page.at(-1)!.id;
      }
      yield ']}';
    })();
  }
}
