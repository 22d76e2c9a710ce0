import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api';
import { useAction, useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import { pickPartial } from '../courseware/courseware';
import type { CohortDetail } from '../cohorts/cohortTypes';
import { Empty, ErrorMessage, Loading } from '../Status';
import { submissionPath, type Team, type TeamList } from './submissionTypes';

const MAX_MEMBERS = 4;

/** A team's name and up to four learners, picked from the cohort's learners not in another team. */
function TeamForm({
  cohort,
  teams,
  team,
  onSaved,
}: {
  cohort: CohortDetail;
  teams: Team[];
  team?: Team;
  onSaved: () => void;
}) {
  const { t } = useLang();
  const [name, setName] = useState(team?.name ?? '');
  const [members, setMembers] = useState<string[]>(team?.members.map((m) => m.userId) ?? []);
  const taken = new Set(teams.filter((x) => x.id !== team?.id).flatMap((x) => x.members.map((m) => m.userId)));
  const learners = cohort.members.filter((m) => m.role === 'learner' && !taken.has(m.userId));
  const save = useAction(() =>
    team
      ? api.patch(submissionPath.api.team(cohort.id, team.id), { name, members })
      : api.post(submissionPath.api.teams(cohort.id), { name, members }),
  );
  const toggle = (userId: string) =>
    setMembers((now) => (now.includes(userId) ? now.filter((id) => id !== userId) : [...now, userId]));
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if ((await save.run()) !== undefined) {
      if (!team) {
        setName('');
        setMembers([]);
      }
      onSaved();
    }
  };
  return (
    <form className="form" onSubmit={(event) => void onSubmit(event)} data-testid={team ? 'team-edit' : 'team-create'}>
      <label className="field">
        <span className="field-label">{t('submissions.teams.name')}</span>
        <input value={name} maxLength={100} onChange={(e) => setName(e.target.value)} data-testid="team-name" />
      </label>
      <fieldset className="field">
        <legend className="field-label">
          {t('submissions.teams.pick', { count: members.length, max: MAX_MEMBERS })}
        </legend>
        {learners.length === 0 && <Empty>{t('submissions.teams.noLearners')}</Empty>}
        {learners.map((m) => (
          <label key={m.userId} className="submission-check">
            <input
              type="checkbox"
              checked={members.includes(m.userId)}
              disabled={!members.includes(m.userId) && members.length >= MAX_MEMBERS}
              onChange={() => toggle(m.userId)}
              data-testid={`team-member-${m.userId}`}
            />{' '}
            {m.displayName}
          </label>
        ))}
      </fieldset>
      <button
        type="submit"
        className="btn"
        disabled={save.pending || !name.trim() || members.length === 0}
        data-testid="team-save"
      >
        {team ? t('common.save') : t('submissions.teams.create')}
      </button>
      <ErrorMessage error={save.error} />
    </form>
  );
}

/** One team for those who teach: members, scenario runs (start, release the next inject, open) and editing. */
function TeamRow({
  cohort,
  list,
  team,
  onChanged,
}: {
  cohort: CohortDetail;
  list: TeamList;
  team: Team;
  onChanged: () => void;
}) {
  const { t, lang } = useLang();
  const [editing, setEditing] = useState(false);
  const [scenarioId, setScenarioId] = useState(list.catalogue[0]?.id ?? '');
  const start = useAction(() => api.post(`${submissionPath.api.scenario(cohort.id, team.id, scenarioId)}/start`, {}));
  const release = useAction((id: string) =>
    api.post(`${submissionPath.api.scenario(cohort.id, team.id, id)}/release`, {}),
  );
  const remove = useAction(() => api.del(submissionPath.api.team(cohort.id, team.id)));
  const onRemove = async () => {
    if (!window.confirm(t('submissions.teams.confirmDelete', { name: team.name }))) return;
    await remove.run();
    onChanged();
  };
  const runs = team.scenarios ?? [];
  return (
    <li className="submission-item" data-testid={`team-${team.id}`}>
      <h3>{team.name}</h3>
      <p className="small">{team.members.map((m) => m.displayName).join(', ')}</p>
      <ul className="submission-list">
        {runs.map((run) => {
          const entry = list.catalogue.find((c) => c.id === run.scenarioId);
          return (
            <li key={run.scenarioId}>
              <Link to={submissionPath.teamScenario(cohort.id, team.id, run.scenarioId)}>
                {entry ? pickPartial(entry.title, lang) : run.scenarioId}
              </Link>{' '}
              <span className="muted small">
                {t('submissions.teams.released', { count: run.releasedInjects.length, total: entry?.injects ?? 0 })}
              </span>{' '}
              <button
                type="button"
                className="btn-link"
                disabled={release.pending || run.releasedInjects.length >= (entry?.injects ?? 0)}
                onClick={() => void release.run(run.scenarioId).then(onChanged)}
              >
                {t('submissions.scenario.releaseNext')}
              </button>
            </li>
          );
        })}
      </ul>
      {list.catalogue.length > 0 && (
        <div className="form-inline">
          <select
            value={scenarioId}
            onChange={(e) => setScenarioId(e.target.value)}
            aria-label={t('submissions.teams.scenario')}
          >
            {list.catalogue.map((c) => (
              <option key={c.id} value={c.id}>
                {pickPartial(c.title, lang)}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="btn btn-secondary"
            disabled={start.pending || !scenarioId || runs.some((r) => r.scenarioId === scenarioId)}
            onClick={() => void start.run().then(onChanged)}
            data-testid="team-start-scenario"
          >
            {t('submissions.teams.start')}
          </button>
        </div>
      )}
      <div className="form-inline">
        <button type="button" className="btn-link" onClick={() => setEditing((v) => !v)}>
          {editing ? t('common.cancel') : t('common.edit')}
        </button>
        <button type="button" className="btn-link btn-danger-link" onClick={() => void onRemove()}>
          {t('common.delete')}
        </button>
      </div>
      {editing && (
        <TeamForm
          cohort={cohort}
          teams={list.items}
          team={team}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
        />
      )}
      <ErrorMessage error={start.error ?? release.error ?? remove.error} />
    </li>
  );
}

/** The cohort's teams as those who teach manage them, and the way to the grading queue. */
export function TeamsPanel({ cohort }: { cohort: CohortDetail }) {
  const { t } = useLang();
  const teams = useApi<TeamList>(submissionPath.api.teams(cohort.id));
  return (
    <section className="panel" data-testid="cohort-teams" aria-labelledby="cohort-teams-title">
      <h2 id="cohort-teams-title">{t('submissions.teams.title')}</h2>
      <p>
        <Link to={submissionPath.grading(cohort.id)} data-testid="grading-queue-link">
          {t('submissions.queue.open')}
        </Link>
      </p>
      {!teams.data ? (
        teams.error ? (
          <ErrorMessage error={teams.error} onRetry={teams.reload} />
        ) : (
          <Loading />
        )
      ) : (
        <>
          {teams.data.items.length === 0 && <Empty>{t('submissions.teams.none')}</Empty>}
          <ul className="submission-list">
            {teams.data.items.map((team) => (
              <TeamRow key={team.id} cohort={cohort} list={teams.data!} team={team} onChanged={teams.reload} />
            ))}
          </ul>
          <h3>{t('submissions.teams.new')}</h3>
          <TeamForm cohort={cohort} teams={teams.data.items} onSaved={teams.reload} />
        </>
      )}
    </section>
  );
}
