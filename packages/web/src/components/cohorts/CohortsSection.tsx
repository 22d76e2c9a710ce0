import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api';
import { formatDate, orgName } from '../../format';
import { useAction, useApi } from '../../hooks/useApi';
import { useMe } from '../../hooks/useAuth';
import { useLang } from '../../hooks/useLang';
import type { Items, Membership } from '../../types';
import { ErrorMessage } from '../Status';
import { pickPartial } from '../courseware/courseware';
import type { Course } from '../courseware/coursewareTypes';
import type { CohortSummary } from './cohortTypes';
import { cohortPath, isoFromLocal } from './cohorts';

/** The organisation roles that run training (the hub's STAFF_ROLES). */
const STAFF_ROLES = new Set(['org_admin', 'instructor']);

/** A small form: course, name, start, end (and organisation when there are several) → the new cohort. */
function CreateCohortForm({ orgs }: { orgs: Membership[] }) {
  const { t, lang } = useLang();
  const navigate = useNavigate();
  const courses = useApi<Items<Course>>('/courseware/courses');
  const [orgId, setOrgId] = useState(orgs[0]?.orgId ?? '');
  const [courseId, setCourseId] = useState('');
  const [name, setName] = useState('');
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const create = useAction(() =>
    api.post<CohortSummary>(cohortPath.api.ofOrg(orgId), {
      courseId: courseId || courses.data?.items[0]?.id,
      name,
      startsAt: isoFromLocal(startsAt),
      endsAt: isoFromLocal(endsAt),
    }),
  );

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const created = await create.run();
    if (created) void navigate(cohortPath.cohort(created.id));
  };

  return (
    <form className="panel form cohort-create" onSubmit={(event) => void onSubmit(event)} data-testid="cohort-create">
      <h3>{t('cohorts.create.title')}</h3>
      <div className="form-grid">
        {orgs.length > 1 && (
          <label className="field">
            <span className="field-label">{t('cohorts.create.org')}</span>
            <select value={orgId} onChange={(e) => setOrgId(e.target.value)} data-testid="cohort-create-org">
              {orgs.map((m) => (
                <option key={m.orgId} value={m.orgId}>
                  {orgName({ nameEn: m.orgNameEn, nameJa: m.orgNameJa }, lang)}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="field">
          <span className="field-label">{t('cohorts.course')}</span>
          <select value={courseId} onChange={(e) => setCourseId(e.target.value)} data-testid="cohort-create-course">
            {(courses.data?.items ?? []).map((course) => (
              <option key={course.id} value={course.id}>
                {pickPartial(course.title, lang)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('cohorts.create.name')}</span>
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={200}
            required
            data-testid="cohort-create-name"
          />
        </label>
        <label className="field">
          <span className="field-label">{t('cohorts.create.startsAt')}</span>
          <input
            type="datetime-local"
            value={startsAt}
            onChange={(e) => setStartsAt(e.target.value)}
            required
            data-testid="cohort-create-starts"
          />
        </label>
        <label className="field">
          <span className="field-label">{t('cohorts.create.endsAt')}</span>
          <input
            type="datetime-local"
            value={endsAt}
            onChange={(e) => setEndsAt(e.target.value)}
            required
            data-testid="cohort-create-ends"
          />
        </label>
      </div>
      <ErrorMessage error={create.error ?? courses.error} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={create.pending} data-testid="cohort-create-submit">
          {t('cohorts.create.submit')}
        </button>
      </div>
    </form>
  );
}

/** The cohorts of one organisation the user may see (all of them for its staff, else their own). */
function OrgCohorts({ membership, showOrg }: { membership: Membership; showOrg: boolean }) {
  const { t, lang } = useLang();
  const cohorts = useApi<Items<CohortSummary>>(cohortPath.api.ofOrg(membership.orgId));
  if (cohorts.error) return <ErrorMessage error={cohorts.error} onRetry={cohorts.reload} />;
  return (
    <>
      {(cohorts.data?.items ?? []).map((cohort) => (
        <li key={cohort.id} className="panel cohort-card" data-testid={`cohort-card-${cohort.id}`}>
          <Link to={cohortPath.cohort(cohort.id)} className="strong" data-testid={`cohort-link-${cohort.id}`}>
            {cohort.name}
          </Link>
          <div className="small muted">
            {cohort.courseTitle ? pickPartial(cohort.courseTitle, lang) : cohort.courseId} ·{' '}
            {formatDate(cohort.startsAt, lang)} – {formatDate(cohort.endsAt, lang)}
            {showOrg && ` · ${orgName({ nameEn: membership.orgNameEn, nameJa: membership.orgNameJa }, lang)}`}
          </div>
        </li>
      ))}
      {cohorts.data?.items.length === 0 && !showOrg && (
        <li className="muted small" data-testid="cohorts-empty">
          {t('cohorts.empty')}
        </li>
      )}
    </>
  );
}

/** The top of the Training page: the user's cohorts ("Cohorts" and a create form for those who run training). */
export function CohortsSection() {
  const { t } = useLang();
  const me = useMe();
  if (me.memberships.length === 0) return null;
  const staffOrgs = me.memberships.filter((m) => me.isPlatformAdmin || STAFF_ROLES.has(m.role));
  const staff = staffOrgs.length > 0;
  return (
    <section className="cohorts-section" data-testid="cohorts-section" aria-labelledby="cohorts-section-title">
      <h2 className="section-title" id="cohorts-section-title">
        {staff ? t('cohorts.sectionStaff') : t('cohorts.sectionMine')}
      </h2>
      <ul className="cohort-list" data-testid="cohorts-list">
        {me.memberships.map((m) => (
          <OrgCohorts key={m.orgId} membership={m} showOrg={me.memberships.length > 1} />
        ))}
      </ul>
      {staff && <CreateCohortForm orgs={staffOrgs} />}
    </section>
  );
}
