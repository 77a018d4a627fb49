/**
 * Inputs of bench/load.mjs, written by streaming (the `generate` command renders its CSV as one
 * string, which runs out of heap at 10,000 x 1,000 bars):
 * - longCsv(out, symbols, bars): the same bytes as `barstream generate --out OUT --symbols S --bars B`
 *   (default seed and start), one symbol after another;
 * - minuteCsv(out, bars): one symbol of `bars` consecutive 1-minute bars from 2000-01-01 00:00 UTC,
 *   `datetime,open,high,low,close,volume` (GBM, seeded, prices to cents).
 * Usage: node bench/load_fixtures.mjs long OUT SYMBOLS BARS | minute OUT BARS
 */
import { openSync, writeSync, closeSync } from "node:fs";

import { generateBars } from "../dist/index.js";
import { mulberry32 } from "../dist/generate/synthetic.js";

function writer(path) {
  const fd = openSync(path, "w");
  let buf = [];
  let size = 0;
  const flush = () => {
    if (buf.length > 0) writeSync(fd, buf.join(""));
    buf = [];
    size = 0;
  };
  return {
    line(s) {
      buf.push(s);
      size += s.length;
      if (size > 1 << 22) flush();
    },
    close() {
      flush();
      closeSync(fd);
    },
  };
}

/** Same bytes as `barstream generate` (toCsv) for the same options. */
export function longCsv(out, symbols, bars, seed = 42, start = "2020-01-01") {
  const w = writer(out);
  w.line("date,symbol,open,high,low,close,volume\n");
  for (const s of generateBars({ symbols, bars, seed, start })) {
    const dates = s.ts.map((t) => new Date(t).toISOString().slice(0, 10));
    for (let i = 0; i < s.ts.length; i++) w.line(`${dates[i]},${s.symbol},${s.open[i]},${s.high[i]},${s.low[i]},${s.close[i]},${s.volume[i]}\n`);
  }
  w.close();
}

const pad = (n) => String(n).padStart(2, "0");
const round2 = (x) => Math.round(x * 100) / 100;

/** One symbol, `bars` one-minute bars. */
export function minuteCsv(out, bars, seed = 7) {
  const rand = mulberry32(seed);
  const w = writer(out);
  w.line("datetime,open,high,low,close,volume\n");
  let p = 100;
  const t0 = Date.UTC(2000, 0, 1);
  for (let i = 0; i < bars; i++) {
    const d = new Date(t0 + i * 60_000);
    const ts = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:00`;
    const o = round2(p);
    const c = round2(Math.max(1, o * (1 + 0.001 * (rand() + rand() - 1))));
    const h = round2(Math.max(o, c) * (1 + 0.0005 * rand()));
    const l = round2(Math.min(o, c) * (1 - 0.0005 * rand()));
    w.line(`${ts},${o},${h},${l},${c},${Math.round(1000 * rand())}\n`);
    p = c;
  }
  w.close();
}

if (process.argv[1]?.endsWith("load_fixtures.mjs")) {
  const [kind, out, a, b] = process.argv.slice(2);
  if (kind === "long") longCsv(out, Number(a), Number(b));
  else if (kind === "minute") minuteCsv(out, Number(a));
  else {
    console.error("usage: node bench/load_fixtures.mjs long OUT SYMBOLS BARS | minute OUT BARS");
    process.exit(2);
  }
}
