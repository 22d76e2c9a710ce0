/** What the progress line shows. */
export interface ProgressState {
  /** Bytes read so far over all files, and their total (null for stdin). */
  bytes: number;
  totalBytes: number | null;
  packets: number;
  /** Seconds since the start. */
  elapsed: number;
  /** e.g. `2/10 day1.pcap`. */
  label: string;
}

/** The stream the bar is drawn on (process.stderr). */
export interface ProgressOutput {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/** `1234567` → `1.23M`. */
export function compact(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
}

/** `75` → `1:15`, `3725` → `1:02:05`. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * One progress line: a bar and percentage of bytes read (when the total is known), packets per second,
 * the estimated time left and the current file.
 *
 * @example
 * formatProgress({ bytes: 50, totalBytes: 100, packets: 2e6, elapsed: 2, label: '1/2 a.pcap' }, 80);
 * // '[##########----------]  50.0%  1.00M pkt/s  ETA 0:02  1/2 a.pcap'
 */
export function formatProgress(s: ProgressState, width = 80): string {
  const rate = s.elapsed > 0 ? s.packets / s.elapsed : 0;
  const parts: string[] = [];
  if (s.totalBytes && s.totalBytes > 0) {
    const frac = Math.min(1, s.bytes / s.totalBytes);
    const filled = Math.round(frac * 20);
    parts.push(`[${'#'.repeat(filled)}${'-'.repeat(20 - filled)}]`, `${(frac * 100).toFixed(1).padStart(5)}%`);
    parts.push(`${compact(rate)} pkt/s`);
    const eta = frac > 0 ? (s.elapsed * (1 - frac)) / frac : NaN;
    parts.push(`ETA ${Number.isFinite(eta) ? duration(eta) : '?'}`);
  } else {
    parts.push(`${compact(s.packets)} packets`, `${compact(rate)} pkt/s`);
  }
  parts.push(s.label);
  const line = parts.join('  ');
  return line.length > width - 1 ? line.slice(0, width - 1) : line;
}

/**
 * A progress bar redrawn in place at most every `intervalMs` on a TTY; nothing but the final
 * summary line elsewhere (logs and pipes stay clean).
 *
 * @example
 * const bar = new ProgressBar(process.stderr, totalBytes);
 * bar.update(bytes, packets, '1/3 a.pcap');
 * bar.finish('ingested 1.2M packets in 3.1 s');
 */
export class ProgressBar {
  private readonly t0: number;
  private lastDraw = -Infinity;
  private drawn = false;

  constructor(
    private readonly out: ProgressOutput,
    private readonly totalBytes: number | null,
    private readonly now: () => number = () => performance.now(),
    private readonly intervalMs = 200,
  ) {
    this.t0 = now();
  }

  /** Seconds since the bar was created. */
  get elapsed(): number {
    return (this.now() - this.t0) / 1000;
  }

  update(bytes: number, packets: number, label: string): void {
    if (!this.out.isTTY) return;
    const t = this.now();
    if (t - this.lastDraw < this.intervalMs) return;
    this.lastDraw = t;
    const line = formatProgress(
      { bytes, totalBytes: this.totalBytes, packets, elapsed: (t - this.t0) / 1000, label },
      this.out.columns ?? 80,
    );
    this.out.write(`\r\x1b[2K${line}`);
    this.drawn = true;
  }

  /** Clears the bar (TTY) and writes the summary line. */
  finish(summary: string): void {
    if (this.drawn) this.out.write('\r\x1b[2K');
    this.out.write(`${summary}\n`);
  }
}
