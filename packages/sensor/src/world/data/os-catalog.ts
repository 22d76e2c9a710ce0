import type { Random } from '../random.js';
import type { Os } from '../schema.js';

/**
 * Releases the generator may claim, each with the OpenSSH package and kernel ranges its updates went through, so a
 * banner and `uname -r` agree with each other and with /etc/os-release. A point in the update history is drawn once
 * per host (0 = at release, 1 = latest updates listed) and picks both, so an old kernel does not sit beside the
 * newest OpenSSH patch.
 */
interface LinuxRelease {
  distro: 'ubuntu' | 'debian' | 'rocky' | 'almalinux';
  version: string;
  prettyName: (point: number) => string;
  openssh: (point: number) => string;
  kernel: (point: number, random: Random) => { release: string; version: string };
}

const lerp = (point: number, from: number, to: number) => Math.round(from + (to - from) * point);
const pad2 = (n: number) => String(n).padStart(2, '0');
const buildDate = (point: number, fromYear: number, toYear: number) => {
  const months = (toYear - fromYear) * 12;
  const m = Math.round(months * point);
  return `${fromYear + Math.floor(m / 12)}-${pad2((m % 12) + 1)}-${pad2(3 + Math.round(point * 20))}`;
};

const LINUX: readonly LinuxRelease[] = [
  {
    distro: 'ubuntu',
    version: '22.04',
    prettyName: (p) => `Ubuntu 22.04.${lerp(p, 1, 5)} LTS`,
    openssh: (p) => `OpenSSH_8.9p1 Ubuntu-3ubuntu0.${lerp(p, 1, 13)}`,
    kernel: (p, r) => {
      const abi = lerp(p, 60, 140) + r.int(0, 3);
      return { release: `5.15.0-${abi}-generic`, version: `#${abi + r.int(5, 12)}-Ubuntu SMP ${weekday(r)} ${month(p)} ${2023 + Math.floor(p * 2)}` };
    },
  },
  {
    distro: 'ubuntu',
    version: '24.04',
    prettyName: (p) => `Ubuntu 24.04.${lerp(p, 1, 3)} LTS`,
    openssh: (p) => `OpenSSH_9.6p1 Ubuntu-3ubuntu13.${lerp(p, 4, 13)}`,
    kernel: (p, r) => {
      const abi = lerp(p, 41, 85) + r.int(0, 2);
      return { release: `6.8.0-${abi}-generic`, version: `#${abi + r.int(1, 4)}-Ubuntu SMP PREEMPT_DYNAMIC ${weekday(r)} ${month(p)} ${2024 + Math.floor(p * 1.5)}` };
    },
  },
  {
    distro: 'ubuntu',
    version: '20.04',
    prettyName: (p) => `Ubuntu 20.04.${lerp(p, 5, 6)} LTS`,
    openssh: (p) => `OpenSSH_8.2p1 Ubuntu-4ubuntu0.${lerp(p, 5, 11)}`,
    kernel: (p, r) => {
      const abi = lerp(p, 150, 216) + r.int(0, 3);
      return { release: `5.4.0-${abi}-generic`, version: `#${abi + r.int(8, 20)}-Ubuntu SMP ${weekday(r)} ${month(p)} ${2023 + Math.floor(p * 2)}` };
    },
  },
  {
    distro: 'debian',
    version: '12',
    prettyName: () => 'Debian GNU/Linux 12 (bookworm)',
    openssh: (p) => `OpenSSH_9.2p1 Debian-2+deb12u${lerp(p, 1, 7)}`,
    kernel: (p, r) => {
      const abi = lerp(p, 9, 37) + r.int(0, 1);
      return { release: `6.1.0-${abi}-amd64`, version: `#1 SMP PREEMPT_DYNAMIC Debian 6.1.${lerp(p, 38, 140) + r.int(0, 3)}-1 (${buildDate(p, 2023, 2025)})` };
    },
  },
  {
    distro: 'debian',
    version: '11',
    prettyName: () => 'Debian GNU/Linux 11 (bullseye)',
    openssh: (p) => `OpenSSH_8.4p1 Debian-5+deb11u${lerp(p, 1, 3)}`,
    kernel: (p, r) => {
      const abi = lerp(p, 21, 33) + r.int(0, 1);
      return { release: `5.10.0-${abi}-amd64`, version: `#1 SMP Debian 5.10.${lerp(p, 162, 226) + r.int(0, 3)}-1 (${buildDate(p, 2023, 2024)})` };
    },
  },
  {
    distro: 'rocky',
    version: '9',
    prettyName: (p) => `Rocky Linux 9.${lerp(p, 2, 5)} (Blue Onyx)`,
    openssh: () => 'OpenSSH_8.7',
    kernel: (p, r) => rhel9Kernel(p, r),
  },
  {
    distro: 'almalinux',
    version: '9',
    prettyName: (p) => `AlmaLinux 9.${lerp(p, 2, 5)} (${['Turquoise Kodkod', 'Shamrock Pampas Cat', 'Seafoam Ocelot', 'Teal Serval'][lerp(p, 0, 3)]})`,
    openssh: () => 'OpenSSH_8.7',
    kernel: (p, r) => rhel9Kernel(p, r),
  },
  {
    distro: 'rocky',
    version: '8',
    prettyName: (p) => `Rocky Linux 8.${lerp(p, 8, 10)} (${['Green Obsidian', 'Green Obsidian', 'Green Obsidian'][lerp(p, 0, 2)]})`,
    openssh: () => 'OpenSSH_8.0',
    kernel: (p, r) => {
      const minor = [477, 513, 553][lerp(p, 0, 2)]!;
      return { release: `4.18.0-${minor}.${r.int(5, 40)}.1.el8_${lerp(p, 8, 10)}.x86_64`, version: `#1 SMP ${weekday(r)} ${month(p)} ${2023 + Math.floor(p * 2)}` };
    },
  },
];

