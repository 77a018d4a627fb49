//! The [`Indicator`] trait shared by every incremental indicator.

/// Common surface of the incremental indicators (`Sma`, `Rsi`, `Atr`, ...).
///
/// The update method itself is inherent to each type because inputs and outputs
/// differ (`Atr::update(high, low, close)`, `Bbands::update(x) -> Option<Bands>`).
pub trait Indicator {
    /// Short name with parameters, e.g. `"SMA(20)"`.
    fn name(&self) -> String;

    /// Number of inputs consumed before the first output (TA-Lib's lookback): the
    /// first value appears on update number `lookback() + 1` after a (re)start.
    fn lookback(&self) -> usize;

    /// `true` when the last `update` produced a value (warm-up complete and the
    /// last input was finite).
    fn initialized(&self) -> bool;

    /// Alias of [`Indicator::initialized`].
    fn is_ready(&self) -> bool {
        self.initialized()
    }

    /// Forget all inputs; the next `update` starts a fresh warm-up. Parameters are kept.
    fn reset(&mut self);
}
