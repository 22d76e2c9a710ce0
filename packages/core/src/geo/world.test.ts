import { describe, expect, it } from 'vitest';
import world110m from 'world-atlas/countries-110m.json' with { type: 'json' };
import { toWorldGeoJson, type WorldShape, type WorldTopology } from './world.js';

const topology = world110m as unknown as WorldTopology;

const longitudes = (shape: WorldShape) =>
  (shape.geometry.type === 'Polygon' ? [shape.geometry.coordinates] : shape.geometry.coordinates).flatMap((polygon) =>
    polygon.flatMap((ring) => ring.map(([lon = 0]) => lon)),
  );

describe('world shapes from world-atlas', () => {
  const world = toWorldGeoJson(topology);
  const byCode = new Map(world.features.map((f) => [f.properties.name, f]));

  it('names countries by ISO alpha-2 code, once each, without Antarctica', () => {
    for (const cc of ['JP', 'US', 'CN', 'BR', 'FR', 'XK', 'RU', 'FJ']) expect(byCode.has(cc), cc).toBe(true);
    expect(byCode.has('AQ')).toBe(false);
    expect(byCode.size).toBe(world.features.length);
    expect(world.features.every((f) => /^[A-Z]{2}$/.test(f.properties.name))).toBe(true);
  });

  it('keeps every shape within ±180° (Russia and Fiji are cut at the antimeridian, not smeared)', () => {
    for (const shape of world.features) {
      const lons = longitudes(shape);
      expect(Math.max(...lons), shape.properties.name).toBeLessThanOrEqual(180);
      expect(Math.min(...lons), shape.properties.name).toBeGreaterThanOrEqual(-180);
    }
    const russia = byCode.get('RU');
    expect(russia?.geometry.type).toBe('MultiPolygon');
    const lons = russia ? longitudes(russia) : [];
    expect(lons.some((lon) => lon < -170)).toBe(true);
    expect(lons.some((lon) => lon > 170)).toBe(true);
  });

  it('rounds coordinates when asked', () => {
    const rounded = toWorldGeoJson(topology, { decimals: 1 });
    const japan = rounded.features.find((f) => f.properties.name === 'JP');
    const values = japan ? longitudes(japan) : [];
    expect(values.length).toBeGreaterThan(10);
    expect(values.every((n) => Math.round(n * 10) / 10 === n)).toBe(true);
    expect(rounded.features).toHaveLength(world.features.length);
  });
});
