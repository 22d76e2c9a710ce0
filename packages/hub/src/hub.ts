import type { Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { buildApp, type AppOptions, type Hub } from './app.js';
import { startMetricsServer, type MetricsServer } from './modules/system/metrics-server.js';
import { publicLink } from './platform/links.js';

export interface RunningHub extends Hub {
  database: Database;
  /**
   * Listens on the configured host and port, and starts the metrics server when CYNEX_METRICS_LISTEN is set;
   * returns where each one answers.
   */
  listen(): Promise<{ url: string; metricsUrl: string | undefined; labsUrl: string }>;
  close(): Promise<void>;
}

export interface HubOptions extends AppOptions {
  /** With `memory://`: the PGlite data directory to start from (see `openDatabase`). */
  memoryTemplate?: Blob | undefined;
}

/** Opens the database, applies migrations and builds the app; does not listen. Tests may replace adapters. */
export async function createHub(config: Config, options: HubOptions = {}): Promise<RunningHub> {
  const { memoryTemplate, ...appOptions } = options;
  let onIdleError = (error: Error): void => console.error(`database connection lost: ${error.message}`);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    ownerUrl: config.databaseOwnerUrl,
    dataDir: config.dataDir,
    onIdleError: (error) => onIdleError(error),
    memoryTemplate,
  });
  await database.migrate();
  const hub = await buildApp(config, database, appOptions);
  onIdleError = (error) => hub.app.log.warn({ err: error }, 'an idle database connection was lost');
  const housekeeping =
    config.housekeepingIntervalSeconds > 0
      ? setInterval(() => {
          hub.services.housekeeping.run().then(
            (report) => hub.app.log.info(report, 'housekeeping'),
            (error: unknown) => hub.app.log.warn({ err: error }, 'housekeeping failed'),
          );
          // Records changed by paths that do not notify (automatic cases from decoy analysis, transfers).
          hub.services.derived.reconcile().then(
            (report) => report.refreshed + report.removed > 0 && hub.app.log.info(report, 'derived intelligence'),
            (error: unknown) => hub.app.log.warn({ err: error }, 'deriving intelligence failed'),
          );
          // The fusion index catches up on records changed without a hook, and after an upgrade on all of them.
          hub.services.fusionIndexer.reconcile().then(
            (report) => report.indexed > 0 && hub.app.log.info(report, 'fusion index'),
            (error: unknown) => hub.app.log.warn({ err: error }, 'indexing for fusion failed'),
          );
        }, config.housekeepingIntervalSeconds * 1000).unref()
      : undefined;
  // Deliveries start with the hub, not with listen(): a hub that only runs jobs (or a test) sends them too.
  hub.services.deliveryWorker.start();
  hub.services.watchlistMatcher.start(config.watchlistIntervalSeconds);
  let metricsServer: MetricsServer | undefined;
  return {
    ...hub,
    database,
    async listen() {
      const url = await hub.app.listen({ port: config.port, host: config.host });
      if (config.metricsListen) metricsServer = await startMetricsServer(hub.metrics, config.metricsListen);
      const labsUrl = await hub.services.labView.listen();
      return { url, metricsUrl: metricsServer?.url, labsUrl };
    },
    async close() {
      clearInterval(housekeeping);
      await hub.services.deliveryWorker.stop();
      await hub.services.watchlistMatcher.stop();
      await metricsServer?.close();
      // The lab processes and their view listener go before the database they record into.
      await hub.services.labView.close();
      await hub.services.labRuntime.close();
      await hub.app.close();
      await database.close();
    },
  };
}

/** With no users yet, makes the first platform admin and returns the one-time link to print. */
export async function bootstrapAdmin(hub: Hub, email = 'admin@localhost'): Promise<string | undefined> {
  const token = await hub.services.auth.bootstrapFirstAdmin(email);
  return token ? publicLink(hub.services.baseUrl, token) : undefined;
}
