import { formatRoute, parseRoute } from './routes';

describe('the console’s URLs', () => {
  it('name a screen, or one segment on the segments screen', () => {
    expect(parseRoute('#/catalogue')).toEqual({ screen: 'catalogue' });
    expect(parseRoute('#/segments/3f1c-9a')).toEqual({ screen: 'segments', segmentId: '3f1c-9a' });
    expect(parseRoute('#/segments')).toEqual({ screen: 'segments' });
    expect(parseRoute('')).toEqual({});
    expect(parseRoute('#/')).toEqual({});
  });

  it('read back what they write, odd characters included', () => {
    for (const route of [{ screen: 'audit' }, { screen: 'segments', segmentId: 'a b/c%' }, { screen: 'segments' }]) {
      expect(parseRoute(formatRoute(route))).toEqual(route);
    }
    expect(formatRoute({ screen: 'segments', segmentId: 'x' })).toBe('#/segments/x');
    // a segment id belongs only to the segments screen
    expect(formatRoute({ screen: 'overlap', segmentId: 'x' })).toBe('#/overlap');
  });
});
