import type { Expr } from '../builder/expression-engine';

// Shapes of DESIGN §6 as the console reads them. Fields the console does not
// show are left out; optional ones are those the contract does not fix.

export type Role = 'ingest' | 'marketer' | 'recommender' | 'auditor' | 'admin';

export interface Freshness {
  position?: unknown;
  /** Time of the last event the projection has applied. */
  time?: string | null;
  lagMs?: number | null;
  lagSeconds?: number | null;
  [key: string]: unknown;
}

export interface SizeAnswer {
  size: number | null;
  belowFloor: boolean;
  freshness?: Freshness;
}

export interface TagInfo {
  name: string;
  kind: 'state' | 'activity' | 'macro' | string;
  description?: string;
  lineage?: unknown;
  count?: number | null;
  belowFloor?: boolean;
}

export interface SegmentVersion {
  version: number;
  expression: Expr;
  name?: string;
  description?: string;
  at?: string;
  by?: string;
}

export interface Segment {
  id: string;
  name: string;
  description?: string;
  archived?: boolean;
  version?: number;
  expression?: Expr;
  versions?: SegmentVersion[];
  createdAt?: string;
  updatedAt?: string;
}

export interface InsightShare {
  tag: string;
  share: number | null;
  count?: number | null;
  belowFloor: boolean;
}

export interface Snapshot {
  snapshotId: string;
  size: number;
  definitionVersion?: number;
  excludedBySuitability?: number;
  productRiskLevel?: string;
  position?: unknown;
  [key: string]: unknown;
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
  tenant: string;
  action: string;
  snapshotId?: string | null;
  segmentId?: string | null;
  definitionVersion?: number | null;
  actor?: string;
}

export interface LineageRow {
  tag: string;
  kind?: string;
  events: string[];
  fields: string[];
}

export interface DemoToken {
  role: Role;
  tenant?: string;
  token: string;
}
