import { z } from 'zod';

/**
 * Behaviour categories from NICT's list of what a NanoCore RAT operator did in a STARDUST world.
 * Extensible: the hub stores the category as text, and adds names for new ones.
 */
export const BEHAVIOUR_CATEGORIES = {
  mail: { en: 'Mail', ja: 'メール' },
  browser: { en: 'Browser', ja: 'ブラウザ' },
  account_information: { en: 'Account information', ja: 'アカウント情報' },
  privilege_escalation: { en: 'Privilege escalation', ja: '権限昇格' },
  file_access: { en: 'File access', ja: 'ファイルアクセス' },
  network_connection: { en: 'Network connection', ja: 'ネットワーク接続' },
  command: { en: 'Command', ja: 'コマンド' },
  other_malware: { en: 'Other malware', ja: '他のマルウェア' },
  other: { en: 'Other', ja: 'その他' },
} as const satisfies Record<string, { en: string; ja: string }>;

export type BehaviourCategory = keyof typeof BEHAVIOUR_CATEGORIES;
export const BEHAVIOUR_CATEGORY_KEYS = Object.keys(BEHAVIOUR_CATEGORIES) as BehaviourCategory[];
/** Category keys: lower snake case, so custom categories can be added beside the built-in ones. */
export const behaviourCategorySchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,39}$/, 'category must be lower_snake_case, 2–40 characters');
