//! Time exit: close a position after it has been held for `max_bars` bars.

/// Bar index at whose open a position entered on `entry_bar` is closed: it has then
/// been held for exactly `max_bars` bars.
#[inline]
pub fn exit_bar(entry_bar: usize, max_bars: u32) -> usize {
    entry_bar.saturating_add(max_bars as usize)
}
