"""Produce the backtesting.py golden run of its README SmaCross example on GOOG.csv.

Run once from the repository root (needs `pip install backtesting`; the project's
tests never need Python, they read the JSON/CSV written here):

    python tests/golden/backtesting_py/make_sma_cross_goog.py

Inputs : ../shared/data/raw/backtesting_py/GOOG.csv (same bytes as backtesting.test.GOOG)
Outputs: tests/golden/backtesting_py/sma_cross_goog.json        (params, trades, stats)
         tests/golden/backtesting_py/sma_cross_goog_equity.csv  (per-bar equity curve)

The strategy is verbatim the README example of kernc/backtesting.py:
SMA(Close, 10) / SMA(Close, 20) (pandas rolling mean, backtesting.test.SMA),
`self.buy()` on crossover(sma1, sma2), `self.sell()` on crossover(sma2, sma1),
Backtest(GOOG, SmaCross, cash=10_000, commission=.002, exclusive_orders=True).
"""
import datetime as dt
import json
import math
import platform
import sys
from pathlib import Path

import numpy as np
import pandas as pd

import backtesting
from backtesting import Backtest, Strategy
from backtesting.lib import crossover
from backtesting.test import SMA

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
DATA = REPO.parent / "shared" / "data" / "raw" / "backtesting_py" / "GOOG.csv"

PARAMS = {
    "data": "../shared/data/raw/backtesting_py/GOOG.csv",
    "n1": 10,
    "n2": 20,
    "cash": 10_000,
    "commission": 0.002,
    "spread": 0.0,
    "margin": 1.0,
    "trade_on_close": False,
    "hedging": False,
    "exclusive_orders": True,
    "finalize_trades": False,
    "order_size": "default (Strategy._FULL_EQUITY = 1 - sys.float_info.epsilon)",
}


class SmaCross(Strategy):
    n1 = PARAMS["n1"]
    n2 = PARAMS["n2"]

    def init(self):
        price = self.data.Close
        self.ma1 = self.I(SMA, price, self.n1)
        self.ma2 = self.I(SMA, price, self.n2)

    def next(self):
        if crossover(self.ma1, self.ma2):
            self.buy()
        elif crossover(self.ma2, self.ma1):
            self.sell()



def generator(script):
    """Provenance block of a golden file: the generating script and the peer's versions."""
    return {
        "script": script,
        "backtesting": backtesting.__version__,
        "pandas": pd.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "date": dt.date.today().isoformat(),
        "note": "floats are Python repr (shortest round-trip) of the float64 values",
    }

def jsonable(v):
    """Scalars of the stats Series as JSON: timestamps ISO, timedeltas in days and ns."""
    if isinstance(v, pd.Timestamp):
        return v.isoformat()
    if isinstance(v, pd.Timedelta):
        return {"days": v.days, "ns": int(v.value)}
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return None if math.isnan(v) else float(v)
    return v


def trade_rows(trades, times=True):
    """Closed trades of a run (`stats["_trades"]`) as JSON rows; `times` adds entry/exit times."""
    rows = []
    for r in trades.itertuples():
        row = {"size": int(r.Size), "side": "long" if r.Size > 0 else "short",
               "entry_bar": int(r.EntryBar), "exit_bar": int(r.ExitBar)}
        if times:
            row.update(entry_time=r.EntryTime.isoformat(), exit_time=r.ExitTime.isoformat())
        row.update(entry_price=float(r.EntryPrice), exit_price=float(r.ExitPrice), pnl=float(r.PnL),
                   commission=float(r.Commission), return_pct=float(r.ReturnPct))
        rows.append(row)
    return rows


def open_trade_rows(stats, times=True):
    """Trades still open at the end (`stats["_strategy"].trades`); `pl` is backtesting.py's
    unrealised P&L at the last close (gross of the entry commission)."""
    rows = []
    for t in stats["_strategy"].trades:
        row = {"size": int(t.size), "side": "long" if t.size > 0 else "short", "entry_bar": int(t.entry_bar)}
        if times:
            row["entry_time"] = t.entry_time.isoformat()
        row.update(entry_price=float(t.entry_price), unrealized_pnl_at_last_close=float(t.pl))
        rows.append(row)
    return rows


def main():
    goog = pd.read_csv(DATA, index_col=0, parse_dates=True)
    # Guard: the shared copy must be the very data backtesting.test.GOOG ships.
    from backtesting.test import GOOG

    pd.testing.assert_frame_equal(goog, GOOG, check_freq=False, check_names=False)

    bt = Backtest(
        goog,
        SmaCross,
        cash=PARAMS["cash"],
        commission=PARAMS["commission"],
        exclusive_orders=PARAMS["exclusive_orders"],
    )
    stats = bt.run()
    trades = stats["_trades"]
    eq = stats["_equity_curve"]

    out = {
        "generator": generator("tests/golden/backtesting_py/make_sma_cross_goog.py"),
        "params": PARAMS,
        "n_bars": len(goog),
        "warmup_bars": int(SmaCross.n2 - 1),
        "trades": trade_rows(trades),
        "open_trades_at_end": open_trade_rows(stats),
        "final_equity": float(stats["Equity Final [$]"]),
        "equity_final_peak": float(stats["Equity Peak [$]"]),
        "stats": {k: jsonable(v) for k, v in stats.items() if not k.startswith("_")},
    }
    (HERE / "sma_cross_goog.json").write_text(json.dumps(out, indent=1) + "\n")

    curve = pd.DataFrame(
        {
            "bar": np.arange(len(eq)),
            "date": eq.index.strftime("%Y-%m-%d"),
            "equity": eq["Equity"].map(repr),
            "drawdown_frac": eq["DrawdownPct"].map(repr),
        }
    )
    curve.to_csv(HERE / "sma_cross_goog_equity.csv", index=False)
    print(f"{len(out['trades'])} closed trades, final equity {out['final_equity']!r}", file=sys.stderr)


if __name__ == "__main__":
    main()
