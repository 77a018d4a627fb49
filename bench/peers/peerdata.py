"""Data loading and result writing shared by the two peer sweep scripts.

Loads the same bars barstream loads with `--skip-bad-rows` (docs/data.md "Validation"):
a row is dropped when a field is empty or not finite, a price is <= 0, high < low, open or
close lies outside [low, high], volume < 0, or its date is not after the symbol's last kept
date (duplicate / backwards). bench/peers/run.mjs checks per symbol that the bar count, the
first and last date and the sum of closes equal what barstream loaded, so both sides see the
same bars.
"""
import itertools
import json
import math
import os
import platform
import resource
import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
RAW = HERE.parents[2] / "shared" / "data" / "raw"
PRICES = ["open", "high", "low", "close"]


def clean_bars(df: pd.DataFrame) -> pd.DataFrame:
    """Rows of one symbol (columns date, open, high, low, close, volume; file order) that
    barstream's `skip` policy keeps, in time order. `date` becomes a pandas Timestamp."""
    df = df.copy()
    df["date"] = pd.to_datetime(df["date"], format="ISO8601")
    num = df[PRICES + ["volume"]].apply(pd.to_numeric, errors="coerce")
    ok = num.notna().all(axis=1) & df["date"].notna()
    ok &= np.isfinite(num).all(axis=1)
    ok &= (num[PRICES] > 0).all(axis=1)
    ok &= num["high"] >= num["low"]
    for f in ("open", "close"):
        ok &= (num[f] >= num["low"]) & (num[f] <= num["high"])
    ok &= num["volume"] >= 0
    df[PRICES + ["volume"]] = num
    df = df[ok]
    # Time order on the rows that passed: keep a row only if after every earlier kept one.
    ns = df["date"].to_numpy(dtype="datetime64[ns]").astype(np.int64)
    prev_max = np.maximum.accumulate(np.concatenate([[np.iinfo(np.int64).min], ns[:-1]]))
    return df[ns > prev_max].reset_index(drop=True)


def load_sp500(limit=None, only=None):
    """The S&P 500 per-symbol files, cleaned: dict symbol -> DataFrame, symbols sorted as
    barstream sorts them (UTF-16 code unit order; plain ASCII here). `limit`: the first N
    symbols; `only`: just these symbols."""
    folder = RAW / "sp500_5yr"
    files = sorted(folder.glob("*_data.csv"), key=lambda p: p.name[: -len("_data.csv")])
    if only:
        files = [f for f in files if f.name[: -len("_data.csv")] in set(only)]
    if limit:
        files = files[:limit]
    out = {}
    for f in files:
        df = pd.read_csv(f, dtype=str, keep_default_na=False, na_values=[""])
        out[f.name[: -len("_data.csv")]] = clean_bars(df[["date", "open", "high", "low", "close", "volume"]])
    return out


def load_backtesting_py(name="GOOG"):
    """backtesting.py's own sample file (first column = date index), as backtesting.py
    wants it: DatetimeIndex and capitalised OHLCV columns."""
    df = pd.read_csv(RAW / "backtesting_py" / f"{name}.csv", index_col=0, parse_dates=True)
    df.index.name = None
    return df


def data_fingerprint(symbol_closes):
    """Per symbol: bars, first/last date (ISO), sum of closes; run.mjs compares it to barstream's load."""
    return {
        s: {"bars": int(len(d)), "first": d.index[0].strftime("%Y-%m-%d") if len(d) else None,
            "last": d.index[-1].strftime("%Y-%m-%d") if len(d) else None, "close_sum": float(d.sum())}
        for s, d in symbol_closes.items()
    }


def exact_sma_ties(close: np.ndarray, windows, scale=10_000):
    """Exact ties of two SMAs, counted in integer arithmetic (no rounding at all).

    `close`: one symbol's closes (f64, len n), every one a multiple of 1/`scale` (the S&P files
    have at most 4 decimals; checked, else ValueError). For every pair fast < slow of
    `windows` (itertools.combinations order) returns how many bars have
    SMA(fast) == SMA(slow) exactly, i.e. `sum_fast * slow == sum_slow * fast` over integers.
    At such a bar a float SMA is a hair above or below the other depending on how it was
    rounded, so whether the next bar is a "cross" depends on the implementation.
    """
    q = np.rint(close * scale)
    if np.any(np.abs(q - close * scale) > 1e-6 * np.maximum(1.0, close * scale)):
        raise ValueError(f"closes are not multiples of 1/{scale}")
    cs = np.concatenate([[0], np.cumsum(q.astype(np.int64))])
    n = len(close)
    sums = {}
    for w in windows:
        s = np.full(n, -1, dtype=np.int64)
        if n >= w:
            s[w - 1:] = cs[w:] - cs[:-w]
        sums[w] = s
    out = []
    for f, sl in itertools.combinations(windows, 2):
        ok = (sums[f] >= 0) & (sums[sl] >= 0)
        out.append(int(np.count_nonzero(ok & (sums[f] * sl == sums[sl] * f))))
    return out


def cpu_seconds():
    """User + system CPU seconds of this process and its reaped children (pool workers) so far."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def machine():
    """Where the figures were measured."""
    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next(line.split(":", 1)[1].strip() for line in fh if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "python": sys.version.split()[0], "platform": platform.platform()}


def windows_arg(text):
    """`--windows 10,20,30` -> [10, 20, 30] (strictly increasing SMA periods)."""
    w = [int(x) for x in text.split(",") if x]
    if len(w) < 2 or any(b <= a for a, b in zip(w, w[1:])):
        raise SystemExit(f"--windows must be >= 2 strictly increasing integers, got {text!r}")
    return w


def finite_or_none(x):
    x = float(x)
    return None if math.isnan(x) else x


def write_json(path, obj):
    Path(path).write_text(json.dumps(obj, indent=1) + "\n")
