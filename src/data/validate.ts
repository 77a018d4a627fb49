/**
 * Row validation with vectorised polars expressions. Value rules run first; the time-order rules then run
 * on the rows that passed them, per symbol in file order. Each bad row is counted once, under the first
 * rule it breaks in {@link RULES} order.
 */
import pl from "nodejs-polars";
import { RULES, type RuleName, type SkipCounts } from "./types.js";
import { PRICE_FIELDS } from "./read.js";
import { FileError } from "./errors.js";

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
  /**
   * The bad rows (few), in file order: `__path`, `__row`, `__symbol`, `__rule`, `__field` (canonical, or
   * `__repair`), `__ts` (UTC ns as decimal text, null when it did not parse), `__ts_text`, `__bad`,
   * `__symcol` and the OHLCV values; {@link badRowOf} turns one into a {@link BadRow}.
   */
  bad: DataFrame;
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
    // Rows a fallback text pass marked (see repairCsv): `__bad` is `<rule>:<column or detail>`.
    ["invalid_utf8", "__repair", c("__bad").str.startsWith("invalid_utf8:")],
    ["extra_field", "__repair", c("__bad").str.startsWith("extra_field:")],
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

/** True where the row breaks no value rule: the negation of "any check holds" (a null check does not decide). */
function passesValueRules(checks: Array<[RuleName, string, Expr]>): Expr {
  let any = checks[0]![2].fillNull(false);
  for (const check of checks.slice(1)) any = any.or(check[2].fillNull(false));
  return any.not();
}

/**
 * Time-order rule on rows that passed the value rules (`__ok`), as a code (0 none, 1 `backwards_ts`,
 * 2 `duplicate_ts`): per symbol in file order, a row whose timestamp is below the largest earlier one is
 * backwards, equal to it a duplicate (so the FIRST of a set of duplicates is kept). Rows that broke a
 * value rule are left out of the running maximum (null in the masked column; `cumMax` keeps a null where
 * its input is null and `forwardFill` carries the maximum over it), so no filtered copy is made.
 */
