/** The report's words in Japanese and English, and the locale's number and date formats. */

export type Lang = 'ja' | 'en';
export const LANGS: readonly Lang[] = ['ja', 'en'];

const LOCALE: Record<Lang, string> = { ja: 'ja-JP', en: 'en-GB' };

/** Numbers, shares, dates and country names in the report's language. */
export class Format {
  private readonly integer: Intl.NumberFormat;
  private readonly compactFormat: Intl.NumberFormat;
  private readonly percentFormat: Intl.NumberFormat;
  private readonly changeFormat: Intl.NumberFormat;
  private readonly dateFormat: Intl.DateTimeFormat;
  private readonly regions: Intl.DisplayNames;

  constructor(readonly lang: Lang) {
    const locale = LOCALE[lang];
    this.integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    // ja: 1.2億, 3,456万; en: 1.2 billion, 34.6 million
    this.compactFormat = new Intl.NumberFormat(locale, {
      notation: 'compact',
      compactDisplay: 'long',
      maximumFractionDigits: 1,
    });
    this.percentFormat = new Intl.NumberFormat(locale, {
      style: 'percent',
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
    });
    this.changeFormat = new Intl.NumberFormat(locale, {
      style: 'percent',
      minimumFractionDigits: 1,
      maximumFractionDigits: 1,
      signDisplay: 'exceptZero',
    });
    this.dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
    this.regions = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });
  }

  /** Thousands separators, no decimals. */
  count(n: number): string {
    return this.integer.format(Math.round(n));
  }

  /** With one decimal where it matters (averages). */
  decimal(n: number, digits = 1): string {
    return new Intl.NumberFormat(LOCALE[this.lang], { maximumFractionDigits: digits }).format(n);
  }

  /** A large count in words: 1.2億 / 1.2 billion; small counts as they are. */
  compact(n: number): string {
    return n >= 10_000 ? this.compactFormat.format(n) : this.count(n);
  }

  /** A share (0..1) as a percentage with one decimal. */
  percent(shareOf: number): string {
    return this.percentFormat.format(shareOf);
  }

  /** A change in percent (12.3 → +12.3%). */
  change(percent: number): string {
    return this.changeFormat.format(percent / 100);
  }

  date(at: Date | string): string {
    return this.dateFormat.format(new Date(at));
  }

  country(cc: string): string {
    if (cc === 'ZZ' || !/^[A-Z]{2}$/.test(cc)) return this.lang === 'ja' ? '不明' : 'Unknown';
    try {
      return this.regions.of(cc) ?? cc;
    } catch {
      return cc;
    }
  }
}

export interface Labels {
  reportName: string;
  subtitle: string;
  defaultTitle: (kind: 'quarterly' | 'annual', year: number, quarter: number | null) => string;
  periodLabel: string;
  period: (from: string, to: string, days: string) => string;
  preparedBy: string;
  generatedAt: string;
  marking: string;
  markingNote: string;
  page: (n: number, of: number) => string;
  contents: string;
  basedOn: string;
  utcNote: string;
  sections: {
    overview: string;
    daily: string;
    ports: string;
    countries: string;
    research: string;
    iot: string;
    senders: string;
    dos: string;
    notable: string;
    notes: string;
  };
  figures: {
    packets: string;
    monitored: string;
    perAddress: string;
    every: string;
    everyValue: (seconds: string) => string;
    change: string;
    changeNone: string;
    previous: (from: string, to: string, packets: string) => string;
    sensors: string;
  };
  overviewText: (packets: string, compact: string, seconds: string | null, change: string | null) => string;
  units: { packets: string; addresses: string; seconds: string };
  columns: {
    rank: string;
    port: string;
    service: string;
    packets: string;
    share: string;
    country: string;
    sensor: string;
    monitored: string;
    day: string;
    attacks: string;
    item: string;
    mirai: string;
    otherHeavy: string;
  };
  other: string;
  otherPorts: string;
  dailyChart: string;
  portsChart: string;
  countriesChart: string;
  portsText: (top: string, share: string) => string;
  researchText: (share: string, packets: string) => string;
  miraiText: (share: string) => string;
  iotText: (share: string, packets: string) => string;
  iotPortsNote: string;
  senders: {
    intro: (threshold: string) => string;
    addresses: string;
    research: string;
    avgPackets: string;
    avgPorts: string;
    packets: string;
    topCountries: string;
    none: string;
  };
  dos: {
    attacks: string;
    victims: string;
    packets: string;
    long: string;
    services: string;
    text: (attacks: string, long: string) => string;
    none: string;
    reflectionVictims: string;
    reflectionPackets: string;
    reflectionText: (victims: string, packets: string) => string;
  };
  notableEmpty: string;
  notes: string[];
  iotPortList: string;
}

