import { useState } from 'react';
import { AsyncBlock } from '../../components/Status';
import { formatDateTime } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import { MissingBadges } from './PublicationBadges';
import { LANGS, titleOf, type Version, type VersionSummary } from './types';

/** A published version's HTML in both languages (as rendered and frozen by the hub). */
export function VersionBody({ html }: { html: { ja: string; en: string } }) {
  const { t } = useLang();
  return (
    <div className="pub-panes">
      {LANGS.filter((l) => html[l] !== '').map((l) => (
        <section key={l} className="pub-pane" lang={l}>
          <h3>{t(`publications.lang.${l}`)}</h3>
          {/* The hub's frozen rendering: no raw HTML from authors, data escaped, static SVG. */}
          <div className="pub-preview markdown" dangerouslySetInnerHTML={{ __html: html[l] }} />
        </section>
      ))}
    </div>
  );
}

function VersionView({ id, n }: { id: string; n: number }) {
  const version = useApi<Version>(`/publications/${id}/versions/${n}`);
  return (
    <AsyncBlock state={version}>
      {(v) => (
        <div data-testid={`publication-version-${n}`}>
          <MissingBadges missing={v.missing} />
          <VersionBody html={{ ja: v.htmlJa, en: v.htmlEn }} />
        </div>
      )}
    </AsyncBlock>
  );
}

/** The numbered published versions; one opens in place. */
export function VersionsPanel({ id, live }: { id: string; live: number | null }) {
  const { t, lang } = useLang();
  const versions = useApi<{ items: VersionSummary[] }>(`/publications/${id}/versions`);
  const [open, setOpen] = useState<number | null>(null);
  return (
    <section className="panel" aria-labelledby="pub-versions-title" data-testid="publication-versions">
      <h2 id="pub-versions-title">{t('publications.versions.title')}</h2>
      <AsyncBlock state={versions}>
        {(data) =>
          data.items.length === 0 ? (
            <p className="muted">{t('publications.versions.none')}</p>
          ) : (
            <ul className="plain-list">
              {data.items.map((v) => (
                <li key={v.version}>
                  <button
                    type="button"
                    className="btn btn-small"
                    aria-expanded={open === v.version}
                    onClick={() => setOpen(open === v.version ? null : v.version)}
                  >
                    {t('publications.versions.label', { n: v.version })}
                  </button>{' '}
                  {titleOf({ ...v, slug: '' }, lang)} · {formatDateTime(v.publishedAt, lang)}
                  {v.publishedByName ? ` · ${v.publishedByName}` : ''}
                  {live === v.version && <strong> · {t('publications.versions.live')}</strong>}
                  {open === v.version && <VersionView id={id} n={v.version} />}
                </li>
              ))}
            </ul>
          )
        }
      </AsyncBlock>
    </section>
  );
}
