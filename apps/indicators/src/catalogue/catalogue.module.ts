import { Module } from '@nestjs/common';
import { ClockModule } from '@dxhub/calendar';
import { CatalogueChangeFollowUps } from './catalogue-change-follow-up';
import { CatalogueService } from './catalogue.service';
import { HierarchyChangesService } from './hierarchy-changes.service';
import { IndicatorCatalogueRepository } from './indicator-catalogue.repository';
import { IndicatorsController } from './indicators.controller';
import { IndicatorsService } from './indicators.service';
import { OrgUnitsController } from './org-units.controller';
import { OrgUnitsRepository } from './org-units.repository';

/**
 * The indicator catalogue, org units and agencies held in memory (CatalogueService, which every feature reads),
 * and the catalogue's own endpoints. Data approval follows its changes up through CatalogueChangeFollowUps.
 */
@Module({
  imports: [ClockModule],
  controllers: [IndicatorsController, OrgUnitsController],
  providers: [
    CatalogueService,
    IndicatorsService,
    IndicatorCatalogueRepository,
    HierarchyChangesService,
    OrgUnitsRepository,
    CatalogueChangeFollowUps,
  ],
  exports: [CatalogueService, CatalogueChangeFollowUps],
})
export class CatalogueModule {}
