import type { Random } from '../random.js';
import type { Employee, Lang, Thread, World } from '../schema.js';
import type { Clock } from './dates.js';
import type { Organisation } from './people.js';

type Who = { name: string; email: string };
const who = (lang: Lang, e: Employee): Who => ({ name: lang === 'ja' ? e.name.ja : e.name.en, email: e.email });
const family = (lang: Lang, name: string) => (lang === 'ja' ? name.split(' ')[0]! : name.split(' ').slice(-1)[0]!);

interface ThreadScript {
  subject: string;
  bodies: ((from: Who, to: Who) => string)[];
}

function internalScript(lang: Lang, random: Random, org: Organisation): ThreadScript {
  const topic = random.int(0, 2);
  if (lang === 'ja') {
    const scripts: ThreadScript[] = [
      {
        subject: '来週の打ち合わせ日程について',
        bodies: [
          (f, t) =>
            `${family(lang, t.name)}さん\n\nお疲れ様です。${family(lang, f.name)}です。\n来週の打ち合わせですが、水曜14時からでいかがでしょうか。\nご都合をお知らせください。\n\nよろしくお願いいたします。\n`,
          (f, t) =>
            `${family(lang, t.name)}さん\n\nお疲れ様です。\n水曜14時で問題ありません。会議室はこちらで予約しておきます。\n\n${family(lang, f.name)}\n`,
        ],
      },
      {
        subject: '資料送付のお願い',
        bodies: [
          (f, t) =>
            `${family(lang, t.name)}さん\n\nお疲れ様です。${family(lang, f.name)}です。\n先日の会議資料を共有フォルダに格納いただけますでしょうか。\n\nよろしくお願いいたします。\n`,
          (f, t) => `${family(lang, t.name)}さん\n\n格納しました。ご確認ください。\n\n${family(lang, f.name)}\n`,
          (f, t) => `${family(lang, t.name)}さん\n\n確認しました。ありがとうございます。\n`,
        ],
      },
      {
        subject: `${org.name.ja} 経費精算の締め切りについて`,
        bodies: [
          (f) =>
            `各位\n\nお疲れ様です。${family(lang, f.name)}です。\n今月の経費精算は25日締めとなります。期限までに申請をお願いします。\n\n以上、よろしくお願いいたします。\n`,
        ],
      },
    ];
    return scripts[topic]!;
  }
  const scripts: ThreadScript[] = [
    {
      subject: 'Meeting next week',
      bodies: [
        (f, t) =>
          `Hi ${t.name.split(' ')[0]},\n\nCould we meet on Wednesday at 2pm next week? Let me know if that works.\n\nThanks,\n${f.name.split(' ')[0]}\n`,
        (f, t) =>
          `Hi ${t.name.split(' ')[0]},\n\nWednesday at 2pm is fine. I will book a room.\n\n${f.name.split(' ')[0]}\n`,
      ],
    },
    {
      subject: 'Slides from the meeting',
      bodies: [
        (f, t) =>
          `Hi ${t.name.split(' ')[0]},\n\nCould you put the slides from last week's meeting on the shared drive?\n\nThanks,\n${f.name.split(' ')[0]}\n`,
        (f, t) => `${t.name.split(' ')[0]},\n\nDone, they are in the project folder.\n\n${f.name.split(' ')[0]}\n`,
        (_f, t) => `Thanks ${t.name.split(' ')[0]}!\n`,
      ],
    },
    {
      subject: 'Expense claims deadline',
      bodies: [
        (f) => `All,\n\nA reminder that expense claims for this month close on the 25th.\n\nThanks,\n${f.name}\n`,
      ],
    },
  ];
  return scripts[topic]!;
}

function externalScript(lang: Lang, random: Random, orgName: string, partnerName: string): ThreadScript {
  if (lang === 'ja') {
    const ref = `Q-${random.int(10000, 99999)}`;
    return {
      subject: `お見積りのご依頼（${ref}）`,
      bodies: [
        (f, t) =>
          `${partnerName}\n${t.name}様\n\nいつもお世話になっております。\n${orgName}の${f.name}でございます。\n\n標記の件につきまして、添付の仕様にてお見積りをお願いできますでしょうか。\n納期は来月末を希望しております。\n\n何卒よろしくお願い申し上げます。\n`,
        (f, t) =>
          `${orgName}\n${t.name}様\n\nいつも大変お世話になっております。\n${partnerName}の${f.name}です。\n\nお見積りのご依頼ありがとうございます。\n今週中にご提出いたしますので、少々お待ちください。\n\n引き続きよろしくお願いいたします。\n`,
      ],
    };
  }
  const ref = `Q-${random.int(10000, 99999)}`;
  return {
    subject: `Request for quotation (${ref})`,
    bodies: [
      (f, t) =>
        `Dear ${t.name},\n\nCould you send us a quotation for the attached specification? We would need delivery by the end of next month.\n\nKind regards,\n${f.name}\n${orgName}\n`,
      (f, t) =>
        `Dear ${t.name},\n\nThank you for your request. We will send the quotation by the end of this week.\n\nBest regards,\n${f.name}\n${partnerName}\n`,
    ],
  };
}

