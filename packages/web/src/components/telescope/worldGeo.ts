/**
 * World country shapes for the map: Natural Earth 1:50m (public domain) from the world-atlas package, fetched as
 * a static asset only when the map is shown and converted from TopoJSON to GeoJSON by `toWorldGeoJson` in
 * @cynex/core (shared with the hub's static map). Regions are named by ISO 3166-1 alpha-2 code, the key the hub
 * uses; Antarctica is left out.
 */
import { toWorldGeoJson, type WorldGeoJson, type WorldTopology } from '@cynex/core';
import worldUrl from 'world-atlas/countries-50m.json?url';

export type { WorldGeoJson };

let loading: Promise<WorldGeoJson> | null = null;

/** The world's shapes, fetched once per page load. */
export function loadWorld(): Promise<WorldGeoJson> {
  loading ??= fetch(worldUrl, { credentials: 'same-origin' })
    .then((response) => {
      if (!response.ok) throw new Error(`world map: HTTP ${response.status}`);
      return response.json() as Promise<WorldTopology>;
    })
    .then((topology) => toWorldGeoJson(topology))
    .catch((error: unknown) => {
      loading = null;
      throw error;
    });
  return loading;
}
