import { Link, useParams } from 'react-router-dom';
import { Empty, ErrorMessage, Loading, Notice } from '../../components/Status';
import { BackscatterTable, DosTable, ScanTable } from '../../components/telescope/EventTables';
import { TagChips } from '../../components/telescope/TagChips';
import '../../components/telescope/telescope.css';
import { TelescopeNav } from '../../components/telescope/TelescopeNav';
import { countryName, describePort } from '../../components/telescope/telescopeFormat';
import { formatBytes, formatDateTime, formatNumber } from '../../format';
import { useApi } from '../../hooks/useApi';
import { useLang } from '../../hooks/useLang';
import type { DecoySighting, TelescopeSourceDetail } from '../../types';

function Profile({ detail }: { detail: TelescopeSourceDetail }) {
  const { t, lang } = useLang();
  const profile = detail.profile;
  if (!profile) return <Empty>{t('telescope.source.noProfile')}</Empty>;
  const more = profile.portCount - profile.ports.length;
  return (
    <dl className="facts-list telescope-profile" data-testid="source-profile">
      <dt>{t('telescope.source.firstSeen')}</dt>
      <dd>{formatDateTime(profile.firstSeen, lang)}</dd>
      <dt>{t('telescope.source.lastSeen')}</dt>
      <dd>{formatDateTime(profile.lastSeen, lang)}</dd>
      <dt>{t('telescope.packets')}</dt>
      <dd>
        {formatNumber(profile.packets, lang)} <span className="muted small">({formatBytes(profile.bytes, lang)})</span>
      </dd>
      <dt>{t('telescope.source.destinations')}</dt>
      <dd>{formatNumber(profile.destinations, lang)}</dd>
      <dt>{t('telescope.source.ports')}</dt>
      <dd>
        <span className="chips">
          {profile.ports.map((port) => (
            <span key={port} className="chip mono">
              {describePort(port)}
            </span>
          ))}
        </span>
        {more > 0 && <span className="muted small"> {t('telescope.source.morePorts', { count: more })}</span>}
      </dd>
      <dt>{t('telescope.source.tags')}</dt>
      <dd>
        {profile.tags.length > 0 ? (
          <TagChips tags={profile.tags} />
        ) : (
          <span className="muted">{t('telescope.source.noTags')}</span>
        )}
      </dd>
      <dt>{t('telescope.source.country')}</dt>
      <dd>
        {countryName(profile.cc, lang, t('telescope.unknownCountry'))}{' '}
        <span className="muted mono small">{profile.cc}</span>
      </dd>
      <dt>{t('telescope.source.as')}</dt>
      <dd>
        {profile.asn > 0 ? (
          <>
            <span className="mono">AS{profile.asn}</span>
            {profile.asName && <span className="muted"> {profile.asName}</span>}
          </>
        ) : (
          <span className="muted">{t('telescope.source.unknownAs')}</span>
        )}
      </dd>
    </dl>
  );
}

function sightingTime(sighting: DecoySighting): string | undefined {
  return sighting.at ?? sighting.lastSeen ?? sighting.firstSeen;
}

