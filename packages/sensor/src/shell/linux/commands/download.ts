import { basenameOf } from '../../paths.js';
import { fsMessage, type CommandFn, type CommandContext } from '../shell.js';
import { worldHost, wgetStamp } from './network.js';
import { getopt, sleep } from './util.js';

/**
 * wget, curl and tftp. Every URL is recorded as a `download` event. Nothing is fetched unless the operator enabled
 * fetching for the world; then the body is fetched with node's fetch, cut at `maxFileBytes`, stored in the capture
 * store (its SHA-256 in the event) and written into the session's file system, never executed.
 */

interface Fetched {
  status: number;
  statusText: string;
  type: string;
  body: Buffer;
}

type Failure = {
  kind: 'resolve' | 'refused' | 'timeout' | 'toolarge' | 'bad-url';
  host: string;
  port: number;
  address?: string;
};

async function obtain(ctx: CommandContext, url: URL): Promise<Fetched | Failure> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : url.protocol === 'ftp:' ? 21 : 80);
  const inWorld = worldHost(ctx, host);
  if (!ctx.sh.runtime.fetchEnabled) {
    if (inWorld) return { kind: 'refused', host, port, address: inWorld.ip };
    if (/^[\d.]+$/.test(host) || host.includes(':')) {
      await sleep(1200 + Math.random() * 1500, ctx.io.signal);
      return { kind: 'timeout', host, port, address: host };
    }
    await sleep(60 + Math.random() * 200, ctx.io.signal);
    return { kind: 'resolve', host, port };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { kind: 'refused', host, port, address: host };
  const limit = ctx.sh.runtime.limits.maxFileBytes;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(20_000), redirect: 'follow' });
    const chunks: Buffer[] = [];
    let size = 0;
    const reader = response.body?.getReader();
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > limit) {
        await reader.cancel();
        return { kind: 'toolarge', host, port };
      }
      chunks.push(Buffer.from(value));
    }
    return {
      status: response.status,
      statusText: response.statusText || 'OK',
      type: response.headers.get('content-type') ?? 'application/octet-stream',
      body: Buffer.concat(chunks),
    };
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { kind: 'resolve', host, port };
    if (code === 'ECONNREFUSED') return { kind: 'refused', host, port, address: host };
    return { kind: 'timeout', host, port, address: host };
  }
}

/** Records the URL and, when fetched, stores the body; returns what the event said. */
async function record(
  ctx: CommandContext,
  url: string,
  path: string | undefined,
  result: Fetched | Failure,
): Promise<void> {
  const target = path === undefined ? {} : { path: ctx.sh.resolve(path).slice(0, 4096) };
  if (!('body' in result)) {
    ctx.sh.emit({ kind: 'download', url: url.slice(0, 8192), ...target, failed: true });
    return;
  }
  const stored = await ctx.sh.runtime.captures.put(result.body);
  ctx.sh.emit({
    kind: 'download',
    url: url.slice(0, 8192),
    ...target,
    sha256: stored.sha256,
    size: stored.size,
    storedAs: stored.storedAs,
  });
}

function parseUrl(raw: string): URL | undefined {
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    return undefined;
  }
}

const wget: CommandFn = async (ctx) => {
  const o = getopt(ctx.args, 'O:qo:cbP:t:T:U:', {
    'output-document': 'O',
    quiet: 'q',
    'no-check-certificate': 'k',
    'user-agent': 'U',
    tries: 't',
    timeout: 'T',
  });
  if (o.rest.length === 0) {
    ctx.err("wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n");
    return 1;
  }
  const quiet = o.flags.has('q');
  const log = (text: string) => (quiet ? undefined : ctx.err(text));
  let status = 0;
  for (const raw of o.rest) {
    const url = parseUrl(raw);
    if (!url || !url.hostname) {
      ctx.err(`${raw}: Invalid host name.\n`);
      status = 1;
      continue;
    }
    const dest = o.flags.has('O')
      ? String(o.flags.get('O'))
      : (o.flags.has('P') ? `${String(o.flags.get('P'))}/` : '') + (basenameOf(url.pathname) || 'index.html');
    log(`--${wgetStamp(ctx)}--  ${url.href}\n`);
    const host = url.hostname;
    if (!/^[\d.]+$/.test(host)) log(`Resolving ${host} (${host})... `);
    const result = await obtain(ctx, url);
    await record(ctx, url.href, dest === '-' ? undefined : dest, result);
    if (!('body' in result)) {
      if (result.kind === 'resolve') {
        log('failed: Name or service not known.\n');
        ctx.err(`wget: unable to resolve host address ‘${host}’\n`);
      } else if (result.kind === 'toolarge') {
        log('\nCannot write to the output file (File too large).\n');
      } else {
        if (!/^[\d.]+$/.test(host)) log(`${result.address}\n`);
        log(
          `Connecting to ${host} (${host})|${result.address}|:${result.port}... failed: ${result.kind === 'refused' ? 'Connection refused' : 'Connection timed out'}.\n`,
        );
        if (result.kind === 'timeout') log('Retrying.\n\n');
      }
      status = 4;
      continue;
    }
    if (!/^[\d.]+$/.test(host)) log(`${host}\n`);
    log(
      `Connecting to ${host} (${host})|${host}|:${url.port || 80}... connected.\nHTTP request sent, awaiting response... ${result.status} ${result.statusText}\n`,
    );
    if (result.status >= 400) {
      log(`${wgetStamp(ctx)} ERROR ${result.status}: ${result.statusText}.\n\n`);
      status = 8;
      continue;
    }
    log(`Length: ${result.body.length} [${result.type.split(';')[0]}]\nSaving to: ‘${dest}’\n\n`);
    if (dest === '-') ctx.out(result.body.toString('utf8'));
    else {
      try {
        ctx.sh.writeData(dest, result.body);
      } catch (error) {
        ctx.err(`${dest}: ${fsMessage(error)}\n`);
        status = 3;
        continue;
      }
    }
    log(
      `${dest.padEnd(20)}100%[===================>] ${String(result.body.length).padStart(8)}  --.-KB/s    in 0s      \n\n${wgetStamp(ctx)} (${(result.body.length / 1024 / 0.02).toFixed(1)} KB/s) - ‘${dest}’ saved [${result.body.length}/${result.body.length}]\n\n`,
    );
  }
  return status;
};

