/** Programmatic API: the same functions the CLI commands call. */
export { runBacktest, loadStrategy } from "./api/backtest.js";
export type { BacktestResult, SymbolReport, TradeRow, EquityCurve } from "./api/backtest.js";
export type { BacktestOptions } from "./config.js";
export type { FocusReport, FocusSymbol, FocusVerify } from "./focus/report.js";
export { writeReportFiles } from "./report/files.js";
export { renderSummary } from "./report/terminal.js";
export { toJson } from "./report/json.js";
export { generateBars, toCsv } from "./generate/synthetic.js";
export * from "./data/index.js";
export { runScan } from "./api/scan.js";
export type { ScanResult } from "./api/scan.js";
export type { ScanOptions } from "./scan/options.js";
export { readCandidates, writeCandidates, parseCandidateLine, candidateLine, compareCandidates, makeCandidate, CandidateError } from "./scan/candidates.js";
export type { Candidate } from "./scan/candidates.js";
export { renderScan } from "./scan/report.js";
