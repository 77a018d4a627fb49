/**
 * Deterministic synthetic OHLCV bars: geometric Brownian motion closes with intrabar
 * ranges, from a seeded PRNG (mulberry32), so the same options always give the same
 * bytes. Used for the bundled default data and for large generated universes.
 */
import { UsageError } from "../util/check.js";

/** Options of {@link generateBars}. */
export interface GenerateOptions {
  /** Number of symbols (named SYN0001, SYN0002, ...). */
  symbols: number;
  /** Bars per symbol. */
  bars: number;
  /** PRNG seed (unsigned 32-bit). */
  seed: number;
  /** First bar's date, ISO `YYYY-MM-DD` (UTC). Daily bars skip Saturdays and Sundays. */
  start: string;
}

/** One symbol's generated bars (ts: UTC ms since epoch, prices rounded to cents). */
export interface GeneratedSeries {
  symbol: string;
  ts: number[];
  open: number[];
  high: number[];
  low: number[];
  close: number[];
  volume: number[];
}

/** mulberry32: a small, fast 32-bit PRNG with good statistical quality for test data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal deviate by Box-Muller from two uniforms. */
function normal(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
const DAY_MS = 86_400_000;

/** Weekday dates (UTC ms) starting at `start`, `n` of them. */
function weekdays(start: string, n: number): number[] {
  const out: number[] = [];
  let t = Date.parse(`${start}T00:00:00Z`);
  if (Number.isNaN(t)) throw new UsageError(`generate: --start must be YYYY-MM-DD, got '${start}'`);
  while (out.length < n) {
    const dow = new Date(t).getUTCDay();
    if (dow !== 0 && dow !== 6) out.push(t);
    t += DAY_MS;
  }
  return out;
}

/**
 * Generates `opts.symbols` series of `opts.bars` daily bars each.
 * Each symbol has its own drift (-10%..+20%/yr) and volatility (15%..45%/yr); bars are
 * consistent by construction (low <= min(open, close) <= max(open, close) <= high).
 *
 * @throws UsageError when a count is not a positive integer or the start date is invalid.
 */
export function* generateBars(opts: GenerateOptions): Generator<GeneratedSeries> {
  for (const [name, v] of [["symbols", opts.symbols], ["bars", opts.bars]] as const) {
    if (!Number.isInteger(v) || v <= 0) throw new UsageError(`generate: --${name} must be a positive integer, got ${v}`);
  }
  const dates = weekdays(opts.start, opts.bars);
  const rand = mulberry32(opts.seed);
  const width = Math.max(4, String(opts.symbols).length);
  for (let s = 0; s < opts.symbols; s++) {
    const drift = -0.1 + 0.3 * rand();
    const vol = 0.15 + 0.3 * rand();
    const dt = 1 / 252;
    let prev = round2(20 + 180 * rand());
    const series: GeneratedSeries = {
      symbol: `SYN${String(s + 1).padStart(width, "0")}`,
      ts: dates,
      open: [],
      high: [],
      low: [],
      close: [],
      volume: [],
    };
    for (let i = 0; i < opts.bars; i++) {
      const gap = 1 + 0.002 * normal(rand);
      const open = round2(Math.max(0.01, prev * gap));
      const close = round2(Math.max(0.01, open * Math.exp((drift - 0.5 * vol * vol) * dt + vol * Math.sqrt(dt) * normal(rand))));
      const span = Math.abs(normal(rand)) * vol * Math.sqrt(dt) * 0.5;
      const high = round2(Math.max(open, close) * (1 + span));
      const low = round2(Math.max(0.01, Math.min(open, close) * (1 - span)));
      series.open.push(open);
      series.high.push(high);
      series.low.push(low);
      series.close.push(close);
      series.volume.push(Math.round(1e5 + 9e5 * rand()));
      prev = close;
    }
    yield series;
  }
}

/** Renders series as one long CSV (`date,symbol,open,high,low,close,volume`, dates ISO). */
export function toCsv(series: Iterable<GeneratedSeries>): string {
  const lines = ["date,symbol,open,high,low,close,volume"];
  for (const s of series) {
    for (let i = 0; i < s.ts.length; i++) {
      const d = new Date(s.ts[i]).toISOString().slice(0, 10);
      lines.push(`${d},${s.symbol},${s.open[i]},${s.high[i]},${s.low[i]},${s.close[i]},${s.volume[i]}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
