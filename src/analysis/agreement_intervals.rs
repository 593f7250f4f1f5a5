//! Bootstrap intervals of the intercoder measures: Cohen's kappa per code for a pair of
//! coders (and its macro average), and Krippendorff's alpha per code and pooled over codes.
//!
//! One resample draws units (coding units, not (unit, code) combinations) with replacement,
//! and every code is measured on that same resample, so the pooled alpha and the macro kappa
//! keep the dependence between codes of one unit (a cluster bootstrap). Both measures are sums
//! over units, so a resample only weights each unit by how often it was drawn
//! ([`super::bootstrap`]); per code only the units someone coded are visited.

use super::agreement::{macro_average, Confusion};
use super::bootstrap::{intervals, BootstrapSettings, Interval};

/// One code in a comparison of two coders: positions (in the list of compared units) of the
/// units both coders, only coder a and only coder b coded; the other units neither coded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PairCells {
    pub both: Vec<usize>,
    pub only_a: Vec<usize>,
    pub only_b: Vec<usize>,
}

impl PairCells {
    /// The 2 × 2 table of a resample of `n` units given as multiplicities.
    pub fn confusion(&self, weights: &[u32], n: usize) -> Confusion {
        let sum = |units: &[usize]| units.iter().map(|&u| weights[u] as usize).sum::<usize>();
        let (tp, fp, fn_) = (sum(&self.both), sum(&self.only_a), sum(&self.only_b));
        Confusion { tp, fp, fn_, tn: n - tp - fp - fn_ }
    }
}

/// Kappa intervals per code over `n` units, then the interval of the macro average (the mean
/// of the kappas defined in a resample).
pub fn kappa_intervals(
    n: usize,
    codes: &[PairCells],
    settings: BootstrapSettings,
) -> (Vec<Option<Interval>>, Option<Interval>) {
    let mut all = intervals(n, codes.len() + 1, settings, |weights| {
        let mut kappas: Vec<Option<f64>> = codes.iter().map(|c| c.confusion(weights, n).kappa()).collect();
        kappas.push(macro_average(kappas.clone()));
        kappas
    });
    let pooled = all.pop().flatten();
    (all, pooled)
}

/// The units of the all-coder comparison: how many coders gave each unit a value, and per
/// code the units at least one coder applied it to, with how many did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AlphaUnits {
    /// Per unit: the number of coders who coded its document (m_u).
    pub values: Vec<usize>,
    /// Per code: (unit position, coders who applied the code), only where that is above 0.
    pub applied: Vec<Vec<(usize, usize)>>,
}

/// The sums alpha is made of (see [`super::krippendorff`]): observed disagreement mass
/// Σ_{c≠k} o_ck, pairable values that say "applied" (n_1), and all pairable values (n).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AlphaSums {
    pub disagreement: f64,
    pub applied: f64,
    pub n: f64,
}

impl AlphaSums {
    /// α = 1 − (n − 1) · D / (n² − n_1² − n_0²); undefined without two values or variation.
    pub fn alpha(&self) -> Option<f64> {
        let not_applied = self.n - self.applied;
        let expected = self.n * self.n - self.applied * self.applied - not_applied * not_applied;
        (self.n >= 2.0 && expected > 0.0).then(|| 1.0 - (self.n - 1.0) * self.disagreement / expected)
    }

    fn add(self, other: Self) -> Self {
        Self {
            disagreement: self.disagreement + other.disagreement,
            applied: self.applied + other.applied,
            n: self.n + other.n,
        }
    }
}

impl AlphaUnits {
    /// Pairable values in a resample: Σ w_u · m_u over units with m_u ≥ 2.
    fn pairable(&self, weights: &[u32]) -> f64 {
        self.values.iter().zip(weights).filter(|(&m, _)| m >= 2).map(|(&m, &w)| (m as u64 * w as u64) as f64).sum()
    }

