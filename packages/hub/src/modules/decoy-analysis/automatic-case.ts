import { DECOY_RULES, type CaseFacts, type DecoyEvent, type SessionClassification } from '@cynex/core';

/** Behaviours one session contributes to its case, at most: a scripted bot repeats itself, the case need not. */
export const MAX_BEHAVIOURS_PER_SESSION = 200;
/** Quoted commands are cut to this length in a behaviour's notes. */
const QUOTE_LENGTH = 300;

/** What the analysis stores in decoy_sessions.classification: the classifier's result plus the credential used. */
export interface StoredClassification extends SessionClassification {
  /** The successful login's credential, when the world marked it planted: sessions sharing it join one case. */
  plantedCredential?: { username: string; password: string };
}

/** A behaviour row for an automatic case, before the case id is known. */
export interface AutomaticBehaviour {
  occurredAt: string;
  category: string;
  action: string;
  actionJa: string;
  techniqueIds: string[];
  notes: string;
  notesJa: string;
}

const PROTOCOL_NAMES: Record<string, string> = {
  ssh: 'SSH',
  telnet: 'Telnet',
  http: 'HTTP',
  https: 'HTTPS',
  imap: 'IMAP',
  smtp: 'SMTP',
  ftp: 'FTP',
};

/**
 * The case's title in both languages, e.g. "SSH intrusion from 203.0.113.7 into Shirasagi Town Office". The cases
 * model has no title field: it leads the summary.
 */
export function automaticCaseTitle(
  protocol: string,
  srcIp: string,
  world: { nameEn: string; nameJa: string },
): { en: string; ja: string } {
  const name = PROTOCOL_NAMES[protocol] ?? protocol.toUpperCase();
  return {
    en: `${name} intrusion from ${srcIp} into ${world.nameEn || world.nameJa}`,
    ja: `${srcIp} から ${world.nameJa || world.nameEn} への ${name} 侵入`,
  };
}

/** Marks the behaviours the analysis wrote for one session, so a re-analysis replaces them instead of adding. */
export const sessionMarker = (sessionPk: string): string => `decoy session ${sessionPk}`;

const quote = (text: string): string => {
  const flat = text.replace(/[\p{Cc}]/gu, ' ');
  return flat.length > QUOTE_LENGTH ? `${flat.slice(0, QUOTE_LENGTH)}…` : flat;
};

/**
 * Behaviours from a session's classification: one per rule and matched command (repeats of the same command
 * collapse into the first), with the command quoted and the session and event named so the evidence is found.
 */
export function behavioursOf(sessionPk: string, classification: SessionClassification): AutomaticBehaviour[] {
  const rules = new Map(DECOY_RULES.map((rule) => [rule.id, rule]));
  const seen = new Set<string>();
  const out: AutomaticBehaviour[] = [];
  for (const event of classification.events) {
    for (const hit of event.hits) {
      const key = `${hit.ruleId}\u0000${hit.evidence.part ?? hit.evidence.eventId}`;
      if (seen.has(key) || out.length >= MAX_BEHAVIOURS_PER_SESSION) continue;
      seen.add(key);
      const rule = rules.get(hit.ruleId);
      const where = `${sessionMarker(sessionPk)}, event ${hit.evidence.eventId}`;
      const part = hit.evidence.part === undefined ? '' : `: \`${quote(hit.evidence.part)}\``;
      out.push({
        occurredAt: event.time,
        category: hit.category,
        action: rule?.description.en ?? hit.ruleId,
        actionJa: rule?.description.ja ?? hit.ruleId,
        techniqueIds: [...hit.techniques],
        notes: `${where}${part}`,
        notesJa: `${where}${part}`,
      });
    }
  }
  return out;
}

const C2_ORDER: readonly NonNullable<CaseFacts['c2']>[] = ['unknown', 'none', 'failed', 'established'];

/** The facts of a case: what any of its sessions reached (C2 at its furthest). */
export function mergeFacts(all: readonly CaseFacts[]): CaseFacts {
  const facts: CaseFacts = {};
  for (const f of all) {
    if (f.executed) facts.executed = true;
    if (f.networkActivity) facts.networkActivity = true;
    if (f.secondStage) facts.secondStage = true;
    if (f.evadedAnalysis) facts.evadedAnalysis = true;
    if (f.c2 && C2_ORDER.indexOf(f.c2) > C2_ORDER.indexOf(facts.c2 ?? 'unknown')) facts.c2 = f.c2;
  }
  return facts;
}

/** The planted credential a session logged in with, if any (the successful auth the world marked planted). */
export function plantedCredentialOf(events: readonly DecoyEvent[]): StoredClassification['plantedCredential'] {
  for (const event of events) {
    if (event.kind === 'auth' && event.success && event.planted) {
      return { username: event.username, password: event.password ?? '' };
    }
  }
  return undefined;
}
