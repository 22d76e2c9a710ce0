import type { CvssMetric } from './types.js';

const v = (key: string, en: string, ja: string) => ({ key, name: { en, ja } });
const m = (key: string, en: string, ja: string, values: CvssMetric['values'], required = true): CvssMetric => ({
  key,
  name: { en, ja },
  values,
  required,
});

const CIA = [v('H', 'High', '高'), v('L', 'Low', '低'), v('N', 'None', 'なし')];

/**
 * The CVSS 3.1 base metrics, in the specification's order (CVSS 3.1 specification §2, Table 15).
 * @example CVSS31_BASE_METRICS.map((m) => m.key) // ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A']
 */
export const CVSS31_BASE_METRICS: CvssMetric[] = [
  m('AV', 'Attack Vector', '攻撃元区分', [
    v('N', 'Network', 'ネットワーク'),
    v('A', 'Adjacent', '隣接'),
    v('L', 'Local', 'ローカル'),
    v('P', 'Physical', '物理'),
  ]),
  m('AC', 'Attack Complexity', '攻撃条件の複雑さ', [v('L', 'Low', '低'), v('H', 'High', '高')]),
  m('PR', 'Privileges Required', '必要な特権レベル', [
    v('N', 'None', '不要'),
    v('L', 'Low', '低'),
    v('H', 'High', '高'),
  ]),
  m('UI', 'User Interaction', 'ユーザ関与レベル', [v('N', 'None', '不要'), v('R', 'Required', '要')]),
  m('S', 'Scope', 'スコープ', [v('U', 'Unchanged', '変更なし'), v('C', 'Changed', '変更あり')]),
  m('C', 'Confidentiality', '機密性への影響', CIA),
  m('I', 'Integrity', '完全性への影響', CIA),
  m('A', 'Availability', '可用性への影響', CIA),
];

/**
 * The CVSS 4.0 base metrics, in the specification's order (CVSS 4.0 specification §7, Table 23).
 * @example CVSS40_BASE_METRICS.length // 11
 */
export const CVSS40_BASE_METRICS: CvssMetric[] = [
  m('AV', 'Attack Vector', '攻撃元区分', [
    v('N', 'Network', 'ネットワーク'),
    v('A', 'Adjacent', '隣接'),
    v('L', 'Local', 'ローカル'),
    v('P', 'Physical', '物理'),
  ]),
  m('AC', 'Attack Complexity', '攻撃条件の複雑さ', [v('L', 'Low', '低'), v('H', 'High', '高')]),
  m('AT', 'Attack Requirements', '攻撃の前提条件', [v('N', 'None', 'なし'), v('P', 'Present', 'あり')]),
  m('PR', 'Privileges Required', '必要な特権レベル', [
    v('N', 'None', '不要'),
    v('L', 'Low', '低'),
    v('H', 'High', '高'),
  ]),
  m('UI', 'User Interaction', 'ユーザ関与レベル', [
    v('N', 'None', '不要'),
    v('P', 'Passive', '受動的'),
    v('A', 'Active', '能動的'),
  ]),
  m('VC', 'Vulnerable System Confidentiality', '脆弱なシステムの機密性への影響', CIA),
  m('VI', 'Vulnerable System Integrity', '脆弱なシステムの完全性への影響', CIA),
  m('VA', 'Vulnerable System Availability', '脆弱なシステムの可用性への影響', CIA),
  m('SC', 'Subsequent System Confidentiality', '後続システムの機密性への影響', CIA),
  m('SI', 'Subsequent System Integrity', '後続システムの完全性への影響', CIA),
  m('SA', 'Subsequent System Availability', '後続システムの可用性への影響', CIA),
];

/**
 * Optional (temporal/threat, environmental, supplemental) metrics and their allowed values, in specification
 * order. Accepted in vectors so that vectors from other tools parse; the base score ignores them.
 */
export const CVSS31_OPTIONAL_METRICS: [string, string[]][] = [
  ['E', ['X', 'H', 'F', 'P', 'U']],
  ['RL', ['X', 'U', 'W', 'T', 'O']],
  ['RC', ['X', 'C', 'R', 'U']],
  ['CR', ['X', 'H', 'M', 'L']],
  ['IR', ['X', 'H', 'M', 'L']],
  ['AR', ['X', 'H', 'M', 'L']],
  ['MAV', ['X', 'N', 'A', 'L', 'P']],
  ['MAC', ['X', 'L', 'H']],
  ['MPR', ['X', 'N', 'L', 'H']],
  ['MUI', ['X', 'N', 'R']],
  ['MS', ['X', 'U', 'C']],
  ['MC', ['X', 'H', 'L', 'N']],
  ['MI', ['X', 'H', 'L', 'N']],
  ['MA', ['X', 'H', 'L', 'N']],
];

export const CVSS40_OPTIONAL_METRICS: [string, string[]][] = [
  ['E', ['X', 'A', 'P', 'U']],
  ['CR', ['X', 'H', 'M', 'L']],
  ['IR', ['X', 'H', 'M', 'L']],
  ['AR', ['X', 'H', 'M', 'L']],
  ['MAV', ['X', 'N', 'A', 'L', 'P']],
  ['MAC', ['X', 'L', 'H']],
  ['MAT', ['X', 'N', 'P']],
  ['MPR', ['X', 'N', 'L', 'H']],
  ['MUI', ['X', 'N', 'P', 'A']],
  ['MVC', ['X', 'H', 'L', 'N']],
  ['MVI', ['X', 'H', 'L', 'N']],
  ['MVA', ['X', 'H', 'L', 'N']],
  ['MSC', ['X', 'H', 'L', 'N']],
  ['MSI', ['X', 'S', 'H', 'L', 'N']],
  ['MSA', ['X', 'S', 'H', 'L', 'N']],
  ['S', ['X', 'N', 'P']],
  ['AU', ['X', 'N', 'Y']],
  ['R', ['X', 'A', 'U', 'I']],
  ['V', ['X', 'D', 'C']],
  ['RE', ['X', 'L', 'M', 'H']],
  ['U', ['X', 'Clear', 'Green', 'Amber', 'Red']],
];
