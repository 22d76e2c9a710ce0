import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The points shop's members, balances, transfers and sessions: kept in memory and built fresh at each start, so an
 * attack changes this run only. The shop's address as the admin's emulated browser knows it is fixed, whatever Host
 * the request came with (the runner says `lab`, a test `127.0.0.1:port`).
 */
export const SHOP_ORIGIN = 'http://points.minato-shoji.example';
export const SHOP_HOST = new URL(SHOP_ORIGIN).host;

/** The learner's account (the attacker), a colleague whose password is shown too, and the admin (the victim). */
export const LEARNER = 't.tanaka';
export const COLLEAGUE = 'h.suzuki';
export const ADMIN = 'm.sato';

/** Passwords shown on the sign-in page: the exercise is not about them. */
export const DEMO_PASSWORDS = { [LEARNER]: 'tanaka-points', [COLLEAGUE]: 'suzuki-points' };

const MEMBERS = [
  [LEARNER, '田中 太郎', 'Taro Tanaka', '営業部', 'Sales', 1_200],
  [COLLEAGUE, '鈴木 花子', 'Hanako Suzuki', '人事部', 'Human Resources', 800],
  [ADMIN, '佐藤 美穂', 'Miho Sato', '総務部', 'General Affairs', 50_000],
  ['m.takahashi', '高橋 美咲', 'Misaki Takahashi', '経理部', 'Finance', 2_300],
  ['d.ito', '伊藤 大輔', 'Daisuke Ito', '営業部', 'Sales', 950],
];

export const MAX_AMOUNT = 100_000;
const MAX_HISTORY = 200;
const MAX_SESSIONS = 500;

const digest = (s) => createHash('sha256').update(s).digest();

/** Thrown for input the shop refuses; `code` names the message in texts.mjs `errors`. */
export class ShopError extends Error {
  constructor(code) {
    super(code);
    this.code = code;
  }
}

/** A whole number of points from 1 to MAX_AMOUNT, written as plain digits. */
export function parseAmount(text) {
  const trimmed = String(text ?? '').trim();
  if (!/^[0-9]{1,6}$/.test(trimmed)) throw new ShopError('AMOUNT_INVALID');
  const amount = Number(trimmed);
  if (amount < 1 || amount > MAX_AMOUNT) throw new ShopError('AMOUNT_INVALID');
  return amount;
}

/** A plain address: one @, no spaces or control characters, at most 254 characters. */
export function parseEmail(text) {
  const email = String(text ?? '').trim();
  if (email.length > 254 || !/^[^\s@<>"'\\\p{Cc}]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/u.test(email)) {
    throw new ShopError('EMAIL_INVALID');
  }
  return email;
}

export function createShop() {
  const members = new Map(
    MEMBERS.map(([user, nameJa, nameEn, deptJa, deptEn, points]) => [
      user,
      {
        user,
        name: { ja: nameJa, en: nameEn },
        dept: { ja: deptJa, en: deptEn },
        points,
        email: `${user}@minato-shoji.example`,
        passwordDigest: digest(DEMO_PASSWORDS[user] ?? randomBytes(24).toString('base64url')),
      },
    ]),
  );
  const history = [];

  return {
    member: (user) => members.get(user),
    colleaguesOf: (user) => [...members.values()].filter((m) => m.user !== user),

    /** The member whose password this is, or undefined; compared in constant time. */
    signIn(user, password) {
      const member = members.get(user);
      const given = digest(String(password));
      const matches = timingSafeEqual(given, member?.passwordDigest ?? digest(randomBytes(16)));
      return member && matches ? member : undefined;
    },

    transfer(from, to, amount) {
      const sender = members.get(from);
      const recipient = members.get(to);
      if (!recipient) throw new ShopError('RECIPIENT_UNKNOWN');
      if (recipient === sender) throw new ShopError('RECIPIENT_SELF');
      if (sender.points < amount) throw new ShopError('AMOUNT_OVER_BALANCE');
      sender.points -= amount;
      recipient.points += amount;
      history.unshift({ at: new Date(), from, to, amount });
      history.length = Math.min(history.length, MAX_HISTORY);
      return recipient;
    },

    setEmail(user, email) {
      const member = members.get(user);
      const before = member.email;
      member.email = email;
      return before;
    },

    historyOf: (user, limit = 10) => history.filter((h) => h.from === user || h.to === user).slice(0, limit),
  };
}

/** Signed-in sessions by cookie value. The learner's handler may keep its own values (a token) on a session. */
export function createSessions() {
  const sessions = new Map();
  return {
    create(user) {
      const id = randomBytes(24).toString('base64url');
      const session = { id, user };
      sessions.set(id, session);
      // Oldest first in a Map: a flood of sign-ins drops the oldest sessions, never the admin's (made at start).
      for (const key of sessions.keys()) {
        if (sessions.size <= MAX_SESSIONS) break;
        if (sessions.get(key).user !== ADMIN) sessions.delete(key);
      }
      return session;
    },
    get: (id) => (id ? sessions.get(id) : undefined),
  };
}
