import { describe, expect, it } from 'vitest';
import { startupMessage, stoppedMessage } from './startup-message.js';

const base = { baseUrl: 'http://127.0.0.1:8080', storage: 'PGlite in ./data' };
const link = 'http://127.0.0.1:8080/accept/abc123';

describe(startupMessage.name, () => {
  it('on a first start without the demo, says to sign in as admin@localhost with the link', () => {
    const text = startupMessage({ ...base, adminLink: link });
    expect(text).toContain('cynex hub is running at http://127.0.0.1:8080 (storage: PGlite in ./data)');
    expect(text).toContain('sign in as the platform administrator (admin@localhost) with this one-time link');
    expect(text).toContain(`  ${link}`);
  });

  it('with the demo, puts the demo admin and password first and labels the admin link as not for the demo', () => {
    const text = startupMessage({
      ...base,
      adminLink: link,
      demo: {
        email: 'admin@demo.cynex.example',
        password: 'demo-password-1234',
        memberEmail: 'member-analyst@demo.cynex.example',
      },
    });
    const demoAt = text.indexOf('sign in as the demo admin');
    const linkAt = text.indexOf(link);
    expect(demoAt).toBeGreaterThan(0);
    expect(text).toContain('e-mail:   admin@demo.cynex.example');
    expect(text).toContain('password: demo-password-1234');
    expect(text).toContain('darknet alerts (its infected host) are seen by member-analyst@demo.cynex.example');
    expect(linkAt).toBeGreaterThan(demoAt);
    expect(text).toContain("Not needed for the demo: the platform's own administrator (admin@localhost)");
  });

  it('after the first start prints no link, and the metrics address when there is one', () => {
    const text = startupMessage({ ...base, metricsUrl: 'http://127.0.0.1:9464/metrics' });
    expect(text).not.toContain('one-time');
    expect(text).toContain('Prometheus metrics: http://127.0.0.1:9464/metrics');
    const demo = startupMessage({ ...base, demo: { email: 'a@demo.example', password: 'pw' } });
    expect(demo).toContain('sign in as the demo admin');
    expect(demo).not.toContain('one-time');
  });
});

describe(stoppedMessage.name, () => {
  it('names the signal', () => {
    expect(stoppedMessage('SIGTERM')).toBe('cynex hub stopped (SIGTERM)');
  });
});
