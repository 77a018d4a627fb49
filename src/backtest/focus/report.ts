/**
 * The `focus` section of a focused-replay result: what the candidates became (windows,
 * segments) and how much of the data was simulated (coverage), per symbol and overall,
 * plus the plain-path check of `--verify`.
 */
import type { EngineFocusSummary, EngineVerify } from "../../engine/backtest.js";
import type { MatchCounts } from "./match.js";

/** Windows, segments and coverage of one symbol or of the whole run. */
export interface Coverage {
  /** Windows after merging overlapping ones. */
  windows: number;
  /** Bars inside some window (where entries may fire). */
  window_bars: number;
  /** Simulated segments. */
  segments: number;
  /** Bars of the data. */
  bars: number;
  /** Bars simulated (lead-in + windows + extension), the coverage numerator. */
  bars_simulated: number;
  /** `bars_simulated / bars` (fraction); 0 without bars. */
  coverage: number;
}

/** One symbol's focused-replay figures. */
export interface FocusSymbol extends Coverage {
  symbol: string;
  /** Candidates mapped to a bar of this symbol. */
  candidates: number;
}

/** The plain-path check (`--verify`). */
export interface FocusVerify {
  /** Every symbol's trades, equity and statistics equal the plain path's bit for bit. */
  identical: boolean;
  /** The first difference, "SYMBOL: ...", when not identical. */
  mismatch?: string;
  /** Engine time of the focused replay, summed over batches, ms. */
  focused_ms: number;
  /** Engine time of the plain path (full replay), summed over batches, ms. */
  plain_ms: number;
  /** `plain_ms / focused_ms`. */
  speedup: number;
}

/** Focused replay figures of a run (coverage summed over every symbol). */
export interface FocusReport extends Coverage {
  /** The candidates file. */
  file: string;
  /** Half-width N: a window is `[c - N, c + N]`. */
  window: number;
  /**
   * The strategy's lead-in: a segment starts `exact_from` bars before its first window, rounded
   * down to a multiple of `align` bars (docs/focused-replay.md).
   */
  lead_in: { exact_from: number; align: number };
  /** Non-blank lines of the file (= candidates read). */
  lines: number;
  /** What the candidates became. */
  candidates: MatchCounts;
  /** Bars replayed counting segments simulated again after growing (work done). */
  bars_replayed: number;
  symbols: FocusSymbol[];
  verify?: FocusVerify;
}

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
