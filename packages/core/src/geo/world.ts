/**
 * World country shapes as GeoJSON for ECharts' map series, from world-atlas TopoJSON (Natural Earth, public
 * domain). Pure: the caller loads the topology (the console fetches countries-50m lazily, the hub reads
 * countries-110m from disk). Regions are named by ISO 3166-1 alpha-2 code, the key the hub uses; Antarctica is
 * left out; polygons crossing the antimeridian are cut at ±180°.
 */
import { feature } from 'topojson-client';

/** ISO 3166-1 numeric → alpha-2, for the shapes world-atlas carries. */
const NUMERIC_TO_ALPHA2 = new Map(
  '242FJ 834TZ 732EH 124CA 840US 398KZ 860UZ 598PG 360ID 32AR 152CL 180CD 706SO 404KE 729SD 148TD 332HT 214DO 643RU 44BS 238FK 578NO 304GL 260TF 626TL 710ZA 426LS 484MX 858UY 76BR 68BO 604PE 170CO 591PA 188CR 558NI 340HN 222SV 320GT 84BZ 862VE 328GY 740SR 250FR 218EC 630PR 388JM 192CU 716ZW 72BW 516NA 686SN 466ML 478MR 204BJ 562NE 566NG 120CM 768TG 288GH 384CI 324GN 624GW 430LR 694SL 854BF 140CF 178CG 266GA 226GQ 894ZM 454MW 508MZ 748SZ 24AO 108BI 376IL 422LB 450MG 275PS 270GM 788TN 12DZ 400JO 784AE 634QA 414KW 368IQ 512OM 548VU 116KH 764TH 418LA 104MM 704VN 408KP 410KR 496MN 356IN 50BD 64BT 524NP 586PK 4AF 762TJ 417KG 795TM 364IR 760SY 51AM 752SE 112BY 804UA 616PL 40AT 348HU 498MD 642RO 440LT 428LV 233EE 276DE 100BG 300GR 792TR 8AL 191HR 756CH 442LU 56BE 528NL 620PT 724ES 372IE 540NC 90SB 554NZ 36AU 144LK 156CN 158TW 380IT 208DK 826GB 352IS 31AZ 268GE 608PH 458MY 96BN 705SI 246FI 703SK 203CZ 232ER 392JP 600PY 887YE 682SA 10AQ 196CY 504MA 818EG 434LY 231ET 262DJ 800UG 646RW 70BA 807MK 688RS 499ME 780TT 728SS 336VA 583FM 584MH 580MP 850VI 316GU 16AS 239GS 86IO 654SH 612PN 660AI 136KY 60BM 92VG 796TC 500MS 832JE 831GG 833IM 776TO 702SG 690SC 678ST 674SM 882WS 670VC 662LC 659KN 585PW 570NU 184CK 533AW 531CW 520NR 492MC 480MU 470MT 462MV 438LI 296KI 308GD 666PM 876WF 663MF 652BL 258PF 248AX 212DM 234FO 174KM 446MO 344HK 132CV 52BB 48BH 334HM 574NF 28AG 20AD 534SX'
    .split(' ')
    .map((entry) => [Number(entry.slice(0, -2)), entry.slice(-2)] as const),
);
/** Shapes world-atlas gives no numeric code. */
const NAME_TO_ALPHA2: Readonly<Record<string, string>> = { Kosovo: 'XK' };

/** A world-atlas topology (`countries-110m.json`, `countries-50m.json`, …) as parsed JSON. */
export type WorldTopology = Parameters<typeof feature>[0];
type Collection = Extract<WorldTopology['objects'][string], { type: 'GeometryCollection' }>;
type Position = number[];
export interface WorldShape {
  type: 'Feature';
  properties: { name: string };
  geometry: { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] };
}
export interface WorldGeoJson {
  type: 'FeatureCollection';
  features: WorldShape[];
}

function polygons(geometry: WorldShape['geometry']): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/** The ring with longitudes made continuous: no step of more than 180° between neighbours. */
function unwrap(ring: Position[]): Position[] {
  const out: Position[] = [];
  let offset = 0;
  let previous: number | undefined;
  for (const [lon = 0, lat = 0] of ring) {
    if (previous !== undefined) {
      const delta = lon + offset - previous;
      if (delta > 180) offset -= 360;
      else if (delta < -180) offset += 360;
    }
    previous = lon + offset;
    out.push([previous, lat]);
  }
  return out;
}

