import type { LearningModule } from '../load/module-validator.js';
import { parseKsaRef } from '../nice/ksa-ref.js';
import {
  ksaLevelLabel,
  niceCatalogue,
  type KsaKind,
  type KsaLevel,
  type Lang,
  type NiceCatalogue,
} from '../nice/nice-catalogue.js';

export interface KsaRow {
  /** NICE id: K0060 */
  id: string;
  kind: KsaKind;
  level: KsaLevel;
  /** The level's label in the table's language: 応用 / apply */
  levelLabel: string;
  /** The NICE statement (English: NICE has no Japanese text). */
  text: string;
  /** For the acquired table: the pages that give this KSA, in module order. */
  pages: string[];
}

/** A table in three columns, by NICE id within each. */
export interface KsaTable {
  knowledge: KsaRow[];
  skills: KsaRow[];
  abilities: KsaRow[];
}

interface Source {
  ref: string;
  page?: string;
}

/** Builds the table from references; an id met at several levels keeps its highest. */
function buildTable(sources: readonly Source[], lang: Lang, catalogue: NiceCatalogue): KsaTable {
  const rows = new Map<string, KsaRow>();
  for (const { ref, page } of sources) {
    const parsed = parseKsaRef(ref);
    const statement = parsed && catalogue.ksa.get(parsed.id);
    if (!parsed || !statement) continue;
    let row = rows.get(parsed.id);
    if (!row) {
      row = {
        id: parsed.id,
        kind: statement.kind,
        level: parsed.level,
        levelLabel: '',
        text: statement.text,
        pages: [],
      };
      rows.set(parsed.id, row);
    }
    row.level = Math.max(row.level, parsed.level) as KsaLevel;
    if (page !== undefined && !row.pages.includes(page)) row.pages.push(page);
  }
  const table: KsaTable = { knowledge: [], skills: [], abilities: [] };
  for (const row of [...rows.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    row.levelLabel = ksaLevelLabel(row.level, lang);
    const column = row.kind === 'knowledge' ? table.knowledge : row.kind === 'skill' ? table.skills : table.abilities;
    column.push(row);
  }
  return table;
}

/** What a learner needs before the module (module.yaml `prerequisites`), as K / S / A columns. */
export function prerequisiteTable(module: LearningModule, lang: Lang, catalogue = niceCatalogue()): KsaTable {
  return buildTable(
    module.meta.prerequisites.map((ref) => ({ ref })),
    lang,
    catalogue,
  );
}

/** What the module's pages give (their `acquired`), each KSA at its highest level with the pages giving it. */
export function acquiredTable(module: LearningModule, lang: Lang, catalogue = niceCatalogue()): KsaTable {
  return buildTable(
    module.pages.flatMap((page) => page.acquired.map((ref) => ({ ref, page: page.id }))),
    lang,
    catalogue,
  );
}
