/**
 * The HTML shell shared by the backtest and sweep reports: styles, the inlined Apache ECharts
 * bundle (read from node_modules at report time; Apache-2.0, its licence header kept), JSON
 * data blocks and the page script ({@link clientMain}). Nothing is fetched from the network.
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

import { axisPct, decimal, duration, formatStat, money, num, pct, plural, statTone } from "../format.js";
import { clientMain } from "./client.js";
import { unpack, unpackTime } from "./codec.js";
import { STYLE } from "./style.js";
import { writeFileAtomic } from "../../util/atomic-file.js";

const require = createRequire(import.meta.url);

/** src/report/format.ts's formatters the page script gets (see {@link ClientFormat}), as source. */
const FORMATTERS = [pct, num, money, duration, decimal, axisPct, formatStat, statTone, plural] as const;

let echartsSource: Promise<string> | undefined;

/**
 * The page's "Generated" time, ISO-8601 UTC: now, or `SOURCE_DATE_EPOCH` (seconds since the
 * epoch, the reproducible-builds convention) when set, so that a page, and a screenshot of it,
 * can be made byte for byte again.
 *
 * @throws Error when `SOURCE_DATE_EPOCH` is set but is not a whole number of seconds.
 */
export function generatedAt(env: NodeJS.ProcessEnv = process.env): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === "") return new Date().toISOString();
  if (!/^\d+$/.test(epoch)) throw new Error(`SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC, got ${JSON.stringify(epoch)}`);
  return new Date(Number(epoch) * 1000).toISOString();
}

/**
 * The minified ECharts browser bundle (`echarts/dist/echarts.min.js`), read once, preceded by
 * the package's NOTICE as a comment (Apache-2.0 section 4(d) asks redistributions to carry it).
 * @throws Error naming the package when it is not installed.
 */
export function echartsBundle(): Promise<string> {
  echartsSource ??= (async () => {
    let file: string;
    let notice: string;
    try {
      file = require.resolve("echarts/dist/echarts.min.js");
      notice = require.resolve("echarts/NOTICE");
    } catch (err) {
      throw new Error(`HTML report: the 'echarts' package is not installed (${(err as Error).message.split("\n")[0]}); run 'npm install'`);
    }
    const [code, text] = await Promise.all([readFile(file, "utf8"), readFile(notice, "utf8")]);
    return `/*\n${text.replace(/\*\//g, "* /")}\n*/\n${code}`;
  })();
  return echartsSource;
}

/** HTML-escapes text for element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * `value` as a `<script type="application/json">` block with id `id`. `<` is escaped as
 * `\u003c` so no string in the data can close the script element.
 */
export function jsonBlock(id: string, value: unknown): string {
  const json = JSON.stringify(value).replace(/</g, "\\u003c");
  return `<script type="application/json" id="${id}">${json}</script>\n`;
}

/**
 * The whole page: `title`, the data `blocks` (from {@link jsonBlock}, one must have id
 * `bs-meta` with a `kind` of "backtest" or "sweep"), ECharts and the page script.
 */
export async function page(title: string, blocks: string[]): Promise<string> {
  const echarts = await echartsBundle();
  return [
    "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body>\n`,
    "<main id=\"app\"><p>Loading report...</p></main>\n",
    ...blocks,
    `<script>${echarts}</script>\n`,
    // Formatters, decoders and derived curves go in as source too: one implementation for
    // Node and the page (the page formats like the terminal, decodes what series.ts encoded).
    // The formatters are declared by name in one scope, so formatStat's calls of pct, money, ...
    // resolve to the same functions as in Node.
    `<script>(function () {\n${FORMATTERS.map(String).join("\n")}\n` +
      `(${clientMain.toString()})({ ${FORMATTERS.map((f) => f.name).join(", ")} }, { unpack: ${unpack}, unpackTime: ${unpackTime} });\n})();</script>\n`,
    "</body></html>\n",
  ].join("");
}

/**
 * Writes `html` to `file` atomically (a kill or a full disk leaves the previous file, never half a page).
 * @throws AtomicWriteError naming the file and the OS error when it cannot be written.
 */
export async function writeHtml(file: string, html: string): Promise<void> {
  await writeFileAtomic(file, html, { label: "--html" });
}
