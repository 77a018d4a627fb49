/** The terminal report of a scan: pre-screen rejects, rows read vs needed, stage timing, top candidates. */
import Table from "cli-table3";

import { num, plural } from "../report/format.js";
import { PRESCREEN_RULES, type ScanResult } from "../types/scan.js";
import { skippedBlock } from "../report/skipped.js";

/** Borders without a rule between rows: compact, still aligned. */
const COMPACT = { "mid": "", "left-mid": "", "mid-mid": "", "right-mid": "" };
const table = (head: string[]) => new Table({ head, chars: COMPACT, style: { head: [], border: [] } });
const int = (n: number) => n.toLocaleString("en-US");

/** Stage timing rows (also the `--json` `timing_ms` keys), in pipeline order. */
export const STAGES = ["prescreen", "load", "features", "score", "write"] as const;

/** Renders `r` for a terminal, listing the `top` highest-scoring candidates. */
export function renderScan(r: ScanResult, top = 10): string {
  const head = table([]);
  const w = r.window;
  head.push(
    { Screen: `${r.screen.name} (${r.screen.file})` },
    { Data: `${r.data.path} (${r.data.layout}): ${plural(r.data.symbols, "symbol")}` },
    { Window: `${w.start === null ? `last ${w.emit_last_bars} bar(s)` : `from ${w.start}`}${w.end === null ? "" : ` to ${w.end}`}, warm-up ${w.warmup_bars} bars` },
  );
  const pre = table(["Pre-screen rule", "symbols rejected"]);
  for (const rule of PRESCREEN_RULES) if (r.prescreen.rejected[rule] > 0) pre.push([rule, int(r.prescreen.rejected[rule])]);
  pre.push(["passed", `${int(r.prescreen.passed)} of ${int(r.prescreen.symbols_in)}`]);
  const rows = table(["Rows", "read", "needed"]);
  rows.push(["time index (time column only)", int(r.rows.index_scanned), "-"]);
  rows.push(["pre-screen window", int(r.rows.prescreen.read), int(r.rows.prescreen.needed)]);
  rows.push(["warm-up + emission window", int(r.rows.load.read), int(r.rows.load.needed)]);
  const skipped = Object.entries(r.rows.skipped).filter(([, n]) => n > 0);
  if (skipped.length > 0) rows.push(["rows skipped", skipped.map(([k, n]) => `${k}: ${n}`).join(", "), ""]);
  const timing = table(["Stage", "ms"]);
  for (const s of STAGES) timing.push([s, num(r.timing_ms[s], 1)]);
  timing.push(["total (wall)", num(r.timing_ms.total, 1)]);
  const s = r.summary;
  const cands = table(["Candidates", "value"]);
  cands.push(["total", `${int(s.candidates)} (${int(s.long)} long, ${int(s.short)} short) in ${plural(s.symbols, "symbol")}`]);
  const reasons = Object.entries(s.by_reason).sort((a, b) => b[1] - a[1]);
  // Four reasons a line keeps the table narrow.
  const lines = reasons.map(([k, n]) => `${k} ${int(n)}`).reduce<string[][]>((acc, x, i) => (i % 4 === 0 ? acc.push([x]) : acc[acc.length - 1]!.push(x), acc), []);
  if (reasons.length > 0) cands.push(["by reason", lines.map((l) => l.join(", ")).join("\n")]);
  if (r.out !== null) cands.push(["written to", r.out]);
  const parts = [head.toString(), pre.toString(), rows.toString()];
  const located = skippedBlock(r.rows.skipped_rows, "rows.skipped_rows in --json");
  if (located) parts.push(located);
  parts.push(timing.toString(), cands.toString());
  const best = [...r.candidates].sort((a, b) => b.score - a.score || (a.ts < b.ts ? 1 : -1)).slice(0, top);
  if (best.length > 0) {
    const t = table([`Top ${best.length}`, "time", "side", "score", "reasons"]);
    for (const c of best) t.push([c.symbol, c.ts, c.side, num(c.score, 2), c.reasons.join(", ")]);
    parts.push(t.toString());
  }
  return parts.join("\n");
}
