import { SECTORS_DATA } from '../data/sectors.js';
import type { Random } from '../random.js';
import type { Employee, Lang, World } from '../schema.js';
import type { Clock } from './dates.js';
import type { Organisation } from './people.js';

const WEEKDAYS_JA = ['日', '月', '火', '水', '木', '金', '土'];
const WEEKDAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export interface DocContext {
  random: Random;
  lang: Lang;
  org: Organisation;
  world: Pick<World, 'employees' | 'partners'>;
  clock: Clock;
}

export interface Doc {
  title: string;
  fileName: string;
  content: string;
}

export function dateText(ctx: DocContext, date: Date): string {
  const l = ctx.clock.local(date);
  return ctx.lang === 'ja'
    ? `${l.y}年${l.m}月${l.d}日（${WEEKDAYS_JA[l.weekday]}）`
    : `${WEEKDAYS_EN[l.weekday]} ${l.d} ${MONTHS_EN[l.m - 1]} ${l.y}`;
}

const deptName = (ctx: DocContext, id: string) => {
  const d = ctx.org.departments.find((x) => x.id === id)!;
  return ctx.lang === 'ja' ? d.name.ja : d.name.en;
};
const stamp = (ctx: DocContext, date: Date) => {
  const l = ctx.clock.local(date);
  return `${l.y}${String(l.m).padStart(2, '0')}${String(l.d).padStart(2, '0')}`;
};

export function minutes(ctx: DocContext, author: Employee, attendees: Employee[], date: Date): Doc {
  const profile = SECTORS_DATA[ctx.org.sector];
  const [mja, men] = ctx.random.pick(profile.meetings);
  const [pja, pen] = ctx.random.pick(profile.projects);
  const l = ctx.clock.local(date);
  const owner = ctx.random.pick(attendees);
  const pct = ctx.random.int(60, 110);
  const next = new Date(date.getTime() + 14 * 86_400_000);
  const room = ctx.random.int(1, 6);
  if (ctx.lang === 'ja') {
    const issue = ctx.random.pick([
      '外部委託先との役割分担',
      '予算超過の見込み',
      '要員の確保',
      '納期の前倒し要請',
      '既存データの移行方法',
    ]);
    return {
      title: `${mja}議事録`,
      fileName: `${stamp(ctx, date)}_${mja}議事録.txt`,
      content: `${mja} 議事録\n\n日時：${dateText(ctx, date)} ${l.hh}:00〜${l.hh + 1}:00\n場所：${ctx.org.locations[0]!.name.ja} 第${room}会議室\n出席者：${attendees.map((e) => e.name.ja.split(' ')[0]).join('、')}（敬称略）\n記録：${author.name.ja}\n\n1. 前回議事録の確認\n\u3000修正事項なし。承認された。\n\n2. ${pja}の進捗について\n\u3000${owner.name.ja}より、進捗は計画比${pct}%である旨の報告があった。\n\u3000${issue}について意見交換を行い、次回までに対応案をまとめることとした。\n\n3. 今後の予定\n\u3000次回は${dateText(ctx, next)}に開催する。\n\n以上\n`,
    };
  }
  const issue = ctx.random.pick([
    'the split of work with the contractor',
    'a likely budget overrun',
    'staffing',
    'a request to bring the deadline forward',
    'how to migrate the existing data',
  ]);
  return {
    title: `Minutes: ${men}`,
    fileName: `${stamp(ctx, date)}_minutes_${men.replaceAll(' ', '-')}.txt`,
    content: `Minutes of the ${men}\n\nDate: ${dateText(ctx, date)}, ${l.hh}:00-${l.hh + 1}:00\nPlace: ${ctx.org.locations[0]!.name.en}, meeting room ${room}\nPresent: ${attendees.map((e) => e.name.en).join(', ')}\nMinutes taken by: ${author.name.en}\n\n1. Minutes of the last meeting\n   Approved without changes.\n\n2. Progress of the ${pen}\n   ${owner.name.en} reported progress at ${pct}% of plan.\n   We discussed ${issue}; options to be prepared for the next meeting.\n\n3. Next meeting\n   ${dateText(ctx, next)}.\n`,
  };
}

