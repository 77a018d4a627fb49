/**
 * `runScan`: pre-screen a universe (metadata rules, then bar rules on the recent window), load only the bars
 * the features need (warm-up + emission window, per symbol), score them in the Rust screener (one N-API call
 * per batch of symbols), and collect the candidates.
 */
import { performance } from "node:perf_hooks";

import { openDataset, sliceBarBatch, type BarBatch, type Dataset } from "../data/index.js";
import { parseBound } from "../data/time.js";
import { RULES, type LoadReport, type SkipCounts, type SkippedRow } from "../data/types.js";
import { prescreenBatch, scanBatch } from "../engine/scan.js";
import { makeCandidate, writeCandidates } from "./candidates.js";
import { loadMeta } from "./meta.js";
import { resolveScanOptions } from "./options.js";
import { barRule, checkSectors, emptyRejects, metadataRule, needsBars, needsMeta } from "./prescreen.js";
import type { Candidate, RowCount, ScanOptions, ScanResult } from "../types/scan.js";
import { loadScreen } from "./spec.js";
import { windowsFromIndex, type SymbolWindow } from "./window.js";
import { progress } from "../util/progress.js";

function chunks<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/** A long single file is re-parsed by every load, so it is read in one go (only the needed rows are kept). */
function readGroups(ds: Dataset, symbols: string[], batchSize: number): string[][] {
  return ds.layout === "single-file" ? (symbols.length > 0 ? [symbols] : []) : chunks(symbols, batchSize);
}

/** `batch` cut into engine batches of at most `size` symbols (views, no copy). */
function engineBatches(batch: BarBatch, size: number): BarBatch[] {
  const out: BarBatch[] = [];
  for (let i = 0; i < batch.symbols.length; i += size) out.push(sliceBarBatch(batch, i, Math.min(i + size, batch.symbols.length)));
  return out;
}

/**
 * The rows the loads of a scan skipped, each once: the pre-screen window and the warm-up + emission
 * window of a symbol overlap, and a bad row read by both is one row (counted once, under its rule).
 */
class SkippedRows {
  readonly counts = Object.fromEntries(RULES.map((r) => [r, 0])) as SkipCounts;
  readonly rows: SkippedRow[] = [];
  private readonly seen = new Set<string>();

