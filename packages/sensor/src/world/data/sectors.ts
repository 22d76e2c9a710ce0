import type { Sector } from '../schema.js';

type Pair = readonly [ja: string, en: string];
type Dept = readonly [id: string, ja: string, en: string];

export interface SectorProfile {
  /** Suffixes for the organisation's name: [ja, en, slug]. */
  orgForms: readonly (readonly [string, string, string])[];
  /** Departments; the first one with id "it" runs the systems. */
  departments: readonly Dept[];
  titles: readonly Pair[];
  /** Items for price lists or fee tables: [ja, en, base price in yen]. */
  items: readonly (readonly [string, string, number])[];
  projects: readonly Pair[];
  partnerForms: readonly (readonly [string, string, string])[];
  partnerStems: readonly Pair[];
  /** Topics for meetings: [ja, en]. */
  meetings: readonly Pair[];
  /** The intranet application's name. */
  app: string;
}

const COMMON_TITLES: readonly Pair[] = [
  ['部長', 'General Manager'], ['課長', 'Manager'], ['係長', 'Assistant Manager'], ['主任', 'Supervisor'],
  ['担当', 'Staff'], ['担当', 'Staff'], ['担当', 'Staff'], ['主査', 'Senior Staff'],
];

export const SECTORS_DATA: Record<Sector, SectorProfile> = {
  manufacturing: {
    orgForms: [['精機', 'Seiki', 'seiki'], ['工業', 'Industries', 'kogyo'], ['製作所', 'Works', 'ss'], ['電機', 'Electric', 'denki'], ['化成', 'Chemical', 'kasei']],
    departments: [
      ['it', '情報システム部', 'IT Department'], ['sales', '営業部', 'Sales'], ['production', '製造部', 'Production'],
      ['quality', '品質保証部', 'Quality Assurance'], ['rnd', '技術開発部', 'Research & Development'],
      ['purchasing', '購買部', 'Purchasing'], ['general', '総務部', 'General Affairs'], ['accounting', '経理部', 'Accounting'],
    ],
    titles: COMMON_TITLES,
    items: [
      ['精密ベアリング BR-200', 'Precision bearing BR-200', 1850], ['油圧バルブ HV-35', 'Hydraulic valve HV-35', 12400],
      ['ステンレス継手 SJ-12', 'Stainless joint SJ-12', 680], ['サーボモーター SM-750', 'Servo motor SM-750', 48500],
      ['制御基板 CB-3A', 'Control board CB-3A', 23800], ['リニアガイド LG-40', 'Linear guide LG-40', 9200],
      ['減速機 RG-15', 'Reduction gear RG-15', 31500], ['センサーユニット SU-8', 'Sensor unit SU-8', 15600],
    ],
    projects: [['新ライン立ち上げ', 'new production line start-up'], ['生産管理システム更新', 'production management system renewal'], ['海外工場への技術移管', 'technology transfer to the overseas plant'], ['品質データ一元化', 'quality data consolidation']],
    partnerForms: [['商事', 'Trading', 'shoji'], ['物流', 'Logistics', 'logi'], ['金属', 'Metals', 'metal'], ['システムズ', 'Systems', 'sys']],
    partnerStems: [['丸越', 'Marukoshi'], ['大洋', 'Taiyo'], ['共栄', 'Kyoei'], ['日東', 'Nitto'], ['協和', 'Kyowa'], ['富岳', 'Fugaku']],
    meetings: [['生産会議', 'production meeting'], ['品質改善会議', 'quality improvement meeting'], ['営業戦略会議', 'sales strategy meeting'], ['設備投資検討会', 'capital investment review']],
    app: 'seisan-kanri',
  },
  government: {
    orgForms: [['市役所', 'City Office', 'city'], ['町役場', 'Town Office', 'town'], ['県庁', 'Prefectural Government', 'pref']],
    departments: [
      ['it', '情報政策課', 'Information Policy Division'], ['general', '総務課', 'General Affairs Division'],
      ['finance', '財政課', 'Finance Division'], ['welfare', '福祉課', 'Welfare Division'],
      ['planning', '企画課', 'Planning Division'], ['tax', '税務課', 'Taxation Division'],
      ['citizens', '市民課', 'Citizen Services Division'], ['construction', '建設課', 'Construction Division'],
    ],
    titles: [['課長', 'Division Director'], ['課長補佐', 'Deputy Director'], ['係長', 'Section Chief'], ['主査', 'Senior Officer'], ['主事', 'Officer'], ['主事', 'Officer'], ['主事', 'Officer'], ['技師', 'Engineer']],
    items: [
      ['住民票の写し', 'Certificate of residence', 300], ['印鑑登録証明書', 'Seal registration certificate', 300],
      ['戸籍全部事項証明書', 'Family register certificate', 450], ['公共施設使用料（会議室A・半日）', 'Meeting room A, half day', 2200],
      ['体育館使用料（1時間）', 'Gymnasium, one hour', 1100], ['粗大ごみ処理手数料', 'Bulky waste collection fee', 800],
    ],
    projects: [['庁内ネットワーク更改', 'internal network renewal'], ['電子申請システム導入', 'online application system roll-out'], ['基幹系システム標準化対応', 'core system standardisation'], ['防災情報システム整備', 'disaster information system']],
    partnerForms: [['情報サービス', 'Information Services', 'info'], ['ソリューションズ', 'Solutions', 'sol'], ['総合研究所', 'Research Institute', 'ri']],
    partnerStems: [['中央', 'Chuo'], ['日本電算', 'Nihon Densan'], ['地域', 'Chiiki'], ['東亜', 'Toa'], ['公共', 'Kokyo']],
    meetings: [['課内会議', 'division meeting'], ['予算編成会議', 'budget meeting'], ['システム更改検討会', 'system renewal review'], ['庁議', 'executive meeting']],
    app: 'naibu-portal',
  },
  university: {
    orgForms: [['大学', 'University', 'univ'], ['工業大学', 'Institute of Technology', 'tech'], ['学院大学', 'Gakuin University', 'gakuin']],
    departments: [
      ['it', '情報基盤センター', 'Information Technology Center'], ['academic', '教務課', 'Academic Affairs'],
      ['research', '研究推進課', 'Research Promotion Office'], ['admissions', '入試課', 'Admissions Office'],
      ['engineering', '工学部', 'Faculty of Engineering'], ['science', '理学部', 'Faculty of Science'],
      ['library', '図書館', 'Library'], ['general', '総務課', 'General Affairs'],
    ],
    titles: [['教授', 'Professor'], ['准教授', 'Associate Professor'], ['助教', 'Assistant Professor'], ['課長', 'Manager'], ['係長', 'Section Chief'], ['事務職員', 'Administrative Staff'], ['事務職員', 'Administrative Staff'], ['技術職員', 'Technical Staff']],
    items: [
      ['入学検定料', 'Entrance examination fee', 17000], ['入学料', 'Admission fee', 282000], ['授業料（年額）', 'Tuition (per year)', 535800],
      ['科目等履修生 1単位', 'Credit course, per credit', 14800], ['施設利用料（講堂・1日）', 'Auditorium, one day', 55000],
    ],
    projects: [['学内ネットワーク更新', 'campus network upgrade'], ['学務システム移行', 'student information system migration'], ['共同研究プロジェクト', 'joint research project'], ['オープンキャンパス準備', 'open campus preparation']],
    partnerForms: [['研究所', 'Laboratories', 'lab'], ['システムズ', 'Systems', 'sys'], ['出版', 'Publishing', 'pub']],
    partnerStems: [['総合', 'Sogo'], ['未来', 'Mirai'], ['学術', 'Gakujutsu'], ['東邦', 'Toho'], ['創研', 'Soken']],
    meetings: [['教授会', 'faculty meeting'], ['入試委員会', 'admissions committee'], ['情報基盤運営委員会', 'IT infrastructure committee'], ['研究推進会議', 'research promotion meeting']],
    app: 'gakumu',
  },
  finance: {
    orgForms: [['信用金庫', 'Shinkin Bank', 'shinkin'], ['証券', 'Securities', 'sec'], ['リース', 'Leasing', 'lease'], ['信用組合', 'Credit Cooperative', 'shinkumi']],
    departments: [
      ['it', 'システム部', 'IT Systems Department'], ['sales', '営業推進部', 'Business Promotion'],
      ['risk', 'リスク管理部', 'Risk Management'], ['compliance', 'コンプライアンス部', 'Compliance'],
      ['loans', '融資部', 'Lending'], ['operations', '事務部', 'Operations'], ['general', '総務部', 'General Affairs'],
      ['audit', '監査部', 'Internal Audit'],
    ],
    titles: COMMON_TITLES,
    items: [
      ['振込手数料（他行宛・3万円未満）', 'Transfer fee, other banks, under 30,000 yen', 440], ['振込手数料（他行宛・3万円以上）', 'Transfer fee, other banks, 30,000 yen or more', 660],
      ['残高証明書発行手数料', 'Balance certificate fee', 880], ['通帳再発行手数料', 'Passbook reissue fee', 1100],
      ['両替手数料（51〜500枚）', 'Coin exchange fee, 51–500 coins', 550], ['貸金庫（年間・小型）', 'Safe deposit box, small, per year', 13200],
    ],
    projects: [['勘定系システム更改', 'core banking system renewal'], ['インターネットバンキング刷新', 'online banking renewal'], ['マネロン対策強化', 'anti-money-laundering programme'], ['店舗統合', 'branch consolidation']],
    partnerForms: [['データサービス', 'Data Services', 'data'], ['システム開発', 'System Development', 'dev'], ['監査法人', 'Audit Corporation', 'audit']],
    partnerStems: [['日本金融', 'Nihon Kinyu'], ['第一', 'Daiichi'], ['中央', 'Chuo'], ['共同', 'Kyodo'], ['大東', 'Daito']],
    meetings: [['経営会議', 'management meeting'], ['リスク管理委員会', 'risk committee'], ['システム運営会議', 'IT operations meeting'], ['営業推進会議', 'business promotion meeting']],
    app: 'eigyo-shien',
  },
};
