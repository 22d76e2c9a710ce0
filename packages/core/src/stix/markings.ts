import { TLP_LABELS, tlpFromMarkingId, type Tlp } from '../tlp.js';

/** The TLP 1.0 colours STIX 2.1 predefines marking definitions for. */
export type Tlp1 = 'WHITE' | 'GREEN' | 'AMBER' | 'RED';

/**
 * The marking-definition ids STIX 2.1 predefines for TLP 1.0 (section 7.2.1.4). Their TLP 2.0 counterparts are
 * `TLP_MARKING_IDS` (tlp.ts).
 * @example TLP1_MARKING_IDS.WHITE // 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9'
 */
export const TLP1_MARKING_IDS: Readonly<Record<Tlp1, string>> = {
  WHITE: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
  GREEN: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
  AMBER: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
  RED: 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed',
};

/**
 * How cynex reads a TLP 1.0 marking: TLP 2.0 renamed WHITE to CLEAR and kept the others (TLP 1.0 has no
 * AMBER+STRICT).
 * @example TLP1_TO_TLP2.WHITE // 'CLEAR'
 */
export const TLP1_TO_TLP2: Readonly<Record<Tlp1, Tlp>> = { WHITE: 'CLEAR', GREEN: 'GREEN', AMBER: 'AMBER', RED: 'RED' };

const TLP1_BY_ID: ReadonlyMap<string, Tlp> = new Map(
  (Object.keys(TLP1_MARKING_IDS) as Tlp1[]).map((colour) => [TLP1_MARKING_IDS[colour], TLP1_TO_TLP2[colour]]),
);

/**
 * The TLP 2.0 label of a marking-definition id, whether it is one of the TLP 2.0 ids or one of the TLP 1.0 ids;
 * undefined for any other marking.
 * @example tlpOfMarkingId('marking-definition--f88d31f6-486f-44da-b317-01333bde0b82') // 'AMBER' (TLP 1.0)
 */
export function tlpOfMarkingId(markingId: string): Tlp | undefined {
  return tlpFromMarkingId(markingId) ?? TLP1_BY_ID.get(markingId);
}

/**
 * The strictest of some labels by {@link TLP_LABELS} (narrowest last: CLEAR < GREEN < AMBER < AMBER+STRICT <
 * RED); undefined for none.
 * @example strictestTlp(['GREEN', 'AMBER+STRICT', 'AMBER']) // 'AMBER+STRICT'
 */
export function strictestTlp(labels: Iterable<Tlp>): Tlp | undefined {
  let strictest: Tlp | undefined;
  for (const label of labels) {
    if (strictest === undefined || TLP_LABELS.indexOf(label) > TLP_LABELS.indexOf(strictest)) strictest = label;
  }
  return strictest;
}

/**
 * The TLP of a STIX object from its `object_marking_refs` (TLP 2.0 or TLP 1.0 ids; the strictest when it has
 * several), or `fallback` when it has no TLP marking. Other markings and malformed refs are ignored.
 * @example tlpOfObject({ object_marking_refs: [TLP1_MARKING_IDS.GREEN, TLP_MARKING_IDS.RED] }) // 'RED'
 * @example tlpOfObject({ type: 'indicator' }, 'AMBER') // 'AMBER'
 */
export function tlpOfObject(object: unknown, fallback?: Tlp): Tlp | undefined {
  const refs = (object as { object_marking_refs?: unknown } | null | undefined)?.object_marking_refs;
  const labels = Array.isArray(refs)
    ? refs.flatMap((ref) => (typeof ref === 'string' ? (tlpOfMarkingId(ref) ?? []) : []))
    : [];
  return strictestTlp(labels) ?? fallback;
}
