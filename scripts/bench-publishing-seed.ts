/**
 * The publishing benchmark's content: an organisation whose analyst writes and whose viewer reviews, a dozen public
 * TLP:CLEAR cases for the `{{chart:case-levels}}` embed, and REPORTS public TLP:CLEAR reports in Japanese and
 * English (about 6–8 KB of Markdown per language), every one created, submitted, approved and published through
 * the API as an author and a reviewer do it in the console. Used by scripts/bench-publishing.ts.
 */
import { configFromEnv, createHub } from '@cynex/hub';
import { inParallel, post, seedAccounts, signIn, type Session, type Target } from './bench-training-hub.js';

/** The report whose page is measured: the chart and the table are in it. */
export const FEATURED_SLUG = 'darknet-quarterly-2026-q4';

const JA_PARAGRAPHS = [
  '当四半期に国内のダークネットで観測したパケット数は前期から約一割増加しました。増加の大半は telnet と SSH への走査で、IoT 機器を狙うボットの活動が依然として活発であることを示しています。',
  '送信元の国・地域別では上位五か国で全体の六割を占めました。特定の送信元からの走査は短期間に集中する傾向があり、観測期間の後半には新たな亜種によるものと見られる急増が確認されました。',
  'ポート別では 23/TCP が引き続き最多で、次いで 22/TCP、445/TCP の順でした。ウェブ管理画面を持つ機器を狙う 8080/TCP や 8443/TCP への走査も前期に比べて増えています。',
  '組織の担当者は、外部に公開している機器の管理画面が不要にインターネットから到達可能になっていないかを確認し、初期パスワードの変更とファームウェアの更新を速やかに行うことが推奨されます。',
  '本レポートの数値は観測網の全センサーの合計であり、センサーの追加や停止による影響を補正していません。期間をまたぐ比較では、各期の稼働センサー数を併せてご確認ください。',
];
const EN_PARAGRAPHS = [
  'Packets seen on the national darknet this quarter rose by about a tenth on the previous one. Most of the rise is scanning of telnet and SSH, a sign that bots after IoT devices are as busy as ever.',
  'By country or region of the source, the top five account for three fifths of the total. Scans from any one source tend to come in short bursts, and a sharp rise late in the period looks like the work of a new variant.',
  'By port, 23/TCP is still the most scanned, followed by 22/TCP and 445/TCP. Scans of 8080/TCP and 8443/TCP, where devices keep their web management pages, also grew on the previous quarter.',
  'Organisations should check that the management pages of the devices they expose are not reachable from the Internet without need, change default passwords and update firmware without delay.',
  'The figures in this report are totals over every sensor of the observation network and are not corrected for sensors added or stopped. When comparing periods, look at the number of sensors in service in each.',
];

const JA_TABLE = [
  '| ポート | プロトコル | パケット数 | 前期比 |',
  '| --- | --- | ---: | ---: |',
  '| 23 | TCP | 1,284,113 | +12% |',
  '| 22 | TCP | 873,402 | +8% |',
  '| 445 | TCP | 512,876 | −3% |',
  '| 8080 | TCP | 301,554 | +21% |',
  '| 8443 | TCP | 188,090 | +17% |',
].join('\n');
const EN_TABLE = [
  '| Port | Protocol | Packets | On previous quarter |',
  '| --- | --- | ---: | ---: |',
  '| 23 | TCP | 1,284,113 | +12% |',
  '| 22 | TCP | 873,402 | +8% |',
  '| 445 | TCP | 512,876 | −3% |',
  '| 8080 | TCP | 301,554 | +21% |',
  '| 8443 | TCP | 188,090 | +17% |',
].join('\n');

/** Markdown of about `bytes` UTF-8 bytes: headed sections of the paragraphs, in a different order per report. */
function body(lang: 'ja' | 'en', index: number, featured: boolean, bytes: number): string {
  const paragraphs = lang === 'ja' ? JA_PARAGRAPHS : EN_PARAGRAPHS;
  const heading = (n: number) => (lang === 'ja' ? `## 観測結果 ${n}` : `## Findings ${n}`);
  const parts = [lang === 'ja' ? '# 概要' : '# Summary', paragraphs[index % paragraphs.length]!];
  if (featured) {
    parts.push(
      lang === 'ja' ? '## インシデントの進行度' : '## Incident levels',
      '{{chart:case-levels}}',
      lang === 'ja' ? '## 走査の多かったポート' : '## Most scanned ports',
      lang === 'ja' ? JA_TABLE : EN_TABLE,
    );
  }
  for (let n = 1; Buffer.byteLength(parts.join('\n\n')) < bytes; n++) {
    parts.push(heading(n));
    for (let k = 0; k < 3; k++) parts.push(paragraphs[(index + n + k) % paragraphs.length]!);
  }
  return parts.join('\n\n') + '\n';
}

