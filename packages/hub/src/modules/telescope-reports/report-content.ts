import { Format, LABELS, type Lang } from './report-i18n.js';
import {
  countriesSection,
  DAY_MS,
  dailySection,
  dosSection,
  iotSection,
  notableSection,
  notesSection,
  overviewSection,
  portsSection,
  researchSection,
  sendersSection,
  type SectionContext,
} from './report-sections.js';
import type { ReportSource, ReportView } from './report-view.js';

/** The report in one language, ready for the HTML and PDF renderers: cover facts and numbered sections. */
export function buildReportView(report: ReportSource, lang: Lang): ReportView {
  const t = LABELS[lang];
  const f = new Format(lang);
  const s = report.snapshot;
  const lastDay = new Date(Date.parse(s.period.to) - DAY_MS);
  const periodText = t.period(f.date(s.period.from), f.date(lastDay), f.count(s.period.days));
  const title =
    (lang === 'ja' ? report.titleJa : report.titleEn) || t.defaultTitle(report.kind, report.year, report.quarter);
  const ctx: SectionContext = { report, s, lang, t, f };
  const sections = [
    overviewSection(ctx),
    dailySection(ctx),
    portsSection(ctx),
    countriesSection(ctx),
    researchSection(ctx),
    iotSection(ctx),
    sendersSection(ctx),
    dosSection(ctx),
    notableSection(ctx),
    notesSection(ctx),
  ];

  return {
    lang,
    title,
    reportName: t.reportName,
    subtitle: t.subtitle,
    marking: report.marking,
    cover: [
      { label: t.periodLabel, value: periodText },
      { label: t.preparedBy, value: lang === 'ja' ? report.ownerOrgNameJa : report.ownerOrgNameEn },
      { label: t.generatedAt, value: `${f.date(s.generatedAt)} ${s.generatedAt.slice(11, 16)} UTC` },
      { label: t.marking, value: `TLP:${report.marking}` },
    ],
    markingNote: t.markingNote,
    basedOn: t.basedOn,
    contentsLabel: t.contents,
    sections: sections.map((section, i) => ({
      ...section,
      heading: `${i + 1}. ${section.heading}`,
    })),
    page: t.page,
  };
}
