import { isIP } from 'node:net';
import { findTechnique, TLP_MARKING_IDS, uuidV5, type Tlp } from '@cynex/core';
import { DERIVED_NAMESPACE, isInternal } from './case-intel.js';
import { sourceIdentity, type SourceOwner } from './source-identity.js';

/** How long an attacker address stays a live indicator after it was last seen: addresses change hands. */
export const ADDRESS_VALIDITY_DAYS = 30;

/**
 * Techniques a session reaches by logging in alone (guessing passwords, using valid or planted credentials).
 * A session that reached nothing else did no more than log in.
 */
const LOGIN_TECHNIQUES = /^(T1110|T1078)(\.\d{3})?$/;

/** The events of a session that name a URL or a file (downloads, uploads, files the attacker wrote). */
export interface TransferEvent {
  kind: 'download' | 'file';
  time: string;
  /** A download's URL. */
  url?: string | undefined;
  /** Where the attacker saved or put the file. */
  path?: string | undefined;
  /** A file event's action; `read` files are the world's own, not the attacker's. */
  action?: string | undefined;
  sha256?: string | undefined;
}

export interface SessionForIntel {
  id: string;
  owner: SourceOwner;
  marking: Tlp;
  srcIp: string;
  protocol: string;
  startedAt: Date;
  lastEventAt: Date;
  authAttempts: number;
  commands: number;
  events: number;
  /** ATT&CK techniques the decoy analysis mapped (`decoy_sessions.techniques`). */
  techniques: string[];
  transfers: TransferEvent[];
}

interface Sighted {
  pattern: string;
  name: string;
  first: string;
  last: string;
  count: number;
  validUntil?: string;
}

const DAY_MS = 86_400_000;
const quote = (value: string) => value.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
const addressType = (ip: string) => (isIP(ip) === 6 ? 'ipv6-addr' : 'ipv4-addr');
const later = (iso: string, days: number) => new Date(new Date(iso).getTime() + days * DAY_MS).toISOString();

/** A URL worth an indicator: a transfer scheme and a host outside the decoy's own and private networks. */
function publicUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (!['http:', 'https:', 'ftp:', 'tftp:'].includes(parsed.protocol) || !parsed.hostname) return undefined;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) === 4 && isInternal(host)) return undefined;
  if (/^(localhost|.*\.local|.*\.internal)$/i.test(host) || host === '::1') return undefined;
  return url;
}

