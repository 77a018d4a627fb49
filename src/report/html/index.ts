/** The HTML reports: a backtest (or focused replay) and a parameter sweep, each one self-contained page. */
export { type BacktestHtmlOptions, backtestPage } from "./backtest.js";
export { writeHtml } from "./page.js";
export { sweepPage, type SweepHtmlInput } from "./sweep.js";
