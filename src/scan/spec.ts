/**
 * Screen spec files: read, validated by the Rust screener (the one parser), plus the one check that needs
 * JavaScript (the symbol pattern is a JS regular expression).
 */
import { readFile } from "node:fs/promises";

import { type ScreenInfo, validateScreen } from "../engine/scan.js";

/** Pre-screen rules as normalised by the Rust parser (absent rules are null). */
export interface PrescreenSpec {
  symbols: { include: string[] | null; exclude: string[] | null; pattern: string | null } | null;
  min_market_cap: number | null;
  sectors: Record<string, { min_market_cap: number | null; min_avg_dollar_volume: number | null }> | null;
  min_price: number | null;
  min_avg_dollar_volume: number | null;
  max_volatility: number | null;
  max_price_to_dollar_volume: number | null;
  dollar_volume_days: number;
  volatility_days: number;
}

/** A validated screen spec file. */
export interface LoadedScreen {
  file: string;
  /** The file's text, handed to the engine as is. */
  text: string;
  name: string;
  prescreen: PrescreenSpec;
  /** Bars of history the features see before the first emitted bar. */
  warmupBars: number;
  /** Without `start`, candidates come from each symbol's last this many bars. */
  emitLastBars: number;
  /** Reasons the screen can fire. */
  reasons: string[];
  /** The spec with defaults filled in. */
  spec: Record<string, unknown>;
}

/**
 * Reads and validates a screen spec.
 *
 * # Errors
 * Throws `screen file <file>: <json path>: <problem>` for an unreadable file or an invalid spec, and for a
 * `prescreen.symbols.pattern` that is not a valid regular expression.
 */
export async function loadScreen(file: string): Promise<LoadedScreen> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new Error(`screen file ${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  let info: ScreenInfo;
  try {
    info = validateScreen(text);
  } catch (err) {
    throw new Error(`screen file ${file}: ${(err as Error).message}`);
  }
  const spec = info.spec as Record<string, unknown>;
  const prescreen = spec.prescreen as PrescreenSpec;
  const pattern = prescreen.symbols?.pattern;
  if (pattern != null) {
    try {
      new RegExp(pattern);
    } catch (err) {
      throw new Error(`screen file ${file}: prescreen.symbols.pattern: not a valid regular expression (${(err as Error).message})`);
    }
  }
  return {
    file,
    text,
    name: info.name,
    prescreen,
    warmupBars: info.warmupBars,
    emitLastBars: spec.emit_last_bars as number,
    reasons: info.reasons,
    spec,
  };
}
