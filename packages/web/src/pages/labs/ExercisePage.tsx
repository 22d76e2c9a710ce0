import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, apiUrl } from '../../api';
import { answerOf, QuestionField, type Draft } from '../../components/exercises/QuestionField';
import type { ExerciseAttempt, ExerciseDetail } from '../../components/exercises/exerciseTypes';
import { ErrorMessage, Loading, Notice } from '../../components/Status';
import { formatBytes, formatDateTime, pick } from '../../format';
import { useAction, useApi } from '../../hooks/useApi';
import { useMe } from '../../hooks/useAuth';
import { useLang } from '../../hooks/useLang';

/** One exercise: the data to download, the questions, the grade of each answer, and earlier attempts. */
export default function ExercisePage() {
  const { exerciseId = '' } = useParams();
  const { t, lang } = useLang();
  const me = useMe();
  const detail = useApi<ExerciseDetail>(`/exercises/${encodeURIComponent(exerciseId)}`);
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [last, setLast] = useState<ExerciseAttempt | undefined>(undefined);
  const submit = useAction((answers: Record<string, unknown>) =>
    api.post<ExerciseAttempt>(`/exercises/${encodeURIComponent(exerciseId)}/attempts`, {
      answers,
      ...(me.memberships.length > 1 && me.memberships[0] ? { orgId: me.memberships[0].orgId } : {}),
    }),
  );

  if (detail.error) return <ErrorMessage error={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return <Loading />;
  const exercise = detail.data;
  const shown = last ?? exercise.attempts[0];
  const gradeOf = (questionId: string) => shown?.questions.find((q) => q.questionId === questionId);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const answers: Record<string, unknown> = {};
    for (const question of exercise.questions) {
      const value = answerOf(question, drafts[question.id]);
      if (value !== undefined) answers[question.id] = value;
    }
    const attempt = await submit.run(answers);
    if (attempt) {
      setLast(attempt);
      detail.reload();
    }
  };

  return (
    <section className="page" data-testid="exercise-page">
      <nav className="breadcrumbs" aria-label={t('nav.label')}>
        <Link to="/labs">{t('labs.back')}</Link>
      </nav>
      <div className="page-header">
        <h1 data-testid="exercise-title">{pick(exercise.title, lang)}</h1>
      </div>
      <p className="page-intro">{pick(exercise.summary, lang)}</p>
      <section className="panel" aria-labelledby="exercise-files-title">
        <h2 id="exercise-files-title">{t('exercises.files')}</h2>
        <ul className="facts-list">
          {exercise.files.map((file) => (
            <li key={file.name}>
              <a
                href={apiUrl(`/exercises/${encodeURIComponent(exercise.id)}/files/${encodeURIComponent(file.name)}`)}
                download={file.name}
                data-testid={`exercise-file-${file.name}`}
              >
                {file.name}
              </a>{' '}
              <span className="muted small">
                {formatBytes(file.bytes, lang)} · {pick(file.description, lang)} · {file.source}
              </span>
            </li>
          ))}
        </ul>
        <p className="muted small">{t('exercises.filesHelp')}</p>
      </section>
      <form className="panel form" onSubmit={(event) => void onSubmit(event)} data-testid="exercise-form">
        <h2>{t('exercises.questions')}</h2>
        {exercise.questions.map((question, index) => (
          <QuestionField
            key={question.id}
            index={index}
            question={question}
            draft={drafts[question.id]}
            grade={gradeOf(question.id)}
            onChange={(next) => setDrafts((d) => ({ ...d, [question.id]: next }))}
          />
        ))}
        {submit.error?.status === 429 ? (
          <Notice kind="warning">{t('exercises.tooMany')}</Notice>
        ) : (
          <ErrorMessage error={submit.error} />
        )}
        {shown && (
          <p data-testid="exercise-score" data-points={shown.points} role="status">
            {t('exercises.score', { points: shown.points, max: shown.maxPoints })}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={submit.pending} data-testid="exercise-submit">
            {submit.pending ? t('exercises.grading') : t('exercises.submit')}
          </button>
        </div>
      </form>
      {exercise.attempts.length > 0 && (
        <section className="panel" aria-labelledby="exercise-attempts-title">
          <h2 id="exercise-attempts-title">{t('exercises.attempts')}</h2>
          <ol reversed data-testid="exercise-attempts">
            {exercise.attempts.map((a) => (
              <li key={a.id}>
                {formatDateTime(a.at, lang)} — {a.points} / {a.maxPoints}
              </li>
            ))}
          </ol>
        </section>
      )}
    </section>
  );
}
