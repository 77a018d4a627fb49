"""SMA-cross parameter sweep with backtesting.py's `Backtest.optimize` (bench/peers, issue 5).

    bench/peers/.venv/bin/python bench/peers/backtesting_py_sweep.py --windows 10,20,...,200 --out FILE.json

Strategy: backtesting.py's README `SmaCross` (the one of tests/golden/backtesting_py):
`buy()` on crossover(SMA n1, SMA n2), `sell()` on crossover(SMA n2, SMA n1), long and short,
`Backtest(GOOG, SmaCross, cash=10_000, commission=.002, exclusive_orders=True)`, every other
setting default (next bar's open fills, default `buy()` sizing, trades open at the end are not
closed). Grid: `optimize(n1=windows, n2=windows, constraint=n1 < n2, method="grid")` over
its own sample file ../shared/data/raw/backtesting_py/<SYMBOL>.csv. Per combo it records
`Return [%]` and `# Trades` (closed trades; backtesting.py leaves the open one out).

How per-combo results are read: optimize() calls `maximize(stats)` in the parent, in combo
order, for every combo that made at least one closed trade (its `_mp_task` gives None for the
others, which stay NaN in the heatmap). The `maximize` callable below returns `Return [%]`
and records the stats in call order; the i-th record belongs to the i-th non-NaN heatmap
entry (checked: the recorded return equals the heatmap value).

Timing (time.perf_counter, this process): `compute_s` = the optimize() call (it runs the
combos on a multiprocessing Pool with one worker per core, then re-runs the best combo);
excludes interpreter start, imports and data load. No JIT. `compute_cpu_s`: CPU time (user +
system) of this process and its pool workers (reaped when the pool closes) over the same call.
"""
import argparse
import sys
import time
import warnings

import numpy as np
import pandas as pd

import backtesting
from backtesting import Backtest

from peerdata import HERE, cpu_seconds, finite_or_none, load_backtesting_py, machine, windows_arg, write_json

# The strategy of the golden run, verbatim backtesting.py's README example (n1/n2 set by optimize).
sys.path.insert(0, str(HERE.parents[1] / "tests" / "golden" / "backtesting_py"))
from make_sma_cross_goog import SmaCross  # noqa: E402

CASH = 10_000
COMMISSION = 0.002


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--windows", required=True, type=windows_arg, help="SMA periods, e.g. 10,20,30")
    ap.add_argument("--symbol", default="GOOG", help="file of ../shared/data/raw/backtesting_py (default GOOG)")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    res = sweep(a.symbol, a.windows)
    write_json(a.out, res)
    n, nc, t = res["bars"], len(res["combos"]), res["compute_s"]
    print(f"backtesting.py: {nc} combos x {n:,} bars of {a.symbol}: optimize {t:.2f} s "
          f"({n * nc / t:,.0f} bar-evaluations/s, load {res['load_s']:.2f} s)")


def sweep(symbol, windows):
    """Runs the optimize() grid on ../shared/data/raw/backtesting_py/<symbol>.csv; returns the
    result object the script writes (versions, settings, combos, per-combo results, timings)."""
    warnings.filterwarnings("ignore")
    t0 = time.perf_counter()
    data = load_backtesting_py(symbol)
    load_s = time.perf_counter() - t0

    recorded = []

    def record(stats):
        recorded.append((float(stats["Return [%]"]), int(stats["# Trades"])))
        return stats["Return [%]"]

    bt = Backtest(data, SmaCross, cash=CASH, commission=COMMISSION, exclusive_orders=True)
    c1, t1 = cpu_seconds(), time.perf_counter()
    _, heatmap = bt.optimize(n1=windows, n2=windows, constraint=lambda p: p.n1 < p.n2,
                             maximize=record, method="grid", return_heatmap=True)
    compute_s, compute_cpu_s = time.perf_counter() - t1, cpu_seconds() - c1

    combos = [tuple(int(v) for v in ix) for ix in heatmap.index]
    ret = [None] * len(combos)
    trades = [0] * len(combos)
    traded = [i for i, v in enumerate(heatmap.to_numpy()) if not np.isnan(v)]
    if len(traded) != len(recorded):
        raise SystemExit(f"optimize() called maximize {len(recorded)} times for {len(traded)} results")
    for i, (r, n) in zip(traded, recorded):
        if r != heatmap.iloc[i]:
            raise SystemExit(f"recorded return {r} != heatmap {heatmap.iloc[i]} at {combos[i]}")
        ret[i], trades[i] = r / 100.0, n
    n = len(data)
    return {
        "peer": "backtesting.py",
        "versions": {"backtesting": backtesting.__version__, "numpy": np.__version__, "pandas": pd.__version__},
        "machine": machine(),
        "settings": {"cash": CASH, "commission": COMMISSION, "exclusive_orders": True,
                     "fill": "next bar open (trade_on_close=False)", "sizing": "default buy()/sell()",
                     "method": "grid", "pool": "backtesting.Pool (multiprocessing, one worker per core)"},
        "symbol": symbol,
        "windows": windows,
        "combos": [list(c) for c in combos],
        "bars": n,
        "bar_evaluations": n * len(combos),
        "load_s": load_s,
        "compute_s": compute_s,
        "compute_cpu_s": compute_cpu_s,
        "best": [int(v) for v in heatmap.idxmax()],
        # Return [%] / 100 (a fraction); None where no trade closed (optimize() discards those runs).
        "total_return": [finite_or_none(r) if r is not None else None for r in ret],
        "trades_closed": trades,
    }


if __name__ == "__main__":
    main()
