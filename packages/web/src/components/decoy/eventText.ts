/** One line of text per recorded event, for the session timeline (the payload is the hub's validated DecoyEvent). */
import type { DecoyRuleHit, DecoySessionEvent } from '../../types/decoy';

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** What happened, as an analyst reads it: the command typed, the URL fetched, the user and password tried. */
export function eventText(event: Pick<DecoySessionEvent, 'kind' | 'payload'>): string {
  const p = event.payload ?? {};
  switch (event.kind) {
    case 'connect': {
      const src = p.src as { ip?: string; port?: number } | undefined;
      return src?.ip ? `${src.ip}:${src.port ?? ''}` : '';
    }
    case 'client_version':
      return text(p.version);
    case 'client_kex':
      return text(p.hassh);
    case 'auth': {
      const secret =
        p.password !== undefined ? ` / ${text(p.password)}` : p.fingerprint ? ` / ${text(p.fingerprint)}` : '';
      return `${text(p.username)}${secret}`;
    }
    case 'command':
      return text(p.input);
    case 'file':
      return `${text(p.action)} ${text(p.path)}`.trim();
    case 'download':
      return `${text(p.url)}${p.path ? ` → ${text(p.path)}` : ''}`;
    case 'mail':
      return [text(p.action), text(p.mailbox), text(p.subject) || text(p.query) || text(p.messageId)]
        .filter(Boolean)
        .join(' · ');
    case 'http':
      return `${text(p.method)} ${text(p.url)}${p.status ? ` ${text(p.status)}` : ''}`;
    case 'pivot': {
      const target = p.target as { host?: string; port?: number } | undefined;
      return `${target?.host ?? ''}:${target?.port ?? ''} ${text(p.outcome)}`.trim();
    }
    case 'disconnect':
      return p.duration !== undefined ? `${text(p.duration)} s` : '';
    default:
      return text(p.eventid) || text(p.message);
  }
}

/** Whether the event's outcome was a success (auth) or a failure (download, unknown command), if it tells. */
export function eventOutcome(event: Pick<DecoySessionEvent, 'kind' | 'payload'>): 'success' | 'failure' | null {
  const p = event.payload ?? {};
  if (event.kind === 'auth') return p.success === true ? 'success' : 'failure';
  if ((event.kind === 'command' || event.kind === 'download') && p.failed === true) return 'failure';
  return null;
}

/** The distinct ATT&CK technique ids of an event's rule hits, in the order they first appear. */
export function hitTechniques(hits: readonly DecoyRuleHit[] | undefined): string[] {
  return [...new Set((hits ?? []).flatMap((hit) => hit.techniques))];
}
