/**
 * The live status on stderr: one line redrawn in place on a terminal; on a pipe or file,
 * a plain line every few seconds. Log lines written through {@link StatusLine.log} do not
 * tear the status line.
 */

/** What the status line shows. */
export interface StatusSnapshot {
  /** Bars applied so far. */
  applied: number;
  /** Messages received so far. */
  received: number;
  /** Symbols with at least one bar / universe size. */
  symbolsActive: number;
  symbols: number;
  /** Symbols with an open position. */
  positions: number;
  gaps: number;
  /** Messages lost in gaps. */
  missing: number;
  /** Messages rejected (malformed, invalid, out of order, repeats). */
  rejected: number;
  /** Decisions published. */
  events: number;
  /** True while the feed is silent past the timeout. */
  silent: boolean;
}

/** Renders and paces the status. */
export class StatusLine {
  private last: { at: number; applied: number } | undefined;
  private shown = "";
  private lastPlain = 0;

  /**
   * @param out the stream (stderr); redrawn in place when it is a TTY.
   * @param plainEveryMs interval of plain lines when not a TTY (0 = never).
   */
  constructor(
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly plainEveryMs = 10_000,
    private readonly enabled = true,
  ) {}

  private get tty(): boolean {
    return this.enabled && this.out.isTTY === true;
  }

  /** Text of the status for `s` at `now` (ms); the rate is bars/s since the previous call. */
  render(s: StatusSnapshot, now: number): string {
    const dt = this.last ? (now - this.last.at) / 1000 : 0;
    const rate = dt > 0 ? (s.applied - this.last!.applied) / dt : 0;
    this.last = { at: now, applied: s.applied };
    const n = (x: number) => x.toLocaleString("en-US");
    return [
      `live ${n(Math.round(rate))} bars/s`,
      `${n(s.applied)} bars`,
      `${s.symbolsActive}/${s.symbols} symbols`,
      `${s.positions} positions`,
      `${n(s.events)} decisions`,
      `gaps ${s.gaps}${s.missing ? ` (${n(s.missing)} lost)` : ""}`,
      `rejected ${n(s.rejected)}`,
      s.silent ? "FEED SILENT" : "",
    ].filter(Boolean).join(" | ");
  }

  /** Shows `s` (in place on a TTY; every `plainEveryMs` otherwise). */
  update(s: StatusSnapshot, now = Date.now()): void {
    if (!this.enabled) return;
    if (this.tty) {
      this.shown = this.render(s, now);
      this.out.write(`\r\x1b[2K${this.shown}`);
    } else if (this.plainEveryMs > 0 && now - this.lastPlain >= this.plainEveryMs) {
      this.lastPlain = now;
      this.out.write(`${this.render(s, now)}\n`);
    }
  }

  /** Writes a log line above the status. */
  log(line: string): void {
    if (this.tty && this.shown) this.out.write(`\r\x1b[2K${line}\n${this.shown}`);
    else this.out.write(`${line}\n`);
  }

  /** Removes the status line. */
  stop(): void {
    if (this.tty && this.shown) this.out.write("\r\x1b[2K");
    this.shown = "";
  }
}
