// views/ builds figures with this SQL and reads this row type at this path; both live in aggregates.repository.ts
// and aggregate-row.ts now.
export { figure } from './aggregates.repository';
export type { AggregateRow } from './aggregate-row';