function rhel9Kernel(p: number, r: Random) {
  const minor = [284, 362, 427, 503][lerp(p, 0, 3)]!;
  return {
    release: `5.14.0-${minor}.${r.int(8, 42)}.1.el9_${lerp(p, 2, 5)}.x86_64`,
    version: `#1 SMP PREEMPT_DYNAMIC ${weekday(r)} ${month(p)} ${2023 + Math.floor(p * 2)}`,
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const month = (p: number) => `${MONTHS[Math.min(11, Math.floor(p * 12))]} ${pad2(1 + Math.floor(p * 27))}`;
const weekday = (r: Random) => r.pick(['Mon', 'Tue', 'Wed', 'Thu', 'Fri']);

/** A Linux release with kernel and OpenSSH drawn at one point of its update history. */
export function linuxOs(random: Random, distros?: readonly string[]): Os {
  const release = random.pick(distros ? LINUX.filter((l) => distros.includes(l.distro)) : LINUX);
  const point = random.next();
  const openssh = release.openssh(point);
  return {
    family: 'linux',
    distro: release.distro,
    version: release.version,
    prettyName: release.prettyName(point),
    kernel: release.kernel(point, random),
    openssh: { version: openssh, banner: `SSH-2.0-${openssh}` },
  };
}

/** A release drawn for the whole organisation's server fleet: most use one, a few stragglers another. */
export function fleetReleases(random: Random): string[] {
  return random.pick([['ubuntu'], ['debian'], ['rocky', 'almalinux'], ['ubuntu', 'debian'], ['rocky']]);
}

const WINDOWS_CLIENT = [
  { edition: 'Windows 10 Pro', version: '22H2', build: 19045, ubr: [3570, 5737] },
  { edition: 'Windows 10 Enterprise', version: '22H2', build: 19045, ubr: [3570, 5737] },
  { edition: 'Windows 11 Pro', version: '23H2', build: 22631, ubr: [2861, 5472] },
  { edition: 'Windows 11 Enterprise', version: '23H2', build: 22631, ubr: [2861, 5472] },
  { edition: 'Windows 11 Pro', version: '24H2', build: 26100, ubr: [1742, 4061] },
] as const;

export function windowsOs(random: Random): Os {
  const w = random.pick(WINDOWS_CLIENT);
  return { family: 'windows', edition: w.edition, version: w.version, build: `${w.build}.${random.int(w.ubr[0], w.ubr[1])}` };
}
