#!/usr/bin/env python3
"""Write TA-Lib golden outputs for crates/indicators/tests/talib_parity.rs.

Reads real bars from ../shared/data/raw (beside the repository checkout), runs every
indicator with two parameter sets through the TA-Lib Python wrapper and writes ONLY
the outputs (never the input prices) as one CSV per input file next to this script.

Usage (from anywhere):
    pip install TA-Lib          # wheels bundle the C library
    python3 crates/indicators/tests/golden/make_talib_golden.py [--data DIR]

Column names encode the call so the Rust test can rebuild it without a table:
    <fn>_<param>[_<param>...][_<line>]   e.g. sma_10, bbands_20_2_2_upper, macd_12_26_9_hist
Empty field = NaN (warm-up). Values keep 12 significant digits (%.12g): a relative
rounding of at most 5e-13, far inside the 1e-9 tolerance the test asserts.
"""

import argparse
import csv
import math
from pathlib import Path

import numpy as np
import talib

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[3]  # crates/indicators/tests/golden -> repo root

# (input file relative to data/raw, rows to read, golden file name)
INPUTS = [
    ("sp500_5yr/AAPL_data.csv", None, "aapl_daily.csv"),
    ("crypto_1m_binance/LINKUSDT-1m-2023-02.csv", 3000, "linkusdt_1m.csv"),
]


def load(path, rows):
    high, low, close = [], [], []
    with open(path, newline="") as f:
        for i, r in enumerate(csv.DictReader(f)):
            if rows is not None and i >= rows:
                break
            high.append(float(r["high"]))
            low.append(float(r["low"]))
            close.append(float(r["close"]))
    return np.array(high), np.array(low), np.array(close)


def fmt_num(v):
    return "%g" % v


def columns(h, l, c):
    """Yield (column name, output array): every indicator with two parameter sets."""
    for p in (10, 50):
        yield f"sma_{p}", talib.SMA(c, p)
    for p in (12, 50):
        yield f"ema_{p}", talib.EMA(c, p)
    for p in (9, 30):
        yield f"wma_{p}", talib.WMA(c, p)
    for p in (14, 5):
        yield f"rsi_{p}", talib.RSI(c, p)
    for p in (14, 5):
        yield f"atr_{p}", talib.ATR(h, l, c, p)
    for p, up, dn in ((20, 2.0, 2.0), (10, 1.5, 2.5)):
        u, m, lo = talib.BBANDS(c, p, up, dn, matype=0)
        name = f"bbands_{p}_{fmt_num(up)}_{fmt_num(dn)}"
        yield name + "_upper", u
        yield name + "_middle", m
        yield name + "_lower", lo
    for f, s, g in ((12, 26, 9), (5, 35, 5)):
        m, sig, hist = talib.MACD(c, f, s, g)
        name = f"macd_{f}_{s}_{g}"
        yield name + "_macd", m
        yield name + "_signal", sig
        yield name + "_hist", hist
    for p in (10, 1):
        yield f"roc_{p}", talib.ROC(c, p)
    for p, nb in ((20, 1.0), (5, 2.0)):
        yield f"stddev_{p}_{fmt_num(nb)}", talib.STDDEV(c, p, nb)
    for p in (20, 55):
        yield f"max_{p}", talib.MAX(c, p)
    for p in (20, 55):
        yield f"min_{p}", talib.MIN(c, p)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "raw",
                    help="the data/raw folder (default: ../shared/data/raw beside the repo)")
    args = ap.parse_args()
    ta_c = talib.__ta_version__
    ta_c = ta_c.decode() if isinstance(ta_c, bytes) else str(ta_c)
    for rel, rows, out_name in INPUTS:
        h, l, c = load(args.data / rel, rows)
        cols = list(columns(h, l, c))
        out = HERE / out_name
        with open(out, "w", newline="") as f:
            f.write("# TA-Lib golden outputs for barstream-indicators (tests/talib_parity.rs)\n")
            f.write(f"# TA-Lib C {ta_c}; Python wrapper TA-Lib {talib.__version__}; numpy {np.__version__}\n")
            f.write("# command: python3 crates/indicators/tests/golden/make_talib_golden.py\n")
            f.write(f"# input: ../shared/data/raw/{rel}, first {len(c)} data rows, "
                    "columns high, low, close (inputs are not copied here)\n")
            f.write("# one row per input bar; empty field = NaN (warm-up); values %.12g\n")
            w = csv.writer(f, lineterminator="\n")
            w.writerow([name for name, _ in cols])
            for i in range(len(c)):
                w.writerow(["" if math.isnan(v[i]) else "%.12g" % v[i] for _, v in cols])
        print(f"wrote {out.relative_to(REPO)}: {len(c)} rows x {len(cols)} columns")


if __name__ == "__main__":
    main()
