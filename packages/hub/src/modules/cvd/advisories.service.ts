import { buildCsafAdvisory, buildStixAdvisory, cweName, type CsafProblem, type CsafRevision } from '@cynex/core';
import { AppError } from '../../errors.js';
import { requireUser, type Actor, type UserActor } from '../../platform/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AdvisoriesRepository, CvdAdvisoryRow } from './advisories.repository.js';
import { ADVISORY_LIMITS, type AdvisoryLang, type AdvisoryPublishInput } from './advisories.schema.js';
import { cvdPermissions, cvdVisibleTo } from './cvd-access.js';
import type { CvdCaseRow, CvdRepository } from './cvd.repository.js';
import type { CvdService } from './cvd.service.js';
import type { CvdStatus } from './cvd.table.js';

/** Statuses from which an advisory may be published: the vendor knows; `published` adds a new version. */
const PUBLISHABLE: readonly CvdStatus[] = ['vendor_notified', 'fix_available', 'published'];

const notFound = () => new AppError('CVD_CASE_NOT_FOUND', 'no such vulnerability case');

/** Who publishes: the platform, as CSAF `document.publisher` (category coordinator). */
export interface AdvisoryPublisher {
  name: string;
  /** The publisher's namespace URL (the hub's public base URL). */
  namespace: string;
}

/** Something that keeps an advisory from being published now (shown in the preview, refused on publish). */
interface Blocker {
  code: 'STATUS' | 'EMBARGO' | 'CSAF';
  message: string;
}

type CsafDoc = {
  document?: { title?: string; tracking?: { initial_release_date?: string; current_release_date?: string } };
  vulnerabilities?: {
    cve?: string;
    cwe?: { id: string; name: string };
    notes?: { category?: string; text?: string }[];
  }[];
};

/** Splits a case's free-text version list ("1.0, 1.1\n<= 1.2") into entries. */
export function splitVersions(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\n,;、]+/)
        .map((v) => v.trim().slice(0, ADVISORY_LIMITS.versionLength))
        .filter(Boolean),
    ),
  ].slice(0, ADVISORY_LIMITS.versions);
}

/**
 * Advisories of vulnerability coordination cases: CSAF 2.0 documents built from a case, validated (schema and
 * mandatory tests), published as numbered versions, and their STIX 2.1 view. Who sees a case's advisories: whoever
 * sees the case (`cvdVisibleTo`), including the vendor once notified, so it can review the text before release.
 * Who publishes: the case's writers (reporter organisation's analysts and admins, coordinators, platform admins).
 */
