/**
 * Demo data for `cynex demo` and `cynex serve --demo`. Pure data, no I/O.
 *
 * The organisations and people are fictional and exist only for demonstrations. The cases follow the
 * 18 observation cases NICT published for the STARDUST observation environment CL12 in 2022: ids, dates,
 * samples and outcomes as published; the progress levels are cynex's own rubric applied to them.
 * The NanoCore behaviours are NICT's published list of what the operator did; the times of day are a
 * plausible reconstruction for the demo, not NICT's timings.
 */
import type {
  BehaviourCreate,
  CaseCreate,
  CaseFacts,
  Programme,
  ProgressLevel,
  Role,
  Sector,
  Scope,
  Tlp,
} from '@cynex/core';

export interface DemoOrg {
  slug: string;
  nameEn: string;
  nameJa: string;
  sector: Sector;
  programmes: Programme[];
}

export interface DemoUser {
  email: string;
  displayName: string;
  orgSlug: string;
  role: Role;
  password: string;
}

/** A demo case always carries its NICT case id and an explicit progress level. */
export type DemoCase = CaseCreate & { caseId: string; progressLevel: ProgressLevel };

/** Demo only: every demo account shares this password. Never use it, or the demo accounts, in production. */
export const DEMO_PASSWORD = 'demo-password-1234';

/** The first organisation observes and owns the demo cases; the second is a member company. */
export const DEMO_ORGS: readonly DemoOrg[] = [
  {
    slug: 'demo-observatory',
    nameEn: 'Cyber Observation Research Institute (demo)',
    nameJa: 'サイバー観測研究所 (デモ)',
    sector: 'government',
    programmes: ['A', 'S', 'E', 'C'],
  },
  {
    slug: 'demo-member',
    nameEn: 'Hoshizora Manufacturing Co., Ltd. (demo)',
    nameJa: '星空精機株式会社 (デモ)',
    sector: 'industry',
    programmes: ['A', 'S'],
  },
];

const [OBSERVATORY, MEMBER] = ['demo-observatory', 'demo-member'] as const;

/** Demo accounts; all use {@link DEMO_PASSWORD}. */
export const DEMO_USERS: readonly DemoUser[] = [
  {
    email: 'admin@demo.cynex.example',
    displayName: '観測 太郎 (デモ管理者)',
    orgSlug: OBSERVATORY,
    role: 'org_admin',
    password: DEMO_PASSWORD,
  },
  {
    email: 'analyst@demo.cynex.example',
    displayName: '解析 花子 (デモ)',
    orgSlug: OBSERVATORY,
    role: 'analyst',
    password: DEMO_PASSWORD,
  },
  {
    email: 'member-analyst@demo.cynex.example',
    displayName: '星空 一郎 (デモ)',
    orgSlug: MEMBER,
    role: 'analyst',
    password: DEMO_PASSWORD,
  },
  {
    email: 'member-viewer@demo.cynex.example',
    displayName: '星空 次郎 (デモ閲覧者)',
    orgSlug: MEMBER,
    role: 'viewer',
    password: DEMO_PASSWORD,
  },
];

// ---------------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------------

/** Fact presets for the common outcomes. */
const EVADED: CaseFacts = {
  executed: true,
  evadedAnalysis: true,
  networkActivity: false,
  c2: 'none',
  secondStage: false,
};
const DID_NOT_RUN: CaseFacts = {
  executed: false,
  evadedAnalysis: false,
  networkActivity: false,
  c2: 'none',
  secondStage: false,
};
const NO_NETWORK: CaseFacts = {
  executed: true,
  evadedAnalysis: false,
  networkActivity: false,
  c2: 'none',
  secondStage: false,
};
const C2_FAILED: CaseFacts = {
  executed: true,
  evadedAnalysis: false,
  networkActivity: true,
  c2: 'failed',
  secondStage: false,
};
const C2_ESTABLISHED: CaseFacts = {
  executed: true,
  evadedAnalysis: false,
  networkActivity: true,
  c2: 'established',
  secondStage: false,
};
const SECOND_STAGE: CaseFacts = { ...C2_ESTABLISHED, secondStage: true };

