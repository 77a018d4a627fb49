/** `barstream live`: yargs definition; the work is `runLive` (src/live/run.ts). */
import type { Argv, CommandModule } from "yargs";

import { LIVE_DEFAULTS } from "../live/options.js";
import { onStopSignals } from "../util/os-signals.js";
import { costFlags, listFlag } from "./options.js";

/** Parsed flags of `live`. */
export interface LiveArgs {
  connect: string;
  strategy?: string;
  symbols?: string[];
  publish?: string;
  "publish-encoding": "json" | "binary";
  state?: string;
  "checkpoint-ms": number;
  "exit-on-eos": boolean;
  "silence-ms": number;
  hwm: number;
  "max-burst": number;
  "max-frame-bytes": number;
  "max-ahead-days": number;
  cash?: number;
  commission?: number;
  "commission-fixed"?: number;
  slippage?: number;
  fill?: "next_open" | "same_close";
  ambiguity?: "stop_first" | "target_first";
  "curve-key"?: string;
  "curve-server"?: string;
  "publish-curve-key"?: string;
  "publish-curve-allow"?: string[];
  log?: string;
  quiet: boolean;
  profile: boolean;
  out?: string;
  json: boolean;
  top: number;
}

export const liveCommand: CommandModule<object, LiveArgs> = {
  command: "live",
  describe: "Run a strategy on a live ZeroMQ bar feed; publish and log its decisions; report when stopped",
  builder: (y: Argv) =>
    costFlags(
      y
      .option("connect", { type: "string", demandOption: true, describe: "Feed endpoint, e.g. tcp://127.0.0.1:5555" })
      .option("strategy", { type: "string", describe: "Strategy spec, JSON (required unless resuming with --state)" })
      .option("symbols", listFlag("Universe, comma-separated (default: the state file's, else what the feed announces)"))
      .option("publish", { type: "string", describe: "Bind here and publish decisions (signal/order/fill/position/trade_closed.<SYM>)" })
      .option("publish-encoding", { choices: ["json", "binary"] as const, default: LIVE_DEFAULTS.publishEncoding, describe: "Payload encoding of published decisions" })
      .option("state", { type: "string", describe: "State file: resume from it if it exists, checkpoint to it (atomically) while running" })
      .option("checkpoint-ms", { type: "number", default: LIVE_DEFAULTS.checkpointMs, describe: "Least time between checkpoints, ms" })
      .option("exit-on-eos", { type: "boolean", default: LIVE_DEFAULTS.exitOnEos, describe: "Stop when the feed sends its end of stream (ctl.eos)" })
      .option("silence-ms", { type: "number", default: LIVE_DEFAULTS.silenceMs, describe: "Report the feed as silent after this long without a message, ms" })
      .option("hwm", { type: "number", default: LIVE_DEFAULTS.hwm, describe: "Receive (and publish) high-water mark, messages (0: unlimited)" })
      .option("max-burst", { type: "number", default: LIVE_DEFAULTS.maxBurst, describe: "Most bars per engine call" })
      .option("max-frame-bytes", { type: "number", default: LIVE_DEFAULTS.maxFrameBytes, describe: "Largest frame read, bytes (1024..2 GiB); bigger ones are dropped unread, counted as 'oversized'" })
      .option("max-ahead-days", { type: "number", default: LIVE_DEFAULTS.maxAheadDays, describe: "Refuse bars dated more than this many days after the feed's latest bar (counted as future_ts)" }),
      false,
    )
      .option("curve-key", { type: "string", describe: "CURVE: this client's secret certificate (NAME_secret)" })
      .option("curve-server", { type: "string", describe: "CURVE: the feed's public key or certificate file" })
      .option("publish-curve-key", { type: "string", describe: "CURVE on --publish: this server's secret certificate" })
      .option("publish-curve-allow", { type: "string", array: true, describe: "CURVE on --publish: only these clients (keys, certificate files or folders)" })
      .option("log", { type: "string", describe: "Append every decision to this JSONL file" })
      .option("quiet", { type: "boolean", default: false, describe: "No decision lines and no status on stderr" })
      .option("profile", { type: "boolean", default: false, describe: "Also time decoding (two clock reads per message)" })
      .option("out", { type: "string", describe: "Write the final report files (as backtest --out)" })
      .option("json", { type: "boolean", default: false, describe: "Print the final report as JSON on stdout" })
      .option("top", { type: "number", default: 5, describe: "Best/worst symbols shown in the table" })
      .example("$0 live --connect tcp://127.0.0.1:5555 --strategy examples/strategies/sma_cross.json", "Trade the feed's symbols; Ctrl-C prints the report")
      .example("$0 live --connect tcp://127.0.0.1:5555 --strategy s.json --publish tcp://127.0.0.1:5556 --state run.state --log decisions.jsonl", "Publish decisions, checkpoint, keep a log; rerun the same line to resume")
      .example("$0 live --connect tcp://127.0.0.1:5555 --strategy s.json --exit-on-eos --json > report.json", "Stop at the feed's end of stream; JSON report")
      .example("$0 live --connect tcp://feed:5555 --strategy s.json --curve-key keys/me_secret --curve-server keys/feed", "Encrypted, authenticated feed") as unknown as Argv<LiveArgs>,
  handler: async (a) => {
    const [{ runLive }, { EventJsonl, eventLine }, { renderLiveSummary }, { StatusLine }, { writeReportFiles }, { toJson }] = await Promise.all([
      import("../live/run.js"),
      import("../live/log.js"),
      import("../live/report.js"),
      import("../live/session/status.js"),
      import("../backtest/render.js"),
      import("../report/json.js"),
    ]);
    const stop = onStopSignals();
    const status = new StatusLine(process.stderr, 10_000, !a.quiet);
    const jsonl = a.log ? new EventJsonl(a.log) : undefined;
    try {
      const report = await runLive(
        {
          connect: a.connect,
          strategy: a.strategy,
          symbols: a.symbols,
          publish: a.publish,
          publishEncoding: a["publish-encoding"],
          state: a.state,
          checkpointMs: a["checkpoint-ms"],
          exitOnEos: a["exit-on-eos"],
          silenceMs: a["silence-ms"],
          hwm: a.hwm,
          maxBurst: a["max-burst"],
          maxFrameBytes: a["max-frame-bytes"],
          maxAheadDays: a["max-ahead-days"],
          profile: a.profile,
          cash: a.cash,
          commission: a.commission,
          commissionFixed: a["commission-fixed"],
          slippage: a.slippage,
          fill: a.fill,
          ambiguity: a.ambiguity,
          curveKey: a["curve-key"],
          curveServer: a["curve-server"],
          publishCurve: a["publish-curve-key"] ? { key: a["publish-curve-key"], allow: a["publish-curve-allow"] } : undefined,
        },
        {
          log: (line) => status.log(`live: ${line}`),
          event: (m) => {
            jsonl?.write(m);
            if (!a.quiet && m.type !== "position") status.log(eventLine(m));
          },
          status: (s) => status.update(s),
          ready: ({ connect, publish }) =>
            status.log(`live: connected to ${connect}${publish ? `; publishing decisions on ${publish}` : ""}`),
        },
        stop.signal,
      );
      status.stop();
      if (a.out) {
        const files = await writeReportFiles(report, a.out);
        status.log(`live: wrote ${Object.values(files).join(", ")}`);
      }
      process.stdout.write(a.json ? `${JSON.stringify(toJson(report))}\n` : `${renderLiveSummary(report, a.top)}\n`);
    } finally {
      status.stop();
      stop.dispose();
      await jsonl?.close();
    }
  },
};
