import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The message board's posts, kept in memory and in `<instanceDir>/posts.json` (so that a restart of the same
 * instance keeps them; a reset empties the directory and the board starts from the seeded posts again).
 */

export const MAX_NAME_CHARS = 60;
export const MAX_BODY_CHARS = 2000;
/** Learner posts kept beyond the seeded ones; the oldest go first. */
const MAX_LEARNER_POSTS = 200;
const MAX_STORE_BYTES = 2 * 1024 * 1024;

/** Posts of Minato Shoji's staff, in Japanese and English, already on the board at every start. */
const SEEDED = [
  {
    name: '総務部 渡辺',
    at: '2025-11-04T09:30:00+09:00',
    body: '11月15日（土）に本社ビルの電気設備点検があります。\n当日は終日入館できませんのでご注意ください。',
  },
  {
    name: 'IT Dept. — Ken Sato',
    at: '2025-11-05T14:10:00+09:00',
    body: 'The VPN certificates expire on 30 November. Please renew yours from the IT portal before then.',
  },
  {
    name: '人事部 鈴木',
    at: '2025-11-07T11:00:00+09:00',
    body: '忘年会のお知らせ: 12月19日（金）18:30〜、会場は浜松町の「みなと亭」です。出欠は12月5日までに人事部へ。',
  },
  {
    name: "Patrick O'Brien (International)",
    at: '2025-11-10T17:45:00+09:00',
    body: 'Visitors from our Singapore office arrive next Monday. Meeting room 5A is booked all week.',
  },
  {
    name: '営業部 田中',
    at: '2025-11-12T08:55:00+09:00',
    body: '会議室 3B のプロジェクターが故障しています。修理まで 3C をお使いください。',
  },
];

function displayDate(iso) {
  // Tokyo time, the same for every reader: 2025-11-04 09:30
  const tokyo = new Date(Date.parse(iso) + 9 * 3600_000).toISOString();
  return `${tokyo.slice(0, 10)} ${tokyo.slice(11, 16)}`;
}

function isPost(value) {
  return (
    typeof value === 'object' &&
    value !== null &&
    Number.isSafeInteger(value.id) &&
    typeof value.name === 'string' &&
    typeof value.body === 'string' &&
    typeof value.at === 'string' &&
    !Number.isNaN(Date.parse(value.at))
  );
}

function loadStored(file) {
  try {
    const text = readFileSync(file, 'utf8');
    if (text.length > MAX_STORE_BYTES) return undefined;
    const posts = JSON.parse(text);
    return Array.isArray(posts) && posts.every(isPost) ? posts : undefined;
  } catch {
    return undefined;
  }
}

/** The board's posts; `add` validates nothing (the server does), it only stores. */
export function createBoard({ instanceDir, now = () => new Date() }) {
  const file = path.join(instanceDir, 'posts.json');
  const posts = loadStored(file) ?? SEEDED.map((post, i) => ({ id: i + 1, seeded: true, ...post }));
  const save = () => writeFileSync(file, JSON.stringify(posts));
  save();

  return {
    /** Newest first. */
    all() {
      return [...posts].reverse();
    },
    byId(id) {
      return posts.find((post) => post.id === id);
    },
    /** Posts whose name or message contains every keyword (case-insensitive), newest first. */
    search(q) {
      const keywords = q.toLowerCase().split(/\s+/).filter(Boolean);
      return this.all().filter((post) => {
        const text = `${post.name}\n${post.body}`.toLowerCase();
        return keywords.every((keyword) => text.includes(keyword));
      });
    },
    add({ name, body }) {
      const id = Math.max(0, ...posts.map((post) => post.id)) + 1;
      const post = { id, name, body, at: now().toISOString() };
      posts.push(post);
      const learnerPosts = posts.filter((p) => !p.seeded);
      if (learnerPosts.length > MAX_LEARNER_POSTS) posts.splice(posts.indexOf(learnerPosts[0]), 1);
      save();
      return post;
    },
  };
}

/** What render.mjs gets: a copy, so that the learner's code cannot change the stored post. */
export function postView(post, lang) {
  return {
    id: post.id,
    name: post.name,
    body: post.body,
    date: displayDate(post.at),
    url: `post?id=${post.id}&lang=${lang}`,
  };
}
