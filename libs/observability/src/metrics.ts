import { Counter, Gauge, Histogram, type Metric, register } from 'prom-client';

// One process runs one service, so the default registry is the service's registry. Get-or-create
// keeps repeated module instantiation (tests start several apps in one process) from failing.
function getOrCreate<M extends Metric>(name: string, create: () => M): M {
  return (register.getSingleMetric(name) as M | undefined) ?? create();
}

/** A Prometheus counter on the service's registry (created once per name). */
export function counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
  return getOrCreate(name, () => new Counter({ name, help, labelNames }));
}

/** A Prometheus gauge on the service's registry (created once per name). */
export function gauge<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Gauge<L> {
  return getOrCreate(name, () => new Gauge({ name, help, labelNames }));
}

/** A Prometheus histogram on the service's registry (created once per name). */
export function histogram<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[] = [],
  buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
): Histogram<L> {
  return getOrCreate(name, () => new Histogram({ name, help, labelNames, buckets }));
}
