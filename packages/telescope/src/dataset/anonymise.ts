import { createHmac, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { isIPv4, isIPv6 } from 'node:net';
import { join } from 'node:path';

/** Bytes of a freshly generated dataset key. */
export const DATASET_KEY_BYTES = 32;
/** Shortest key accepted (128 bits). */
export const MIN_DATASET_KEY_BYTES = 16;
/** Hex characters kept from each HMAC-SHA256 (64 bits). */
export const HASH_HEX_CHARS = 16;

/** Where the server-side dataset key lives: `<dataDir>/telescope/dataset.key` (raw bytes, mode 0600). */
export function datasetKeyPath(dataDir: string): string {
  return join(dataDir, 'telescope', 'dataset.key');
}

/**
 * Reads the dataset key, creating it (32 random bytes, mode 0600, exclusive create) if absent.
 * A key file readable by group or others is tightened to 0600.
 *
 * @example
 * const key = await loadOrCreateDatasetKey('/var/lib/cynex');
 */
export async function loadOrCreateDatasetKey(dataDir: string): Promise<Buffer> {
  const path = datasetKeyPath(dataDir);
  await mkdir(join(dataDir, 'telescope'), { recursive: true, mode: 0o700 });
  try {
    await writeFile(path, randomBytes(DATASET_KEY_BYTES), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  if (((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600);
  const key = await readFile(path);
  if (key.length < MIN_DATASET_KEY_BYTES) {
    throw new Error(`${path} holds ${key.length} bytes; a dataset key needs at least ${MIN_DATASET_KEY_BYTES}`);
  }
  return key;
}

/**
 * An address as network-order bytes (4 for IPv4, 16 for IPv6), or null if it is neither.
 *
 * @example
 * addressBytes('198.19.1.2') // Uint8Array [198, 19, 1, 2]
 */
export function addressBytes(address: string): Uint8Array | null {
  if (isIPv4(address)) return Uint8Array.from(address.split('.').map(Number));
  if (!isIPv6(address)) return null;
  let text = address.split('%')[0] ?? address;
  // An embedded dotted quad (::ffff:1.2.3.4) becomes two hextets.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const b = dotted[1].split('.').map(Number);
    text = `${text.slice(0, -dotted[1].length)}${(((b[0] ?? 0) << 8) | (b[1] ?? 0)).toString(16)}:${(((b[2] ?? 0) << 8) | (b[3] ?? 0)).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups =
    tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const v = parseInt(g, 16);
    out[2 * i] = v >> 8;
    out[2 * i + 1] = v & 0xff;
  });
  return out;
}

/**
 * Keyed, truncated HMAC-SHA256 pseudonyms for one address. Domain-separated messages keep the two
 * hashes unrelated: `src_hash_hi16` = HMAC(key, "hi16" ‖ family ‖ first two bytes), `src_hash` =
 * HMAC(key, "addr" ‖ family ‖ all bytes); both the first 16 hex characters. Equal inputs and key give
 * equal hashes on every day; without the key nothing links a hash to an address.
 *
 * @example
 * const h = hashSource(key, '203.0.113.7'); // { hi16: '9c1e…', full: '3a7f…' }
 */
export function hashSource(key: Uint8Array, address: string): { hi16: string; full: string } {
  const bytes = addressBytes(address);
  if (!bytes) throw new Error(`not an IP address: ${JSON.stringify(address)}`);
  const family = bytes.length === 4 ? 4 : 6;
  return {
    hi16: hmacHex(key, 'hi16', family, bytes.subarray(0, 2)),
    full: hmacHex(key, 'addr', family, bytes),
  };
}

function hmacHex(key: Uint8Array, label: string, family: number, bytes: Uint8Array): string {
  return createHmac('sha256', key)
    .update(label)
    .update(Uint8Array.of(family))
    .update(bytes)
    .digest('hex')
    .slice(0, HASH_HEX_CHARS);
}

/**
 * The lower 16 bits of an address (last two bytes), e.g. `198.19.1.2` → 258.
 *
 * @example
 * low16('198.19.1.2') // 258
 */
export function low16(address: string): number {
  const bytes = addressBytes(address);
  if (!bytes) throw new Error(`not an IP address: ${JSON.stringify(address)}`);
  return ((bytes[bytes.length - 2] ?? 0) << 8) | (bytes[bytes.length - 1] ?? 0);
}
