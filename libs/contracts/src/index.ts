// class-transformer's @Type (OrgUnitDefinedV1.parents) reads design-time metadata when the class is defined.
import 'reflect-metadata';
export * from './cloudevents/cloud-event';
export * from './codes';
export * from './event-catalog';
export * from './indicator-aggregate-updated/indicator-aggregate-updated.v1';
export * from './indicator-defined/indicator-defined.v1';
export * from './indicator-value-reported/indicator-value-reported.v1';
export * from './org-unit-defined/org-unit-defined.v1';
export * from './report-published/report-published.v1';
export * from './topics';
export * from './validation/exactly-one-of.decorator';
export * from './validation/is-dhis2-period.decorator';
export * from './validation/is-finite-number-if-present.decorator';
export * from './validation/validate-payload';
