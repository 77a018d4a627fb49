#!/usr/bin/env bash
# Creates bench/peers/.venv with the PINNED peer libraries the peer comparison runs
# (vectorbt and backtesting.py, from PyPI). Not needed by the project's tests.
#
#   bash bench/peers/setup.sh            # creates the venv if missing or out of date
#   PYTHON=python3.11 bash bench/peers/setup.sh
#
# Pins: checked to install and import together on Python 3.11.7 (2026-11-21).
# backtesting 0.6.6 is the version that made tests/golden/backtesting_py; numpy/pandas are
# the versions that golden was made with too.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
python="${PYTHON:-python3.11}"
pins=(
  "vectorbt==1.2.0"
  "numba==0.68.1"
  "llvmlite==0.50.0"
  "backtesting==0.6.6"
  "numpy==2.4.6"
  "pandas==3.1.1"
)
stamp="$venv/.pins"

if [[ -f "$stamp" ]] && [[ "$(cat "$stamp")" == "${pins[*]}" ]]; then
  echo "peers: $venv is up to date (${pins[*]})" >&2
  exit 0
fi

command -v "$python" >/dev/null || { echo "peers: $python not found (set PYTHON=...)" >&2; exit 1; }
echo "peers: creating $venv with $("$python" --version 2>&1)" >&2
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/pip" install --quiet "${pins[@]}"
"$venv/bin/python" -c "import vectorbt, backtesting, numpy, pandas; print('peers: vectorbt', vectorbt.__version__, 'backtesting', backtesting.__version__, 'numpy', numpy.__version__, 'pandas', pandas.__version__)" >&2
echo "${pins[*]}" > "$stamp"
