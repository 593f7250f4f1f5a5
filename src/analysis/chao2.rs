//! Chao2: the estimated total number of codes, from how many interviews each code occurs in.
//!
//! Codes per interview are incidence data (a code is present in an interview or not; how often
//! it is coded there does not matter), so the estimator is Chao2 with its small-sample factor
//! (m − 1)/m, m the number of interviews, in the bias-corrected form EstimateS reports by
//! default (Colwell, EstimateS User's Guide, appendix B; Chao 1987; Chao 2005):
//!
//! - Ŝ = S_obs + ((m − 1)/m) · Q1(Q1 − 1) / (2(Q2 + 1)), Q1 and Q2 the codes found in exactly one
//!   and in exactly two interviews ("uniques" and "duplicates").
//! - When Ŝ > S_obs: variance (EstimateS eq. 6 for incidence)
//!   a·Q1(Q1−1)/(2(Q2+1)) + a²·Q1(2Q1−1)²/(4(Q2+1)²) + a²·Q1²Q2(Q1−1)²/(4(Q2+1)⁴), a = (m−1)/m,
//!   and Chao's (1987) log-normal 95 % interval: T = Ŝ − S_obs,
//!   K = exp(1.96 √ln(1 + var/T²)), [S_obs + T/K, S_obs + T·K].
//! - When nothing unseen is estimated (Q1 ≤ 1): not the empty interval [S_obs, S_obs] but the
//!   one EstimateS gives for "no uniques" (eq. 12 and 14): var = Σ_k Q_k(e^−k − e^−2k) −
//!   (Σ_k k·e^−k·Q_k)²/m and, with P = Σ_k Q_k·e^−k / S_obs,
//!   [max(S_obs, S_obs/(1−P) − 1.96√var/(1−P)), S_obs/(1−P) + 1.96√var/(1−P)].
//!
//! Besides the estimate, the number a student can quote: the expected number of new codes in
//! the next interview, Q1/m (Good–Turing: the share of "probability" still held by codes seen
//! only once; Chao et al. 2014 use it for the coverage of incidence data).

use serde::{Deserialize, Serialize};

/// Which interval [`Chao2`] gives (see the module text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Chao2Interval {
    /// Chao's (1987) log-normal interval, when unseen codes are estimated.
    LogNormal,
    /// EstimateS' interval for no (or one) unique code.
    NoUniques,
}

/// The Chao2 estimate of the total number of codes and the expected new codes per interview.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Chao2 {
    /// Interviews (sampling units), m.
    pub interviews: usize,
    pub observed: usize,
    /// Codes in exactly one interview (Q1) and in exactly two (Q2).
    pub q1: usize,
    pub q2: usize,
    pub estimate: f64,
    pub variance: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    pub interval: Chao2Interval,
    /// Expected number of codes the next interview brings that none before it had: Q1/m.
    pub expected_new: f64,
}