  add(report: LoadReport): void {
    for (const r of report.skippedRows) {
      const key = `${r.row}:${r.file}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.rows.push(r);
      this.counts[r.rule]++;
    }
  }
}

/**
 * Scans a dataset with a screen spec.
 *
 * @throws Error for an unreadable/invalid screen spec or metadata file, a metadata rule without `meta`, bad
 *   options; DataError for bad rows (file, row, field, rule) unless `badRows: "skip"`.
 */
export async function runScan(opts: ScanOptions): Promise<ScanResult> {
  const t0 = performance.now();
  const o = resolveScanOptions(opts);
  const screen = await loadScreen(o.screen);
  const p = screen.prescreen;
  const metaNeed = needsMeta(p);
  if (metaNeed.any && o.meta === undefined) {
    throw new Error(`screen file ${o.screen}: prescreen market-cap/sector rules need universe metadata: pass --meta FILE`);
  }
  const meta = o.meta === undefined ? undefined : loadMeta(o.meta, metaNeed);
  if (meta !== undefined && metaNeed.sector) checkSectors(p, meta, o.meta!);
  const start = o.start === undefined ? undefined : parseBound(o.start, "start");
  const end = o.end === undefined ? undefined : parseBound(o.end, "end");
  if (start !== undefined && end !== undefined && start > end) throw new Error(`--start ${o.start} is after --end ${o.end}`);
  const ds = await openDataset(o.data, { symbols: o.symbols, badRows: o.badRows, table: o.table, timeframe: o.timeframe, timeUnit: o.timeUnit });

  // Pre-screen: metadata rules, the bar index, then bar rules on the recent window only.
  const rejected = emptyRejects();
  const skipped = new SkippedRows();
  const pattern = p.symbols?.pattern == null ? undefined : new RegExp(p.symbols.pattern);
  let survivors = ds.symbols.filter((s) => {
    const rule = metadataRule(s, p, meta, pattern);
    if (rule !== undefined) rejected[rule]++;
    return rule === undefined;
  });
  const ti = performance.now();
  const index = survivors.length > 0 ? await ds.index(survivors, { end }) : { symbols: [], offsets: new Int32Array(1), ts: new BigInt64Array(0), rowsScanned: 0 };
  const indexMs = performance.now() - ti;
  const prescreenDays = needsBars(p) ? Math.max(p.dollar_volume_days, p.volatility_days + 1) : 0;
  const windows = windowsFromIndex(index, { start, emitLastBars: screen.emitLastBars, warmupBars: screen.warmupBars, prescreenDays });
  survivors = survivors.filter((s) => windows.get(s) !== undefined || (rejected.no_bars++, false));
  const win = (s: string) => windows.get(s) as SymbolWindow;
  const prescreenRows: RowCount = { read: 0, needed: 0 };
  let prescreenReadMs = 0;
  let prescreenRulesMs = 0;
  if (prescreenDays > 0 && survivors.length > 0) {
    const kept: string[] = [];
    for (const group of readGroups(ds, survivors, o.batchSize)) {
      const tr = performance.now();
      const { batch, report } = await ds.load(group, { bounds: new Map(group.map((s) => [s, [win(s).prescreen.lo, win(s).prescreen.hi]])) });
      const tc = performance.now();
      prescreenReadMs += tc - tr;
      prescreenRows.read += report.rowsRead;
      prescreenRows.needed += group.reduce((a, s) => a + win(s).prescreen.bars, 0);
      skipped.add(report);
      for (const sub of engineBatches(batch, o.batchSize)) {
        const m = await prescreenBatch(sub, p.dollar_volume_days, p.volatility_days, o.threads);
        sub.symbols.forEach((s, i) => {
          const rule = barRule({ lastClose: m.lastClose[i]!, avgDollarVolume: m.avgDollarVolume[i]!, volatility: m.volatility[i]! }, p, meta?.get(s));
          if (rule !== undefined) rejected[rule]++;
          else kept.push(s);
        });
      }
      prescreenRulesMs += performance.now() - tc;
    }
    survivors = kept;
  }
  const prescreenMs = performance.now() - t0;

  // Load warm-up + emission window of the survivors; features and score in the engine.
  const loadRows: RowCount = { read: 0, needed: 0 };
  const candidates: Candidate[] = [];
  let loadMs = 0;
  let featuresMs = 0;
  let scoreMs = 0;
  const bar = progress("scan", survivors.length, o.progress);
  try {
    for (const group of readGroups(ds, survivors, o.batchSize)) {
      const tl = performance.now();
      const { batch, report } = await ds.load(group, { bounds: new Map(group.map((s) => [s, [win(s).load.lo, win(s).load.hi]])) });
      loadMs += performance.now() - tl;
      loadRows.read += report.rowsRead;
      loadRows.needed += group.reduce((a, s) => a + win(s).load.bars, 0);
      skipped.add(report);
      for (const sub of engineBatches(batch, o.batchSize)) {
        const emitFrom = BigInt64Array.from(sub.symbols, (s) => win(s).emitFrom);
        const r = await scanBatch(sub, screen.text, emitFrom, o.threads);
        featuresMs += r.featuresMs;
        scoreMs += r.scoreMs;
        for (let k = 0; k < r.bar.length; k++) {
          const si = r.symbolIndex[k]!;
          const names = r.reasonNames.filter((_, bit) => (r.reasons[k]! >>> bit) & 1);
          candidates.push(makeCandidate(sub.symbols[si]!, sub.ts[sub.offsets[si]! + r.bar[k]!]!, r.side[k]! > 0 ? "long" : "short", r.score[k]!, names));
        }
        bar.increment(sub.symbols.length);
      }
    }
  } finally {
    bar.stop();
  }

  const tw = performance.now();
  if (o.out !== undefined) await writeCandidates(o.out, candidates);
  const writeMs = performance.now() - tw;
  return {
    screen: { name: screen.name, file: o.screen, reasons: screen.reasons },
    data: { path: o.data, layout: ds.layout, symbols: ds.symbols.length },
    window: {
      start: o.start ?? null,
      end: o.end ?? null,
      emit_last_bars: start === undefined ? screen.emitLastBars : null,
      warmup_bars: screen.warmupBars,
    },
    prescreen: { symbols_in: ds.symbols.length, passed: survivors.length, rejected, meta: o.meta ?? null },
    rows: { index_scanned: index.rowsScanned, prescreen: prescreenRows, load: loadRows, skipped: skipped.counts, skipped_rows: skipped.rows },
    candidates,
    summary: summarise(candidates),
    out: o.out ?? null,
    timing_ms: {
      prescreen: prescreenMs,
      load: loadMs,
      features: featuresMs,
      score: scoreMs,
      write: writeMs,
      total: performance.now() - t0,
      compute: prescreenRulesMs + featuresMs + scoreMs,
      prescreen_read: prescreenReadMs,
      prescreen_rules: prescreenRulesMs,
      index: indexMs,
    },
  };
}

function summarise(cs: Candidate[]): ScanResult["summary"] {
  const byReason: Record<string, number> = {};
  for (const c of cs) for (const r of c.reasons) byReason[r] = (byReason[r] ?? 0) + 1;
  const long = cs.filter((c) => c.side === "long").length;
  return { candidates: cs.length, long, short: cs.length - long, symbols: new Set(cs.map((c) => c.symbol)).size, by_reason: byReason };
}

