import { z } from 'zod';

/**
 * The decoy world: one imitation organisation with its people, hosts, documents, mail and planted credentials.
 * Everything the emulated services show (shell output, file trees, mailboxes, banners) derives from this one
 * document, so that an intruder sees the same people, hostnames and dates wherever they look.
 *
 * Cross-references (a planted credential's host and account, a mail's sender, a file's owner) are checked in
 * {@link WorldSchema}'s refinement, each with the path of the field that is wrong, so the loader can point at the
 * YAML line.
 */

const text = (what: string, max = 200) =>
  z
    .string({ error: `expected ${what} (a string)` })
    .min(1, `expected ${what}, got an empty string`)
    .max(max);

export const SECTORS = ['manufacturing', 'government', 'university', 'finance'] as const;
export const LANGS = ['ja', 'en'] as const;
export const HOST_ROLES = [
  'mail',
  'file',
  'web',
  'dns',
  'directory',
  'proxy',
  'database',
  'app',
  'backup',
  'dev',
  'workstation',
] as const;
export const DOCUMENT_KINDS = [
  'minutes',
  'price-list',
  'staff-list',
  'project-plan',
  'credentials-sheet',
  'memo',
  'report',
] as const;

const Lang = z.enum(LANGS, { error: 'expected ja or en' });
const Bilingual = z.strictObject({ ja: text('a Japanese name'), en: text('an English name') });
const Slug = z
  .string({ error: 'expected an id (a string)' })
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'expected an id of lower-case letters, digits, ".", "_" or "-"');
const Hostname = z
  .string({ error: 'expected a hostname (a string)' })
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/, 'expected a hostname label (letters, digits, "-")');
const Domain = z
  .string({ error: 'expected a domain name (a string)' })
  .regex(/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'expected a lower-case domain name');
const Email = z
  .string({ error: 'expected an e-mail address (a string)' })
  .regex(/^[A-Za-z0-9._+-]{1,64}@(?:[a-z0-9-]+\.)+[a-z]{2,63}$/, 'expected an e-mail address');
const Username = z
  .string({ error: 'expected a user name (a string)' })
  .regex(/^[A-Za-z_][A-Za-z0-9._-]{0,31}$/, 'expected a user name (letters, digits, ".", "_", "-"; up to 32)');
const Password = z.string({ error: 'expected a password (a string)' }).min(1, 'expected a password').max(128);
/** ISO 8601 date-time with a zone offset, e.g. 2025-03-04T09:12:00+09:00. */
const DateTime = z.iso.datetime({ offset: true, error: 'expected a date-time like 2025-03-04T09:12:00+09:00' });
const DateOnly = z.iso.date({ error: 'expected a date like 2021-04-01' });
const Port = z
  .number({ error: 'expected a number from 1 to 65535' })
  .int('expected a number from 1 to 65535')
  .min(1, 'expected a number from 1 to 65535')
  .max(65535, 'expected a number from 1 to 65535');
const Ipv4 = z.ipv4({ error: 'expected an IPv4 address' });

export const OrganisationSchema = z.strictObject({
  name: Bilingual,
  shortName: text('a short name', 40),
  domain: Domain,
  sector: z.enum(SECTORS, { error: `expected one of ${SECTORS.join(', ')}` }),
  locations: z
    .array(z.strictObject({ code: Slug, name: Bilingual }), { error: 'expected a list of locations' })
    .min(1, 'expected at least one location'),
  departments: z
    .array(z.strictObject({ id: Slug, name: Bilingual }), { error: 'expected a list of departments' })
    .min(1, 'expected at least one department'),
  network: z.strictObject({ subnet: z.string().regex(/^\d+\.\d+\.\d+\.0\/24$/, 'expected a /24 like 10.20.30.0/24') }),
});

export const EmployeeSchema = z.strictObject({
  id: Slug,
  name: Bilingual,
  /** Reading in kana for Japanese names (社員名簿 lists it). */
  kana: z.string().max(80).optional(),
  username: Username,
  email: Email,
  department: Slug,
  title: Bilingual,
  location: Slug,
  hiredOn: DateOnly,
  password: Password,
  /** How the password was made: the generator's note for operators; services do not use it. */
  passwordKind: z.enum(['strong', 'weak', 'reused']),
  phone: z.string().max(40).optional(),
});

export const PartnerSchema = z.strictObject({
  id: Slug,
  name: Bilingual,
  domain: Domain,
  contacts: z.array(z.strictObject({ name: Bilingual, email: Email, title: Bilingual.optional() })).min(1),
});

export const AccountSchema = z.strictObject({
  username: Username,
  uid: z.number({ error: 'expected a uid (a number)' }).int().min(0).max(4_294_967_294),
  /** The employee this account belongs to; absent for root, Administrator and service accounts. */
  employee: Slug.optional(),
  /** The password; absent means the employee's password (a directory account). */
  password: Password.optional(),
  home: z.string().min(1).optional(),
  shell: z.string().min(1).optional(),
  groups: z.array(z.string().min(1)).default([]),
  sudo: z.boolean().default(false),
});

export const ServiceSchema = z.strictObject({
  name: text('a service name', 40),
  port: Port,
  protocol: z.enum(['tcp', 'udp']).default('tcp'),
  product: z.string().max(80).optional(),
  version: z.string().max(80).optional(),
  /** The greeting or banner line a client sees first, when the protocol has one. */
  banner: z.string().max(300).optional(),
});