/** Sutherland–Hodgman: the part of a ring west (or east) of the meridian `at`, closed. */
function clip(ring: Position[], at: number, keepWest: boolean): Position[] {
  const inside = ([lon = 0]: Position) => (keepWest ? lon <= at : lon >= at);
  const cross = ([x1 = 0, y1 = 0]: Position, [x2 = 0, y2 = 0]: Position): Position => [
    at,
    y1 + ((at - x1) / (x2 - x1)) * (y2 - y1),
  ];
  const out: Position[] = [];
  ring.forEach((current, index) => {
    const previous = ring[(index + ring.length - 1) % ring.length] ?? current;
    if (inside(current)) {
      if (!inside(previous)) out.push(cross(previous, current));
      out.push(current);
    } else if (inside(previous)) {
      out.push(cross(previous, current));
    }
  });
  const first = out[0];
  if (first) out.push(first);
  return out;
}

/**
 * Polygons that cross the antimeridian (eastern Russia, Fiji) drawn on a flat map become stripes across the
 * world; they are cut at ±180° into a western and an eastern part (their holes, none there, are dropped).
 */
function splitAtAntimeridian(polygon: Position[][]): Position[][][] {
  const [outer] = polygon;
  if (!outer) return [];
  const ring = unwrap(outer);
  const longitudes = ring.map(([lon = 0]) => lon);
  const max = Math.max(...longitudes);
  const min = Math.min(...longitudes);
  if (max <= 180 && min >= -180 && ring.every((point, index) => point[0] === outer[index]?.[0])) return [polygon];
  if (max <= 180 && min >= -180) return [[ring]];
  const east = max > 180;
  const at = east ? 180 : -180;
  const shift = east ? -360 : 360;
  const main = clip(ring, at, east);
  const beyond = clip(ring, at, !east).map(([lon = 0, lat = 0]) => [lon + shift, lat]);
  return [main, beyond].filter((part) => part.length >= 4).map((part) => [part]);
}

function cleanGeometry(geometry: WorldShape['geometry']): WorldShape['geometry'] {
  const parts = polygons(geometry).flatMap(splitAtAntimeridian);
  return parts.length === 1 && parts[0]
    ? { type: 'Polygon', coordinates: parts[0] }
    : { type: 'MultiPolygon', coordinates: parts };
}

/** Coordinates rounded to `decimals` places (a smaller picture; 1 place is about 11 km, plenty at 1:110m). */
function rounded(geometry: WorldShape['geometry'], decimals: number): WorldShape['geometry'] {
  const scale = 10 ** decimals;
  const round = (ring: Position[]) => ring.map((point) => point.map((n) => Math.round(n * scale) / scale));
  return geometry.type === 'Polygon'
    ? { type: 'Polygon', coordinates: geometry.coordinates.map(round) }
    : { type: 'MultiPolygon', coordinates: geometry.coordinates.map((polygon) => polygon.map(round)) };
}

export interface WorldGeoJsonOptions {
  /** Round coordinates to this many decimal places (default: as stored). */
  decimals?: number;
}

export function toWorldGeoJson(topology: WorldTopology, options: WorldGeoJsonOptions = {}): WorldGeoJson {
  const countries = topology.objects.countries as Collection;
  const collection = feature(topology, countries);
  const byCode = new Map<string, WorldShape>();
  for (const item of collection.features) {
    const raw = item.geometry as WorldShape['geometry'] | null;
    if (!raw || (raw.type !== 'Polygon' && raw.type !== 'MultiPolygon')) continue;
    const cleaned = cleanGeometry(raw);
    const geometry = options.decimals === undefined ? cleaned : rounded(cleaned, options.decimals);
    const code =
      (item.id !== undefined ? NUMERIC_TO_ALPHA2.get(Number(item.id)) : undefined) ??
      NAME_TO_ALPHA2[String(item.properties?.name ?? '')];
    if (!code || code === 'AQ') continue;
    const existing = byCode.get(code);
    if (existing) {
      // several shapes share a code (Australia and its reefs): one region
      existing.geometry = {
        type: 'MultiPolygon',
        coordinates: [...polygons(existing.geometry), ...polygons(geometry)],
      };
    } else {
      byCode.set(code, { type: 'Feature', properties: { name: code }, geometry });
    }
  }
  return { type: 'FeatureCollection', features: [...byCode.values()] };
}
