import { once } from 'node:events';
import type { Response } from 'express';

const LINES_PER_WRITE = 500;

/** The OpenAPI content of a line page: either form is one text body. */
export const LINE_PAGE_CONTENT = { 'application/x-ndjson': { schema: { type: 'string' } }, 'text/csv': { schema: { type: 'string' } } };

/** One page of single-column lines: NDJSON `{"<field>":…}` or CSV with a `<field>` header. */
export interface LinePage {
  readonly csv: boolean;
  readonly field: string;
  readonly values: readonly string[];
  /** Response headers besides Content-Type (cursor, page size, …); undefined values are left out. */
  readonly headers: Record<string, string | undefined>;
}

/** CSV when `format` says so, else when the Accept header asks for it. */
export function wantsCsv(format: 'ndjson' | 'csv' | undefined, accept: string | undefined): boolean {
  return format ? format === 'csv' : /text\/csv/i.test(accept ?? '');
}

/** Streams the page with back-pressure; stops quietly when the client goes away. */
export async function sendLinePage(res: Response, page: LinePage): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', page.csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
  for (const [name, value] of Object.entries(page.headers)) if (value !== undefined) res.setHeader(name, value);
  const line = page.csv ? (value: string) => `${csvField(value)}\n` : (value: string) => `{${JSON.stringify(page.field)}:${JSON.stringify(value)}}\n`;
  if (page.csv && !(await write(res, `${page.field}\n`))) return;
  for (let i = 0; i < page.values.length; i += LINES_PER_WRITE) {
    if (!(await write(res, page.values.slice(i, i + LINES_PER_WRITE).map(line).join('')))) return;
  }
  res.end();
}

/** RFC 4180 quoting, only when needed (pseudonyms and valid user ids never need it). */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Writes with back-pressure; false when the client went away. */
async function write(res: Response, chunk: string): Promise<boolean> {
  if (res.destroyed) return false;
  if (!res.write(chunk)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
  return !res.destroyed;
}
