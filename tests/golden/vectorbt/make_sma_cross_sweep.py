"""Golden of an SMA-cross parameter sweep made with vectorbt, for tests/peers/.

Run once from the repository root, in the peer venv (`bash bench/peers/setup.sh`):

    bench/peers/.venv/bin/python tests/golden/vectorbt/make_sma_cross_sweep.py

Output: tests/golden/vectorbt/sma_cross_sweep.json: generator versions, the settings, the
SMA periods and their fast < slow pairs (itertools.combinations order), the symbols, and per
(combo, symbol) vectorbt's `total_return()` and `trades.count()`, plus `exact_ties`: bars
where SMA(fast) == SMA(slow) exactly (integer arithmetic), where float rounding decides a
cross (docs/peers.md "Why cells differ"). The sweep itself is bench/peers/vectorbt_sweep.py's
(`MA.run_combs` + `ma_crossed_above/below` + `Portfolio.from_signals(size=np.inf)`, signal-bar
close fills, long only, no fees, cash 10,000) on the S&P 500 files of ../shared/data/raw,
cleaned as barstream's --skip-bad-rows does.
"""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2] / "bench" / "peers"))

from peerdata import RAW, write_json  # noqa: E402
import vectorbt_sweep  # noqa: E402

WINDOWS = list(range(10, 101, 10))


def symbols():
    """Every 20th S&P 500 symbol, plus DHR and LNT (files with bad rows the loader drops)."""
    names = sorted(p.name[: -len("_data.csv")] for p in (RAW / "sp500_5yr").glob("*_data.csv"))
    return sorted(set(names[::20]) | {"DHR", "LNT"})


def main():
    res = vectorbt_sweep.sweep(WINDOWS, chunk=32, only=symbols())
    write_json(HERE / "sma_cross_sweep.json", {
        "generator": "tests/golden/vectorbt/make_sma_cross_sweep.py",
        "versions": res["versions"],
        "settings": res["settings"],
        "data": "../shared/data/raw/sp500_5yr (bad rows dropped as barstream --skip-bad-rows)",
        "windows": res["windows"],
        "combos": res["combos"],
        "symbols": res["symbols"],
        "bars": {s: v["bars"] for s, v in res["data"].items()},
        "total_return": res["total_return"],
        "trades": res["trades"],
        "exact_ties": res["strict_crossover"]["exact_ties"],
    })


if __name__ == "__main__":
    main()
