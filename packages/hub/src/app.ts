import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { DestinationStream } from 'pino';
import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { authPlugin } from './platform/auth-plugin.js';
import { registerErrorHandler } from './platform/error-handler.js';
import { nulGuard } from './platform/nul-guard.js';
import { redactUrl, serializeError, serializeRequest } from './platform/request-log.js';
import { securityHeaders } from './platform/security-headers.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { casesRoutes } from './modules/cases/cases.routes.js';
import { catalogueRoutes } from './modules/catalogue/catalogue.routes.js';
import { notificationsRoutes } from './modules/notifications/notifications.routes.js';
import { colleaguesRoutes } from './modules/orgs/colleagues.routes.js';
import { orgsRoutes } from './modules/orgs/orgs.routes.js';
import { HttpMetrics } from './modules/system/http-metrics.js';
import { systemRoutes } from './modules/system/system.routes.js';
import { sensorCredentialsRoutes } from './modules/sensors/sensor-credentials.routes.js';
import { decoySightingsRoutes } from './modules/telescope/decoy-sightings.routes.js';
import { LegacyUploadWarnings } from './modules/telescope/legacy-upload-warnings.js';
import { telescopeRoutes } from './modules/telescope/telescope.routes.js';
import { telescopeReportsRoutes } from './modules/telescope-reports/telescope-reports.routes.js';
import { reportPublishRoutes } from './modules/telescope-reports/report-publish.routes.js';
import { publicSiteRoutes } from './modules/publications/public-site.routes.js';
import { alertsRoutes } from './modules/alerts/alerts.routes.js';
import { deliveriesRoutes } from './modules/deliveries/deliveries.routes.js';
import { decoyStatsRoutes } from './modules/decoy-analysis/decoy-stats.routes.js';
import { decoyRoutes } from './modules/decoy/decoy.module.js';
import { intelRoutes } from './modules/intel/intel.routes.js';
import { intelSettingsRoutes } from './modules/derived/intel-settings.routes.js';
import { taxiiModule } from './modules/taxii/taxii.module.js';
import { intelStreamModule } from './modules/intel/intel-stream.routes.js';
import { feedsRoutes } from './modules/feeds/feeds.routes.js';
import { watchlistsRoutes } from './modules/watchlists/watchlists.routes.js';
import { fusionRoutes } from './modules/fusion/fusion.routes.js';
import { coursewareRoutes } from './modules/courseware/courseware.routes.js';
import { coursewarePackagesRoutes } from './modules/courseware/packages.routes.js';
import { exercisesRoutes } from './modules/exercises/exercises.routes.js';
import { labsRoutes } from './modules/labs/labs.routes.js';
import { trainingRoutes } from './modules/training/training.routes.js';
import { submissionsRoutes } from './modules/training/submissions.routes.js';
import { teamsRoutes } from './modules/training/teams.routes.js';
import { certificatesRoutes } from './modules/training/certificates.routes.js';
import { cohortActivityRoutes } from './modules/training/cohort-activity.routes.js';
import { cvdRoutes } from './modules/cvd/cvd.routes.js';
import { advisoriesRoutes } from './modules/cvd/advisories.routes.js';
import { publicationsRoutes } from './modules/publications/publications.routes.js';
import { createServices, type ServiceAdapters, type Services } from './services.js';

const defaultWebDir = fileURLToPath(new URL('../../web/dist', import.meta.url));

export interface Hub {
  app: FastifyInstance;
  services: Services;
  metrics: HttpMetrics;
}

export interface AppOptions extends ServiceAdapters {
  /** Where the JSON log goes instead of standard output (tests read it). */
  logStream?: DestinationStream;
}

/**
 * Builds the hub's HTTP app: plugins in order (errors, security headers, the NUL guard, cookies, auth, docs), then
 * each module's routes.
 */
