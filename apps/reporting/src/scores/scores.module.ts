import { Module } from '@nestjs/common';
import { DtiScoresRepository } from './dti-scores.repository';

/** The DTI-score read model (`dti_scores`, projected from `dx.dti-score.updated`): what scorecards and league tables read. */
@Module({
  providers: [DtiScoresRepository],
  exports: [DtiScoresRepository],
})
export class ScoresModule {}
