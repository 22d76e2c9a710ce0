import { createRequire } from 'node:module';
import type { Host } from '../../world/schema.js';

/**
 * What sshd of a given OpenSSH release offers in its KEXINIT, in OpenSSH's order, for the releases the world
 * generator emits (world/data/os-catalog.ts). Upstream defaults come from myproposal.h of each release; Rocky/Alma/
 * RHEL come from the DEFAULT crypto-policy of RHEL 8 (OpenSSH 8.0) and RHEL 9 (OpenSSH 8.7).
 *
 * ssh2 lacks some of them; we offer the honest subset (the remaining names, still in OpenSSH's order), never a name
 * that sshd would not offer:
 * - `sntrup761x25519-sha512@openssh.com` (8.5+) and `umac-64*`/`umac-128*` MACs are not implemented by ssh2: left out.
 * - `ext-info-s` (9.6+) cannot be announced through ssh2's algorithm list: left out.
 * - ssh2 always appends `kex-strict-s-v00@openssh.com`; the distributions backported that Terrapin fix into every
 *   release listed here in December 2023, so only hosts claiming an older package build show one extra name.
 * - Host-key algorithms follow the keys' order like sshd (RSA, ECDSA, Ed25519 by default HostKey order); `ssh-rsa`
 *   (SHA-1 signatures) only before 8.8.
 */
export interface OpenSshOffer {
  kex: string[];
  serverHostKey: string[];
  cipher: string[];
  hmac: string[];
  compress: string[];
}

const KEX_82 = [
  'curve25519-sha256',
  'curve25519-sha256@libssh.org',
  'ecdh-sha2-nistp256',
  'ecdh-sha2-nistp384',
  'ecdh-sha2-nistp521',
  'diffie-hellman-group-exchange-sha256',
  'diffie-hellman-group16-sha512',
  'diffie-hellman-group18-sha512',
  'diffie-hellman-group14-sha256',
];
/** 8.5–8.9 put sntrup761x25519 after the ECDH methods; 9.0 moved it first (not offered here: ssh2 lacks it). */
const KEX_90 = KEX_82;
const CIPHERS = [
  'chacha20-poly1305@openssh.com',
  'aes128-ctr',
  'aes192-ctr',
  'aes256-ctr',
  'aes128-gcm@openssh.com',
  'aes256-gcm@openssh.com',
];
const MACS = [
  'hmac-sha2-256-etm@openssh.com',
  'hmac-sha2-512-etm@openssh.com',
  'hmac-sha1-etm@openssh.com',
  'hmac-sha2-256',
  'hmac-sha2-512',
  'hmac-sha1',
];
const COMPRESS = ['none', 'zlib@openssh.com'];

const RHEL_KEX = [
  'curve25519-sha256',
  'curve25519-sha256@libssh.org',
  'ecdh-sha2-nistp256',
  'ecdh-sha2-nistp384',
  'ecdh-sha2-nistp521',
  'diffie-hellman-group-exchange-sha256',
  'diffie-hellman-group14-sha256',
  'diffie-hellman-group16-sha512',
  'diffie-hellman-group18-sha512',
];
const RHEL_MACS = [
  'hmac-sha2-256-etm@openssh.com',
  'hmac-sha1-etm@openssh.com',
  'hmac-sha2-512-etm@openssh.com',
  'hmac-sha2-256',
  'hmac-sha1',
  'hmac-sha2-512',
];

function rsaAlgorithms(major: number, minor: number): string[] {
  return major > 8 || (major === 8 && minor >= 8)
    ? ['rsa-sha2-512', 'rsa-sha2-256']
    : ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
}

/** The numeric release from a version such as `OpenSSH_8.9p1 Ubuntu-3ubuntu0.6` or `8.7`. */
export function parseOpenSshRelease(version: string): { major: number; minor: number } {
  const m = /(\d+)\.(\d+)/.exec(version);
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : { major: 9, minor: 2 };
}

/** sshd's offer for a host (defaults to Debian 12's OpenSSH 9.2 for a host without OpenSSH data). */
export function openSshOffer(host: Host): OpenSshOffer {
  const os = host.os;
  const version = os.family === 'linux' ? os.openssh.version : 'OpenSSH_9.2p1';
  const { major, minor } = parseOpenSshRelease(version);
  const rhel = os.family === 'linux' && ['rocky', 'rhel', 'almalinux'].includes(os.distro);
  const hostKeyAlgs = [...rsaAlgorithms(major, minor), 'ecdsa-sha2-nistp256', 'ssh-ed25519'];
  if (rhel) {
    const cipher =
      major === 8 && minor < 7
        ? [
            'aes256-gcm@openssh.com',
            'chacha20-poly1305@openssh.com',
            'aes256-ctr',
            'aes256-cbc',
            'aes128-gcm@openssh.com',
            'aes128-ctr',
            'aes128-cbc',
          ]
        : [
            'aes256-gcm@openssh.com',
            'chacha20-poly1305@openssh.com',
            'aes256-ctr',
            'aes128-gcm@openssh.com',
            'aes128-ctr',
          ];
    const kex =
      major === 8 && minor < 7
        ? [...RHEL_KEX, 'diffie-hellman-group-exchange-sha1', 'diffie-hellman-group14-sha1']
        : RHEL_KEX;
    return supported({ kex, serverHostKey: hostKeyAlgs, cipher, hmac: RHEL_MACS, compress: COMPRESS });
  }
  const kex = major === 8 && minor < 2 ? [...KEX_82, 'diffie-hellman-group14-sha1'] : major >= 9 ? KEX_90 : KEX_82;
  return supported({ kex, serverHostKey: hostKeyAlgs, cipher: CIPHERS, hmac: MACS, compress: COMPRESS });
}

// ssh2 does not export its supported lists; its constants module is the one place that knows them (chacha20 and
// curve25519 depend on the Node/OpenSSL build), so the offer never names an algorithm ssh2 would reject.
const constants = createRequire(import.meta.url)('ssh2/lib/protocol/constants.js') as Record<string, string[]>;

/** Drops the names this ssh2 build cannot do. */
function supported(offer: OpenSshOffer): OpenSshOffer {
  const keep = (names: string[], list: readonly string[] | undefined) =>
    list ? names.filter((n) => list.includes(n)) : names;
  return {
    kex: keep(offer.kex, constants['SUPPORTED_KEX']),
    serverHostKey: keep(offer.serverHostKey, constants['SUPPORTED_SERVER_HOST_KEY']),
    cipher: keep(offer.cipher, constants['SUPPORTED_CIPHER']),
    hmac: keep(offer.hmac, constants['SUPPORTED_MAC']),
    compress: keep(offer.compress, constants['SUPPORTED_COMPRESSION']),
  };
}
