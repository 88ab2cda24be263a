import { DEFAULT_TAG_DEFINITIONS, MACRO_DEFINITIONS } from '@tagstream/tagging';
import { ZH_TAG_DESCRIPTIONS } from '../../apps/console/src/i18n/tag-descriptions';

// The console words the service's English tag descriptions in Chinese from its own table; a description added
// or reworded in libs/tagging must be translated there too, or it would show in English on a Chinese page.
describe('the console’s Chinese tag descriptions', () => {
  it('translate every description libs/tagging gives a tag family or a macro', () => {
    const english = [...DEFAULT_TAG_DEFINITIONS.map((d) => d.description), ...MACRO_DEFINITIONS.map((m) => m.description)];
    expect(english.filter((text) => ZH_TAG_DESCRIPTIONS[text] === undefined)).toEqual([]);
  });
});
