import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { systemClock } from '@tagstream/common';
import { ComplianceModule } from '@tagstream/compliance';
import { TagCatalog } from '@tagstream/tagging';
import { AudienceService } from './audience/audience.service';
import { ExpressionReader } from './audience/expression-reader';
import { SegmentsController } from './http/segments.controller';
import { SnapshotDeliveryController } from './http/snapshot-delivery.controller';
import { SnapshotsController } from './http/snapshots.controller';
import { TagsController } from './http/tags.controller';
import { UserTagsController } from './http/user-tags.controller';
import { CheckpointFreshnessSource, LABEL_FRESHNESS } from './labels/label-freshness';
import { LabelQueries } from './labels/label-queries';
import { PLATFORM_IDS, UnboundPlatformIds } from './labels/platform-ids';
import { SnapshotStore } from './labels/snapshot-store';
import { UnboundUserSurrogates, USER_SURROGATES } from './labels/user-surrogates';
import { ArchiveSegmentHandler, CreateSegmentHandler, RedefineSegmentHandler } from './segment/segment.commands';
import { SegmentListReadModel } from './segment/segment-list.read-model';
import { SegmentRepository } from './segment/segment.repository';
import { SegmentsService } from './segment/segments.service';
import { SEGMENTS_CLOCK } from './segments.tokens';
import { SnapshotDeliveryService } from './snapshot/snapshot-delivery.service';
import { SnapshotService } from './snapshot/snapshot.service';
import { TagListService } from './tags/tag-list.service';
import { ServingIndex } from './user-tags/serving-index';
import { UserTagsService } from './user-tags/user-tags.service';

/**
 * The read side of docs/contract.md §5–6: segments (event-sourced definitions), their
 * sizes, insights, overlaps and snapshots, one user's tags, the tag list.
 * Needs `EventStore`, `ClickHouse` and `AppConfig` (global in the apps).
 * `USER_SURROGATES` (the projection's user id → surrogate lookup),
 * `PLATFORM_IDS` (its reverse, for the admin's delivery) and
 * `LABEL_FRESHNESS` may be overridden by the app.
 */
@Module({
  imports: [CqrsModule, ComplianceModule],
  controllers: [SegmentsController, SnapshotsController, SnapshotDeliveryController, UserTagsController, TagsController],
  providers: [
    { provide: SEGMENTS_CLOCK, useValue: systemClock },
    { provide: TagCatalog, useValue: new TagCatalog() },
    { provide: LABEL_FRESHNESS, useClass: CheckpointFreshnessSource },
    { provide: USER_SURROGATES, useClass: UnboundUserSurrogates },
    { provide: PLATFORM_IDS, useClass: UnboundPlatformIds },
    ExpressionReader,
    LabelQueries,
    SnapshotStore,
    SegmentRepository,
    SegmentListReadModel,
    CreateSegmentHandler,
    RedefineSegmentHandler,
    ArchiveSegmentHandler,
    SegmentsService,
    AudienceService,
    SnapshotService,
    SnapshotDeliveryService,
    ServingIndex,
    UserTagsService,
    TagListService,
  ],
  exports: [USER_SURROGATES, PLATFORM_IDS, LABEL_FRESHNESS],
})
export class SegmentsModule {}