const ja: Labels = {
  reportName: 'ダークネット観測レポート',
  subtitle: 'cynex ダークネット観測網（NICTER 観測レポート形式）',
  defaultTitle: (kind, year, quarter) =>
    kind === 'annual'
      ? `${year}年 ダークネット観測レポート（年次）`
      : `${year}年 第${quarter}四半期 ダークネット観測レポート`,
  periodLabel: '観測期間',
  period: (from, to, days) => `${from} 〜 ${to}（${days}日間）`,
  preparedBy: '作成組織',
  generatedAt: 'データ集計日時',
  marking: '情報共有区分',
  markingNote: 'この文書の取り扱いは表示の TLP 区分に従ってください。',
  page: (n, of) => `${n} / ${of}`,
  contents: '目次',
  basedOn: 'cynex ハブに蓄積されたダークネットセンサーの観測データから自動生成しました。',
  utcNote: '日付と期間は協定世界時（UTC）です。',
  sections: {
    overview: '概要',
    daily: '日別観測パケット数',
    ports: '宛先ポート上位10',
    countries: '送信元の国・地域',
    research: '調査目的のスキャン',
    iot: 'IoT 関連の通信',
    senders: 'Mirai 型ホストとその他の大量送信ホスト',
    dos: 'バックスキャッタ（DoS 攻撃）',
    notable: '注目すべき事象',
    notes: '定義と注記',
  },
  figures: {
    packets: '総観測パケット数',
    monitored: '観測 IP アドレス数',
    perAddress: '1 IP アドレスあたりの観測パケット数',
    every: 'パケットの到達頻度',
    everyValue: (s) => `1 IP アドレスあたり約 ${s} 秒に 1 回`,
    change: '前期比',
    changeNone: '前期のデータなし',
    previous: (from, to, packets) => `前期（${from} 〜 ${to}）の総観測パケット数: ${packets}`,
    sensors: 'センサー別',
  },
  overviewText: (packets, compact, seconds, change) =>
    `本期間に観測したパケットは合計 ${packets}（約 ${compact}）パケットでした。` +
    (seconds ? `観測 IP アドレス 1 つあたり約 ${seconds} 秒に 1 回パケットが届いた計算になります。` : '') +
    (change ? `前期比は ${change} です。` : ''),
  units: { packets: 'パケット', addresses: 'アドレス', seconds: '秒' },
  columns: {
    rank: '順位',
    port: 'ポート',
    service: 'サービス',
    packets: 'パケット数',
    share: '割合',
    country: '国・地域',
    sensor: 'センサー',
    monitored: '観測アドレス数',
    day: '日付',
    attacks: '攻撃件数',
    item: '項目',
    mirai: 'Mirai 型ホスト',
    otherHeavy: 'その他の大量送信ホスト',
  },
  other: 'その他',
  otherPorts: 'その他（上位10以外、TCP/UDP 以外を含む）',
  dailyChart: '日別観測パケット数',
  portsChart: '宛先ポート別パケット数（上位10）',
  countriesChart: '送信元の国・地域別パケット数',
  portsText: (top, share) => `最も多く観測された宛先ポートは ${top} で、全体の ${share} を占めました。`,
  researchText: (share, packets) =>
    `研究・調査目的と判定された送信元（既知の調査スキャナー）からのパケットは ${packets} で、全体の ${share} でした。`,
  miraiText: (share) => `Mirai の特徴（TCP シーケンス番号 = 宛先アドレス）を持つパケットは全体の ${share} でした。`,
  iotText: (share, packets) => `IoT 機器が使う宛先ポート宛てのパケットは ${packets} で、全体の ${share} を占めました。`,
  iotPortsNote: '対象ポートは「定義と注記」を参照してください。',
  senders: {
    intro: (threshold) =>
      `Mirai 型ホストは期間中に Mirai の特徴を持つパケットを送信した送信元、その他の大量送信ホストはそれ以外で 1 日に ${threshold} パケット以上を送信した日がある送信元です。`,
    addresses: 'ユニーク IP アドレス数',
    research: 'うち調査スキャナー',
    avgPackets: '1 日あたり平均パケット数（1 ホスト）',
    avgPorts: '1 日あたり平均宛先ポート数（1 ホスト）',
    packets: '総パケット数',
    topCountries: '国・地域の内訳（アドレス数）',
    none: '該当なし',
  },
  dos: {
    attacks: 'DoS 攻撃件数',
    victims: '攻撃対象アドレス数',
    packets: 'バックスキャッタパケット数',
    long: '1 時間を超えた攻撃の割合',
    services: '攻撃対象サービス（被害ホスト側のポート）',
    text: (attacks, long) =>
      `バックスキャッタから推定した DoS 攻撃は ${attacks} 件で、そのうち ${long} が 1 時間を超えて継続しました。`,
    none: '期間中にバックスキャッタから推定された DoS 攻撃はありませんでした。',
    reflectionVictims: 'リフレクション攻撃の対象アドレス数',
    reflectionPackets: '反射パケット数',
    reflectionText: (victims, packets) =>
      `このほか、ダークネットのアドレスを詐称したリフレクション攻撃（SYN-ACK リフレクション等、多数のサーバがダークネットの 1 アドレスに応答したもの）の対象が ${victims} アドレス、反射パケットが ${packets} 観測されました。`,
  },
  notableEmpty: '（記載なし）',
  notes: [
    '総観測パケット数は期間内に開始した全センサーの日次集計の合計です。観測 IP アドレス数は期間中にデータを送ったセンサーの監視アドレス数の合計です。',
    '「約 N 秒に 1 回」は期間の秒数を 1 IP アドレスあたりの観測パケット数で割った値です。',
    '前期比は同じ種類の直前の期間（四半期レポートは前四半期、年次レポートは前年）との総観測パケット数の増減率です。',
    '宛先ポートの順位はパケット数によります。センサーは間隔ごとに上位のポートのみを送るため、「その他」には順位外のポートと TCP/UDP 以外のパケットが含まれます。割合は総観測パケット数に対する割合です。',
    '調査目的のスキャンは、センサーが既知の調査スキャナーと判定した送信元（research タグ）のパケットです。',
    '大量送信ホスト: 期間内のいずれかの UTC 日に 1 日あたり {threshold} パケット以上を送信した送信元。1 日あたりの平均値は、送信元が観測された日（アドレス × 日）あたりの平均です。国・地域は送信元の最新の位置情報によります。',
    'DoS 攻撃はバックスキャッタ（なりすまし送信元への応答）から推定したもので、攻撃対象サービスは応答の送信元ポート（攻撃側から見た宛先ポート）です。センサーごとの記録件数を数えています。',
  ],
  iotPortList: 'IoT 関連とみなす宛先ポート（TCP）',
};

