//! Saturation: how many distinct codes the study has after each interview.
//!
//! The accumulation curve follows the interview order (by date); `new_codes` are the codes
//! first seen in each interview. To show how much the curve owes to that one order, the same
//! curve is computed for `permutations` random orders: their mean and the 2.5 and 97.5
//! percentiles (Hyndman–Fan type 7) at each position. Every permutation has its own random
//! stream (ChaCha8 seeded with the project seed, stream = permutation number), so the result is
//! the same for any number of threads.

use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::bitset::BitSet;
use super::stats::quantile_sorted;
use super::Study;

/// Lower and upper percentile of the permutation band.
pub const BAND: (f64, f64) = (0.025, 0.975);

/// The saturation curves of a study.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Saturation {
    /// Document ids in interview order.
    pub documents: Vec<String>,
    pub new_codes: Vec<usize>,
    pub cumulative: Vec<usize>,
    /// Per position: mean, lower and upper percentile over the random orders (empty when no
    /// permutations were asked for).
    pub perm_mean: Vec<f64>,
    pub perm_lo: Vec<f64>,
    pub perm_hi: Vec<f64>,
    pub permutations: usize,
    /// Documents without speakers (policy texts, notes), not part of the curve: saturation
    /// asks whether another interview would bring new codes.
    #[serde(default)]
    pub left_out: Vec<String>,
}

impl Saturation {
    /// Computes the curves from the codes each document contains.
    pub fn compute(study: &Study, permutations: usize, seed: u64) -> Self {
        let identity: Vec<usize> = (0..study.codebook.codes.len()).collect();
        Self::compute_lifted(study, &identity, permutations, seed)
    }

    /// The curves with every code counted as `lift[code]` (e.g. its main code, see
    /// [`super::tree_level`]).
    pub fn compute_lifted(study: &Study, lift: &[usize], permutations: usize, seed: u64) -> Self {
        let (documents, ordered) = ordered_sets(study, lift);
        let mut saturation = Self::from_sets(documents, &ordered, permutations, seed);
        saturation.left_out = left_out(study);
        saturation
    }

    /// The curves for documents (in interview order) given as sets of code indices.
    pub fn from_sets(documents: Vec<String>, sets: &[BitSet], permutations: usize, seed: u64) -> Self {
        let cumulative = accumulate(sets, &(0..sets.len()).collect::<Vec<_>>());
        let new_codes =
            cumulative.iter().enumerate().map(|(i, &c)| c - if i == 0 { 0 } else { cumulative[i - 1] }).collect();
        let curves: Vec<Vec<usize>> = (0..permutations)
            .into_par_iter()
            .map(|p| {
                let mut rng = ChaCha8Rng::seed_from_u64(seed);
                rng.set_stream(p as u64);
                let mut order: Vec<usize> = (0..sets.len()).collect();
                order.shuffle(&mut rng);
                accumulate(sets, &order)
            })
            .collect();
        let (mut perm_mean, mut perm_lo, mut perm_hi) = (Vec::new(), Vec::new(), Vec::new());
        if permutations > 0 {
            for pos in 0..sets.len() {
                let mut values: Vec<f64> = curves.iter().map(|c| c[pos] as f64).collect();
                values.sort_by(f64::total_cmp);
                perm_mean.push(values.iter().sum::<f64>() / permutations as f64);
                perm_lo.push(quantile_sorted(&values, BAND.0).unwrap_or(0.0));
                perm_hi.push(quantile_sorted(&values, BAND.1).unwrap_or(0.0));
            }
        }
        Self { documents, new_codes, cumulative, perm_mean, perm_lo, perm_hi, permutations, left_out: Vec::new() }
    }
}

/// The ids of the documents that are not in the interview order (documents without speakers).
pub fn left_out(study: &Study) -> Vec<String> {
    let docs = &study.corpus.documents;
    (0..docs.len()).filter(|d| !study.order.contains(d)).map(|d| docs[d].id.clone()).collect()
}

/// Document ids in interview order and, for each, the set of (lifted) codes it contains.
pub fn ordered_sets(study: &Study, lift: &[usize]) -> (Vec<String>, Vec<BitSet>) {
    let n_codes = study.codebook.codes.len();
    let mut sets = vec![BitSet::new(n_codes); study.corpus.documents.len()];
    for c in study.codings {
        sets[c.document].insert(lift[c.code]);
    }
    let ordered: Vec<BitSet> = study.order.iter().map(|&d| sets[d].clone()).collect();
    let documents = study.order.iter().map(|&d| study.corpus.documents[d].id.clone()).collect();
    (documents, ordered)
}

/// Distinct codes after each position of `order`.
fn accumulate(sets: &[BitSet], order: &[usize]) -> Vec<usize> {
    let Some(first) = sets.first() else {
        return Vec::new();
    };
    let mut seen = first.clone();
    seen.clear();
    let mut total = 0;
    order
        .iter()
        .map(|&d| {
            total += seen.union_with(&sets[d]);
            total
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sets(codes: &[&[usize]]) -> Vec<BitSet> {
        codes
            .iter()
            .map(|cs| {
                let mut b = BitSet::new(8);
                cs.iter().for_each(|&c| b.insert(c));
                b
            })
            .collect()
    }

    #[test]
    fn accumulation_in_interview_order() {
        // Interviews: {0,1,2}, {1,3}, {0,1}, {4}: cumulative 3, 4, 4, 5; new 3, 1, 0, 1.
        let s = sets(&[&[0, 1, 2], &[1, 3], &[0, 1], &[4]]);
        let sat = Saturation::from_sets(vec!["A".into(), "B".into(), "C".into(), "D".into()], &s, 0, 1);
        assert_eq!(sat.cumulative, vec![3, 4, 4, 5]);
        assert_eq!(sat.new_codes, vec![3, 1, 0, 1]);
        assert!(sat.perm_mean.is_empty());
    }

    #[test]
    fn permutation_band_of_two_interviews() {
        // Two interviews {0} and {0,1}. Orders: ({0},{0,1}) → 1, 2 or ({0,1},{0}) → 2, 2.
        // Whatever the mix, the last position is always 2, and the first is 1 or 2.
        let s = sets(&[&[0], &[0, 1]]);
        let sat = Saturation::from_sets(vec!["A".into(), "B".into()], &s, 400, 7);
        assert_eq!((sat.perm_mean[1], sat.perm_lo[1], sat.perm_hi[1]), (2.0, 2.0, 2.0));
        assert!(
            sat.perm_mean[0] > 1.3 && sat.perm_mean[0] < 1.7,
            "about half the orders start with {{0}}: {}",
            sat.perm_mean[0]
        );
        assert_eq!((sat.perm_lo[0], sat.perm_hi[0]), (1.0, 2.0));
    }

    #[test]
    fn same_seed_same_band_and_independent_of_threads() {
        let s = sets(&[&[0], &[1, 2], &[3], &[0, 4], &[5, 6, 7]]);
        let names: Vec<String> = (0..5).map(|i| i.to_string()).collect();
        let a = Saturation::from_sets(names.clone(), &s, 200, 42);
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let b = pool.install(|| Saturation::from_sets(names.clone(), &s, 200, 42));
        assert_eq!(a, b);
        let c = Saturation::from_sets(names, &s, 200, 43);
        assert_ne!(a.perm_mean, c.perm_mean);
    }
}
