"""SMA-cross parameter sweep with vectorbt over the S&P 500 set (bench/peers, issue 5).

    bench/peers/.venv/bin/python bench/peers/vectorbt_sweep.py --windows 10,20,...,200 --out FILE.json

Strategy (the vectorbt tutorial's SMA cross): for every pair of periods fast < slow from
`--windows` (`MA.run_combs(..., r=2)`, itertools.combinations order = barstream's combo
order), entries = fast MA crossed above slow MA, exits = crossed below, long only,
`Portfolio.from_signals(close, entries, exits, size=np.inf, init_cash=10_000, fees=0)`:
fills at the signal bar's close, all cash, fractional units. Per (combo, symbol) it records
`total_return()` (fraction) and `trades.count()` (the open trade at the end included).

vectorbt's `crossed_above` is not strict on the previous bar: below -> equal -> above fires
(`generic/nb.py::crossed_above_1d_nb` keeps `was_below` through an equal bar), where
backtesting.py's `crossover` and barstream's need `a[t-1] < b[t-1]`. So the script also reruns
the grid (untimed) with the strict crossover computed from vectorbt's own MA values, and
counts per cell the near ties (|fast - slow| <= 1e-9 relative), where the last bits of two SMA
implementations (vectorbt: differences of a running cumulative sum) can decide a cross, and
the exact ties (SMA(fast) == SMA(slow) in integer arithmetic on the 4-decimal prices).

Layout: the symbols' close series are right-aligned by bar (leading NaN for shorter
histories), so every symbol keeps its own bars (a dropped bad row is not a NaN hole) and ends
on the last row, where vectorbt values the open position. The MA-cross signals depend on
the bar sequence only, not on dates. Symbols are run in chunks (`--chunk` symbols at a time,
all combos as columns) to bound memory.

Timing (time.perf_counter, this process): `compute_s` = indicators + signals + portfolio
simulation + the two metrics for every chunk; excludes interpreter start, imports and data
load. `compute_cpu_s`: the CPU time (user + system) of the same section. `jit_warmup_s` = the same pipeline once on 2 symbols x 300 bars before the timed run
(numba compiles, or loads its on-disk cache `cache=True`), reported apart. vectorbt runs
this pipeline on one core (its numba kernels are not parallel).
"""
import argparse
import itertools
import time
import warnings

import numpy as np
import pandas as pd

import vectorbt as vbt

from peerdata import cpu_seconds, data_fingerprint, exact_sma_ties, finite_or_none, load_sp500, machine, windows_arg, write_json

CASH = 10_000.0


def sweep_chunk(close: pd.DataFrame, windows, strict=False):
    """Runs all combos on the symbols (columns) of `close`. Returns arrays combos x symbols:
    (total_return, trades, near_ties). With `strict`, the signals are not vectorbt's
    `ma_crossed_above/below` but the strict crossover of backtesting.py and barstream
    (`a[t-1] < b[t-1] and a[t] > b[t]`) on vectorbt's own MA values: the check that a tie is
    what makes the two disagree. `near_ties`: bars where |fast - slow| <= 1e-9 x |slow|
    (computed only with `strict`)."""
    fast, slow = vbt.MA.run_combs(close, window=windows, r=2, short_names=["fast", "slow"])
    if strict:
        f, s = fast.ma.to_numpy(), slow.ma.to_numpy()
        fp, sp = np.vstack([np.full((1, f.shape[1]), np.nan), f[:-1]]), np.vstack([np.full((1, s.shape[1]), np.nan), s[:-1]])
        cols = pd.MultiIndex.from_tuples(
            [(a, b, sym) for a, b in itertools.combinations(windows, 2) for sym in close.columns],
            names=["fast_window", "slow_window", "symbol"])
        entries = pd.DataFrame((fp < sp) & (f > s), columns=cols)
        exits = pd.DataFrame((fp > sp) & (f < s), columns=cols)
        near = (np.abs(f - s) <= 1e-9 * np.abs(s)).sum(axis=0)
    else:
        entries = fast.ma_crossed_above(slow)
        exits = fast.ma_crossed_below(slow)
        near = np.zeros(entries.shape[1], dtype=np.int64)
    # fast.close: the input close tiled to the indicator's (combo, symbol) columns.
    pf = vbt.Portfolio.from_signals(fast.close, entries, exits, size=np.inf, init_cash=CASH, fees=0.0, freq="1D")
    ret = pf.total_return()
    trades = pf.trades.count()
    # Columns: (fast_window, slow_window, symbol), params outer; check rather than assume.
    cols = ret.index
    n_sym = close.shape[1]
    combos = list(itertools.combinations(windows, 2))
    expect = [(f, s, sym) for f, s in combos for sym in close.columns]
    got = list(zip(cols.get_level_values("fast_window"), cols.get_level_values("slow_window"),
                   cols.get_level_values(-1)))
    if got != expect:
        raise SystemExit("vectorbt column order is not (combo outer, symbol inner) as assumed")
    shape = (len(combos), n_sym)
    return ret.to_numpy().reshape(shape), trades.to_numpy().reshape(shape), np.asarray(near).reshape(shape)


