"""Golden LTTB selections from the reference implementation on PyPI (`lttb` 0.3.2,
github.com/javiljoen/lttb-numpy), for tests/report/downsample.test.ts.

    pip install lttb==0.3.2 numpy
    python3 tests/golden/lttb/make_lttb.py   # from the repo root, ../shared beside it

x = bar time in epoch milliseconds (UTC), y = close, straight from the raw CSV files.
Writes tests/golden/lttb/lttb.json: per case, the x values (ms) of the kept points.
"""
import csv
import datetime as dt
import json
import pathlib

import lttb
import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[3]
RAW = ROOT.parent / "shared" / "data" / "raw"


def daily(path):
    xs, ys = [], []
    with open(path) as f:
        for row in csv.DictReader(f):
            d = dt.datetime.strptime(row["date"], "%Y-%m-%d").replace(tzinfo=dt.timezone.utc)
            xs.append(int(d.timestamp() * 1000))
            ys.append(float(row["close"]))
    return xs, ys


def binance(path):
    xs, ys = [], []
    with open(path) as f:
        for row in csv.DictReader(f):
            xs.append(int(row["open_time"]))
            ys.append(float(row["close"]))
    return xs, ys


CASES = [
    ("sp500_5yr/AAPL_data.csv", daily, 100),
    ("crypto_1m_binance/ALGOUSDT-1m-2023-02.csv", binance, 3000),
]

out = {"source": "PyPI lttb 0.3.2 (lttb.downsample), numpy " + np.__version__, "cases": []}
for rel, read, n_out in CASES:
    xs, ys = read(RAW / rel)
    data = np.array([xs, ys], dtype=float).T
    kept = lttb.downsample(data, n_out=n_out)
    out["cases"].append({"file": rel, "n": len(xs), "n_out": n_out, "x_ms": [int(x) for x in kept[:, 0]]})
(pathlib.Path(__file__).parent / "lttb.json").write_text(json.dumps(out) + "\n")
print("wrote", [(c["file"], c["n"], c["n_out"]) for c in out["cases"]])
