/// <reference lib="dom" />
/**
 * The report pages' script. It runs in the BROWSER: page.ts inlines it with
 * `Function.prototype.toString`, so its body may use only browser globals, the global
 * `echarts` (inlined bundle) and its argument (the formatters of src/report/format.ts,
 * inlined the same way, so the page shows numbers exactly as the terminal report does).
 *
 * Data comes from `<script type="application/json">` blocks: `bs-meta` (kind "backtest" or
 * "sweep"), and for a backtest `bs-sym-<i>` per symbol, parsed only when symbol i is shown.
 */

/** The formatters handed in from src/report/format.ts. */
export interface ClientFormat {
  pct(x: unknown): string;
  num(x: unknown, digits?: number): string;
  money(x: unknown): string;
  duration(x: unknown): string;
  decimal(x: unknown, significant?: number): string;
  axisPct(v: number): string;
  formatStat(x: unknown, format: string, digits?: number): string;
  statTone(x: unknown, better: string, format: string): string;
  plural(n: number, noun: string): string;
}

/** Decoders handed in from codec.ts (same source as the encoder). */
export interface ClientLib {
  unpack(p: { d: number; v: number[] }): number[];
  unpackTime(p: { u: number; v: number[] }): number[];
}

/** The part of an ECharts instance the page uses. */
interface EChart {
  setOption(option: object, notMerge?: boolean): void;
  resize(): void;
}
declare const echarts: { init(el: HTMLElement, theme?: null, opts?: object): EChart };

