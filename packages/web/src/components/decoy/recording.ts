/** Reading the asciicast v2 event lines the hub hands out for a session's recording (live view and replay). */

export type CastEvent = [time: number, code: string, data: string];

function asEvent(value: unknown): CastEvent | null {
  if (!Array.isArray(value) || value.length < 3) return null;
  const [time, code, data] = value as unknown[];
  if (typeof time !== 'number' || typeof code !== 'string' || typeof data !== 'string') return null;
  return [time, code, data];
}

/**
 * The events in one page of recording lines: newline-separated JSON text or an array of lines (text or already
 * parsed). Lines that are not asciicast events (a header, garbage) are skipped, never thrown on.
 */
export function parseCastLines(lines: string | readonly unknown[]): CastEvent[] {
  const items: unknown[] = typeof lines === 'string' ? lines.split('\n') : [...lines];
  const events: CastEvent[] = [];
  for (const item of items) {
    if (typeof item === 'string') {
      const trimmed = item.trim();
      if (!trimmed.startsWith('[')) continue;
      try {
        const event = asEvent(JSON.parse(trimmed));
        if (event) events.push(event);
      } catch {
        // a torn or hostile line: skip it, the rest still plays
      }
    } else {
      const event = asEvent(item);
      if (event) events.push(event);
    }
  }
  return events;
}

/** The output a viewer sees: the "o" events' data, in order. */
export function outputOf(events: readonly CastEvent[]): string {
  return events
    .filter((event) => event[1] === 'o')
    .map((event) => event[2])
    .join('');
}