/** Threads between employees, and between employees and partners' contacts, dated after everyone joined. */
export function threads(
  random: Random,
  lang: Lang,
  org: Organisation,
  world: Pick<World, 'employees' | 'partners'>,
  clock: Clock,
  count: number,
): Thread[] {
  const out: Thread[] = [];
  const orgName = lang === 'ja' ? org.name.ja : org.name.en;
  for (let t = 0; t < count; t++) {
    const a = random.pick(world.employees);
    const external = world.partners.length > 0 && random.chance(0.4);
    let script: ThreadScript;
    const one: Who = who(lang, a);
    let other: Who;
    if (external) {
      const partner = random.pick(world.partners);
      const contact = random.pick(partner.contacts);
      other = { name: lang === 'ja' ? contact.name.ja : contact.name.en, email: contact.email };
      script = externalScript(lang, random, orgName, lang === 'ja' ? partner.name.ja : partner.name.en);
    } else {
      let b = random.pick(world.employees);
      for (let i = 0; b === a && i < 5; i++) b = random.pick(world.employees);
      other = who(lang, b);
      script = internalScript(lang, random, org);
    }
    const joined = [a, ...world.employees.filter((e) => e.email === other.email)].map((e) => Date.parse(e.hiredOn));
    let date = clock.officeTime(
      random,
      new Date(Math.max(...joined, clock.daysAgo(400).getTime()) + 86_400_000),
      clock.daysAgo(2),
    );
    const messages: Thread['messages'] = [];
    script.bodies.forEach((body, i) => {
      const [from, to] = i % 2 === 0 ? [one, other] : [other, one];
      const id = `m${t + 1}-${i + 1}-${random.hex(6)}`;
      messages.push({
        id,
        from,
        to: [to],
        cc: [],
        date: clock.iso(date),
        subject: i === 0 ? script.subject : `Re: ${script.subject}`,
        body: body(from, to),
        ...(i > 0 ? { inReplyTo: messages[i - 1]!.id } : {}),
      });
      date = new Date(Math.min(date.getTime() + random.int(20, 60 * 26) * 60_000, clock.now.getTime() - 60_000));
    });
    out.push({ id: `t${t + 1}`, lang, messages });
  }
  return out;
}

/** The IT department tells an employee the temporary password of their new PC: a planted credential. */
export function temporaryPasswordMail(
  lang: Lang,
  from: Employee,
  to: Employee,
  pc: string,
  password: string,
  date: string,
  id: string,
): Thread {
  const body =
    lang === 'ja'
      ? `${to.name.ja.split(' ')[0]}さん\n\nお疲れ様です。情報システム部の${from.name.ja.split(' ')[0]}です。\nPC入れ替えに伴い、新しいPC（${pc}）をご用意しました。\n初回ログイン用の仮パスワードは以下のとおりです。\n\n\u3000ユーザー名：${to.username}\n\u3000仮パスワード：${password}\n\nログイン後、速やかにパスワードを変更してください。\n\n情報システム部 ${from.name.ja}\n`
      : `Hi ${to.name.en.split(' ')[0]},\n\nYour new PC (${pc}) is ready. Your temporary password for the first sign-in:\n\n  User name: ${to.username}\n  Temporary password: ${password}\n\nPlease change it after you sign in.\n\n${from.name.en}\nIT\n`;
  return {
    id: `t-${id}`,
    lang,
    messages: [
      {
        id,
        from: { name: lang === 'ja' ? from.name.ja : from.name.en, email: from.email },
        to: [{ name: lang === 'ja' ? to.name.ja : to.name.en, email: to.email }],
        cc: [],
        date,
        subject:
          lang === 'ja'
            ? `【情報システム部】新しいPCの仮パスワードのお知らせ（${pc}）`
            : `Your new PC (${pc}): temporary password`,
        body,
      },
    ],
  };
}
