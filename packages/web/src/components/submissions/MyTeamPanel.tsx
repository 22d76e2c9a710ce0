import { Link } from 'react-router-dom';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import { pickPartial } from '../courseware/courseware';
import { Empty, ErrorMessage, Loading } from '../Status';
import { submissionPath, type TeamList } from './submissionTypes';

/** A learner's team: its members and the scenarios it runs; the cohort's other teams by name. */
export function MyTeamPanel({ cohortId }: { cohortId: string }) {
  const { t, lang } = useLang();
  const teams = useApi<TeamList>(submissionPath.api.teams(cohortId));
  if (!teams.data) {
    return teams.error ? <ErrorMessage error={teams.error} onRetry={teams.reload} /> : <Loading />;
  }
  const mine = teams.data.items.find((team) => team.id === teams.data!.myTeam);
  const others = teams.data.items.filter((team) => team !== mine);
  return (
    <section className="panel" data-testid="my-team" aria-labelledby="my-team-title">
      <h2 id="my-team-title">{t('submissions.myTeam.title')}</h2>
      {!mine ? (
        <Empty>{t('submissions.myTeam.none')}</Empty>
      ) : (
        <>
          <h3 data-testid="my-team-name">{mine.name}</h3>
          <ul className="submission-list" data-testid="my-team-members">
            {mine.members.map((m) => (
              <li key={m.userId}>{m.displayName}</li>
            ))}
          </ul>
          <h3>{t('submissions.myTeam.scenarios')}</h3>
          {(mine.scenarios ?? []).length === 0 ? (
            <Empty>{t('submissions.myTeam.noScenario')}</Empty>
          ) : (
            <ul className="submission-list">
              {(mine.scenarios ?? []).map((run) => (
                <li key={run.scenarioId}>
                  <Link
                    to={submissionPath.teamScenario(cohortId, mine.id, run.scenarioId)}
                    data-testid={`my-team-scenario-${run.scenarioId}`}
                  >
                    {pickPartial(teams.data!.catalogue.find((c) => c.id === run.scenarioId)?.title, lang) ||
                      run.scenarioId}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {others.length > 0 && (
        <details>
          <summary>{t('submissions.myTeam.others', { count: others.length })}</summary>
          <ul className="submission-list">
            {others.map((team) => (
              <li key={team.id}>
                <strong>{team.name}</strong> ({t('submissions.myTeam.size', { count: team.memberCount })})
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
