import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class AggregateView {
  @ApiProperty() indicatorCode!: string;
  @ApiProperty() orgUnitCode!: string;
  @ApiProperty({ example: 'Tỉnh Tiền Giang' }) orgUnitName!: string;
  @ApiProperty() period!: string;
  @ApiProperty({ enum: ['SUM', 'AVERAGE', 'RATIO', 'MIN', 'MAX'] }) aggregation!: string;
  @ApiProperty({ nullable: true, type: Number }) value!: number | null;
  @ApiPropertyOptional({ description: 'RATIO only: sum of numerators' }) numerator?: number;
  @ApiPropertyOptional({ description: 'RATIO only: sum of denominators' }) denominator?: number;
  @ApiProperty({ description: 'Reported values the aggregate covers' }) valueCount!: number;
  @ApiProperty() version!: number;
  @ApiProperty() updatedAt!: string;
}
