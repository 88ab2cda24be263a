import { FORBIDDEN_FIELDS, TagCatalog } from '@tagstream/tagging';

export interface LineageItem {
  tag: string;
  kind: 'state' | 'activity' | 'consent';
  visibility: 'platform' | 'tenant' | null;
  description: string | null;
  reads: { eventType: string; fields: string[] }[];
  forbiddenFieldsRead: string[];
}

export interface LineageReport {
  forbiddenFields: string[];
  /** True when no tag (nor consent) reads a forbidden field. */
  passed: boolean;
  tags: LineageItem[];
}

/**
 * Every tag family's source fields as the taxonomy declares them, checked
 * against the forbidden fields. The fold itself refuses to hand a rule any
 * field outside its declared lineage (libs/tagging), so the declaration is
 * what the rules can read.
 */
export function lineageReport(catalog: TagCatalog = new TagCatalog()): LineageReport {
  const forbidden: readonly string[] = FORBIDDEN_FIELDS;
  const byPattern = new Map(catalog.definitions().map((d) => [d.pattern, d]));
  const tags = catalog.lineage().map(({ subject, lineage }): LineageItem => {
    const definition = byPattern.get(subject);
    const reads = lineage.map((entry) => ({ eventType: entry.eventType, fields: [...entry.fields] }));
    const forbiddenFieldsRead = [...new Set(reads.flatMap((r) => r.fields.filter((f) => forbidden.includes(f))))];
    return {
      tag: subject,
      kind: definition?.kind ?? 'consent',
      visibility: definition?.visibility ?? null,
      description: definition?.description ?? null,
      reads,
      forbiddenFieldsRead,
    };
  });
  return { forbiddenFields: [...forbidden], passed: tags.every((t) => t.forbiddenFieldsRead.length === 0), tags };
}
