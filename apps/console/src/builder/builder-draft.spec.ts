import { memoryStorage } from '../testing/memory-storage';
import { clearDraft, hasDraft, loadDraft, saveDraft } from './builder-draft';

describe('builder draft', () => {
  it('gives the typed expression back to the same person only', () => {
    const storage = memoryStorage();
    saveDraft({ owner: 'm1|demo_fund', text: 'risk:C3 AND NOT dca:active', name: 'Q4', description: '', segmentId: 'seg-1', version: 2 }, storage);
    expect(loadDraft('m1|demo_fund', storage)).toMatchObject({ text: 'risk:C3 AND NOT dca:active', name: 'Q4', segmentId: 'seg-1', version: 2 });
    expect(loadDraft('m2|other_fund', storage)).toBeUndefined();
  });

  it('keeps nothing for an empty builder, and forgets on clear', () => {
    const storage = memoryStorage();
    saveDraft({ owner: 'm1|', text: 'risk:C3', name: '', description: '' }, storage);
    saveDraft({ owner: 'm1|', text: '  ', name: '', description: '' }, storage);
    expect(loadDraft('m1|', storage)).toBeUndefined();
    saveDraft({ owner: 'm1|', text: 'risk:C3', name: '', description: '' }, storage);
    expect(hasDraft(storage)).toBe(true);
    clearDraft(storage);
    expect(loadDraft('m1|', storage)).toBeUndefined();
    expect(hasDraft(storage)).toBe(false);
  });

  it('ignores what is not a draft', () => {
    const storage = memoryStorage();
    storage.setItem('tagstream.builderDraft', '{not json');
    expect(loadDraft('m1|', storage)).toBeUndefined();
  });
});
