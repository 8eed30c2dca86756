import { ApiProperty } from '@nestjs/swagger';
import { HistoryEntryViewDto } from './history-entry-view.dto';

/** The org unit version a history is for. */
class HistoryOrgUnitDto {
  @ApiProperty({ description: 'GSO code', example: '816' })
  code!: string;

  @ApiProperty({
    description: 'Vietnamese name of the version in force at the end of the period',
    example: 'Thành phố Gò Công',
  })
  nameVi!: string;

  @ApiProperty({ type: String, nullable: true, description: 'First day of that version' })
  validFrom!: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'Last day of that version' })
  validTo!: string | null;
}

/** Response of GET /v1/indicator-values/history. */
export class HistoryViewDto {
  @ApiProperty({ description: 'Indicator code', example: 'BTS_COUNT' })
  indicator!: string;

  @ApiProperty({ type: HistoryOrgUnitDto, description: 'The org unit version' })
  orgUnit!: HistoryOrgUnitDto;

  @ApiProperty({ description: 'Period', example: '2024S2' })
  period!: string;

  @ApiProperty({
    type: [HistoryEntryViewDto],
    description: 'Accepted reports, newest first (reported time, then arrival)',
  })
  data!: HistoryEntryViewDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` for the next page; null on the last page',
  })
  nextCursor!: string | null;
}
