import type { CohortDetail } from '../cohorts/cohortTypes';
import { AddMembersByEmail } from './AddMembersByEmail';
import { AnnouncementsPanel } from './AnnouncementsPanel';
import { LearnerActivityPanel } from './LearnerActivityPanel';
import { MeetingsPanel } from './MeetingsPanel';

/**
 * The cohort page's life between lessons: announcements and progress meetings for every member; for those who
 * teach, the learners' activity; for the organisation's staff, adding members by e-mail.
 */
export function CohortActivityPanels({
  cohort,
  onMembersChanged,
}: {
  cohort: CohortDetail;
  onMembersChanged: () => void;
}) {
  const teaches = cohort.canManage || cohort.myRole === 'instructor';
  return (
    <>
      <AnnouncementsPanel cohortId={cohort.id} teaches={teaches} />
      <MeetingsPanel cohortId={cohort.id} teaches={teaches} members={cohort.members} />
      {teaches && <LearnerActivityPanel key={cohort.members.length} cohortId={cohort.id} />}
      {cohort.canManage && <AddMembersByEmail cohortId={cohort.id} onAdded={onMembersChanged} />}
    </>
  );
}