function baseName(path: string): string {
  const clean = path.split(/[?#]/)[0] ?? '';
  return clean.slice(clean.lastIndexOf('/') + 1);
}

/** Adds one more sighting of a value, widening first and last seen. */
function note(seen: Map<string, Sighted>, entry: Omit<Sighted, 'count' | 'last'>): void {
  const earlier = seen.get(entry.pattern);
  if (!earlier) {
    seen.set(entry.pattern, { ...entry, last: entry.first, count: 1 });
    return;
  }
  earlier.count += 1;
  if (entry.first < earlier.first) earlier.first = entry.first;
  if (entry.first > earlier.last) earlier.last = entry.first;
}

/**
 * Whether a session showed intent beyond logging in: commands, transfers, or techniques past the login's own.
 * Password guessing alone and a login that did nothing are anomalous, not (yet) malicious.
 */
export function didMoreThanLogIn(s: Pick<SessionForIntel, 'commands' | 'techniques' | 'transfers'>): boolean {
  return s.commands > 0 || s.transfers.length > 0 || s.techniques.some((t) => !LOGIN_TECHNIQUES.test(t));
}

/**
 * A session that never tried to log in, ran nothing and reached no technique (a connection and nothing else, a
 * scanner's) stands for nothing: like the darknet telescope's senders, a scan is no indicator. Nor does a session
 * from a private address. The source lists only sessions with some activity (`DecoyIntelSource.changedSince`,
 * the same test in SQL); those from private addresses derive an empty set.
 */
export function standsForSomething(
  s: Pick<SessionForIntel, 'srcIp' | 'authAttempts' | 'commands' | 'techniques'>,
): boolean {
  return !privateAddress(s.srcIp) && (s.authAttempts > 0 || s.commands > 0 || s.techniques.length > 0);
}

/**
 * Sessions from private, loopback and link-local addresses are the operator's own tests or a training lab's
 * learners on the same sensors: no indicator for anyone else.
 */
function privateAddress(ip: string): boolean {
  if (isIP(ip) === 4) return isInternal(ip);
  const v6 = ip.toLowerCase();
  return v6 === '::1' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6) || v6.startsWith('::ffff:');
}

/**
 * The STIX objects one decoy session stands for: the attacker's address (an `ipv4-addr`/`ipv6-addr` observable,
 * observed data, and an indicator valid from first seen to {@link ADDRESS_VALIDITY_DAYS} days after last seen,
 * `malicious-activity` when the session did more than log in, else `anomalous-activity`), indicators for the
 * SHA-256 of files the attacker downloaded, uploaded or wrote and for the URLs it fetched, an attack-pattern for
 * each ATT&CK technique the analysis mapped (the address indicator `indicates` each), a sighting of every
 * indicator by the owner organisation (or "a cynex member"), all with the session's marking.
 *
 * A scanner's session stands for nothing ({@link standsForSomething}). Ids are UUIDv5 of the session and role in
 * {@link DERIVED_NAMESPACE}, so each refresh (at `derivedAt`) makes new versions of the same objects; the
 * observables' ids too (not the specification's value-derived ids), since each session's objects carry the
 * session's own sharing and leave with it.
 */
export function decoyIntel(s: SessionForIntel, derivedAt: Date): Record<string, unknown>[] {
  if (!standsForSomething(s)) return [];
  const key = `decoy:${s.id}`;
  const id = (type: string, role: string) => `${type}--${uuidV5(DERIVED_NAMESPACE, `${key}|${type}|${role}`)}`;
  const owner = sourceIdentity(id, s.owner);
  const created = s.startedAt.toISOString();
  const modified = derivedAt > s.startedAt ? derivedAt.toISOString() : created;
  const marking = [TLP_MARKING_IDS[s.marking]];
  const common = {
    spec_version: '2.1',
    created,
    modified,
    created_by_ref: owner.id,
    object_marking_refs: marking,
    x_cynex_source: key,
  };
  const objects: Record<string, unknown>[] = [{ ...owner, ...common, created_by_ref: undefined }];
  const relate = (source: string, type: string, target: string) =>
    objects.push({
      type: 'relationship',
      id: id('relationship', `${source}|${type}|${target}`),
      ...common,
      relationship_type: type,
      source_ref: source,
      target_ref: target,
    });

  const first = s.startedAt.toISOString();
  const last = s.lastEventAt.toISOString();
  const type = addressType(s.srcIp);
  const address = id(type, s.srcIp);
  objects.push({
    type,
    id: address,
    spec_version: '2.1',
    value: s.srcIp,
    object_marking_refs: marking,
    x_cynex_source: key,
  });
  const observed = id('observed-data', 'session');
  objects.push({
    type: 'observed-data',
    id: observed,
    ...common,
    first_observed: first,
    last_observed: last,
    number_observed: 1,
    object_refs: [address],
  });

  const sighted: Sighted[] = [
    {
      pattern: `[${type}:value = '${quote(s.srcIp)}']`,
      name: s.srcIp,
      first,
      last,
      count: Math.max(1, s.events),
      validUntil: later(last, ADDRESS_VALIDITY_DAYS),
    },
  ];
  const files = new Map<string, Sighted>();
  const urls = new Map<string, Sighted>();
  for (const t of s.transfers) {
    const at = new Date(t.time).toISOString();
    if (t.sha256 && (t.kind === 'download' || t.action !== 'read')) {
      const name = baseName(t.path ?? '') || (t.url ? baseName(t.url) : '') || t.sha256;
      note(files, { pattern: `[file:hashes.'SHA-256' = '${t.sha256}']`, name, first: at });
    }
    const url = t.kind === 'download' && t.url ? publicUrl(t.url) : undefined;
    if (url) note(urls, { pattern: `[url:value = '${quote(url)}']`, name: url, first: at });
  }
  sighted.push(...files.values());
  // Download sites are hosts too, cleaned up or handed on: their URLs expire like the attacker's address.
  sighted.push(...[...urls.values()].map((u) => ({ ...u, validUntil: later(u.last, ADDRESS_VALIDITY_DAYS) })));

  const malicious = didMoreThanLogIn(s);
  const indicators: string[] = [];
  for (const entry of sighted) {
    const indicator = id('indicator', entry.pattern);
    indicators.push(indicator);
    objects.push({
      type: 'indicator',
      id: indicator,
      ...common,
      name: entry.name,
      // Files and URLs come from transfers, which already make the session malicious.
      indicator_types: [malicious ? 'malicious-activity' : 'anomalous-activity'],
      pattern: entry.pattern,
      pattern_type: 'stix',
      valid_from: entry.first,
      ...(entry.validUntil && { valid_until: entry.validUntil }),
    });
    objects.push({
      type: 'sighting',
      id: id('sighting', entry.pattern),
      ...common,
      sighting_of_ref: indicator,
      count: entry.count,
      first_seen: entry.first,
      last_seen: entry.last,
      ...(indicators.length === 1 && { observed_data_refs: [observed] }),
      where_sighted_refs: [owner.id],
    });
  }
  const [addressIndicator, ...others] = indicators;
  for (const other of others) relate(other, 'related-to', addressIndicator!);

  for (const techniqueId of [...new Set(s.techniques.map((t) => t.toUpperCase()))].sort()) {
    const technique = findTechnique(techniqueId);
    if (!technique) continue;
    const pattern = id('attack-pattern', technique.id);
    objects.push({
      type: 'attack-pattern',
      id: pattern,
      ...common,
      name: technique.name,
      external_references: [{ source_name: 'mitre-attack', external_id: technique.id, url: technique.url }],
    });
    relate(addressIndicator!, 'indicates', pattern);
  }
  return objects.map((o) => JSON.parse(JSON.stringify(o)) as Record<string, unknown>);
}
