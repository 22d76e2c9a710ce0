import * as echarts from 'echarts';

/** Charts as static SVG: ECharts' server-side renderer, cleaned so that the SVG needs no CSS and no script. */

export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 300;
const PALETTE = ['#1f5fa8', '#e07b24', '#2e9e6a', '#c8443c', '#7b57b5', '#8c6d4f', '#d35fa8', '#6b7b8c', '#b8b03a'];
const FONT = 'sans-serif';
/** Presentation attributes that may come out of ECharts' style="" (fonts only: the rest are attributes already). */
const STYLE_PROPS = new Set(['font-size', 'font-family', 'font-weight', 'font-style']);

/**
 * Makes ECharts' SSR output static: drops its hover <style> and its metadata attributes, and turns the inline
 * style="" of texts into presentation attributes, so that a strict CSP (no inline styles) still shows it and
 * svg-to-pdfkit reads the fonts.
 */
export function staticSvg(svg: string): string {
  return (
    svg
      .replace(/<style[\s\S]*?<\/style>/g, '')
      // Text halos: a stroke painted under the fill (paint-order), which svg-to-pdfkit would paint over it.
      .replace(/<text\b[^>]*\spaint-order="stroke"[^>]*>/g, (tag) =>
        tag.replace(/\s(?:stroke|stroke-width|stroke-miterlimit|paint-order)="[^"]*"/g, ''),
      )
      .replace(/\s(?:class|pointer-events|ecmeta_[a-z_]+)="[^"]*"/g, '')
      .replace(/\sstyle="([^"]*)"/g, (_match, css: string) =>
        css
          .split(';')
          .map((declaration) => declaration.split(':').map((part) => part.trim()))
          .filter(([prop, value]) => prop && value && STYLE_PROPS.has(prop))
          .map(([prop, value]) => ` ${prop}="${value}"`)
          .join(''),
      )
  );
}

function render(option: echarts.EChartsOption, width = CHART_WIDTH, height = CHART_HEIGHT): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, color: PALETTE, textStyle: { fontFamily: FONT, fontSize: 12 }, ...option });
    return staticSvg(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}

export function lineChart(points: { label: string; value: number }[], format: (n: number) => string): string {
  return render({
    grid: { left: 80, right: 24, top: 24, bottom: 40 },
    xAxis: {
      type: 'category',
      data: points.map((p) => p.label),
      boundaryGap: false,
      axisLabel: { hideOverlap: true },
    },
    yAxis: { type: 'value', axisLabel: { formatter: (n: number) => format(n) } },
    series: [
      {
        type: 'line',
        data: points.map((p) => p.value),
        showSymbol: false,
        lineStyle: { width: 2 },
        areaStyle: { opacity: 0.15 },
      },
    ],
  });
}

export function barChart(bars: { label: string; value: number }[], format: (n: number) => string): string {
  const ordered = [...bars].reverse();
  return render({
    grid: { left: 150, right: 80, top: 16, bottom: 32 },
    xAxis: { type: 'value', axisLabel: { formatter: (n: number) => format(n), hideOverlap: true } },
    yAxis: { type: 'category', data: ordered.map((b) => b.label), axisTick: { show: false } },
    series: [
      {
        type: 'bar',
        data: ordered.map((b) => b.value),
        barMaxWidth: 18,
        label: { show: true, position: 'right', formatter: (p) => format(Number(p.value)) },
      },
    ],
  });
}

export function pieChart(slices: { label: string; value: number }[]): string {
  return render({
    series: [
      {
        type: 'pie',
        radius: ['35%', '68%'],
        center: ['50%', '52%'],
        data: slices.filter((s) => s.value > 0).map((s) => ({ name: s.label, value: s.value })),
        percentPrecision: 1,
        label: { formatter: '{b}  {d}%' },
      },
    ],
  });
}
