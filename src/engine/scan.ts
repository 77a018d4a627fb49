/**
 * The screener as the TypeScript side uses it: screen validation, the prescreen metrics and one
 * scan call per batch of symbols (native/src/binding_scan.rs; shapes in the generated
 * native/index.d.cts). Re-exported under the names src/scan uses.
 */
import type { BindingBarBatch, BindingPrescreenMetrics, BindingScanResult, BindingScreenInfo } from "../../native/index.cjs";
import { native } from "./native.js";

/** What `validateScreen` tells about a screen spec (name, warm-up bars, reasons, the spec with defaults). */
export type ScreenInfo = BindingScreenInfo;
/** Prescreen metrics per symbol of a batch (dollar volume, volatility). */
export type PrescreenMetrics = BindingPrescreenMetrics;
/** One batch's scan result: candidate columns (symbol index, bar, side, score, reason bits). */
export type EngineScanResult = BindingScanResult;

/** Validates a screen spec (JSON text). @throws Error naming the bad field. */
export function validateScreen(specJson: string): ScreenInfo {
  return native.validateScreen(specJson);
}

/** Prescreen metrics of a batch over the last `dollarVolumeDays` / `volatilityDays` bars, off the JS thread. */
export function prescreenBatch(bars: BindingBarBatch, dollarVolumeDays: number, volatilityDays: number, threads?: number): Promise<PrescreenMetrics> {
  return native.prescreenBatch(bars, dollarVolumeDays, volatilityDays, threads);
}

/** Scans a batch; candidates are emitted only at bars at or after the symbol's `emitFrom` (UTC ns). */
export function scanBatch(bars: BindingBarBatch, specJson: string, emitFrom: BigInt64Array, threads?: number): Promise<EngineScanResult> {
  return native.scanBatch(bars, specJson, emitFrom, threads);
}
