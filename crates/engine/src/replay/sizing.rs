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
        // backtesting.py `_Broker._process_orders`: size = int(margin_available * 0.9999
        // // (price + commission per unit)); always whole units.
        Sizing::BacktestingPy => {
            let per_unit = price + (commission.fraction * price);
            return ((0.9999 * equity - commission.fixed).max(0.0) / per_unit).floor();
        }
    };
    let raw = raw.max(0.0);
    if whole_units {
        raw.floor()
    } else {
        raw
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
