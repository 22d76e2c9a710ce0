import { describe, expect, it } from 'vitest';
import { readCowrieLog } from '../../scripts/cowrie-fixture.js';
import { CowrieParseError, fromCowrie, fromCowrieLog, toCowrie } from './cowrie.js';
import { decoyEvent } from './test-events.js';

const line = (record: Record<string, unknown>): string =>
  JSON.stringify({
    timestamp: '2020-03-19T10:00:00.000000Z',
    session: 'abc123',
    src_ip: '192.0.2.1',
    sensor: 'vm',
    ...record,
  });

describe(fromCowrie.name, () => {
  it('reads a login, a command and a download', () => {
    expect(fromCowrie(line({ eventid: 'cowrie.login.failed', username: 'root', password: '1234' }))).toMatchObject({
      kind: 'auth',
      username: 'root',
      password: '1234',
      success: false,
      session: 'abc123',
      sensorId: 'vm',
    });
    expect(fromCowrie(line({ eventid: 'cowrie.command.input', input: 'uname -a' }))).toMatchObject({
      kind: 'command',
      input: 'uname -a',
    });
    expect(
      fromCowrie(line({ eventid: 'cowrie.session.file_download', url: 'http://x/a', shasum: 'c'.repeat(64) })),
    ).toMatchObject({
      kind: 'download',
      url: 'http://x/a',
      sha256: 'c'.repeat(64),
    });
  });

  it('keeps an unknown eventid as kind other, with its fields', () => {
    expect(fromCowrie(line({ eventid: 'cowrie.client.size', width: 80, height: 24 }))).toMatchObject({
      kind: 'other',
      eventid: 'cowrie.client.size',
      fields: { width: 80, height: 24 },
    });
  });

  it('names what is wrong with a bad line', () => {
    const error = (text: string) => {
      try {
        fromCowrie(text);
      } catch (caught) {
        return caught as CowrieParseError;
      }
      throw new Error('expected an error');
    };
    expect(error('{oops').code).toBe('COWRIE_NOT_JSON');
    expect(error('[1]').message).toContain('not a JSON object');
    expect(error(line({ eventid: 'cowrie.login.success', username: 7 })).message).toBe(
      'cowrie.login.success: "username" must be a string',
    );
    expect(
      error(line({ eventid: 'cowrie.session.connect', src_port: 1, dst_port: 2, src_ip: 'nope' })).message,
    ).toContain('src.ip');
    expect(error('x'.repeat(1_048_577)).code).toBe('COWRIE_LINE_TOO_LONG');
  });
});

describe(toCowrie.name, () => {
  it('writes Cowrie eventids and field names', () => {
    const login = toCowrie(decoyEvent({ kind: 'auth', username: 'root', password: 'pw', success: true }));
    expect(login).toMatchObject({
      eventid: 'cowrie.login.success',
      username: 'root',
      password: 'pw',
      src_ip: '198.51.100.7',
      sensor: 'sensor-1',
      session: 's1',
    });
    expect(toCowrie(decoyEvent({ kind: 'connect' }))).toMatchObject({
      eventid: 'cowrie.session.connect',
      src_port: 40000,
      dst_ip: '10.0.0.5',
      dst_port: 22,
      protocol: 'ssh',
    });
    expect(toCowrie(decoyEvent({ kind: 'pivot', target: { host: '10.0.0.9', port: 22 } }))).toMatchObject({
      eventid: 'cowrie.direct-tcpip.request',
      dst_ip: '10.0.0.9',
      dst_port: 22,
    });
    expect(toCowrie(decoyEvent({ kind: 'disconnect', duration: 2 }))).toMatchObject({
      eventid: 'cowrie.session.closed',
      duration: 2,
    });
  });

  it('round-trips kinds Cowrie has no eventid for through cynex.* records', () => {
    const mail = decoyEvent({ kind: 'mail', action: 'read', mailbox: 'INBOX', messageId: '42' });
    const back = fromCowrie(JSON.stringify(toCowrie(mail)), { world: 'acme', host: 'web01' });
    expect(back).toMatchObject({ kind: 'mail', action: 'read', mailbox: 'INBOX', messageId: '42' });
  });
});

describe('the real Cowrie log of 2020-03-19', () => {
  it('reads every line, with unique ids', () => {
    const text = readCowrieLog();
    const { events, errors } = fromCowrieLog(text);
    expect(errors).toEqual([]);
    expect(events).toHaveLength(text.trim().split('\n').length);
    expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
    expect(
      events.filter((event) => event.kind === 'other').map((event) => event.kind === 'other' && event.eventid),
    ).toEqual(expect.arrayContaining(['cowrie.session.params', 'cowrie.log.closed']));
  });

  it('writes every line back with all its Cowrie fields but the free-text message', () => {
    const { events } = fromCowrieLog(readCowrieLog());
    const originals = readCowrieLog()
      .trim()
      .split('\n')
      .map((text) => JSON.parse(text) as Record<string, unknown>);
    originals.forEach((original, index) => {
      const { message: _message, ...fields } = original;
      expect(toCowrie(events[index]!)).toMatchObject(fields);
    });
  });
});
