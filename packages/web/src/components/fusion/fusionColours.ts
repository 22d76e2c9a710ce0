import type { FusionRecordType } from '../../types/fusion';

/** One colour per record type, told apart also by the legend's text; values are grey and the searched one dark. */
export const RECORD_COLOURS: Record<FusionRecordType, string> = {
  case: '#c2410c',
  behaviour: '#d97706',
  stix: '#7c3aed',
  telescope_source: '#0369a1',
  telescope_event: '#0891b2',
  decoy_session: '#15803d',
};
export const VALUE_COLOUR = '#94a3b8';
export const ROOT_COLOUR = '#1e293b';

/** The colour of a graph node's type (a record type, or any value kind). */
export function nodeColour(kind: 'value' | 'record', type: string, root = false): string {
  if (root) return ROOT_COLOUR;
  return kind === 'record' ? (RECORD_COLOURS[type as FusionRecordType] ?? '#64748b') : VALUE_COLOUR;
}
