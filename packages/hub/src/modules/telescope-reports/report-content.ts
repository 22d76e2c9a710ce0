import type { Tlp } from '@cynex/core';
import { barChart, CHART_HEIGHT, CHART_WIDTH, lineChart, pieChart } from './report-charts.js';
import { IOT_TCP_PORTS, serviceName, type ReportKind, type ReportSnapshot, type SenderGroup } from './report-data.js';
import { Format, LABELS, type Lang } from './report-i18n.js';

/**
 * The report as the renderers see it: sections of generic blocks, every text already in the report's language
 * and every number formatted. The HTML and PDF renderers only lay it out.
 */
export type Align = 'left' | 'right';
export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'figures'; items: { label: string; value: string; note?: string | undefined }[] }
  | { kind: 'table'; columns: { label: string; align: Align }[]; rows: string[][]; totalRow?: boolean }
  | { kind: 'chart'; title: string; svg: string; width: number; height: number }
  /** Text typed by people (notable events): shown as written, line breaks kept. */
  | { kind: 'freeText'; text: string; empty: boolean }
  | { kind: 'list'; items: string[] };

export interface Section {
  id: string;
  heading: string;
  blocks: Block[];
}

/** TLP 2.0 colours (FIRST): the label's colour on a black background. */
export const TLP_COLOURS: Record<Tlp, string> = {
  CLEAR: '#FFFFFF',
  GREEN: '#33FF00',
  AMBER: '#FFC000',
  'AMBER+STRICT': '#FFC000',
  RED: '#FF2B2B',
};

export interface ReportView {
  lang: Lang;
  title: string;
  reportName: string;
  subtitle: string;
  marking: Tlp;
  /** Cover facts: label and value. */
  cover: { label: string; value: string }[];
  markingNote: string;
  basedOn: string;
  contentsLabel: string;
  sections: Section[];
  page: (n: number, of: number) => string;
}

/** The stored report, as much of it as the content needs. */
export interface ReportSource {
  kind: ReportKind;
  year: number;
  quarter: number | null;
  titleJa: string;
  titleEn: string;
  notableEventsJa: string;
  notableEventsEn: string;
  marking: Tlp;
  ownerOrgNameJa: string;
  ownerOrgNameEn: string;
  snapshot: ReportSnapshot;
}

const DAY_MS = 86_400_000;
const portLabel = (protocol: string, port: number) => `${port}/${protocol.toUpperCase()}`;