export const HostKeySchema = z.strictObject({
  type: z.enum(['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ssh-rsa']),
  /** The public key as in a .pub file without comment: "ssh-ed25519 AAAA…". */
  publicKey: z.string().regex(/^(ssh-ed25519|ecdsa-sha2-nistp256|ssh-rsa) [A-Za-z0-9+/=]+$/, 'expected "TYPE BASE64"'),
  /** The private key file, relative to the world file's directory. */
  privateKeyFile: z.string().min(1),
});

const LinuxOs = z.strictObject({
  family: z.literal('linux'),
  distro: z.enum(['ubuntu', 'debian', 'rocky', 'rhel', 'almalinux']),
  version: text('a distribution version', 20),
  prettyName: text('a PRETTY_NAME', 80),
  kernel: z.strictObject({ release: text('a kernel release', 80), version: text('a kernel build string', 120) }),
  openssh: z.strictObject({
    version: text('an OpenSSH version', 80),
    banner: z
      .string()
      .regex(
        /^SSH-2\.0-\S+(?: \S.*)?$/,
        'expected an SSH identification string like SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3',
      ),
  }),
});
const WindowsOs = z.strictObject({
  family: z.literal('windows'),
  edition: text('a Windows edition', 80),
  version: text('a Windows version such as 22H2', 20),
  build: z.string().regex(/^\d+\.\d+$/, 'expected a build like 19045.4529'),
});
export const OsSchema = z.discriminatedUnion('family', [LinuxOs, WindowsOs], {
  error: 'expected family linux or windows',
});

/** Inline content, or a template the file system view renders on demand (keeps large worlds small on disk). */
export const FileSchema = z.strictObject({
  path: text('an absolute path', 400),
  owner: Username,
  group: z.string().min(1).max(64).optional(),
  mode: z
    .string()
    .regex(/^0?[0-7]{3,4}$/, 'expected an octal mode such as 0644')
    .optional(),
  mtime: DateTime,
  kind: z.enum([...DOCUMENT_KINDS, 'history', 'config', 'ssh', 'other']).default('other'),
  /** The employee who wrote it (documents): their hire date bounds its date. */
  author: Slug.optional(),
  lang: Lang.optional(),
  content: z.string().max(1_000_000).optional(),
  template: z.strictObject({ name: z.enum(['filler-log', 'filler-text']), seed: z.number().int() }).optional(),
});

export const BrowserSchema = z.strictObject({
  name: z.enum(['chrome', 'edge', 'firefox']),
  bookmarks: z.array(z.strictObject({ title: text('a title'), url: z.url({ error: 'expected a URL' }) })).default([]),
  savedPasswords: z
    .array(
      z.strictObject({ url: z.url({ error: 'expected a URL' }), username: text('a user name'), password: Password }),
    )
    .default([]),
});

export const HostSchema = z.strictObject({
  hostname: Hostname,
  role: z.enum(HOST_ROLES, { error: `expected one of ${HOST_ROLES.join(', ')}` }),
  description: z.string().max(200).optional(),
  location: Slug,
  ip: Ipv4,
  os: OsSchema,
  bootedAt: DateTime,
  /** The workstation's user. */
  assignedTo: Slug.optional(),
  services: z.array(ServiceSchema).default([]),
  accounts: z.array(AccountSchema).min(1, 'expected at least one account'),
  hostKeys: z.array(HostKeySchema).default([]),
  browser: BrowserSchema.optional(),
  files: z.array(FileSchema).default([]),
});

const Address = z.strictObject({ name: z.string().max(120).optional(), email: Email });
export const MessageSchema = z.strictObject({
  id: Slug,
  from: Address,
  to: z.array(Address).min(1, 'expected at least one recipient'),
  cc: z.array(Address).default([]),
  date: DateTime,
  subject: text('a subject', 300),
  body: z.string().max(200_000),
  inReplyTo: Slug.optional(),
});
export const ThreadSchema = z.strictObject({
  id: Slug,
  lang: Lang,
  messages: z.array(MessageSchema).min(1),
});

const FoundInFile = z.strictObject({ host: Hostname, path: text('a path', 400) });
const FoundInMail = z.strictObject({ host: Hostname, message: Slug, mailbox: Email });
export const PlantedCredentialSchema = z.strictObject({
  id: Slug,
  /** Order in the chain: 1 is found first. */
  step: z.number().int().min(1),
  username: Username,
  password: Password,
  foundIn: z.union([FoundInMail, FoundInFile], { error: 'expected {host, path} or {host, message, mailbox}' }),
  opens: z.strictObject({ host: Hostname, account: Username }),
  note: z.string().max(500).optional(),
});

export const WorldShape = z.strictObject({
  version: z.literal(1, { error: 'expected version: 1' }),
  seed: z.number().int().optional(),
  generatedAt: DateTime,
  lang: Lang,
  organisation: OrganisationSchema,
  employees: z.array(EmployeeSchema).min(1, 'expected at least one employee'),
  partners: z.array(PartnerSchema).default([]),
  hosts: z.array(HostSchema).min(1, 'expected at least one host'),
  mail: z.strictObject({ host: Hostname, threads: z.array(ThreadSchema).default([]) }).optional(),
  plantedCredentials: z.array(PlantedCredentialSchema).default([]),
});

export type World = z.infer<typeof WorldShape>;
export type WorldInput = z.input<typeof WorldShape>;
export type Host = World['hosts'][number];
export type Account = Host['accounts'][number];
export type Employee = World['employees'][number];
export type WorldFile = Host['files'][number];
export type Thread = NonNullable<World['mail']>['threads'][number];
export type Message = Thread['messages'][number];
export type PlantedCredential = World['plantedCredentials'][number];
export type Os = Host['os'];
export type Sector = (typeof SECTORS)[number];
export type Lang = (typeof LANGS)[number];
export type HostRole = (typeof HOST_ROLES)[number];
