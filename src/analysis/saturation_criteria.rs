//! Saturation criteria: when, in interview order, did new interviews stop bringing new codes —
//! stated so that a methods chapter's "saturation after interview k by criterion X" can be
//! checked.
//!
//! - Guest, Namey & Chen (2020): the base is the first `base` interviews and its number of
//!   distinct codes B. After interview k (k ≥ base + run), the new information of the run is
//!   the number of codes first seen in interviews k − run + 1 … k, divided by B. Saturation is
//!   reached at the first run at or under the threshold; it is reported after interview
//!   k − run (the last interview before the run that confirmed it), confirmed by interview k.
//! - Francis et al. (2010), "10 + 3": after an initial sample of `initial` interviews, stop
//!   when `stop` consecutive interviews bring no new code. Saturation after interview
//!   k − stop, confirmed by interview k, for the first such k ≥ initial + stop.
//! - Chao1, the species-richness estimate of the total number of codes, treating each
//!   interview as a sample: Ŝ = S_obs + f1(f1 − 1) / (2(f2 + 1)), with f1 and f2 the number of
//!   codes seen in exactly one and in exactly two interviews (the bias-corrected form, Chao
//!   2005). Its variance (Chao 2005, as in EstimateS) is
//!   f1(f1−1)/(2(f2+1)) + f1(2f1−1)²/(4(f2+1)²) + f1²f2(f1−1)²/(4(f2+1)⁴), and the 95 %
//!   interval is Chao's (1987) log-normal one: with T = Ŝ − S_obs and
//!   K = exp(1.96 √ln(1 + var/T²)), [S_obs + T/K, S_obs + T·K]. When T = 0 (no code or only
//!   one code seen in a single interview) the interval is [S_obs, S_obs].

use super::bitset::BitSet;
use serde::{Deserialize, Serialize};

/// The parameters of the criteria, from `[analysis]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SaturationSettings {
    pub gnc_base: usize,
    pub gnc_run: usize,
    /// Fraction, e.g. 0.05 for ≤ 5 % new information.
    pub gnc_threshold: f64,
    pub francis_initial: usize,
    pub francis_stop: usize,
}

impl Default for SaturationSettings {
    /// Guest, Namey & Chen's example (base 4, run 2, ≤ 5 %) and Francis et al.'s 10 + 3.
    fn default() -> Self {
        Self { gnc_base: 4, gnc_run: 2, gnc_threshold: 0.05, francis_initial: 10, francis_stop: 3 }
    }
}

/// Where a stopping criterion was met: 1-based interview positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaturationPoint {
    /// Saturation is claimed after this interview.
    pub after: usize,
    /// The interview whose run (or stopping streak) confirmed it.
    pub confirmed_by: usize,
}

/// One Guest–Namey–Chen run, ending at interview `position`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GncRun {
    pub position: usize,
    pub new_in_run: usize,
    /// new_in_run / base codes; `None` when the base has no codes.
    pub new_information: Option<f64>,
}

/// The Chao1 estimate of the total number of codes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Chao1 {
    pub observed: usize,
    pub f1: usize,
    pub f2: usize,
    pub estimate: f64,
    pub variance: f64,
    pub ci_low: f64,
    pub ci_high: f64,
}

impl Chao1 {
    /// From the number of interviews each observed code occurs in.
    pub fn from_incidence(incidence: impl IntoIterator<Item = usize>) -> Self {
        let counts: Vec<usize> = incidence.into_iter().filter(|&n| n > 0).collect();
        let observed = counts.len();
        let f1 = counts.iter().filter(|&&n| n == 1).count();
        let f2 = counts.iter().filter(|&&n| n == 2).count();
        let (a, b) = (f1 as f64, f2 as f64 + 1.0);
        let t = a * (a - 1.0) / (2.0 * b);
        let variance =
            t + a * (2.0 * a - 1.0).powi(2) / (4.0 * b * b) + a * a * f2 as f64 * (a - 1.0).powi(2) / (4.0 * b.powi(4));
        let s = observed as f64;
        let (ci_low, ci_high) = if t > 0.0 {
            let k = (1.96 * (1.0 + variance / (t * t)).ln().sqrt()).exp();
            (s + t / k, s + t * k)
        } else {
            (s, s)
        };
        Self { observed, f1, f2, estimate: s + t, variance, ci_low, ci_high }
    }
}

