import { describe, expect, it } from 'vitest';
import { configFromEnv } from './config.js';

describe(configFromEnv.name, () => {
  it('reads the egress allow-list and the SMTP plain-text consent', () => {
    const config = configFromEnv({
      CYNEX_EGRESS_ALLOW: ' 127.0.0.1, receiver.internal ,10.0.0.0/8,,fd00::/8',
      CYNEX_SMTP_ALLOW_PLAINTEXT: 'true',
    });
    expect(config.egressAllow).toEqual(['127.0.0.1', 'receiver.internal', '10.0.0.0/8', 'fd00::/8']);
    expect(config.smtpAllowPlaintext).toBe(true);
    expect(configFromEnv({})).toMatchObject({ egressAllow: [], smtpAllowPlaintext: false });
  });

  it('refuses to start with an allow-list entry it cannot read, naming the entry', () => {
    expect(() => configFromEnv({ CYNEX_EGRESS_ALLOW: '127.0.0.1,10.0.0.0/33' })).toThrow(
      'invalid configuration: egressAllow: "10.0.0.0/33": the prefix length must be 0 to 32',
    );
    expect(() => configFromEnv({ CYNEX_EGRESS_ALLOW: 'http://receiver.internal/' })).toThrow(
      '"http://receiver.internal/": not a host name, an IP address or a CIDR prefix',
    );
  });
});
