import { lazy, Suspense } from 'react';
import type { ChartProps } from '../../common/chart';

const loadChart = () => import('../../common/chart');
const EChart = lazy(() => loadChart().then((module) => ({ default: module.Chart })));

/** Starts ECharts' download and compilation while the screen's data is on its way (askFirstData). */
export function preloadChart(): void {
  void loadChart();
}

/**
 * common/chart's Chart, loaded when first drawn: ECharts (a third of the app's code) then downloads while the
 * dashboard's figures do, instead of before the dashboard can ask for them.
 */
export function Chart(props: ChartProps) {
  return (
    <Suspense
      fallback={<div role="img" aria-label={props.label} style={{ width: '100%', height: props.height ?? 320 }} />}
    >
      <EChart {...props} />
    </Suspense>
  );
}
