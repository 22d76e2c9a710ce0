/** A STIX identifier: `type--uuid`. */
const STIX_ID = /^[a-z][a-z0-9-]+--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** One reference an object makes: the property it sits in (`object_refs[3]`, `created_by_ref`) and the id. */
export interface StixRef {
  path: string;
  id: string;
}

const MAX_DEPTH = 32;

/**
 * Every reference in a STIX object: the values of `*_ref` properties and the items of `*_refs` lists, at any depth
 * (extensions and granular markings hold them too), in document order. Values that are not STIX ids are skipped.
 *
 * @example stixRefs({ created_by_ref: 'identity--…', object_refs: ['indicator--…'] })
 *   // [{ path: 'created_by_ref', id: 'identity--…' }, { path: 'object_refs[0]', id: 'indicator--…' }]
 */
export function stixRefs(object: unknown): StixRef[] {
  const found: StixRef[] = [];
  const walk = (value: unknown, path: string, depth: number) => {
    if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      value.forEach((item, index) => walk(item, `${path}[${index}]`, depth + 1));
      return;
    }
    for (const [key, child] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      if (key.endsWith('_ref') && typeof child === 'string' && STIX_ID.test(child)) {
        found.push({ path: at, id: child });
      } else if (key.endsWith('_refs') && Array.isArray(child)) {
        child.forEach((item, index) => {
          if (typeof item === 'string' && STIX_ID.test(item)) found.push({ path: `${at}[${index}]`, id: item });
        });
      } else {
        walk(child, at, depth + 1);
      }
    }
  };
  walk(object, '', 0);
  return found;
}

/** The type part of a STIX id (`intrusion-set--…` → `intrusion-set`). */
export function stixTypeOf(id: string): string {
  return id.slice(0, Math.max(0, id.indexOf('--')));
}
