import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** packages/courseware/data/nice-2017.json (see data/PROVENANCE.md). */
export const NICE_CATALOGUE_FILE = fileURLToPath(new URL('../../data/nice-2017.json', import.meta.url));

export type KsaKind = 'knowledge' | 'skill' | 'ability';

export interface NiceStatement {
  id: string;
  kind: KsaKind;
  /** The NICE text, in English (NICE publishes no Japanese text). */
  text: string;
}

export interface NiceWorkRole {
  id: string;
  name: string;
  category: string;
  specialtyArea: string;
  description: string;
  opmCode: string;
  /** The role's knowledge, skill and ability ids that the catalogue has a statement for. */
  ksa: readonly string[];
  /** Ids linked to the role in the source but with no 2017 statement (withdrawn); never acquirable. */
  withdrawn: readonly string[];
}

export interface NiceCatalogue {
  /** Knowledge, skill and ability statements by id (K0001, S0001, A0001…). */
  ksa: ReadonlyMap<string, NiceStatement>;
  workRoles: ReadonlyMap<string, NiceWorkRole>;
}

const statement = z.object({ id: z.string(), text: z.string() });
const fileSchema = z.object({
  knowledge: z.array(statement),
  skills: z.array(statement),
  abilities: z.array(statement),
  workRoles: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      category: z.string(),
      specialtyArea: z.string(),
      description: z.string(),
      opmCode: z.string(),
      ksa: z.array(z.string()),
    }),
  ),
});

/** Builds the catalogue from the JSON of data/nice-2017.json (or a file of the same shape, for tests). */
export function parseNiceCatalogue(json: unknown): NiceCatalogue {
  const data = fileSchema.parse(json);
  const ksa = new Map<string, NiceStatement>();
  const add = (list: { id: string; text: string }[], kind: KsaKind) => {
    for (const s of list) ksa.set(s.id, { id: s.id, kind, text: s.text });
  };
  add(data.knowledge, 'knowledge');
  add(data.skills, 'skill');
  add(data.abilities, 'ability');
  const workRoles = new Map<string, NiceWorkRole>();
  for (const role of data.workRoles) {
    workRoles.set(role.id, {
      ...role,
      ksa: role.ksa.filter((id) => ksa.has(id)),
      withdrawn: role.ksa.filter((id) => !ksa.has(id)),
    });
  }
  return { ksa, workRoles };
}

let cached: NiceCatalogue | undefined;

/** The NICE 2017 catalogue shipped with the package, read on first use and kept. */
export function niceCatalogue(): NiceCatalogue {
  cached ??= parseNiceCatalogue(JSON.parse(readFileSync(NICE_CATALOGUE_FILE, 'utf8')));
  return cached;
}

export type KsaLevel = 1 | 2 | 3 | 4 | 5 | 6;
export type Lang = 'ja' | 'en';

const LEVEL_LABELS: Record<Lang, readonly string[]> = {
  ja: ['記憶', '理解', '応用', '分析', '評価', '創造'],
  en: ['remember', 'understand', 'apply', 'analyse', 'evaluate', 'create'],
};

/** The cognitive level's label: `ksaLevelLabel(3, 'ja')` → '応用', `ksaLevelLabel(3, 'en')` → 'apply'. */
export function ksaLevelLabel(level: KsaLevel, lang: Lang): string {
  const label = LEVEL_LABELS[lang][level - 1];
  if (label === undefined) throw new RangeError(`KSA level ${String(level)} is not 1–6`);
  return label;
}
