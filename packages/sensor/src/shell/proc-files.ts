import type { WorldRuntime } from '../services/contracts.js';
import type { Host } from '../world/schema.js';
import { hostFacts, loadAverages, uptimeSeconds } from './host-info.js';

/**
 * Files the kernel would synthesise (/proc, /dev/null), rendered from the host's facts at the moment they are read,
 * so `cat /proc/uptime` moves with the clock and `/proc/cpuinfo` agrees with `nproc` and `lscpu`.
 */
export function syntheticFiles(runtime: WorldRuntime, host: Host): Map<string, () => string> {
  const files = new Map<string, () => string>();
  if (host.os.family !== 'linux') return files;
  const os = host.os;
  const facts = hostFacts(host);
  files.set(
    '/proc/version',
    () => `Linux version ${os.kernel.release} ${procVersionBuilder(host)} ${os.kernel.version}\n`,
  );
  files.set('/proc/cpuinfo', () => cpuinfo(facts.cpus, facts.cpuModel));
  files.set('/proc/meminfo', () => meminfo(facts.memKiB, facts.seed));
  files.set('/proc/uptime', () => {
    const up = uptimeSeconds(host, runtime.now());
    return `${up}.${String(facts.seed % 100).padStart(2, '0')} ${(up * facts.cpus * 0.97).toFixed(2)}\n`;
  });
  files.set('/proc/loadavg', () => {
    const [a, b, c] = loadAverages(host, runtime.now());
    return `${a.toFixed(2)} ${b.toFixed(2)} ${c.toFixed(2)} 1/${180 + (facts.seed % 60)} ${4000 + (facts.seed % 3000)}\n`;
  });
  files.set('/proc/mounts', () => mounts(facts.iface));
  files.set(
    '/proc/cmdline',
    () =>
      `BOOT_IMAGE=(hd0,gpt2)/vmlinuz-${os.kernel.release} root=/dev/mapper/rl-root ro crashkernel=auto rhgb quiet\n`,
  );
  files.set('/dev/null', () => '');
  return files;
}

function procVersionBuilder(host: Host): string {
  if (host.os.family !== 'linux') return '';
  const debian = host.os.distro === 'ubuntu' || host.os.distro === 'debian';
  return debian
    ? '(buildd@lcy02-amd64-100) (x86_64-linux-gnu-gcc-12 (Ubuntu 12.3.0-1ubuntu1~22.04) 12.3.0, GNU ld (GNU Binutils for Ubuntu) 2.38)'
    : '(mockbuild@iad1-prod-build001.bld.equ.rockylinux.org) (gcc (GCC) 11.4.1 20231218 (Red Hat 11.4.1-3), GNU ld version 2.35.2-43.el9)';
}

function cpuinfo(cpus: number, model: string): string {
  const blocks: string[] = [];
  const mhz = model.includes('2.40') ? '2399.999' : '2899.998';
  for (let i = 0; i < cpus; i++)
    blocks.push(
      [
        `processor\t: ${i}`,
        'vendor_id\t: GenuineIntel',
        'cpu family\t: 6',
        'model\t\t: 85',
        `model name\t: ${model}`,
        'stepping\t: 7',
        'microcode\t: 0x5003604',
        `cpu MHz\t\t: ${mhz}`,
        'cache size\t: 22528 KB',
        'physical id\t: 0',
        `siblings\t: ${cpus}`,
        `core id\t\t: ${i}`,
        `cpu cores\t: ${cpus}`,
        `apicid\t\t: ${i}`,
        'fpu\t\t: yes',
        'cpuid level\t: 22',
        'wp\t\t: yes',
        'flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ss syscall nx pdpe1gb rdtscp lm constant_tsc arch_perfmon nopl xtopology tsc_reliable nonstop_tsc cpuid tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand hypervisor lahf_lm abm 3dnowprefetch invpcid_single ssbd ibrs ibpb stibp ibrs_enhanced fsgsbase tsc_adjust bmi1 avx2 smep bmi2 invpcid avx512f avx512dq rdseed adx smap clflushopt clwb avx512cd avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves arat pku ospke avx512_vnni md_clear flush_l1d arch_capabilities',
        'bugs\t\t: spectre_v1 spectre_v2 spec_store_bypass swapgs itlb_multihit mmio_stale_data retbleed gds',
        `bogomips\t: ${(parseFloat(mhz) * 2).toFixed(2)}`,
        'clflush size\t: 64',
        'cache_alignment\t: 64',
        'address sizes\t: 45 bits physical, 48 bits virtual',
        'power management:',
        '',
      ].join('\n'),
    );
  return blocks.join('\n') + '\n';
}

/** Memory figures that stay put for a host (derived from its seed), with free memory a realistic fraction. */
export function memoryFigures(totalKiB: number, seed: number) {
  const free = Math.floor(totalKiB * (0.18 + (seed % 20) / 100));
  const buffers = Math.floor(totalKiB * 0.021);
  const cached = Math.floor(totalKiB * (0.31 + (seed % 7) / 100));
  const shared = 9_000 + (seed % 20_000);
  const available = free + cached + buffers - shared;
  return { total: totalKiB, free, buffers, cached, shared, available, used: totalKiB - free - buffers - cached };
}

function meminfo(totalKiB: number, seed: number): string {
  const m = memoryFigures(totalKiB, seed);
  const row = (name: string, kib: number) => `${(name + ':').padEnd(16)}${String(kib).padStart(8)} kB`;
  return (
    [
      row('MemTotal', m.total),
      row('MemFree', m.free),
      row('MemAvailable', m.available),
      row('Buffers', m.buffers),
      row('Cached', m.cached),
      row('SwapCached', 0),
      row('Active', Math.floor(m.total * 0.27)),
      row('Inactive', Math.floor(m.total * 0.2)),
      row('SwapTotal', 2_097_148),
      row('SwapFree', 2_097_148),
      row('Dirty', 120 + (seed % 400)),
      row('Shmem', m.shared),
      row('Slab', Math.floor(m.total * 0.03)),
      row('PageTables', 9_800 + (seed % 3000)),
      row('VmallocTotal', 34_359_738_367),
      row('HugePages_Total', 0),
      row('Hugepagesize', 2048),
    ].join('\n') + '\n'
  );
}

function mounts(_iface: string): string {
  return [
    '/dev/mapper/rl-root / xfs rw,seclabel,relatime,attr2,inode64,logbufs=8,logbsize=32k,noquota 0 0',
    'proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0',
    'sysfs /sys sysfs rw,seclabel,nosuid,nodev,noexec,relatime 0 0',
    'devtmpfs /dev devtmpfs rw,seclabel,nosuid,size=4096k,nr_inodes=1048576,mode=755,inode64 0 0',
    'tmpfs /run tmpfs rw,seclabel,nosuid,nodev,size=1570420k,nr_inodes=819200,mode=755,inode64 0 0',
    '/dev/sda1 /boot xfs rw,seclabel,relatime,attr2,inode64,logbufs=8,logbsize=32k,noquota 0 0',
    'tmpfs /run/user/0 tmpfs rw,seclabel,nosuid,nodev,relatime,size=785208k,nr_inodes=196302,mode=700,inode64 0 0',
    '',
  ].join('\n');
}
