/**
 * `importDataset`: turns any dataset `openDataset` reads (typically CSV files) into a hive-partitioned
 * Parquet dataset, `<out>/symbol=<SYM>/data.parquet`, one file per symbol sorted by time, with columns
 * `ts` (Datetime ns, UTC) and `open`/`high`/`low`/`close`/`volume` (f64). `openDataset(out)` reads it back
 * to the same {@link BarBatch} as a direct load of `src` with the same options. Each file is written
 * atomically, and the folder's import marker (import-marker.ts) says complete only once all are.
 */
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import pl from "nodejs-polars";
import type { BarBatch, ImportReport, LoadOptions } from "./types.js";
import { openDataset } from "./dataset.js";
import { emptyCounts } from "./validate.js";
import { writeFrameAtomic } from "../util/atomic-file.js";
import { IMPORT_MARKER, writeImportMarker } from "./import-marker.js";
import { PARTITION_FILE } from "./parquet.js";

/** Symbols written per batch (the source is read once, see `Dataset.loadGroups`). */
const SYMBOLS_PER_BATCH = 64;

/** Parquet frame of symbol `i` of `batch` (bars offsets[i]..offsets[i+1]). */
function symbolFrame(batch: BarBatch, i: number) {
  const [a, b] = [batch.offsets[i]!, batch.offsets[i + 1]!];
  const f64 = (name: string, col: Float64Array) => pl.Series(name, col.subarray(a, b) as unknown as number[], pl.Float64);
  return pl.DataFrame([
    pl.Series("ts", batch.ts.subarray(a, b) as unknown as number[], pl.Int64).cast(pl.Datetime("ns", "UTC")),
    f64("open", batch.open),
    f64("high", batch.high),
    f64("low", batch.low),
    f64("close", batch.close),
    f64("volume", batch.volume),
  ]);
}

/**
 * Loads `src` with `opts` (same rules as {@link openDataset}, including `badRows`) and writes it to `out`
 * as hive-partitioned Parquet, {@link SYMBOLS_PER_BATCH} symbols at a time. Symbols with no bar in range
 * get no file. `<out>/_barstream_import.json` is written first with `"complete": false` and last with
 * `"complete": true`; `openDataset` refuses the folder in between (an interrupted import).
 *
 * # Errors
 * Rejects when `out` exists and is not an empty folder, when a symbol contains `/`, `\` or is `.`/`..`,
 * and with everything `openDataset`/`load` reject with (a `DataError` on a bad row by default);
 * AtomicWriteError naming the file and the OS error (e.g. disk full) when a file cannot be written.
 */
export async function importDataset(src: string, out: string, opts: LoadOptions = {}): Promise<ImportReport> {
  if (existsSync(out) && readdirSync(out).length > 0) {
    const earlier = existsSync(join(out, IMPORT_MARKER)) ? " (it holds an earlier import, finished or not: delete it to import again)" : "";
    throw new Error(`${out}: output folder exists and is not empty${earlier}`);
  }
  const ds = await openDataset(src, opts);
  const bad = ds.symbols.find((s) => /[\\/]/.test(s) || s === "." || s === "..");
  if (bad !== undefined) throw new Error(`symbol '${bad}' cannot be a folder name`);
  const report: ImportReport = { out, symbols: [], filesWritten: [], rowsRead: 0, rowsWritten: 0, skipped: emptyCounts(), skippedRows: [] };
  mkdirSync(out, { recursive: true });
  const marker = { format: 1, complete: false, src, started: new Date().toISOString() } as const;
  await writeImportMarker(out, marker);
  const groups: string[][] = [];
  for (let k = 0; k < ds.symbols.length; k += SYMBOLS_PER_BATCH) groups.push(ds.symbols.slice(k, k + SYMBOLS_PER_BATCH));
  // Read once (a long file is not re-read per batch), written a batch at a time.
  for await (const { batch, report: r } of ds.loadGroups(groups)) {
    report.rowsRead += r.rowsRead;
    for (const rule of Object.keys(r.skipped) as Array<keyof typeof r.skipped>) report.skipped[rule] += r.skipped[rule];
    for (const s of r.skippedRows) report.skippedRows.push(s); // not push(...): a long list would overflow the call stack
    for (const [i, symbol] of batch.symbols.entries()) {
      if (batch.offsets[i + 1] === batch.offsets[i]) continue;
      const dir = join(out, `symbol=${symbol}`);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, PARTITION_FILE);
      const frame = symbolFrame(batch, i);
      await writeFrameAtomic(file, frame, "parquet", { label: "import --out", compression: "zstd" });
      report.symbols.push(symbol);
      report.filesWritten.push(file);
      report.rowsWritten += frame.height;
    }
  }
  await writeImportMarker(out, { ...marker, complete: true, finished: new Date().toISOString(), symbols: report.symbols.length, rows: report.rowsWritten });
  return report;
}
