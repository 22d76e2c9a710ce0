import { createHash, timingSafeEqual } from 'node:crypto';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** This process's Prometheus metrics: Node's defaults and HTTP requests by route. */
export class HttpMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'cynex_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'cynex_http_request_duration_seconds',
    help: 'HTTP request duration by route',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'cynex_' });
  }

  observe(request: { method: string; route: string; status: number; seconds: number }): void {
    this.requests.inc({ method: request.method, route: request.route, status: String(request.status) });
    this.duration.observe({ method: request.method, route: request.route }, request.seconds);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition text a scrape reads. */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Whether an Authorization header carries the metrics bearer token. Both sides are hashed first, so the comparison
 * takes the same time whatever the length or content of what was sent.
 */
export function metricsBearerMatches(header: string | undefined, token: string): boolean {
  const sent = /^Bearer +(\S+) *$/i.exec(header ?? '')?.[1] ?? '';
  return timingSafeEqual(digest(sent), digest(token)) && sent.length > 0;
}
