import { createHash } from 'node:crypto';
import { HostFileSystem } from '../../world/filesystem.js';
import { DOCUMENT_KINDS, type Employee, type Host, type Lang, type World } from '../../world/schema.js';

/** What the intranet shows, derived from the world: the brand, the documents, the notices and the directory. */

export interface Brand {
  lang: Lang;
  name: string;
  /** The short name shown as the logo. */
  logo: string;
  /** Colours picked from the domain, so each world looks like its own organisation. */
  primary: string;
  accent: string;
  domain: string;
}

export interface PortalDocument {
  id: number;
  title: string;
  path: string;
  host: Host;
  mtime: string;
  kind: string;
  read(): string;
}

export interface Notice {
  date: string;
  title: string;
}

export interface DirectoryRow {
  name: string;
  kana?: string;
  department: string;
  title: string;
  email: string;
  phone?: string;
  location: string;
}

export interface PortalContent {
  brand: Brand;
  documents: PortalDocument[];
  notices: Notice[];
  directory: DirectoryRow[];
}

const contents = new WeakMap<World, PortalContent>();

export function portalContent(world: World): PortalContent {
  let content = contents.get(world);
  if (!content) {
    content = build(world);
    contents.set(world, content);
  }
  return content;
}

function build(world: World): PortalContent {
  const lang = world.lang;
  const org = world.organisation;
  const hue = createHash('sha256').update(org.domain).digest()[0]! % 360;
  const brand: Brand = {
    lang,
    name: lang === 'ja' ? org.name.ja : org.name.en,
    logo: lang === 'ja' ? org.name.ja.replace(/^株式会社|株式会社$/g, '') : org.shortName,
    primary: `hsl(${hue}, 55%, 32%)`,
    accent: `hsl(${(hue + 30) % 360}, 70%, 45%)`,
    domain: org.domain,
  };
  const kinds = new Set<string>(DOCUMENT_KINDS);
  const documents: PortalDocument[] = [];
  for (const host of world.hosts) {
    const files = host.files.filter((f) => kinds.has(f.kind) && f.kind !== 'credentials-sheet');
    if (files.length === 0) continue;
    const view = new HostFileSystem(world, host);
    for (const file of files) {
      documents.push({
        id: documents.length + 1,
        title: file.path.split(/[\\/]/).pop() ?? file.path,
        path: file.path,
        host,
        mtime: file.mtime,
        kind: file.kind,
        read: () => view.read(file.path) ?? '',
      });
    }
  }
  documents.sort((a, b) => Date.parse(b.mtime) - Date.parse(a.mtime));
  documents.forEach((d, i) => (d.id = i + 1));
  const notices: Notice[] = [];
  for (const thread of world.mail?.threads ?? []) {
    const first = thread.messages[0];
    if (first && /^(各位|All,)/.test(first.body)) notices.push({ date: first.date, title: first.subject });
  }
  for (const doc of documents.slice(0, 5))
    notices.push({
      date: doc.mtime,
      title: lang === 'ja' ? `「${doc.title}」を掲載しました` : `"${doc.title}" has been published`,
    });
  notices.sort((a, b) => Date.parse(b.date) - Date.parse(a.date));
  const department = (id: string) => org.departments.find((d) => d.id === id)?.name[lang] ?? id;
  const location = (code: string) => org.locations.find((l) => l.code === code)?.name[lang] ?? code;
  const directory = world.employees.map((e: Employee) => ({
    name: e.name[lang],
    ...(lang === 'ja' && e.kana ? { kana: e.kana } : {}),
    department: department(e.department),
    title: e.title[lang],
    email: e.email,
    ...(e.phone ? { phone: e.phone } : {}),
    location: location(e.location),
  }));
  return { brand, documents, notices: notices.slice(0, 10), directory };
}

/** The Server header value the web host claims (its service banner), Apache on Ubuntu when it names none. */
export function serverHeader(host: Host): string {
  const banner = host.services.find((s) => s.name === 'http' || s.name === 'https')?.banner;
  return banner?.replace(/^Server:\s*/i, '') ?? 'Apache/2.4.58 (Ubuntu)';
}
