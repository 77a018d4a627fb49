/**
 * Waiting on an AbortSignal without missing an abort that already happened: an "abort" listener
 * added after the fact never fires (that is how `feed`, signalled while still loading, went on to
 * wait for subscribers forever).
 */

/** What {@link unlessAborted} returns when the signal won. */
export const ABORTED: unique symbol = Symbol("aborted");

/** Resolves once `signal` aborts: at once when it already has, never without a signal. */
export function whenAborted(signal?: AbortSignal): Promise<void> {
  if (!signal) return new Promise<void>(() => undefined);
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
}

/**
 * `work`'s result, or {@link ABORTED} as soon as `signal` aborts (at once when it already has).
 * The work itself is not cancelled (a native load cannot be): its result, or its error, is dropped.
 */
export async function unlessAborted<T>(work: Promise<T>, signal?: AbortSignal): Promise<T | typeof ABORTED> {
  work.catch(() => undefined); // a rejection after the abort won is not unhandled
  if (signal?.aborted) return ABORTED;
  return Promise.race([work, whenAborted(signal).then((): typeof ABORTED => ABORTED)]);
}
