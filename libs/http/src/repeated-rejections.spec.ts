import { RepeatedRejections } from './repeated-rejections';

describe('RepeatedRejections', () => {
  let clock: number;
  let rejections: RepeatedRejections<string>;

  beforeEach(() => {
    clock = 0;
    rejections = new RepeatedRejections<string>(60_000, () => clock);
  });

  it('logs the first of identical rejections, counts the rest, and reports the count on the next one after the interval', () => {
    expect(rejections.admit('401|expired|10.0.0.1', 'a')).toEqual({ log: true, repeated: 0 });
    for (let index = 0; index < 500; index += 1) expect(rejections.admit('401|expired|10.0.0.1', 'a')).toEqual({ log: false });
    expect(rejections.admit('401|malformed|10.0.0.1', 'b')).toEqual({ log: true, repeated: 0 });
    expect(rejections.admit('401|expired|10.0.0.2', 'c')).toEqual({ log: true, repeated: 0 });
    clock = 59_999;
    expect(rejections.admit('401|expired|10.0.0.1', 'a')).toEqual({ log: false });
    clock = 60_000;
    expect(rejections.admit('401|expired|10.0.0.1', 'a')).toEqual({ log: true, repeated: 501 });
  });

  it('reports, once the interval has ended, the counts no later rejection carried', () => {
    rejections.admit('k1', 'first');
    rejections.admit('k1', 'first');
    rejections.admit('k1', 'first');
    rejections.admit('k2', 'second');
    expect(rejections.expiredSummaries()).toEqual([]);
    clock = 60_000;
    expect(rejections.expiredSummaries()).toEqual([{ context: 'first', repeated: 2 }]);
    expect(rejections.admit('k1', 'first')).toEqual({ log: true, repeated: 0 });
    clock = 90_000;
    expect(rejections.expiredSummaries()).toEqual([]);
  });
});
