import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { telescopeBatchSchema } from '@cynex/core';
import { afterAll, describe, expect, it } from 'vitest';
import { parseIngestOptions, telescopeIngestCommand } from './ingest-command.js';
import { formatProgress, ProgressBar } from './progress.js';
import { DATA_DIR } from './testing/synth.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cynex-telescope-cmd-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture() {
  const s = new PassThrough();
  const out = { text: '', stream: s };
  s.on('data', (c: Buffer) => (out.text += c.toString()));
  return out;
}

describe('parseIngestOptions', () => {
  it('reads repeatable prefixes and falls back to CYNEX_HUB_URL / CYNEX_HUB_TOKEN', () => {
    const o = parseIngestOptions(
      ['--prefix', '198.51.100.0/24', '--prefix', '203.0.113.0/24', '--sensor', 'tokyo-1', 'a.pcap', 'b.pcap'],
      {
        CYNEX_HUB_URL: 'https://hub.example.org',
        CYNEX_HUB_TOKEN: 'cnx_abc',
      },
    );
    expect(o).toMatchObject({
      files: ['a.pcap', 'b.pcap'],
      prefixes: ['198.51.100.0/24', '203.0.113.0/24'],
      sensorId: 'tokyo-1',
      hubUrl: 'https://hub.example.org',
      token: 'cnx_abc',
      dryRun: false,
      geo: true,
      reverseDns: false,
    });
  });

  it('takes the sensor credential from --credential or CYNEX_SENSOR_CREDENTIAL, before a token from the environment', () => {
    const args = ['--prefix', '198.51.100.0/24', '--hub', 'https://hub.example.org', 'a.pcap'];
    expect(parseIngestOptions([...args, '--credential', 'cnxs_abc'], {})).toMatchObject({ credential: 'cnxs_abc' });
    expect(parseIngestOptions(args, { CYNEX_SENSOR_CREDENTIAL: 'cnxs_env', CYNEX_HUB_TOKEN: 'cnx_old' })).toMatchObject(
      { credential: 'cnxs_env', token: 'cnx_old' },
    );
    // An explicit --token is not overridden by a credential lying in the environment.
    expect(
      parseIngestOptions([...args, '--token', 'cnx_flag'], { CYNEX_SENSOR_CREDENTIAL: 'cnxs_env' }).credential,
    ).toBeUndefined();
    expect(() => parseIngestOptions([...args, '--credential', 'cnx_abc'], {})).toThrow(
      /--credential takes a sensor credential \(cnxs_…\)/,
    );
    expect(() => parseIngestOptions([...args, '--credential', 'cnxs_a', '--token', 'cnx_b'], {})).toThrow(/not both/);
  });

  it('says exactly what is wrong', () => {
    const env = {};
    const err = (args: string[]) => {
      try {
        parseIngestOptions(args, env);
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(err(['--dry-run', 'a.pcap'])).toBe('--prefix CIDR is required (the darknet address space)');
    expect(err(['--prefix', '10.0.0.0/8', '--dry-run'])).toBe(
      'no input: give capture files (in time order) or - for stdin',
    );
    expect(err(['--prefix', '10.0.0.0/8', 'a.pcap'])).toMatch(
      /--hub URL and --credential cnxs_… .* are needed, or --dry-run/,
    );
    expect(err(['--prefix', '10.0.0.1/8', '--dry-run', 'a.pcap'])).toMatch(
      /host bits set \(did you mean 10\.0\.0\.0\/8\?\)/,
    );
    expect(err(['--prefix', '10.0.0.0/8', '--dry-run', '--dos-method', 'fast', 'a.pcap'])).toMatch(
      /--dos-method must be moore or corsaro/,
    );
    expect(err(['--prefix', '10.0.0.0/8', '--dry-run', '--interval', '5m', 'a.pcap'])).toMatch(
      /--interval needs a whole number/,
    );
    expect(err(['--prefix', '10.0.0.0/8', '--dry-run', '--interval', '20', '--lateness', '20', 'a.pcap'])).toMatch(
      /latenessSeconds: must be shorter than the interval/,
    );
    expect(err(['--prefix', '10.0.0.0/8', '--dry-run', '--scan-idle', '0', 'a.pcap'])).toMatch(
      /scan\.idleTimeoutSeconds/,
    );
    expect(err(['--prefix', '10.0.0.0/8', '--dry-run', '--frobnicate', 'a.pcap'])).toMatch(
      /Unknown option '--frobnicate'/,
    );
    expect(err(['--prefix', '10.0.0.0/8', '--dry-run', '-', 'a.pcap'])).toMatch(/cannot be mixed/);
    expect(err(['--prefix', '10.0.0.0/8', '--hub', 'hub.example.org', '--token', 't', 'a.pcap'])).toMatch(
      /--hub: "hub.example.org" is not a URL/,
    );
  });
});

describe('telescopeIngestCommand', () => {
  it('--dry-run prints valid batches as JSON lines and a summary on stderr', async () => {
    const stdout = capture();
    const stderr = capture();
    const code = await telescopeIngestCommand(
      [
        '--prefix',
        '64.13.134.52/32',
        '--sensor',
        'lab-1',
        '--dry-run',
        '--no-geo',
        path.join(DATA_DIR, 'chrissanders/synscan.pcapng'),
      ],
      { stdout: stdout.stream, stderr: stderr.stream, env: {} },
    );
    expect(code).toBe(0);
    const batches = stdout.text
      .trim()
      .split('\n')
      .map((l) => telescopeBatchSchema.parse(JSON.parse(l)));
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ sensorId: 'lab-1', monitoredAddresses: 1 });
    expect(stderr.text).toMatch(
      /^telescope: 2,011 packets from 1 input\(s\) in [\d.]+ s \(.* pkt\/s\): 1,994 to the darknet, 17 outside/,
    );
    expect(stderr.text).toContain('vertical scan: 172.16.0.8 tcp 1000 ports on 1 host(s), 1994 packets');
    expect(stderr.text).not.toContain('\x1b['); // no progress bar when stderr is not a terminal
  });

  it('exits 2 with the usage on a command-line mistake, and 2 for an unreadable research list', async () => {
    const stderr = capture();
    expect(await telescopeIngestCommand(['--dry-run', 'a.pcap'], { stderr: stderr.stream, env: {} })).toBe(2);
    expect(stderr.text).toMatch(/^error: --prefix CIDR is required.*\nusage: cynex telescope ingest/s);
    const list = path.join(dir, 'research.txt');
    writeFileSync(list, '192.0.2.0/24\n??\n');
    const stderr2 = capture();
    const code = await telescopeIngestCommand(
      ['--prefix', '10.0.0.0/8', '--dry-run', '--research-list', list, 'a.pcap'],
      { stderr: stderr2.stream, env: {} },
    );
    expect(code).toBe(2);
    expect(stderr2.text).toContain(`--research-list ${list}: research list line 2`);
  });

  it('exits 1 when a file cannot be read, naming it', async () => {
    const stderr = capture();
    const missing = path.join(dir, 'missing.pcap');
    const code = await telescopeIngestCommand(['--prefix', '10.0.0.0/8', '--dry-run', '--no-geo', missing], {
      stdout: capture().stream,
      stderr: stderr.stream,
      env: {},
    });
    expect(code).toBe(1);
    expect(stderr.text).toContain(`error: ${missing}: ENOENT`);
  });
});

