/**
 * `--all-results`: every combination's universe row and every (combination, symbol) row streamed
 * to CSV as the engine's ranges finish, in combination order (rank-independent, so nothing has to
 * be held to write them). Written under a temporary name in the output folder and renamed into
 * place when closed, so a file under the final name is never half-written.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { once } from "node:events";

import pl from "nodejs-polars";

import type { MetricRows } from "../types/sweep.js";
import { rowColumns } from "./files.js";

/** One streamed CSV file, written under `<file>.partial` until {@link CsvStream.close}. */
class CsvStream {
  private failure: Error | undefined;

  private constructor(readonly file: string, private readonly out: WriteStream) {
    out.on("error", (err: NodeJS.ErrnoException) => {
      this.failure = new Error(`--all-results ${file}: cannot write (${err.code ?? err.message})`);
    });
  }

  /** Creates `<file>.partial`. @throws Error naming the file. */
  static async create(file: string): Promise<CsvStream> {
    const out = createWriteStream(`${file}.partial`);
    try {
      await once(out, "open");
    } catch (err) {
      throw new Error(`--all-results ${file}: cannot create (${(err as NodeJS.ErrnoException).code ?? err})`);
    }
    return new CsvStream(file, out);
  }

  /** Writes `text`, waiting while the stream's buffer is full. @throws Error naming the file (e.g. ENOSPC). */
  async write(text: Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.out.write(text)) await Promise.race([once(this.out, "drain"), once(this.out, "error")]).catch(() => undefined);
    if (this.failure) throw this.failure;
  }

  /** Flushes, fsyncs and renames into place. @throws Error naming the file. */
  async close(): Promise<void> {
    if (this.failure) throw this.failure;
    await new Promise<void>((resolve) => this.out.end(resolve));
    if (!this.out.closed) await once(this.out, "close");
    if (this.failure) throw this.failure;
    try {
      // fsync is per file, so a second descriptor flushes what the stream wrote.
      const fh = await open(`${this.file}.partial`, "r+");
      await fh.sync().finally(() => fh.close());
      await rename(`${this.file}.partial`, this.file);
    } catch (err) {
      throw new Error(`--all-results ${this.file}: cannot finish (${(err as NodeJS.ErrnoException).code ?? err})`);
    }
  }

  /** Stops writing and removes the temporary file. */
  async abort(): Promise<void> {
    this.out.destroy();
    await rm(`${this.file}.partial`, { force: true });
  }
}

/** Grid and symbols the streamed rows are written with. */
export interface StreamLayout {
  /** Parameter dot paths and values (combos x paths, row-major). */
  paths: string[];
  values: Float64Array;
  /** Symbol names by index. */
  symbols: string[];
}

/** The rows of one finished engine range. */
export interface RangeRows {
  /** Metric names (stats-crate snake_case), the row layout of both `metrics`. */
  names: string[];
  universe: { combo: Int32Array; metrics: Float64Array };
  perSymbol: { combo: Int32Array; symbolIndex: Int32Array; metrics: Float64Array };
}

/** Paths of the streamed files: `all_universe.csv` and `all_per_symbol.csv`. */
export interface AllResultsFiles {
  universe_csv: string;
  per_symbol_csv: string;
}

/** Rows held before a CSV chunk is written (~15 MB of rows): bounds the held rows, the frame and the text of one write. */
const CHUNK = 65_536;

/**
 * Streams every row of a sweep to `dir`/all_universe.csv (combo, parameters, metrics) and
 * `dir`/all_per_symbol.csv (combo, symbol, parameters, metrics), in the order the engine's
 * ranges finish (combination ranges ascending), formatted as the ranked tables are (the same
 * column builder and CSV writer). Memory: one chunk of rows (plus the range that crosses it).
 */
export class AllResultsWriter {
  private files_: { uni: CsvStream; sym: CsvStream } | undefined;
  private header = true;
  private names: string[] | undefined;
  /** Ranges not written yet, and their row count. */
  private pending: RangeRows[] = [];
  private held = 0;

