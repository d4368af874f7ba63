/**
 * A create GitHub may have carried out although it answered 5xx (or the connection dropped before
 * the answer): trying again blindly can make two reviews or two check runs. So the create goes
 * without the client's automatic retries (`NO_RETRIES`), and before each new try the caller's
 * `find` looks for what an earlier try made (by a marker it carries); only when there is none is
 * it created again.
 */
export interface CreateOnceOptions<T> {
  /** Sends the create; pass `request: NO_RETRIES` to Octokit so this is the only retry loop. */
  create: () => Promise<T>;
  /** What an earlier try created, or null. */
  find: () => Promise<T | null>;
  /** Tries in all; default 3. */
  attempts?: number;
}

/** For Octokit's `request` option: no automatic retries for this request (rate-limit waits still apply). */
export const NO_RETRIES = { retries: 0 } as const;

export async function createOnce<T>({ create, find, attempts = 3 }: CreateOnceOptions<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await create();
    } catch (error) {
      if (!mayHaveLanded(error) || attempt >= attempts) throw error;
      const found = await find();
      if (found !== null) return found;
    }
  }
}

/** A 5xx, or no answer at all: the request may have taken effect. A 4xx did not. */
function mayHaveLanded(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status !== 'number' || status >= 500;
}