export async function buildApp(config: Config, database: Database, options: AppOptions = {}): Promise<Hub> {
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            serializers: { req: serializeRequest, err: serializeError },
            redact: ['req.headers.cookie', 'req.headers.authorization'],
            ...(options.logStream ? { stream: options.logStream } : {}),
          },
    bodyLimit: config.jsonLimitBytes,
    trustProxy: config.trustProxy,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  app.addContentTypeParser(
    ['text/csv', 'text/plain'],
    { parseAs: 'string', bodyLimit: config.csvImportLimitBytes },
    (_request, body, done) => done(null, body),
  );

  const { logStream: _logStream, ...adapters } = options;
  const services = createServices(config, database, { log: app.log, ...adapters });
  await app.register(securityHeaders);
  await app.register(nulGuard);
  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: config.uploadLimitBytes, files: 1, fields: 10, fieldSize: 1024, parts: 12 },
  });
  await app.register(authPlugin, { auth: services.auth, sensors: services.sensorCredentials });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'cynex hub API',
        version: '1',
        description: 'Observation cases, organisations and sharing for the cynex community.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'cynex_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const metrics = new HttpMetrics();
  systemRoutes(app, { db: database.db, metrics, metricsToken: config.metricsToken });
  authRoutes(app, services.auth, config.secureCookies, (orgId) => services.orgs.orgById(orgId));
  orgsRoutes(app, services.orgs, services.auth, services.baseUrl);
  colleaguesRoutes(app, services.colleagues);
  casesRoutes(app, {
    cases: services.cases,
    transfer: services.transfer,
    comments: services.comments,
    csvLimitBytes: config.csvImportLimitBytes,
  });
  notificationsRoutes(app, services.notifications);
  catalogueRoutes(app, services.categories);
  auditRoutes(app, services.audit);
  // One warning per platform-admin API token per process, shared by both upload routes.
  const legacyUploads = new LegacyUploadWarnings(app.log);
  telescopeRoutes(app, { telescope: services.telescope, selfCheck: services.selfCheck, legacyUploads });
  decoySightingsRoutes(app, { decoySightings: services.decoySightings, legacyUploads });
  sensorCredentialsRoutes(app, services.sensorCredentials);
  alertsRoutes(app, { alerts: services.alerts, settings: services.alertSettings });
  deliveriesRoutes(app, services.deliveries);
  telescopeReportsRoutes(app, services.telescopeReports);
  reportPublishRoutes(app, services.telescopeReportPublish);
  publicSiteRoutes(app, services.publicSite);
  decoyStatsRoutes(app, services.decoyStats);
  await decoyRoutes(app, services.decoy, { legacyUploads });
  await intelRoutes(app, services.intel);
  intelSettingsRoutes(app, services.intelSettings);
  await taxiiModule(app, {
    db: database.db,
    tokens: services.auth,
    intel: services.intel,
    audit: services.audit,
  });
  feedsRoutes(app, services.feeds, services.mispFeed);
  watchlistsRoutes(app, services.watchlists);
  fusionRoutes(app, services.fusion);
  labsRoutes(app, services.labs);
  exercisesRoutes(app, services.exercises);
  coursewareRoutes(app, services.courseware);
  await coursewarePackagesRoutes(app, services.coursewarePackages);
  trainingRoutes(app, services.training);
  teamsRoutes(app, services.trainingWork.teams);
  submissionsRoutes(app, services.trainingWork);
  certificatesRoutes(app, services.trainingCompletion);
  cohortActivityRoutes(app, services.training);
  cvdRoutes(app, services.cvd);
  advisoriesRoutes(app, services.advisories);
  services.cvdReminders.start(config.housekeepingIntervalSeconds);
  app.addHook('onClose', () => services.cvdReminders.stop());
  publicationsRoutes(app, services.publications);
  intelStreamModule(app, { db: database.db, audit: services.audit });
  // The decoy analysis picks up what a previous run left pending, and stops before the database closes.
  services.decoyAnalysis.start();
  app.addHook('onClose', () => services.decoyAnalysis.stop());
  await serveConsole(app, config.webDir ?? defaultWebDir);
  return { app, services, metrics };
}

/**
 * Serves the built web console, with index.html for every other GET outside the API (client-side routes);
 * everything else that matches no route gets the JSON 404.
 */
async function serveConsole(app: FastifyInstance, webDir: string): Promise<void> {
  const index = path.join(webDir, 'index.html');
  const html = fs.existsSync(index) ? fs.readFileSync(index, 'utf8') : undefined;
  if (html) await app.register(fastifyStatic, { root: webDir, wildcard: false, index: false });
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '';
    const apiPath = url.startsWith('/api/') || url === '/metrics' || url === '/healthz';
    if (request.method !== 'GET' || apiPath) {
      const message = `no route ${request.method} ${redactUrl(url)}`;
      return reply.code(404).send({ error: { code: 'NOT_FOUND', message } });
    }
    if (!html)
      return reply.type('text/plain').send('cynex hub: the web console is not built; run `npm run build:web`.');
    return reply.type('text/html').send(html);
  });
}
