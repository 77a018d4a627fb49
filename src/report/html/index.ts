/** The HTML reports: a backtest (or focused replay) and a parameter sweep, each one self-contained page. */
export { type BacktestHtmlOptions, renderBacktestHtml } from "./backtest.js";
export { writeHtml } from "./page.js";
export { renderSweepHtml, type SweepHtmlInput } from "./sweep.js";
