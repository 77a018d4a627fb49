"""Check SEMANTICS.md: re-implement its rules without backtesting.py and compare with the golden.

Run from the repository root after make_sma_cross_goog.py:

    python tests/golden/backtesting_py/replay_semantics.py [--explain N]

Uses only the csv module and plain float arithmetic (no pandas, no backtesting.py), so
agreement with sma_cross_goog.json is evidence that SEMANTICS.md states the rules
completely. `--explain N` prints every intermediate number of the first N trades
(the worked example in SEMANTICS.md was pasted from `--explain 3`).
"""
import csv
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parents[2].parent / "shared" / "data" / "raw" / "backtesting_py" / "GOOG.csv"
EPS = 2.220446049250313e-16  # sys.float_info.epsilon
FULL_EQUITY = 1 - EPS  # Strategy._FULL_EQUITY, the default size of buy()/sell()
COMM = 0.002
CASH0 = 10_000.0


def sma(x, n):
    """Simple moving average, NaN for the first n-1 bars; plain window sum each bar."""
    out = [float("nan")] * len(x)
    for i in range(n - 1, len(x)):
        out[i] = sum(x[i - n + 1 : i + 1]) / n
    return out


def main():
    explain = int(sys.argv[sys.argv.index("--explain") + 1]) if "--explain" in sys.argv else 0
    rows = list(csv.reader(DATA.open()))[1:]
    date = [r[0] for r in rows]
    o = [float(r[1]) for r in rows]
    c = [float(r[4]) for r in rows]
    n = len(c)
    ma1, ma2 = sma(c, 10), sma(c, 20)
    start = 1 + 19  # 1 + index of the first non-NaN value of the slowest indicator

    cash = CASH0
    trade = None  # dict(size, entry_price, entry_bar, entry_comm)
    pending = 0  # +1 buy order, -1 sell order, 0 none (placed at bar i, filled at bar i+1 open)
    closed, equity = [], [float("nan")] * n
    for i in range(start, n):
        # 1. broker: fill the order placed on the previous bar at this bar's open
        if pending:
            price = o[i]
            if trade is not None:  # exclusive_orders: the close order runs first
                gross = trade["size"] * (price - trade["entry_price"])
                exit_comm = abs(trade["size"]) * price * COMM
                cash_before = cash
                cash += gross - exit_comm
                comm = exit_comm + trade["entry_comm"]
                closed.append(dict(trade, exit_bar=i, exit_price=price, pnl=gross - comm,
                                   commission=comm,
                                   return_pct=(1 if trade["size"] > 0 else -1) * (price / trade["entry_price"] - 1)
                                   - comm / (abs(trade["size"]) * trade["entry_price"])))
                if len(closed) <= explain:
                    print(f"  bar {i} {date[i]}: close {trade['size']:+d} @ open {price}: gross {gross!r}, "
                          f"exit commission {exit_comm!r}, cash {cash_before!r} -> {cash!r}")
                    print(f"  trade {len(closed)} pnl {closed[-1]['pnl']!r} (commission {comm!r}), "
                          f"return_pct {closed[-1]['return_pct']!r}")
                trade = None
            # sizing: margin_available == cash here (no open trade); order.size = +-FULL_EQUITY
            per_unit = price + (abs(pending * FULL_EQUITY) * price * COMM) / abs(pending * FULL_EQUITY)
            units = int((cash * 1.0 * FULL_EQUITY) // per_unit)
            entry_comm = units * price * COMM
            if len(closed) < explain:
                print(f"trade {len(closed) + 1}: signal bar {i - 1} {date[i - 1]}, fill bar {i} {date[i]} "
                      f"open {price}; cash {cash!r}; price+commission per unit {per_unit!r}; "
                      f"units int({cash * FULL_EQUITY!r} // {per_unit!r}) = {units}; "
                      f"entry commission {entry_comm!r}; cash after {cash - entry_comm!r}")
            trade = dict(size=pending * units, entry_price=price, entry_bar=i, entry_comm=entry_comm)
            cash -= entry_comm
            pending = 0
        # 2. equity at this bar's close: cash + size * (close - entry)
        equity[i] = cash + (trade["size"] * (c[i] - trade["entry_price"]) if trade else 0.0)
        # 3. strategy: strict crossover on bars i-1, i
        if ma1[i - 1] < ma2[i - 1] and ma1[i] > ma2[i]:
            pending = 1
        elif ma2[i - 1] < ma1[i - 1] and ma2[i] > ma1[i]:
            pending = -1
    equity[:start] = [equity[start]] * start  # bfill of the NaN warm-up bars

    gold = json.loads((HERE / "sma_cross_goog.json").read_text())
    assert len(closed) == len(gold["trades"]), (len(closed), len(gold["trades"]))
    for k, (a, g) in enumerate(zip(closed, gold["trades"])):
        for key in ("size", "entry_bar", "exit_bar", "entry_price", "exit_price"):
            assert a[key] == g[key], (k, key, a[key], g[key])
        for key in ("pnl", "commission", "return_pct"):
            assert abs(a[key] - g[key]) <= 1e-9 * max(1.0, abs(g[key])), (k, key, a[key], g[key])
    assert abs(equity[-1] - gold["final_equity"]) < 1e-6, (equity[-1], gold["final_equity"])
    with (HERE / "sma_cross_goog_equity.csv").open() as f:
        for row, e in zip(csv.DictReader(f), equity):
            assert abs(float(row["equity"]) - e) < 1e-6, (row, e)
    print(f"OK: {len(closed)} trades, open trade {trade}, final equity {equity[-1]!r} "
          f"(golden {gold['final_equity']!r})", file=sys.stderr)


if __name__ == "__main__":
    main()
