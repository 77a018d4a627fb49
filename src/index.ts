/**
 * The library API of the `barstream` package (`import { runBacktest } from "barstream"`): the
 * same functions the CLI commands call, their option and result types (src/types/), and the
 * renderers. Reference: docs/api.md.
 */

// Backtest (and focused replay with `candidates`)
export { runBacktest, loadStrategy } from "./backtest/run.js";
export { renderSummary, renderBacktestHtml } from "./backtest/render.js";
export type {
  BacktestOptions,
  CostOptions,
  ResolvedBacktestOptions,
  BacktestResult,
  SymbolReport,
  TradeRow,
  EquityCurve,
  Stats,
  UniverseCurves,
  FocusReport,
  FocusSymbol,
  FocusVerify,
  Coverage,
  MatchCounts,
} from "./types/backtest.js";
export { writeReportFiles } from "./backtest/render.js";
export { toJson } from "./report/json.js";
export { writeHtml, type BacktestHtmlOptions, type SweepHtmlInput } from "./report/html/index.js";

// The engine's schemas: statistics (labels, formats, directions) and settings (defaults, ranges)
export { statDefs, statDef, settingDefs, settingDef, engineDefaults, validateEngineSettings } from "./engine/schema.js";
export type { StatDef, StatBetter, StatFormat, SettingDef, SettingKind, EngineSettingKey, EngineDefaults, EngineSettings } from "./types/schema.js";

// Data
export * from "./data/index.js";
export { generateBars, toCsv } from "./generate/synthetic.js";

// Scan
export { runScan } from "./scan/run.js";
export { renderScan } from "./scan/report.js";
export { readCandidates, writeCandidates, parseCandidateLine, candidateLine, compareCandidates, makeCandidate, CandidateError } from "./scan/candidates.js";
export type { ScanOptions, ScanResult, RowCount, Candidate, PrescreenRule, RejectCounts as PrescreenRejectCounts } from "./types/scan.js";

// Sweep
export { runSweep } from "./sweep/run.js";
export { renderSweep } from "./sweep/report.js";
export { renderSweepHtml } from "./sweep/html.js";
export { writeSweepFiles } from "./sweep/files.js";
export { sweepJson } from "./sweep/json.js";
export type {
  SweepOptions,
  SweepResult,
  SweepEngineFigures,
  Heatmap,
  HeatmapAxis,
  RankedRow,
  MetricRows,
  Ranking,
  Direction,
  WalkForwardMode,
  WalkForwardReport,
  FoldReport,
  WalkForwardAggregate,
} from "./types/sweep.js";

// Live and the recorded feed
export { runLive, type LiveHooks } from "./live/run.js";
export { AuthenticationError } from "./live/transport/subscriber.js";
export { runFeed, type FeedHooks } from "./feed/run.js";
export { LiveEngine, type LiveEngineConfig } from "./engine/live.js";
export type { LiveOptions, FeedOptions, CurveServerOptions, LiveCosts, FeedPhase, FeedReport, LiveReport, LiveSummary, Gap, StageTimes, RejectReason, RejectCounts as LiveRejectCounts } from "./types/live.js";
export * as wire from "./live/wire/index.js";
