"""Golden of backtesting.py's `Backtest.optimize` over an SMA-cross grid on GOOG.csv, for tests/peers/.

Run once from the repository root, in the peer venv (`bash bench/peers/setup.sh`):

    bench/peers/.venv/bin/python tests/golden/backtesting_py/make_sma_cross_sweep_goog.py

Output: tests/golden/backtesting_py/sma_cross_sweep_goog.json: versions, settings, and per
combination (n1 < n2 from the periods below, product order) `Return [%] / 100` and
`# Trades` (closed trades; null return where optimize() discarded a run without a closed
trade). The strategy is make_sma_cross_goog.py's SmaCross (backtesting.py's README example,
cash 10,000, commission 0.2%, exclusive orders), run by bench/peers/backtesting_py_sweep.py.
"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2] / "bench" / "peers"))

from peerdata import write_json  # noqa: E402
import backtesting_py_sweep  # noqa: E402

WINDOWS = list(range(10, 201, 10))


def main():
    res = backtesting_py_sweep.sweep("GOOG", WINDOWS)
    write_json(HERE / "sma_cross_sweep_goog.json", {
        "generator": "tests/golden/backtesting_py/make_sma_cross_sweep_goog.py",
        "versions": res["versions"],
        "settings": res["settings"],
        "data": "../shared/data/raw/backtesting_py/GOOG.csv",
        "windows": res["windows"],
        "combos": res["combos"],
        "bars": res["bars"],
        "total_return": res["total_return"],
        "trades_closed": res["trades_closed"],
    })


if __name__ == "__main__":
    main()
