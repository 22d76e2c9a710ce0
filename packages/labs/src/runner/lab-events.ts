import { open } from 'node:fs/promises';
import type { LabEvent } from './lab-runner-types.js';

const MAX_EVENTS_BYTES = 1024 * 1024;

/** Reads a lab's events.jsonl (its first MiB); malformed lines are skipped, since the lab runs learner-edited code. */
export async function readLabEvents(file: string): Promise<LabEvent[]> {
  let text: string;
  try {
    const handle = await open(file, 'r');
    try {
      const buffer = Buffer.alloc(MAX_EVENTS_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, MAX_EVENTS_BYTES, 0);
      text = buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch {
    return [];
  }
  return text.split('\n').flatMap((line) => parseEvent(line));
}

function parseEvent(line: string): LabEvent[] {
  if (!line.trim()) return [];
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value !== 'object' || value === null) return [];
    const v = value as Record<string, unknown>;
    if (typeof v.type !== 'string') return [];
    const text = (x: unknown) => (typeof x === 'string' ? x.slice(0, 2000) : undefined);
    const event: LabEvent = { type: v.type.slice(0, 100) };
    const objective = text(v.objective);
    const at = text(v.at);
    const detail = text(v.detail);
    if (objective !== undefined) event.objective = objective;
    if (at !== undefined) event.at = at;
    if (detail !== undefined) event.detail = detail;
    return [event];
  } catch {
    return [];
  }
}
