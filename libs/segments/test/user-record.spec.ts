import fc from 'fast-check';
import { addDays } from '../src/expression';
import { decodeUserLabels, encodeUserLabels, TagIds } from '../src/user-tags/user-record';

const TAGS = ['active', 'viewed:gold', 'viewed:bond', 'read:education', 'inst:fund1:engaged', 'campaign:exposed'];
const STATE = ['risk:C3', 'holder:gold', 'follows:bond', 'dca:active', 'inst:fund1:holder'];
const FIRST = '2026-07-01';

/** What the ClickHouse path answers: tags with a row in the 90 days, in name order, with their window sums. */
function reference(daily: { tag: string; day: string; count: number }[], asOfDay: string) {
  const inWindow = daily.filter((row) => row.day >= addDays(asOfDay, -89) && row.day <= asOfDay);
  const tags = [...new Set(inWindow.map((row) => row.tag))].sort();
  return tags.map((tag) => {
    const rows = inWindow.filter((row) => row.tag === tag);
    const sum = (from: string) => rows.filter((row) => row.day >= from).reduce((n, row) => n + row.count, 0);
    return { tag, last7d: sum(addDays(asOfDay, -6)), last30d: sum(addDays(asOfDay, -29)), last90d: sum(addDays(asOfDay, -89)) };
  });
}

describe('user records', () => {
  it('decode to the windows the ClickHouse path computes, for any asOf the record covers', () => {
    const row = fc.record({ tag: fc.constantFrom(...TAGS), day: fc.integer({ min: 0, max: 200 }).map((n) => addDays(FIRST, n)), count: fc.integer({ min: 1, max: 100_000 }) });
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.subarray(STATE),
        fc.uniqueArray(row, { selector: (r) => `${r.tag}|${r.day}`, maxLength: 60 }),
        fc.integer({ min: 89, max: 260 }),
        (personalized, state, daily, asOfOffset) => {
          const tags = new TagIds();
          const asOfDay = addDays(FIRST, asOfOffset);
          const decoded = decodeUserLabels(encodeUserLabels({ personalized, state, daily }, tags), 0, tags, asOfDay);
          expect(decoded).toEqual({ personalized, state: [...state].sort(), activity: reference(daily, asOfDay) });
        },
      ),
    );
  });

  it('decode from an offset inside larger words', () => {
    const tags = new TagIds();
    const record = encodeUserLabels({ personalized: false, state: ['risk:C1'], daily: [{ tag: 'active', day: '2026-11-20', count: 3 }] }, tags);
    const words = new Uint32Array(record.length + 5);
    words.set(record, 5);
    expect(decodeUserLabels(words, 5, tags, '2026-11-20')).toEqual({
      personalized: false,
      state: ['risk:C1'],
      activity: [{ tag: 'active', last7d: 3, last30d: 3, last90d: 3 }],
    });
  });
});
