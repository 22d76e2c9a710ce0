import { useState, type FormEvent } from 'react';
import { api } from '../../api';
import { useAction, useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import type { Items } from '../../types';
import { ErrorMessage, Loading, Notice } from '../Status';
import { SubmissionComments } from './SubmissionComments';
import { ScoreTable, StatusBadge, When } from './SubmissionStatus';
import { submissionPath, type ProjectListItem, type Submission } from './submissionTypes';

/** The project's title and body (Markdown), starting from what was handed in last. */
function ProjectForm({ cohortId, project, onSaved }: { cohortId: string; project?: Submission; onSaved: () => void }) {
  const { t } = useLang();
  const [title, setTitle] = useState(project?.title ?? '');
  const [body, setBody] = useState(project?.body ?? '');
  const graded = project?.status === 'graded';
  const save = useAction(() => api.put<Submission>(submissionPath.api.myProject(cohortId), { title, body }));
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if ((await save.run()) !== undefined) onSaved();
  };
  return (
    <form className="form" onSubmit={(event) => void onSubmit(event)}>
      <label className="field">
        <span className="field-label">{t('submissions.project.name')}</span>
        <input
          value={title}
          maxLength={200}
          disabled={graded}
          onChange={(e) => setTitle(e.target.value)}
          data-testid="project-title"
        />
      </label>
      <label className="field">
        <span className="field-label">{t('submissions.project.body')}</span>
        <textarea
          rows={10}
          maxLength={50_000}
          value={body}
          disabled={graded}
          onChange={(e) => setBody(e.target.value)}
          data-testid="project-body"
        />
      </label>
      {!graded && (
        <button type="submit" className="btn" disabled={save.pending || !title.trim()} data-testid="project-save">
          {t('submissions.saveSubmit')}
        </button>
      )}
      <ErrorMessage error={save.error} />
    </form>
  );
}

/** A learner's investigation project: the work, its presentation slot, the review and the comments. */
export function MyProjectPanel({ cohortId }: { cohortId: string }) {
  const { t } = useLang();
  const list = useApi<Items<ProjectListItem>>(submissionPath.api.projects(cohortId));
  const projectId = list.data?.items[0]?.id;
  const project = useApi<Submission>(projectId ? submissionPath.api.submission(projectId) : null);
  if (!list.data) return list.error ? <ErrorMessage error={list.error} onRetry={list.reload} /> : <Loading />;
  if (projectId && !project.data) return <Loading />;
  const data = project.data;
  return (
    <section className="panel" data-testid="my-project" aria-labelledby="my-project-title">
      <h2 id="my-project-title">{t('submissions.project.title')}</h2>
      {data && (
        <p>
          <StatusBadge status={data.status} version={data.version} />{' '}
          <span className="small" data-testid="project-presentation">
            {t('submissions.project.presentation')}: <When at={data.presentationAt} />
          </span>
        </p>
      )}
      {data?.status === 'returned' && <Notice kind="warning">{t('submissions.returnedHint')}</Notice>}
      {data?.score && <ScoreTable score={data.score} />}
      <ProjectForm
        key={data ? `${data.id}-${data.version}` : 'new'}
        cohortId={cohortId}
        project={data}
        onSaved={() => {
          list.reload();
          project.reload();
        }}
      />
      {data && <SubmissionComments submission={data} onAdded={project.reload} />}
    </section>
  );
}
