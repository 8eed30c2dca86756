import { OmitType } from '@nestjs/swagger';
import { ApprovalQueryDto } from './approval-query.dto';

/** Query of GET /v1/indicator-values/returned: the approval list's filters and paging, the state fixed. */
export class ReturnedValuesQueryDto extends OmitType(ApprovalQueryDto, ['status'] as const) {}
