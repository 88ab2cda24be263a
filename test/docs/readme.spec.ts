import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_VARIABLES } from '@tagstream/config';

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
const scripts: Record<string, string> = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).scripts;

describe('README', () => {
  it.each(CONFIG_VARIABLES.map((v) => [v.name, v]))('documents %s in the configuration table', (name, variable) => {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));
    expect(row).toBeDefined();
    if (variable.default !== undefined && variable.default !== '') expect(row).toContain(`\`${variable.default}\``);
  });

  it('shows the two set-up commands', () => {
    expect(readme).toContain('npm start');
    expect(readme).toContain('npm test');
  });

  it('names only npm scripts that exist', () => {
    const named = [...readme.matchAll(/npm run ([a-z][\w:-]*)/g)].map((m) => m[1]);
    const missing = named.filter((name) => !(name in scripts));
    expect(missing).toEqual([]);
  });
});