export function priceList(ctx: DocContext, date: Date): Doc {
  const profile = SECTORS_DATA[ctx.org.sector];
  const l = ctx.clock.local(date);
  const factor = 1 + ctx.random.int(-8, 12) / 100;
  const rows = profile.items.map(([ja, en, price]) => {
    const p = Math.round((price * factor) / 10) * 10;
    return ctx.lang === 'ja'
      ? `${ja},${p},${ctx.random.pick(['', '', '受注生産', '在庫品', '改定'])}`
      : `${en},${p},${ctx.random.pick(['', '', 'made to order', 'in stock', 'revised'])}`;
  });
  if (ctx.lang === 'ja')
    return {
      title: '価格表',
      fileName: `価格表_${l.y}年${l.m}月改定.csv`,
      content: `${ctx.org.name.ja} 価格表（${l.y}年${l.m}月改定）\n品名,単価（円・税抜）,備考\n${rows.join('\n')}\n※価格は予告なく変更する場合があります。\n`,
    };
  return {
    title: 'Price list',
    fileName: `price-list-${l.y}-${String(l.m).padStart(2, '0')}.csv`,
    content: `${ctx.org.name.en} price list (revised ${MONTHS_EN[l.m - 1]} ${l.y})\nItem,Unit price (JPY excl. tax),Notes\n${rows.join('\n')}\nPrices are subject to change without notice.\n`,
  };
}

export function staffList(ctx: DocContext, date: Date): Doc {
  const l = ctx.clock.local(date);
  const employees = ctx.world.employees;
  if (ctx.lang === 'ja')
    return {
      title: '社員名簿',
      fileName: `社員名簿_${l.y}${String(l.m).padStart(2, '0')}.csv`,
      content: `社員番号,氏名,フリガナ,所属,役職,内線,メールアドレス\n${employees.map((e) => [e.id.toUpperCase(), e.name.ja, e.kana ?? '', deptName(ctx, e.department), e.title.ja, (e.phone ?? '').replace('内線 ', ''), e.email].join(',')).join('\n')}\n`,
    };
  return {
    title: 'Staff list',
    fileName: `staff-list-${l.y}${String(l.m).padStart(2, '0')}.csv`,
    content: `Staff no.,Name,Department,Title,Extension,E-mail\n${employees.map((e) => [e.id.toUpperCase(), e.name.en, deptName(ctx, e.department), e.title.en, (e.phone ?? '').replace('ext. ', ''), e.email].join(',')).join('\n')}\n`,
  };
}

