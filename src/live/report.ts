/**
 * The final report of a live run: the backtest's report (same rows, same stats code, so
 * `live` and `backtest` print and write the same thing for the same trades) plus a `live`
 * block with the stream's counters.
 */
import Table from "cli-table3";

import type { BacktestResult } from "../types/backtest.js";
import { RULES, type SkipCounts } from "../data/types.js";
import { renderSummary } from "../backtest/render.js";
import { fromRunResult } from "../backtest/result.js";
import type { LiveResult } from "../engine/live.js";
import type { LiveSession } from "./session/session.js";
import type { LiveReport, LiveSummary } from "../types/live.js";

/** What {@link liveSummary} needs besides the session. */
export interface LiveRunFacts {
  connect: string;
  publish?: string;
  resumed: boolean;
  checkpoints: number;
  /** Wall time of this run, seconds. */
  seconds: number;
  /** Bars applied before a resume (excluded from this run's rate). */
  appliedBefore: number;
  authDenied?: number;
}

/** The `live` block of the report from a finished session. */
export function liveSummary(session: LiveSession, f: LiveRunFacts): LiveSummary {
  const t = session.totals;
  return {
    connect: f.connect,
    publish: f.publish,
    resumed: f.resumed,
    received: t.received,
    applied: t.applied,
    bursts: t.bursts,
    events: t.events,
    rejected: Object.fromEntries(Object.entries(t.rejected).filter(([, v]) => v > 0)),
    gaps: { count: session.tracker.gaps, missing: session.tracker.missing, recent: session.tracker.recent },
    silences: session.silence.silences,
    eos: session.eosReceived,
    checkpoints: f.checkpoints,
    seconds: f.seconds,
    bars_per_second: f.seconds > 0 ? (t.applied - f.appliedBefore) / f.seconds : 0,
    stage_ms: { ...session.times },
    auth_denied: f.authDenied,
    burst_latency_us: latencySummary(session.latencies),
  };
}

/** Quantiles of `ms` samples in microseconds (undefined when empty). */
export function latencySummary(ms: number[]): LiveSummary["burst_latency_us"] {
  if (ms.length === 0) return undefined;
  const s = Float64Array.from(ms).sort();
  const q = (p: number) => +(s[Math.min(s.length - 1, Math.floor(p * s.length))] * 1000).toFixed(1);
  return { calls: s.length, p50: q(0.5), p99: q(0.99), max: +(s[s.length - 1] * 1000).toFixed(1) };
}

/** What the report needs besides the engine's result. */
export interface LiveReportMeta {
  strategy: { name: string; file: string };
  settings: BacktestResult["settings"];
  symbols: string[];
  live: LiveSummary;
  timing_ms: BacktestResult["timing_ms"];
}

/**
 * Builds the report from `finishRun()`'s result (the engine's run result, converted as a
 * backtest's is). `aggregateMs`: wall time of `finishRun()`.
 */
export function buildLiveReport(res: LiveResult, meta: LiveReportMeta, aggregateMs = 0): LiveReport {
  const t0 = performance.now();
  // Reasons shared with the data loader's rules go where a backtest counts skipped rows.
  const skipped = Object.fromEntries(RULES.map((r) => [r, (meta.live.rejected as Record<string, number>)[r] ?? 0])) as SkipCounts;
  const bars = res.symbols.reduce((a, s) => a + s.bars, 0);
  const timing = { ...meta.timing_ms };
  const report = fromRunResult(
    res,
    {
      strategy: meta.strategy,
      settings: meta.settings,
      data: { path: meta.live.connect, symbols: res.symbols.length, rows_read: meta.live.received, rows_kept: bars, skipped, skipped_rows: [], files: 0 },
    },
    { timing_ms: timing, live: meta.live },
  );
  timing.aggregate = aggregateMs + performance.now() - t0;
  return report;
}

/** The backtest's terminal summary followed by the stream's counters. */
export function renderLiveSummary(r: LiveReport, top = 5): string {
  const l = r.live;
  const t = new Table({ head: ["Live", "value"], chars: { "mid": "", "left-mid": "", "mid-mid": "", "right-mid": "" }, style: { head: [], border: [] } });
  const n = (x: number) => x.toLocaleString("en-US");
  t.push(
    ["Feed", `${l.connect}${l.resumed ? " (resumed from state)" : ""}`],
    ["Messages received", n(l.received)],
    ["Bars applied", `${n(l.applied)} in ${n(l.bursts)} engine calls`],
    ["Decisions published", `${n(l.events)}${l.publish ? ` on ${l.publish}` : ""}`],
    ["Rejected", Object.entries(l.rejected).map(([k, v]) => `${k}: ${n(v ?? 0)}`).join(", ") || "0"],
    ["Sequence gaps", l.gaps.count ? `${l.gaps.count} (${n(l.gaps.missing)} messages lost)` : "0"],
    ["Feed silences", String(l.silences)],
    ["End of stream", l.eos ? "received" : "not received"],
    ["Throughput", `${n(Math.round(l.bars_per_second))} bars/s over ${l.seconds.toFixed(1)} s`],
    ["Checkpoints", String(l.checkpoints)],
  );
  if (l.auth_denied !== undefined) t.push(["Publish: clients refused", String(l.auth_denied)]);
  return `${renderSummary(r, top)}\n${t.toString()}`;
}
