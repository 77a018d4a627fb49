//! How many units an entry buys or sells.

use crate::config::{Commission, Sizing};

/// Units for an entry filled at `price` (slippage included) with `equity` (currency)
/// in the account, before rounding. Commission is budgeted so that notional plus
/// commission stays within the amount the rule allows.
///
/// Returns 0.0 when the budget does not cover even the fixed commission.
#[inline]
pub fn units(
    sizing: Sizing,
    equity: f64,
    price: f64,
    commission: &Commission,
    whole_units: bool,
) -> f64 {
    let raw = match sizing {
        Sizing::Fraction(f) => budget_units(f * equity, price, commission),
        Sizing::Cash(c) => budget_units(c, price, commission),
        Sizing::Quantity(q) => q,
        Sizing::BacktestingPy => return backtesting_py_units(equity, price, commission),
    };
    let raw = raw.max(0.0);
    if whole_units {
        raw.floor()
    } else {
        raw
    }
}

/// backtesting.py 0.6.6's default `buy()`/`sell()` size (`_Broker._process_orders`):
/// `int((equity * FULL_EQUITY) // (price + commission(FULL_EQUITY, price) / FULL_EQUITY))`
/// with `FULL_EQUITY = 1 - f64::EPSILON`, computed in the same order so it matches to
/// the unit. `equity` is the cash after any exclusive close (no other trade is open).
/// See `tests/golden/backtesting_py/SEMANTICS.md` section 5.
fn backtesting_py_units(equity: f64, price: f64, commission: &Commission) -> f64 {
    const FULL_EQUITY: f64 = 1.0 - f64::EPSILON;
    let commission_of_order = commission.fixed + FULL_EQUITY * price * commission.fraction;
    let per_unit = price + commission_of_order / FULL_EQUITY;
    python_floor_div(equity * 1.0 * FULL_EQUITY, per_unit)
        .trunc()
        .max(0.0)
}

/// Python's float `a // b` (CPython `float_floor_div`), which is not always
/// `(a / b).floor()` in f64.
fn python_floor_div(a: f64, b: f64) -> f64 {
    let m = a % b; // C fmod
    let mut div = (a - m) / b;
    if m != 0.0 && ((b < 0.0) != (m < 0.0)) {
        div -= 1.0;
    }
    if div != 0.0 {
        let mut fd = div.floor();
        if div - fd > 0.5 {
            fd += 1.0;
        }
        fd
    } else {
        (a / b).signum() * 0.0
    }
}

/// Units whose notional plus commission equals `budget`.
#[inline]
fn budget_units(budget: f64, price: f64, commission: &Commission) -> f64 {
    (budget - commission.fixed) / (price * (1.0 + commission.fraction))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fraction_sizing_spends_the_fraction_including_commission() {
        let c = Commission {
            fraction: 0.01,
            fixed: 1.0,
        };
        let q = units(Sizing::Fraction(0.5), 10_000.0, 99.0, &c, false);
        let spent = q * 99.0 + c.on(q, 99.0);
        assert!((spent - 5_000.0).abs() < 1e-9);
    }

    #[test]
    fn backtesting_py_sizing_matches_the_worked_example() {
        // SEMANTICS.md section 10 (numbers printed by backtesting.py 0.6.6's rules):
        // trade 1: cash 10000, open 169.02 -> 59 units; trade 2: cash 9362.428300000001,
        // open 179.13 -> 52 units.
        let c = Commission {
            fraction: 0.002,
            fixed: 0.0,
        };
        assert_eq!(
            units(Sizing::BacktestingPy, 10_000.0, 169.02, &c, false),
            59.0
        );
        assert_eq!(
            units(Sizing::BacktestingPy, 9362.428300000001, 179.13, &c, false),
            52.0
        );
        assert_eq!(
            units(Sizing::BacktestingPy, 9474.11078, 182.0, &c, false),
            51.0
        );
    }

    #[test]
    fn whole_units_round_down() {
        let c = Commission::default();
        assert_eq!(units(Sizing::Cash(1_000.0), 0.0, 300.0, &c, true), 3.0);
        assert!((units(Sizing::Cash(1_000.0), 0.0, 300.0, &c, false) - 3.3333333333).abs() < 1e-9);
    }

    #[test]
    fn budget_below_fixed_commission_gives_zero() {
        let c = Commission {
            fraction: 0.0,
            fixed: 5.0,
        };
        assert_eq!(units(Sizing::Cash(4.0), 0.0, 10.0, &c, false), 0.0);
    }
}
