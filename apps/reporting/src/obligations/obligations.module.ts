import { Module } from '@nestjs/common';
import { ObligationProgressRepository } from './obligation-progress.repository';

/** The obligation periods' report counts (dx.obligation.progress-updated): what agency performance sums. */
@Module({ providers: [ObligationProgressRepository], exports: [ObligationProgressRepository] })
export class ObligationsModule {}
