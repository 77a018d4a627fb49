/** The report pages' stylesheet (inlined; no web fonts, nothing fetched). */
export const STYLE = `
:root { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2933; background: #f7f8fa; }
body { margin: 0; }
main { max-width: 1280px; margin: 0 auto; padding: 16px 24px 48px; }
h1 { font-size: 20px; margin: 8px 0 4px; }
h2 { font-size: 16px; margin: 24px 0 8px; }
.sub { color: #52606d; margin: 2px 0; }
.note { background: #fff8e1; border: 1px solid #f0d58c; padding: 6px 10px; margin: 8px 0; border-radius: 4px; }
.card { background: #fff; border: 1px solid #dde2e8; border-radius: 6px; padding: 12px; margin: 12px 0; }
.row { display: flex; gap: 16px; flex-wrap: wrap; align-items: flex-start; }
.row > .grow { flex: 1 1 640px; min-width: 0; }
.row > .side { flex: 0 0 auto; }
.chart { width: 100%; height: 560px; }
.chart.small { height: 380px; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 8px; text-align: right; border-bottom: 1px solid #edf0f3; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
th { background: #f1f4f7; position: sticky; top: 0; }
th.sortable { cursor: pointer; user-select: none; }
th[aria-sort="ascending"]::after { content: " \\25B2"; }
th[aria-sort="descending"]::after { content: " \\25BC"; }
tr.clickable { cursor: pointer; }
tr.selected td { background: #e3f0ff; }
.scroll { max-height: 420px; overflow: auto; }
.pager { margin: 6px 0; display: flex; gap: 8px; align-items: center; }
select, button { font: inherit; }
.pos { color: #0a7d38; } .neg { color: #c0392b; }
`;
