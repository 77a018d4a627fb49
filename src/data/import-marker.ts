/**
 * The import marker, `<dataset>/_barstream_import.json`: `barstream import` writes it with
 * `"complete": false` before the first Parquet file and rewrites it with `"complete": true` after the
 * last, both atomically. `openDataset` refuses a folder whose marker is not complete (an import that
 * was killed, interrupted or ran out of disk), so no run uses a partial dataset. A folder without a
 * marker (a dataset made by hand or by another tool) is read as before.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

import { writeFileAtomic } from "../util/atomic-file.js";

/** File name of the marker inside the dataset folder (not a `symbol=` partition, not a data file). */
export const IMPORT_MARKER = "_barstream_import.json";

/** Contents of the marker. */
export interface ImportMarker {
  /** Marker format version (1). */
  format: 1;
  /** True only once every file of the import is written. */
  complete: boolean;
  /** The import's source path, as given. */
  src: string;
  /** ISO-8601 UTC time the import started. */
  started: string;
  /** ISO-8601 UTC time the import finished; absent while incomplete. */
  finished?: string;
  /** Symbols written (complete markers only). */
  symbols?: number;
  /** Rows written (complete markers only). */
  rows?: number;
}

/**
 * Writes the marker of `dir` atomically.
 * @throws AtomicWriteError naming the file and the OS error.
 */
export async function writeImportMarker(dir: string, marker: ImportMarker): Promise<void> {
  await writeFileAtomic(join(dir, IMPORT_MARKER), `${JSON.stringify(marker, null, 2)}\n`, { label: "import --out" });
}

/**
 * Checks the marker of dataset folder `dir`: passes when there is none (returns undefined) or it says
 * complete (returns it: `barstream import` wrote the folder, see parquet.ts for what that allows).
 *
 * # Errors
 * Throws naming the folder when the marker says `"complete": false` (an interrupted import) or
 * cannot be read or parsed (an import killed before its first marker was whole cannot leave that:
 * the marker is written atomically), telling to delete the folder and run `barstream import` again.
 */
export function checkImportMarker(dir: string): ImportMarker | undefined {
  const file = join(dir, IMPORT_MARKER);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`${file}: cannot read the import marker (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  const again = `delete ${dir} and run 'barstream import' again`;
  let marker: Partial<ImportMarker>;
  try {
    marker = JSON.parse(text) as Partial<ImportMarker>;
  } catch {
    throw new Error(`${file}: the import marker is not valid JSON; the dataset may be partial: ${again}`);
  }
  if (marker?.complete !== true) {
    throw new Error(`${dir}: the import into this folder did not finish (${IMPORT_MARKER} has "complete": false, started ${marker?.started ?? "at an unknown time"}); the dataset is partial: ${again}`);
  }
  return marker as ImportMarker;
}
