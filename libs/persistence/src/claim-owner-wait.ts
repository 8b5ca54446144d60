/** How long a claimed change is left to the claim's owner to write, and how often the record is read meanwhile. */
export const CLAIM_OWNER_WAIT_MS = 1_000;
const CLAIM_OWNER_POLL_MS = 20;

/**
 * Whoever finds a change claimed (under a unique index) but not yet on its record gives the claim's owner
 * CLAIM_OWNER_WAIT_MS to write it before writing it itself (the owner died between its two writes): reads the record
 * until `written` says the owner's write is there, at most that long. The last read, and whether it was written.
 */
export async function awaitClaimOwner<T>(
  read: () => Promise<T>,
  written: (record: T) => boolean,
): Promise<{ record: T; written: boolean }> {
  const deadline = Date.now() + CLAIM_OWNER_WAIT_MS;
  for (;;) {
    const record = await read();
    if (written(record)) return { record, written: true };
    if (Date.now() >= deadline) return { record, written: false };
    await new Promise((resolve) => setTimeout(resolve, CLAIM_OWNER_POLL_MS));
  }
}
