//! Zoom steps of the graph figure, in whole percent (integers keep float parsing and printing,
//! and their tables, out of the browser bundle): pure, so they are tested natively; used by the
//! browser code.
#![cfg_attr(not(feature = "hydrate"), allow(dead_code))]

/// Smallest zoom, percent.
pub const ZOOM_MIN: u32 = 10;
/// Largest zoom, percent.
pub const ZOOM_MAX: u32 = 300;

/// The next zoom from `zoom` percent in direction `step` (`1` in, `-1` out, `0` back to 100 %):
/// a quarter more, or a fifth less, within bounds.
pub fn next_zoom(zoom: u32, step: i8) -> u32 {
    match step {
        0 => 100,
        s if s > 0 => (zoom * 5 / 4).clamp(ZOOM_MIN, ZOOM_MAX),
        _ => (zoom * 4 / 5).clamp(ZOOM_MIN, ZOOM_MAX),
    }
}

/// The zoom at which a drawing `width` wide fits `room`, never above 100 %.
pub fn fit_zoom(room: u32, width: u32) -> u32 {
    (room * 100 / width.max(1)).clamp(ZOOM_MIN, 100)
}

/// `size` at `zoom` percent.
pub fn scaled(size: u32, zoom: u32) -> u32 {
    size * zoom / 100
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_steps_stay_within_bounds_and_zero_resets() {
        assert_eq!(next_zoom(100, 1), 125);
        assert_eq!(next_zoom(125, -1), 100);
        assert_eq!(next_zoom(290, 1), ZOOM_MAX);
        assert_eq!(next_zoom(11, -1), ZOOM_MIN);
        assert_eq!(next_zoom(40, 0), 100);
    }

    #[test]
    fn fitting_shrinks_a_wide_drawing_but_never_enlarges_a_small_one() {
        assert_eq!(fit_zoom(600, 1200), 50);
        assert_eq!(fit_zoom(1600, 1200), 100);
        assert_eq!(fit_zoom(10, 100_000), ZOOM_MIN);
        assert_eq!(scaled(1168, 50), 584);
    }
}
