import catalogue from '../data/attack/enterprise-attack-techniques.json' with { type: 'json' };

export interface AttackTactic {
  id: string;
  shortname: string;
  name: string;
}

export interface AttackTechnique {
  id: string;
  name: string;
  tactics: string[];
  platforms: string[];
  subtechnique: boolean;
  stixId: string;
  url: string;
}

/** MITRE ATT&CK Enterprise v18.1, bundled with MITRE's notice (data/attack/LICENSE.txt). */
export const ATTACK_VERSION = '18.1';
export const ATTACK_TACTICS: readonly AttackTactic[] = catalogue.tactics;
export const ATTACK_TECHNIQUES: readonly AttackTechnique[] = catalogue.techniques;
export const ATTACK_NOTICE =
  '© 2025 The MITRE Corporation. This work is reproduced and distributed with the permission of The MITRE Corporation.';

const byId = new Map(ATTACK_TECHNIQUES.map((technique) => [technique.id, technique]));

/**
 * Looks a technique up by its ATT&CK id.
 * @example findTechnique('T1082')?.name // 'System Information Discovery'
 */
export function findTechnique(id: string): AttackTechnique | undefined {
  return byId.get(id.toUpperCase());
}

/** The ids in the list that are not in the catalogue. */
export function unknownTechniqueIds(ids: readonly string[]): string[] {
  return ids.filter((id) => !byId.has(id.toUpperCase()));
}

/**
 * Searches techniques by id prefix or by words of the name, best matches first.
 * @example searchTechniques('system info')[0]?.id // 'T1082'
 */
export function searchTechniques(query: string, limit = 20): AttackTechnique[] {
  const q = query.trim().toLowerCase();
  if (q === '') return ATTACK_TECHNIQUES.slice(0, limit);
  const words = q.split(/\s+/);
  const scored: { technique: AttackTechnique; score: number }[] = [];
  for (const technique of ATTACK_TECHNIQUES) {
    const id = technique.id.toLowerCase();
    const name = technique.name.toLowerCase();
    let score = 0;
    if (id === q) score = 100;
    else if (id.startsWith(q)) score = 80 - id.length;
    else if (name === q) score = 90;
    else if (words.every((word) => name.includes(word))) score = name.startsWith(words[0] ?? '') ? 50 : 40;
    if (score > 0) scored.push({ technique, score });
  }
  scored.sort((a, b) => b.score - a.score || a.technique.id.localeCompare(b.technique.id));
  return scored.slice(0, limit).map((entry) => entry.technique);
}
