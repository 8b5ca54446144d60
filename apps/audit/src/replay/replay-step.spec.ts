import { rebuiltChainsExitCode, replayStepFor } from './replay-step';

describe('what audit:replay does with the records it read', () => {
  it('writes the output of a complete replay and exits 0', () => {
    expect(replayStepFor({ complete: true }, false)).toEqual({ action: 'write_output', exitCode: 0 });
  });

  it('writes the output of an incomplete replay too, saying it may be short, and exits 1', () => {
    expect(replayStepFor({ complete: false }, false)).toEqual({
      action: 'write_output',
      exitCode: 1,
      warning: 'warning: stopped waiting for a partition that delivered nothing more; the output may be short',
    });
  });

  it('rebuilds from a complete replay only: an incomplete one writes nothing and exits 1', () => {
    expect(replayStepFor({ complete: true }, true)).toEqual({ action: 'rebuild' });
    expect(replayStepFor({ complete: false }, true)).toEqual({
      action: 'refuse_rebuild',
      exitCode: 1,
      reason:
        'not rebuilding: stopped waiting for a partition that delivered nothing more, so the records read may be short; nothing was written',
    });
  });

  it('exits 1 after a rebuild when any rebuilt chain is broken', () => {
    const broken = {
      break: { tenant: 'acme', sequence: 4, kind: 'checkpoint_unknown_key' as const, expected: 'a key', actual: 'another' },
    };
    expect(rebuiltChainsExitCode([{}, {}])).toBe(0);
    expect(rebuiltChainsExitCode([{}, broken])).toBe(1);
    expect(rebuiltChainsExitCode([])).toBe(0);
  });
});
