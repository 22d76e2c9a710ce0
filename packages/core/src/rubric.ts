import { z } from 'zod';
import { findTechnique } from './attack.js';
import { BEHAVIOUR_CATEGORIES } from './behaviours.js';

export const progressLevelSchema = z.number().int().min(1).max(8);
export type ProgressLevel = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

/** The progress-level rubric: how far an attack went in an observation environment. */
export const PROGRESS_LEVELS: Readonly<Record<ProgressLevel, { en: string; ja: string }>> = {
  1: {
    en: 'The sample did not run, or detected the analysis environment and quit',
    ja: '検体が動作しなかった、または解析環境を検知して終了した',
  },
  2: { en: 'Ran, with no network activity', ja: '動作したが通信はなかった' },
  3: {
    en: 'Tried to reach C2 and failed (name did not resolve, 404, refused)',
    ja: 'C2 への接続を試みたが失敗した（名前解決不可、404、拒否）',
  },
  4: {
    en: 'C2 established: beaconing or host information sent only',
    ja: 'C2 と通信が確立した（ビーコンやホスト情報の送信のみ）',
  },
  5: {
    en: 'Hands-on reconnaissance by an operator (discovery commands, browsing files or mail)',
    ja: '攻撃者による手動の偵察（探索コマンド、ファイルやメールの閲覧）',
  },
  6: {
    en: 'Collection or theft (credentials, files, mail) or second-stage payloads',
    ja: '情報の収集・窃取（認証情報、ファイル、メール）または第 2 段階の検体',
  },
  7: {
    en: 'Spreading: privilege escalation, lateral movement, persistence, other malware deployed',
    ja: '拡散: 権限昇格、横展開、永続化、他のマルウェアの展開',
  },
  8: { en: 'Continuous attack activity over several days', ja: '複数日にわたる継続的な攻撃活動' },
};

export const caseFactsSchema = z.object({
  executed: z.boolean().optional(),
  evadedAnalysis: z.boolean().optional(),
  networkActivity: z.boolean().optional(),
  c2: z.enum(['unknown', 'none', 'failed', 'established']).optional(),
  secondStage: z.boolean().optional(),
});
export type CaseFacts = z.infer<typeof caseFactsSchema>;

export interface RubricBehaviour {
  occurredAt: string;
  category: string;
  techniqueIds: readonly string[];
}

export interface LevelSuggestion {
  level: ProgressLevel;
  reasons: { en: string; ja: string }[];
}

const HANDS_ON_TACTICS = new Set(['discovery']);
const HANDS_ON_CATEGORIES = new Set(['mail', 'browser', 'file_access', 'command', 'network_connection']);
const COLLECTION_TACTICS = new Set(['collection', 'credential-access', 'exfiltration']);
const COLLECTION_CATEGORIES = new Set(['account_information']);
const SPREAD_TACTICS = new Set(['privilege-escalation', 'lateral-movement', 'persistence']);
const SPREAD_CATEGORIES = new Set(['privilege_escalation', 'other_malware']);
const SECOND_STAGE_TECHNIQUES = new Set(['T1105']);
/** Hands-on activity on at least this many distinct days counts as continuous. */
const CONTINUOUS_DAYS = 3;

/** Trying to get in (brute force) happens before anything runs: on its own it shows no progress. */
const BEFORE_ACCESS = /^T1110(\.\d{3})?$/;

function behaviourLevel(behaviour: RubricBehaviour): ProgressLevel {
  if (behaviour.techniqueIds.length > 0 && behaviour.techniqueIds.every((id) => BEFORE_ACCESS.test(id))) return 1;
  const tactics = behaviour.techniqueIds.flatMap((id) => findTechnique(id)?.tactics ?? []);
  if (SPREAD_CATEGORIES.has(behaviour.category) || tactics.some((t) => SPREAD_TACTICS.has(t))) return 7;
  if (
    COLLECTION_CATEGORIES.has(behaviour.category) ||
    tactics.some((t) => COLLECTION_TACTICS.has(t)) ||
    behaviour.techniqueIds.some((id) => SECOND_STAGE_TECHNIQUES.has(id))
  ) {
    return 6;
  }
  if (HANDS_ON_CATEGORIES.has(behaviour.category) || tactics.some((t) => HANDS_ON_TACTICS.has(t))) return 5;
  return 4;
}

