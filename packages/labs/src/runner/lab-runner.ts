import { spawn, type ChildProcess } from 'node:child_process';
import { realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertLevel, assertSafeId, loadLab, type LabDefinition } from './lab-catalog.js';
import {
  freeLoopbackPort,
  labRequest,
  waitForHealth,
  type LabRequest,
  type LabResponse,
  type LabTransport,
} from './lab-http.js';
import { LabRunnerError } from './lab-runner-error.js';
import {
  checkEditableFiles,
  chownTree,
  currentFiles,
  directoryBytes,
  levelFiles,
  prepareRootDir,
  resetInstanceDir,
  type EditableFiles,
} from './instance-files.js';
import { readLabEvents } from './lab-events.js';
import { InstanceCgroup } from './memory-guard.js';
import {
  DEFAULT_LAB_LIMITS,
  type LabEvent,
  type LabInstanceInfo,
  type LabLimits,
  type LabRunnerLogger,
  type LabRunnerOptions,
  type LabStartOptions,
  type LabStarted,
  type LabStopReason,
} from './lab-runner-types.js';
import {
  LAB_UID_BASE,
  buildLabCommand,
  probeSandbox,
  residentKb,
  type SandboxCapabilities,
  type SandboxProbe,
} from './sandbox.js';

interface Instance {
  info: LabInstanceInfo;
  lab: LabDefinition;
  flag: string;
  dir: string;
  child?: ChildProcess;
  exited?: Promise<void>;
  uid?: number;
  cgroup?: InstanceCgroup;
  pendingReason?: LabStopReason;
  busy: boolean;
}

const STDERR_TAIL_BYTES = 4096;
/** sockaddr_un.sun_path is 108 bytes including the terminator. */
const MAX_SOCKET_PATH = 107;
const SOCKET_NAME = 'lab.sock';
const noopLogger: LabRunnerLogger = { info: () => undefined, warn: () => undefined };

export const DEFAULT_APPS_DIR = fileURLToPath(new URL('../../apps', import.meta.url));

/**
 * Runs lab applications, one isolated process per learner instance: Node's permission model, a network namespace,
 * rlimits, a per-instance uid, and cgroup v2 or an RSS watchdog, each where the machine allows
 * (see `capabilities()`).
 *
 * @example
 * const runner = await LabRunner.create({ rootDir: '/var/lib/cynex/labs' });
 * await runner.start({ instanceId: 'i1', labId: 'sqli', level: 'vulnerable', flag });
 * const page = await runner.request('i1', { path: '/?lang=en' });
 */
export class LabRunner {
  private readonly instances = new Map<string, Instance>();
  private readonly usedUids = new Set<number>();
  private readonly timers: NodeJS.Timeout[] = [];
  private sweeping = false;

  private constructor(
    private readonly probe: SandboxProbe,
    private readonly rootDir: string,
    private readonly appsDir: string,
    readonly limits: LabLimits,
    private readonly logger: LabRunnerLogger,
    private readonly startTimeoutMs: number,
    private readonly requestTimeoutMs: number,
  ) {}

  /** Probes the sandbox once, prepares the root directory and starts the sweeper and (if needed) the watchdog. */
  static async create(options: LabRunnerOptions): Promise<LabRunner> {
    const probe = await probeSandbox({ useCgroup: options.useCgroup, dropUid: options.dropUid });
    await prepareRootDir(path.resolve(options.rootDir), probe.capabilities.uidDrop);
    // The permission model compares resolved paths: grant the real ones, not a symlinked alias.
    const rootDir = await realpath(options.rootDir);
    const runner = new LabRunner(
      probe,
      rootDir,
      await realpath(options.appsDir ?? DEFAULT_APPS_DIR),
      { ...DEFAULT_LAB_LIMITS, ...options.limits },
      options.logger ?? noopLogger,
      options.startTimeoutMs ?? 15_000,
      options.requestTimeoutMs ?? 10_000,
    );
    runner.every(options.sweepIntervalMs ?? 5_000, () => runner.sweep());
    if (probe.capabilities.memory === 'rss-watchdog') {
      runner.every(options.watchdogIntervalMs ?? 1_000, () => runner.watchMemory());
    }
    runner.logger.info({ capabilities: probe.capabilities }, 'lab runner ready');
    return runner;
  }

