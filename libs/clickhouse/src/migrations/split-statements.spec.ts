import { splitStatements } from './split-statements';

describe('splitStatements', () => {
  it('splits on semicolons and drops empty and comment-only statements', () => {
    expect(splitStatements('CREATE TABLE a (x UInt8) ENGINE = Memory;\n\n-- trailing note\n;SELECT 1;')).toEqual([
      'CREATE TABLE a (x UInt8) ENGINE = Memory',
      'SELECT 1',
    ]);
  });

  it('keeps semicolons inside quotes, identifiers and comments', () => {
    const sql = [
      "SELECT 'a;b', \"c;d\", `e;f` -- g;h\n",
      "/* i;\n j; */ SELECT 'it''s; fine', 'back\\'slash;'",
    ].join(';');
    expect(splitStatements(sql)).toEqual([
      "SELECT 'a;b', \"c;d\", `e;f` -- g;h",
      "/* i;\n j; */ SELECT 'it''s; fine', 'back\\'slash;'",
    ]);
  });

  it('treats # as a line comment like ClickHouse does', () => {
    expect(splitStatements('# only a comment;\nSELECT 2')).toEqual(['# only a comment;\nSELECT 2']);
  });

  it('refuses an unterminated quote or comment with its offset', () => {
    expect(() => splitStatements("SELECT 'open")).toThrow(/unterminated ' quote starting at offset 7/);
    expect(() => splitStatements('SELECT 1 /* open')).toThrow(/unterminated block comment at offset 9/);
  });
});