  private constructor(private readonly dir: string, private readonly layout: StreamLayout) {}

  /** A writer into `dir` (created if missing); the files are created with the first rows. @throws Error naming the folder. */
  static async open(dir: string, layout: StreamLayout): Promise<AllResultsWriter> {
    try {
      await mkdir(dir, { recursive: true });
    } catch (err) {
      throw new Error(`--out ${dir}: cannot create directory (${(err as NodeJS.ErrnoException).code ?? err})`);
    }
    return new AllResultsWriter(dir, layout);
  }

  /** The final paths (the files exist under them once {@link close} resolved). */
  get files(): AllResultsFiles {
    return { universe_csv: join(this.dir, "all_universe.csv"), per_symbol_csv: join(this.dir, "all_per_symbol.csv") };
  }

  private async streams(): Promise<{ uni: CsvStream; sym: CsvStream }> {
    if (this.files_) return this.files_;
    const uni = await CsvStream.create(this.files.universe_csv);
    const sym = await CsvStream.create(this.files.per_symbol_csv).catch(async (err) => {
      await uni.abort();
      throw err;
    });
    this.files_ = { uni, sym };
    return this.files_;
  }

  /** Writes `rows` (all of them) as one CSV chunk, with the header the first time. */
  private async flushKind(to: CsvStream, rows: MetricRows, symbols: string[] | undefined): Promise<void> {
    const order = Int32Array.from({ length: rows.combo.length }, (_, k) => k);
    await to.write(pl.DataFrame(rowColumns(rows, order, this.layout, symbols)).writeCSV({ includeHeader: this.header }));
  }

  /** Writes the rows held so far (both files) and empties the buffer. */
  private async flush(): Promise<void> {
    if (!this.names) return;
    const { uni, sym } = await this.streams();
    const names = this.names;
    const cat = <T extends Int32Array | Float64Array>(parts: T[], make: (n: number) => T): T => {
      const out = make(parts.reduce((a, p) => a + p.length, 0));
      let at = 0;
      for (const p of parts) {
        out.set(p, at);
        at += p.length;
      }
      return out;
    };
    const u = this.pending.map((r) => r.universe);
    const ps = this.pending.map((r) => r.perSymbol);
    const i32 = (n: number) => new Int32Array(n);
    const f64 = (n: number) => new Float64Array(n);
    await this.flushKind(uni, { combo: cat(u.map((x) => x.combo), i32), metrics: cat(u.map((x) => x.metrics), f64), names }, undefined);
    await this.flushKind(sym, { combo: cat(ps.map((x) => x.combo), i32), symbolIndex: cat(ps.map((x) => x.symbolIndex), i32), metrics: cat(ps.map((x) => x.metrics), f64), names }, this.layout.symbols);
    this.header = false;
    this.pending = [];
    this.held = 0;
  }

  /**
   * Appends a range's rows. They are held until about {@link CHUNK} rows are waiting, then
   * written as one CSV chunk (a table per chunk, not per range: building one costs far more
   * than its rows).
   *
   * @throws Error naming the file when a write fails (full disk).
   */
  async write(r: RangeRows): Promise<void> {
    this.names = r.names;
    this.pending.push(r);
    this.held += r.universe.combo.length + r.perSymbol.combo.length;
    if (this.held >= CHUNK) await this.flush();
  }

  /** Writes what is held, flushes, fsyncs and renames both files into place. @throws Error naming the file. */
  async close(): Promise<void> {
    await this.flush();
    if (!this.files_) return;
    await this.files_.uni.close();
    await this.files_.sym.close();
  }

  /** Removes the temporary files (on an error before close). */
  async abort(): Promise<void> {
    if (this.files_) await Promise.all([this.files_.uni.abort(), this.files_.sym.abort()]);
  }
}
