import type { LabTransport } from './lab-http.js';
import type { EditableFiles } from './instance-files.js';

export interface LabLimits {
  /** Resident memory per instance (cgroup memory.max, else the VmRSS watchdog). */
  memoryMb: number;
  /** CPU time (RLIMIT_CPU), not wall time. */
  cpuSeconds: number;
  lifetimeSeconds: number;
  idleSeconds: number;
  /** RLIMIT_FSIZE per file, and the instance directory's total checked by the sweeper. */
  diskMb: number;
  maxInstances: number;
}

export const DEFAULT_LAB_LIMITS: LabLimits = {
  // The SQL-injection lab idles at about 65 MiB RSS and reaches about 110 MiB under a grader's heavy probes
  // (sql.js's WebAssembly memory is outside V8's heap limit).
  memoryMb: 160,
  cpuSeconds: 120,
  lifetimeSeconds: 4 * 3600,
  idleSeconds: 30 * 60,
  diskMb: 20,
  maxInstances: 64,
};

/** pino-compatible: the hub passes its Fastify logger. */
export interface LabRunnerLogger {
  info(fields: object, msg: string): void;
  warn(fields: object, msg: string): void;
}

export interface LabRunnerOptions {
  /** Where instance directories are made (`<rootDir>/<instanceId>`). */
  rootDir: string;
  appsDir?: string;
  limits?: Partial<LabLimits>;
  logger?: LabRunnerLogger;
  startTimeoutMs?: number;
  requestTimeoutMs?: number;
  sweepIntervalMs?: number;
  watchdogIntervalMs?: number;
  /** Set false to skip cgroups (and use the watchdog) even where cgroup v2 is writable. */
  useCgroup?: boolean;
  /** Set false to keep labs under the hub's uid even when running as root. */
  dropUid?: boolean;
}

export type LabStopReason = 'stopped' | 'reset' | 'crashed' | 'idle' | 'lifetime' | 'disk' | 'memory';

export interface LabStartOptions {
  instanceId: string;
  labId: string;
  level: string;
  /** This instance's flag (from `flagFor`); the HMAC key never reaches the runner's children. */
  flag: string;
  /** The learner's edited versions of editable files; the level's originals fill in the rest. */
  files?: EditableFiles;
}

export interface LabStarted {
  instanceId: string;
  pid: number;
  transport: LabTransport;
  startedMs: number;
}

export interface LabInstanceInfo {
  instanceId: string;
  labId: string;
  level: string;
  state: 'starting' | 'running' | 'stopped';
  pid?: number;
  transport?: LabTransport;
  startedMs: number;
  lastActivityMs: number;
  exit?: { code: number | null; signal: NodeJS.Signals | null; reason: LabStopReason };
  /** The end of the lab's stderr, for the instructor when it crashes. */
  stderrTail: string;
}

/** What a lab writes to events.jsonl when it detects its own exploit (or anything else worth recording). */
export interface LabEvent {
  type: string;
  objective?: string;
  at?: string;
  detail?: string;
}
