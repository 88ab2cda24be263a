import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_TYPES } from '@tagstream/events';

const ROOT = join(__dirname, '..', '..');
const contract = readFileSync(join(ROOT, 'docs', 'contract.md'), 'utf8');
const sections = new Set([...contract.matchAll(/^## (\d+)\. /gm)].map((m) => m[1]));
const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' })
  .split('\n')
  .filter((file) => /\.(ts|tsx|js|md|sql|yml)$/.test(file) && !file.startsWith('docs/contract.md') && file !== 'test/docs/contract.spec.ts');

// The contract a user of the repo reads is docs/contract.md; the code cites it, and nothing outside the repo.
describe('docs/contract.md', () => {
  it('has the numbered sections the code cites', () => {
    expect([...sections]).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
  });

  it('is what every section citation points at, by a section that exists', () => {
    const problems: string[] = [];
    for (const file of tracked) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      if (/\bDESIGN\b/.test(text)) problems.push(`${file} cites DESIGN`);
      for (const [, section] of text.matchAll(/contract(?:\.md)?\]?(?:\([^)]*\))? §(\d+)/g)) {
        if (!sections.has(section)) problems.push(`${file} cites §${section}, which docs/contract.md does not have`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('names every event type of the catalog', () => {
    expect(EVENT_TYPES.filter((type) => !contract.includes(`\`${type}\``))).toEqual([]);
  });

  it('is linked from the README', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain('](docs/contract.md)');
  });
});
