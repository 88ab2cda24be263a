import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATEGORIES } from '@tagstream/events';
import { generateUserHistories } from '@tagstream/seed';
import { foldUser } from '@tagstream/tagging';

// The README's own demo: its seed command and its preview example must give a
// newcomer numbers, not `belowFloor`, at the default floor.
const FLOOR = 100;
const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
const seedCommand = /npm run seed -- --users (\d+) --days (\d+)/.exec(readme);
const preview = /risk:(C\d) AND \(holder:(\w+) OR viewed:\2\[30d, >=(\d+)\]\) AND NOT dca:active/.exec(readme);

describe("the README's demo population", () => {
  it('is named in the README, with its preview example', () => {
    expect(seedCommand).not.toBeNull();
    expect(preview).not.toBeNull();
  });

  const users = Number(seedCommand?.[1]);
  const days = Number(seedCommand?.[2]);
  const [level, category, minViews] = [preview?.[1], preview?.[2], Number(preview?.[3])];
  const stateCounts = new Map<string, number>();
  let previewSize = 0;
  if (seedCommand && preview) {
    for (const history of generateUserHistories({ users, days, seed: 1, now: new Date('2026-11-20T12:00:00Z') })) {
      const { stateTags, personalized } = foldUser(history);
      if (!personalized) continue;
      for (const tag of stateTags) stateCounts.set(tag, (stateCounts.get(tag) ?? 0) + 1);
      // The whole history is inside the window, so every engaged view of the category counts.
      const views = history.filter((e) => e.type === 'FundViewed' && e.data.category === category && e.data.dwellSeconds >= 5).length;
      const has = (tag: string) => stateTags.includes(tag);
      if (has(`risk:${level}`) && (has(`holder:${category}`) || views >= minViews) && !has('dca:active')) previewSize++;
    }
  }
  const below = (tags: string[]) => tags.filter((tag) => (stateCounts.get(tag) ?? 0) < FLOOR).map((tag) => `${tag}=${stateCounts.get(tag) ?? 0}`);

  it('gives every platform holder tag to at least the floor', () => {
    expect(below(CATEGORIES.map((c) => `holder:${c}`))).toEqual([]);
  });

  it('gives every risk level, every follows tag and dca:active to at least the floor', () => {
    const tags = [...['C1', 'C2', 'C3', 'C4', 'C5'].map((l) => `risk:${l}`), ...CATEGORIES.map((c) => `follows:${c}`), 'dca:active'];
    expect(below(tags)).toEqual([]);
  });

  it("gives the demo tenant's own holder, follower and dca tags to at least the floor", () => {
    expect(below(['inst:demo_fund:holder', 'inst:demo_fund:follower', 'inst:demo_fund:dca'])).toEqual([]);
  });

  it("puts at least the floor in the preview example's segment", () => {
    expect(previewSize).toBeGreaterThanOrEqual(FLOOR);
  });
});
