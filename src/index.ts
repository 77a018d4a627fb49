/** Programmatic API: the same functions the CLI commands call. */
export { runBacktest, loadStrategy } from "./api/backtest.js";
export type { BacktestResult, SymbolReport, TradeRow, EquityCurve } from "./api/backtest.js";
export type { BacktestOptions } from "./config.js";
export { readCandidates, CandidateError, type Candidate } from "./focus/candidates.js";
export type { FocusReport, FocusSymbol, FocusVerify } from "./focus/report.js";
export { writeReportFiles } from "./report/files.js";
export { renderSummary } from "./report/terminal.js";
export { toJson } from "./report/json.js";
export { generateBars, toCsv } from "./generate/synthetic.js";
export * from "./data/index.js";