interface CaseSpec {
  caseId: string;
  startDate: string;
  endDate: string;
  sampleName: string;
  malwareFamily: string;
  facts: CaseFacts;
  progressLevel: ProgressLevel;
  progressLevelReason: string;
  progressLevelReasonJa: string;
  summaryEn: string;
  summaryJa: string;
  /** Defaults to TLP:GREEN shared with the community. */
  sharing?: { marking: Tlp; scope: Scope };
}

const AMBER_ORG = { marking: 'AMBER', scope: 'organisation' } as const;

function cl12Case(spec: CaseSpec): DemoCase {
  const { sharing = { marking: 'GREEN', scope: 'community' }, ...rest } = spec;
  return {
    ...rest,
    environmentKind: 'decoy',
    environmentCode: 'CL12',
    environmentName: 'CL12 (demo observation environment)',
    environmentNameJa: 'CL12（デモ用観測環境）',
    status: 'closed',
    analystUserIds: [],
    recipientUserIds: [],
    marking: sharing.marking,
    scope: sharing.scope,
  };
}

export const NANOCORE_CASE_ID = '220907_CL12_007';

export const DEMO_CASES: readonly DemoCase[] = [
  cl12Case({
    // The id's date (220810) differs from the start date (2022-09-20) in NICT's list; both are kept as published.
    caseId: '220810_CL12_001',
    startDate: '2022-09-20',
    endDate: '2022-09-20',
    sampleName: 'Remcos',
    malwareFamily: 'Remcos',
    facts: { ...NO_NETWORK, networkActivity: true },
    progressLevel: 3,
    progressLevelReason: 'Network activity (transfer.sh) but no C2 session and nothing further.',
    progressLevelReasonJa: 'transfer.sh への通信はあったが、C2 セッションは確立せず、それ以上の活動もなかった。',
    summaryEn: 'After execution it contacted transfer.sh; nothing further.',
    summaryJa: '実行後に transfer.sh へ通信したが、それ以上の活動はなかった。',
  }),
  cl12Case({
    caseId: '220828_CL12_002',
    startDate: '2022-08-28',
    endDate: '2022-08-29',
    sampleName: 'OilRig',
    malwareFamily: 'OilRig',
    facts: NO_NETWORK,
    progressLevel: 2,
    progressLevelReason: 'The sample ran but produced no network traffic.',
    progressLevelReasonJa: '検体は動作したが、通信は発生しなかった。',
    summaryEn: 'Executed; no network traffic.',
    summaryJa: '実行されたが、通信は発生しなかった。',
  }),
  cl12Case({
    caseId: '220819_CL12_003',
    startDate: '2022-08-19',
    endDate: '2022-08-19',
    sampleName: 'Lazarus (Job Offer)',
    malwareFamily: 'Lazarus',
    facts: C2_FAILED,
    progressLevel: 3,
    progressLevelReason: 'The sample tried to reach its C2, but the connection was never established.',
    progressLevelReasonJa: '検体は C2 への接続を試みたが、接続は最後まで確立しなかった。',
    summaryEn: 'Job-seeker lure with a Coinbase decoy; the C2 connection was never established.',
    summaryJa: 'Coinbase の求人を装い求職者を狙うおとり文書。C2 との接続は最後まで確立しなかった。',
  }),
  cl12Case({
    caseId: '220829_CL12_004',
    startDate: '2022-08-29',
    endDate: '2022-08-30',
    sampleName: 'Lokibot',
    malwareFamily: 'LokiBot',
    facts: EVADED,
    progressLevel: 1,
    progressLevelReason: 'The sample detected the analysis environment and quit.',
    progressLevelReasonJa: '検体が解析環境を検知して終了した。',
    summaryEn: 'Detected the analysis environment and exited without traffic.',
    summaryJa: '解析環境を検知し、通信を行わずに終了した。',
  }),
  cl12Case({
    caseId: '220902_CL12_005',
    startDate: '2022-09-02',
    endDate: '2022-09-06',
    sampleName: 'Lazarus (DangerousPassword)',
    malwareFamily: 'Lazarus',
    facts: C2_ESTABLISHED,
    progressLevel: 4,
    progressLevelReason: 'A child process reached the C2; no activity followed.',
    progressLevelReasonJa: '子プロセスが C2 に接続したが、その後の活動はなかった。',
    summaryEn: 'The LNK file was run; a child process reached the C2; nothing suspicious afterwards.',
    summaryJa: 'LNK ファイルが実行され、子プロセスが C2 に接続したが、その後に不審な活動はなかった。',
    sharing: AMBER_ORG,
  }),
  cl12Case({
    caseId: '220905_CL12_006',
    startDate: '2022-09-05',
    endDate: '2022-09-06',
    sampleName: 'Lokibot',
    malwareFamily: 'LokiBot',
    facts: EVADED,
    progressLevel: 1,
    progressLevelReason: 'The sample detected the analysis environment and quit.',
    progressLevelReasonJa: '検体が解析環境を検知して終了した。',
    summaryEn: 'Detected the analysis environment and exited without traffic.',
    summaryJa: '解析環境を検知し、通信を行わずに終了した。',
  }),
  cl12Case({
    caseId: NANOCORE_CASE_ID,
    startDate: '2022-09-07',
    endDate: '2022-09-09',
    sampleName: 'Nanocore',
    malwareFamily: 'NanoCore',
    facts: SECOND_STAGE,
    progressLevel: 7,
    progressLevelReason:
      'A second stage (Formbook) arrived and the operator worked by hand for two days: reconnaissance, credential theft, ' +
      'tool download, an administrator-rights request and other malware run; no continued attack afterwards.',
    progressLevelReasonJa:
      '第 2 段階の検体（Formbook）が送り込まれ、攻撃者が 2 日間にわたり手動で操作した（偵察、認証情報の窃取、ツールのダウンロード、管理者権限の要求、他のマルウェアの実行）。その後の継続的な攻撃はなかった。',
    summaryEn: 'First stage NanoCore, second stage Formbook; C2 traffic seen; no continued attack.',
    summaryJa: '第 1 段階は NanoCore、第 2 段階は Formbook。C2 通信を確認したが、攻撃は継続しなかった。',
  }),
  cl12Case({
    caseId: '220907_CL12_008',
    startDate: '2022-09-07',
    endDate: '2022-09-07',
    sampleName: 'Formbook',
    malwareFamily: 'Formbook',
    facts: DID_NOT_RUN,
    progressLevel: 1,
    progressLevelReason: 'Process injection failed, so the payload never ran.',
    progressLevelReasonJa: 'プロセスインジェクションに失敗したため、ペイロードは実行されなかった。',
    summaryEn: 'Process injection failed in the environment.',
    summaryJa: '観測環境内でプロセスインジェクションに失敗した。',
  }),
  cl12Case({
    caseId: '220914_CL12_009',
    startDate: '2022-09-14',
    endDate: '2022-09-14',
    sampleName: 'Kimsuky',
    malwareFamily: 'Kimsuky',
    facts: C2_FAILED,
    progressLevel: 3,
    progressLevelReason: 'The C2 name did not resolve.',
    progressLevelReasonJa: 'C2 の名前解決ができなかった。',
    summaryEn: 'The C2 name did not resolve.',
    summaryJa: 'C2 の名前解決ができなかった。',
  }),
  cl12Case({
    caseId: '220916_CL12_010',
    startDate: '2022-09-16',
    endDate: '2022-09-16',
    sampleName: 'Kimsuky',
    malwareFamily: 'Kimsuky',
    facts: C2_FAILED,
    progressLevel: 3,
    progressLevelReason: 'The C2 answered 404.',
    progressLevelReasonJa: 'C2 が 404 を返した。',
    summaryEn: 'The C2 answered 404; nothing further.',
    summaryJa: 'C2 は 404 を返し、それ以上の活動はなかった。',
  }),
  cl12Case({
    caseId: '220926_CL12_011',
    startDate: '2022-09-26',
    endDate: '2022-10-28',
    sampleName: 'AgentTesla',
    malwareFamily: 'AgentTesla',
    facts: C2_ESTABLISHED,
    progressLevel: 4,
    progressLevelReason:
      'The sample was active and communicating, but stopped partway (the disk had filled up); no theft was recorded.',
    progressLevelReasonJa:
      '検体は動作して通信も行っていたが、途中で停止した（ディスク容量が満杯になっていた）。窃取は記録されていない。',
    summaryEn: 'Activity stopped partway; the disk had filled up, which may explain it.',
    summaryJa: '活動は途中で停止した。ディスク容量が満杯になっていたことが原因の可能性がある。',
    sharing: AMBER_ORG,
  }),
  cl12Case({
    caseId: '220928_CL12_012',
    startDate: '2022-09-28',
    endDate: '2022-09-30',
    sampleName: 'Konni',
    malwareFamily: 'Konni',
    facts: C2_ESTABLISHED,
    progressLevel: 4,
    progressLevelReason: 'Host information was sent to the C2; nothing followed.',
    progressLevelReasonJa: 'ホスト情報が C2 に送信されたが、その後の活動はなかった。',
    summaryEn: 'Sent host information to the C2; nothing afterwards.',
    summaryJa: 'ホスト情報を C2 に送信したが、その後の活動はなかった。',
  }),
  cl12Case({
    caseId: '221004_CL12_013',
    startDate: '2022-10-04',
    endDate: '2022-10-04',
    sampleName: 'Kimsuky',
    malwareFamily: 'Kimsuky',
    facts: C2_FAILED,
    progressLevel: 3,
    progressLevelReason: 'The C2 answered 404.',
    progressLevelReasonJa: 'C2 が 404 を返した。',
    summaryEn: 'The C2 answered 404 by 14:45.',
    summaryJa: '14:45 の時点で C2 は 404 を返すようになっていた。',
  }),
  cl12Case({
    caseId: '221012_CL12_014',
    startDate: '2022-10-12',
    endDate: '2022-10-12',
    sampleName: 'Kimsuky',
    malwareFamily: 'Kimsuky',
    facts: C2_FAILED,
    progressLevel: 3,
    progressLevelReason: 'The C2 name did not resolve.',
    progressLevelReasonJa: 'C2 の名前解決ができなかった。',
    summaryEn: 'The C2 name did not resolve.',
    summaryJa: 'C2 の名前解決ができなかった。',
  }),
  cl12Case({
    caseId: '221024_CL12_015',
    startDate: '2022-10-24',
    endDate: '2022-11-01',
    sampleName: 'RoyalRoad / Sharp Panda',
    malwareFamily: 'RoyalRoad',
    facts: C2_ESTABLISHED,
    progressLevel: 4,
    progressLevelReason:
      'On the first day only, the sample sent the host information it had gathered to a C2; no operator activity or theft followed.',
    progressLevelReasonJa:
      '初日のみ、検体が収集したホスト情報を C2 に送信した。その後、攻撃者による操作や窃取はなかった。',
    summaryEn: 'On the first day only, it talked to a different C2 and sent collected information.',
    summaryJa: '初日のみ、別の C2 と通信し、収集した情報を送信した。',
    sharing: AMBER_ORG,
  }),
  cl12Case({
    caseId: '221104_CL12_016',
    startDate: '2022-11-04',
    endDate: '2022-11-09',
    sampleName: 'Emotet',
    malwareFamily: 'Emotet',
    facts: C2_ESTABLISHED,
    progressLevel: 4,
    progressLevelReason: 'Periodic C2 traffic only.',
    progressLevelReasonJa: '定期的な C2 通信のみ。',
    summaryEn: 'Periodic C2 traffic only.',
    summaryJa: '定期的な C2 通信のみが観測された。',
  }),
  cl12Case({
    caseId: '221104_CL12_017',
    startDate: '2022-11-04',
    endDate: '2022-12-02',
    sampleName: 'Emotet',
    malwareFamily: 'Emotet',
    facts: SECOND_STAGE,
    progressLevel: 6,
    progressLevelReason:
      'Information theft and second-stage downloads; the attempted mail delivery was blocked at the firewall, so no spreading.',
    progressLevelReasonJa:
      '情報の窃取と第 2 段階の検体のダウンロードを確認した。メール送信の試行はファイアウォールで遮断されたため、拡散には至らなかった。',
    summaryEn:
      'Information theft, attempted mail delivery to outside servers (blocked at the firewall), and second-stage downloads.',
    summaryJa:
      '情報の窃取、外部のメールサーバーへのメール送信の試行（ファイアウォールで遮断）、第 2 段階の検体のダウンロードが観測された。',
  }),
  cl12Case({
    caseId: '230117_CL12_018',
    startDate: '2023-01-17',
    endDate: '2023-02-17',
    sampleName: 'Emotet',
    malwareFamily: 'Emotet',
    facts: SECOND_STAGE,
    progressLevel: 6,
    progressLevelReason: 'Information theft with regularly downloaded updates; no mail delivery.',
    progressLevelReasonJa: '定期的にアップデートをダウンロードしながら情報を窃取した。メール送信はなかった。',
    summaryEn:
      'Regular updates and information theft; no mail delivery; the downloaded Emotet matched the previous campaign.',
    summaryJa:
      '定期的なアップデートと情報の窃取が観測された。メール送信はなかった。ダウンロードされた Emotet は前回のキャンペーンのものと一致した。',
  }),
];

