/**
 * Test seams: FOR TESTS ONLY, never set in normal use. They let an end-to-end test stop the CLI at an
 * exact point of an output write, so a SIGKILL or SIGINT lands there every time (no sleeps, no races).
 *
 * `BARSTREAM_TEST_HOLD=<point>:<path part>` pauses the write of the first file whose path contains
 * `<path part>` at `<point>`:
 * - `mid-write`: half of the bytes are in the temporary file (text writes of {@link writeFileAtomic});
 * - `rename`: the temporary file is complete and synced, the target not yet replaced (every write).
 *
 * On reaching the point it prints `barstream-test: holding at <point> of <file>` to stderr and waits
 * until the process gets SIGINT or SIGTERM (or 10 minutes pass, a hang guard), then goes on. Unset,
 * the seam costs one environment lookup per file.
 *
 * [writeFileAtomic]: ./atomic-file.ts
 */

/** Points of an atomic write where a test can hold the process. */
export type HoldPoint = "mid-write" | "rename";

/** Hang guard of a hold, ms. */
const MAX_HOLD_MS = 10 * 60_000;

let used = false;

/** Whether `BARSTREAM_TEST_HOLD` asks to hold `file` at `point` (only the first match holds). */
export function wantsHold(point: HoldPoint, file: string): boolean {
  const spec = process.env.BARSTREAM_TEST_HOLD;
  if (!spec || used) return false;
  const sep = spec.indexOf(":");
  return spec.slice(0, sep) === point && file.includes(spec.slice(sep + 1));
}

/** Holds at `point` of writing `file` when {@link wantsHold} says so; resolves on SIGINT/SIGTERM. */
export async function holdAt(point: HoldPoint, file: string): Promise<void> {
  if (!wantsHold(point, file)) return;
  used = true;
  process.stderr.write(`barstream-test: holding at ${point} of ${file}\n`);
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      process.off("SIGINT", done);
      process.off("SIGTERM", done);
      resolve();
    };
    const timer = setTimeout(done, MAX_HOLD_MS);
    process.on("SIGINT", done);
    process.on("SIGTERM", done);
  });
}
