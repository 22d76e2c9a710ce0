import { barChart, CHART_HEIGHT, CHART_WIDTH, lineChart, pieChart } from './report-charts.js';
import { IOT_TCP_PORTS, serviceName, type ReportSnapshot, type SenderGroup } from './report-data.js';
import type { Format, Labels, Lang } from './report-i18n.js';
import type { Block, ReportSource, Section } from './report-view.js';

/** What every section builder reads: the report, its snapshot, the language's labels and number formats. */
export interface SectionContext {
  report: ReportSource;
  s: ReportSnapshot;
  lang: Lang;
  t: Labels;
  f: Format;
}

export const DAY_MS = 86_400_000;
const portLabel = (protocol: string, port: number) => `${port}/${protocol.toUpperCase()}`;
const service = (protocol: string, port: number) => serviceName(protocol, port) ?? '—';

/** The totals: packets, monitored addresses, the change on the previous period, per sensor. */
export function overviewSection(ctx: SectionContext): Section {
  const { t, f, s } = ctx;
  const seconds = s.totals.secondsPerPacketPerAddress;
  const secondsText = seconds === null ? null : f.decimal(seconds, seconds < 10 ? 2 : 1);
  const changeText = s.totals.changePercent === null ? null : f.change(s.totals.changePercent);
  return {
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
}

/** Packets per day. */
export function dailySection(ctx: SectionContext): Section {
  const { t, f, s } = ctx;
  return {
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
}

/** The busiest destination ports. */
export function portsSection(ctx: SectionContext): Section {
  const { t, f, s } = ctx;
  const top = s.topPorts.items[0];
  return {
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
}

/** The senders' countries. */
export function countriesSection(ctx: SectionContext): Section {
  const { t, f, s } = ctx;
  return {
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
}

/** Research scanners and Mirai. */
export function researchSection(ctx: SectionContext): Section {
  const { t, f, s } = ctx;
  return {
    id: 'research',
    heading: t.sections.research,
    blocks: [
      { kind: 'paragraph', text: t.researchText(f.percent(s.research.share), f.count(s.research.packets)) },
      { kind: 'paragraph', text: t.miraiText(f.percent(s.mirai.share)) },
    ],
  };
}

/** Traffic to the ports IoT devices listen on. */
export function iotSection(ctx: SectionContext): Section {
  const { t, f, s, lang } = ctx;
  return {
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
}

/** Heavy senders: Mirai-infected and others. */
export function sendersSection(ctx: SectionContext): Section {
  const { t, f, s, lang } = ctx;
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
  return {
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
}

/** Denial of service: the attacks seen through backscatter, then reflection. */
export function dosSection(ctx: SectionContext): Section {
  const { t, f, s } = ctx;
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
  return { id: 'dos', heading: t.sections.dos, blocks: [...attackBlocks, ...reflectionBlocks] };
}

/** Notable events, as people wrote them. */
export function notableSection(ctx: SectionContext): Section {
  const { t, report, lang } = ctx;
  const notableText = (lang === 'ja' ? report.notableEventsJa : report.notableEventsEn).trim();
  return {
    id: 'notable',
    heading: t.sections.notable,
    blocks: [{ kind: 'freeText', text: notableText || t.notableEmpty, empty: notableText === '' }],
  };
}

/** How to read the report, and the IoT port list. */
export function notesSection(ctx: SectionContext): Section {
  const { t, f, s } = ctx;
  return {
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
}
