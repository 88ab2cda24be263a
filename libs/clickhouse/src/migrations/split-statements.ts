/**
 * Splits a migration file into single statements, because the HTTP interface
 * runs one statement per request. A `;` ends a statement only outside quotes
 * ('…', "…", `…`) and comments (-- …, # …, /* … *\/); statements that hold only
 * comments or whitespace are dropped.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    const skipped = skipQuotedOrComment(sql, i);
    if (skipped > i) {
      current += sql.slice(i, skipped);
      i = skipped;
    } else if (ch === ';') {
      statements.push(current);
      current = '';
      i += 1;
    } else {
      current += ch;
      i += 1;
    }
  }
  statements.push(current);
  return statements.map((s) => s.trim()).filter((s) => stripComments(s).trim().length > 0);
}

/** Index just past the quoted string or comment starting at `i`, or `i` when none starts there. */
function skipQuotedOrComment(sql: string, i: number): number {
  const ch = sql[i];
  if (ch === "'" || ch === '"' || ch === '`') return skipQuoted(sql, i, ch);
  if ((ch === '-' && sql[i + 1] === '-') || ch === '#') return lineEnd(sql, i);
  if (ch === '/' && sql[i + 1] === '*') {
    const end = sql.indexOf('*/', i + 2);
    if (end < 0) throw new Error(`unterminated block comment at offset ${i}`);
    return end + 2;
  }
  return i;
}

function skipQuoted(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === '\\') {
      i += 2;
    } else if (sql[i] === quote && sql[i + 1] === quote) {
      i += 2; // a doubled quote is an escaped quote
    } else if (sql[i] === quote) {
      return i + 1;
    } else {
      i += 1;
    }
  }
  throw new Error(`unterminated ${quote} quote starting at offset ${start}`);
}

function lineEnd(sql: string, i: number): number {
  const end = sql.indexOf('\n', i);
  return end < 0 ? sql.length : end + 1;
}

function stripComments(statement: string): string {
  let out = '';
  let i = 0;
  while (i < statement.length) {
    const ch = statement[i];
    const isComment = (ch === '-' && statement[i + 1] === '-') || ch === '#' || (ch === '/' && statement[i + 1] === '*');
    const next = skipQuotedOrComment(statement, i);
    if (next > i) {
      if (!isComment) out += statement.slice(i, next);
      i = next;
    } else {
      out += ch;
      i += 1;
    }
  }
  return out;
}
