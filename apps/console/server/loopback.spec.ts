import { isLoopback } from './loopback';

describe('who is offered the demo tokens', () => {
  it.each(['127.0.0.1', '127.3.2.1', '::1', '::ffff:127.0.0.1'])('a caller on this machine (%s)', (address) => {
    expect(isLoopback(address)).toBe(true);
  });

  it.each(['192.0.2.2', '10.0.0.7', '::ffff:192.0.2.2', 'fd00::2', '127.0.0.1.example', '::2', '', undefined])('not a caller from elsewhere (%s)', (address) => {
    expect(isLoopback(address)).toBe(false);
  });
});
