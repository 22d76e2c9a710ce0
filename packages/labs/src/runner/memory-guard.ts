import { mkdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

const CGROUP_MOUNT = '/sys/fs/cgroup';
const GROUP = 'cynex-labs';
const CONTROLLERS = ['memory', 'pids', 'cpu'] as const;

/**
 * Returns `/sys/fs/cgroup/cynex-labs` when a cgroup v2 hierarchy is mounted there with the memory, pids and cpu
 * controllers and we may create groups in it; undefined otherwise. A writable `/sys/fs/cgroup` alone proves
 * nothing: on hybrid hosts it is a tmpfs holding the v1 hierarchies, and mkdir there succeeds without any limits.
 */
export async function probeCgroupV2(): Promise<string | undefined> {
  try {
    const mounts = await readFile('/proc/self/mounts', 'utf8');
    const isV2 = mounts.split('\n').some((line) => {
      const [, mountPoint, type] = line.split(' ');
      return mountPoint === CGROUP_MOUNT && type === 'cgroup2';
    });
    if (!isV2) return undefined;
    const available = (await readFile(path.join(CGROUP_MOUNT, 'cgroup.controllers'), 'utf8')).split(/\s+/);
    if (!CONTROLLERS.every((c) => available.includes(c))) return undefined;
    const root = path.join(CGROUP_MOUNT, GROUP);
    await mkdir(root, { recursive: true });
    const enable = CONTROLLERS.map((c) => `+${c}`).join(' ');
    await writeFile(path.join(CGROUP_MOUNT, 'cgroup.subtree_control'), enable);
    await writeFile(path.join(root, 'cgroup.subtree_control'), enable);
    return root;
  } catch {
    return undefined;
  }
}

export interface CgroupLimits {
  memoryMb: number;
  pidsMax: number;
  /** `cpu.max`, e.g. "50000 100000" = half a core. */
  cpuMax: string;
}

/** One instance's cgroup: created before the lab starts, the pid moved in right after spawn, removed at exit. */
export class InstanceCgroup {
  private constructor(readonly dir: string) {}

  static async create(root: string, instanceId: string, limits: CgroupLimits): Promise<InstanceCgroup> {
    const dir = path.join(root, instanceId);
    await mkdir(dir, { recursive: true });
    const bytes = Math.round(limits.memoryMb * 1024 * 1024);
    await writeFile(path.join(dir, 'memory.max'), String(bytes));
    // Without swap accounting this file is absent; the memory.max limit still holds.
    await writeFile(path.join(dir, 'memory.swap.max'), '0').catch(() => undefined);
    await writeFile(path.join(dir, 'pids.max'), String(limits.pidsMax));
    await writeFile(path.join(dir, 'cpu.max'), limits.cpuMax);
    return new InstanceCgroup(dir);
  }

  async add(pid: number): Promise<void> {
    await writeFile(path.join(this.dir, 'cgroup.procs'), String(pid));
  }

  /** True when the kernel's OOM killer ended a process of this group (the lab went over memory.max). */
  async oomKilled(): Promise<boolean> {
    try {
      const events = await readFile(path.join(this.dir, 'memory.events'), 'utf8');
      return Number(/^oom_kill (\d+)/m.exec(events)?.[1] ?? 0) > 0;
    } catch {
      return false;
    }
  }

  async remove(): Promise<void> {
    // The group empties a moment after the process is reaped; retry briefly.
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        await rmdir(this.dir);
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }
}
