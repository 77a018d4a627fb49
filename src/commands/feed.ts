/** `barstream feed`: yargs definition; the work is `runFeed` (src/feed/run.ts). */
import type { Argv, CommandModule } from "yargs";

import { FEED_DEFAULTS } from "../live/options.js";
import type { FeedPhase } from "../types/live.js";
import { info } from "../util/log.js";
import { plural } from "../report/format.js";
import { onStopSignals } from "../util/os-signals.js";
import { listFlag, type SqliteArgs, sqliteFlags, sqliteOptions, timeUnitOption } from "./options.js";

/** Parsed flags of `feed`. */
export interface FeedArgs extends SqliteArgs {
  data: string;
  bind: string;
  rate: number;
  symbols?: string[];
  start?: string;
  end?: string;
  "skip-bad-rows": boolean;
  "time-unit"?: "s" | "ms" | "us" | "ns";
  encoding: "json" | "binary";
  "heartbeat-ms": number;
  "wait-subscribers": number;
  hwm: number;
  drop: boolean;
  "curve-key"?: string;
  "curve-allow"?: string[];
  json: boolean;
}

/** What a stop signal cuts short, per phase (its stderr line). */
const STOPPING: Record<FeedPhase, string> = {
  loading: "the dataset is still loading: nothing will be bound or sent",
  waiting: "no bar sent yet: sending the end of stream to the subscribers that joined",
  streaming: "sending the end of stream after the bars sent so far",
};

export const feedCommand: CommandModule<object, FeedArgs> = {
  command: "feed",
  describe: "Replay a dataset as a live ZeroMQ bar feed (demos, tests, benchmarks)",
  builder: (y: Argv) =>
    sqliteFlags(y)
      .option("data", { type: "string", demandOption: true, describe: "Bars to replay: any file/folder/dataset backtest --data reads" })
      .option("bind", { type: "string", demandOption: true, describe: "Endpoint to publish on, e.g. tcp://127.0.0.1:5555 (port 0: a free one, printed on stderr)" })
      .option("rate", { type: "number", default: FEED_DEFAULTS.rate, describe: "Bars per second over all symbols; 0 = as fast as possible" })
      .option("symbols", listFlag("Only these symbols, comma-separated"))
      .option("start", { type: "string", describe: "First bar, ISO date or datetime, inclusive, UTC" })
      .option("end", { type: "string", describe: "Last bar, ISO date or datetime, inclusive, UTC" })
      .option("skip-bad-rows", { type: "boolean", default: false, describe: "Drop invalid rows (counted) instead of failing" })
      .option("time-unit", timeUnitOption())
      .option("encoding", { choices: ["binary", "json"] as const, default: FEED_DEFAULTS.encoding, describe: "Payload encoding (docs/live.md \"Wire format\")" })
      .option("heartbeat-ms", { type: "number", default: FEED_DEFAULTS.heartbeatMs, describe: "Heartbeat interval on ctl.hb, ms (0: none)" })
      .option("wait-subscribers", { type: "number", default: FEED_DEFAULTS.waitSubscribers, describe: "Start once this many subscribers have subscribed (PUB/SUB drops what is sent before)" })
      .option("hwm", { type: "number", default: FEED_DEFAULTS.hwm, describe: "Send high-water mark per subscriber, messages (0: unlimited)" })
      .option("drop", { type: "boolean", default: true, describe: "Drop bars for a subscriber whose queue is full (PUB/SUB); --no-drop waits instead (lossless, paced by the slowest subscriber)" })
      .option("curve-key", { type: "string", describe: "CURVE: this feed's secret certificate (NAME_secret from 'barstream keygen'); encrypts the feed" })
      .option("curve-allow", { type: "string", array: true, describe: "CURVE: only these clients (public keys, certificate files or folders); default any client" })
      .option("json", { type: "boolean", default: false, describe: "Print the feed report as JSON on stdout" })
      .example("$0 feed --data ../shared/data/raw/backtesting_py/GOOG.csv --bind tcp://127.0.0.1:5555", "Replay GOOG as fast as the subscriber takes it")
      .example("$0 feed --data ../shared/data/raw/crypto_1m_binance --bind tcp://127.0.0.1:5555 --rate 1000 --wait-subscribers 2", "Five crypto symbols, 1000 bars/s, after two subscribers joined")
      .example("$0 feed --data prices.parquet --bind tcp://0.0.0.0:5555 --curve-key keys/feed_secret --curve-allow keys/clients/", "Encrypted; only the listed clients get bars") as unknown as Argv<FeedArgs>,
  handler: async (a) => {
    const { runFeed } = await import("../feed/run.js");
    const stop = onStopSignals();
    stop.setPhase(`stopping (${STOPPING.loading})`);
    const r = await runFeed(
      {
        data: a.data,
        bind: a.bind,
        rate: a.rate,
        symbols: a.symbols,
        start: a.start,
        end: a.end,
        skipBadRows: a["skip-bad-rows"],
        timeUnit: a["time-unit"],
        ...sqliteOptions(a),
        encoding: a.encoding,
        heartbeatMs: a["heartbeat-ms"],
        waitSubscribers: a["wait-subscribers"],
        hwm: a.hwm,
        noDrop: !a.drop,
        curve: a["curve-key"] ? { key: a["curve-key"], allow: a["curve-allow"] } : undefined,
      },
      {
        phase: (p) => {
          stop.setPhase(`stopping (${STOPPING[p]})`);
          if (p === "loading") info(`feed: loading ${a.data}`);
        },
        waiting: (endpoint, n) => info(`feed: bound ${endpoint}${n > 0 ? `, waiting for ${n} subscriber(s)` : ""}`),
        denied: (key, address) =>
          info(`feed: refused CURVE client ${key || "(no CURVE key)"}${address ? ` from ${address}` : ""}: not in --curve-allow (told once per key)`),
        start: (bars, symbols) => info(`feed: streaming ${plural(bars, "bar")} of ${plural(symbols.length, "symbol")}`),
      },
      stop.signal,
    );
    stop.dispose();
    if (r.stoppedIn === "loading") {
      info(`feed: stopped while loading ${a.data}; nothing was bound or sent`);
      // The abandoned load still runs on polars' threads and would hold the process until it ends.
      process.exit(0);
    }
    info(
      `feed: sent ${r.bars.toLocaleString("en-US")} bars in ${r.seconds.toFixed(2)} s (${Math.round(r.barsPerSecond).toLocaleString("en-US")} bars/s)` +
        `${r.interrupted ? ", interrupted" : ""}; end of stream sent to ${r.subscribers} subscriber(s)`,
    );
    if (a.json) process.stdout.write(`${JSON.stringify(r)}\n`);
  },
};