// ---------------------------------------------------------------------------------------------------
// NanoCore operator behaviours (220907_CL12_007)
// ---------------------------------------------------------------------------------------------------

const RECONSTRUCTED = { en: 'Time of day reconstructed for the demo.', ja: '時刻はデモ用に再構成したもの。' };

function at(day: 7 | 8, time: string): string {
  return `2022-09-0${day}T${time}:00+09:00`;
}

function behaviour(
  occurredAt: string,
  category: string,
  action: string,
  actionJa: string,
  techniqueIds: string[],
  notes: { en: string; ja: string } = { en: '', ja: '' },
): BehaviourCreate {
  return {
    occurredAt,
    category,
    action,
    actionJa,
    techniqueIds,
    notes: notes.en ? `${notes.en} ${RECONSTRUCTED.en}` : RECONSTRUCTED.en,
    notesJa: notes.ja ? `${notes.ja}${RECONSTRUCTED.ja}` : RECONSTRUCTED.ja,
  };
}

/** What the NanoCore operator did, one behaviour per item of NICT's list, in a plausible order. */
export const NANOCORE_BEHAVIOURS: BehaviourCreate[] = [
  // Day 1: getting bearings on the host.
  behaviour(
    at(7, '14:05'),
    'network_connection',
    'Checked connectivity from the task-bar network icon',
    'タスクバーのネットワークアイコンから接続状況を確認',
    ['T1016.001'],
  ),
  behaviour(
    at(7, '14:07'),
    'network_connection',
    'Checked connectivity in the Network and Sharing Center',
    'ネットワークと共有センターで接続状況を確認',
    ['T1016.001'],
  ),
  behaviour(at(7, '14:10'), 'command', 'Ran `systeminfo`', '`systeminfo` を実行', ['T1082']),
  behaviour(at(7, '14:12'), 'command', 'Ran `ipconfig`', '`ipconfig` を実行', ['T1016']),
  behaviour(at(7, '14:13'), 'command', 'Ran `net view`', '`net view` を実行', ['T1135']),
  behaviour(at(7, '14:20'), 'command', 'Searched the start menu', 'スタートメニューを検索', ['T1518'], {
    en: 'Looking for installed programs.',
    ja: 'インストール済みのプログラムを探していたとみられる。',
  }),
  behaviour(
    at(7, '14:25'),
    'file_access',
    'Opened files and folders on the desktop',
    'デスクトップ上のファイルやフォルダーを開いた',
    ['T1083'],
  ),
  behaviour(at(7, '14:31'), 'file_access', 'Opened recent places', '最近使った場所を開いた', ['T1083']),
  behaviour(at(7, '14:36'), 'file_access', 'Looked at network drives', 'ネットワークドライブを確認', ['T1135']),
  // Day 1: the browsers.
  behaviour(at(7, '14:50'), 'browser', 'Opened Chrome and Internet Explorer', 'Chrome と Internet Explorer を起動', []),
  behaviour(
    at(7, '14:53'),
    'browser',
    'Switched the browser language to English',
    'ブラウザの表示言語を英語に切り替えた',
    [],
    {
      en: 'No ATT&CK technique fits an operator changing the display language for convenience.',
      ja: '攻撃者が操作しやすいよう表示言語を変えただけで、該当する ATT&CK テクニックはない。',
    },
  ),
  behaviour(at(7, '14:58'), 'browser', 'Checked the Google sign-in state', 'Google へのログイン状態を確認', ['T1217']),
  behaviour(
    at(7, '15:04'),
    'browser',
    'Looked at bookmarks and opened bookmarked pages',
    'ブックマークを閲覧し、登録されたページを開いた',
    ['T1217'],
  ),
  behaviour(
    at(7, '15:12'),
    'browser',
    'Looked at the history, most visited pages and recently closed tabs',
    '閲覧履歴、よく見るページ、最近閉じたタブを確認',
    ['T1217'],
  ),
  // Day 1: credentials.
  behaviour(
    at(7, '15:30'),
    'account_information',
    'Stole passwords saved in the browser',
    'ブラウザに保存されたパスワードを窃取',
    ['T1555.003'],
  ),
  behaviour(
    at(7, '15:34'),
    'account_information',
    'Stole the mail-client account settings',
    'メールクライアントのアカウント設定を窃取',
    ['T1555'],
  ),
  // Day 1: mail.
  behaviour(at(7, '16:02'), 'mail', 'Opened Outlook', 'Outlook を起動', []),
  behaviour(
    at(7, '16:05'),
    'mail',
    'Checked the inbox, sent items and drafts',
    '受信トレイ、送信済みアイテム、下書きを確認',
    ['T1114.001'],
  ),
  behaviour(at(7, '16:11'), 'mail', "Checked the user's account settings", 'ユーザーのアカウント設定を確認', [
    'T1087.003',
  ]),
  // Day 2.
  behaviour(at(8, '10:15'), 'mail', 'Searched for specific mail', '特定のメールを検索', ['T1114.001']),
  behaviour(at(8, '10:40'), 'mail', 'Tried to send mail', 'メールの送信を試みた', [], {
    en: 'Purpose unknown, so no technique is asserted.',
    ja: '目的が不明なため、テクニックは付与していない。',
  }),
  behaviour(
    at(8, '11:02'),
    'browser',
    'Opened specific sites (payment, e-commerce)',
    '特定のサイト（決済、EC サイト）を開いた',
    [],
    {
      en: 'Possibly looking for signed-in sessions; no theft from these sites was seen, so no technique is asserted.',
      ja: 'ログイン済みのセッションを探していた可能性がある。これらのサイトからの窃取は確認されなかったため、テクニックは付与していない。',
    },
  ),
  behaviour(at(8, '13:20'), 'privilege_escalation', 'Downloaded specific tools', '特定のツールをダウンロード', [
    'T1105',
  ]),
  behaviour(at(8, '13:26'), 'privilege_escalation', 'Asked for administrator rights', '管理者権限を要求', ['T1548'], {
    en: 'An elevation prompt, not a known UAC bypass, so the parent technique rather than T1548.002.',
    ja: '既知の UAC バイパスではなく昇格プロンプトによる要求のため、T1548.002 ではなく親テクニックを付与した。',
  }),
  behaviour(at(8, '14:05'), 'file_access', 'Compressed files', 'ファイルを圧縮', ['T1560']),
  behaviour(at(8, '14:12'), 'file_access', 'Uploaded files to the C2 server', 'ファイルを C2 サーバーへアップロード', [
    'T1041',
  ]),
  behaviour(at(8, '15:00'), 'other_malware', 'Ran other malware', '他のマルウェアを実行', ['T1105'], {
    en: 'The second stage of this case was Formbook.',
    ja: 'この事例の第 2 段階の検体は Formbook。',
  }),
  behaviour(
    at(8, '15:40'),
    'other',
    "Talked to the user through the RAT's chat feature",
    'RAT のチャット機能でユーザーに話しかけた',
    [],
    {
      en: 'No ATT&CK technique covers chatting with the victim.',
      ja: '被害者とのチャットに該当する ATT&CK テクニックはない。',
    },
  ),
  behaviour(
    at(8, '15:45'),
    'other',
    'Locked the screen to stop the user',
    'ユーザーの操作を妨げるため画面をロック',
    [],
    {
      en: 'A screen lock does not remove account access (T1531), so no technique is asserted.',
      ja: '画面ロックはアカウントへのアクセスを奪うもの（T1531）ではないため、テクニックは付与していない。',
    },
  ),
  behaviour(
    at(8, '16:30'),
    'other_malware',
    'Updated and later uninstalled the NanoCore client',
    'NanoCore クライアントを更新し、その後アンインストール',
    ['T1070'],
    {
      en: 'Recorded at the uninstall; the update came earlier in the session.',
      ja: 'アンインストールの時点で記録した。更新はそれより前、同じセッション中に行われた。',
    },
  ),
];

/** Behaviours per demo case id; cases not listed have none. */
export const DEMO_CASE_BEHAVIOURS: Readonly<Record<string, readonly BehaviourCreate[]>> = {
  [NANOCORE_CASE_ID]: NANOCORE_BEHAVIOURS,
};
