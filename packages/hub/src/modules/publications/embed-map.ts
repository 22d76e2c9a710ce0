import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { toWorldGeoJson, type WorldTopology } from '@cynex/core';
import * as echarts from 'echarts';
import { staticSvg } from '../telescope-reports/report-charts.js';

/**
 * The `{{chart:darknet-map}}` embed: a choropleth world map of darknet packets by source country as static SVG
 * (ECharts' server-side renderer, cleaned by `staticSvg`: no <style>, no script, no inline style), followed by a
 * table of the same countries so that the data reads without the picture.
 *
 * Shapes: Natural Earth 1:110m from world-atlas, converted once per process by `toWorldGeoJson` (shared with the
 * console's map) with coordinates rounded to one decimal place (about 11 km, finer than 1:110m draws), which keeps
 * the SVG frozen into a publication (twice, ja and en) small.
 */

export const MAP_WIDTH = 640;
export const MAP_HEIGHT = 340;
const MAP_NAME = 'cynex-world-110m';
/** Countries with no data (or outside the top N). */
export const NO_DATA_COLOUR = '#e4e7ec';
const BORDER_COLOUR = '#ffffff';
/** Light to dark, none of them the grey of "no data". */
const RANGE_COLOURS = ['#fdd49e', '#fdbb84', '#fc8d59', '#e34a33', '#b30000'];

let registered: Set<string> | undefined;

/** Registers the world's shapes with ECharts once per process; the ISO alpha-2 codes that have a shape. */
function worldCodes(): Set<string> {
  if (!registered) {
    const require = createRequire(import.meta.url);
    const topology = JSON.parse(
      readFileSync(require.resolve('world-atlas/countries-110m.json'), 'utf8'),
    ) as WorldTopology;
    const geo = toWorldGeoJson(topology, { decimals: 1 });
    echarts.registerMap(MAP_NAME, geo);
    registered = new Set(geo.features.map((f) => f.properties.name));
  }
  return registered;
}

export interface MapCountry {
  /** ISO 3166-1 alpha-2 (any case; codes with no shape, such as ZZ, appear in the table only). */
  cc: string;
  packets: number;
}

export interface MapText {
  /** The figure caption. */
  caption: string;
  /** Column headers of the table. */
  country: string;
  packets: string;
  /** The table's caption (says that countries not listed are grey). */
  tableCaption: string;
  /** Said instead of a table when there is no data. */
  empty: string;
  countryName: (cc: string) => string;
  format: (n: number) => string;
}

const escape = (value: string) =>
  value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/**
 * The map as static SVG. Colours are on a logarithmic scale of packets (one busy country would otherwise leave
 * every other one pale); the legend's ends are labelled with the real smallest and largest packet counts.
 */
export function worldMapSvg(countries: readonly MapCountry[], format: (n: number) => string): string {
  const codes = worldCodes();
  const items = countries
    .map((c) => ({ name: c.cc.toUpperCase(), packets: c.packets }))
    .filter((c) => c.packets > 0 && codes.has(c.name));
  const logs = items.map((c) => Math.log10(c.packets));
  const high = logs.length > 0 ? Math.max(...logs) : 1;
  const low = logs.length > 0 ? Math.min(...logs) : 0;
  const packets = items.map((c) => c.packets);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: MAP_WIDTH, height: MAP_HEIGHT });
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: 'sans-serif', fontSize: 11 },
      visualMap: {
        type: 'continuous',
        show: items.length > 0,
        min: high > low ? low : high - 1,
        max: high,
        calculable: false,
        realtime: false,
        orient: 'horizontal',
        itemWidth: 10,
        itemHeight: 120,
        left: 8,
        bottom: 4,
        text: items.length > 0 ? [format(Math.max(...packets)), format(Math.min(...packets))] : ['', ''],
        textGap: 6,
        inRange: { color: RANGE_COLOURS },
      },
      series: [
        {
          type: 'map',
          map: MAP_NAME,
          roam: false,
          silent: true,
          left: 8,
          right: 8,
          top: 8,
          bottom: 36,
          label: { show: false },
          itemStyle: { areaColor: NO_DATA_COLOUR, borderColor: BORDER_COLOUR, borderWidth: 0.5 },
          emphasis: { disabled: true },
          select: { disabled: true },
          data: items.map((c) => ({ name: c.name, value: Math.log10(c.packets) })),
        },
      ],
    });
    return staticSvg(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}

/** The embed's HTML: the map in a figure with its caption, then the countries as a table. */
export function darknetMapHtml(kind: string, countries: readonly MapCountry[], text: MapText): string {
  const listed = countries.filter((c) => c.packets > 0);
  const named = listed.map((c) => `${text.countryName(c.cc)} ${text.format(c.packets)}`);
  const alt = listed.length > 0 ? `${text.caption}: ${named.join(', ')}` : `${text.caption}: ${text.empty}`;
  const svg = worldMapSvg(listed, text.format).replace(/^<svg\b/, `<svg role="img" aria-label="${escape(alt)}"`);
  const rows = listed
    .map(
      (c) =>
        `<tr><td>${escape(text.countryName(c.cc))}</td><td class="num">${escape(text.format(c.packets))}</td></tr>`,
    )
    .join('');
  const table =
    listed.length > 0
      ? `<table class="pub-embed-data" data-embed-table="${escape(kind)}"><caption>${escape(text.tableCaption)}</caption>` +
        `<thead><tr><th scope="col">${escape(text.country)}</th><th scope="col">${escape(text.packets)}</th></tr></thead>` +
        `<tbody>${rows}</tbody></table>`
      : '';
  const caption = listed.length > 0 ? text.caption : `${text.caption}: ${text.empty}`;
  return `<figure class="pub-embed" data-embed="${escape(kind)}">${svg}<figcaption>${escape(caption)}</figcaption></figure>${table}`;
}