function orderCode(): Expr {
  const passed = pl.col("__ok");
  const prevMax = pl.when(passed).then(pl.col("__ts")).otherwise(pl.lit(null)).cumMax().forwardFill().shift(1).over("__symbol");
  return pl
    .when(passed.and(pl.col("__ts").lt(prevMax).fillNull(false)))
    .then(pl.lit(1))
    .when(passed.and(pl.col("__ts").eq(prevMax).fillNull(false)))
    .then(pl.lit(2))
    .otherwise(pl.lit(0))
    .cast(pl.Int8);
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
 * Returns the rows that pass (only `__symbol`, `__ts` and the OHLCV columns, in frame order), the per-rule
 * counts of the rows that do not, the bad rows themselves (see {@link Validated.bad}), and the first bad
 * row in file order, or, with `firstBy` (an Int expression over the row, e.g. the batch index of its
 * symbol), the first in (`firstBy`, file order).
 */
export function validateFrame(df: DataFrame, firstBy?: Expr): Validated {
  const skipped = emptyCounts();
  const checks = valueChecks();
  // Cheap boolean pass over every row; the rule and field names are only computed for the (few) bad rows.
  const withRule = df
    .withRowIndex("__order")
    .withColumns(passesValueRules(checks).alias("__ok"))
    .withColumns(orderCode().alias("__order_code"));
  const keep = pl.col("__ok").and(pl.col("__order_code").eq(0));
  const badFrame = withRule
    .filter(keep.not())
    .withColumns(
      pl.when(pl.col("__ok")).then(pl.when(pl.col("__order_code").eq(1)).then(pl.lit("backwards_ts")).otherwise(pl.lit("duplicate_ts"))).otherwise(firstMatch(checks, 0)).cast(pl.Utf8).alias("__rule"),
      pl.when(pl.col("__ok")).then(pl.lit("ts")).otherwise(firstMatch(checks, 1)).cast(pl.Utf8).alias("__field"),
    );
  countRules(badFrame, skipped);
  let first: BadRow | undefined;
  if (badFrame.height > 0) {
    const head = firstBy === undefined ? badFrame.head(1) : badFrame.withColumns(firstBy.alias("__first_by")).sort(["__first_by", "__order"]).head(1);
    first = badRowOf(head.toRecords()[0]!);
  }
  const narrow = ["__symbol", "__ts", ...ALL_FIELDS];
  const kept = badFrame.height === 0 ? withRule.select(...narrow) : withRule.lazy().filter(keep).select(...narrow).collectSync();
  const backwards = badFrame.height === 0 ? 0 : (badFrame.select(pl.col("__rule").eq(pl.lit("backwards_ts")).sum()).row(0)[0] as number);
  if (backwards > 0) refuseDescending(withRule);
  return { kept, skipped, first, bad: badFrame.select(...BAD_COLUMNS) };
}

/**
 * Columns of {@link Validated.bad}: where the row is, the rule and canonical field it broke, and what
 * {@link badRowOf} needs for the message. `__ts` is decimal text (an i64 read as a JS number would lose
 * nanoseconds).
 */
const BAD_COLUMNS = ["__path", "__row", "__symbol", "__rule", "__field", "__ts", "__ts_text", "__bad", "__symcol", ...ALL_FIELDS].map((c) =>
  c === "__ts" ? pl.col(c).cast(pl.Utf8) : pl.col(c),
);

/**
 * A record of {@link Validated.bad} (or of the frame it is selected from) as a {@link BadRow}: a row that
 * a text pass marked (`__field` `__repair`) is named by its mark (the column for `invalid_utf8`, none for
 * `extra_field`, whose detail is kept in `values.__repair_detail`).
 */
export function badRowOf(rec: Record<string, unknown>): BadRow {
  let field = String(rec.__field);
  if (field === "__repair") {
    // The mark names the column (invalid_utf8) or says what is wrong (extra_field).
    const mark = String(rec.__bad);
    field = rec.__rule === "invalid_utf8" ? mark.slice(mark.indexOf(":") + 1) : "";
    rec.__repair_detail = mark.slice(mark.indexOf(":") + 1);
  }
  return {
    path: String(rec.__path),
    row: Number(rec.__row),
    field,
    rule: rec.__rule as RuleName,
    tsText: rec.__ts_text == null ? null : String(rec.__ts_text),
    values: rec,
  };
}

/**
 * Throws when a symbol's rows are newest first: more than half of the steps between consecutive rows
 * that passed the value rules go back in time (at least 2 steps). A few rows out of place are left to
 * rule `backwards_ts`; a whole file in descending order is not a set of bad rows, it needs sorting.
 *
 * # Errors
 * `FileError` naming the file of the symbol's first row, the symbol and the count of backward steps.
 */
function refuseDescending(withRule: DataFrame): void {
  const step = pl.col("__ts").diff(1, "ignore").over("__symbol");
  const steps = withRule
    .lazy()
    .filter(pl.col("__ok"))
    .select(pl.col("__symbol"), pl.col("__path"), step.alias("__step"))
    .groupBy("__symbol", { maintainOrder: true })
    .agg(pl.col("__path").first().alias("path"), pl.col("__step").lt(0).sum().alias("back"), pl.col("__step").isNotNull().sum().alias("steps"))
    .filter(pl.col("steps").gtEq(2).and(pl.col("back").mul(2).gt(pl.col("steps"))))
    .head(1)
    .collectSync();
  if (steps.height === 0) return;
  const r = steps.toRecords()[0]!;
  throw new FileError(
    String(r.path),
    `${r.__symbol}'s rows are in descending time order (newest first: ${r.back} of ${r.steps} steps go back); ` +
      `sort them oldest first, e.g. \`(head -n 1 FILE; tail -n +2 FILE | tac) > sorted.csv\` for a file that is all newest first [rule descending_ts]`,
  );
}