/** The page script: builds the page from the data blocks. Browser only (see the module doc). */
export function clientMain(fmt: ClientFormat, lib: ClientLib): void {
  // Loose JSON shapes: the producers are series.ts, backtest.ts and sweep.ts.
  type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any
  type Points = [number, number][];
  type Child = Node | string | null | undefined;

  const el = (tag: string, attrs: Record<string, string | ((e: Event) => void)> = {}, ...children: Child[]): HTMLElement => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (typeof v === "function") e.addEventListener(k, v);
      else e.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  };
  const block = (id: string): Json => JSON.parse((document.getElementById(id) as HTMLElement).textContent as string);
  const zip = (t: number[], v: number[]): Points => t.map((x, i) => [x, v[i]]);
  /** A chart payload (series.ts) decoded into points; buy & hold and drawdown as sent (the engine's), none when absent. */
  const decode = (p: Json) => {
    const base: number[] = p.t ? lib.unpackTime(p.t) : [];
    const times = (x: Json): number[] => (x.t ? lib.unpackTime(x.t) : base);
    const eqT = times(p.equity);
    const eqV = lib.unpack(p.equity.v);
    const closeV = p.candles ? lib.unpack(p.candles.c) : p.close ? lib.unpack(p.close.v) : [];
    return {
      equity: zip(eqT, eqV),
      hold: p.hold ? zip(times(p.hold), lib.unpack(p.hold.v)) : [],
      drawdown: p.drawdown ? zip(times(p.drawdown), lib.unpack(p.drawdown.v)) : [],
      candles: p.candles
        ? (() => {
          const t = times(p.candles);
          const [o, h, l] = [lib.unpack(p.candles.o), lib.unpack(p.candles.h), lib.unpack(p.candles.l)];
          return t.map((x, j) => [x, o[j], closeV[j], l[j], h[j]]);
        })()
        : undefined,
      close: p.close ? zip(times(p.close), closeV) : undefined,
    };
  };
  /** An exact ISO UTC time (3, 6 or 9 fraction digits) as the tables show it: no T, no Z, no zero seconds. */
  const isoText = (s: string) => s.replace("T", " ").replace(/(:00)?\.000Z$/, "").replace(/Z$/, "");
  /** A statistic's definition from the engine's schema (src/types/schema.ts), as the producers embed it. */
  interface Def { name: string; label: string; format: string; better: string; description: string }
  /** `x` shown in statistic format `format` (numbers with `digits` decimals): src/report/format.ts's formatStat. */
  const stat = (x: unknown, format: string, digits = 2): string => fmt.formatStat(x, format, digits);
  /** Gain or loss colour of a trade's P&L or return: its sign is good or bad. */
  const signClass = (x: unknown) => fmt.statTone(x, "higher", "number");
  /** Colour of a statistic by its better direction (a drawdown above 0 is bad), from format.ts's statTone. */
  const tone = (d: Def, x: unknown) => fmt.statTone(x, d.better, d.format);
  const charts: EChart[] = [];
  const chart = (node: HTMLElement): EChart => {
    const c = echarts.init(node, null, { renderer: "canvas" });
    charts.push(c);
    return c;
  };
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));

  /** A table sorted by clicking a header, shown one page at a time. */
  interface Column {
    label: string;
    /** The header's `data-col` (default: the label). */
    key?: string;
    /** The header's tooltip. */
    title?: string;
    value(i: number): number | string | null;
    text?(i: number): string;
    cls?(i: number): string;
  }
  const sortableTable = (id: string, columns: Column[], opts: { pageSize: number; onClick?: (i: number) => void; selected?: () => number }) => {
    let rows: number[] = [];
    let order: number[] = [];
    let sortCol = -1;
    let dir = 1;
    let page = 0;
    const head = el("tr");
    const body = el("tbody");
    const info = el("span");
    const prev = el("button", { type: "button", click: () => { page = Math.max(0, page - 1); render(); } }, "Previous");
    const next = el("button", { type: "button", click: () => { page += 1; render(); } }, "Next");
    const pager = el("div", { class: "pager" }, prev, next, info);
    const table = el("table", { id }, el("thead", {}, head), body);
    columns.forEach((c, k) => {
      head.append(el("th", { class: "sortable", "data-col": c.key ?? c.label, ...(c.title ? { title: c.title } : {}), click: () => sortBy(k) }, c.label));
    });
    const cmp = (a: number, b: number) => {
      const col = columns[sortCol];
      const x = col.value(a);
      const y = col.value(b);
      const bad = (v: unknown) => v === null || (typeof v === "number" && Number.isNaN(v));
      if (bad(x) || bad(y)) return bad(x) === bad(y) ? a - b : bad(x) ? 1 : -1; // missing values last
      if (x === y) return a - b;
      return ((x as number | string) < (y as number | string) ? -1 : 1) * dir;
    };
    const sortBy = (k: number) => {
      dir = sortCol === k ? -dir : typeof columns[k].value(rows[0] ?? 0) === "number" ? -1 : 1;
      sortCol = k;
      order = [...rows].sort(cmp);
      page = 0;
      render();
    };
    const render = () => {
      const pages = Math.max(1, Math.ceil(order.length / opts.pageSize));
      page = Math.min(page, pages - 1);
      const lo = page * opts.pageSize;
      const hi = Math.min(order.length, lo + opts.pageSize);
      body.replaceChildren(...order.slice(lo, hi).map((i) => {
        const tr = el("tr", opts.onClick ? { class: "clickable", click: () => opts.onClick?.(i) } : {});
        if (opts.selected && opts.selected() === i) tr.classList.add("selected");
        for (const c of columns) tr.append(el("td", c.cls ? { class: c.cls(i) } : {}, c.text ? c.text(i) : String(c.value(i) ?? "-")));
        return tr;
      }));
      Array.from(head.children).forEach((th, k) =>
        k === sortCol ? th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending") : th.removeAttribute("aria-sort"));
      info.textContent = order.length ? `rows ${lo + 1}-${hi} of ${order.length.toLocaleString("en-US")}` : "no rows";
      (prev as HTMLButtonElement).disabled = page === 0;
      (next as HTMLButtonElement).disabled = page >= pages - 1;
    };
    const setRows = (r: number[]) => {
      rows = r;
      order = sortCol >= 0 ? [...rows].sort(cmp) : [...rows];
      page = 0;
      render();
    };
    return { element: el("div", {}, el("div", { class: "scroll" }, table), pager), setRows, render };
  };

  const lineSeries = (name: string, data: Points, axis: number, color: string, area = false) => ({
    type: "line", name, xAxisIndex: axis, yAxisIndex: axis, data, showSymbol: false, symbol: "none",
    lineStyle: { width: 1.3, color }, itemStyle: { color }, areaStyle: area ? { color, opacity: 0.2 } : undefined,
  });
  const pctAxis = { axisLabel: { formatter: (v: number) => fmt.axisPct(v) } };
  /** Option with `n` stacked grids sharing one zoomable time axis; `tops`/`heights` in %. */
  const stacked = (title: string, tops: number[], heights: number[], yAxes: object[], series: object[]) => ({
    animation: false,
    title: { text: title, left: 8, top: 4, textStyle: { fontSize: 14 } },
    legend: { top: 28, right: 8 }, // its own line under the title: a long title never runs into it
    tooltip: { trigger: "axis", axisPointer: { type: "cross" } },
    axisPointer: { link: [{ xAxisIndex: "all" }] },
    grid: tops.map((top, k) => ({ left: 70, right: 24, top: `${top}%`, height: `${heights[k]}%` })),
    xAxis: tops.map((_, k) => ({ type: "time", gridIndex: k, axisLabel: { show: k === tops.length - 1 } })),
    yAxis: yAxes.map((y, k) => ({ scale: true, gridIndex: k, splitNumber: 3, ...y })),
    dataZoom: [
      { type: "inside", xAxisIndex: tops.map((_, k) => k) },
      { type: "slider", xAxisIndex: tops.map((_, k) => k), bottom: 6, height: 18 },
    ],
    series,
  });
  /** Equity with buy & hold above, drawdown below. */
  const curvesOption = (title: string, p: Json) => {
    const c = decode(p);
    return stacked(title, [12, 66], [46, 20], [{}, pctAxis], [
      lineSeries("Equity", c.equity, 0, "#2563eb"),
      lineSeries("Buy & hold", c.hold, 0, "#9aa5b1"),
      lineSeries("Drawdown", c.drawdown, 1, "#c0392b", true),
    ]);
  };
  const notes = (text: string | undefined): Node => (text ? el("p", { class: "note" }, text) : document.createTextNode(""));

  const meta = block("bs-meta");
  const app = document.getElementById("app") as HTMLElement;
  app.replaceChildren(el("h1", {}, meta.title));

  if (meta.kind === "sweep") {
    const h = meta.heatmap;
    const defs = new Map<string, Def>((meta.stats as Def[]).map((d) => [d.name, d]));
    const hd = defs.get(h.metric) as Def;
    app.append(el("p", { class: "sub" }, `Parameter sweep: ${h.metric} over ${h.x.param} x ${h.y.param} (${h.scope}; each cell the ${h.reduce === "max" ? "highest" : "lowest"} over the other parameters). Generated ${meta.generated}.`));
    const hm = el("div", { class: "chart", id: "chart-heatmap" });
    app.append(el("div", { class: "card" }, hm));
    const cells: [number, number, number, number | null][] = [];
    let lo = Infinity;
    let hi = -Infinity;
    h.z.forEach((row: (number | null)[], yi: number) => row.forEach((z, xi) => {
      if (z === null) return;
      cells.push([xi, yi, z, h.combo[yi][xi]]);
      lo = Math.min(lo, z);
      hi = Math.max(hi, z);
    }));
    chart(hm).setOption({
      animation: false,
      title: { text: `${h.metric} by ${h.x.param} and ${h.y.param}`, left: 8, top: 4, textStyle: { fontSize: 14 } },
      tooltip: { formatter: (p: Json) => `${h.x.param} = ${fmt.decimal(h.x.values[p.value[0]])}<br>${h.y.param} = ${fmt.decimal(h.y.values[p.value[1]])}<br>${hd.label} (${h.metric}) = ${stat(p.value[2], hd.format, 4)}<br>combo #${p.value[3]}` },
      grid: { left: 90, right: 90, top: 50, bottom: 70 },
      xAxis: { type: "category", name: h.x.param, nameLocation: "middle", nameGap: 30, data: h.x.values.map((v: number) => fmt.decimal(v)) },
      yAxis: { type: "category", name: h.y.param, nameLocation: "middle", nameGap: 60, data: h.y.values.map((v: number) => fmt.decimal(v)) },
      visualMap: { dimension: 2, formatter: (v: number) => stat(v, hd.format), min: Number.isFinite(lo) ? lo : 0, max: Number.isFinite(hi) ? hi : 1, calculable: true, orient: "vertical", right: 4, top: "middle", inRange: { color: hd.better === "lower" ? ["#0a7d38", "#f7f7f7", "#c0392b"] : ["#c0392b", "#f7f7f7", "#0a7d38"] } },
      series: [{ type: "heatmap", name: h.metric, data: cells, label: { show: cells.length <= 400, formatter: (p: Json) => stat(p.value[2], hd.format) } }],
    });
    const ranked: Json[] = meta.ranked;
    const params = Object.keys(ranked[0]?.params ?? {});
    const metrics: string[] = meta.metrics;
    const cols: Column[] = [
      { label: "Rank", value: (i) => ranked[i].rank },
      { label: "Combo", value: (i) => ranked[i].combo },
      ...(ranked.some((r) => r.symbol) ? [{ label: "Symbol", value: (i: number) => ranked[i].symbol ?? "" }] : []),
      ...params.map((p) => ({ label: p, value: (i: number) => ranked[i].params[p], text: (i: number) => (typeof ranked[i].params[p] === "number" ? fmt.decimal(ranked[i].params[p]) : String(ranked[i].params[p])) })),
      ...metrics.map((m) => {
        const d = defs.get(m) as Def;
        return { label: d.label, key: m, title: `${m}: ${d.description}`, value: (i: number) => ranked[i].metrics[m], text: (i: number) => stat(ranked[i].metrics[m], d.format, 4), cls: (i: number) => tone(d, ranked[i].metrics[m]) };
      }),
    ];
    const table = sortableTable("bs-ranked", cols, { pageSize: 100 });
    app.append(el("h2", {}, `Ranked combinations (${ranked.length.toLocaleString("en-US")})`), el("div", { class: "card" }, table.element));
    table.setRows(ranked.map((_, i) => i));
    if (meta.best) {
      const node = el("div", { class: "chart small", id: "chart-best" });
      app.append(el("h2", {}, `Best combination: ${meta.best.label}`), notes(meta.best.charts.note), el("div", { class: "card" }, node));
      chart(node).setOption(curvesOption(`Equity of the best combination (${meta.best.label})`, meta.best.charts));
    }
    document.body.dataset.ready = "1";
    return;
  }

  // ---- backtest ----
  // Positions left open after the last bar (--close-at-end none) are in the equity, not in the trade table or statistics.
  const openAtEnd = (n: number) => (n > 0 ? `, ${fmt.plural(n, "position")} still open after the last bar (valued at its close, in the equity, in no trade statistic; open_trades in --json and --out)` : "");
  const symbols: Json[] = meta.symbols;
  const tr = meta.trades;
  const s = meta.settings;
  app.append(
    el("p", { class: "sub" }, `Strategy ${meta.strategy.name} (${meta.strategy.file}) on ${meta.data.path}: ${fmt.plural(symbols.length, "symbol")}, ${fmt.plural(meta.data.rows_kept, "bar")}, ${fmt.plural(tr.pnl.length, "trade")}${openAtEnd(meta.universe.open_trades)}.`),
    el("p", { class: "sub" }, `Cash ${fmt.money(s.cash)} per symbol, commission ${fmt.pct(s.commission)}${s.commissionFixed ? ` + ${fmt.money(s.commissionFixed)}` : ""}, slippage ${fmt.pct(s.slippage)}, fill ${s.fill}, ambiguity ${s.ambiguity}. Generated ${meta.generated}.`),
    el("p", { class: "sub" }, "Charts may be downsampled for display (a note says so); statistics and trades always use every bar."),
  );
  if (meta.universeCharts) {
    const node = el("div", { class: "chart small", id: "chart-universe" });
    app.append(el("h2", {}, `Universe: ${fmt.plural(symbols.length, "symbol")}, each trading its own cash, equity summed`), notes(meta.universeCharts.note), el("div", { class: "card" }, node));
    chart(node).setOption(curvesOption("Universe equity vs buy & hold", meta.universeCharts));
  }
  if (meta.focus) {
    const f = meta.focus;
    const c = f.candidates;
    const rows: [string, string][] = [
      ["Candidates", `${c.used} of ${f.lines} used (${c.exact} exact, ${c.snapped} next bar); skipped ${c.unknown_symbol} unknown symbol, ${c.outside_data} outside the data`],
      [`Windows (N = ${f.window})`, `${f.windows} (${f.window_bars} entry bars)`],
      ["Segments", `${f.segments}`],
      ["Coverage", `${fmt.pct(f.coverage)}: ${f.bars_simulated} of ${f.bars} bars simulated`],
    ];
    if (f.verify) rows.push(["Parity with full replay", f.verify.identical ? "identical (trades, equity, statistics, bit for bit)" : `DIFFERS: ${f.verify.mismatch}`]);
    app.append(el("h2", {}, "Focused replay"), el("div", { class: "card" }, el("table", { id: "bs-focus" }, ...rows.map(([k, v]) => el("tr", {}, el("td", {}, k), el("td", {}, v))))));
  }

  const select = el("select", { id: "bs-symbol" }) as HTMLSelectElement;
  symbols.forEach((sym, i) => select.append(el("option", { value: String(i) }, `${sym.symbol} (${fmt.pct(sym.stats.total_return)})`)));
  const symNote = el("div");
  const symChart = el("div", { class: "chart", id: "chart-symbol" });
  const statsBox = el("div", { class: "side" });
  const allTrades = el("input", { type: "checkbox", id: "bs-all-trades" }) as HTMLInputElement;
  app.append(
    el("h2", {}, "Symbol"),
    el("div", { class: "card" }, el("label", {}, "Show ", select), symNote, el("div", { class: "row" }, el("div", { class: "grow" }, symChart), statsBox)),
  );
  const symChartInstance = chart(symChart);
  const cache = new Map<number, Json>();
  let current = 0;

  const tradeCols: Column[] = [
    { label: "Symbol", value: (k) => symbols[tr.symbol[k]]?.symbol ?? "?" },
    { label: "Side", value: (k) => (tr.side[k] > 0 ? "long" : "short") },
    { label: "Entry time", value: (k) => tr.entry_time[k], text: (k) => isoText(tr.entry_iso[k]) },
    { label: "Exit time", value: (k) => tr.exit_time[k], text: (k) => isoText(tr.exit_iso[k]) },
    { label: "Entry", value: (k) => tr.entry_price[k], text: (k) => fmt.decimal(tr.entry_price[k]) },
    { label: "Exit", value: (k) => tr.exit_price[k], text: (k) => fmt.decimal(tr.exit_price[k]) },
    { label: "Qty", value: (k) => tr.qty[k], text: (k) => fmt.decimal(tr.qty[k], 6) }, // fractional sizing: 6 digits say enough
    { label: "P&L", value: (k) => tr.pnl[k], text: (k) => fmt.money(tr.pnl[k]), cls: (k) => signClass(tr.pnl[k]) },
    { label: "Return", value: (k) => tr.return_frac[k], text: (k) => fmt.pct(tr.return_frac[k]), cls: (k) => signClass(tr.return_frac[k]) },
    { label: "Bars", value: (k) => tr.bars_held[k] },
    { label: "Exit reason", value: (k) => tr.reasons[tr.exit_reason[k]] },
    { label: "MFE", value: (k) => tr.mfe[k], text: (k) => fmt.pct(tr.mfe[k]) },
    { label: "MAE", value: (k) => tr.mae[k], text: (k) => fmt.pct(tr.mae[k]) },
    { label: "Commission", value: (k) => tr.commission[k], text: (k) => fmt.money(tr.commission[k]) },
  ];
  const trades = sortableTable("bs-trades", tradeCols, { pageSize: 100 });
  const tradesOf = (i: number) => {
    const out: number[] = [];
    for (let k = 0; k < tr.symbol.length; k++) if (tr.symbol[k] === i) out.push(k);
    return out;
  };
  const showTrades = () => trades.setRows(allTrades.checked ? tr.symbol.map((_: number, k: number) => k) : tradesOf(current));
  allTrades.addEventListener("change", showTrades);
  app.append(el("h2", {}, "Trades"), el("div", { class: "card" }, el("label", {}, allTrades, " all symbols (otherwise the selected symbol's)"), trades.element));

  const symCols: Column[] = [
    { label: "Symbol", value: (i) => symbols[i].symbol },
    { label: "Bars", value: (i) => symbols[i].bars, text: (i) => stat(symbols[i].bars, "integer") },
    { label: "Trades", value: (i) => symbols[i].trades, text: (i) => stat(symbols[i].trades, "integer") },
    ...(meta.stats as Def[])
      .filter((d) => ["total_return", "buy_and_hold_return", "sharpe", "max_drawdown", "win_rate"].includes(d.name))
      .map((d) => ({ label: d.label, title: d.description, value: (i: number) => symbols[i].stats[d.name] ?? null, text: (i: number) => stat(symbols[i].stats[d.name], d.format), cls: (i: number) => tone(d, symbols[i].stats[d.name]) })),
  ];
  const symTable = sortableTable("bs-symbols", symCols, { pageSize: 100, onClick: (i) => show(i), selected: () => current });
  if (symbols.length > 1) {
    app.append(el("h2", {}, "Symbols (click a row to show it)"), el("div", { class: "card" }, symTable.element));
    symTable.setRows(symbols.map((_, i) => i));
  }

  function show(i: number) {
    current = i;
    select.value = String(i);
    let p = cache.get(i);
    if (!p) {
      p = block(`bs-sym-${i}`);
      cache.set(i, p);
    }
    const name = symbols[i].symbol;
    const ks = tradesOf(i);
    const c = decode(p);
    const price = c.candles
      ? { type: "candlestick", name: "Price", xAxisIndex: 0, yAxisIndex: 0, data: c.candles, itemStyle: { color: "#0a7d38", color0: "#c0392b", borderColor: "#0a7d38", borderColor0: "#c0392b" } }
      : lineSeries("Close", c.close as Points, 0, "#52606d");
    const marks = (name: string, time: number[], px: number[], symbol: string, color: string) => ({
      type: "scatter", name, xAxisIndex: 0, yAxisIndex: 0, symbol, symbolSize: ks.length > 300 ? 5 : 9, itemStyle: { color }, z: 5,
      data: ks.map((k) => [time[k], px[k]]),
    });
    symChartInstance.setOption(stacked(`${name}: price, equity, drawdown`, [8, 52, 80], [38, 22, 10], [{}, {}, pctAxis], [
      price,
      marks("Entries", tr.entry_time, tr.entry_price, "triangle", "#1d4ed8"),
      marks("Exits", tr.exit_time, tr.exit_price, "diamond", "#f59e0b"),
      lineSeries("Equity", c.equity, 1, "#2563eb"),
      lineSeries("Buy & hold", c.hold, 1, "#9aa5b1"),
      lineSeries("Drawdown", c.drawdown, 2, "#c0392b", true),
    ]), true);
    symNote.replaceChildren(notes(p.note));
    const head = el("tr", {}, el("th", {}, "Statistic"), ...(symbols.length > 1 ? [el("th", {}, "Universe")] : []), el("th", {}, name));
    const rows = (meta.stats as Def[]).map((d) =>
      el("tr", { "data-stat": d.name }, el("td", { title: d.description }, d.label),
        ...(symbols.length > 1 ? [el("td", { class: tone(d, meta.universe.stats[d.name]) }, stat(meta.universe.stats[d.name], d.format))] : []),
        el("td", { class: tone(d, symbols[i].stats[d.name]) }, stat(symbols[i].stats[d.name], d.format))));
    statsBox.replaceChildren(el("table", { id: "bs-stats" }, el("thead", {}, head), el("tbody", {}, ...rows)));
    symChartInstance.resize(); // the stats table beside it may have changed width
    if (!allTrades.checked) showTrades();
    symTable.render();
  }
  select.addEventListener("change", () => show(Number(select.value)));
  if (symbols.length) show(0);
  document.body.dataset.ready = "1";
}
