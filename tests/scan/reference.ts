/**
 * Independent, plain-text recomputation of the scan's pre-screen on the raw S&P 500 files (no polars, no
 * engine): CSV lines split by hand, windows and metrics computed with loops, exactly as docs/scan.md defines
 * them. Used to check the per-rule reject counts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { RAW } from "../helpers.js";

/** One CSV line split on commas outside double quotes. */
export function splitQuoted(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === "," && !quoted) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** S&P metadata: symbol -> sector, market cap. */
export function rawMeta(): Map<string, { sector: string; cap: number }> {
  const lines = readFileSync(join(RAW, "sp500_meta/constituents-financials_2018-02-08.csv"), "utf8").trim().split("\n");
  const head = splitQuoted(lines[0]!);
  const [si, se, mc] = ["Symbol", "Sector", "Market Cap"].map((h) => head.indexOf(h));
  return new Map(lines.slice(1).map((l) => splitQuoted(l)).map((f) => [f[si!]!, { sector: f[se!]!, cap: Number(f[mc!]) }]));
}

/** A raw S&P row: date text, fields as text, and whether it passes the loader's value rules. */
interface Row {
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  valid: boolean;
}

/** Rows of one S&P symbol file (`date,open,high,low,close,volume,Name`). */
export function rawRows(symbol: string): Row[] {
  const lines = readFileSync(join(RAW, `sp500_5yr/${symbol}_data.csv`), "utf8").trim().split("\n").slice(1);
  return lines.map((l) => {
    const f = l.split(",");
    const [o, h, lo, c, v] = f.slice(1, 6).map((x) => (x === "" ? NaN : Number(x)));
    const valid = [o, h, lo, c, v].every((x) => Number.isFinite(x)) && lo! > 0 && h! >= lo! && o! >= lo! && o! <= h! && c! >= lo! && c! <= h! && v! >= 0;
    return { date: f[0]!, open: o!, high: h!, low: lo!, close: c!, volume: v!, valid };
  });
}

/** The rules of examples/screens/sp500_daily.json, restated. */
export interface Rules {
  pattern: RegExp;
  minCap: number;
  sectorCap: Record<string, number>;
  sectorDv: Record<string, number>;
  minPrice: number;
  minDv: number;
  maxVol: number;
  maxPriceToDv: number;
  dvDays: number;
  volDays: number;
}

/**
 * Reject counts per rule, each symbol under the first rule it fails. The reference bar is the first row
 * dated >= `start` (or the last row when `start` is undefined) among rows dated <= `end`; the bar rules read
 * the valid rows of the last max(dvDays, volDays + 1) dates up to it.
 */
export function referenceRejects(symbols: string[], rules: Rules, start?: string, end?: string): Record<string, number> {
  const meta = rawMeta();
  const counts: Record<string, number> = {};
  const reject = (r: string) => (counts[r] = (counts[r] ?? 0) + 1);
  for (const s of symbols) {
    if (!rules.pattern.test(s)) { reject("symbols"); continue; }
    const m = meta.get(s);
    if (m === undefined) { reject("no_metadata"); continue; }
    if (!(m.cap >= rules.minCap)) { reject("min_market_cap"); continue; }
    if (rules.sectorCap[m.sector] !== undefined && !(m.cap >= rules.sectorCap[m.sector]!)) { reject("sector_min_market_cap"); continue; }
    // Distinct dates <= end, ascending (duplicates counted once).
    const rows = rawRows(s).filter((r) => end === undefined || r.date <= end);
    const dates = [...new Set(rows.map((r) => r.date))].sort();
    const refIdx = start === undefined ? dates.length - 1 : dates.findIndex((d) => d >= start);
    if (dates.length === 0 || refIdx < 0) { reject("no_bars"); continue; }
    const need = Math.max(rules.dvDays, rules.volDays + 1);
    const window = new Set(dates.slice(Math.max(0, refIdx - need + 1), refIdx + 1));
    // One valid row per date (the first), newest first.
    const byDate = new Map<string, Row>();
    for (const r of rows) if (window.has(r.date) && r.valid && !byDate.has(r.date)) byDate.set(r.date, r);
    const days = [...byDate.keys()].sort().reverse().map((d) => byDate.get(d)!);
    // No valid row in the window (FTV's first row has an empty open): no last close, the price rule fails.
    const lastClose = days[0]?.close ?? NaN;
    const dv = days.length >= rules.dvDays ? days.slice(0, rules.dvDays).reduce((a, r) => a + r.close * r.volume, 0) / rules.dvDays : NaN;
    let vol = NaN;
    if (days.length > rules.volDays) {
      const ret = Array.from({ length: rules.volDays }, (_, k) => days[k]!.close / days[k + 1]!.close - 1);
      const mean = ret.reduce((a, x) => a + x, 0) / ret.length;
      vol = Math.sqrt(ret.reduce((a, x) => a + (x - mean) ** 2, 0) / (ret.length - 1));
    }
    if (!(lastClose >= rules.minPrice)) reject("min_price");
    else if (!(dv >= rules.minDv)) reject("min_avg_dollar_volume");
    else if (rules.sectorDv[m.sector] !== undefined && !(dv >= rules.sectorDv[m.sector]!)) reject("sector_min_avg_dollar_volume");
    else if (!(vol <= rules.maxVol)) reject("max_volatility");
    else if (!(lastClose / dv <= rules.maxPriceToDv)) reject("max_price_to_dollar_volume");
  }
  return counts;
}
