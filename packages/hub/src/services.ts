import path from 'node:path';
import type { LabRunnerLogger } from '@cynex/labs';
import type { KeyMaker } from '@cynex/sensor';
import type { Config } from './config.js';
import { labsListenAddress, publicBaseUrl } from './config.js';
import type { Database } from './db/client.js';
import { BlobStore } from './platform/blob-store.js';
import { EgressGuard, parseEgressAllow, type HostResolver } from './platform/egress.js';
import { AuditService } from './modules/audit/audit.service.js';
import { AuthRepository } from './modules/auth/auth.repository.js';
import { AuthService } from './modules/auth/auth.service.js';
import { CaseCommentsService } from './modules/cases/case-comments.service.js';
import { CasesRepository } from './modules/cases/cases.repository.js';
import { CasesService } from './modules/cases/cases.service.js';
import { CasesTransferService } from './modules/cases/cases-transfer.service.js';
import { SharingDirectory } from './modules/cases/sharing-directory.js';
import { IntelService } from './modules/intel/intel.service.js';
import { FeedsService } from './modules/feeds/feeds.service.js';
import { MispFeed } from './modules/feeds/misp-feed.js';
import { CategoriesService } from './modules/catalogue/categories.service.js';
import { NotificationsService } from './modules/notifications/notifications.service.js';
import { ColleaguesRepository } from './modules/orgs/colleagues.repository.js';
import { ColleaguesService } from './modules/orgs/colleagues.service.js';
import { OrgsRepository } from './modules/orgs/orgs.repository.js';
import { OrgsService } from './modules/orgs/orgs.service.js';
import { AlertSettingsService } from './modules/alerts/alert-settings.service.js';
import { HttpWebhookSender, SmtpMailer } from './modules/alerts/alerts.delivery.js';
import { AlertsRepository } from './modules/alerts/alerts.repository.js';
import { AlertDeliveryHandler, ALERTS_OPENED } from './modules/alerts/alerts.outbox.js';
import { AlertsService } from './modules/alerts/alerts.service.js';
import type { WorkerLog } from './modules/deliveries/delivery-worker.js';
import { DeliveryJobsRepository } from './modules/deliveries/deliveries.repository.js';
import { DeliveriesService } from './modules/deliveries/deliveries.service.js';
import { DeliveryWorker } from './modules/deliveries/delivery-worker.js';
import { SensorCredentialsRepository } from './modules/sensors/sensor-credentials.repository.js';
import { SensorCredentialsService } from './modules/sensors/sensor-credentials.service.js';
import { DecoySightingsService } from './modules/telescope/decoy-sightings.service.js';
import { RateLimitRepository } from './modules/telescope/rate-limit.repository.js';
import { SelfCheckService } from './modules/telescope/self-check.service.js';
import { TelescopeIngestRepository } from './modules/telescope/telescope-ingest.repository.js';
import { TelescopeRepository } from './modules/telescope/telescope.repository.js';
import { TelescopeService } from './modules/telescope/telescope.service.js';
import { TelescopeReportsRepository } from './modules/telescope-reports/telescope-reports.repository.js';
import { TelescopeReportsService } from './modules/telescope-reports/telescope-reports.service.js';
import { ReportPublishService } from './modules/telescope-reports/report-publish.service.js';
import { PublicSiteRepository } from './modules/publications/public-site.repository.js';
import { PublicSiteService } from './modules/publications/public-site.service.js';
import { CaseIntelSource } from './modules/derived/case-source.js';
import { DecoyIntelSource } from './modules/derived/decoy-source.js';
import { IntelSettingsRepository } from './modules/derived/intel-settings.repository.js';
import { IntelSettingsService } from './modules/derived/intel-settings.service.js';
import { DerivedIntel } from './modules/derived/derived-intel.service.js';
import { createFusion } from './modules/fusion/fusion.module.js';
import { IndexingIntelRepository, indexDerivedSources } from './modules/fusion/fusion-hooks.js';
import { HousekeepingRepository } from './modules/housekeeping/housekeeping.repository.js';
import { HousekeepingService } from './modules/housekeeping/housekeeping.service.js';
import { CasesAutomaticService } from './modules/cases/cases-automatic.service.js';
import { DecoyAnalysisRepository } from './modules/decoy-analysis/decoy-analysis.repository.js';
import { DecoyAnalysisService } from './modules/decoy-analysis/decoy-analysis.service.js';
import { DecoyStatsRepository } from './modules/decoy-analysis/decoy-stats.repository.js';
import { createDecoyServices } from './modules/decoy/decoy.module.js';
import { WatchlistMatcher } from './modules/watchlists/watchlist.matcher.js';
import { WatchlistsRepository } from './modules/watchlists/watchlists.repository.js';
import { WatchlistsService } from './modules/watchlists/watchlists.service.js';
import { CoursewareService } from './modules/courseware/courseware.service.js';
import { hubLoadOptions } from './modules/courseware/load-options.js';
import { PackageLibrary } from './modules/courseware/package-library.js';
import { CoursewarePackagesRepository } from './modules/courseware/packages.repository.js';
import { CoursewarePackagesService } from './modules/courseware/packages.service.js';
import { ExercisesRepository } from './modules/exercises/exercises.repository.js';
import { ExercisesService } from './modules/exercises/exercises.service.js';
import { LabRuntime } from './modules/labs/lab-runtime.js';
import { LabViewServer } from './modules/labs/lab-view.server.js';
import { LabsRepository } from './modules/labs/labs.repository.js';
import { LabsService } from './modules/labs/labs.service.js';
import { TrainingAssessmentsService } from './modules/training/training-assessments.service.js';
import { TrainingReportService } from './modules/training/training-report.service.js';
import { TrainingRepository } from './modules/training/training.repository.js';
import { TrainingService } from './modules/training/training.service.js';
import { GradingQueueService } from './modules/training/grading-queue.service.js';
import { SubmissionsRepository } from './modules/training/submissions.repository.js';
import { SubmissionsService } from './modules/training/submissions.service.js';
import { TeamsService } from './modules/training/teams.service.js';
import { CohortActivityRepository } from './modules/training/cohort-activity.repository.js';
import { CohortActivityService } from './modules/training/cohort-activity.service.js';
import { CohortMembersService } from './modules/training/cohort-members.service.js';
import { CertificatesService } from './modules/training/certificates.service.js';
import { CompletionEvaluator } from './modules/training/completion.js';
import { CompletionRepository } from './modules/training/completion.repository.js';
import { TrainingQuizzesService } from './modules/training/training-quizzes.service.js';
import { CvdRepository } from './modules/cvd/cvd.repository.js';
import { CvdService } from './modules/cvd/cvd.service.js';
import { CvdReminders } from './modules/cvd/cvd-reminders.js';
import { AdvisoriesRepository } from './modules/cvd/advisories.repository.js';
import { AdvisoriesService } from './modules/cvd/advisories.service.js';
import { EmbedDataRepository } from './modules/publications/embed-data.repository.js';
import { PublicationsRepository } from './modules/publications/publications.repository.js';
import { PublicationsService } from './modules/publications/publications.service.js';

