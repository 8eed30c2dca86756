import { BarChart, HeatmapChart, LineChart, PieChart, TreeChart } from 'echarts/charts';
import {
  AriaComponent,
  DatasetComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only what the app draws, so the bundle carries only that; SVG, so charts stay sharp and their text selectable.
echarts.use([
  BarChart,
  LineChart,
  PieChart,
  HeatmapChart,
  TreeChart,
  AriaComponent,
  DatasetComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  SVGRenderer,
]);

export interface ChartProps {
  option: EChartsCoreOption;
  /** What the chart shows, for screen readers (the chart's own description is generated from its data too). */
  label: string;
  height?: number;
  onClick?: (params: { name: string; dataIndex: number; seriesName?: string; data?: unknown }) => void;
}

/** An Apache ECharts chart that follows its container's width (a phone, a resized window). */
export function Chart({ option, label, height = 320, onClick }: ChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | undefined>(undefined);
  useEffect(() => {
    if (!element.current) return;
    const instance = echarts.init(element.current, undefined, { renderer: 'svg' });
    chart.current = instance;
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(element.current);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = undefined;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption({ aria: { enabled: true }, ...option }, { notMerge: true });
  }, [option]);
  useEffect(() => {
    const instance = chart.current;
    if (!instance || !onClick) return;
    instance.on('click', onClick as (params: unknown) => void);
    return () => {
      instance.off('click');
    };
  }, [onClick]);
  // `contain: inline-size`: the drawn chart's own pixel width never widens its container (a table cell, a flex
  // item), so the container can shrink when the window does (a phone turned, a resized window) and the chart follows.
  return (
    <div
      ref={element}
      role="img"
      aria-label={label}
      style={{ width: '100%', height, contain: 'inline-size', overflow: 'hidden' }}
    />
  );
}
