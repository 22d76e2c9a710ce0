import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { Layout } from './components/Layout';
import { Loading } from './components/Status';
import { AuthProvider, useAuth } from './hooks/useAuth';

const SignInPage = lazy(() => import('./pages/SignInPage'));
const AcceptLinkPage = lazy(() => import('./pages/AcceptLinkPage'));
const DashboardPage = lazy(() => import('./pages/DashboardPage'));
const CaseListPage = lazy(() => import('./pages/CaseListPage'));
const CaseNewPage = lazy(() => import('./pages/CaseNewPage'));
const CaseDetailPage = lazy(() => import('./pages/CaseDetailPage'));
const OrgsPage = lazy(() => import('./pages/OrgsPage'));
const OrgMembersPage = lazy(() => import('./pages/OrgMembersPage'));
const SharingGroupsPage = lazy(() => import('./pages/SharingGroupsPage'));
const TokensPage = lazy(() => import('./pages/TokensPage'));
const SensorsPage = lazy(() => import('./pages/SensorsPage'));
const AuditPage = lazy(() => import('./pages/AuditPage'));
const TelescopePage = lazy(() => import('./pages/telescope/TelescopePage'));
const TelescopeEventsPage = lazy(() => import('./pages/telescope/TelescopeEventsPage'));
const TelescopeSourcePage = lazy(() => import('./pages/telescope/TelescopeSourcePage'));
const TelescopeReportsPage = lazy(() => import('./pages/telescope/TelescopeReportsPage'));
const AlertsPage = lazy(() => import('./pages/telescope/AlertsPage'));
const SelfCheckPage = lazy(() => import('./pages/telescope/SelfCheckPage'));
const WorldsPage = lazy(() => import('./pages/decoy/WorldsPage'));
const WorldNewPage = lazy(() => import('./pages/decoy/WorldNewPage'));
const WorldDetailPage = lazy(() => import('./pages/decoy/WorldDetailPage'));
const DecoySessionsPage = lazy(() => import('./pages/decoy/SessionsPage'));
const DecoySessionPage = lazy(() => import('./pages/decoy/SessionPage'));
const IntelObjectsPage = lazy(() => import('./pages/intel/IntelObjectsPage'));
const IntelImportPage = lazy(() => import('./pages/intel/IntelImportPage'));
const IntelObjectPage = lazy(() => import('./pages/intel/IntelObjectPage'));
const IntelConnectPage = lazy(() => import('./pages/intel/IntelConnectPage'));
const FusionPage = lazy(() => import('./pages/fusion/FusionPage'));
const WatchlistPage = lazy(() => import('./pages/watchlist/WatchlistPage'));
const LabsPage = lazy(() => import('./pages/labs/LabsPage'));
const LabPage = lazy(() => import('./pages/labs/LabPage'));
const LabResultsPage = lazy(() => import('./pages/labs/LabResultsPage'));
const ExercisePage = lazy(() => import('./pages/labs/ExercisePage'));
const TrainingPage = lazy(() => import('./pages/courseware/TrainingPage'));
const TrainingModulePage = lazy(() => import('./pages/courseware/ModulePage'));
const TrainingReaderPage = lazy(() => import('./pages/courseware/ModuleReaderPage'));
const TrainingCoursePage = lazy(() => import('./pages/courseware/CoursePage'));
const TrainingPackagesPage = lazy(() => import('./pages/courseware/PackagesPage'));
const CohortPage = lazy(() => import('./pages/cohorts/CohortPage'));
const SkillProfilePage = lazy(() => import('./pages/cohorts/SkillProfilePage'));
const TeamScenarioPage = lazy(() => import('./pages/cohorts/TeamScenarioPage'));
const GradingQueuePage = lazy(() => import('./pages/cohorts/GradingQueuePage'));
const SubmissionReviewPage = lazy(() => import('./pages/cohorts/SubmissionReviewPage'));
const VerifyPage = lazy(() => import('./pages/certificates/VerifyPage'));
const PublicationListPage = lazy(() => import('./pages/publications/PublicationListPage'));
const PublicationEditorPage = lazy(() => import('./pages/publications/PublicationEditorPage'));
const CvdListPage = lazy(() => import('./pages/cvd/CvdListPage'));
const CvdNewPage = lazy(() => import('./pages/cvd/CvdNewPage'));
const CvdCasePage = lazy(() => import('./pages/cvd/CvdCasePage'));
const AdvisoryPanel = lazy(() => import('./pages/cvd/AdvisoryPanel'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'));

/** Pages behind sign-in: unauthenticated visitors go to /signin and come back afterwards. */
function RequireAuth() {
  const { me } = useAuth();
  const location = useLocation();
  if (me === undefined) return <Loading />;
  if (me === null) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === '/' ? '/signin' : `/signin?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Layout />;
}

function AppRoutes() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route path="/signin" element={<SignInPage />} />
        <Route path="/accept/:token" element={<AcceptLinkPage />} />
        {/* public: anyone may check their own address, signed in or not */}
        <Route path="/self-check" element={<SelfCheckPage />} />
        {/* public: anyone may check a certificate's code */}
        <Route path="/verify" element={<VerifyPage />} />
        <Route path="/verify/:code" element={<VerifyPage />} />
        <Route element={<RequireAuth />}>
          <Route index element={<DashboardPage />} />
          <Route path="/cases" element={<CaseListPage />} />
          <Route path="/cases/new" element={<CaseNewPage />} />
          <Route path="/cases/:id" element={<CaseDetailPage />} />
          <Route path="/orgs" element={<OrgsPage />} />
          <Route path="/orgs/:id" element={<OrgMembersPage />} />
          <Route path="/sharing-groups" element={<SharingGroupsPage />} />
          <Route path="/tokens" element={<TokensPage />} />
          <Route path="/sensors" element={<SensorsPage />} />
          <Route path="/audit" element={<AuditPage />} />
          <Route path="/telescope" element={<TelescopePage />} />
          <Route path="/telescope/events" element={<TelescopeEventsPage />} />
          <Route path="/telescope/sources/:ip" element={<TelescopeSourcePage />} />
          <Route path="/telescope/reports" element={<TelescopeReportsPage />} />
          <Route path="/alerts" element={<AlertsPage />} />
          <Route path="/decoy" element={<WorldsPage />} />
          <Route path="/decoy/new" element={<WorldNewPage />} />
          <Route path="/decoy/sessions" element={<DecoySessionsPage />} />
          <Route path="/decoy/sessions/:id" element={<DecoySessionPage />} />
          <Route path="/decoy/:id" element={<WorldDetailPage />} />
          <Route path="/intel" element={<IntelObjectsPage />} />
          <Route path="/labs" element={<LabsPage />} />
          <Route path="/labs/results" element={<LabResultsPage />} />
          <Route path="/labs/exercises/:exerciseId" element={<ExercisePage />} />
          <Route path="/labs/:labId" element={<LabPage />} />
          <Route path="/training" element={<TrainingPage />} />
          <Route path="/training/modules/:moduleId" element={<TrainingModulePage />} />
          <Route path="/training/modules/:moduleId/pages/:pageId" element={<TrainingReaderPage />} />
          <Route path="/training/courses/:courseId" element={<TrainingCoursePage />} />
          <Route path="/training/materials" element={<TrainingPackagesPage />} />
          <Route path="/training/cohorts/:id" element={<CohortPage />} />
          <Route path="/training/cohorts/:id/learners/:userId" element={<SkillProfilePage />} />
          <Route path="/training/cohorts/:id/teams/:teamId/scenarios/:scenarioId" element={<TeamScenarioPage />} />
          <Route path="/training/cohorts/:id/grading" element={<GradingQueuePage />} />
          <Route path="/training/cohorts/:id/grading/:submissionId" element={<SubmissionReviewPage />} />
          <Route path="/intel/import" element={<IntelImportPage />} />
          <Route path="/intel/connect" element={<IntelConnectPage />} />
          <Route path="/intel/objects/:stixId" element={<IntelObjectPage />} />
          <Route path="/fusion" element={<FusionPage />} />
          <Route path="/watchlist" element={<WatchlistPage />} />
          <Route path="/publications" element={<PublicationListPage />} />
          <Route path="/publications/new" element={<PublicationEditorPage />} />
          <Route path="/publications/:id" element={<PublicationEditorPage />} />
          <Route path="/cvd" element={<CvdListPage />} />
          <Route path="/cvd/new" element={<CvdNewPage />} />
          <Route
            path="/cvd/:id"
            element={
              <CvdCasePage
                advisoryPanel={(c, reload) => <AdvisoryPanel key={c.revision} c={c} onPublished={reload} />}
              />
            }
          />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}

export function App() {
  return (
    <AuthProvider>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </AuthProvider>
  );
}
