import { canonicalJson } from './canonical-json.js';
import { uuidV5 } from './uuid-v5.js';

/** The namespace of deterministic STIX Cyber-observable ids (STIX 2.1 section 2.9). */
export const STIX_SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

/**
 * The ID contributing properties of each STIX 2.1 Cyber-observable type (the "ID Contributing Properties" of each
 * object in sections 6.1 to 6.18). `process` has none: its ids are random (UUIDv4).
 */
export const SCO_ID_CONTRIBUTING_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  artifact: ['hashes', 'payload_bin'],
  'autonomous-system': ['number'],
  directory: ['path'],
  'domain-name': ['value'],
  'email-addr': ['value'],
  'email-message': ['from_ref', 'subject', 'body'],
  file: ['hashes', 'name', 'extensions', 'parent_directory_ref'],
  'ipv4-addr': ['value'],
  'ipv6-addr': ['value'],
  'mac-addr': ['value'],
  mutex: ['name'],
  'network-traffic': ['start', 'end', 'src_ref', 'dst_ref', 'src_port', 'dst_port', 'protocols', 'extensions'],
  process: [],
  software: ['name', 'cpe', 'swid', 'vendor', 'version'],
  url: ['value'],
  'user-account': ['account_type', 'user_id', 'account_login'],
  'windows-registry-key': ['key', 'values'],
  'x509-certificate': ['hashes', 'serial_number'],
};

/** Of several hashes, the one an id is derived from (section 2.9), in this order; otherwise the first by name. */
const PREFERRED_HASHES = ['MD5', 'SHA-1', 'SHA-256', 'SHA-512'];

/**
 * The deterministic id of a STIX 2.1 Cyber-observable (section 2.9): `<type>--<UUIDv5>`, the UUID derived in the
 * namespace {@link STIX_SCO_NAMESPACE} from the RFC 8785 canonical JSON of the object's ID contributing properties
 * (of `hashes`, only the preferred one). Key order and the other properties do not matter, so the same observable
 * gets the same id wherever it is seen.
 *
 * Undefined when the specification gives no deterministic id: an unknown or custom type, a `process`, or none of
 * the contributing properties present; the producer then uses a random UUIDv4.
 * @example scoId({ type: 'ipv4-addr', value: '198.51.100.3' }) // 'ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4'
 * @throws {TypeError} for a contributing property JSON cannot hold (a non-finite number, …) or empty `hashes`.
 */
export function scoId(object: { readonly type: string; readonly [property: string]: unknown }): string | undefined {
  const contributing = SCO_ID_CONTRIBUTING_PROPERTIES[object.type];
  if (contributing === undefined) return undefined;
  const name: Record<string, unknown> = {};
  for (const property of contributing) {
    const value = object[property];
    if (value === undefined || value === null) continue;
    name[property] = property === 'hashes' ? preferredHash(value) : value;
  }
  if (Object.keys(name).length === 0) return undefined;
  return `${object.type}--${uuidV5(STIX_SCO_NAMESPACE, canonicalJson(name))}`;
}

function preferredHash(hashes: unknown): Record<string, unknown> {
  if (typeof hashes !== 'object' || hashes === null || Array.isArray(hashes)) {
    throw new TypeError('hashes must be an object of algorithm → hash');
  }
  const record = hashes as Record<string, unknown>;
  const algorithm = PREFERRED_HASHES.find((name) => name in record) ?? Object.keys(record).sort()[0];
  if (algorithm === undefined) throw new TypeError('hashes must hold at least one hash');
  return { [algorithm]: record[algorithm] };
}