function DecoySightings({ items }: { items: DecoySighting[] }) {
  const { t, lang } = useLang();
  if (items.length === 0) return <Empty>{t('telescope.source.noDecoy')}</Empty>;
  const withCases = items.some((sighting) => sighting.caseId);
  return (
    <div className="table-wrap">
      <table className="table table-compact" data-testid="decoy-sightings">
        <thead>
          <tr>
            <th scope="col">{t('telescope.source.decoyWhen')}</th>
            <th scope="col">{t('telescope.source.decoyWhere')}</th>
            <th scope="col">{t('telescope.source.decoyWhat')}</th>
            {withCases && <th scope="col">{t('telescope.source.decoyCase')}</th>}
          </tr>
        </thead>
        <tbody>
          {items.map((sighting, index) => {
            const when = sightingTime(sighting);
            const what = [
              sighting.kind,
              sighting.role,
              sighting.malwareFamily,
              sighting.port ? t('telescope.source.decoyPort', { port: sighting.port }) : '',
            ]
              .filter(Boolean)
              .join(' · ');
            return (
              <tr key={sighting.id ?? `${sighting.caseId ?? ''}:${when ?? ''}:${index}`}>
                <td className="nowrap">
                  {sighting.firstSeen && sighting.lastSeen && sighting.firstSeen !== sighting.lastSeen
                    ? `${formatDateTime(sighting.firstSeen, lang)} – ${formatDateTime(sighting.lastSeen, lang)}`
                    : formatDateTime(when, lang)}
                </td>
                <td>
                  {sighting.environmentName || sighting.environmentCode || sighting.sensorId || '—'}
                  {sighting.environmentName && sighting.environmentCode && (
                    <span className="muted mono small"> {sighting.environmentCode}</span>
                  )}
                </td>
                <td>
                  {what || '—'}
                  {sighting.count !== undefined && (
                    <span className="muted small"> ×{formatNumber(sighting.count, lang)}</span>
                  )}
                </td>
                {withCases && (
                  <td className="mono">
                    {sighting.caseId ? (
                      <Link to={`/cases/${sighting.caseId}`}>{sighting.caseRef ?? sighting.caseId}</Link>
                    ) : (
                      '—'
                    )}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

export default function TelescopeSourcePage() {
  const { t } = useLang();
  const { ip = '' } = useParams();
  const state = useApi<TelescopeSourceDetail>(ip ? `/telescope/sources/${encodeURIComponent(ip)}` : null);
  const notFound = state.error?.status === 404;

  return (
    <section className="page telescope-page" data-testid="telescope-source">
      <nav className="breadcrumbs" aria-label={t('common.breadcrumbs')}>
        <Link to="/telescope">{t('telescope.title')}</Link> <span aria-hidden="true">/</span>{' '}
        <Link to="/telescope/events">{t('telescope.events.title')}</Link> <span aria-hidden="true">/</span>{' '}
        <span className="mono">{ip}</span>
      </nav>
      <div className="page-header">
        <h1>
          <span className="mono" data-testid="source-address">
            {ip}
          </span>
        </h1>
        <Link
          to={`/fusion?q=${encodeURIComponent(ip)}`}
          className="btn btn-small"
          title={t('fusion.linkTitle', { value: ip })}
          data-testid="source-fusion-link"
        >
          {t('fusion.link')}
        </Link>
        <TelescopeNav />
      </div>
      {notFound ? (
        <div data-testid="source-not-found">
          <Notice kind="info">{t('telescope.source.notFound')}</Notice>
          <p>
            <Link to="/telescope/events">{t('telescope.source.toEvents')}</Link>
          </p>
        </div>
      ) : state.error && !state.data ? (
        <ErrorMessage error={state.error} onRetry={state.reload} />
      ) : !state.data ? (
        <Loading />
      ) : (
        <>
          <div className="panel">
            <h2>{t('telescope.source.profile')}</h2>
            <Profile detail={state.data} />
          </div>
          <div className="panel">
            <h2>
              {t('telescope.source.scans')} <span className="count-pill">{state.data.scans.length}</span>
            </h2>
            {state.data.scans.length === 0 ? (
              <Empty>{t('telescope.source.noScans')}</Empty>
            ) : (
              <ScanTable items={state.data.scans} linkSources={false} />
            )}
          </div>
          <div className="panel">
            <h2>
              {t('telescope.source.dos')} <span className="count-pill">{state.data.dos.length}</span>
            </h2>
            <p className="muted small">{t('telescope.source.dosHelp')}</p>
            {state.data.dos.length === 0 ? (
              <Empty>{t('telescope.source.noDos')}</Empty>
            ) : (
              <DosTable items={state.data.dos} linkVictims={false} />
            )}
          </div>
          {state.data.backscatter.length > 0 && (
            <div className="panel" data-testid="source-backscatter">
              <h2>
                {t('telescope.source.backscatter')} <span className="count-pill">{state.data.backscatter.length}</span>
              </h2>
              <p className="muted small">{t('telescope.source.backscatterHelp')}</p>
              <BackscatterTable items={state.data.backscatter} linkVictims={false} />
            </div>
          )}
          <div className="panel">
            <h2>
              {t('telescope.source.decoy')} <span className="count-pill">{state.data.decoySightings.length}</span>
            </h2>
            <DecoySightings items={state.data.decoySightings} />
          </div>
        </>
      )}
    </section>
  );
}
