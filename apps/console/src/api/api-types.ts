import type { Expr } from '../builder/expression-engine';

// Shapes of docs/contract.md §6 as the console reads them. Fields the console does not
// show are left out; optional ones are those the contract does not fix.

export type Role = 'ingest' | 'marketer' | 'recommender' | 'auditor' | 'admin';

export interface Freshness {
  /** Last event-store position whose labels are visible. */
  position?: string | null;
  /** Commit time of the event at that position. */
  reachedAt?: string | null;
  lagEvents?: number;
  lagSeconds?: number;
}

/** Why a number has no value beyond the floor itself: its people differ from an earlier answer's by fewer than the floor. */
export type WithheldReason = 'difference';

export interface SizeAnswer {
  size: number | null;
  belowFloor: boolean;
  reason?: WithheldReason;
  /** A stored segment's answers say which version they counted. */
  definitionVersion?: number;
  freshness?: Freshness;
}

export interface TagInfo {
  name: string;
  /** False for a family such as `inst:<id>:holder` that names no single tag. */
  concrete?: boolean;
  kind: 'state' | 'activity' | 'macro' | string;
  description?: string;
  lineage?: unknown;
  /** A macro's meaning, as the expression it stands for. */
  expansion?: Expr;
  count?: number | null;
  belowFloor?: boolean;
  reason?: WithheldReason;
}

export interface SegmentVersion {
  version: number;
  expression: Expr;
  text?: string;
  name?: string;
  description?: string | null;
  definedAt?: string;
  definedBy?: string;
}

export interface Segment {
  id: string;
  name: string;
  description?: string | null;
  archived?: boolean;
  version?: number;
  expression?: Expr;
  text?: string;
  /** Oldest first; only on a single segment's read. */
  versions?: SegmentVersion[];
  createdAt?: string;
  definedAt?: string;
  definedBy?: string;
}

export interface InsightShare {
  tag: string;
  share: number | null;
  count?: number | null;
  belowFloor: boolean;
  reason?: WithheldReason;
}

export interface Snapshot {
  snapshotId: string;
  size: number;
  definitionVersion?: number;
  /** Members left out by the suitability rule. */
  leftOut?: number;
  productRiskLevel?: string | null;
  position?: string | null;
  asOf?: string;
  createdAt?: string;
  createdBy?: string;
}

export interface AuditRecord {
  recordId: string;
  at: string;
  actor: string;
  role: string;
  tenant: string | null;
  action: string;
  segmentId?: string | null;
  definitionVersion?: number | null;
  snapshotId?: string | null;
  numbers?: Record<string, number | null>;
  idsExposed?: number;
  subjectCount?: number;
  /** Numbers the difference check withheld from this answer, each with the earlier answer it was checked against. */
  refusals?: AuditRefusal[];
}

export interface AuditRefusal {
  answer: string;
  reason: WithheldReason;
  checkedAgainst: { recordId: string | null; action: string; answer: string; size: number; at: string };
}

export interface ExposureRow {
  day: string;
  tenant: string;
  action: string;
  count: number;
  ids?: number;
}

export interface SubjectExposure {
  at: string;
  tenant: string | null;
  action: string;
  snapshotId?: string | null;
  segmentId?: string | null;
  definitionVersion?: number | null;
  actor?: string;
}

export interface LineageRow {
  tag: string;
  kind?: string;
  description?: string | null;
  events: string[];
  fields: string[];
  forbiddenFieldsRead: string[];
}

export interface LineageAnswer {
  rows: LineageRow[];
  forbiddenFields: string[];
  passed?: boolean;
}

export interface DemoToken {
  role: Role;
  tenant?: string;
  token: string;
}
