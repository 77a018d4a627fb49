/** Programmatic API: the same functions the CLI commands call. */
export { runBacktest, loadStrategy } from "./api/backtest.js";
export type { BacktestResult, SymbolReport, TradeRow, EquityCurve } from "./api/backtest.js";
export type { BacktestOptions } from "./config.js";
export { writeReportFiles } from "./report/files.js";
export { renderSummary } from "./report/terminal.js";
export { toJson } from "./report/json.js";
export { generateBars, toCsv } from "./generate/synthetic.js";
export * from "./data/index.js";
export { runLive, type LiveHooks } from "./api/live.js";
export { runFeed, type FeedReport, type FeedHooks } from "./api/feed.js";
export type { LiveOptions, FeedOptions, CurveServerOptions } from "./live/options.js";
export type { LiveReport, LiveSummary } from "./live/report.js";
export * as wire from "./live/wire/index.js";
