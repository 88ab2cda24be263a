export { ComplianceModule } from './compliance.module';
export { DisclosureService, COMPLIANCE_CLOCK } from './disclosure/disclosure.service';
export { BelowFloorError } from './disclosure/below-floor.error';
export { floorCount, floorShare } from './disclosure/floor';
export type { FlooredCount, FlooredShare } from './disclosure/floor';
export { Pseudonymizer, erasureHash } from './disclosure/pseudonym';
export { EXPOSURE_ACTIONS, EXPOSURE_RECORDED, EXPOSURE_SUBJECTS_RECORDED } from './audit/exposure-record';
export type {
  ExposureAction,
  ExposurePrincipal,
  ExposureRecordInput,
  ExposureRecordedData,
  ExposureSubjectsRecordedData,
} from './audit/exposure-record';
export { AUDIT_STREAM_PREFIX, ERASURES_STREAM, auditStreamName } from './audit/audit-streams';
export { AuditProjector } from './audit-projection/audit-projector';
export type { AuditProjectorOptions } from './audit-projection/audit-projector';
export { AuditStore } from './audit-projection/audit-store';
export type { AuditCheckpoint } from './audit-projection/audit-store';