export function buildReportView(report: ReportSource, lang: Lang): ReportView {
  const t = LABELS[lang];
  const f = new Format(lang);
  const s = report.snapshot;
  const lastDay = new Date(Date.parse(s.period.to) - DAY_MS);
  const periodText = t.period(f.date(s.period.from), f.date(lastDay), f.count(s.period.days));
  const title =
    (lang === 'ja' ? report.titleJa : report.titleEn) || t.defaultTitle(report.kind, report.year, report.quarter);
  const seconds = s.totals.secondsPerPacketPerAddress;
  const secondsText = seconds === null ? null : f.decimal(seconds, seconds < 10 ? 2 : 1);
  const changeText = s.totals.changePercent === null ? null : f.change(s.totals.changePercent);
  const service = (protocol: string, port: number) => serviceName(protocol, port) ?? '—';

  const overview: Section = {
    id: 'overview',
    heading: t.sections.overview,
    blocks: [
      {
        kind: 'paragraph',
        text: t.overviewText(f.count(s.totals.packets), f.compact(s.totals.packets), secondsText, changeText),
      },
      {
        kind: 'figures',
        items: [
          { label: t.figures.packets, value: f.count(s.totals.packets), note: f.compact(s.totals.packets) },
          { label: t.figures.monitored, value: f.count(s.totals.monitoredAddresses) },
          { label: t.figures.perAddress, value: f.decimal(s.totals.packetsPerAddress, 1) },
          { label: t.figures.every, value: secondsText === null ? '—' : t.figures.everyValue(secondsText) },
          {
            label: t.figures.change,
            value: changeText ?? t.figures.changeNone,
            note: t.figures.previous(
              f.date(s.previous.from),
              f.date(new Date(Date.parse(s.previous.to) - DAY_MS)),
              f.count(s.previous.packets),
            ),
          },
        ],
      },
      {
        kind: 'table',
        columns: [
          { label: t.columns.sensor, align: 'left' },
          { label: t.columns.monitored, align: 'right' },
          { label: t.columns.packets, align: 'right' },
        ],
        rows: s.totals.sensors.map((x) => [x.sensorId, f.count(x.monitoredAddresses), f.count(x.packets)]),
      },
    ],
  };

  const daily: Section = {
    id: 'daily',
    heading: t.sections.daily,
    blocks: [
      {
        kind: 'chart',
        title: t.dailyChart,
        svg: lineChart(
          s.daily.map((d) => ({ label: d.day.slice(5), value: d.packets })),
          (n) => f.compact(n),
        ),
        width: CHART_WIDTH,
        height: CHART_HEIGHT,
      },
    ],
  };

  const top = s.topPorts.items[0];
  const ports: Section = {
    id: 'ports',
    heading: t.sections.ports,
    blocks: [
      ...(top
        ? [
            {
              kind: 'paragraph' as const,
              text: t.portsText(
                `${portLabel(top.protocol, top.port)} (${service(top.protocol, top.port)})`,
                f.percent(top.share),
              ),
            },
          ]
        : []),
      {
        kind: 'chart',
        title: t.portsChart,
        svg: barChart(
          s.topPorts.items.map((p) => ({
            label: `${portLabel(p.protocol, p.port)} ${serviceName(p.protocol, p.port) ?? ''}`.trim(),
            value: p.packets,
          })),
          (n) => f.compact(n),
        ),
        width: CHART_WIDTH,
        height: CHART_HEIGHT,
      },
      {
        kind: 'table',
        columns: [
          { label: t.columns.rank, align: 'right' },
          { label: t.columns.port, align: 'left' },
          { label: t.columns.service, align: 'left' },
          { label: t.columns.packets, align: 'right' },
          { label: t.columns.share, align: 'right' },
        ],
        rows: [
          ...s.topPorts.items.map((p, i) => [
            String(i + 1),
            portLabel(p.protocol, p.port),
            service(p.protocol, p.port),
            f.count(p.packets),
            f.percent(p.share),
          ]),
          ['', t.otherPorts, '', f.count(s.topPorts.other.packets), f.percent(s.topPorts.other.share)],
        ],
        totalRow: true,
      },
    ],
  };

  const countries: Section = {
    id: 'countries',
    heading: t.sections.countries,
    blocks: [
      {
        kind: 'chart',
        title: t.countriesChart,
        svg: pieChart([
          ...s.countries.items.map((c) => ({ label: f.country(c.cc), value: c.packets })),
          { label: t.other, value: s.countries.other.packets },
        ]),
        width: CHART_WIDTH,
        height: CHART_HEIGHT,
      },
      {
        kind: 'table',
        columns: [
          { label: t.columns.rank, align: 'right' },
          { label: t.columns.country, align: 'left' },
          { label: t.columns.packets, align: 'right' },
          { label: t.columns.share, align: 'right' },
        ],
        rows: [
          ...s.countries.items.map((c, i) => [
            String(i + 1),
            `${f.country(c.cc)} (${c.cc})`,
            f.count(c.packets),
            f.percent(c.share),
          ]),
          ['', t.other, f.count(s.countries.other.packets), f.percent(s.countries.other.share)],
        ],
        totalRow: true,
      },
    ],
  };

  const research: Section = {
    id: 'research',
    heading: t.sections.research,
    blocks: [
      { kind: 'paragraph', text: t.researchText(f.percent(s.research.share), f.count(s.research.packets)) },
      { kind: 'paragraph', text: t.miraiText(f.percent(s.mirai.share)) },
    ],
  };

  const iot: Section = {
    id: 'iot',
    heading: t.sections.iot,
    blocks: [
      {
        kind: 'paragraph',
        text: [t.iotText(f.percent(s.iot.share), f.count(s.iot.packets)), t.iotPortsNote].join(
          lang === 'ja' ? '' : ' ',
        ),
      },
      {
        kind: 'table',
        columns: [
          { label: t.columns.port, align: 'left' },
          { label: t.columns.service, align: 'left' },
          { label: t.columns.packets, align: 'right' },
          { label: t.columns.share, align: 'right' },
        ],
        rows: [...s.iot.ports]
          .sort((a, b) => b.packets - a.packets || a.port - b.port)
          .map((p) => [
            portLabel('tcp', p.port),
            service('tcp', p.port),
            f.count(p.packets),
            f.percent(s.totals.packets > 0 ? p.packets / s.totals.packets : 0),
          ]),
      },
    ],
  };

  const group = (g: SenderGroup, pick: (g: SenderGroup) => string) => (g.addresses > 0 ? pick(g) : t.senders.none);
  const countriesOf = (g: SenderGroup) =>
    [
      ...g.countries.map((c) => `${f.country(c.cc)} ${f.percent(c.share)}`),
      ...(g.otherCountriesShare > 0 ? [`${t.other} ${f.percent(g.otherCountriesShare)}`] : []),
    ].join(lang === 'ja' ? '、' : ', ');
  const { mirai, other } = s.heavySenders;
  const senderRow = (label: string, pick: (g: SenderGroup) => string) => [
    label,
    group(mirai, pick),
    group(other, pick),
  ];
  const senders: Section = {
    id: 'senders',
    heading: t.sections.senders,
    blocks: [
      { kind: 'paragraph', text: t.senders.intro(f.count(s.heavySenders.thresholdPerDay)) },
      {
        kind: 'table',
        columns: [
          { label: t.columns.item, align: 'left' },
          { label: t.columns.mirai, align: 'right' },
          { label: t.columns.otherHeavy, align: 'right' },
        ],
        rows: [
          [t.senders.addresses, f.count(mirai.addresses), f.count(other.addresses)],
          senderRow(t.senders.research, (g) => f.count(g.researchAddresses)),
          senderRow(t.senders.packets, (g) => f.count(g.packets)),
          senderRow(t.senders.avgPackets, (g) => f.decimal(g.avgPacketsPerDay, 1)),
          senderRow(t.senders.avgPorts, (g) => f.decimal(g.avgPortsPerDay, 1)),
        ],
      },
      {
        kind: 'table',
        columns: [
          { label: t.columns.item, align: 'left' },
          { label: t.senders.topCountries, align: 'left' },
        ],
        rows: [
          [t.columns.mirai, group(mirai, countriesOf)],
          [t.columns.otherHeavy, group(other, countriesOf)],
        ],
      },
    ],
  };

  const reflection = s.dos.reflection;
  const reflectionBlocks: Block[] =
    reflection && reflection.victims > 0
      ? [
          { kind: 'paragraph', text: t.dos.reflectionText(f.count(reflection.victims), f.count(reflection.packets)) },
          {
            kind: 'figures',
            items: [
              { label: t.dos.reflectionVictims, value: f.count(reflection.victims) },
              { label: t.dos.reflectionPackets, value: f.count(reflection.packets) },
            ],
          },
        ]
      : [];
  const attackBlocks: Block[] =
    s.dos.attacks === 0
      ? [{ kind: 'paragraph', text: t.dos.none }]
      : [
          { kind: 'paragraph', text: t.dos.text(f.count(s.dos.attacks), f.percent(s.dos.longShare)) },
          {
            kind: 'figures',
            items: [
              { label: t.dos.attacks, value: f.count(s.dos.attacks) },
              { label: t.dos.victims, value: f.count(s.dos.victims) },
              { label: t.dos.packets, value: f.count(s.dos.packets) },
              { label: t.dos.long, value: `${f.percent(s.dos.longShare)} (${f.count(s.dos.longAttacks)})` },
            ],
          },
          {
            kind: 'table',
            columns: [
              { label: t.dos.services, align: 'left' },
              { label: t.columns.service, align: 'left' },
              { label: t.columns.attacks, align: 'right' },
              { label: t.columns.share, align: 'right' },
            ],
            rows: s.dos.services.map((x) => [
              portLabel(x.protocol, x.port),
              service(x.protocol, x.port),
              f.count(x.attacks),
              f.percent(x.share),
            ]),
          },
        ];
  const dos: Section = { id: 'dos', heading: t.sections.dos, blocks: [...attackBlocks, ...reflectionBlocks] };

  const notableText = (lang === 'ja' ? report.notableEventsJa : report.notableEventsEn).trim();
  const notable: Section = {
    id: 'notable',
    heading: t.sections.notable,
    blocks: [{ kind: 'freeText', text: notableText || t.notableEmpty, empty: notableText === '' }],
  };

  const notes: Section = {
    id: 'notes',
    heading: t.sections.notes,
    blocks: [
      {
        kind: 'list',
        items: [t.utcNote, ...t.notes.map((n) => n.replace('{threshold}', f.count(s.heavySenders.thresholdPerDay)))],
      },
      { kind: 'paragraph', text: t.iotPortList },
      {
        kind: 'table',
        columns: [
          { label: t.columns.port, align: 'left' },
          { label: t.columns.service, align: 'left' },
          { label: t.columns.port, align: 'left' },
          { label: t.columns.service, align: 'left' },
        ],
        // Two ports a row: the list is long and the cells short.
        rows: Array.from({ length: Math.ceil(IOT_TCP_PORTS.length / 2) }, (_, i) =>
          IOT_TCP_PORTS.slice(2 * i, 2 * i + 2).flatMap((p) => [portLabel('tcp', p.port), service('tcp', p.port)]),
        ).map((row) => (row.length === 4 ? row : [...row, '', ''])),
      },
    ],
  };

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
    sections: [overview, daily, ports, countries, research, iot, senders, dos, notable, notes].map((section, i) => ({
      ...section,
      heading: `${i + 1}. ${section.heading}`,
    })),
    page: t.page,
  };
}
