import { execFile } from 'node:child_process';
import { access, constants, readFile } from 'node:fs/promises';
import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { probeCgroupV2 } from './memory-guard.js';

/** What isolation this machine allows, probed once when the runner is created. */
export interface SandboxCapabilities {
  /**
   * Node's permission model (fs reads limited to the app, the apps' shared modules, sql.js and the instance dir,
   * writes to the instance dir; no child processes or workers).
   */
  permissionModel: boolean;
  /** `unshare -n`: the lab has only its own (down) loopback and is reached through a Unix socket. */
  networkNamespace: boolean;
  transport: 'unix-socket' | 'tcp-port';
  /** `prlimit`: open files, file size, CPU seconds, no core dumps. */
  rlimits: boolean;
  /** `setpriv`: each instance runs under its own unprivileged uid (cannot signal the hub or other labs). */
  uidDrop: boolean;
  memory: 'cgroup-v2' | 'rss-watchdog';
  /** cgroup v2 limits in force per instance (memory.max, pids.max, cpu.max). */
  cgroup: { memory: boolean; pids: boolean; cpu: boolean };
  notes: string[];
}

export interface SandboxBinaries {
  node: string;
  unshare?: string;
  prlimit?: string;
  setpriv?: string;
}

export interface SandboxProbe {
  capabilities: SandboxCapabilities;
  binaries: SandboxBinaries;
  sqlJsDir: string;
  cgroupRoot?: string;
}

const SEARCH_DIRS = ['/usr/bin', '/bin', '/usr/sbin', '/sbin', '/usr/local/bin'];
/** First uid of the per-instance pool; far above ordinary accounts. */
export const LAB_UID_BASE = 3_100_000;

async function findBinary(name: string): Promise<string | undefined> {
  for (const dir of SEARCH_DIRS) {
    const candidate = path.join(dir, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

function runs(file: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: 10_000, env: { PATH: SEARCH_DIRS.join(':') } }, (err) => resolve(!err));
  });
}

/** The sql.js package directory (lab apps load its WebAssembly): found from its resolved entry point. */
export function sqlJsPackageDir(): string {
  const entry = createRequire(import.meta.url).resolve('sql.js');
  let dir = path.dirname(entry);
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return realpathSync(dir);
}

async function nodeSupportsPermissionModel(node: string): Promise<boolean> {
  return runs(node, ['--experimental-permission', '--allow-fs-read=/', '-e', '0']);
}

/** Probes each mechanism by actually using it once; what fails is left out and named in `notes`. */
export async function probeSandbox(options: { useCgroup?: boolean; dropUid?: boolean } = {}): Promise<SandboxProbe> {
  const notes: string[] = [];
  const binaries: SandboxBinaries = { node: process.execPath };
  const permissionModel = await nodeSupportsPermissionModel(binaries.node);
  if (!permissionModel) notes.push('node lacks --experimental-permission: labs would run unconfined');

  const unshare = await findBinary('unshare');
  const networkNamespace = unshare !== undefined && (await runs(unshare, ['-n', 'true']));
  if (networkNamespace) binaries.unshare = unshare;
  else notes.push('unshare -n failed: labs listen on LAB_PORT at 127.0.0.1 and can reach other loopback services');

  const prlimit = await findBinary('prlimit');
  const rlimits = prlimit !== undefined && (await runs(prlimit, ['--nofile=128', '--core=0', 'true']));
  if (rlimits) binaries.prlimit = prlimit;
  else notes.push('prlimit unavailable: no rlimits on open files, file size or CPU time');

  const setpriv = await findBinary('setpriv');
  const isRoot = process.getuid?.() === 0;
  const uidDrop =
    options.dropUid !== false &&
    isRoot &&
    setpriv !== undefined &&
    (await runs(setpriv, uidDropArgs(LAB_UID_BASE).concat(['true'])));
  if (uidDrop) binaries.setpriv = setpriv;
  else notes.push('labs run under the hub user (no setpriv or not root): the permission model is the only fs barrier');

  const cgroupRoot = options.useCgroup === false ? undefined : await probeCgroupV2();
  if (!cgroupRoot) notes.push('no writable cgroup v2 with memory/pids/cpu: memory enforced by a VmRSS watchdog (1 s)');

  return {
    capabilities: {
      permissionModel,
      networkNamespace,
      transport: networkNamespace ? 'unix-socket' : 'tcp-port',
      rlimits,
      uidDrop,
      memory: cgroupRoot ? 'cgroup-v2' : 'rss-watchdog',
      cgroup: { memory: !!cgroupRoot, pids: !!cgroupRoot, cpu: !!cgroupRoot },
      notes,
    },
    binaries,
    sqlJsDir: sqlJsPackageDir(),
    cgroupRoot,
  };
}

function uidDropArgs(uid: number): string[] {
  return [
    `--reuid=${uid}`,
    `--regid=${uid}`,
    '--clear-groups',
    '--no-new-privs',
    '--inh-caps=-all',
    '--bounding-set=-all',
    // a lab outlives nothing: if the hub dies, its labs die with it
    '--pdeathsig=KILL',
    '--',
  ];
}

export interface LabDirectories {
  appDir: string;
  /** `<appsDir>/_shared`: modules every lab app imports. Read-only, like the app itself. */
  sharedDir: string;
  instanceDir: string;
  sqlJsDir: string;
}

export interface LabCommandInput extends LabDirectories {
  uid?: number;
  limits: { cpuSeconds: number; diskMb: number };
}

/**
 * Node's permission-model flags for one lab: it may read its app, the shared modules, sql.js and its instance
 * directory, and write only the instance directory.
 */
export function permissionFlags(dirs: LabDirectories): string[] {
  const dir = (d: string) => `${d.replace(/\/+$/, '')}/`;
  return [
    '--experimental-permission',
    `--allow-fs-read=${dir(dirs.appDir)}`,
    `--allow-fs-read=${dir(dirs.sharedDir)}`,
    `--allow-fs-read=${dir(dirs.instanceDir)}`,
    `--allow-fs-read=${dir(dirs.sqlJsDir)}`,
    `--allow-fs-write=${dir(dirs.instanceDir)}`,
  ];
}

/**
 * The command line of one lab: `unshare -n -- prlimit … -- setpriv … -- node --experimental-permission … server.mjs`.
 * Each wrapper execs the next, so the spawned pid is the node process itself.
 */
export function buildLabCommand(probe: SandboxProbe, input: LabCommandInput): { file: string; args: string[] } {
  const { binaries } = probe;
  const nodeArgs = [
    ...(probe.capabilities.permissionModel ? permissionFlags(input) : []),
    '--max-old-space-size=64',
    '--disable-warning=ExperimentalWarning',
    path.join(input.appDir, 'server.mjs'),
  ];
  const chain: string[] = [];
  if (binaries.unshare) chain.push(binaries.unshare, '-n', '--');
  if (binaries.prlimit) {
    chain.push(
      binaries.prlimit,
      '--nofile=128',
      `--fsize=${Math.round(input.limits.diskMb * 1024 * 1024)}`,
      `--cpu=${Math.max(1, Math.round(input.limits.cpuSeconds))}`,
      '--core=0',
      '--',
    );
  }
  if (binaries.setpriv && input.uid !== undefined) chain.push(binaries.setpriv, ...uidDropArgs(input.uid));
  chain.push(binaries.node, ...nodeArgs);
  const [file, ...args] = chain;
  return { file: file!, args };
}

/** Reads the resident set of a process in KiB (0 when it is gone). */
export async function residentKb(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}
