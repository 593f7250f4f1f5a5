//! The x axis of a saturation curve: one place per interview, in interview order.
//!
//! A thesis study has ten to forty interviews, and each gets its tick, grid line, number and
//! dot. A large study cannot: with 2,098 interviews (the 100 MB benchmark of issue 15) the
//! figure had 2,098 grid lines that turned the plot grey, 2,098 overlapping numbers that made
//! a black bar under it and 2,098 dots that hid the curve, and rasterising it took 0.66 s, half
//! of that run's render stage. Past [`EVERY_INTERVIEW_UP_TO`] interviews the axis asks plotters
//! for a few round steps instead (1, 2, 5, 10, 20, 50, … interviews apart), and past
//! [`DOTS_UP_TO`] the curve is a line without dots. Up to those sizes nothing changes, so a
//! thesis study's figures are what they were.

/// The most interviews that each get a number on the axis: 30 two-digit numbers fit the
/// figure's plot width (about 520 of its 605 px) with room between them.
pub const EVERY_INTERVIEW_UP_TO: i32 = 30;

/// The most interviews that each get a dot on the curve: up to 60 the dots (6 px across) stay
/// apart, beyond they merge into a thick line over the curve.
pub const DOTS_UP_TO: i32 = 60;

/// How many x labels to ask plotters for, for `n` interviews on an axis running from 0 to
/// `n + 1`: every integer up to [`EVERY_INTERVIEW_UP_TO`], else at most `few`, which plotters
/// places at round steps.
pub fn label_count(n: i32, few: usize) -> usize {
    if n <= EVERY_INTERVIEW_UP_TO {
        (n + 2) as usize
    } else {
        few
    }
}

/// Whether the curve of `n` interviews gets a dot per interview.
pub fn dots(n: i32) -> bool {
    n <= DOTS_UP_TO
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::coord::ranged1d::Ranged;

    /// The integers plotters puts on an axis from 0 to `n + 1` when asked for `count` labels.
    fn key_points(n: i32, count: usize) -> Vec<i32> {
        let range: plotters::coord::types::RangedCoordi32 = (0..n + 1).into();
        range.key_points(count)
    }

    #[test]
    fn a_thesis_study_numbers_every_interview() {
        assert_eq!(label_count(23, 12), 25);
        assert_eq!(key_points(23, label_count(23, 12)), (0..=24).collect::<Vec<_>>());
        assert!(dots(23) && dots(60) && !dots(61));
    }

    /// 2,098 interviews with 12 labels asked for, worked through plotters' rule (the smallest
    /// step of 1, 2, 5 × 10^k that gives fewer than 12 points over the axis's 2,099): steps of
    /// 100 give 21, of 200 give 11, so 0, 200, …, 2,000, of which the figure shows all but 0.
    #[test]
    fn a_large_study_numbers_round_steps() {
        assert_eq!(label_count(2098, 12), 12);
        let points = key_points(2098, label_count(2098, 12));
        assert_eq!(points, (0..=10).map(|k| 200 * k).collect::<Vec<_>>());
        // 31 interviews: steps of 5 (steps of 2 would be 17 labels).
        assert_eq!(key_points(31, label_count(31, 12)), vec![0, 5, 10, 15, 20, 25, 30]);
    }
}
