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

  it('listens on loopback unless CYNEX_HOST or --host says otherwise', () => {
    expect(configFromEnv({}).host).toBe('127.0.0.1');
    expect(configFromEnv({ CYNEX_HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(configFromEnv({ CYNEX_HOST: '0.0.0.0' }, { host: '::1' }).host).toBe('::1');
  });

  it('reads the metrics address as HOST:PORT, IPv6 in brackets', () => {
    expect(configFromEnv({ CYNEX_METRICS_LISTEN: '127.0.0.1:9464' }).metricsListen).toEqual({
      host: '127.0.0.1',
      port: 9464,
    });
    expect(configFromEnv({ CYNEX_METRICS_LISTEN: '[::1]:9464' }).metricsListen).toEqual({ host: '::1', port: 9464 });
    expect(configFromEnv({}).metricsListen).toBeUndefined();
  });

  it('refuses a metrics address without a host or with a port out of range, saying what it expects', () => {
    for (const value of ['9464', ':9464', 'localhost', '127.0.0.1:70000', '::1:9464']) {
      expect(() => configFromEnv({ CYNEX_METRICS_LISTEN: value }), value).toThrow(/metricsListen: expected HOST:PORT/);
    }
  });

  it('takes a metrics token of 16 characters or more and refuses a shorter one', () => {
    expect(configFromEnv({ CYNEX_METRICS_TOKEN: 'a'.repeat(16) }).metricsToken).toBe('a'.repeat(16));
    expect(() => configFromEnv({ CYNEX_METRICS_TOKEN: 'secret' })).toThrow(/metricsToken: at least 16 characters/);
    expect(configFromEnv({}).metricsToken).toBeUndefined();
  });

  it('reads the delivery settings, and refuses a lease no longer than the webhook timeout or no attempt at all', () => {
    expect(configFromEnv({})).toMatchObject({
      jobsPollMs: 1000,
      jobsBackoffSeconds: 30,
      jobsMaxAttempts: 8,
      jobsLeaseSeconds: 120,
    });
    expect(
      configFromEnv({ CYNEX_JOBS_POLL_MS: '0', CYNEX_JOBS_BACKOFF_SECONDS: '0.5', CYNEX_JOBS_MAX_ATTEMPTS: '3' }),
    ).toMatchObject({ jobsPollMs: 0, jobsBackoffSeconds: 0.5, jobsMaxAttempts: 3 });
    expect(() => configFromEnv({ CYNEX_JOBS_LEASE_SECONDS: '10' })).toThrow(
      /jobsLeaseSeconds: must be longer than the webhook timeout/,
    );
    expect(() => configFromEnv({ CYNEX_JOBS_MAX_ATTEMPTS: '0' })).toThrow(/jobsMaxAttempts/);
    expect(() => configFromEnv({ CYNEX_JOBS_POLL_MS: 'soon' })).toThrow(/jobsPollMs/);
  });
});