export function projectPlan(ctx: DocContext, author: Employee, team: Employee[], date: Date): Doc {
  const profile = SECTORS_DATA[ctx.org.sector];
  const [pja, pen] = ctx.random.pick(profile.projects);
  const l = ctx.clock.local(date);
  const budget = ctx.random.int(8, 240) * 100;
  const partner = ctx.random.pick(ctx.world.partners);
  if (ctx.lang === 'ja')
    return {
      title: `${pja} プロジェクト計画書`,
      fileName: `${pja}_プロジェクト計画書_v${ctx.random.int(1, 3)}.${ctx.random.int(0, 9)}.txt`,
      content: `${pja} プロジェクト計画書\n\n作成日：${dateText(ctx, date)}\n作成者：${deptName(ctx, author.department)} ${author.name.ja}\n\n1. 目的\n\u3000${pja}により、業務の効率化と運用コストの削減を図る。\n\n2. 体制\n\u3000プロジェクトリーダー：${author.name.ja}\n\u3000メンバー：${team.map((e) => e.name.ja).join('、')}\n\u3000協力会社：${partner?.name.ja ?? '未定'}\n\n3. スケジュール\n\u3000${l.y}年${l.m}月\u3000要件定義\n\u3000${l.y}年${(l.m % 12) + 1}月\u3000設計・構築\n\u3000${l.m + 4 > 12 ? l.y + 1 : l.y}年${((l.m + 3) % 12) + 1}月\u3000本番移行\n\n4. 予算\n\u3000総額 ${budget.toLocaleString('ja-JP')}万円（税抜）\n\n5. リスクと対策\n\u3000・既存システムとの並行稼働期間における負荷増大 → 移行手順の事前検証\n\u3000・要員不足 → 協力会社への追加支援依頼を検討\n`,
    };
  return {
    title: `Project plan: ${pen}`,
    fileName: `project-plan-${pen.replaceAll(' ', '-')}-v${ctx.random.int(1, 3)}.txt`,
    content: `Project plan: ${pen}\n\nDate: ${dateText(ctx, date)}\nAuthor: ${author.name.en}, ${deptName(ctx, author.department)}\n\n1. Purpose\n   Streamline operations and reduce running costs through the ${pen}.\n\n2. Team\n   Project lead: ${author.name.en}\n   Members: ${team.map((e) => e.name.en).join(', ')}\n   Partner: ${partner?.name.en ?? 'to be decided'}\n\n3. Schedule\n   ${MONTHS_EN[l.m - 1]} ${l.y}: requirements\n   ${MONTHS_EN[l.m % 12]}: design and build\n   ${MONTHS_EN[(l.m + 3) % 12]}: go-live\n\n4. Budget\n   JPY ${(budget * 10_000).toLocaleString('en-GB')} excluding tax\n\n5. Risks\n   - Load during parallel running: rehearse the migration\n   - Staffing: ask the partner for extra support\n`,
  };
}

/** The IT department's account sheet: the planted row and plausible others (printers, Wi-Fi) that open nothing here. */
export function credentialsSheet(ctx: DocContext, planted: { host: string; account: string; password: string }): Doc {
  const r = ctx.random;
  const wifi = `${ctx.org.stem}-${r.pick(['Office', 'Staff', 'Corp'])}`;
  if (ctx.lang === 'ja')
    return {
      title: 'サーバアカウント管理表',
      fileName: 'サーバアカウント管理表.csv',
      content: `システム,ホスト名,アカウント,パスワード,備考\nメールサーバ,${planted.host},${planted.account},${planted.password},メール移行用（作業後削除予定）\n複合機 管理画面,${r.pick(['mfp01', 'printer-2f', 'mfp-3f'])},admin,${r.chars('abcdefghjkmnpqrstuvwxyz23456789', 8)},\n無線LAN,${wifi},-,${r.chars('ABCDEFGHJKLMNPQRSTUVWXYZ23456789', 12)},来客用とは別\n`,
    };
  return {
    title: 'Server accounts',
    fileName: 'server-accounts.csv',
    content: `System,Host,Account,Password,Notes\nMail server,${planted.host},${planted.account},${planted.password},for the mail migration (delete afterwards)\nPrinter admin page,${r.pick(['mfp01', 'printer-2f', 'mfp-3f'])},admin,${r.chars('abcdefghjkmnpqrstuvwxyz23456789', 8)},\nWi-Fi,${wifi},-,${r.chars('ABCDEFGHJKLMNPQRSTUVWXYZ23456789', 12)},not the guest network\n`,
  };
}

export function handoverMemo(ctx: DocContext, url: string, username: string, password: string): Doc {
  if (ctx.lang === 'ja')
    return {
      title: '引継ぎメモ',
      fileName: '引継ぎメモ.txt',
      content: `引継ぎメモ\n\n・週次バックアップの確認は月曜午前中\n・ディレクトリ管理画面 ${url}\n\u3000ID: ${username} / PW: ${password}\n・不明点は情報システム部まで\n`,
    };
  return {
    title: 'Handover notes',
    fileName: 'handover-notes.txt',
    content: `Handover notes\n\n- Check the weekly backup on Monday mornings\n- Directory admin page ${url}\n  user: ${username} / password: ${password}\n- Ask IT if anything is unclear\n`,
  };
}