/** Outside systems a test may replace; the defaults are the real ones. */
export interface ServiceAdapters {
  /** DNS for the egress guard (default: the system resolver). */
  resolveHost?: HostResolver | undefined;
  /** The operator's log, for raw errors kept out of what users see. */
  log?: WorkerLog | undefined;
  /** SSH host key generation for decoy worlds (default: real keys from node:crypto; tests pass a faster one). */
  decoyKeyMaker?: KeyMaker | undefined;
}

/** Wires the services once; each gets only what it uses. */
export function createServices(config: Config, database: Database, adapters: ServiceAdapters = {}) {
  const { db } = database;
  const audit = new AuditService(db);
  const authRepo = new AuthRepository(db);
  const auth = new AuthService(authRepo, audit, config.sessionTtlHours);
  const orgsRepo = new OrgsRepository(db);
  const orgs = new OrgsService(orgsRepo, audit);
  const colleagues = new ColleaguesService(new ColleaguesRepository(db));
  const directory = new SharingDirectory(db);
  const casesRepo = new CasesRepository(db);
  const blobs = new BlobStore(path.join(config.dataDir, 'blobs'));
  const notifications = new NotificationsService(db);
  const categories = new CategoriesService(db, audit);
  const derived = new DerivedIntel(db, [new CaseIntelSource(db), new DecoyIntelSource(db)]);
  // The fusion index follows every write that changes what records mention (hooks never fail the write).
  // (new values go to the watchlist matcher as soon as they have settled)
  const fusion = createFusion(db, adapters.log, () => watchlistMatcher.nudge());
  const cases: CasesService = new CasesService(
    casesRepo,
    audit,
    blobs,
    directory,
    categories,
    (actor, row, userIds) => comments.notifyAssigned(actor, row, userIds),
    async (caseIds) => {
      await derived.refresh('case', caseIds);
      await indexDerivedSources(fusion.indexer, 'case', caseIds);
    },
  );
  const actorOf = async (userId: string) => {
    const user = await authRepo.userById(userId);
    if (!user || user.disabled) return undefined;
    const memberships = await authRepo.membershipsOf(userId);
    return {
      kind: 'user' as const,
      userId,
      email: user.email,
      displayName: user.displayName,
      isPlatformAdmin: user.isPlatformAdmin,
      memberships: memberships.map((m) => ({ orgId: m.orgId, role: m.role })),
      ip: 'internal',
    };
  };
  const comments: CaseCommentsService = new CaseCommentsService(cases, casesRepo, directory, notifications, actorOf);
  const transfer = new CasesTransferService(cases, casesRepo, audit, async (slug) => (await orgsRepo.bySlug(slug))?.id);
  const telescopeRepo = new TelescopeRepository(db);
  const alertsRepo = new AlertsRepository(db);
  const egress = new EgressGuard({ allow: parseEgressAllow(config.egressAllow), resolve: adapters.resolveHost });
  const mailer = config.smtpUrl
    ? new SmtpMailer(config.smtpUrl, config.smtpFrom, { allowPlaintext: config.smtpAllowPlaintext })
    : undefined;
  const deliveryJobs = new DeliveryJobsRepository(db);
  const deliveryWorker = new DeliveryWorker(
    deliveryJobs,
    {
      pollMs: config.jobsPollMs,
      backoffSeconds: config.jobsBackoffSeconds,
      maxBackoffSeconds: Math.max(3600, config.jobsBackoffSeconds),
      leaseSeconds: config.jobsLeaseSeconds,
      batchSize: 10,
    },
    adapters.log,
  );
  deliveryWorker.register(
    ALERTS_OPENED,
    new AlertDeliveryHandler(alertsRepo, { mailer, webhooks: new HttpWebhookSender(egress, config.webhookTimeoutMs) }),
  );
  const deliveries = new DeliveriesService(
    deliveryJobs,
    audit,
    (orgId) => alertsRepo.orgExists(orgId),
    () => deliveryWorker.nudge(),
  );
  const alerts = new AlertsService(
    alertsRepo,
    telescopeRepo,
    audit,
    {
      email: mailer !== undefined,
      maxAttempts: config.jobsMaxAttempts,
      queued: () => deliveryWorker.nudge(),
    },
    publicBaseUrl(config),
  );
  const alertSettings = new AlertSettingsService(alertsRepo, audit, egress);
  const watchlistsRepo = new WatchlistsRepository(db);
  const watchlistMatcher: WatchlistMatcher = new WatchlistMatcher(
    watchlistsRepo,
    alerts,
    { batchSize: 5000, settleSeconds: config.watchlistSettleSeconds, backfillDays: 30 },
    adapters.log,
  );
  const telescope = new TelescopeService(telescopeRepo, new TelescopeIngestRepository(db), async (hostDays) => {
    const matched = await alerts.fromDarknet(hostDays);
    await fusion.indexer.refreshQuietly('telescope_source', [...new Set(hostDays.map((h) => h.host))]);
    await fusion.indexer.catchUpQuietly('telescope_dos', new Date());
    return matched;
  });
  const decoySightings = new DecoySightingsService(telescopeRepo, (hostDays) => alerts.fromDecoys(hostDays));
  const selfCheck = new SelfCheckService(telescopeRepo, new RateLimitRepository(db), {
    requests: config.selfCheckLimit,
    windowSeconds: config.selfCheckWindowSeconds,
  });
  const telescopeReports = new TelescopeReportsService(
    new TelescopeReportsRepository(db),
    telescopeRepo,
    audit,
    (owner, fields) => cases.checkSharing(owner, fields),
  );
  const sensorCredentials = new SensorCredentialsService(new SensorCredentialsRepository(db), audit);
  const housekeeping = new HousekeepingService(new HousekeepingRepository(db), blobs);
  // Decoy analysis: automatic cases, classification and sightings from the sessions the decoy ingest stores.
  const decoyAnalysis = new DecoyAnalysisService(
    db,
    new DecoyAnalysisRepository(db),
    new CasesAutomaticService(audit),
    decoySightings,
    undefined,
    adapters.log,
    async (casePk) => {
      await derived.refresh('case', [casePk]);
      await indexDerivedSources(fusion.indexer, 'case', [casePk]);
    },
    async (sessionPks) => {
      await derived.refresh('decoy', sessionPks);
      await indexDerivedSources(fusion.indexer, 'decoy', sessionPks);
    },
  );
  const decoyStats = new DecoyStatsRepository(db);
  // Decoy worlds, sensor sync and ingest; each upload nudges the analysis with the sessions it changed.
  const decoy = createDecoyServices(db, {
    audit,
    blobs,
    log: adapters.log,
    onSessionsChanged: (ids) => decoyAnalysis.onSessionsChanged(ids),
    keyMaker: adapters.decoyKeyMaker,
  });
  const intel = new IntelService(new IndexingIntelRepository(db, fusion.indexer), directory, audit);
  // Labs: one runner per process (made on first use); the views on a listener of their own.
  const labRuntime = new LabRuntime({
    dataDir: config.dataDir,
    flagKeyHex: config.labFlagKey,
    maxInstances: config.labsMaxInstances,
    logger: adapters.log && 'info' in adapters.log ? (adapters.log as LabRunnerLogger) : undefined,
  });
  const labView: LabViewServer = new LabViewServer(labsListenAddress(config), {
    viewKey: () => labs.viewKey(),
    viewAllowed: (claims) => labs.viewAllowed(claims),
    forward: (instanceId, request) => labs.forward(instanceId, request),
  });
  const labs: LabsService = new LabsService(new LabsRepository(db), audit, labRuntime, labView);
  const exercises = new ExercisesService(new ExercisesRepository(db));
  const packagesRepo = new CoursewarePackagesRepository(db);
  const coursewarePackages = new CoursewarePackagesService(
    packagesRepo,
    audit,
    (owner, fields) => cases.checkSharing(owner, fields),
    hubLoadOptions,
  );
  const courseware = new CoursewareService(
    undefined,
    (message) => adapters.log?.warn({}, message),
    new PackageLibrary(packagesRepo, hubLoadOptions),
  );
  const trainingRepo = new TrainingRepository(db);
  const cohortActivityRepo = new CohortActivityRepository(db);
  const completionRepo = new CompletionRepository(db);
  const labsForCompletion = new LabsRepository(db);
  const completion = new CompletionEvaluator(trainingRepo, completionRepo, courseware, {
    objectivesOf: async (labId) => (await labRuntime.lab(labId))?.objectives.map((o) => o.id),
    solvedBy: (userIds) => labsForCompletion.solvesOf(userIds),
  });
  const training = {
    cohorts: new TrainingService(trainingRepo, courseware, audit, completion),
    assessments: new TrainingAssessmentsService(trainingRepo, courseware),
    reports: new TrainingReportService(trainingRepo, courseware, completion),
    activity: new CohortActivityService(trainingRepo, cohortActivityRepo, audit),
    members: new CohortMembersService(trainingRepo, cohortActivityRepo, audit),
  };
  const submissionsRepo = new SubmissionsRepository(db);
  const trainingWork = {
    teams: new TeamsService(trainingRepo, submissionsRepo, courseware, audit),
    submissions: new SubmissionsService(trainingRepo, submissionsRepo, courseware, audit),
    grading: new GradingQueueService(trainingRepo, submissionsRepo, courseware, audit),
  };
  const trainingCompletion = {
    quizzes: new TrainingQuizzesService(trainingRepo, completionRepo, courseware, courseware),
    certificates: new CertificatesService(
      trainingRepo,
      completionRepo,
      courseware,
      completion,
      audit,
      new RateLimitRepository(db),
      {
        publicBaseUrl: publicBaseUrl(config),
        verifyLimit: { requests: 60, windowSeconds: 600 },
      },
    ),
  };
  const cvd = new CvdService(new CvdRepository(db), audit);
  return {
    audit,
    derived,
    fusion: fusion.service,
    fusionIndexer: fusion.indexer,
    intelSettings: new IntelSettingsService(new IntelSettingsRepository(db), audit, derived, adapters.log),
    intel,
    feeds: new FeedsService(db, audit),
    mispFeed: new MispFeed(db, audit),
    housekeeping,
    decoyAnalysis,
    decoyStats,
    decoy,
    categories,
    auth,
    authRepo,
    orgs,
    colleagues,
    cases,
    comments,
    transfer,
    notifications,
    telescope,
    telescopeReports,
    telescopeReportPublish: new ReportPublishService(new TelescopeReportsRepository(db), audit),
    publicSite: new PublicSiteService(new PublicSiteRepository(db), publicBaseUrl(config)),
    sensorCredentials,
    decoySightings,
    selfCheck,
    alerts,
    alertSettings,
    watchlists: new WatchlistsService(watchlistsRepo, audit, watchlistMatcher),
    watchlistMatcher,
    deliveries,
    deliveryWorker,
    labs,
    exercises,
    courseware,
    coursewarePackages,
    training,
    trainingWork,
    trainingCompletion,
    cvd,
    advisories: new AdvisoriesService(new AdvisoriesRepository(db), new CvdRepository(db), cvd, audit, {
      name: 'CYNEX',
      namespace: publicBaseUrl(config),
    }),
    cvdReminders: new CvdReminders(new CvdRepository(db), notifications, {
      mailer,
      log: adapters.log,
      consoleUrl: publicBaseUrl(config),
    }),
    publications: new PublicationsService(
      new PublicationsRepository(db),
      audit,
      directory,
      (owner, fields) => cases.checkSharing(owner, fields),
      { data: new EmbedDataRepository(db), telescope: telescopeRepo },
    ),
    labRuntime,
    labView,
    actorOf,
    baseUrl: publicBaseUrl(config),
  };
}

export type Services = ReturnType<typeof createServices>;
