//! Agreement between two codings of the same units (rule coding against a manual coding, or two
//! coders): per code, the 2 × 2 table of units both, one or neither coded, and the measures built
//! on it.
//!
//! Definitions: precision = TP / (TP + FP), recall = TP / (TP + FN), F1 their harmonic mean,
//! percent agreement = (TP + TN) / N, and Cohen's (1960) kappa = (po − pe) / (1 − pe) with
//! po = (TP + TN) / N and pe = ((TP + FP)(TP + FN) + (FN + TN)(FP + TN)) / N². A measure whose
//! denominator is 0 is undefined (`None`), never 0 or 1 by convention.

/// The 2 × 2 table of one code over N units: "reference" is the manual coding, "test" the
/// coding being judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Confusion {
    /// Coded by both.
    pub tp: usize,
    /// Coded by the test coding only (spurious).
    pub fp: usize,
    /// Coded by the reference only (missed).
    pub fn_: usize,
    /// Coded by neither.
    pub tn: usize,
}

fn div(a: f64, b: f64) -> Option<f64> {
    (b != 0.0).then(|| a / b)
}

impl Confusion {
    pub fn n(&self) -> usize {
        self.tp + self.fp + self.fn_ + self.tn
    }

    pub fn precision(&self) -> Option<f64> {
        div(self.tp as f64, (self.tp + self.fp) as f64)
    }

    pub fn recall(&self) -> Option<f64> {
        div(self.tp as f64, (self.tp + self.fn_) as f64)
    }

    pub fn f1(&self) -> Option<f64> {
        div(2.0 * self.tp as f64, (2 * self.tp + self.fp + self.fn_) as f64)
    }

    pub fn percent_agreement(&self) -> Option<f64> {
        div((self.tp + self.tn) as f64, self.n() as f64).map(|p| 100.0 * p)
    }

    pub fn kappa(&self) -> Option<f64> {
        let n = self.n() as f64;
        if n == 0.0 {
            return None;
        }
        let (tp, fp, fn_, tn) = (self.tp as f64, self.fp as f64, self.fn_ as f64, self.tn as f64);
        let po = (tp + tn) / n;
        let pe = ((tp + fp) * (tp + fn_) + (fn_ + tn) * (fp + tn)) / (n * n);
        div(po - pe, 1.0 - pe)
    }
}

/// Mean of the defined values; `None` when none is defined (a macro average).
pub fn macro_average(values: impl IntoIterator<Item = Option<f64>>) -> Option<f64> {
    let defined: Vec<f64> = values.into_iter().flatten().collect();
    (!defined.is_empty()).then(|| defined.iter().sum::<f64>() / defined.len() as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worked_example() {
        // 100 units: both 20, test only 10, reference only 5, neither 65.
        // precision 20/30 = 0.6667, recall 20/25 = 0.8, F1 = 40/55 = 0.7273
        // po = 85/100 = 0.85; pe = (30·25 + 70·75)/10000 = (750 + 5250)/10000 = 0.6
        // kappa = (0.85 − 0.6)/(1 − 0.6) = 0.625
        let c = Confusion { tp: 20, fp: 10, fn_: 5, tn: 65 };
        assert!((c.precision().unwrap() - 2.0 / 3.0).abs() < 1e-12);
        assert!((c.recall().unwrap() - 0.8).abs() < 1e-12);
        assert!((c.f1().unwrap() - 40.0 / 55.0).abs() < 1e-12);
        assert!((c.percent_agreement().unwrap() - 85.0).abs() < 1e-12);
        assert!((c.kappa().unwrap() - 0.625).abs() < 1e-12);
    }

    #[test]
    fn textbook_kappa() {
        // Cohen's kappa example from the Wikipedia article "Cohen's kappa": 50 items,
        // yes/yes 20, yes/no 5, no/yes 10, no/no 15 → po = 0.7, pe = 0.5, kappa = 0.4.
        let c = Confusion { tp: 20, fp: 5, fn_: 10, tn: 15 };
        assert!((c.kappa().unwrap() - 0.4).abs() < 1e-12);
    }

    #[test]
    fn undefined_measures() {
        // Neither coding ever uses the code: precision, recall, F1 and kappa are undefined.
        let c = Confusion { tn: 10, ..Default::default() };
        assert_eq!((c.precision(), c.recall(), c.f1(), c.kappa()), (None, None, None, None));
        assert_eq!(c.percent_agreement(), Some(100.0));
        assert_eq!(macro_average([Some(0.5), None, Some(1.0)]), Some(0.75));
        assert_eq!(macro_average([None]), None);
    }
}