const curl: CommandFn = async (ctx) => {
  const o = getopt(ctx.args, 'o:OsSLkfIX:H:d:A:u:m:vx:', {
    output: 'o',
    'remote-name': 'O',
    silent: 's',
    location: 'L',
    insecure: 'k',
    fail: 'f',
    head: 'I',
    request: 'X',
    header: 'H',
    data: 'd',
    'user-agent': 'A',
    user: 'u',
    'max-time': 'm',
    verbose: 'v',
    proxy: 'x',
  });
  const raw = o.rest[0];
  if (raw === undefined) {
    ctx.err("curl: try 'curl --help' or 'curl --manual' for more information\n");
    return 2;
  }
  const url = parseUrl(raw);
  if (!url || !url.hostname) {
    ctx.err(`curl: (3) URL rejected: Bad hostname\n`);
    return 3;
  }
  const dest = o.flags.has('o')
    ? String(o.flags.get('o'))
    : o.flags.has('O')
      ? basenameOf(url.pathname) || 'index.html'
      : undefined;
  const silent = o.flags.has('s') && !o.flags.has('S');
  const result = await obtain(ctx, url);
  await record(ctx, url.href, dest, result);
  if (!('body' in result)) {
    if (silent)
      return result.kind === 'resolve' ? 6 : result.kind === 'refused' ? 7 : result.kind === 'toolarge' ? 63 : 28;
    if (result.kind === 'resolve') ctx.err(`curl: (6) Could not resolve host: ${result.host}\n`);
    else if (result.kind === 'refused')
      ctx.err(
        `curl: (7) Failed to connect to ${result.host} port ${result.port} after 0 ms: Couldn't connect to server\n`,
      );
    else if (result.kind === 'toolarge') ctx.err('curl: (63) Exceeded the maximum allowed file size\n');
    else
      ctx.err(
        `curl: (28) Failed to connect to ${result.host} port ${result.port} after 2${Math.floor(Math.random() * 900) + 100} ms: Couldn't connect to server\n`,
      );
    return result.kind === 'resolve' ? 6 : result.kind === 'refused' ? 7 : result.kind === 'toolarge' ? 63 : 28;
  }
  if (o.flags.has('f') && result.status >= 400) {
    if (!silent) ctx.err(`curl: (22) The requested URL returned error: ${result.status}\n`);
    return 22;
  }
  if (dest === undefined) {
    ctx.out(result.body.toString('utf8'));
    return 0;
  }
  if (!silent) {
    const n = String(result.body.length).padStart(5);
    ctx.err(
      `  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n100 ${n}  100 ${n}    0     0  ${String(result.body.length * 20).padStart(5)}      0 --:--:-- --:--:-- --:--:-- ${String(result.body.length * 20).padStart(5)}\n`,
    );
  }
  try {
    ctx.sh.writeData(dest, result.body);
  } catch (error) {
    ctx.err(`curl: (23) Failure writing output to destination (${fsMessage(error)})\n`);
    return 23;
  }
  return 0;
};

/** busybox (`tftp -g -r FILE HOST`) and tftp-hpa (`tftp HOST -c get FILE`) syntax; tftp never gets an answer. */
const tftp: CommandFn = async (ctx) => {
  const o = getopt(ctx.args, 'gpr:l:c:m:v');
  const host = o.rest.find((a) => a !== 'get' && a !== 'put' && !/^\d+$/.test(a));
  const file = o.flags.has('r') ? String(o.flags.get('r')) : o.flags.has('c') ? o.rest[o.rest.length - 1] : o.rest[1];
  if (host === undefined) {
    ctx.err('Usage: tftp [OPTIONS] HOST [PORT]\n');
    return 1;
  }
  const url = `tftp://${host}/${file ?? ''}`;
  ctx.sh.emit({
    kind: 'download',
    url,
    ...(file ? { path: ctx.sh.resolve(o.flags.has('l') ? String(o.flags.get('l')) : basenameOf(file)) } : {}),
    failed: true,
  });
  await sleep(1500 + Math.random() * 1000, ctx.io.signal);
  ctx.err('Transfer timed out.\n\n');
  return 1;
};

export const DOWNLOAD_COMMANDS: Record<string, CommandFn> = { wget, curl, tftp };
