/**
 * What a live run will do, decided before any socket opens: options with defaults, the
 * strategy, the costs and the universe, reconciled with the state file when resuming (a
 * resumed run keeps its strategy, settings and universe; contradicting flags are refused).
 */
import type { EngineConfig } from "../../engine/backtest.js";
import { loadStrategy } from "../../backtest/pipeline.js";
import { engineDefaults, settingDef, validateEngineSettings } from "../../engine/schema.js";
import { checkOption as check } from "../../util/check.js";
import { LIVE_DEFAULTS } from "../options.js";
import type { LiveOptions } from "../../types/live.js";
import { readState, specHash, type LiveState } from "./state.js";

/** Costs and fills with defaults applied. */
export type LiveCostSettings = Required<Pick<LiveOptions, "cash" | "commission" | "commissionFixed" | "slippage" | "fill" | "ambiguity">>;

/** A resolved live run. */
export interface LivePlan {
  /** Options with every default applied. */
  o: typeof LIVE_DEFAULTS & LiveOptions;
  /** Strategy identity; `text` only when read from `--strategy` (a resume takes the spec from the state). */
  strategy: { name: string; file: string; sha256: string; text?: string };
  costs: LiveCostSettings;
  /** The engine's config (the costs; one thread: the live engine works on one burst at a time). */
  config: EngineConfig;
  /** The universe when known before the feed's heartbeat (options or state), sorted. */
  symbols?: string[];
  /** The state file's content when resuming. */
  saved?: LiveState;
}

const COST_KEYS = ["cash", "commission", "commissionFixed", "slippage", "fill", "ambiguity"] as const;

function costsOf(o: LiveOptions, saved?: EngineConfig): LiveCostSettings {
  const d = engineDefaults();
  const c = Object.fromEntries(COST_KEYS.map((k) => [k, saved?.[k] ?? d[k]])) as LiveCostSettings;
  for (const k of COST_KEYS) {
    const v = o[k];
    if (v === undefined) continue;
    if (saved && saved[k] !== undefined && saved[k] !== v) {
      throw new Error(`--${settingDef(k).flag} ${v} differs from the state file's ${saved[k]}; a resumed run keeps its settings`);
    }
    (c as Record<string, unknown>)[k] = v;
  }
  validateEngineSettings(c);
  return c;
}

/**
 * Resolves `opts` (and the state file, when it exists).
 * @throws Error for an out-of-range option, an unreadable strategy or state, or options
 *   that contradict the state file.
 */
export async function resolveLivePlan(opts: LiveOptions): Promise<LivePlan> {
  const o = { ...LIVE_DEFAULTS, ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) } as typeof LIVE_DEFAULTS & LiveOptions;
  check("checkpoint-ms", Number.isInteger(o.checkpointMs) && o.checkpointMs >= 0, "an integer >= 0", o.checkpointMs);
  check("silence-ms", Number.isInteger(o.silenceMs) && o.silenceMs > 0, "a positive integer", o.silenceMs);
  check("hwm", Number.isInteger(o.hwm) && o.hwm >= 0, "an integer >= 0", o.hwm);
  check("max-burst", Number.isInteger(o.maxBurst) && o.maxBurst > 0, "a positive integer", o.maxBurst);
  check("max-frame-bytes", Number.isInteger(o.maxFrameBytes) && o.maxFrameBytes >= 1024 && o.maxFrameBytes <= 2 ** 31, "an integer from 1024 to 2147483648 (2 GiB)", o.maxFrameBytes);
  check("max-ahead-days", Number.isFinite(o.maxAheadDays) && o.maxAheadDays > 0 && o.maxAheadDays <= 36_500, "a number of days > 0 and <= 36500", o.maxAheadDays);
  if (o.curveKey || o.curveServer) {
    check("curve-server", !!o.curveServer && !!o.curveKey, "--curve-key and --curve-server together", o.curveServer ?? o.curveKey);
  }

  const saved = o.state ? await readState(o.state) : undefined;
  let strategy: LivePlan["strategy"];
  if (o.strategy) {
    const s = await loadStrategy(o.strategy);
    strategy = { name: s.name, file: o.strategy, sha256: specHash(s.text), text: s.text };
    if (saved && saved.strategy.sha256 !== strategy.sha256) {
      throw new Error(`state file ${o.state} was written by strategy ${saved.strategy.file} (${saved.strategy.name}), not ${o.strategy}; use another --state or the same strategy`);
    }
  } else if (saved) {
    strategy = saved.strategy;
  } else {
    throw new Error("--strategy is required (or --state of an earlier run to resume)");
  }
  const costs = costsOf(o, saved?.config);
  let symbols = saved?.symbols;
  if (o.symbols) {
    const wanted = [...new Set(o.symbols)].sort();
    if (symbols && wanted.join(",") !== symbols.join(",")) {
      throw new Error(`--symbols ${wanted.join(",")} differ from the state file's ${symbols.join(",")}`);
    }
    symbols = wanted;
  }
  return { o, strategy, costs, config: { ...costs, threads: 1 }, symbols, saved };
}