export class AdvisoriesService {
  constructor(
    private readonly repo: AdvisoriesRepository,
    private readonly cases: CvdRepository,
    private readonly cvd: CvdService,
    private readonly audit: AuditService,
    private readonly publisher: AdvisoryPublisher,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private async open(actor: Actor, id: string): Promise<{ user: UserActor; row: CvdCaseRow }> {
    const user = requireUser(actor);
    const row = await this.cases.caseById(id, cvdVisibleTo(user));
    if (!row) throw notFound();
    return { user, row };
  }

  /** The public page of an advisory (served by the public site from the stored versions). */
  publicUrl(lang: AdvisoryLang, trackingId: string): string {
    return `${this.publisher.namespace.replace(/\/$/, '')}/p/${lang}/advisories/${encodeURIComponent(trackingId)}`;
  }

  private build(row: CvdCaseRow, lang: AdvisoryLang, revisions: CsafRevision[]) {
    const title = (lang === 'en' ? row.titleEn || row.titleJa : row.titleJa || row.titleEn).trim();
    const description = (
      lang === 'en' ? row.descriptionEn || row.descriptionJa : row.descriptionJa || row.descriptionEn
    ).trim();
    const firstParagraph = description.split(/\n\s*\n/)[0]?.trim() ?? '';
    return buildCsafAdvisory({
      trackingId: row.ref,
      title,
      lang,
      publisher: this.publisher,
      vendor: row.vendorName,
      product: row.product,
      affectedVersions: splitVersions(row.affectedVersions),
      fixedVersions: splitVersions(row.fixedVersions),
      cve: row.cveId,
      // No CWE catalogue is shipped: the id stands in for the name (CSAF requires one).
      cwe: row.cweId ? { id: row.cweId, name: cweName(row.cweId) ?? row.cweId } : null,
      cvss31Vector: row.cvss31Vector,
      cvss40Vector: row.cvss40Vector,
      summary: firstParagraph.slice(0, 1000) || title,
      description,
      reporterCredit: row.reporterCredit,
      advisoryUrl: this.publicUrl(lang, row.ref),
      revisions,
    });
  }

  private blockers(row: CvdCaseRow, problems: CsafProblem[]): Blocker[] {
    const out: Blocker[] = [];
    if (!PUBLISHABLE.includes(row.status)) {
      out.push({ code: 'STATUS', message: `a ${row.status} case cannot be published: notify the vendor first` });
    }
    if (row.status !== 'published' && row.embargoUntil && row.embargoUntil > this.clock()) {
      out.push({
        code: 'EMBARGO',
        message: `the embargo lasts until ${row.embargoUntil.toISOString()}: publishing earlier needs a reason`,
      });
    }
    if (problems.length > 0) out.push({ code: 'CSAF', message: 'the CSAF document is not valid' });
    return out;
  }

  private revisions(previous: CvdAdvisoryRow[], next: CsafRevision): CsafRevision[] {
    return [
      ...previous.map((v) => ({
        version: v.version,
        date: v.publishedAt.toISOString(),
        summary:
          (
            v.csaf as CsafDoc & {
              document?: { tracking?: { revision_history?: { number: string; summary: string }[] } };
            }
          ).document?.tracking?.revision_history?.find((r) => r.number === String(v.version))?.summary ??
          (v.summary || `Version ${v.version}`),
      })),
      next,
    ];
  }

  private defaultLang(row: CvdCaseRow): AdvisoryLang {
    return row.titleEn.trim() ? 'en' : 'ja';
  }

  /** The CSAF document the next version would be, with its validation and what keeps it from being published. */
  async preview(actor: Actor, id: string, lang?: AdvisoryLang) {
    const { user, row } = await this.open(actor, id);
    const previous = await this.repo.versions(row.id);
    const version = previous.length + 1;
    const chosen = lang ?? this.defaultLang(row);
    const { document, validation } = this.build(
      row,
      chosen,
      this.revisions(previous, {
        version,
        date: this.clock().toISOString(),
        summary: version === 1 ? 'Initial release' : 'Revised advisory',
      }),
    );
    const blockers = this.blockers(row, validation.errors);
    return {
      trackingId: row.ref,
      version,
      lang: chosen,
      csaf: document,
      validation,
      blockers,
      canPublish: cvdPermissions(user, row).write,
    };
  }

  /**
   * Publishes the next version: the case's writers only, from vendor_notified, fix_available or published, after
   * the embargo (or before it with a reason), and only a CSAF document that passes the schema and the mandatory
   * tests (400 listing every problem otherwise). Marks the case published and audits the release.
   */
  async publish(actor: Actor, id: string, input: AdvisoryPublishInput) {
    const { user, row } = await this.open(actor, id);
    if (!cvdPermissions(user, row).write) {
      throw new AppError('FORBIDDEN', "advisories are published by the case's coordinators and reporters");
    }
    if (!PUBLISHABLE.includes(row.status)) {
      throw new AppError('CVD_TRANSITION_INVALID', `a ${row.status} case cannot be published: notify the vendor first`);
    }
    const now = this.clock();
    // Once published, the embargo is over whatever its date said: later versions need no reason.
    const embargoed = row.status !== 'published' && row.embargoUntil !== null && row.embargoUntil > now;
    if (embargoed && !input.embargoOverrideReason) {
      throw new AppError(
        'CVD_EMBARGO_ACTIVE',
        `the embargo lasts until ${row.embargoUntil?.toISOString()}; give a reason to publish earlier`,
      );
    }
    const previous = await this.repo.versions(row.id);
    const version = previous.length + 1;
    const summary = input.summary ?? (version === 1 ? 'Initial release' : 'Revised advisory');
    const lang = input.lang ?? this.defaultLang(row);
    const { document, validation } = this.build(
      row,
      lang,
      this.revisions(previous, { version, date: now.toISOString(), summary }),
    );
    if (!validation.valid) {
      throw new AppError(
        'VALIDATION_FAILED',
        `the advisory is not a valid CSAF 2.0 document (${validation.errors.length} problems)`,
        {
          fields: validation.errors.map((e) => ({ path: e.path, message: `[${e.test}] ${e.message}` })),
        },
      );
    }
    const stored = await this.repo.insert({
      caseId: row.id,
      trackingId: row.ref,
      version,
      summary,
      csaf: document,
      publishedBy: user.userId,
      publishedAt: now,
    });
    try {
      await this.cvd.markPublished(row.id, user);
    } catch (error) {
      await this.repo.remove(row.id, version);
      throw error;
    }
    await this.audit.record(user, {
      action: 'cvd.advisory.published',
      targetType: 'cvd_case',
      targetId: row.id,
      orgId: row.reporterOrgId,
      details: {
        ref: row.ref,
        version,
        lang,
        ...(embargoed ? { embargoOverrideReason: input.embargoOverrideReason } : {}),
      },
    });
    return this.present(stored);
  }

  private present(v: CvdAdvisoryRow) {
    const lang: AdvisoryLang = (v.csaf as { document?: { lang?: string } }).document?.lang === 'ja' ? 'ja' : 'en';
    const base = `/api/v1/cvd/cases/${v.caseId}`;
    return {
      id: v.id,
      trackingId: v.trackingId,
      version: v.version,
      summary: v.summary,
      lang,
      publishedAt: v.publishedAt.toISOString(),
      publishedBy: v.publishedBy,
      publicUrls: { en: this.publicUrl('en', v.trackingId), ja: this.publicUrl('ja', v.trackingId) },
      csafUrl: `${base}/advisory.csaf.json`,
      stixUrl: `${base}/advisory.stix.json`,
    };
  }

  /** Every published version of a case's advisory, oldest first. */
  async versions(actor: Actor, id: string) {
    const { row } = await this.open(actor, id);
    return { items: (await this.repo.versions(row.id)).map((v) => this.present(v)) };
  }

  private async latest(actor: Actor, id: string): Promise<{ row: CvdCaseRow; advisory: CvdAdvisoryRow }> {
    const { row } = await this.open(actor, id);
    const advisory = await this.repo.latest(row.id);
    if (!advisory) throw new AppError('CVD_ADVISORY_NOT_FOUND', 'no advisory has been published for this case');
    return { row, advisory };
  }

  /** The latest published CSAF document, as stored. */
  async csaf(actor: Actor, id: string) {
    const { advisory } = await this.latest(actor, id);
    return { fileName: `${advisory.trackingId.toLowerCase()}.json`, document: advisory.csaf };
  }

  /** The STIX 2.1 bundle (vulnerability + report) of the latest published version. */
  async stix(actor: Actor, id: string) {
    const { advisory } = await this.latest(actor, id);
    const doc = advisory.csaf as CsafDoc;
    const vuln = doc.vulnerabilities?.[0];
    const notes = vuln?.notes ?? [];
    const title = doc.document?.title ?? advisory.trackingId;
    const tracking = doc.document?.tracking;
    const bundle = buildStixAdvisory({
      trackingId: advisory.trackingId,
      version: advisory.version,
      title,
      description:
        notes.find((n) => n.category === 'description')?.text ??
        notes.find((n) => n.category === 'summary')?.text ??
        title,
      cve: vuln?.cve ?? null,
      cwe: vuln?.cwe ?? null,
      advisoryUrl: this.present(advisory).publicUrls[this.present(advisory).lang],
      publisherName: this.publisher.name,
      published: tracking?.current_release_date ?? advisory.publishedAt.toISOString(),
      firstPublished: tracking?.initial_release_date ?? advisory.publishedAt.toISOString(),
    });
    return { fileName: `${advisory.trackingId.toLowerCase()}.stix.json`, bundle };
  }
}
