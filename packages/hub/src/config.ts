import path from 'node:path';
import { z } from 'zod';
import { egressAllowProblem } from './platform/egress.js';

/** `HOST:PORT`, with an IPv6 host in brackets: `127.0.0.1:9464`, `[::1]:9464`, `localhost:9464`. */
const listenAddress = z.string().transform((value, ctx) => {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([^\s:[\]]+)):(\d{1,5})$/.exec(value.trim());
  const port = Number(match?.[3]);
  if (!match || port > 65535) {
    ctx.addIssue({ code: 'custom', message: 'expected HOST:PORT, e.g. 127.0.0.1:9464 or [::1]:9464' });
    return z.NEVER;
  }
  return { host: (match[1] ?? match[2])!, port };
});

const configSchema = z
  .object({
    port: z.coerce.number().int().min(0).max(65535).default(8080),
    /** Loopback unless told otherwise: exposing the hub is a decision (CYNEX_HOST=0.0.0.0, or a reverse proxy). */
    host: z.string().trim().min(1).default('127.0.0.1'),
    dataDir: z.string().default('./data'),
    databaseUrl: z.string().url().optional(),
    /** PostgreSQL: the tables' owner, for migrations; the hub then runs as the role of databaseUrl. */
    databaseOwnerUrl: z.string().url().optional(),
    publicUrl: z.string().url().optional(),
    uploadLimitBytes: z.coerce
      .number()
      .int()
      .positive()
      .default(50 * 1024 * 1024),
    jsonLimitBytes: z.coerce
      .number()
      .int()
      .positive()
      .default(1024 * 1024),
    csvImportLimitBytes: z.coerce
      .number()
      .int()
      .positive()
      .default(5 * 1024 * 1024),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    trustProxy: z.boolean().default(false),
    secureCookies: z.boolean().default(false),
    sessionTtlHours: z.coerce.number().positive().default(12),
    webDir: z.string().optional(),
    /** Outgoing mail for member alerts (smtp:// or smtps://); alert e-mail is off when unset. */
    smtpUrl: z.string().url().optional(),
    smtpFrom: z.string().min(3).default('cynex <cynex@localhost>'),
    /** smtp:// without STARTTLS (credentials and mail in clear): only when the operator says so. */
    smtpAllowPlaintext: z.boolean().default(false),
    /**
     * Host names, addresses and CIDR prefixes that alert webhooks may reach although they are loopback, private
     * or otherwise not public (CYNEX_EGRESS_ALLOW, comma-separated).
     */
    egressAllow: z
      .array(z.string())
      .default([])
      .superRefine((entries, ctx) => {
        for (const entry of entries) {
          const problem = egressAllowProblem(entry);
          if (problem) ctx.addIssue({ code: 'custom', message: `"${entry}": ${problem}` });
        }
      }),
    /** How long one webhook delivery may take: lookup, connection and answer. */
    webhookTimeoutMs: z.coerce.number().int().positive().default(10_000),
    /** How often this process polls the delivery outbox (alert e-mail, webhooks); 0: it sends nothing itself. */
    jobsPollMs: z.coerce.number().int().min(0).max(3_600_000).default(1000),
    /** The first retry's delay; each further one doubles it (with jitter) up to an hour. */
    jobsBackoffSeconds: z.coerce.number().positive().max(3600).default(30),
    /** Attempts before a delivery is dead (and waits for an admin's "retry now"). */
    jobsMaxAttempts: z.coerce.number().int().min(1).max(100).default(8),
    /** How long a claimed delivery is one process's; after that another process may send it again. */
    jobsLeaseSeconds: z.coerce.number().positive().max(86_400).default(120),
    /** The public self-check: requests per client address per window. */
    selfCheckLimit: z.coerce.number().int().positive().default(30),
    selfCheckWindowSeconds: z.coerce.number().int().positive().default(600),
    /** How often housekeeping purges expired sessions, stale counters and unreferenced files (0: never). */
    housekeepingIntervalSeconds: z.coerce.number().int().min(0).default(600),
    /** How often watchlists are matched against newly indexed values (0: never, tests run the matcher themselves). */
    watchlistIntervalSeconds: z.coerce.number().int().min(0).default(10),
    /** Indexed values younger than this wait for the next pass, so that a slower transaction's values are not passed. */
    watchlistSettleSeconds: z.coerce.number().min(0).max(3600).default(5),
    /** Prometheus metrics on an address of their own; off when unset. */
    metricsListen: listenAddress.optional(),
    /** A bearer token that opens /metrics on the main port; without it that path is 404. */
    metricsToken: z.string().trim().min(16, 'at least 16 characters').max(1024).optional(),
    /**
     * The labs' web views, on an origin of their own so that a lab page never runs with the hub's cookies
     * (default: the hub's host and port + 1; port 0 stays 0).
     */
    labsListen: listenAddress.optional(),
    /** Lab instances running at once in this hub process. */
    labsMaxInstances: z.coerce.number().int().min(1).max(1000).default(50),
    /** The HMAC key of lab flags (64 hex digits); without it, a random key kept in <dataDir>/secrets/lab-flag.key. */
    labFlagKey: z
      .string()
      .trim()
      .regex(/^[0-9a-fA-F]{64}$/, '64 hex digits (32 bytes)')
      .optional(),
  })
  .superRefine((config, ctx) => {
    // A lease that ran out while its webhook was still being sent lets another process send it a second time.
    if (config.jobsLeaseSeconds * 1000 <= config.webhookTimeoutMs) {
      ctx.addIssue({ code: 'custom', path: ['jobsLeaseSeconds'], message: 'must be longer than the webhook timeout' });
    }
  });

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

