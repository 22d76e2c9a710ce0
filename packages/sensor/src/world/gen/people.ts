import {
  EN_GIVEN,
  EN_PLACES,
  EN_STEMS,
  EN_SURNAMES,
  JA_GIVEN,
  JA_PLACES,
  JA_SURNAMES,
  NAME_STEMS,
} from '../data/names.js';
import { SECTORS_DATA } from '../data/sectors.js';
import type { Random } from '../random.js';
import type { Employee, Lang, Sector, World } from '../schema.js';
import { dateOnly, type Clock } from './dates.js';

export interface GenOptions {
  sector: Sector;
  lang: Lang;
  employees: number;
  hosts: number;
  seed: number;
  /** The world's present: the latest date any artefact carries. */
  now: Date;
  /** The organisation's domain; by default an invented one under .example, which never resolves. */
  domain?: string;
}

export type Organisation = World['organisation'] & { abbr: string; stem: string };

const hiraganaToKatakana = (s: string) =>
  s.replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
export const katakana = hiraganaToKatakana;

/** Place names fit the sector: a town office has no sales branches, a university has campuses. */
function placeName(sector: GenOptions['sector'], ja: string, en: string, main: boolean): { ja: string; en: string } {
  const city = {
    ja: ja.replace(/(本社|支店|支社|営業所|事業所|工場)$/, ''),
    en: en.replace(/ (HQ|Office|Branch|Site|Plant)$/, ''),
  };
  if (sector === 'government')
    return main
      ? { ja: `${city.ja}本庁舎`, en: `${city.en} Main Office` }
      : { ja: `${city.ja}分庁舎`, en: `${city.en} Annex` };
  if (sector === 'university') return { ja: `${city.ja}キャンパス`, en: `${city.en} Campus` };
  return { ja, en };
}

export function organisation(random: Random, options: GenOptions): Organisation {
  const profile = SECTORS_DATA[options.sector];
  const form = random.pick(profile.orgForms);
  let nameJa: string;
  let nameEn: string;
  let stem: string;
  if (options.lang === 'ja') {
    const [ja, en] = random.pick(NAME_STEMS);
    stem = en;
    const corporate =
      options.sector === 'manufacturing' ||
      (options.sector === 'finance' && form[2] !== 'shinkin' && form[2] !== 'shinkumi');
    nameJa = corporate ? `株式会社${ja}${form[0]}` : `${ja}${form[0]}`;
    nameEn = options.sector === 'government' ? `${en} ${form[1]}` : `${en} ${form[1]}${corporate ? ' Co., Ltd.' : ''}`;
  } else {
    stem = random.pick(EN_STEMS);
    nameEn =
      options.sector === 'university'
        ? `University of ${stem}`
        : options.sector === 'government'
          ? `${stem} Borough Council`
          : `${stem} ${form[1]} Ltd`;
    nameJa = `${stem}${form[0]}`;
  }
  const slug = `${stem.toLowerCase().replace(/[^a-z]/g, '')}-${form[2]}`;
  const places = random.sample(options.lang === 'ja' ? JA_PLACES : EN_PLACES, random.int(1, 3));
  const subnet = random.pick([
    () => `10.${random.int(1, 250)}.${random.int(0, 250)}.0/24`,
    () => `172.${random.int(16, 31)}.${random.int(0, 250)}.0/24`,
    () => `192.168.${random.int(2, 250)}.0/24`,
  ])();
  const consonants = stem
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .replace(/(?!^)[aeiou]/g, '');
  return {
    name: { ja: nameJa, en: nameEn },
    shortName: stem,
    domain: options.domain ?? `${slug}.example`,
    sector: options.sector,
    locations: places.map(([ja, en, code], i) => ({ code, name: placeName(options.sector, ja, en, i === 0) })),
    departments: profile.departments.map(([id, ja, en]) => ({ id, name: { ja, en } })),
    network: { subnet },
    abbr: consonants.slice(0, 3).padEnd(3, 'x'),
    stem,
  };
}

interface Person {
  ja: string;
  en: string;
  kana?: string;
  given: string;
  family: string;
}

function person(random: Random, lang: Lang): Person {
  if (lang === 'ja') {
    const [sj, sk, sr] = random.pick(JA_SURNAMES);
    const [gj, gk, gr] = random.pick(JA_GIVEN);
    const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
    return { ja: `${sj} ${gj}`, en: `${cap(gr)} ${cap(sr)}`, kana: `${sk} ${gk}`, given: gr, family: sr };
  }
  const [ge, gk] = random.pick(EN_GIVEN);
  const [se, sk] = random.pick(EN_SURNAMES);
  return { ja: `${gk}・${sk}`, en: `${ge} ${se}`, given: ge.toLowerCase(), family: se.toLowerCase() };
}

const USERNAME_FORMATS: readonly ((p: Person) => string)[] = [
  (p) => `${p.given[0]}.${p.family}`,
  (p) => `${p.given[0]}${p.family}`,
  (p) => `${p.family}.${p.given}`,
  (p) => `${p.given}.${p.family}`,
  (p) => `${p.family}-${p.given[0]}`,
  (p) => `${p.family}${p.given.slice(0, 2)}`,
  (p) => `${p.family}_${p.given[0]}${p.given[1]}`,
];

