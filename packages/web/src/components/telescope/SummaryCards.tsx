import { formatNumber, formatRelative } from '../../format';
import { useLang } from '../../hooks/useLang';
import type { TelescopeSummary } from '../../types';
import { formatCompact, formatDecimal, formatSeconds, formatShare } from './telescopeFormat';

function Kpi({ label, value, title, testId }: { label: string; value: string; title?: string; testId?: string }) {
  return (
    <div className="kpi" title={title}>
      <span className="kpi-label">{label}</span>
      <span className="kpi-value" data-testid={testId}>
        {value}
      </span>
    </div>
  );
}

/** The period's totals, NICTER-style: packets, monitored addresses, packets per address and the shares. */
export function SummaryCards({ summary }: { summary: TelescopeSummary }) {
  const { t, lang } = useLang();
  const every = summary.secondsPerPacketPerAddress;
  return (
    <>
      <div className="kpis telescope-kpis" data-testid="telescope-summary">
        <Kpi
          label={t('telescope.summary.packets')}
          value={formatCompact(summary.packets, lang)}
          title={formatNumber(summary.packets, lang)}
          testId="telescope-total-packets"
        />
        <Kpi
          label={t('telescope.summary.monitored')}
          value={formatNumber(summary.monitoredAddresses, lang)}
          title={t('telescope.summary.monitoredHelp')}
        />
        <Kpi
          label={t('telescope.summary.perAddress')}
          value={formatDecimal(summary.packetsPerAddress, lang, summary.packetsPerAddress < 100 ? 1 : 0)}
          title={t('telescope.summary.perAddressHelp')}
        />
        <Kpi
          label={t('telescope.summary.every')}
          value={every && Number.isFinite(every) && every > 0 ? formatSeconds(every, lang) : '–'}
          title={
            every && Number.isFinite(every) && every > 0
              ? t('telescope.summary.everyHelp', { seconds: formatDecimal(every, lang) })
              : undefined
          }
        />
        <Kpi
          label={t('telescope.summary.research')}
          value={formatShare(summary.researchShare, lang)}
          title={t('telescope.summary.researchHelp')}
        />
        <Kpi
          label={t('telescope.summary.mirai')}
          value={formatShare(summary.miraiShare, lang)}
          title={t('telescope.summary.miraiHelp')}
        />
      </div>
      {summary.sensors.length > 0 && (
        <p className="muted small telescope-sensors">
          {t('telescope.summary.sensors')}{' '}
          {summary.sensors.map((sensor, index) => {
            const details = [
              sensor.monitoredAddresses !== undefined
                ? t('telescope.summary.sensorAddresses', { addresses: formatNumber(sensor.monitoredAddresses, lang) })
                : '',
              sensor.lastUploadAt
                ? t('telescope.summary.lastUpload', { when: formatRelative(sensor.lastUploadAt, lang) })
                : '',
            ].filter(Boolean);
            return (
              <span key={sensor.sensorId}>
                {index > 0 && (lang === 'ja' ? '、' : ', ')}
                <span className="mono">{sensor.sensorId}</span>
                {details.length > 0 && ` (${details.join(lang === 'ja' ? '、' : ', ')})`}
              </span>
            );
          })}
        </p>
      )}
    </>
  );
}
