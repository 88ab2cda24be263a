import { Global, Module } from '@nestjs/common';
import { ClickHouse } from '@tagstream/clickhouse';
import { AuditStore } from './audit-projection/audit-store';
import { AuditQueries } from './auditor/audit-queries';
import { AuditorController, ErasureController } from './auditor/auditor.controller';
import { DisclosureService } from './disclosure/disclosure.service';
import { ErasureRegistry } from './erasure/erasure-registry';
import { ErasureResumer } from './erasure/erasure-resumer';
import { ErasureService } from './erasure/erasure.service';
import { SubjectDirectoryRef } from './erasure/subject-directory.ref';

/**
 * Privacy and compliance: the disclosure rules every answer passes through,
 * the exposure audit, the auditor's routes and erasure. The audit projection
 * that feeds the auditor's tables runs elsewhere (`AuditProjectionModule`,
 * once per deployment); the routes read how far it got from ClickHouse.
 * Needs `AppConfig`, `EventStore` and `ClickHouse`, all global in the apps.
 * Binding `SUBJECT_DIRECTORY` (the projection's user id → surrogate mapping)
 * enables per-subject exposure and erasure. Global, because every feature
 * that answers with labels injects `DisclosureService`.
 */
@Global()
@Module({
  controllers: [AuditorController, ErasureController],
  providers: [
    DisclosureService,
    ErasureRegistry,
    ErasureService,
    ErasureResumer,
    SubjectDirectoryRef,
    { provide: AuditStore, useFactory: (ch: ClickHouse) => new AuditStore(ch), inject: [ClickHouse] },
    { provide: AuditQueries, useFactory: (ch: ClickHouse) => new AuditQueries(ch), inject: [ClickHouse] },
  ],
  exports: [DisclosureService, ErasureRegistry],
})
export class ComplianceModule {}
