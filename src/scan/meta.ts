/**
 * Universe metadata (one row per symbol: sector, market cap), read with nodejs-polars. The S&P 500 file
 * `constituents-financials_2018-02-08.csv` is the reference layout (`Symbol`, `Sector`, `Market Cap`).
 */
import pl from "nodejs-polars";

/** What the pre-screen needs about one symbol. */
export interface SymbolMeta {
  sector: string | null;
  /** Market capitalisation, currency; null when the field is empty. */
  marketCap: number | null;
}

/** Column aliases, matched case-insensitively after trimming. */
const COLUMNS = {
  symbol: ["symbol", "ticker"],
  sector: ["sector", "gics sector"],
  marketCap: ["market cap", "market_cap", "marketcap"],
} as const;

/**
 * Reads a metadata CSV. Only the columns in `need` must exist (the symbol column always).
 *
 * # Errors
 * Throws `meta file <path>: ...` when the file cannot be read or a needed column is missing, and
 * `meta file <path> row <n>: ...` (1-based data row) for an empty symbol, a symbol listed twice, or a market
 * cap that is present but not a number.
 */
export function loadMeta(path: string, need: { sector: boolean; marketCap: boolean }): Map<string, SymbolMeta> {
  let df: ReturnType<typeof pl.readCSV>;
  try {
    df = pl.readCSV(path, { inferSchemaLength: 0 });
  } catch (e) {
    throw new Error(`meta file ${path}: cannot read (${(e as Error).message.split("\n")[0]})`);
  }
  const find = (aliases: readonly string[], label: string, required: boolean): string | undefined => {
    const c = df.columns.find((n) => aliases.includes(n.trim().toLowerCase()));
    if (c === undefined && required) throw new Error(`meta file ${path}: no '${label}' column among [${df.columns.join(", ")}]`);
    return c;
  };
  const symCol = find(COLUMNS.symbol, "Symbol", true)!;
  const secCol = find(COLUMNS.sector, "Sector", need.sector);
  const capCol = find(COLUMNS.marketCap, "Market Cap", need.marketCap);
  const syms = df.getColumn(symCol).toArray() as Array<string | null>;
  const secs = secCol === undefined ? undefined : (df.getColumn(secCol).toArray() as Array<string | null>);
  const caps = capCol === undefined ? undefined : (df.getColumn(capCol).toArray() as Array<string | null>);
  const out = new Map<string, SymbolMeta>();
  const firstRow = new Map<string, number>();
  syms.forEach((raw, i) => {
    const row = i + 1;
    const sym = raw?.trim() ?? "";
    if (sym === "") throw new Error(`meta file ${path} row ${row}: field '${symCol}' is empty`);
    if (out.has(sym)) throw new Error(`meta file ${path} row ${row}: symbol '${sym}' already listed in row ${firstRow.get(sym)}`);
    let marketCap: number | null = null;
    const capText = caps?.[i]?.trim() ?? "";
    if (capText !== "") {
      marketCap = Number(capText);
      if (!Number.isFinite(marketCap)) throw new Error(`meta file ${path} row ${row}: field '${capCol}' = '${capText}' is not a number`);
    }
    const sector = secs?.[i]?.trim() || null;
    out.set(sym, { sector, marketCap });
    firstRow.set(sym, row);
  });
  return out;
}