  capabilities(): SandboxCapabilities {
    return structuredClone(this.probe.capabilities);
  }

  async start(options: LabStartOptions): Promise<LabStarted> {
    assertSafeId('instanceId', options.instanceId);
    const lab = await loadLab(this.appsDir, options.labId);
    assertLevel(lab, options.level);
    if (options.files) checkEditableFiles(lab, options.files);
    const existing = this.instances.get(options.instanceId);
    if (existing && existing.info.state !== 'stopped') {
      throw new LabRunnerError('LAB_INSTANCE_EXISTS', `instance ${options.instanceId} is already running`);
    }
    if (this.running().length >= this.limits.maxInstances) {
      throw new LabRunnerError('LAB_TOO_MANY_INSTANCES', `already ${this.limits.maxInstances} instances running`);
    }
    const now = Date.now();
    const instance: Instance = {
      info: {
        instanceId: options.instanceId,
        labId: lab.id,
        level: options.level,
        state: 'starting',
        startedMs: now,
        lastActivityMs: now,
        stderrTail: '',
      },
      lab,
      flag: options.flag,
      dir: path.join(this.rootDir, options.instanceId),
      busy: true,
    };
    this.instances.set(options.instanceId, instance);
    try {
      const files = { ...(await levelFiles(lab, options.level)), ...options.files };
      return await this.launch(instance, files);
    } finally {
      instance.busy = false;
    }
  }

  /** Stops the process; the instance directory (the learner's files) stays until `remove`. */
  async stop(instanceId: string, reason: LabStopReason = 'stopped'): Promise<LabInstanceInfo> {
    const instance = this.get(instanceId);
    await this.kill(instance, reason);
    return this.snapshot(instance);
  }

  /**
   * Restarts an instance from a clean directory: the learner's editable files are kept (or replaced by `files`, or
   * by the level's originals when `pristine`), everything else the lab wrote is gone.
   */
  async reset(instanceId: string, options: { files?: EditableFiles; pristine?: boolean } = {}): Promise<LabStarted> {
    const instance = this.get(instanceId);
    if (instance.busy) throw new LabRunnerError('LAB_INSTANCE_BUSY', `instance ${instanceId} is starting or resetting`);
    if (options.files) checkEditableFiles(instance.lab, options.files);
    instance.busy = true;
    try {
      await this.kill(instance, 'reset');
      const original = await levelFiles(instance.lab, instance.info.level);
      const kept = options.pristine ? {} : await currentFiles(instance.lab, instance.dir);
      return await this.launch(instance, { ...original, ...kept, ...options.files });
    } finally {
      instance.busy = false;
    }
  }

  /** Stops the instance and deletes its directory and record. */
  async remove(instanceId: string): Promise<void> {
    const instance = this.get(instanceId);
    await this.kill(instance, 'stopped');
    await rm(instance.dir, { recursive: true, force: true });
    this.instances.delete(instanceId);
  }

  async request(instanceId: string, req: LabRequest): Promise<LabResponse> {
    const instance = this.get(instanceId);
    if (instance.info.state !== 'running' || !instance.info.transport) {
      throw new LabRunnerError('LAB_INSTANCE_NOT_RUNNING', `instance ${instanceId} is ${instance.info.state}`);
    }
    instance.info.lastActivityMs = Date.now();
    try {
      return await labRequest(instance.info.transport, req, this.requestTimeoutMs);
    } finally {
      instance.info.lastActivityMs = Date.now();
    }
  }

  /** The lab's events.jsonl, parsed; malformed lines are skipped (the lab is learner-editable code). */
  async events(instanceId: string): Promise<LabEvent[]> {
    const instance = this.get(instanceId);
    return readLabEvents(path.join(instance.dir, 'events.jsonl'));
  }

