import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FIRST_SERVED_YEAR, LAST_SERVED_YEAR } from '@dxhub/calendar';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The government's yearly announcement of days off (Tết, bridge days) and swapped working days. */
export class CalendarNoticeDto {
  @ApiProperty({ example: 2027 })
  @IsInt()
  @Min(FIRST_SERVED_YEAR)
  @Max(LAST_SERVED_YEAR)
  year!: number;

  @ApiProperty({ example: ['2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'], type: [String] })
  @IsArray()
  @ArrayMaxSize(60)
  @Matches(DATE, { each: true })
  daysOff!: string[];

  @ApiProperty({ example: [], type: [String], description: 'Weekend days worked that year' })
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(DATE, { each: true })
  workingDays!: string[];

  @ApiProperty({
    example: ['tet'],
    description: "Default rules the notice's days replace",
    enum: ['tet', 'national-day-adjacent'],
    isArray: true,
  })
  @IsArray()
  @IsIn(['tet', 'national-day-adjacent'], { each: true })
  replaces!: ('tet' | 'national-day-adjacent')[];

  @ApiPropertyOptional({ example: 'Thông báo của Bộ Nội vụ về lịch nghỉ Tết 2027' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  source?: string;
}
