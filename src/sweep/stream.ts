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

/** The CSV text of a field: quoted when it holds a comma, quote or line break. */
function field(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A number as CSV text: shortest round-trip decimal; NaN as `NaN`, infinities as `inf`/`-inf` (as the Parquet/CSV tables). */
function num(v: number): string {
  if (v === Infinity) return "inf";
  if (v === -Infinity) return "-inf";
  return String(v);
}

/** One streamed CSV file, written under `<file>.partial` until {@link CsvStream.close}. */
class CsvStream {
  private failure: Error | undefined;

  private constructor(readonly file: string, private readonly out: WriteStream) {
    out.on("error", (err: NodeJS.ErrnoException) => {
      this.failure = new Error(`--all-results ${file}: cannot write (${err.code ?? err.message})`);
    });
  }

  /** Creates `<file>.partial` and writes the header. @throws Error naming the file. */
  static async create(file: string, header: string[]): Promise<CsvStream> {
    const out = createWriteStream(`${file}.partial`);
    try {
      await once(out, "open");
    } catch (err) {
      throw new Error(`--all-results ${file}: cannot create (${(err as NodeJS.ErrnoException).code ?? err})`);
    }
    const s = new CsvStream(file, out);
    await s.write(`${header.map(field).join(",")}\n`);
    return s;
  }

  /** Writes `text`, waiting while the stream's buffer is full. @throws Error naming the file (e.g. ENOSPC). */
  async write(text: string): Promise<void> {
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

/**
 * Streams every row of a sweep to `dir`/all_universe.csv (combo, parameters, metrics) and
 * `dir`/all_per_symbol.csv (combo, symbol, parameters, metrics), in the order the engine's
 * ranges finish (combination ranges ascending). Memory: one range's text.
 */
export class AllResultsWriter {
  private files_: { uni: CsvStream; sym: CsvStream } | undefined;
  private readonly symbolFields: string[];

  private constructor(private readonly dir: string, private readonly layout: StreamLayout) {
    this.symbolFields = layout.symbols.map(field);
  }

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

  private async streams(names: string[]): Promise<{ uni: CsvStream; sym: CsvStream }> {
    if (this.files_) return this.files_;
    const { paths } = this.layout;
    const uni = await CsvStream.create(this.files.universe_csv, ["combo", ...paths, ...names]);
    const sym = await CsvStream.create(this.files.per_symbol_csv, ["combo", "symbol", ...paths, ...names]).catch(async (err) => {
      await uni.abort();
      throw err;
    });
    this.files_ = { uni, sym };
    return this.files_;
  }

  private params(combo: number): string {
    const p = this.layout.paths.length;
    let s = "";
    for (let j = 0; j < p; j++) s += `,${num(this.layout.values[combo * p + j])}`;
    return s;
  }

  private static metrics(m: Float64Array, w: number, i: number): string {
    let s = "";
    for (let j = 0; j < w; j++) s += `,${num(m[i * w + j])}`;
    return s;
  }

  /** Appends a range's rows. @throws Error naming the file when a write fails (full disk). */
  async write(r: RangeRows): Promise<void> {
    const { uni, sym } = await this.streams(r.names);
    const w = r.names.length;
    // Chunks of rows, so a range over many symbols is not one giant string.
    const CHUNK = 4096;
    const u = r.universe;
    for (let a = 0; a < u.combo.length; a += CHUNK) {
      let text = "";
      for (let i = a; i < Math.min(a + CHUNK, u.combo.length); i++) text += `${u.combo[i]}${this.params(u.combo[i])}${AllResultsWriter.metrics(u.metrics, w, i)}\n`;
      await uni.write(text);
    }
    const s = r.perSymbol;
    for (let a = 0; a < s.combo.length; a += CHUNK) {
      let text = "";
      for (let i = a; i < Math.min(a + CHUNK, s.combo.length); i++) {
        text += `${s.combo[i]},${this.symbolFields[s.symbolIndex[i]]}${this.params(s.combo[i])}${AllResultsWriter.metrics(s.metrics, w, i)}\n`;
      }
      await sym.write(text);
    }
  }

  /** Flushes, fsyncs and renames both files into place. @throws Error naming the file. */
  async close(): Promise<void> {
    if (!this.files_) return;
    await this.files_.uni.close();
    await this.files_.sym.close();
  }

  /** Removes the temporary files (on an error before close). */
  async abort(): Promise<void> {
    if (this.files_) await Promise.all([this.files_.uni.abort(), this.files_.sym.abort()]);
  }
}