impl Chao2 {
    /// From the number of interviews each code occurs in (zeros are codes never found and are
    /// ignored) and the number of interviews m.
    pub fn from_incidence(incidence: impl IntoIterator<Item = usize>, interviews: usize) -> Self {
        let counts: Vec<usize> = incidence.into_iter().filter(|&n| n > 0).collect();
        let observed = counts.len();
        let q = |k: usize| counts.iter().filter(|&&n| n == k).count();
        let (q1, q2) = (q(1), q(2));
        let m = interviews as f64;
        let a = if interviews > 0 { (m - 1.0) / m } else { 0.0 };
        let (f1, b) = (q1 as f64, q2 as f64 + 1.0);
        let t = a * f1 * (f1 - 1.0) / (2.0 * b);
        let s = observed as f64;
        let mut out = Self {
            interviews,
            observed,
            q1,
            q2,
            estimate: s + t,
            variance: 0.0,
            ci_low: s,
            ci_high: s,
            interval: Chao2Interval::LogNormal,
            expected_new: if interviews > 0 { f1 / m } else { 0.0 },
        };
        if t > 0.0 {
            out.variance = a * f1 * (f1 - 1.0) / (2.0 * b)
                + a * a * f1 * (2.0 * f1 - 1.0).powi(2) / (4.0 * b * b)
                + a * a * f1 * f1 * q2 as f64 * (f1 - 1.0).powi(2) / (4.0 * b.powi(4));
            let k = (1.96 * (1.0 + out.variance / (t * t)).ln().sqrt()).exp();
            (out.ci_low, out.ci_high) = (s + t / k, s + t * k);
        } else if observed > 0 && interviews > 0 {
            out.interval = Chao2Interval::NoUniques;
            let e = |k: usize| (-(k as f64)).exp();
            let part1: f64 = counts.iter().map(|&k| e(k) - e(k) * e(k)).sum();
            let part2: f64 = counts.iter().map(|&k| k as f64 * e(k)).sum();
            out.variance = (part1 - part2 * part2 / m).max(0.0);
            let p = counts.iter().map(|&k| e(k)).sum::<f64>() / s;
            let centre = s / (1.0 - p);
            let half = 1.96 * out.variance.sqrt() / (1.0 - p);
            (out.ci_low, out.ci_high) = ((centre - half).max(s), centre + half);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniques_and_duplicates_by_hand() {
        // 10 interviews. Incidence: 4 codes in one interview (Q1 = 4), 2 in two (Q2 = 2), 3 in
        // five: S_obs = 9, a = 9/10.
        // Ŝ = 9 + 0.9 · 4·3/(2·3) = 9 + 1.8 = 10.8.
        // var = 0.9·12/6 + 0.81·4·49/(4·9) + 0.81·16·2·9/(4·81)
        //     = 1.8 + 4.41 + 0.72 = 6.93.
        // T = 1.8, K = exp(1.96 √ln(1 + 6.93/3.24)); CI = [9 + 1.8/K, 9 + 1.8K]
        // = [9.221249, 23.644166] (these formulas typed into python3 as a calculator). Expected new codes in interview 11: 4/10 = 0.4.
        let c = Chao2::from_incidence([1, 1, 1, 1, 2, 2, 5, 5, 5, 0], 10);
        assert_eq!((c.observed, c.q1, c.q2, c.interviews), (9, 4, 2, 10));
        assert!((c.estimate - 10.8).abs() < 1e-12, "{}", c.estimate);
        assert!((c.variance - 6.93).abs() < 1e-9, "{}", c.variance);
        assert!((c.ci_low - 9.221249).abs() < 1e-5, "{}", c.ci_low);
        assert!((c.ci_high - 23.644166).abs() < 1e-5, "{}", c.ci_high);
        assert!((c.expected_new - 0.4).abs() < 1e-12);
        assert_eq!(c.interval, Chao2Interval::LogNormal);
    }

    #[test]
    fn no_uniques_gives_the_estimates_interval_not_a_point() {
        // 5 interviews; 2 codes in two interviews, 1 in three (Q1 = 0): Ŝ = S_obs = 3.
        // var = 2(e^-2 − e^-4) + (e^-3 − e^-6) − (2·2·e^-2 + 3·e^-3)²/5 = 0.185934;
        // P = (2e^-2 + e^-3)/3 = 0.106819; S/(1−P) = 3.358782; 1.96·√var/(1−P) = 0.946228;
        // CI = [max(3, 2.412555), 4.305010] = [3, 4.305010] (python3 as a calculator).
        let c = Chao2::from_incidence([2, 2, 3], 5);
        assert_eq!(c.estimate, 3.0);
        assert_eq!(c.interval, Chao2Interval::NoUniques);
        assert!((c.variance - 0.185934).abs() < 1e-5, "{}", c.variance);
        assert_eq!(c.ci_low, 3.0);
        assert!((c.ci_high - 4.305010).abs() < 1e-5, "{}", c.ci_high);
        assert_eq!(c.expected_new, 0.0);
    }

    #[test]
    fn one_unique_estimates_nothing_unseen_but_is_expected_new() {
        // Q1 = 1: Q1(Q1 − 1) = 0, so Ŝ = S_obs; the next interview still expects 1/4 new code.
        let c = Chao2::from_incidence([1, 3, 4], 4);
        assert_eq!((c.estimate, c.interval), (3.0, Chao2Interval::NoUniques));
        assert!(c.ci_high > 3.0 && c.ci_low == 3.0);
        assert_eq!(c.expected_new, 0.25);
        // Nothing at all: zeros, no interval to speak of.
        let c = Chao2::from_incidence([0, 0], 0);
        assert_eq!((c.observed, c.estimate, c.ci_low, c.ci_high), (0, 0.0, 0.0, 0.0));
    }
}