/** Password patterns people really use; {year} is this year or last, {org} the organisation's short name. */
const WEAK: readonly ((ctx: { year: number; org: string; person: Person; random: Random }) => string)[] = [
  ({ year }) => `Summer${year}!`,
  ({ year }) => `Winter${year}`,
  ({ org }) => `${org}123`,
  ({ org, year }) => `${org}@${year}`,
  ({ person, random }) => `${person.family}${random.int(1965, 2001)}`,
  () => 'Password1!',
  ({ year }) => `Welcome${year}`,
  () => 'qwerty123',
  ({ person, random }) =>
    `${person.given}${String(random.int(1, 12)).padStart(2, '0')}${String(random.int(1, 28)).padStart(2, '0')}`,
  ({ year }) => `Spring${year}#`,
];

export function strongPassword(random: Random): string {
  if (random.chance(0.3)) {
    const words = [
      'Harbor',
      'Maple',
      'Copper',
      'Falcon',
      'River',
      'Cedar',
      'Orbit',
      'Lantern',
      'Quartz',
      'Meadow',
      'Tiger',
      'Cobalt',
    ];
    return `${random.pick(words)}-${random.pick(words)}-${random.int(10, 99)}${random.pick(['!', '#', '$', '%'])}`;
  }
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const core = random.chars(alphabet, random.int(10, 14));
  const at = random.int(2, core.length - 2);
  return `${core.slice(0, at)}${random.pick(['!', '#', '$', '%', '&', '*', '?'])}${core.slice(at)}${random.int(0, 9)}`;
}

export function weakPassword(random: Random, org: string, now: Date, p?: Person): string {
  const year = now.getUTCFullYear() - random.int(0, 1);
  const who = p ?? { ja: '', en: '', given: 'admin', family: 'admin' };
  return random.pick(WEAK)({ year, org, person: who, random });
}

export interface People {
  employees: Employee[];
  /** Raw name parts, for generators that need them. */
  persons: Map<string, Person>;
}

export function employees(random: Random, options: GenOptions, org: Organisation, clock: Clock): People {
  const profile = SECTORS_DATA[options.sector];
  const usernameFormat = random.pick(USERNAME_FORMATS);
  const emailFormat = random.pick(USERNAME_FORMATS.slice(0, 4));
  const initial = `${random.pick(['Welcome', 'Init', 'Start', org.stem])}${random.int(1000, 9999)}`;
  const used = new Set<string>();
  const fullNames = new Set<string>();
  const unique = (base: string) => {
    let name = base.replace(/[^a-z0-9._-]/g, '');
    for (let n = 2; used.has(name); n++) name = `${base}${n}`;
    used.add(name);
    return name;
  };
  const out: Employee[] = [];
  const persons = new Map<string, Person>();
  const it = org.departments[0]!.id;
  for (let i = 0; i < options.employees; i++) {
    let p = person(random, options.lang);
    for (let tries = 0; fullNames.has(p.ja) && tries < 20; tries++) p = person(random, options.lang);
    fullNames.add(p.ja);
    // The IT department gets at least three people: they run the systems and appear in shell histories.
    const department = i < 3 ? it : random.pick(org.departments).id;
    const titleIndex = i === 0 ? 1 : random.int(0, profile.titles.length - 1);
    const [tja, ten] = profile.titles[titleIndex]!;
    const username = unique(usernameFormat(p));
    const emailLocal = emailFormat(p).replace(/[^a-z0-9._-]/g, '');
    const email = `${out.some((e) => e.email.startsWith(`${emailLocal}@`)) ? username : emailLocal}@${org.domain}`;
    const kind = random.weighted([
      ['strong', 70],
      ['weak', 20],
      ['reused', 10],
    ] as const);
    const password =
      kind === 'strong'
        ? strongPassword(random)
        : kind === 'weak'
          ? weakPassword(random, org.stem, options.now, p)
          : initial;
    const id = `e${String(i + 1).padStart(3, '0')}`;
    persons.set(id, p);
    out.push({
      id,
      name: { ja: p.ja, en: p.en },
      ...(p.kana ? { kana: katakana(p.kana) } : {}),
      username,
      email,
      department,
      title: { ja: tja, en: ten },
      location: random.chance(0.6) ? org.locations[0]!.code : random.pick(org.locations).code,
      hiredOn: dateOnly(clock.daysAgo(random.int(120, 365 * 25))),
      password,
      passwordKind: kind,
      phone: options.lang === 'ja' ? `内線 ${random.int(2000, 4999)}` : `ext. ${random.int(2000, 4999)}`,
    });
  }
  return { employees: out, persons };
}

export function partners(random: Random, options: GenOptions, org: Organisation): World['partners'] {
  const profile = SECTORS_DATA[options.sector];
  const count = Math.max(2, Math.min(6, Math.round(options.employees / 8)));
  const stems = random.sample(profile.partnerStems, Math.min(count, profile.partnerStems.length));
  return stems
    .map(([ja, en], i) => {
      const form = random.pick(profile.partnerForms);
      const domain = `${en.toLowerCase().replace(/[^a-z]/g, '')}-${form[2]}.example`;
      const contacts = Array.from({ length: random.int(1, 2) }, () => {
        const p = person(random, options.lang);
        const email = `${p.given[0]}.${p.family}@${domain}`;
        return { name: { ja: p.ja, en: p.en }, email, title: { ja: '営業担当', en: 'Account Manager' } };
      }).filter((c, j, all) => all.findIndex((d) => d.email === c.email) === j);
      return {
        id: `p${i + 1}`,
        name:
          options.lang === 'ja'
            ? { ja: `株式会社${ja}${form[0]}`, en: `${en} ${form[1]} Co., Ltd.` }
            : { ja: `${en}${form[0]}`, en: `${en} ${form[1]} Ltd` },
        domain,
        contacts,
      };
    })
    .filter((p, i, all) => all.findIndex((q) => q.domain === p.domain) === i && p.domain !== org.domain);
}
