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
//! - Chao2 ([`super::chao2`]): the estimated total number of codes from the number of
//!   interviews each code occurs in, and the expected new codes in the next interview.
//! - Guest, Namey & Chen's sensitivity grid: their Table 3 reports the point for base sizes 4
//!   and 6, runs of 2 and 3 and thresholds ≤ 5 % and 0 %; all eight are computed in every run
//!   ([`GNC_SENSITIVITY`]), so that a reader sees how much the point owes to the setting.

use super::bitset::BitSet;
use super::chao2::Chao2;
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

/// Guest, Namey & Chen's (2020) sensitivity grid: base sizes, run lengths and thresholds
/// (fractions) of their Table 3.
pub const GNC_SENSITIVITY: ([usize; 2], [usize; 2], [f64; 2]) = ([4, 6], [2, 3], [0.05, 0.0]);

/// Guest, Namey & Chen for one setting: the base, every run and the first run at or under
/// the threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Gnc {
    pub base: usize,
    pub run: usize,
    /// Fraction, e.g. 0.05.
    pub threshold: f64,
    /// Distinct codes in the base (`None` when there are fewer interviews than the base).
    pub base_codes: Option<usize>,
    pub runs: Vec<GncRun>,
    pub point: Option<SaturationPoint>,
}

impl Gnc {
    /// From the cumulative number of codes after each interview, in interview order.
    pub fn compute(cumulative: &[usize], base: usize, run: usize, threshold: f64) -> Self {
        let run_len = run.max(1);
        let base_codes = (base >= 1 && base <= cumulative.len()).then(|| cumulative[base - 1]);
        let mut runs = Vec::new();
        let mut point = None;
        if let Some(b) = base_codes {
            for k in (base + run_len)..=cumulative.len() {
                let new_in_run = cumulative[k - 1] - cumulative[k - 1 - run_len];
                let new_information = (b > 0).then(|| new_in_run as f64 / b as f64);
                if point.is_none() && new_information.is_some_and(|x| x <= threshold + 1e-12) {
                    point = Some(SaturationPoint { after: k - run_len, confirmed_by: k });
                }
                runs.push(GncRun { position: k, new_in_run, new_information });
            }
        }
        Self { base, run, threshold, base_codes, runs, point }
    }

    /// The run that confirmed the point.
    pub fn confirming_run(&self) -> Option<&GncRun> {
        let p = self.point?;
        self.runs.iter().find(|r| r.position == p.confirmed_by)
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
    pub chao2: Chao2,
    /// Guest, Namey & Chen over [`GNC_SENSITIVITY`], base by run by threshold.
    pub sensitivity: Vec<Gnc>,
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
        let configured = Gnc::compute(&cumulative, settings.gnc_base, settings.gnc_run, settings.gnc_threshold);
        let (bases, runs, thresholds) = GNC_SENSITIVITY;
        let mut sensitivity = Vec::with_capacity(8);
        for b in bases {
            for r in runs {
                sensitivity.extend(thresholds.iter().map(|&t| Gnc::compute(&cumulative, b, r, t)));
            }
        }
        let francis = francis_point(&new_codes, settings.francis_initial, settings.francis_stop);
        let incidence = (0..n_codes).map(|c| sets.iter().filter(|s| s.contains(c)).count());
        let chao2 = Chao2::from_incidence(incidence, sets.len());
        let Gnc { base_codes, runs, point: gnc, .. } = configured;
        Self { documents, new_codes, cumulative, base_codes, runs, gnc, francis, chao2, sensitivity, settings }
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
    fn guest_namey_chen_sensitivity_grid_by_hand() {
        // The interviews of the test above: new codes 5 5 5 5 2 1 0 1 0 0, cumulative
        // 5 10 15 20 22 23 23 24 24 24.
        // Base 4 (B = 20): run 2 ≤ 5 %: after 5 (by 7); run 2, 0 %: after 8 (by 10);
        //   run 3 ≤ 5 %: after 6 (by 9); run 3, 0 %: runs 7..=10 bring 3, 2, 1, 1: never.
        // Base 6 (B = 23, 5 % = 1.15 codes): run 2 ≤ 5 %: k = 8 brings 1 → after 6 (by 8);
        //   run 2, 0 %: k = 8: 1, k = 9: 1, k = 10: 0 → after 8 (by 10);
        //   run 3 ≤ 5 %: k = 9 brings 1 → after 6 (by 9); run 3, 0 %: k = 9: 1, k = 10: 1: never.
        let base: Vec<usize> = (0..20).collect();
        let s =
            sets(&[&base[..5], &base[5..10], &base[10..15], &base[15..], &[20, 21], &[22, 1], &[2], &[23], &[], &[]]);
        let c = SaturationCriteria::compute(names(10), &s, 40, SaturationSettings::default());
        type Row = (usize, usize, f64, Option<usize>, Option<usize>);
        let got: Vec<Row> = c
            .sensitivity
            .iter()
            .map(|g| (g.base, g.run, g.threshold, g.base_codes, g.point.map(|p| p.after)))
            .collect();
        assert_eq!(
            got,
            vec![
                (4, 2, 0.05, Some(20), Some(5)),
                (4, 2, 0.0, Some(20), Some(8)),
                (4, 3, 0.05, Some(20), Some(6)),
                (4, 3, 0.0, Some(20), None),
                (6, 2, 0.05, Some(23), Some(6)),
                (6, 2, 0.0, Some(23), Some(8)),
                (6, 3, 0.05, Some(23), Some(6)),
                (6, 3, 0.0, Some(23), None),
            ]
        );
        assert_eq!(c.sensitivity[4].point.map(|p| p.confirmed_by), Some(8));
        assert_eq!(c.sensitivity[4].confirming_run().map(|r| r.new_in_run), Some(1));
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
