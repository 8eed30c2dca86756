import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * One value of a batch, as documented in OpenAPI. Deliberately carries no validation decorators: each row
 * is checked on its own against the event contract (IndicatorValueReportedV1, the same rules and reasons
 * as a Kafka event) so that a bad row is reported beside the good ones instead of failing the request.
 */
export class IndicatorValueRowDto {
  @ApiProperty({ example: 'BTS_COUNT', description: 'Catalogue code (GET /v1/indicators)' })
  indicatorCode!: string;

  @ApiProperty({ example: '815', description: 'GSO code of the org unit, valid on the last day of the period' })
  orgUnitCode!: string;

  @ApiProperty({
    example: '2024S2',
    description: 'DHIS2 notation of the indicator’s period type: 2024, 2024S1, 2024Q3, 202407',
  })
  period!: string;

  @ApiPropertyOptional({
    example: 412,
    description: 'For every aggregation but RATIO; exactly one of value, or numerator and denominator',
  })
  value?: number;

  @ApiPropertyOptional({ example: 41250, description: 'RATIO indicators: not negative' })
  numerator?: number;

  @ApiPropertyOptional({ example: 52000, description: 'RATIO indicators: above 0' })
  denominator?: number;

  @ApiPropertyOptional({
    example: 'stttt-2024S2-815-bts',
    maxLength: 200,
    description:
      'Idempotency key (the event id): a value sent again with the same id counts once, whichever channel carried it. ' +
      'Without it the server makes one up, and a retried request counts again (as a correction of the same cell).',
  })
  id?: string;

  @ApiPropertyOptional({
    example: '2025-01-10T08:00:00+07:00',
    description:
      'When the value was reported (ISO 8601 with a time zone; not in the future). The latest report per indicator, org unit and period wins. Default: when the server received it.',
  })
  reportedAt?: string;
}
