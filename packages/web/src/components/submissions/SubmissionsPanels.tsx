import type { CohortDetail } from '../cohorts/cohortTypes';
import { MyProjectPanel } from './MyProjectPanel';
import { MyTeamPanel } from './MyTeamPanel';
import { TeamsPanel } from './TeamsPanel';

/** The cohort page's team work: a learner's team and project; for those who teach, the teams and grading. */
export function SubmissionsPanels({ cohort }: { cohort: CohortDetail }) {
  const teaches = cohort.canManage || cohort.myRole === 'instructor';
  if (teaches) return <TeamsPanel cohort={cohort} />;
  if (cohort.myRole !== 'learner') return null;
  return (
    <>
      <MyTeamPanel cohortId={cohort.id} />
      <MyProjectPanel cohortId={cohort.id} />
    </>
  );
}
