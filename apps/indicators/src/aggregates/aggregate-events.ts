// views/ publishes its figures through this path; the statement lives in aggregate-events.repository.ts now.
export { type AggregateEventType, publishAggregates } from './aggregate-events.repository';
