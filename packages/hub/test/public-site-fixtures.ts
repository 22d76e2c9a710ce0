import type { Scope, Tlp } from '@cynex/core';
import { eq } from 'drizzle-orm';
import { cvdAdvisories, cvdCases } from '../src/modules/cvd/cvd.table.js';
import { publications, publicationVersions } from '../src/modules/publications/publications.table.js';
import { lineChart } from '../src/modules/telescope-reports/report-charts.js';
import type { TestHub } from './harness.js';

/** A darknet time-series chart as the renderer draws it (ECharts SSR, static SVG), in a captioned figure. */
export function chartFigure(caption: string): string {
  const points = Array.from({ length: 14 }, (_, i) => ({
    label: `2026-01-${String(i + 1).padStart(2, '0')}`,
    value: 1000 + ((i * 7919) % 500),
  }));
  const svg = lineChart(points, (n) => n.toLocaleString('en'));
  return `<figure class="embed chart" role="group" aria-label="${caption}">${svg}<figcaption>${caption}</figcaption></figure>`;
}

export interface SeedPublication {
  slug: string;
  ownerOrgId: string;
  titleJa?: string;
  titleEn?: string;
  summaryJa?: string;
  summaryEn?: string;
  htmlJa?: string;
  htmlEn?: string;
  tags?: string[];
  scope?: Scope;
  marking?: Tlp;
  status?: 'draft' | 'in_review' | 'published' | 'withdrawn';
  /** How many versions to freeze (the last one is current). */
  versions?: number;
  publishedAt?: Date;
}

/** A publication with frozen versions, written straight into the tables (as the publication workflow would). */
export async function seedPublication(hub: TestHub, spec: SeedPublication): Promise<string> {
  const db = hub.database.db;
  const versions = spec.versions ?? 1;
  const status = spec.status ?? 'published';
  const at = spec.publishedAt ?? new Date('2026-02-01T09:00:00Z');
  const text = {
    titleJa: spec.titleJa ?? '',
    titleEn: spec.titleEn ?? '',
    summaryJa: spec.summaryJa ?? '',
    summaryEn: spec.summaryEn ?? '',
    bodyJa: (spec.htmlJa ?? '').replace(/<[^>]+>/g, ' '),
    bodyEn: (spec.htmlEn ?? '').replace(/<[^>]+>/g, ' '),
  };
  const [row] = await db
    .insert(publications)
    .values({
      slug: spec.slug,
      kind: 'report',
      ownerOrgId: spec.ownerOrgId,
      scope: spec.scope ?? 'public',
      marking: spec.marking ?? 'CLEAR',
      status,
      ...text,
      tags: spec.tags ?? [],
      currentVersion: status === 'draft' || status === 'in_review' ? 0 : versions,
      publishedAt: at,
      withdrawnAt: status === 'withdrawn' ? new Date() : null,
    })
    .returning({ id: publications.id });
  if (status === 'draft' || status === 'in_review') return row!.id;
  for (let version = 1; version <= versions; version += 1) {
    await db.insert(publicationVersions).values({
      publicationId: row!.id,
      version,
      ...text,
      htmlJa: spec.htmlJa ?? '',
      htmlEn: spec.htmlEn ?? '',
      tags: spec.tags ?? [],
      publishedAt: new Date(at.getTime() + (version - 1) * 86_400_000),
    });
  }
  return row!.id;
}

export async function withdraw(hub: TestHub, id: string): Promise<void> {
  await hub.database.db
    .update(publications)
    .set({ status: 'withdrawn', withdrawnAt: new Date(), withdrawnReason: 'test' })
    .where(eq(publications.id, id));
}

/** A CSAF 2.0 security advisory as the CVD workflow stores it (two versions of the tracking history). */
export function csafDocument(trackingId: string, version: number, lang: 'ja' | 'en'): Record<string, unknown> {
  const history = [
    { number: '1', date: '2026-03-01T00:00:00.000Z', summary: lang === 'ja' ? '初版' : 'Initial version' },
    { number: '2', date: '2026-03-15T00:00:00.000Z', summary: lang === 'ja' ? '修正版の追加' : 'Fixed version added' },
  ].slice(0, version);
  return {
    document: {
      category: 'csaf_security_advisory',
      csaf_version: '2.0',
      lang,
      title: lang === 'ja' ? 'ExampleCam DVR における認証回避の脆弱性' : 'Authentication bypass in ExampleCam DVR',
      publisher: { category: 'coordinator', name: 'CYNEX', namespace: 'https://cynex.example' },
      notes: [
        {
          category: 'summary',
          text:
            lang === 'ja'
              ? 'ExampleCam DVR の Web 管理画面に認証回避の脆弱性があります。<script>alert(1)</script>'
              : 'The web console of ExampleCam DVR lets an attacker bypass authentication. <script>alert(1)</script>',
        },
      ],
      acknowledgments: [{ names: ['Hanako Yamada'], organization: 'CYNEX member lab' }],
      tracking: {
        id: trackingId,
        version: String(version),
        status: 'final',
        initial_release_date: '2026-03-01T00:00:00.000Z',
        current_release_date: history[history.length - 1]!.date,
        revision_history: history,
      },
    },
    product_tree: {
      branches: [
        {
          category: 'vendor',
          name: 'Example Corp',
          branches: [
            {
              category: 'product_name',
              name: 'ExampleCam DVR',
              branches: [
                { category: 'product_version', name: '1.0', product: { product_id: 'P1', name: 'ExampleCam DVR 1.0' } },
                { category: 'product_version', name: '1.1', product: { product_id: 'P2', name: 'ExampleCam DVR 1.1' } },
              ],
            },
          ],
        },
      ],
    },
    vulnerabilities: [
      {
        cve: 'CVE-2022-35733',
        cwe: { id: 'CWE-287', name: 'Improper Authentication' },
        product_status: { known_affected: ['P1'], fixed: ['P2'] },
        scores: [
          {
            products: ['P1'],
            cvss_v3: {
              version: '3.1',
              vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
              baseScore: 9.8,
              baseSeverity: 'CRITICAL',
            },
            cvss_v4: {
              version: '4.0',
              vectorString: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
              baseScore: 9.3,
              baseSeverity: 'CRITICAL',
            },
          },
        ],
        remediations: [
          {
            category: 'vendor_fix',
            details: lang === 'ja' ? 'バージョン 1.1 に更新してください。' : 'Update to version 1.1.',
            product_ids: ['P1'],
            url: 'javascript:alert(1)',
          },
        ],
      },
    ],
  };
}

/** A CVD case in the given status with advisory versions 1..versions (as the CVD workflow would store them). */
export async function seedAdvisory(
  hub: TestHub,
  spec: {
    reporterOrgId: string;
    trackingId: string;
    versions: number;
    lang: 'ja' | 'en';
    status?: 'published' | 'fix_available';
  },
): Promise<void> {
  const db = hub.database.db;
  const [kase] = await db
    .insert(cvdCases)
    .values({
      ref: spec.trackingId,
      reporterOrgId: spec.reporterOrgId,
      product: 'ExampleCam DVR',
      vendorName: 'Example Corp',
      status: spec.status ?? 'published',
    })
    .returning({ id: cvdCases.id });
  for (let version = 1; version <= spec.versions; version += 1) {
    await db.insert(cvdAdvisories).values({
      caseId: kase!.id,
      trackingId: spec.trackingId,
      version,
      csaf: csafDocument(spec.trackingId, version, spec.lang),
      publishedAt: new Date(Date.UTC(2026, 2, 1 + (version - 1) * 14)),
    });
  }
}
