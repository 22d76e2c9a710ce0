import { RadarChart } from 'echarts/charts';
import { LegendComponent, RadarComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { useMemo } from 'react';
import { useLang } from '../../hooks/useLang';
import { Chart, type ChartOption } from '../Chart';
import type { SkillProfile } from './cohortTypes';

// Chart registers the canvas renderer, tooltip and grid; the radar needs its own parts on top
echarts.use([RadarChart, RadarComponent, LegendComponent]);

/** The radar shows one axis per statement up to this many; beyond it the axes would be unreadable. */
export const MAX_STATEMENT_AXES = 12;

interface Axis {
  key: string;
  label: string;
  pre: number | null;
  post: number | null;
}

/** The axes of a profile: per NICE statement when there are few, else per kind (knowledge, skills, abilities). */
export function radarAxes(profile: SkillProfile, kindLabel: (kind: string) => string): Axis[] {
  if (profile.ksa.length > 0 && profile.ksa.length <= MAX_STATEMENT_AXES) {
    return profile.ksa.map((row) => ({ key: row.ksa, label: row.ksa, pre: row.pre, post: row.post }));
  }
  return profile.kinds
    .filter((row) => row.pre !== null || row.post !== null)
    .map((row) => ({ key: row.kind, label: kindLabel(row.kind), pre: row.pre, post: row.post }));
}

/** A learner's mastery before and after as two series on a radar (0–100 %). */
export function SkillRadar({ profile }: { profile: SkillProfile }) {
  const { t } = useLang();
  const axes = useMemo(() => radarAxes(profile, (kind) => t(`cohorts.kinds.${kind}`)), [profile, t]);
  const option = useMemo<ChartOption>(() => {
    const series = (kind: 'pre' | 'post') => axes.map((axis) => Math.round((axis[kind] ?? 0) * 100));
    return {
      tooltip: { trigger: 'item' },
      legend: { data: [t('cohorts.report.pre'), t('cohorts.report.post')], bottom: 0 },
      radar: {
        // a radar needs at least three axes to enclose an area; pad with empty ones
        indicator: [...axes, ...Array.from({ length: Math.max(0, 3 - axes.length) }, () => undefined)].map((axis) => ({
          name: axis?.label ?? '',
          max: 100,
        })),
        radius: '65%',
      },
      series: [
        {
          type: 'radar',
          data: [
            { name: t('cohorts.report.pre'), value: series('pre'), areaStyle: { opacity: 0.15 } },
            { name: t('cohorts.report.post'), value: series('post'), areaStyle: { opacity: 0.3 } },
          ],
        },
      ],
    };
  }, [axes, t]);
  return (
    <div data-testid="cohort-skill-radar" data-axes={axes.length}>
      <Chart option={option} label={t('cohorts.profile.radarLabel')} height={360} />
    </div>
  );
}
