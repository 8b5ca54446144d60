import { TenantChainReport } from '../verify/verify-audit-chains';

/**
 * What `npm run audit:replay` does with the records it read: writes them to its output and exits with `exitCode`,
 * rebuilds the database from them and verifies it (rebuiltChainsExitCode gives the exit code), or refuses to rebuild.
 */
export type ReplayStep =
  | { action: 'write_output'; exitCode: 0 | 1; warning?: string }
  | { action: 'rebuild' }
  | { action: 'refuse_rebuild'; exitCode: 1; reason: string };

const INCOMPLETE = 'stopped waiting for a partition that delivered nothing more';

/**
 * An incomplete replay (a partition went quiet before its end offset) still writes its output, which says it
 * may be short and exits 1, but rebuilds nothing: a rebuilt database missing its tail verifies intact, as if whole.
 */
export function replayStepFor(replay: { complete: boolean }, rebuild: boolean): ReplayStep {
  if (rebuild) {
    return replay.complete
      ? { action: 'rebuild' }
      : {
          action: 'refuse_rebuild',
          exitCode: 1,
          reason: `not rebuilding: ${INCOMPLETE}, so the records read may be short; nothing was written`,
        };
  }
  return replay.complete
    ? { action: 'write_output', exitCode: 0 }
    : { action: 'write_output', exitCode: 1, warning: `warning: ${INCOMPLETE}; the output may be short` };
}

/** 1 when a rebuilt chain is broken, a checkpoint the public keys do not verify included; else 0. */
export function rebuiltChainsExitCode(reports: Pick<TenantChainReport, 'break'>[]): 0 | 1 {
  return reports.some((report) => report.break) ? 1 : 0;
}
