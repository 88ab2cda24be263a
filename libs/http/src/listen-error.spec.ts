import { explainListenError } from './listen-error';

const config = { HOST: '0.0.0.0', PORT: 3000 };
const failure = (code: string) => Object.assign(new Error(`listen ${code}`), { code });

describe('why the HTTP server cannot listen', () => {
  it.each([
    ['EADDRINUSE', 'PORT 3000 is already in use on 0.0.0.0'],
    ['EACCES', 'PORT 3000 needs privileges'],
    ['EADDRNOTAVAIL', 'HOST 0.0.0.0 is not an address of this machine'],
    ['ENOTFOUND', 'HOST 0.0.0.0 does not resolve (ENOTFOUND)'],
  ])('%s names the variable to change', (code, message) => {
    expect(explainListenError(failure(code), config)).toContain(message);
  });

  it('leaves any other failure to the generic start-up error', () => {
    expect(explainListenError(failure('ECONNRESET'), config)).toBeUndefined();
    expect(explainListenError(new Error('boom'), config)).toBeUndefined();
  });
});
