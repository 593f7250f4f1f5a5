//! Bootstrap 95 % intervals for agreement measures: the units are drawn with replacement as
//! many times as there are units, the measure is computed on that resample, and the 2.5th and
//! 97.5th percentiles of the measure over all resamples bound the interval. A reviewer then
//! reads "κ = 0.60 [0.41, 0.77]" instead of a bare point estimate. Hayes & Krippendorff (2007)
//! proposed bootstrapping α (their KALPHA macro draws pairable values from the coincidences);
//! resampling whole units, as here, is the nonparametric bootstrap Zapf et al. (2016) evaluate
//! for α and κ, and it also serves κ and several codes at once.
//!
//! A resample is given to the measure as a multiplicity per unit (how often each unit was
//! drawn), so a measure computed from sums over units needs no copy of the data. Resample `r`
//! draws from its own random stream (ChaCha8 seeded with the project seed, stream = `r`), so
//! the intervals are the same for any number of threads; resamples run in parallel through
//! rayon. A resample in which a measure is undefined (every drawn unit in one category) is
//! left out of that measure's percentiles, as R's `boot.ci` leaves out non-finite values.
//! Percentiles interpolate linearly between order statistics (R's type 7, numpy's default),
//! so a Python check needs nothing but `numpy.percentile`.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::stats::quantile_sorted;

/// How many resamples and from which seed; 0 resamples gives no intervals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BootstrapSettings {
    pub resamples: usize,
    pub seed: u64,
}

/// A 95 % percentile interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

/// How often each of `n` units is drawn in resample `r`: `n` draws with replacement.
pub fn multiplicities(n: usize, seed: u64, r: usize) -> Vec<u32> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(r as u64);
    let mut counts = vec![0u32; n];
    for _ in 0..n {
        counts[rng.random_range(0..n)] += 1;
    }
    counts
}

/// The 2.5th and 97.5th percentiles of the defined values; `None` when none is defined.
pub fn percentile_interval(values: impl IntoIterator<Item = Option<f64>>) -> Option<Interval> {
    let mut defined: Vec<f64> = values.into_iter().flatten().collect();
    defined.sort_by(f64::total_cmp);
    Some(Interval { low: quantile_sorted(&defined, 0.025)?, high: quantile_sorted(&defined, 0.975)? })
}

/// Every resample's values of `k` measures over `n` units: `measures` gets a resample's
/// multiplicities and returns the k values (`None` where undefined). Row r is resample r.
pub fn distribution<F>(n: usize, settings: BootstrapSettings, measures: F) -> Vec<Vec<Option<f64>>>
where
    F: Fn(&[u32]) -> Vec<Option<f64>> + Sync,
{
    if n == 0 {
        return Vec::new();
    }
    (0..settings.resamples).into_par_iter().map(|r| measures(&multiplicities(n, settings.seed, r))).collect()
}

/// The interval of each of `k` measures over `n` units (see [`distribution`]).
pub fn intervals<F>(n: usize, k: usize, settings: BootstrapSettings, measures: F) -> Vec<Option<Interval>>
where
    F: Fn(&[u32]) -> Vec<Option<f64>> + Sync,
{
    let rows = distribution(n, settings, measures);
    (0..k).map(|i| percentile_interval(rows.iter().map(|row| row[i]))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_as_numpy_computes_them() {
        // numpy.percentile([1, 2, 3, 4], [2.5, 97.5]) → [1.075, 3.925]: h = 3 · 0.025 = 0.075,
        // 1 + 0.075 · (2 − 1); h = 3 · 0.975 = 2.925, 3 + 0.925 · (4 − 3).
        let i = percentile_interval([Some(4.0), None, Some(1.0), Some(3.0), Some(2.0)]).unwrap();
        assert!((i.low - 1.075).abs() < 1e-12 && (i.high - 3.925).abs() < 1e-12, "{i:?}");
        assert_eq!(percentile_interval([Some(0.5)]), Some(Interval { low: 0.5, high: 0.5 }));
        assert_eq!(percentile_interval([None, None]), None);
    }

    #[test]
    fn a_resample_draws_n_units_the_same_way_every_time() {
        let a = multiplicities(7, 42, 3);
        assert_eq!(a.iter().sum::<u32>(), 7);
        assert_eq!(a, multiplicities(7, 42, 3));
        // Another stream or seed draws differently (1000 resamples of 7 units: some differ).
        assert!((0..1000).any(|r| multiplicities(7, 42, r) != a));
        assert!((0..1000).any(|r| multiplicities(7, 43, r) != multiplicities(7, 42, r)));
    }

    #[test]
    fn the_mean_of_a_resample_behaves_as_theory_says() {
        // The bootstrap distribution of a mean of n values has mean x̄ and variance
        // σ̂² / n with σ̂² = Σ (x − x̄)² / n (Efron & Tibshirani 1993, §5.2). Values 0 … 9:
        // x̄ = 4.5, σ̂² = 8.25, so the variance of the resampled mean is 0.825.
        let x: Vec<f64> = (0..10).map(f64::from).collect();
        let settings = BootstrapSettings { resamples: 20_000, seed: 7 };
        let rows = distribution(10, settings, |w| {
            vec![Some(w.iter().zip(&x).map(|(&w, x)| f64::from(w) * x).sum::<f64>() / 10.0)]
        });
        let means: Vec<f64> = rows.iter().map(|r| r[0].unwrap()).collect();
        let m = means.iter().sum::<f64>() / means.len() as f64;
        let v = means.iter().map(|y| (y - m).powi(2)).sum::<f64>() / means.len() as f64;
        // Standard errors over 20 000 resamples: mean ±0.0064, variance about ±0.008.
        assert!((m - 4.5).abs() < 0.03, "{m}");
        assert!((v - 0.825).abs() < 0.04, "{v}");
    }
}
