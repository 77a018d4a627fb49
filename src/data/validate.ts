/**
 * Row validation with vectorised polars expressions. Value rules run first; the time-order rules then run
 * on the rows that passed them, per symbol in file order. Each bad row is counted once, under the first
 * rule it breaks in {@link RULES} order.
 */
import pl from "nodejs-polars";
import { RULES, type RuleName, type SkipCounts } from "./types.js";
import { PRICE_FIELDS } from "./read.js";

type Expr = ReturnType<typeof pl.col>;
type DataFrame = ReturnType<typeof pl.DataFrame>;

/** A bad row, located in its source file. `field` is canonical (`ts`, `open`, ..., `symbol`). */
export interface BadRow {
  path: string;
  row: number;
  field: string;
  rule: RuleName;
  tsText: string | null;
  /** All normalised values of the row, for the message. */
  values: Record<string, unknown>;
}

/** Result of {@link validateFrame}. */
export interface Validated {
  kept: DataFrame;
  skipped: SkipCounts;
  /** First bad row in file order (undefined when none); with `badRows: "error"` the caller throws on it. */
  first?: BadRow;
}

/** Zero count for every rule. */
export function emptyCounts(): SkipCounts {
  return Object.fromEntries(RULES.map((r) => [r, 0])) as SkipCounts;
}

const ALL_FIELDS = [...PRICE_FIELDS, "volume"] as const;

/** Value checks in priority order: (rule, canonical field, condition). */
function valueChecks(): Array<[RuleName, string, Expr]> {
  const c = pl.col;
  return [
    ["unparseable_ts", "ts", c("__bad").eq(pl.lit("ts"))],
    ...ALL_FIELDS.map((f): [RuleName, string, Expr] => ["unparseable_number", f, c("__bad").eq(pl.lit(f))]),
    ["empty_field", "ts", c("__ts_text").isNull()],
    ...ALL_FIELDS.map((f): [RuleName, string, Expr] => ["empty_field", f, c(f).isNull()]),
    ...ALL_FIELDS.map((f): [RuleName, string, Expr] => ["not_finite", f, c(f).isFinite().not()]),
    ...PRICE_FIELDS.map((f): [RuleName, string, Expr] => ["non_positive_price", f, c(f).ltEq(0)]),
    ["high_below_low", "high", c("high").lt(c("low"))],
    ["ohlc_inconsistent", "open", c("open").lt(c("low")).or(c("open").gt(c("high")))],
    ["ohlc_inconsistent", "close", c("close").lt(c("low")).or(c("close").gt(c("high")))],
    ["negative_volume", "volume", c("volume").lt(0)],
    ["symbol_mismatch", "symbol", c("__symcol").isNotNull().and(c("__symcol").neq(c("__symbol")))],
  ];
}

/** First matching label of `checks` (index 0 = rule, 1 = field), null when no check matches. */
function firstMatch(checks: Array<[RuleName, string, Expr]>, label: 0 | 1): Expr {
  // fillNull(false): a comparison with a null operand must not decide; nulls have their own rule.
  let chain = pl.when(checks[0]![2].fillNull(false)).then(pl.lit(checks[0]![label]));
  for (const check of checks.slice(1)) chain = chain.when(check[2].fillNull(false)).then(pl.lit(check[label]));
  return chain.otherwise(pl.lit(null)).cast(pl.Utf8);
}

/**
 * Time-order rule on rows that passed the value rules: per symbol in file order, a row whose timestamp
 * is below the largest earlier one is `backwards_ts`, equal to it `duplicate_ts` (so the FIRST of a set of
 * duplicates is kept).
 */
function orderRule(): Expr {
  const prevMax = pl.col("__ts").cumMax().shift(1).over("__symbol");
  return pl
    .when(pl.col("__ts").lt(prevMax).fillNull(false))
    .then(pl.lit("backwards_ts"))
    .when(pl.col("__ts").eq(prevMax).fillNull(false))
    .then(pl.lit("duplicate_ts"))
    .otherwise(pl.lit(null))
    .cast(pl.Utf8);
}

function countRules(bad: DataFrame, into: SkipCounts): void {
  if (bad.height === 0) return;
  const counts = bad.groupBy("__rule").agg(pl.len().alias("n"));
  const rules = counts.getColumn("__rule").toArray() as RuleName[];
  const ns = counts.getColumn("n").toArray() as number[];
  rules.forEach((r, i) => (into[r] += Number(ns[i])));
}

/**
 * Validates a normalised frame (see read.ts) that is in file order then row order.
 * Returns the rows that pass, the per-rule counts of the rows that do not, and the first bad row in
 * file order.
 */
export function validateFrame(df: DataFrame): Validated {
  const skipped = emptyCounts();
  const checks = valueChecks();
  const withRule = df.withRowIndex("__order").withColumns(firstMatch(checks, 0).alias("__rule"));
  // The field is only computed for the (few) bad rows.
  const bad1 = withRule.filter(pl.col("__rule").isNotNull()).withColumns(firstMatch(checks, 1).alias("__field"));
  const pass1 = withRule.filter(pl.col("__rule").isNull());
  const checked = pass1.withColumns(orderRule().alias("__rule"));
  const bad2 = checked.filter(pl.col("__rule").isNotNull()).withColumns(pl.lit("ts").alias("__field"));
  countRules(bad1, skipped);
  countRules(bad2, skipped);
  let first: BadRow | undefined;
  if (bad1.height + bad2.height > 0) {
    const rec = pl.concat([bad1.head(1), bad2.head(1)]).sort("__order").toRecords()[0]!;
    first = {
      path: String(rec.__path),
      row: Number(rec.__row),
      field: String(rec.__field),
      rule: rec.__rule as RuleName,
      tsText: rec.__ts_text == null ? null : String(rec.__ts_text),
      values: rec,
    };
  }
  const kept = (bad2.height === 0 ? checked : checked.filter(pl.col("__rule").isNull())).drop("__order", "__rule");
  return { kept, skipped, first };
}
