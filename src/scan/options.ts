/**
 * Options of a scan, shared by the CLI flags (src/commands/scan.ts) and the programmatic API (runScan).
 * Defaults live here and only here; the option types are in src/types/scan.ts.
 */
import { validateEngineSettings } from "../engine/schema.js";
import { checkOption as check } from "../util/check.js";
import type { ResolvedScanOptions, ScanOptions } from "../types/scan.js";

/** Default values (documented in `--help` and docs/scan.md). */
export const SCAN_DEFAULTS = { badRows: "error", batchSize: 256, progress: true } as const;

/**
 * Applies defaults and checks ranges.
 * @throws UsageError naming the option and the expected range (exit 2).
 */
export function resolveScanOptions(opts: ScanOptions): ResolvedScanOptions {
  const r = { ...SCAN_DEFAULTS, ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) } as ResolvedScanOptions;
  check("batch-size", Number.isInteger(r.batchSize) && r.batchSize > 0, "a positive integer", r.batchSize);
  validateEngineSettings({ threads: r.threads }); // the engine's rule for --threads
  check("skip-bad-rows", r.badRows === "error" || r.badRows === "skip", "error or skip", r.badRows);
  return r;
}
