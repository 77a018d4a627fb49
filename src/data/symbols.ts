/**
 * Symbol from a file name: the base name without extension, cut at the first `_` or `-`, upper-cased.
 * `AAPL_data.csv` -> `AAPL`, `orcl-2014.txt` -> `ORCL`, `BF.B_data.csv` -> `BF.B`,
 * `ALGOUSDT-1m-2023-02.csv` -> `ALGOUSDT`, `DBB_1min_2023-07-10_to_2025-07-08.csv` -> `DBB`.
 *
 * # Errors
 * Throws when the result is empty (a name starting with `_` or `-`).
 */
export function symbolFromFileName(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, "").replace(/\.[^.]*$/, "");
  const symbol = base.split(/[_-]/, 1)[0]!.toUpperCase();
  if (symbol === "") throw new Error(`cannot derive a symbol from file name '${fileName}'; pass the 'symbol' option`);
  return symbol;
}

/** Directory name of a hive partition, `symbol=AAPL` -> `AAPL`; undefined for any other name. */
export function symbolFromHiveDir(dirName: string): string | undefined {
  const m = /^symbol=(.+)$/i.exec(dirName);
  return m ? m[1] : undefined;
}
