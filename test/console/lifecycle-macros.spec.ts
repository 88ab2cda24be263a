import { MACRO_DEFINITIONS } from '@tagstream/tagging';
import { LIFECYCLE_MACROS } from '../../apps/console/src/api/lifecycle-macros';

// The console lists the macros GET /v1/tags leaves out; it may not import libs/tagging, so its copy is held to the server's here.
describe('the console’s lifecycle macros', () => {
  it('are the macros libs/tagging expands, with the same descriptions and expansions', () => {
    expect(LIFECYCLE_MACROS.map(({ name, description, expansion }) => ({ name, description, expansion }))).toEqual(
      MACRO_DEFINITIONS.map(({ name, description, expansion }) => ({ name, description, expansion })),
    );
  });
});
