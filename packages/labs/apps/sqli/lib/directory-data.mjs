import { createHash, randomBytes } from 'node:crypto';

/**
 * The staff directory of a fictional trading company, Minato Shoji (みなと商事). Built fresh in memory at each
 * start: the learner's attacks may read it, never change what the next start sees.
 */
const STAFF = [
  [1, '田中 太郎', 'Taro Tanaka', '営業部 / Sales', '2101', 't.tanaka'],
  [2, '鈴木 花子', 'Hanako Suzuki', '人事部 / Human Resources', '2205', 'h.suzuki'],
  [3, '佐藤 健', 'Ken Sato', '情報システム部 / IT', '2310', 'k.sato'],
  [4, '高橋 美咲', 'Misaki Takahashi', '経理部 / Finance', '2402', 'm.takahashi'],
  [5, '伊藤 大輔', 'Daisuke Ito', '営業部 / Sales', '2103', 'd.ito'],
  [6, '渡辺 由美', 'Yumi Watanabe', '総務部 / General Affairs', '2501', 'y.watanabe'],
  [7, '山本 翔', 'Sho Yamamoto', '開発部 / Engineering', '2604', 's.yamamoto'],
  [8, '中村 さくら', 'Sakura Nakamura', '開発部 / Engineering', '2607', 's.nakamura'],
  [9, '小林 誠', 'Makoto Kobayashi', '法務部 / Legal', '2701', 'm.kobayashi'],
  [10, '加藤 愛', 'Ai Kato', '人事部 / Human Resources', '2208', 'a.kato'],
  [11, 'オブライエン パトリック', "Patrick O'Brien", '海外事業部 / International', '2803', 'p.obrien'],
  [12, '田中 恵子', 'Keiko Tanaka', '経理部 / Finance', '2405', 'k.tanaka'],
  [13, '吉田 拓也', 'Takuya Yoshida', '情報システム部 / IT', '2312', 't.yoshida'],
  [14, '山田 優子', 'Yuko Yamada', '総務部 / General Affairs', '2503', 'y.yamada'],
  [15, '松本 亮', 'Ryo Matsumoto', '営業部 / Sales', '2107', 'r.matsumoto'],
  [16, '井上 真理', 'Mari Inoue', '広報部 / Public Relations', '2901', 'm.inoue'],
  [17, '木村 蓮', 'Ren Kimura', '開発部 / Engineering', '2611', 'r.kimura'],
  [18, '林 千尋', 'Chihiro Hayashi', '海外事業部 / International', '2806', 'c.hayashi'],
  [19, '清水 健太', 'Kenta Shimizu', '品質保証部 / Quality Assurance', '3001', 'k.shimizu'],
  [20, '斎藤 陽菜', 'Hina Saito', '広報部 / Public Relations', '2903', 'h.saito'],
];

const ACCOUNT_NAMES = ['admin', 'soumu.watanabe', 'it.sato'];
const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * Each account's password comes from the instance's flag, so every instance has its own and no learner can pass
 * one on; without a flag (a bare local run) they are random. The grader derives the admin's the same way
 * (packages/labs/src/graders/sqli.ts, `labAdminPassword`) to check that signing in still works.
 */
export function accountPassword(flag, username) {
  const bytes = flag ? createHash('sha256').update(`cynex-lab-sqli\0${username}\0${flag}`).digest() : randomBytes(32);
  let password = '';
  for (let i = 0; i < 12; i += 1) password += PASSWORD_ALPHABET[bytes[i] % PASSWORD_ALPHABET.length];
  return password;
}

/** Annual base salary and bonus in yen: seven-digit amounts that appear nowhere else in the directory. */
function salaryOf(id) {
  return { base: 4_200_000 + ((id * 379_000) % 5_300_000), bonus: 600_000 + ((id * 131_000) % 1_700_000) };
}

/**
 * Creates the tables and returns the secret values the exploit detection looks for: every password and every
 * salary amount.
 */
export function buildDirectory(db, flag) {
  db.run(`
    CREATE TABLE staff (id INTEGER PRIMARY KEY, name_ja TEXT NOT NULL, name_en TEXT NOT NULL, dept TEXT NOT NULL,
                        extension TEXT NOT NULL, email TEXT NOT NULL);
    CREATE TABLE accounts (username TEXT PRIMARY KEY, password TEXT NOT NULL);
    CREATE TABLE salaries (staff_id INTEGER PRIMARY KEY REFERENCES staff(id), base_yen INTEGER NOT NULL,
                           bonus_yen INTEGER NOT NULL);
  `);
  const passwords = new Map();
  const salaryAmounts = [];
  db.run('BEGIN');
  for (const [id, nameJa, nameEn, dept, extension, mailbox] of STAFF) {
    db.run('INSERT INTO staff VALUES (?, ?, ?, ?, ?, ?)', [
      id,
      nameJa,
      nameEn,
      dept,
      extension,
      `${mailbox}@minato-shoji.example`,
    ]);
    const { base, bonus } = salaryOf(id);
    db.run('INSERT INTO salaries VALUES (?, ?, ?)', [id, base, bonus]);
    salaryAmounts.push(String(base), String(bonus));
  }
  for (const username of ACCOUNT_NAMES) {
    const password = accountPassword(flag, username);
    db.run('INSERT INTO accounts VALUES (?, ?)', [username, password]);
    passwords.set(username, password);
  }
  db.run('COMMIT');
  return { passwords, salaryAmounts };
}