const en: Labels = {
  reportName: 'Darknet Observation Report',
  subtitle: 'cynex darknet telescope (in the style of the NICTER Observation Report)',
  defaultTitle: (kind, year, quarter) =>
    kind === 'annual'
      ? `Darknet Observation Report ${year} (annual)`
      : `Darknet Observation Report ${year} Q${quarter}`,
  periodLabel: 'Observation period',
  period: (from, to, days) => `${from} – ${to} (${days} days)`,
  preparedBy: 'Prepared by',
  generatedAt: 'Data generated at',
  marking: 'Marking',
  markingNote: 'Handle this document according to its TLP marking.',
  page: (n, of) => `${n} / ${of}`,
  contents: 'Contents',
  basedOn: 'Generated from the darknet sensor data stored in the cynex hub.',
  utcNote: 'Dates and periods are in UTC.',
  sections: {
    overview: 'Overview',
    daily: 'Packets per day',
    ports: 'Top 10 destination ports',
    countries: 'Source countries and regions',
    research: 'Research scanning',
    iot: 'IoT-related traffic',
    senders: 'Mirai-like hosts and other heavy senders',
    dos: 'Backscatter (DoS attacks)',
    notable: 'Notable events',
    notes: 'Definitions and notes',
  },
  figures: {
    packets: 'Total packets observed',
    monitored: 'Monitored addresses',
    perAddress: 'Packets per address',
    every: 'Packet frequency',
    everyValue: (s) => `one packet to every address every ${s} seconds`,
    change: 'Change on the previous period',
    changeNone: 'no data for the previous period',
    previous: (from, to, packets) => `Previous period (${from} – ${to}): ${packets} packets`,
    sensors: 'By sensor',
  },
  overviewText: (packets, compact, seconds, change) =>
    `The darknet received ${packets} packets (about ${compact}) in the period.` +
    (seconds ? ` That is one packet to every monitored address every ${seconds} seconds.` : '') +
    (change ? ` Change on the previous period: ${change}.` : ''),
  units: { packets: 'packets', addresses: 'addresses', seconds: 'seconds' },
  columns: {
    rank: 'Rank',
    port: 'Port',
    service: 'Service',
    packets: 'Packets',
    share: 'Share',
    country: 'Country / region',
    sensor: 'Sensor',
    monitored: 'Monitored addresses',
    day: 'Day',
    attacks: 'Attacks',
    item: 'Item',
    mirai: 'Mirai-like hosts',
    otherHeavy: 'Other heavy senders',
  },
  other: 'Other',
  otherPorts: 'Other (below the top 10, and non-TCP/UDP)',
  dailyChart: 'Packets per day',
  portsChart: 'Packets by destination port (top 10)',
  countriesChart: 'Packets by source country or region',
  portsText: (top, share) => `The most targeted destination port was ${top}, with ${share} of all packets.`,
  researchText: (share, packets) =>
    `Sources identified as research scanners sent ${packets} packets, ${share} of the total.`,
  miraiText: (share) =>
    `Packets with the Mirai fingerprint (TCP sequence number equal to the destination address): ${share} of the total.`,
  iotText: (share, packets) => `Packets to ports used by IoT devices: ${packets}, ${share} of the total.`,
  iotPortsNote: 'The ports are listed under "Definitions and notes".',
  senders: {
    intro: (threshold) =>
      `Mirai-like hosts are the sources that sent packets with the Mirai fingerprint in the period; other heavy senders are the other sources that sent at least ${threshold} packets on at least one day.`,
    addresses: 'Unique addresses',
    research: 'of which research scanners',
    avgPackets: 'Average packets per day (per host)',
    avgPorts: 'Average destination ports per day (per host)',
    packets: 'Total packets',
    topCountries: 'Countries and regions (by addresses)',
    none: 'none',
  },
  dos: {
    attacks: 'DoS attacks',
    victims: 'Targeted addresses',
    packets: 'Backscatter packets',
    long: 'Share lasting more than an hour',
    services: 'Targeted services (the victims’ ports)',
    text: (attacks, long) =>
      `The backscatter revealed ${attacks} DoS attacks; ${long} of them lasted more than an hour.`,
    none: 'No DoS attack was inferred from backscatter in the period.',
    reflectionVictims: 'Reflection victims',
    reflectionPackets: 'Reflected packets',
    reflectionText: (victims, packets) =>
      `Besides, ${victims} darknet addresses were the spoofed victims of reflection attacks (many servers answering one darknet address, as in SYN-ACK reflection), with ${packets} reflected packets.`,
  },
  notableEmpty: '(none recorded)',
  notes: [
    'Total packets: the sum of the daily rollups of every sensor that start in the period. Monitored addresses: the addresses watched by the sensors that sent data for the period.',
    '"One packet every N seconds": the seconds of the period over the packets per monitored address.',
    'Change on the previous period: the change in total packets on the previous period of the same kind (the previous quarter for a quarterly report, the previous year for an annual one).',
    'Destination ports are ranked by packets. Sensors send only the top ports of each interval, so "other" holds the ports below the lists and the packets that are neither TCP nor UDP. Shares are of all packets.',
    'Research scanning: packets from sources the sensors identified as known research scanners (tag research).',
    'Heavy senders: sources that sent at least {threshold} packets on at least one UTC day of the period. Per-day averages are per host and per day it was seen (address × day). Countries are the latest geolocation of each source.',
    'DoS attacks are inferred from backscatter (replies to spoofed sources); the targeted service is the source port of the replies, that is the port the attacker sent to. Attacks are counted as recorded by each sensor.',
  ],
  iotPortList: 'Destination ports counted as IoT-related (TCP)',
};

export const LABELS: Record<Lang, Labels> = { ja, en };
