/** Running the real `barstream` bin as child processes for the live end-to-end tests. */
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";

import { expect } from "vitest";

import { ROOT } from "../helpers.js";

export const BIN = resolve(ROOT, "bin/barstream.js");

/** A running CLI process. */
export interface Proc {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first stderr match of `re` (waits as long as needed, fails if the process exits first). */
  waitFor(re: RegExp): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or the signal name). */
  exited: Promise<number | string>;
}

/** Starts `barstream ...args` in the repo root. */
export function start(args: string[]): Proc {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  const waiters: Array<{ re: RegExp; resolve: (m: RegExpMatchArray) => void; reject: (e: Error) => void }> = [];
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => {
    err += d.toString();
    for (let i = waiters.length - 1; i >= 0; i--) {
      const m = err.match(waiters[i].re);
      if (m) waiters.splice(i, 1)[0].resolve(m);
    }
  });
  const exited = new Promise<number | string>((res) =>
    child.on("exit", (code, signal) => {
      for (const w of waiters.splice(0)) w.reject(new Error(`barstream ${args[0]} exited (${code ?? signal}) before /${w.re.source}/:\n${err}`));
      res(code ?? signal ?? -1);
    }),
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitFor: (re) => {
      const m = err.match(re);
      if (m) return Promise.resolve(m);
      return new Promise((resolve, reject) => waiters.push({ re, resolve, reject }));
    },
    exited,
  };
}

/** Starts a feed on a free port and resolves with it and its endpoint. */
export async function startFeed(args: string[]): Promise<{ feed: Proc; endpoint: string }> {
  const feed = start(["feed", "--bind", "tcp://127.0.0.1:0", ...args]);
  const m = await feed.waitFor(/feed: bound (tcp:\/\/[0-9.]+:\d+)/);
  return { feed, endpoint: m[1] };
}

/** Runs `barstream ...args` to the end; rejects with stderr when it exits non-zero. */
export async function run(args: string[]): Promise<{ stdout: string; stderr: string }> {
  const p = start(args);
  const code = await p.exited;
  if (code !== 0) throw new Error(`barstream ${args.join(" ")} exited ${code}:\n${p.stderr()}`);
  return { stdout: p.stdout(), stderr: p.stderr() };
}

/** The parts of a `--json` report the live/backtest comparisons read. */
export type Report = {
  trades: Array<Record<string, unknown>>;
  /** Positions still open at the end (exit_reason "open"). */
  open_trades: Array<Record<string, unknown>>;
  symbols: Array<{ symbol: string; bars: number; last_time: string; stats: Record<string, unknown> }>;
  universe: { stats: Record<string, unknown>; trades: number };
  equity: Array<{ symbol: string; ts_ns: string[]; equity: number[] }>;
  live?: { applied: number; rejected: Record<string, number>; gaps: { count: number }; eos: boolean };
};

/** Field-by-field equality of the parts both reports share. */
export function expectSameResult(live: Report, backtest: Report): void {
  expect(live.trades.length).toBe(backtest.trades.length);
  live.trades.forEach((t, i) => expect(t).toEqual(backtest.trades[i]));
  expect(live.open_trades).toEqual(backtest.open_trades);
  expect(live.symbols).toEqual(backtest.symbols);
  expect(live.universe).toEqual(backtest.universe);
  expect(live.equity).toEqual(backtest.equity);
}

