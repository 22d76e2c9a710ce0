import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import StreamJson from 'stream-json';
import Pick from 'stream-json/filters/Pick.js';
import StreamArray from 'stream-json/streamers/StreamArray.js';
import { AppError } from '../../errors.js';

/** One object of a bundle as the stream yields it: its index in `objects` and the parsed value. */
export interface BundleItem {
  index: number;
  value: unknown;
}

/** Counts the bytes of a body and fails once they pass `limit`, so that a huge upload is cut off, not buffered. */
function byteLimit(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > limit) done(new AppError('PAYLOAD_TOO_LARGE', `the bundle is larger than ${limit} bytes`));
      else done(null, chunk);
    },
  });
}

/**
 * Streams the objects of a STIX bundle to `take` in groups of `groupSize`, never holding the whole bundle: the
 * JSON is parsed as it arrives (stream-json) and only `objects[i]` is assembled, one object at a time. A syntax
 * error or a body over the limit rejects, after the groups already taken (what was stored stays stored).
 * Resolves with the number of objects seen (0 when the body has no top-level `objects` array, or an empty one).
 */
export async function streamBundle(
  body: Readable,
  limitBytes: number,
  groupSize: number,
  take: (group: BundleItem[]) => Promise<void>,
): Promise<number> {
  let group: BundleItem[] = [];
  let seen = 0;
  await pipeline(
    body,
    byteLimit(limitBytes),
    StreamJson.parser(),
    Pick.pick({ filter: 'objects' }),
    StreamArray.streamArray(),
    async (source: AsyncIterable<{ key: number; value: unknown }>) => {
      for await (const { key, value } of source) {
        seen++;
        group.push({ index: key, value });
        if (group.length >= groupSize) {
          const full = group;
          group = [];
          await take(full);
        }
      }
      if (group.length > 0) await take(group);
    },
  );
  return seen;
}