/// Every criterion for one ordering of interviews at one level of the code tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SaturationCriteria {
    /// Document ids in interview order.
    pub documents: Vec<String>,
    pub new_codes: Vec<usize>,
    pub cumulative: Vec<usize>,
    /// Distinct codes in the GNC base (`None` when there are fewer interviews than the base).
    pub base_codes: Option<usize>,
    pub runs: Vec<GncRun>,
    pub gnc: Option<SaturationPoint>,
    pub francis: Option<SaturationPoint>,
    pub chao1: Chao1,
    pub settings: SaturationSettings,
}

impl SaturationCriteria {
    /// `sets`: the codes of each interview, in interview order; `n_codes` their capacity.
    pub fn compute(documents: Vec<String>, sets: &[BitSet], n_codes: usize, settings: SaturationSettings) -> Self {
        let mut seen = BitSet::new(n_codes);
        let mut cumulative = Vec::with_capacity(sets.len());
        let mut new_codes = Vec::with_capacity(sets.len());
        let mut total = 0;
        for set in sets {
            let added = seen.union_with(set);
            total += added;
            new_codes.push(added);
            cumulative.push(total);
        }
        let (base, run) = (settings.gnc_base, settings.gnc_run);
        let base_codes = (base >= 1 && base <= sets.len()).then(|| cumulative[base - 1]);
        let mut runs = Vec::new();
        let mut gnc = None;
        if let Some(b) = base_codes {
            for k in (base + run.max(1))..=sets.len() {
                let new_in_run = cumulative[k - 1] - cumulative[k - 1 - run.max(1)];
                let new_information = (b > 0).then(|| new_in_run as f64 / b as f64);
                if gnc.is_none() && new_information.is_some_and(|x| x <= settings.gnc_threshold + 1e-12) {
                    gnc = Some(SaturationPoint { after: k - run.max(1), confirmed_by: k });
                }
                runs.push(GncRun { position: k, new_in_run, new_information });
            }
        }
        let francis = francis_point(&new_codes, settings.francis_initial, settings.francis_stop);
        let chao1 = Chao1::from_incidence((0..n_codes).map(|c| sets.iter().filter(|s| s.contains(c)).count()));
        Self { documents, new_codes, cumulative, base_codes, runs, gnc, francis, chao1, settings }
    }
}

