//! [`Reason`]: the named events a feature can fire at a bar, with the side each
//! one argues for. A bar's fired reasons are a `u32` bit mask (bit = code).

/// The side a reason argues for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bias {
    /// Counts towards a long candidate.
    Long,
    /// Counts towards a short candidate.
    Short,
    /// Counts towards whichever side wins (a regime, not a direction).
    Neutral,
}

/// Every reason a feature can fire. The discriminant is the bit index in a mask
/// and the code in the native result; the order is fixed (append only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum Reason {
    /// Fast SMA crossed above slow SMA (long).
    SmaCrossUp,
    /// Fast SMA crossed below slow SMA (short).
    SmaCrossDown,
    /// Fast EMA crossed above slow EMA (long).
    EmaCrossUp,
    /// Fast EMA crossed below slow EMA (short).
    EmaCrossDown,
    /// ATR ranked at or above the `high` percentile.
    AtrRegimeHigh,
    /// ATR ranked at or below the `low` percentile.
    AtrRegimeLow,
    /// Session opened above the previous close by at least `min_gap` (long).
    GapUp,
    /// Session opened below the previous close by at least `min_gap` (short).
    GapDown,
    /// Close above the previous session's high (long).
    SessionHighBreak,
    /// Close below the previous session's low (short).
    SessionLowBreak,
    /// Close above the previous `period` bars' high (long).
    DonchianBreakoutUp,
    /// Close below the previous `period` bars' low (short).
    DonchianBreakoutDown,
    /// RSI at or below `low` (long).
    RsiOversold,
    /// RSI at or above `high` (short).
    RsiOverbought,
}

impl Reason {
    /// All reasons in code order.
    pub const ALL: [Reason; 14] = [
        Reason::SmaCrossUp,
        Reason::SmaCrossDown,
        Reason::EmaCrossUp,
        Reason::EmaCrossDown,
        Reason::AtrRegimeHigh,
        Reason::AtrRegimeLow,
        Reason::GapUp,
        Reason::GapDown,
        Reason::SessionHighBreak,
        Reason::SessionLowBreak,
        Reason::DonchianBreakoutUp,
        Reason::DonchianBreakoutDown,
        Reason::RsiOversold,
        Reason::RsiOverbought,
    ];

    /// The name written in a candidate's `reasons` (`sma_cross_up`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Reason::SmaCrossUp => "sma_cross_up",
            Reason::SmaCrossDown => "sma_cross_down",
            Reason::EmaCrossUp => "ema_cross_up",
            Reason::EmaCrossDown => "ema_cross_down",
            Reason::AtrRegimeHigh => "atr_regime_high",
            Reason::AtrRegimeLow => "atr_regime_low",
            Reason::GapUp => "gap_up",
            Reason::GapDown => "gap_down",
            Reason::SessionHighBreak => "session_high_break",
            Reason::SessionLowBreak => "session_low_break",
            Reason::DonchianBreakoutUp => "donchian_breakout_up",
            Reason::DonchianBreakoutDown => "donchian_breakout_down",
            Reason::RsiOversold => "rsi_oversold",
            Reason::RsiOverbought => "rsi_overbought",
        }
    }

    /// The side this reason argues for. Oversold RSI is read as a long (mean
    /// reversion) signal, overbought as a short one; gaps and breaks follow their
    /// direction; the ATR regime has no direction.
    pub fn bias(self) -> Bias {
        match self {
            Reason::SmaCrossUp
            | Reason::EmaCrossUp
            | Reason::GapUp
            | Reason::SessionHighBreak
            | Reason::DonchianBreakoutUp
            | Reason::RsiOversold => Bias::Long,
            Reason::SmaCrossDown
            | Reason::EmaCrossDown
            | Reason::GapDown
            | Reason::SessionLowBreak
            | Reason::DonchianBreakoutDown
            | Reason::RsiOverbought => Bias::Short,
            Reason::AtrRegimeHigh | Reason::AtrRegimeLow => Bias::Neutral,
        }
    }

    /// Bit of this reason in a mask.
    pub fn bit(self) -> u32 {
        1 << (self as u8)
    }

    /// The reasons set in `mask`, in code order.
    pub fn from_mask(mask: u32) -> impl Iterator<Item = Reason> {
        Reason::ALL.into_iter().filter(move |r| mask & r.bit() != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_positions_in_all_and_names_are_unique() {
        for (i, r) in Reason::ALL.iter().enumerate() {
            assert_eq!(*r as usize, i);
        }
        let mut names: Vec<_> = Reason::ALL.iter().map(|r| r.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Reason::ALL.len());
    }

    #[test]
    fn from_mask_lists_the_set_bits_in_code_order() {
        let m = Reason::RsiOversold.bit() | Reason::SmaCrossUp.bit();
        assert_eq!(
            Reason::from_mask(m).collect::<Vec<_>>(),
            [Reason::SmaCrossUp, Reason::RsiOversold]
        );
    }
}
