import type { Column } from '@dxhub/persistence';
import type { IndicatorDefinition } from './indicator-definition';

/**
 * A stored definition (jsonb): an object with its code. Every definition is checked against the catalogue's
 * rules (definitionProblems) before it is written, so the read checks only that the column holds one.
 */
export const indicatorDefinitionColumn: Column<IndicatorDefinition> = {
  expected: 'indicator definition',
  accepts: (value: unknown): value is IndicatorDefinition =>
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof Reflect.get(value, 'code') === 'string',
};
