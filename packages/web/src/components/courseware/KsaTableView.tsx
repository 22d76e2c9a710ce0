import { Link } from 'react-router-dom';
import { useLang } from '../../hooks/useLang';
import type { KsaRow, KsaTable } from './coursewareTypes';
import { trainingPath } from './courseware';

const COLUMNS = ['knowledge', 'skills', 'abilities'] as const;

function KsaEntry({
  row,
  moduleId,
  pageTitle,
}: {
  row: KsaRow;
  moduleId: string;
  pageTitle?: (pageId: string) => string;
}) {
  const { t } = useLang();
  const ref = `${row.id}_${row.level}`;
  return (
    <li className="ksa-entry" data-testid={`training-ksa-${row.id}`} data-ksa={ref}>
      {/* <details> opens with Enter or Space on its summary: the statement is there for keyboard users too */}
      <details>
        <summary title={row.text}>
          <code className="ksa-ref">{ref}</code> <span className="ksa-level">{row.levelLabel}</span>
        </summary>
        <p className="ksa-text" lang="en">
          {row.text}
        </p>
      </details>
      {pageTitle && row.pages.length > 0 && (
        <p className="ksa-pages small muted">
          {t('training.ksa.givenBy')}{' '}
          {row.pages.map((pageId, index) => (
            <span key={pageId}>
              {index > 0 && ', '}
              <Link to={trainingPath.page(moduleId, pageId)}>{pageTitle(pageId)}</Link>
            </span>
          ))}
        </p>
      )}
    </li>
  );
}

/**
 * A module's prerequisite or acquired KSAs as NICT's materials show them: three columns, knowledge / skill / ability,
 * each a list of `K0060_1` with its level; the NICE statement is the tooltip and opens under the entry. Acquired
 * tables (with `pageTitle`) also say which pages give each KSA.
 */
export function KsaTableView({
  table,
  caption,
  moduleId,
  pageTitle,
  testId,
}: {
  table: KsaTable;
  caption: string;
  moduleId: string;
  pageTitle?: (pageId: string) => string;
  testId: string;
}) {
  const { t } = useLang();
  const empty = COLUMNS.every((column) => table[column].length === 0);
  return (
    <div className="table-wrap">
      <table className="table ksa-table" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {COLUMNS.map((column) => (
              <th key={column} scope="col">
                {t(`training.ksa.columns.${column}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {empty ? (
            <tr>
              <td colSpan={COLUMNS.length} className="muted">
                {t('training.ksa.none')}
              </td>
            </tr>
          ) : (
            <tr>
              {COLUMNS.map((column) => (
                <td key={column} data-column={column}>
                  {table[column].length === 0 ? (
                    <span className="muted">—</span>
                  ) : (
                    <ul className="ksa-list">
                      {table[column].map((row) => (
                        <KsaEntry key={row.id} row={row} moduleId={moduleId} pageTitle={pageTitle} />
                      ))}
                    </ul>
                  )}
                </td>
              ))}
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
