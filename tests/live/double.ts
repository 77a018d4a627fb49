/**
 * A recording stand-in for the native LiveEngine, behind the same interface. It checks the
 * contract the session must keep (finite, consistent OHLC, per-symbol ts strictly
 * increasing) and throws like the engine when it is broken, records every bar and burst,
 * and emits one `signal` event (entry_long, at the close) for each bar that closes above
 * its open, so the publishing path has something to carry.
 */
import type { LiveBars, LiveEngineFactory, LiveEngineLike, LiveEvents, LiveResult } from "../../src/engine/live.js";
import type { BarMessage } from "../../src/live/wire/index.js";

const NO_TS = -(2n ** 63n);

/** A bar as the engine received it. */
export type RecordedBar = Omit<BarMessage, "type" | "pub" | "seq">;

export class RecordingEngine implements LiveEngineLike {
  readonly bars: RecordedBar[] = [];
  readonly bursts: number[] = [];
  private readonly last: BigInt64Array;

  constructor(readonly symbols: string[], state?: { last: string[]; bars: RecordedBar[] }) {
    this.last = new BigInt64Array(symbols.length).fill(NO_TS);
    if (state) {
      state.last.forEach((t, i) => (this.last[i] = BigInt(t)));
      this.bars.push(...state.bars.map((b) => ({ ...b, ts: BigInt(b.ts) })));
    }
  }

  pushBars(b: LiveBars): LiveEvents {
    const m = b.ts.length;
    const last = this.last.slice();
    for (let i = 0; i < m; i++) {
      const s = b.symbol[i];
      const ok = s < this.symbols.length && [b.open[i], b.high[i], b.low[i], b.close[i], b.volume[i]].every(Number.isFinite) &&
        b.high[i] >= b.low[i] && b.low[i] > 0 && b.ts[i] > last[s];
      if (!ok) throw new Error(`${this.symbols[s] ?? s} ts ${b.ts[i]}: bar breaks the contract`);
      last[s] = b.ts[i];
    }
    this.last.set(last);
    this.bursts.push(m);
    const up: number[] = [];
    for (let i = 0; i < m; i++) {
      this.bars.push({ symbol: this.symbols[b.symbol[i]], ts: b.ts[i], open: b.open[i], high: b.high[i], low: b.low[i], close: b.close[i], volume: b.volume[i] });
      if (b.close[i] > b.open[i]) up.push(i);
    }
    const e = up.length;
    return {
      kind: new Uint8Array(e),
      symbol: Uint32Array.from(up, (i) => b.symbol[i]),
      ts: BigInt64Array.from(up, (i) => b.ts[i]),
      side: new Int8Array(e).fill(1),
      price: Float64Array.from(up, (i) => b.close[i]),
      qty: new Float64Array(e).fill(NaN),
      pnl: new Float64Array(e).fill(NaN),
      code: new Uint8Array(e),
    };
  }

  saveState(): string {
    return JSON.stringify({
      symbols: this.symbols,
      last: Array.from(this.last, String),
      bars: this.bars.map((b) => ({ ...b, ts: b.ts.toString() })),
    });
  }

  /** Keeps every bar in memory (the contract allows it): nothing to move out. */
  takeHistory(): string {
    return "";
  }

  restoreHistory(chunk: string): void {
    throw new Error(`the recording engine takes no history, got ${chunk.slice(0, 40)}`);
  }

  lastTs(): BigInt64Array {
    return this.last.slice();
  }

  finishRun(): LiveResult {
    const per = this.symbols.map((s) => this.bars.filter((b) => b.symbol === s));
    const offsets = new Uint32Array(this.symbols.length + 1);
    per.forEach((rows, i) => (offsets[i + 1] = offsets[i] + rows.length));
    const all = per.flat();
    const stats = {} as LiveResult["universe"]["stats"];
    const f = () => new Float64Array(0);
    const ts = BigInt64Array.from(all, (b) => b.ts);
    const noTrades = () => ({
      symbolIndex: new Uint32Array(0), side: new Int8Array(0), qty: f(), entryTs: new BigInt64Array(0), exitTs: new BigInt64Array(0),
      entryBar: new Uint32Array(0), exitBar: new Uint32Array(0), barsHeld: new Uint32Array(0), entryPrice: f(), exitPrice: f(),
      commission: f(), pnl: f(), returnFrac: f(), mfe: f(), mae: f(), exitReason: new Uint8Array(0),
    });
    return {
      initialCash: 10_000,
      symbols: per.map((rows, i) => ({
        symbol: this.symbols[i], bars: rows.length, firstTs: rows[0]?.ts ?? null, lastTs: rows.at(-1)?.ts ?? null,
        trades: 0, openTrades: 0, ambiguousBars: 0, rejectedOrders: 0, stats,
      })),
      trades: noTrades(),
      openTrades: noTrades(),
      curves: {
        offsets, ts, equity: new Float64Array(all.length).fill(10_000), close: Float64Array.from(all, (b) => b.close),
        open: null, high: null, low: null, hold: null, drawdown: null,
      },
      universe: {
        stats, trades: 0, openTrades: 0, ambiguousBars: 0, rejectedOrders: 0, initialCash: 10_000 * this.symbols.length,
        curves: { ts: new BigInt64Array(0), equity: f(), hold: f(), drawdown: f() },
      },
      exitReasons: [],
    };
  }
}

/** Factory over RecordingEngine; `engines` lists every engine it made. */
export function recordingFactory(): LiveEngineFactory & { engines: RecordingEngine[] } {
  const engines: RecordingEngine[] = [];
  return {
    engines,
    create: (_spec, _config, symbols) => {
      const e = new RecordingEngine(symbols);
      engines.push(e);
      return e;
    },
    fromState: (state) => {
      const s = JSON.parse(state) as { symbols: string[]; last: string[]; bars: RecordedBar[] };
      const e = new RecordingEngine(s.symbols, s);
      engines.push(e);
      return e;
    },
    eventKinds: () => ["signal", "order", "fill", "position", "trade_closed"],
  };
}