/// Francis et al. (2010), "10 + 3": the first interview k at or after `initial` + `stop`
/// whose last `stop` interviews added no new code; saturation is claimed after k − `stop`.
/// `None` when no such run exists. `new_codes` are the new codes per interview, in order.
pub fn francis_point(new_codes: &[usize], initial: usize, stop: usize) -> Option<SaturationPoint> {
    let stop = stop.max(1);
    (initial + stop..=new_codes.len())
        .find(|&k| new_codes[k - stop..k].iter().all(|&n| n == 0))
        .map(|k| SaturationPoint { after: k - stop, confirmed_by: k })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sets(codes: &[&[usize]]) -> Vec<BitSet> {
        codes
            .iter()
            .map(|cs| {
                let mut b = BitSet::new(40);
                cs.iter().for_each(|&c| b.insert(c));
                b
            })
            .collect()
    }

    fn names(n: usize) -> Vec<String> {
        (1..=n).map(|i| format!("D{i}")).collect()
    }

    #[test]
    fn guest_namey_chen_by_hand() {
        // Base of 4 interviews with codes 0..=19 (20 codes). Then:
        //   5: +2 new (20, 21)   6: +1 (22)   7: +0   8: +1 (23)   9: +0   10: +0
        // Runs of 2 (new codes / 20): k=6: 3 → 15 %; k=7: 1 → 5 %  ≤ 5 % → saturation after
        // interview 5, confirmed by 7.
        let base: Vec<usize> = (0..20).collect();
        let s =
            sets(&[&base[..5], &base[5..10], &base[10..15], &base[15..], &[20, 21], &[22, 1], &[2], &[23], &[], &[]]);
        let settings = SaturationSettings { gnc_base: 4, gnc_run: 2, gnc_threshold: 0.05, ..Default::default() };
        let c = SaturationCriteria::compute(names(10), &s, 40, settings);
        assert_eq!(c.base_codes, Some(20));
        assert_eq!(c.new_codes, vec![5, 5, 5, 5, 2, 1, 0, 1, 0, 0]);
        assert_eq!(c.runs[0], GncRun { position: 6, new_in_run: 3, new_information: Some(0.15) });
        assert_eq!(c.gnc, Some(SaturationPoint { after: 5, confirmed_by: 7 }));
        // With run 3: k=7: 3 (15 %), k=8: 2 (10 %), k=9: 1 (5 %) → after 6, confirmed by 9.
        let c3 = SaturationCriteria::compute(names(10), &s, 40, SaturationSettings { gnc_run: 3, ..settings });
        assert_eq!(c3.gnc, Some(SaturationPoint { after: 6, confirmed_by: 9 }));
        // A threshold of 0 %: first run without any new code: k=10 (interviews 9, 10).
        let c0 = SaturationCriteria::compute(names(10), &s, 40, SaturationSettings { gnc_threshold: 0.0, ..settings });
        assert_eq!(c0.gnc, Some(SaturationPoint { after: 8, confirmed_by: 10 }));
        // Fewer interviews than base + run: not reached, no runs.
        let short = SaturationCriteria::compute(names(5), &s[..5], 40, settings);
        assert_eq!((short.gnc, short.runs.len()), (None, 0));
    }

    #[test]
    fn francis_ten_plus_three_by_hand() {
        // New codes per interview: 1..=10 each bring one; 11 brings one, 12–14 none.
        // The first three consecutive interviews without new codes after the initial 10 are
        // 12, 13, 14 → saturation after interview 11, confirmed by 14.
        let mut codes: Vec<Vec<usize>> = (0..11).map(|i| vec![i]).collect();
        codes.extend([vec![0], vec![1, 2], vec![3]]);
        let refs: Vec<&[usize]> = codes.iter().map(|v| v.as_slice()).collect();
        let c = SaturationCriteria::compute(names(14), &sets(&refs), 40, SaturationSettings::default());
        assert_eq!(c.francis, Some(SaturationPoint { after: 11, confirmed_by: 14 }));
        // Only 13 interviews: the streak 12–13 is too short: not reached.
        let c = SaturationCriteria::compute(names(13), &sets(&refs[..13]), 40, SaturationSettings::default());
        assert_eq!(c.francis, None);
        // Nothing new after interview 10 itself: 11, 12, 13 empty → after 10, confirmed by 13.
        let mut codes: Vec<Vec<usize>> = (0..10).map(|i| vec![i]).collect();
        codes.extend([vec![], vec![4], vec![5]]);
        let refs: Vec<&[usize]> = codes.iter().map(|v| v.as_slice()).collect();
        let c = SaturationCriteria::compute(names(13), &sets(&refs), 40, SaturationSettings::default());
        assert_eq!(c.francis, Some(SaturationPoint { after: 10, confirmed_by: 13 }));
    }

    #[test]
    fn chao1_by_hand() {
        // Incidence: 4 codes in one interview (f1 = 4), 2 in two (f2 = 2), 3 in five: S_obs = 9.
        // Ŝ = 9 + 4·3/(2·3) = 11. var = 12/6 + 4·49/(4·9) + 16·2·9/(4·81)
        //   = 2 + 5.444444 + 0.888889 = 8.333333.
        // T = 2, ln(1 + 8.333333/4) = ln(3.083333) = 1.126011, √ = 1.061137,
        // K = exp(1.96 · 1.061137) = 8.00309; CI = [9 + 2/K, 9 + 2K] = [9.249903, 25.006186]
        // (the last digits from the formulas typed into python3 as a calculator).
        let c = Chao1::from_incidence([1, 1, 1, 1, 2, 2, 5, 5, 5, 0]);
        assert_eq!((c.observed, c.f1, c.f2), (9, 4, 2));
        assert!((c.estimate - 11.0).abs() < 1e-12);
        assert!((c.variance - 8.333333333).abs() < 1e-6, "{}", c.variance);
        assert!((c.ci_low - 9.249903).abs() < 1e-5, "{}", c.ci_low);
        assert!((c.ci_high - 25.006186).abs() < 1e-5, "{}", c.ci_high);
        // No singletons: nothing unseen is estimated, the interval collapses.
        let c = Chao1::from_incidence([2, 3, 3]);
        assert_eq!((c.estimate, c.ci_low, c.ci_high), (3.0, 3.0, 3.0));
    }

    #[test]
    fn francis_ten_plus_three() {
        // New codes per interview: 5 4 0 0 1 0 0 0 2. With no initial sample and runs of 3:
        // after 1 (4 0 0 → no), 2 (0 0 1 → no), 3 (0 1 0), 4 (1 0 0), 5 (0 0 0 → yes) → 5.
        let new = [5, 4, 0, 0, 1, 0, 0, 0, 2];
        assert_eq!(francis_point(&new, 0, 3).map(|p| p.after), Some(5));
        // Runs of 2: after 2 the next two (0, 0) add nothing.
        assert_eq!(francis_point(&new, 0, 2).map(|p| p.after), Some(2));
        // An initial sample of 6 leaves no full run of 3 (positions 7–9 have the 2).
        assert_eq!(francis_point(&new, 6, 3), None);
        assert_eq!(francis_point(&[], 10, 3), None);
    }
}
