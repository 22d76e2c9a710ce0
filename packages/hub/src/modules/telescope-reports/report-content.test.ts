import { describe, expect, it } from 'vitest';
import { barChart, staticSvg } from './report-charts.js';
import { buildReportView } from './report-content.js';
import { periodOf, previousPeriodOf, senderGroup, serviceName, type ReportSnapshot } from './report-data.js';
import { Format } from './report-i18n.js';
import { renderHtml } from './render-html.js';

describe('report formats', () => {
  it('numbers per locale: separators, 億/万, shares and changes', () => {
    const ja = new Format('ja');
    const en = new Format('en');
    expect(ja.count(123_456_789)).toBe('123,456,789');
    expect(en.count(123_456_789)).toBe('123,456,789');
    expect(ja.compact(123_456_789)).toBe('1.2億');
    expect(ja.compact(34_560_000)).toBe('3456万');
    expect(en.compact(123_456_789)).toBe('123.5 million');
    expect(ja.compact(9_999)).toBe('9,999');
    expect(ja.percent(0.1234)).toBe('12.3%');
    expect(en.change(12.34)).toBe('+12.3%');
    expect(en.change(-5)).toBe('-5.0%');
    expect(ja.date('2024-03-31T00:00:00Z')).toBe('2024年3月31日');
    expect(en.date('2024-03-31T00:00:00Z')).toBe('31 March 2024');
    expect(ja.country('JP')).toBe('日本');
    expect(en.country('ZZ')).toBe('Unknown');
  });

  it('periods: calendar quarters and years in UTC, and the period before', () => {
    expect(periodOf('quarterly', 2024, 1)).toEqual({
      from: new Date('2024-01-01T00:00:00Z'),
      to: new Date('2024-04-01T00:00:00Z'),
    });
    expect(previousPeriodOf('quarterly', 2024, 1).from).toEqual(new Date('2023-10-01T00:00:00Z'));
    expect(previousPeriodOf('quarterly', 2024, 3).from).toEqual(new Date('2024-04-01T00:00:00Z'));
    expect(previousPeriodOf('annual', 2024)).toEqual(periodOf('annual', 2023));
  });

  it('service names by protocol', () => {
    expect(serviceName('tcp', 23)).toBe('Telnet');
    expect(serviceName('udp', 53)).toBe('DNS');
    expect(serviceName('udp', 23)).toBeNull();
    expect(serviceName('icmp', 0)).toBeNull();
  });

  it('sender groups: averages per host-day, countries by addresses with the rest folded', () => {
    const rows = ['CN', 'US', 'JP', 'BR', 'NL', 'DE', 'FR'].map((cc, i) => ({
      cc,
      addresses: 7 - i,
      research: 0,
      packets: 1000,
      days: 2,
      portDays: 4,
    }));
    const g = senderGroup(rows);
    expect(g.addresses).toBe(28);
    expect(g.avgPacketsPerDay).toBe(7000 / 14);
    expect(g.avgPortsPerDay).toBe(2);
    expect(g.countries.map((c) => c.cc)).toEqual(['CN', 'US', 'JP', 'BR', 'NL']);
    expect(g.otherCountriesShare).toBeCloseTo(3 / 28, 12);
    expect(senderGroup([])).toMatchObject({ addresses: 0, avgPacketsPerDay: 0, countries: [] });
  });
});

describe('charts', () => {
  it('static SVG: no <style>, no style="", no classes, no halo strokes', () => {
    const svg = staticSvg(
      '<svg><text style="font-size:12px;font-family:sans-serif;cursor:pointer" class="zr0-cls-1" ecmeta_series_index="0" ' +
        'fill="#333" stroke="rgb(255,255,255)" stroke-width="2" paint-order="stroke">9</text>' +
        '<path pointer-events="visible" d="M0 0" stroke="#000"></path><style ><![CDATA[.zr0-cls-1:hover{cursor:pointer}]]></style></svg>',
    );
    expect(svg).toBe(
      '<svg><text font-size="12px" font-family="sans-serif" fill="#333">9</text><path d="M0 0" stroke="#000"></path></svg>',
    );
  });

  it('ECharts renders on the server, and the labels are escaped', () => {
    const svg = barChart([{ label: '<b>&', value: 5 }], String);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;b&gt;&amp;');
    expect(svg).not.toMatch(/style=|<style|class=/);
  });
});

describe('the view and the HTML', () => {
  const snapshot: ReportSnapshot = {
    version: 1,
    generatedAt: '2024-04-02T03:04:05.000Z',
    period: { from: '2024-01-01T00:00:00.000Z', to: '2024-04-01T00:00:00.000Z', days: 91 },
    previous: { from: '2023-10-01T00:00:00.000Z', to: '2024-01-01T00:00:00.000Z', packets: 0 },
    totals: {
      packets: 0,
      bytes: 0,
      monitoredAddresses: 0,
      packetsPerAddress: 0,
      secondsPerPacketPerAddress: null,
      changePercent: null,
      sensors: [],
    },
    daily: [],
    topPorts: { items: [], other: { packets: 0, share: 0 } },
    countries: { items: [], other: { packets: 0, share: 0 } },
    research: { packets: 0, share: 0 },
    mirai: { packets: 0, share: 0 },
    iot: { packets: 0, share: 0, ports: [] },
    heavySenders: {
      thresholdPerDay: 1000,
      mirai: senderGroup([]),
      other: senderGroup([]),
    },
    dos: { attacks: 0, victims: 0, packets: 0, longAttacks: 0, longShare: 0, services: [] },
  };
  const report = {
    kind: 'quarterly' as const,
    year: 2024,
    quarter: 1,
    titleJa: '',
    titleEn: 'Q1 <report>',
    notableEventsJa: '',
    notableEventsEn: 'A "quoted" <event> & more',
    marking: 'AMBER+STRICT' as const,
    ownerOrgNameJa: '観測組織',
    ownerOrgNameEn: 'Observers',
    snapshot,
  };

  it('falls back to the default title, and escapes what people typed', () => {
    expect(buildReportView(report, 'ja').title).toBe('2024年 第1四半期 ダークネット観測レポート');
    const html = renderHtml(buildReportView(report, 'en'));
    expect(html).toContain('<title>Q1 &lt;report&gt;</title>');
    expect(html).toContain('A &quot;quoted&quot; &lt;event&gt; &amp; more');
    expect(html).toContain('class="tlp tlp-amber-strict">TLP:AMBER+STRICT');
    expect(html).toContain('.tlp-amber-strict { color: #FFC000; }');
  });

  it('numbers sections in order, with the definitions last', () => {
    const view = buildReportView(report, 'en');
    expect(view.sections.map((s) => s.id)).toEqual([
      'overview',
      'daily',
      'ports',
      'countries',
      'research',
      'iot',
      'senders',
      'dos',
      'notable',
      'notes',
    ]);
    expect(view.sections[0]!.heading).toBe('1. Overview');
    expect(view.sections[9]!.heading).toBe('10. Definitions and notes');
  });
});
