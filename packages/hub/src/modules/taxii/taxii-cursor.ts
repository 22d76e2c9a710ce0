import { AppError } from '../../errors.js';
import type { PagePosition } from './taxii.repository.js';

const POSITION =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z~[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The `next` cursor: the last row's (date added, row id), base64url. It carries no server state, so any hub
 * instance continues any client's paging; new objects are always added later, so they come at the end.
 */
export function encodeCursor(position: PagePosition): string {
  return Buffer.from(`${position.dateAdded}~${position.rowId}`, 'utf8').toString('base64url');
}

/** Reads a cursor made by encodeCursor; anything else is a 400. */
export function decodeCursor(cursor: string): PagePosition {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!POSITION.test(text)) throw new AppError('VALIDATION_FAILED', 'next is not a cursor this server gave out');
  const [dateAdded, rowId] = text.split('~') as [string, string];
  return { dateAdded, rowId };
}
