"""Golden runs of backtesting.py with and without `finalize_trades` on GOOG and EURUSD.

What the position still open at the end does to the trades and the statistics, for
tests/backtest/close_at_end.test.ts (barstream's `--close-at-end none` must equal
`finalize_trades=False`, `--close-at-end last_open` must equal `finalize_trades=True`).

Run from the repository root in the peer venv (`bash bench/peers/setup.sh`, which pins
backtesting 0.6.6, pandas 3.1.1, numpy 2.4.6); the project's tests never need Python:

    bench/peers/.venv/bin/python tests/golden/backtesting_py/make_close_at_end.py

Inputs : ../shared/data/raw/backtesting_py/{GOOG,EURUSD}.csv (asserted equal to
         backtesting.test.GOOG / EURUSD)
Output : tests/golden/backtesting_py/close_at_end.json: generator versions, and per run
         (data x finalize_trades) the params, every closed trade, the trades still open
         at the end (size, entry, unrealised P&L at the last close), and every scalar of
         the stats Series.

The strategy is make_sma_cross_goog.py's SmaCross (backtesting.py's README example:
SMA 10/20 cross, buy/sell with exclusive orders, default size), cash 10,000,
commission 0.2 %, everything else default.
"""
import json
import sys
import warnings
from pathlib import Path

import pandas as pd

from backtesting import Backtest
from backtesting import test as bt_test

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_sma_cross_goog import SmaCross, generator, jsonable, open_trade_rows, trade_rows  # noqa: E402

REPO = HERE.parents[2]
RAW = REPO.parent / "shared" / "data" / "raw" / "backtesting_py"
DATASETS = ["GOOG", "EURUSD"]
CASH = 10_000
COMMISSION = 0.002


def run(name, finalize):
    data = pd.read_csv(RAW / f"{name}.csv", index_col=0, parse_dates=True)
    # Guard: the shared copy must be the very data backtesting.test ships.
    pd.testing.assert_frame_equal(data, getattr(bt_test, name), check_freq=False, check_names=False)
    bt = Backtest(data, SmaCross, cash=CASH, commission=COMMISSION, exclusive_orders=True,
                  finalize_trades=finalize)
    with warnings.catch_warnings():
        # finalize_trades=False warns that a trade stays open: that is the point here.
        warnings.simplefilter("ignore")
        stats = bt.run()
    trades = stats["_trades"]
    return {
        "data": f"../shared/data/raw/backtesting_py/{name}.csv",
        "finalize_trades": finalize,
        "params": {"n1": SmaCross.n1, "n2": SmaCross.n2, "cash": CASH, "commission": COMMISSION,
                   "exclusive_orders": True, "trade_on_close": False, "spread": 0.0, "margin": 1.0},
        "n_bars": len(data),
        "trades": trade_rows(trades, times=False),
        "open_trades_at_end": open_trade_rows(stats, times=False),
        "stats": {k: jsonable(v) for k, v in stats.items() if not k.startswith("_")},
    }


def main():
    out = {
        "generator": generator("tests/golden/backtesting_py/make_close_at_end.py"),
        "runs": [run(name, finalize) for name in DATASETS for finalize in (False, True)],
    }
    (HERE / "close_at_end.json").write_text(json.dumps(out, indent=1) + "\n")
    for r in out["runs"]:
        print(f"{r['data']} finalize_trades={r['finalize_trades']}: {len(r['trades'])} closed, "
              f"{len(r['open_trades_at_end'])} open, final equity {r['stats']['Equity Final [$]']!r}",
              file=sys.stderr)


if __name__ == "__main__":
    main()
