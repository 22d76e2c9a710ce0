import names from '../../data/cwe/cwe-names.json' with { type: 'json' };

const CWE_NAMES: Readonly<Record<string, string>> = names;

/**
 * The name MITRE's CWE gives a weakness id, as a CSAF document must quote it; undefined for an id CWE does not know.
 * @example cweName('CWE-79') // 'Improper Neutralization of Input During Web Page Generation (\'Cross-site Scripting\')'
 */
export function cweName(id: string): string | undefined {
  return Object.hasOwn(CWE_NAMES, id) ? CWE_NAMES[id] : undefined;
}
