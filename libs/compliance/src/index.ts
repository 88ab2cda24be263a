export { ComplianceModule } from './compliance.module';
export { DisclosureService, COMPLIANCE_CLOCK } from './disclosure/disclosure.service';
export type { CountRelease, ReleasedCount } from './disclosure/disclosure.service';
export { DifferenceCheck, DifferenceDecision, VERSIONS_PER_KEY } from './difference/difference-check';
export type { CountCandidate, DifferenceCheckOptions, EarlierAnswer, Refusal, Verdict } from './difference/difference-check';
export { compareSketches, inSample, releaseThreshold, sketchLevel, sketchOfMembers, toSketch, SKETCH_CAPACITY, SKETCH_HARD_LIMIT, FALSE_RELEASE_PROBABILITY } from './difference/member-sketch';
export type { MemberSketch, SketchVerdict } from './difference/member-sketch';
export { deriveSketchKey, memberHash, offsetHash, sampleOffsets, OFFSET_LEVELS, OFFSETS } from './difference/member-hash';
export type { SketchKey } from './difference/member-hash';
export { BelowFloorError, DifferenceRefusedError } from './disclosure/below-floor.error';
export { floorCount, floorShare } from './disclosure/floor';
export type { FlooredCount, FlooredShare } from './disclosure/floor';
export { Pseudonymizer, erasureHash } from './disclosure/pseudonym';
export { EXPOSURE_ACTIONS, EXPOSURE_RECORDED, EXPOSURES_RECORDED, EXPOSURE_SUBJECTS_RECORDED, exposureRecordsIn } from './audit/exposure-record';
export type {
  ExposureAction,
  ExposurePrincipal,
  ExposureRecordInput,
  ExposureRecordedData,
  ExposuresRecordedData,
  ExposureSubjectsRecordedData,
} from './audit/exposure-record';
export { AUDIT_ACTIONS, ERASURE_ACTIONS } from './audit/audit-actions';
export { AUDIT_STREAM_PREFIX, ERASURES_STREAM, auditStreamName } from './audit/audit-streams';
export { AuditProjector } from './audit-projection/audit-projector';
export { AuditProjectionModule } from './audit-projection/audit-projection.module';
export type { AuditProjectorOptions } from './audit-projection/audit-projector';
export { AuditStore } from './audit-projection/audit-store';
export type { AuditCheckpoint } from './audit-projection/audit-store';
export { ErasureRegistry } from './erasure/erasure-registry';
export type { PendingErasure } from './erasure/erasure-registry';
export { ErasureResumer, ResumeLoop } from './erasure/erasure-resumer';
export type { ResumeLoopOptions } from './erasure/erasure-resumer';
export { ERASURE_TICKET_PREFIX } from './erasure/erasure-ticket';
export { ErasureService } from './erasure/erasure.service';
export { SubjectDirectoryRef } from './erasure/subject-directory.ref';
export type { ErasureAnswer, ResumeOutcome } from './erasure/erasure.service';
export { ClickHouseEraser } from './erasure/clickhouse-eraser';
export { SUBJECT_DIRECTORY } from './erasure/subject-directory';
export type { SubjectDirectory } from './erasure/subject-directory';
export { USER_ERASED, USER_ERASURE_COMPLETED } from './erasure/erasure-events';
export type { ErasureRemoved, UserErasedData, UserErasureCompletedData } from './erasure/erasure-events';
export { lineageReport } from './auditor/lineage-report';
export type { LineageItem, LineageReport } from './auditor/lineage-report';
export type { AuditRecordView } from './auditor/audit-queries';
export { ERASURE_VISIBILITY_MS } from './erasure/erasure-visibility';
