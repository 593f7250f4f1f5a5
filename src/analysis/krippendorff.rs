//! Krippendorff's alpha for nominal data: agreement among any number of coders, with missing
//! values, corrected for the agreement expected by chance.
//!
//! Definition (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"): from the
//! values each coder gave each unit, the coincidence matrix counts every ordered pair of values
//! within a unit, weighted 1 / (m_u − 1) where m_u is the number of values the unit received;
//! units with fewer than two values are not pairable and drop out. With o_ck the coincidences,
//! n_c = Σ_k o_ck and n = Σ_c n_c,
//!
//! α = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c · n_k.
//!
//! Alpha is undefined (`None`) when fewer than two values are pairable or when every pairable
//! value is the same (no variation: expected disagreement is 0).

/// Alpha over units given as the value each coder assigned (`None`: the coder did not code
/// the unit).
pub fn alpha_nominal<V: Ord + Copy>(units: &[Vec<Option<V>>]) -> Option<f64> {
    let values: Vec<V> = {
        let set: std::collections::BTreeSet<V> = units.iter().flatten().flatten().copied().collect();
        set.into_iter().collect()
    };
    alpha_from_counts(units.iter().map(|unit| {
        let mut counts = vec![0usize; values.len()];
        for v in unit.iter().flatten() {
            counts[values.binary_search(v).expect("collected above")] += 1;
        }
        counts
    }))
}

/// Alpha from, for each unit, how many coders gave each value (the values themselves do not
/// matter for nominal data, only which counts belong to the same value). This is the form the
/// per-code agreement uses: a unit's counts are [coders who applied the code, coders who did
/// not].
pub fn alpha_from_counts(units: impl IntoIterator<Item = Vec<usize>>) -> Option<f64> {
    // Only the totals are needed: Σ_{c≠k} o_ck (observed disagreement mass) and n_c per value.
    // Values are identified by position within each unit's counts, so callers must keep the
    // same position for the same value in every unit.
    let mut observed_disagreement = 0.0;
    let mut n_value: Vec<f64> = Vec::new();
    for counts in units {
        let m: usize = counts.iter().sum();
        if m < 2 {
            continue;
        }
        let w = 1.0 / (m - 1) as f64;
        if n_value.len() < counts.len() {
            n_value.resize(counts.len(), 0.0);
        }
        for (c, &nc) in counts.iter().enumerate() {
            // Row c of the coincidence matrix sums to n_uc · (m_u − 1) / (m_u − 1) = n_uc.
            n_value[c] += nc as f64;
            // Pairs of c with any other value: n_uc · (m_u − n_uc).
            observed_disagreement += w * (nc * (m - nc)) as f64;
        }
    }
    let n: f64 = n_value.iter().sum();
    if n < 2.0 {
        return None;
    }
    let expected: f64 = n * n - n_value.iter().map(|x| x * x).sum::<f64>();
    if expected == 0.0 {
        return None;
    }
    Some(1.0 - (n - 1.0) * observed_disagreement / expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four
    /// observers, twelve units, missing values (`.` below). The paper works the nominal alpha
    /// out by hand and reports α_nominal = 0.743. The exact value from the PyPI package
    /// `krippendorff` 0.9.0 (numpy 2, run once in a venv):
    ///   python3 -c "import krippendorff, numpy as np; n=np.nan; print(krippendorff.alpha(
    ///   reliability_data=[[1,2,3,3,2,1,4,1,2,n,n,n],[1,2,3,3,2,2,4,1,2,5,n,3],
    ///   [n,3,3,3,2,3,4,2,2,5,1,n],[1,2,3,3,2,4,4,1,2,5,1,n]], level_of_measurement='nominal'))"
    ///   → 0.743421052631579
    #[test]
    fn krippendorff_2011_worked_example() {
        let rows: [[Option<u8>; 12]; 4] = {
            let n = None;
            let s = Some;
            [
                [s(1), s(2), s(3), s(3), s(2), s(1), s(4), s(1), s(2), n, n, n],
                [s(1), s(2), s(3), s(3), s(2), s(2), s(4), s(1), s(2), s(5), n, s(3)],
                [n, s(3), s(3), s(3), s(2), s(3), s(4), s(2), s(2), s(5), s(1), n],
                [s(1), s(2), s(3), s(3), s(2), s(4), s(4), s(1), s(2), s(5), s(1), n],
            ]
        };
        let units: Vec<Vec<Option<u8>>> = (0..12).map(|u| rows.iter().map(|r| r[u]).collect()).collect();
        let alpha = alpha_nominal(&units).unwrap();
        assert!((alpha - 0.743421052631579).abs() < 1e-12, "{alpha}");
    }

    #[test]
    fn two_coders_binary_by_hand() {
        // Two coders, four units: (1,1), (0,0), (1,0), (0,0).
        // Coincidences: o11 = 2 (unit 1, both orders), o00 = 4 (units 2 and 4), o10 = o01 = 1.
        // n1 = 3, n0 = 5, n = 8. α = 1 − 7 · 2 / (2 · 3 · 5) = 1 − 14/30 = 0.5333…
        // (krippendorff 0.9.0: alpha([[1,0,1,0],[1,0,0,0]], 'nominal') → 0.5333333333333333)
        let units =
            vec![vec![Some(1), Some(1)], vec![Some(0), Some(0)], vec![Some(1), Some(0)], vec![Some(0), Some(0)]];
        assert!((alpha_nominal(&units).unwrap() - 8.0 / 15.0).abs() < 1e-12);
    }

    #[test]
    fn undefined_without_variation_or_pairs() {
        assert_eq!(alpha_nominal(&[vec![Some(1), Some(1)], vec![Some(1), Some(1)]]), None);
        assert_eq!(alpha_nominal(&[vec![Some(1), None], vec![None, Some(2)]]), None);
        assert_eq!(alpha_nominal::<u8>(&[]), None);
        // Perfect agreement with variation is 1.
        assert_eq!(alpha_nominal(&[vec![Some(1), Some(1)], vec![Some(2), Some(2)]]), Some(1.0));
    }
}