  list(): LabInstanceInfo[] {
    return [...this.instances.values()].map((i) => this.snapshot(i));
  }

  info(instanceId: string): LabInstanceInfo {
    return this.snapshot(this.get(instanceId));
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.running().map((i) => this.kill(i, 'stopped')));
  }

  /** Stops every instance and the timers; the runner is not used afterwards. */
  async close(): Promise<void> {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    await this.stopAll();
  }

  private get(instanceId: string): Instance {
    const instance = this.instances.get(instanceId);
    if (!instance) throw new LabRunnerError('LAB_INSTANCE_NOT_FOUND', `no instance ${JSON.stringify(instanceId)}`);
    return instance;
  }

  private running(): Instance[] {
    return [...this.instances.values()].filter((i) => i.info.state !== 'stopped');
  }

  private snapshot(instance: Instance): LabInstanceInfo {
    return structuredClone(instance.info);
  }

  private async launch(instance: Instance, files: EditableFiles): Promise<LabStarted> {
    const { info } = instance;
    const socketPath = path.join(instance.dir, SOCKET_NAME);
    if (this.probe.capabilities.networkNamespace && socketPath.length > MAX_SOCKET_PATH) {
      throw new LabRunnerError('LAB_START_FAILED', `socket path too long (${socketPath.length} bytes): ${socketPath}`);
    }
    const uid = this.probe.capabilities.uidDrop ? this.allocateUid() : undefined;
    instance.uid = uid;
    Object.assign(info, { state: 'starting', startedMs: Date.now(), stderrTail: '' });
    delete info.exit;
    delete instance.pendingReason;
    try {
      await resetInstanceDir(instance.dir, files, uid);
      if (this.probe.cgroupRoot) {
        instance.cgroup = await InstanceCgroup.create(this.probe.cgroupRoot, info.instanceId, {
          memoryMb: this.limits.memoryMb,
          pidsMax: 16,
          cpuMax: '50000 100000',
        });
      }
      const transport: LabTransport = this.probe.capabilities.networkNamespace
        ? { socketPath }
        : { port: await freeLoopbackPort() };
      info.transport = transport;
      this.spawnLab(instance, transport);
      const child = instance.child!;
      if (instance.cgroup && child.pid !== undefined) await instance.cgroup.add(child.pid);
      const failure = await waitForHealth(transport, Date.now() + this.startTimeoutMs, () => info.state === 'stopped');
      if (failure) {
        await this.kill(instance, 'crashed');
        const why = failure === 'timeout' ? `no healthy /healthz within ${this.startTimeoutMs} ms` : 'the lab exited';
        throw new LabRunnerError(
          failure === 'timeout' ? 'LAB_START_TIMEOUT' : 'LAB_START_FAILED',
          `${info.labId}/${info.instanceId}: ${why}; stderr: ${info.stderrTail.trim().slice(-800) || '(empty)'}`,
        );
      }
    } catch (err) {
      if (info.state !== 'stopped') await this.kill(instance, 'crashed');
      this.releaseUid(instance);
      throw err;
    }
    info.state = 'running';
    info.lastActivityMs = Date.now();
    this.logger.info({ instanceId: info.instanceId, labId: info.labId, pid: info.pid }, 'lab started');
    return { instanceId: info.instanceId, pid: info.pid!, transport: info.transport, startedMs: info.startedMs };
  }

  private spawnLab(instance: Instance, transport: LabTransport): void {
    const { info } = instance;
    const command = buildLabCommand(this.probe, {
      appDir: instance.lab.appDir,
      sharedDir: instance.lab.sharedDir,
      instanceDir: instance.dir,
      sqlJsDir: this.probe.sqlJsDir,
      uid: instance.uid,
      limits: this.limits,
    });
    // Only what the contract names: never the hub's environment (database URL, keys, tokens).
    const env: Record<string, string> = {
      PATH: '/usr/local/bin:/usr/bin:/bin',
      LAB_LEVEL: info.level,
      LAB_FLAG: instance.flag,
      LAB_DIR: instance.dir,
      ...('socketPath' in transport ? { LAB_SOCKET: transport.socketPath } : { LAB_PORT: String(transport.port) }),
    };
    const child = spawn(command.file, command.args, { cwd: instance.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    instance.child = child;
    info.pid = child.pid;
    const keepTail = (chunk: Buffer) => {
      info.stderrTail = (info.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_BYTES);
    };
    child.stdout.on('data', keepTail);
    child.stderr.on('data', keepTail);
    let settled = false;
    instance.exited = new Promise<void>((resolve) => {
      const done = (code: number | null, signal: NodeJS.Signals | null) => {
        if (settled) return;
        settled = true;
        void this.onExit(instance, child, code, signal).finally(resolve);
      };
      child.once('exit', done);
      child.once('error', (err) => {
        keepTail(Buffer.from(`spawn failed: ${err.message}\n`));
        done(null, null);
      });
    });
  }

  private async onExit(
    instance: Instance,
    child: ChildProcess,
    code: number | null,
    signal: NodeJS.Signals | null,
  ): Promise<void> {
    if (instance.child !== child) return;
    const { info } = instance;
    let reason = instance.pendingReason ?? 'crashed';
    if (!instance.pendingReason && (await instance.cgroup?.oomKilled())) reason = 'memory';
    info.state = 'stopped';
    info.exit = { code, signal, reason };
    await instance.cgroup?.remove();
    delete instance.cgroup;
    // Stale files go back to root so a later lab given the same uid cannot claim them.
    if (instance.uid !== undefined) await chownTree(instance.dir, 0).catch(() => undefined);
    this.releaseUid(instance);
    const log = reason === 'crashed' || reason === 'memory' || reason === 'disk' ? 'warn' : 'info';
    this.logger[log]({ instanceId: info.instanceId, labId: info.labId, code, signal, reason }, 'lab stopped');
  }

  private async kill(instance: Instance, reason: LabStopReason): Promise<void> {
    const child = instance.child;
    if (!child || instance.info.state === 'stopped') return;
    instance.pendingReason ??= reason;
    child.kill('SIGKILL');
    await instance.exited;
  }

  private allocateUid(): number {
    for (let slot = 0; ; slot++) {
      const uid = LAB_UID_BASE + slot;
      if (!this.usedUids.has(uid)) {
        this.usedUids.add(uid);
        return uid;
      }
    }
  }

  private releaseUid(instance: Instance): void {
    if (instance.uid !== undefined) this.usedUids.delete(instance.uid);
    delete instance.uid;
  }

  private every(ms: number, task: () => Promise<void>): void {
    const timer = setInterval(() => {
      task().catch((err: unknown) => this.logger.warn({ err }, 'lab runner housekeeping failed'));
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }

  /** Idle, lifetime and disk limits; run every few seconds. */
  private async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const now = Date.now();
      for (const instance of this.running()) {
        if (instance.info.state !== 'running' || instance.busy) continue;
        if (now - instance.info.lastActivityMs > this.limits.idleSeconds * 1000) await this.kill(instance, 'idle');
        else if (now - instance.info.startedMs > this.limits.lifetimeSeconds * 1000) {
          await this.kill(instance, 'lifetime');
        } else if ((await directoryBytes(instance.dir)) > this.limits.diskMb * 1024 * 1024) {
          await this.kill(instance, 'disk');
        }
      }
    } finally {
      this.sweeping = false;
    }
  }

  /** Without a memory cgroup: kill any lab whose resident set is over the limit (checked every second). */
  private async watchMemory(): Promise<void> {
    for (const instance of this.running()) {
      const pid = instance.info.pid;
      if (pid === undefined || instance.info.state === 'stopped') continue;
      if ((await residentKb(pid)) > this.limits.memoryMb * 1024) await this.kill(instance, 'memory');
    }
  }
}