    /// The sums of one code in a resample whose pairable values number `pairable`.
    pub fn sums(&self, code: usize, weights: &[u32], pairable: f64) -> AlphaSums {
        let mut sums = AlphaSums { n: pairable, ..Default::default() };
        for &(u, a) in &self.applied[code] {
            let m = self.values[u];
            if m < 2 {
                continue;
            }
            let w = weights[u] as f64;
            sums.applied += w * a as f64;
            // Both orders of every (applied, not applied) pair, weighted 1 / (m − 1).
            sums.disagreement += w * (2 * a * (m - a)) as f64 / (m - 1) as f64;
        }
        sums
    }

    /// Alpha per code and pooled, for a resample.
    pub fn alphas(&self, weights: &[u32]) -> Vec<Option<f64>> {
        let pairable = self.pairable(weights);
        let sums: Vec<AlphaSums> = (0..self.applied.len()).map(|c| self.sums(c, weights, pairable)).collect();
        let pooled = sums.iter().fold(AlphaSums::default(), |total, s| total.add(*s));
        sums.iter().map(AlphaSums::alpha).chain([pooled.alpha()]).collect()
    }
}

/// Alpha intervals per code, then the pooled one.
pub fn alpha_intervals(units: &AlphaUnits, settings: BootstrapSettings) -> (Vec<Option<Interval>>, Option<Interval>) {
    let mut all = intervals(units.values.len(), units.applied.len() + 1, settings, |w| units.alphas(w));
    let pooled = all.pop().flatten();
    (all, pooled)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::bootstrap::distribution;
    use crate::analysis::krippendorff::alpha_from_counts;

    /// Three coders, six units, one code (the case of `intercoder`'s test): applied by
    /// (3, 2, 1, 1, 1, 0) of the three coders.
    fn three_coders() -> AlphaUnits {
        AlphaUnits { values: vec![3; 6], applied: vec![vec![(0, 3), (1, 2), (2, 1), (3, 1), (4, 1)]] }
    }

    #[test]
    fn the_sums_give_the_alpha_of_the_counts() {
        // Unweighted, the sums reproduce alpha from the per-unit counts: 0.15 per code (worked
        // by hand in `intercoder`), and pooled with a never-applied code 0.375.
        let mut units = three_coders();
        units.applied.push(Vec::new());
        let alphas = units.alphas(&[1; 6]);
        let counts = [[3, 0], [2, 1], [1, 2], [1, 2], [1, 2], [0, 3]];
        let expected = alpha_from_counts(counts.iter().map(|c| c.to_vec())).unwrap();
        assert!((alphas[0].unwrap() - expected).abs() < 1e-12 && (expected - 0.15).abs() < 1e-12);
        assert_eq!(alphas[1], None);
        assert!((alphas[2].unwrap() - 0.375).abs() < 1e-12);
        // A unit drawn twice counts twice: weights (2, 0, 1, 1, 1, 1) are the counts of
        // units 0, 0, 2, 3, 4, 5.
        let twice = units.alphas(&[2, 0, 1, 1, 1, 1]);
        let counts = [[3, 0], [3, 0], [1, 2], [1, 2], [1, 2], [0, 3]];
        assert!((twice[0].unwrap() - alpha_from_counts(counts.iter().map(|c| c.to_vec())).unwrap()).abs() < 1e-12);
    }

    #[test]
    fn perfect_agreement_collapses_the_intervals_to_one() {
        // Two coders agree on every unit, 3 coded and 5 not: every resample with both kinds of
        // unit has kappa = alpha = 1, and one with a single kind is undefined and left out.
        let cells = PairCells { both: vec![0, 1, 2], ..Default::default() };
        let settings = BootstrapSettings { resamples: 500, seed: 1 };
        let (kappa, macro_kappa) = kappa_intervals(8, std::slice::from_ref(&cells), settings);
        assert_eq!(kappa, vec![Some(Interval { low: 1.0, high: 1.0 })]);
        assert_eq!(macro_kappa, Some(Interval { low: 1.0, high: 1.0 }));
        let units = AlphaUnits { values: vec![2; 8], applied: vec![vec![(0, 2), (1, 2), (2, 2)]] };
        let (alpha, pooled) = alpha_intervals(&units, settings);
        assert_eq!(
            (alpha, pooled),
            (vec![Some(Interval { low: 1.0, high: 1.0 })], Some(Interval { low: 1.0, high: 1.0 }))
        );
    }

    #[test]
    fn same_seed_same_interval_other_seed_other_interval() {
        let cells = vec![PairCells { both: vec![0, 1], only_a: vec![2], only_b: vec![3] }];
        let settings = BootstrapSettings { resamples: 300, seed: 5 };
        let first = kappa_intervals(6, &cells, settings);
        assert_eq!(first, kappa_intervals(6, &cells, settings));
        assert_ne!(first, kappa_intervals(6, &cells, BootstrapSettings { seed: 6, ..settings }));
        assert_eq!(kappa_intervals(6, &cells, BootstrapSettings { resamples: 0, ..settings }), (vec![None], None));
    }

    /// The bootstrap distribution against its exact form. Resampling 50 units of the table
    /// both 20, only a 5, only b 10, neither 15 (Cohen's kappa 0.4, the Wikipedia example;
    /// alpha is 0.4 too: n_1 = 55, n_0 = 45, α = 1 − 99 · 30 / (2 · 55 · 45)) is a multinomial
    /// draw over the four cells, so its distribution can be enumerated outright. A plain Python
    /// script did so (all 23 426 tables, multinomial weights, kappa and alpha by their
    /// formulas, undefined tables left out):
    ///   kappa: mean 0.395505, sd 0.127241, 2.5 % 0.140753, 97.5 % 0.640000
    ///   alpha: mean 0.391343, sd 0.130930, 2.5 % 0.126103, 97.5 % 0.640000
    /// With 20 000 resamples the standard error of the mean is 0.127 / √20000 ≈ 0.0009 and of
    /// the percentiles about 0.003, so the tolerances below are several standard errors.
    #[test]
    fn the_bootstrap_distribution_matches_its_exact_enumeration() {
        let cells = PairCells { both: (0..20).collect(), only_a: (20..25).collect(), only_b: (25..35).collect() };
        let mut applied: Vec<(usize, usize)> = (0..20).map(|u| (u, 2)).collect();
        applied.extend((20..35).map(|u| (u, 1)));
        let units = AlphaUnits { values: vec![2; 50], applied: vec![applied] };
        let settings = BootstrapSettings { resamples: 20_000, seed: 20240501 };
        let rows = distribution(50, settings, |w| vec![cells.confusion(w, 50).kappa(), units.alphas(w)[0]]);
        for (i, (mean, sd, low, high)) in
            [(0.395505, 0.127241, 0.140753, 0.64), (0.391343, 0.130930, 0.126103, 0.64)].into_iter().enumerate()
        {
            let values: Vec<f64> = rows.iter().filter_map(|r| r[i]).collect();
            let m = values.iter().sum::<f64>() / values.len() as f64;
            let s = (values.iter().map(|v| (v - m).powi(2)).sum::<f64>() / values.len() as f64).sqrt();
            let interval = crate::analysis::bootstrap::percentile_interval(rows.iter().map(|r| r[i])).unwrap();
            assert!((m - mean).abs() < 0.005 && (s - sd).abs() < 0.005, "measure {i}: mean {m}, sd {s}");
            assert!((interval.low - low).abs() < 0.015 && (interval.high - high).abs() < 0.015, "{interval:?}");
        }
        // The sample's point estimates lie inside their intervals.
        let (kappa, _) =
            kappa_intervals(50, std::slice::from_ref(&cells), BootstrapSettings { resamples: 1000, ..settings });
        let k = kappa[0].unwrap();
        assert!(k.low < 0.4 && 0.4 < k.high, "{k:?}");
    }
}