/** Reads the hub's settings from the environment once, at start-up. */
export function configFromEnv(env: NodeJS.ProcessEnv, overrides: ConfigInput = {}): Config {
  const fromEnv: ConfigInput = {
    port: env.PORT ?? env.CYNEX_PORT,
    host: env.CYNEX_HOST || undefined,
    dataDir: env.CYNEX_DATA_DIR,
    databaseUrl: env.DATABASE_URL || undefined,
    databaseOwnerUrl: env.DATABASE_OWNER_URL || undefined,
    publicUrl: env.CYNEX_PUBLIC_URL,
    uploadLimitBytes: env.CYNEX_UPLOAD_LIMIT_BYTES,
    logLevel: env.CYNEX_LOG_LEVEL as ConfigInput['logLevel'],
    trustProxy: env.CYNEX_TRUST_PROXY === 'true' || env.CYNEX_TRUST_PROXY === '1',
    secureCookies: env.CYNEX_SECURE_COOKIES === 'true' || env.CYNEX_SECURE_COOKIES === '1',
    smtpUrl: env.CYNEX_SMTP_URL || undefined,
    smtpFrom: env.CYNEX_SMTP_FROM || undefined,
    smtpAllowPlaintext: env.CYNEX_SMTP_ALLOW_PLAINTEXT === 'true' || env.CYNEX_SMTP_ALLOW_PLAINTEXT === '1',
    egressAllow: env.CYNEX_EGRESS_ALLOW?.split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
    selfCheckLimit: env.CYNEX_SELF_CHECK_LIMIT,
    selfCheckWindowSeconds: env.CYNEX_SELF_CHECK_WINDOW_SECONDS,
    housekeepingIntervalSeconds: env.CYNEX_HOUSEKEEPING_INTERVAL_SECONDS,
    watchlistIntervalSeconds: env.CYNEX_WATCHLIST_INTERVAL_SECONDS,
    watchlistSettleSeconds: env.CYNEX_WATCHLIST_SETTLE_SECONDS,
    jobsPollMs: env.CYNEX_JOBS_POLL_MS,
    jobsBackoffSeconds: env.CYNEX_JOBS_BACKOFF_SECONDS,
    jobsMaxAttempts: env.CYNEX_JOBS_MAX_ATTEMPTS,
    jobsLeaseSeconds: env.CYNEX_JOBS_LEASE_SECONDS,
    metricsListen: env.CYNEX_METRICS_LISTEN || undefined,
    metricsToken: env.CYNEX_METRICS_TOKEN || undefined,
    labsListen: env.CYNEX_LABS_LISTEN || undefined,
    labsMaxInstances: env.CYNEX_LABS_MAX_INSTANCES || undefined,
    labFlagKey: env.CYNEX_LAB_FLAG_KEY || undefined,
  };
  const merged = Object.fromEntries(
    Object.entries({ ...fromEnv, ...overrides }).filter(([, value]) => value !== undefined),
  );
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`invalid configuration: ${problems}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.dataDir) };
}

/** Where the labs' web views listen: CYNEX_LABS_LISTEN, else the hub's host on the next port. */
export function labsListenAddress(config: Config): { host: string; port: number } {
  return config.labsListen ?? { host: config.host, port: config.port === 0 ? 0 : config.port + 1 };
}

/** The address people use to reach the console, for links printed or mailed. */
export function publicBaseUrl(config: Config): string {
  return config.publicUrl ?? `http://localhost:${config.port}`;
}