def run_all(closes, symbols, windows, chunk, strict):
    """sweep_chunk over every chunk of symbols; arrays combos x symbols."""
    n_c = len(windows) * (len(windows) - 1) // 2
    ret = np.empty((n_c, len(symbols)))
    trades = np.empty((n_c, len(symbols)), dtype=np.int64)
    near = np.empty((n_c, len(symbols)), dtype=np.int64)
    for k in range(0, len(symbols), chunk):
        part = symbols[k:k + chunk]
        r, t, n = sweep_chunk(right_aligned(closes, part), windows, strict)
        ret[:, k:k + len(part)], trades[:, k:k + len(part)], near[:, k:k + len(part)] = r, t, n
    return ret, trades, near


def right_aligned(series_by_symbol, symbols):
    """Close matrix rows x symbols, each symbol's bars ending on the last row."""
    n = max(len(series_by_symbol[s]) for s in symbols)
    m = np.full((n, len(symbols)), np.nan)
    for j, s in enumerate(symbols):
        c = series_by_symbol[s].to_numpy()
        m[n - len(c):, j] = c
    return pd.DataFrame(m, columns=pd.Index(symbols, name="symbol"))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--windows", required=True, type=windows_arg, help="SMA periods, e.g. 10,20,30")
    ap.add_argument("--symbols", type=int, default=0, help="first N symbols only (0 = all 505)")
    ap.add_argument("--chunk", type=int, default=32, help="symbols per vectorbt call")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    res = sweep(a.windows, a.chunk, limit=a.symbols or None)
    write_json(a.out, res)
    print(f"vectorbt: {len(res['combos'])} combos x {len(res['symbols'])} symbols ({res['bars']:,} bars): "
          f"compute {res['compute_s']:.2f} s (JIT warm-up {res['jit_warmup_s']:.2f} s, load {res['load_s']:.2f} s)")


def sweep(windows, chunk, limit=None, only=None):
    """The whole vectorbt side on the S&P 500 set (first `limit` symbols, or the symbols in
    `only`); returns the result object the script writes (versions, settings, data fingerprint,
    timings, per-cell results, the untimed strict-crossover rerun and the tie counts)."""
    warnings.filterwarnings("ignore")
    t0 = time.perf_counter()
    data = load_sp500(limit, only)
    closes = {s: d.set_index("date")["close"] for s, d in data.items()}
    symbols = list(closes)
    load_s = time.perf_counter() - t0

    t1 = time.perf_counter()
    warm = right_aligned({s: closes[s].iloc[:300] for s in symbols[:2]}, symbols[:2])
    sweep_chunk(warm, windows[:3])
    jit_s = time.perf_counter() - t1

    combos = list(itertools.combinations(windows, 2))
    c2, t2 = cpu_seconds(), time.perf_counter()
    ret, trades, _ = run_all(closes, symbols, windows, chunk, strict=False)
    compute_s, compute_cpu_s = time.perf_counter() - t2, cpu_seconds() - c2
    # Untimed: the same sweep with strict-crossover signals (see sweep_chunk).
    ret_strict, trades_strict, near_ties = run_all(closes, symbols, windows, chunk, strict=True)
    exact_ties = np.array([exact_sma_ties(closes[s].to_numpy(), windows) for s in symbols]).T

    bars = sum(len(c) for c in closes.values())
    return {
        "peer": "vectorbt",
        "versions": {"vectorbt": vbt.__version__, "numpy": np.__version__, "pandas": pd.__version__},
        "machine": machine(),
        "settings": {"cash": CASH, "fees": 0.0, "size": "np.inf (all cash, fractional)",
                     "fill": "signal bar close (from_signals default)", "direction": "long only",
                     "chunk_symbols": chunk},
        "windows": windows,
        "combos": [list(c) for c in combos],
        "symbols": symbols,
        "data": data_fingerprint(closes),
        "bars": bars,
        "bar_evaluations": bars * len(combos),
        "load_s": load_s,
        "jit_warmup_s": jit_s,
        "compute_s": compute_s,
        "compute_cpu_s": compute_cpu_s,
        "total_return": [[finite_or_none(x) for x in row] for row in ret],
        "trades": trades.tolist(),
        "strict_crossover": {
            "what": "untimed rerun with backtesting.py/barstream's strict crossover on vectorbt's MA values",
            "total_return": [[finite_or_none(x) for x in row] for row in ret_strict],
            "trades": trades_strict.tolist(),
            "near_ties": near_ties.tolist(),
            "exact_ties": exact_ties.tolist(),
        },
    }


if __name__ == "__main__":
    main()
