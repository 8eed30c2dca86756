// @Type reads design-time metadata when the class is declared, whoever imports this first.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { EnvelopeLimits } from '../envelope/envelope-rules';
import { RejectionCodes, type RejectionCode } from '../envelope/rejection-codes';
import { AGENCY_CODE_PATTERN, REJECTING_SERVICES, type RejectingService } from '../topics';

/** The ways an agency's events reach the platform, as the rejection log names them. */
export const REJECTION_CHANNELS = ['kafka', 'rest', 'xlsx'] as const;
export type RejectionChannel = (typeof REJECTION_CHANNELS)[number];

/** Event ids a summary names at most; the rejection log has them all. */
export const MAX_SAMPLE_EVENT_IDS = 10;

/** How many refusals of one reason code a summary counts. */
export class RejectionReasonCountV1 {
  @IsIn(Object.values(RejectionCodes))
  code!: RejectionCode;

  @IsInt()
  @Min(1)
  count!: number;
}

/**
 * `dx.agency-events.rejected` v1: a summary of the events of one agency that one service refused together (a
 * consumed Kafka batch of one topic, or one REST or spreadsheet request): how many, when, and why. One per
 * agency and batch, never one per event, so a bad batch of a thousand records is one notice. Each refusal
 * itself, with its reason, is in the service's rejection log (GET /v1/rejections).
 */
export class AgencyEventsRejectedV1 {
  /** The agency whose events were refused. */
  @Matches(AGENCY_CODE_PATTERN, { message: 'agency must be an agency code' })
  agency!: string;

  /** The service that refused them: its GET /v1/rejections lists them. */
  @IsIn(REJECTING_SERVICES)
  service!: RejectingService;

  @IsIn(REJECTION_CHANNELS)
  channel!: RejectionChannel;

  /** The agency topic they came on (channel `kafka`). */
  @IsOptional()
  @IsString()
  @MaxLength(249)
  topic?: string;

  /** Events refused. */
  @IsInt()
  @Min(1)
  count!: number;

  /** When the first and the last of them were refused (RFC 3339). */
  @IsISO8601({ strict: true })
  firstRejectedAt!: string;

  @IsISO8601({ strict: true })
  lastRejectedAt!: string;

  /** The reason codes, most frequent first. */
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => RejectionReasonCountV1)
  reasons!: RejectionReasonCountV1[];

  /** Up to MAX_SAMPLE_EVENT_IDS of their event ids (events without a readable id are not named). */
  @IsArray()
  @ArrayMaxSize(MAX_SAMPLE_EVENT_IDS)
  @IsString({ each: true })
  @MaxLength(EnvelopeLimits.MAX_ID_LENGTH, { each: true })
  sampleEventIds!: string[];
}