/** A behaviour category's name in both languages; a custom category without a built-in name shows its key. */
export type CategoryLabel = (key: string) => { en: string; ja: string };

const builtInLabel: CategoryLabel = (key) =>
  (BEHAVIOUR_CATEGORIES as Record<string, { en: string; ja: string }>)[key] ?? { en: key, ja: key };

/**
 * Whether anything the rubric reads has been recorded: an unknown C2 outcome is not an observation. Without
 * any, a suggestion would claim level 1 ("did not run") when nobody has looked yet.
 * @example hasAssessment({ c2: 'unknown' }, []) // false
 */
export function hasAssessment(facts: CaseFacts, behaviours: readonly RubricBehaviour[]): boolean {
  if (behaviours.length > 0) return true;
  return Object.entries(facts).some(([key, value]) => value !== undefined && !(key === 'c2' && value === 'unknown'));
}

/**
 * Suggests a progress level from a case's recorded facts and behaviours, or null ("not yet assessed") when
 * nothing has been recorded; the analyst may override it.
 * @example assessProgressLevel({}, []) // null
 */
export function assessProgressLevel(
  facts: CaseFacts,
  behaviours: readonly RubricBehaviour[],
  categoryLabel: CategoryLabel = builtInLabel,
): LevelSuggestion | null {
  return hasAssessment(facts, behaviours) ? suggestProgressLevel(facts, behaviours, categoryLabel) : null;
}

/**
 * Suggests a progress level from a case's recorded facts and behaviours; the analyst may override it.
 * With nothing recorded this is level 1: use {@link assessProgressLevel} to tell "not yet assessed" apart.
 * @example suggestProgressLevel({ c2: 'failed' }, []).level // 3
 */
export function suggestProgressLevel(
  facts: CaseFacts,
  behaviours: readonly RubricBehaviour[],
  categoryLabel: CategoryLabel = builtInLabel,
): LevelSuggestion {
  const reasons: LevelSuggestion['reasons'] = [];
  let level: ProgressLevel = 1;
  const raise = (to: ProgressLevel, reason: { en: string; ja: string }): void => {
    if (to > level) level = to;
    reasons.push(reason);
  };

  if (facts.evadedAnalysis) raise(1, { en: 'detected the analysis environment', ja: '解析環境を検知した' });
  if (facts.executed && !facts.evadedAnalysis) raise(2, { en: 'the sample ran', ja: '検体が動作した' });
  if (facts.c2 === 'failed') raise(3, { en: 'C2 could not be reached', ja: 'C2 に接続できなかった' });
  if (facts.c2 === 'established') raise(4, { en: 'C2 communication was established', ja: 'C2 との通信が確立した' });
  if (facts.networkActivity && facts.c2 !== 'failed' && facts.c2 !== 'established') {
    raise(3, { en: 'network activity was seen', ja: '通信が観測された' });
  }
  if (facts.secondStage) raise(6, { en: 'a second-stage payload arrived', ja: '第 2 段階の検体を取得した' });

  const handsOnDays = new Set<string>();
  for (const behaviour of behaviours) {
    const behaviourLevelValue = behaviourLevel(behaviour);
    if (behaviourLevelValue >= 5) handsOnDays.add(behaviour.occurredAt.slice(0, 10));
    if (behaviourLevelValue > level) {
      const label = categoryLabel(behaviour.category);
      const techniques = behaviour.techniqueIds.join(', ');
      raise(behaviourLevelValue, {
        en: techniques ? `behaviour "${label.en}" (${techniques})` : `behaviour "${label.en}"`,
        ja: techniques ? `行動「${label.ja}」（${techniques}）` : `行動「${label.ja}」`,
      });
    }
  }
  if (handsOnDays.size >= CONTINUOUS_DAYS) {
    raise(8, {
      en: `operator activity on ${handsOnDays.size} different days`,
      ja: `${handsOnDays.size} 日にわたる攻撃者の活動`,
    });
  }
  return { level, reasons };
}
