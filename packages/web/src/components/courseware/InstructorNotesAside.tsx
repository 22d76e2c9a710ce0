import { useLang } from '../../hooks/useLang';
import type { Lang } from '../../types';
import type { InstructorNotes } from './coursewareTypes';

/** The page's notes for instructors (the hub sends them only to instructors and admins), marked as such. */
export function InstructorNotesAside({ notes, lang }: { notes: InstructorNotes; lang: Lang }) {
  const { t } = useLang();
  return (
    <aside
      className="instructor-notes"
      aria-labelledby="training-instructor-notes-title"
      data-testid="training-instructor-notes"
    >
      <h2 id="training-instructor-notes-title">
        {t('training.reader.instructorNotes')}{' '}
        <span className="chip chip-warn">{t('training.reader.instructorsOnly')}</span>
      </h2>
      <dl lang={lang}>
        <dt>{t('training.reader.goal')}</dt>
        <dd data-testid="training-instructor-goal">{notes.goal}</dd>
        <dt>{t('training.reader.flow')}</dt>
        <dd>{notes.flow}</dd>
        <dt>{t('training.reader.keyPoints')}</dt>
        <dd>
          <ul>
            {notes.keyPoints.map((point) => (
              <li key={point}>{point}</li>
            ))}
          </ul>
        </dd>
      </dl>
    </aside>
  );
}