export interface Seeded {
  slugs: string[];
  featuredBytes: { ja: number; en: number };
}

/** Accounts through the hub's services (before the hub starts): the analyst author and the viewer reviewer. */
export async function seedAuthors(target: Target) {
  const { orgId, instructor, learners } = await seedAccounts(target, 1);
  // seedAccounts makes an instructor and a learner; here they write and review, as an analyst and a viewer.
  const hub = await createHub(
    configFromEnv(
      {},
      {
        dataDir: target.dataDir,
        databaseUrl: target.databaseUrl,
        databaseOwnerUrl: target.ownerUrl,
        logLevel: 'silent',
        housekeepingIntervalSeconds: 0,
        watchlistIntervalSeconds: 0,
        jobsPollMs: 0,
      },
    ),
  );
  await hub.services.authRepo.upsertMembership(instructor.id, orgId, 'analyst');
  await hub.services.authRepo.upsertMembership(learners[0]!.id, orgId, 'viewer');
  await hub.close();
  return { orgId, author: instructor, reviewer: learners[0]! };
}

/** Cases and reports through the API of the running hub, as the console makes them. */
export async function seedReports(
  base: string,
  people: { author: { email: string }; reviewer: { id: string; email: string } },
  reports: number,
): Promise<Seeded> {
  const author: Session = await signIn(base, people.author.email);
  const reviewer: Session = await signIn(base, people.reviewer.email);
  const families = ['Mirai', 'NanoCore', 'Emotet', 'AgentTesla', 'Formbook', 'QakBot'];
  await inParallel(
    Array.from({ length: 12 }, (_, i) => i),
    4,
    (i) =>
      post(base, author, '/api/v1/cases', {
        environmentCode: 'BN01',
        startDate: `2026-10-${String(i + 1).padStart(2, '0')}`,
        endDate: `2026-10-${String(i + 2).padStart(2, '0')}`,
        malwareFamily: families[i % families.length],
        sampleName: `sample-${i}`,
        summaryEn: 'first stage loader, second stage stealer',
        facts: i % 3 === 0 ? { executed: true } : { executed: true, c2: 'established' },
        scope: 'public',
        marking: 'CLEAR',
      }),
  );
  const slugs = [FEATURED_SLUG, ...Array.from({ length: reports - 1 }, (_, i) => `bench-report-${i + 1}`)];
  await inParallel(slugs, 4, async (slug) => {
    const index = slugs.indexOf(slug);
    const featured = slug === FEATURED_SLUG;
    const created = (await post(base, author, '/api/v1/publications', {
      kind: 'report',
      slug,
      titleJa: featured ? '2026年第4四半期 ダークネット観測レポート' : `ダークネット観測ノート 第${index}号`,
      titleEn: featured ? 'Darknet observation report, Q4 2026' : `Darknet observation note no. ${index}`,
      summaryJa: JA_PARAGRAPHS[index % JA_PARAGRAPHS.length],
      summaryEn: EN_PARAGRAPHS[index % EN_PARAGRAPHS.length],
      bodyJa: body('ja', index, featured, 7000),
      bodyEn: body('en', index, featured, 6000),
      tags: ['darknet', index % 2 ? 'iot' : 'malware'],
      scope: 'public',
      marking: 'CLEAR',
      reviewerUserIds: [people.reviewer.id],
    })) as { id: string };
    await post(base, author, `/api/v1/publications/${created.id}/submit`, {});
    await post(base, reviewer, `/api/v1/publications/${created.id}/reviews`, { decision: 'approved' });
    await post(base, author, `/api/v1/publications/${created.id}/publish`, {});
  });
  const featuredBytes = {
    ja: Buffer.byteLength(body('ja', 0, true, 7000)),
    en: Buffer.byteLength(body('en', 0, true, 6000)),
  };
  return { slugs, featuredBytes };
}