describe('progress', () => {
  it('shows percent of bytes, packets per second, ETA and the file', () => {
    expect(formatProgress({ bytes: 50, totalBytes: 100, packets: 2e6, elapsed: 2, label: '1/2 a.pcap' })).toBe(
      '[##########----------]   50.0%  1.00M pkt/s  ETA 0:02  1/2 a.pcap',
    );
    expect(formatProgress({ bytes: 5, totalBytes: null, packets: 12_345, elapsed: 1, label: '1/1 (stdin)' })).toBe(
      '12.3k packets  12.3k pkt/s  1/1 (stdin)',
    );
  });

  it('redraws in place on a terminal at most every 200 ms, and only prints the summary elsewhere', () => {
    let t = 0;
    const tty = {
      isTTY: true,
      columns: 100,
      text: '',
      write(s: string) {
        this.text += s;
      },
    };
    const bar = new ProgressBar(tty, 1000, () => t);
    t = 100;
    bar.update(100, 10, 'a');
    t = 150;
    bar.update(200, 20, 'a'); // too soon: skipped
    t = 400;
    bar.update(300, 30, 'a');
    bar.finish('done');
    expect(tty.text.split('\r\x1b[2K')).toHaveLength(4); // two draws and the clearing
    expect(tty.text.endsWith('\r\x1b[2Kdone\n')).toBe(true);
    const pipe = {
      text: '',
      write(s: string) {
        this.text += s;
      },
    };
    const quiet = new ProgressBar(pipe, 1000, () => t);
    quiet.update(500, 50, 'a');
    quiet.finish('done');
    expect(pipe.text).toBe('done\n');
  });
});
