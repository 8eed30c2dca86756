import { IndicatorValueCellV1 } from '../indicator-value-approval/indicator-value-cell.v1';

/**
 * `dx.indicator-value.approved` v1: the approving agency approved the value of a cell (the report
 * `reportId`); `agency` is the reporting agency (today's holder of its responsibilities). Approved-only
 * figures now count it.
 */
export class IndicatorValueApprovedV1 extends IndicatorValueCellV1 {}
