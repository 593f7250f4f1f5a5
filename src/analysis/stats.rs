//! Small statistical helpers shared by the analyses, each with its definition.

/// The `p`-quantile (0 ≤ p ≤ 1) of sorted values by linear interpolation between the closest
/// ranks: Hyndman & Fan (1996) definition 7, the default of R's `quantile` and numpy's
/// `percentile`. `None` for no values.
pub fn quantile_sorted(sorted: &[f64], p: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let h = (sorted.len() - 1) as f64 * p.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

/// `part / whole`, or 0 when `whole` is 0 (a code that never occurs co-occurs with nothing).
pub fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_by_hand() {
        // 1..=5: h = 4 * 0.25 = 1 → 2; h = 4 * 0.975 = 3.9 → 4 + 0.9 * (5 - 4) = 4.9
        let v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile_sorted(&v, 0.25), Some(2.0));
        assert!((quantile_sorted(&v, 0.975).unwrap() - 4.9).abs() < 1e-12);
        // h = 4 * 0.025 = 0.1 → 1 + 0.1 * 1 = 1.1
        assert!((quantile_sorted(&v, 0.025).unwrap() - 1.1).abs() < 1e-12);
        assert_eq!(quantile_sorted(&[7.0], 0.5), Some(7.0));
        assert_eq!(quantile_sorted(&[], 0.5), None);
    }

    #[test]
    fn ratio_of_zero() {
        assert_eq!(ratio(1, 4), 0.25);
        assert_eq!(ratio(0, 0), 0.0);
    }
}
