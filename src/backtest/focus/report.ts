/**
 * The `focus` section of a focused-replay result: what the candidates became (windows,
 * segments) and how much of the data was simulated (coverage), per symbol and overall,
 * plus the plain-path check of `--verify`.
 */
import type { EngineFocusSummary, EngineVerify } from "../../engine/backtest.js";
import type { FocusReport, FocusSymbol, FocusVerify, MatchCounts } from "../../types/backtest.js";

/** Builds a {@link FocusReport} batch by batch. */
export class FocusCollector {
  private readonly symbols: FocusSymbol[] = [];
  private replayed = 0;
  private verify?: FocusVerify;

  /**
   * Adds one batch: its symbols and bar counts (`rows[i]`), the engine's per-symbol figures and,
   * with `--verify`, its plain-path check.
   */
  add(symbols: string[], rows: number[], focus: EngineFocusSummary[], verify: EngineVerify | undefined): void {
    focus.forEach((f, i) => {
      this.symbols.push({
        symbol: symbols[i],
        candidates: f.candidates,
        windows: f.windows,
        window_bars: f.windowBars,
        segments: f.segments,
        bars: rows[i],
        bars_simulated: f.barsSimulated,
        coverage: rows[i] > 0 ? f.barsSimulated / rows[i] : 0,
      });
      this.replayed += f.barsReplayed;
    });
    if (verify) {
      const v = this.verify ?? { identical: true, focused_ms: 0, plain_ms: 0, speedup: NaN };
      v.focused_ms += verify.focusedMs;
      v.plain_ms += verify.plainMs;
      if (!verify.identical && v.identical) {
        v.identical = false;
        v.mismatch = verify.mismatch ?? "differs";
      }
      v.speedup = v.plain_ms / v.focused_ms;
      this.verify = v;
    }
  }

  /** The report over every batch added. */
  report(file: string, window: number, leadIn: FocusReport["lead_in"], lines: number, counts: MatchCounts): FocusReport {
    const sum = (k: "windows" | "window_bars" | "segments" | "bars" | "bars_simulated") => this.symbols.reduce((a, s) => a + s[k], 0);
    const bars = sum("bars");
    return {
      file,
      window,
      lead_in: leadIn,
      lines,
      candidates: counts,
      windows: sum("windows"),
      window_bars: sum("window_bars"),
      segments: sum("segments"),
      bars,
      bars_simulated: sum("bars_simulated"),
      coverage: bars > 0 ? sum("bars_simulated") / bars : 0,
      bars_replayed: this.replayed,
      symbols: this.symbols,
      verify: this.verify,
    };
  }
}
