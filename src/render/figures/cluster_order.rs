//! The order of codes in the co-occurrence heatmap: as in the codebook, or clustered so that
//! codes which often occur together stand next to each other.
//!
//! Clustering is average-linkage agglomerative clustering on the distance 1 − c, with c
//! ATLAS.ti's c-coefficient n12 / (n1 + n2 − n12) taken from the count matrix (a pair without
//! shared segments, or a code without segments, has distance 1). It is deterministic: at every
//! step the closest pair of clusters merges, ties going to the pair whose smallest code
//! positions come first; a merged cluster lists the cluster with the smaller first position
//! first. This only arranges the picture: no number changes.

use serde::{Deserialize, Serialize};

/// How the heatmap orders its rows and columns (`[output] heatmap_order`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HeatmapOrder {
    /// Tree order of the codebook, as the tables list the codes.
    #[default]
    Codebook,
    /// Average-linkage clustering on 1 − c-coefficient.
    Clustered,
}

/// Positions `0..n` in clustered order, from a symmetric count matrix whose diagonal holds
/// each code's own count.
pub fn cluster_order(matrix: &[Vec<usize>]) -> Vec<usize> {
    let n = matrix.len();
    let distance = |i: usize, j: usize| -> f64 {
        let n12 = matrix[i][j] as f64;
        let union = matrix[i][i] as f64 + matrix[j][j] as f64 - n12;
        if union <= 0.0 {
            1.0
        } else {
            1.0 - n12 / union
        }
    };
    // Each cluster: its members in display order; the first member is its smallest position
    // because merges put the cluster with the smaller first position first.
    let mut clusters: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    while clusters.len() > 1 {
        let mut best: Option<(f64, usize, usize)> = None;
        for a in 0..clusters.len() {
            for b in a + 1..clusters.len() {
                let sum: f64 = clusters[a]
                    .iter()
                    .flat_map(|&i| clusters[b].iter().map(move |&j| (i, j)))
                    .map(|(i, j)| distance(i, j))
                    .sum();
                let d = sum / (clusters[a].len() * clusters[b].len()) as f64;
                // Strictly smaller wins, so ties keep the earliest pair (clusters are kept
                // sorted by first position).
                if best.is_none_or(|(bd, _, _)| d < bd - 1e-12) {
                    best = Some((d, a, b));
                }
            }
        }
        let (_, a, b) = best.expect("two clusters at least");
        let merged_b = clusters.remove(b);
        clusters[a].extend(merged_b);
        clusters.sort_by_key(|c| c[0]);
    }
    clusters.pop().unwrap_or_default()
}

/// The labels and matrix permuted by `order`.
pub fn reorder(labels: &[String], matrix: &[Vec<usize>], order: &[usize]) -> (Vec<String>, Vec<Vec<usize>>) {
    let labels = order.iter().map(|&i| labels[i].clone()).collect();
    let matrix = order.iter().map(|&i| order.iter().map(|&j| matrix[i][j]).collect()).collect();
    (labels, matrix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_that_occur_together_end_up_together() {
        // Codes 0 and 2 always together (4 segments each, 4 shared), 1 and 3 mostly together
        // (3 each, 2 shared), no pair across the blocks: c(0,2) = 4/4 = 1 → distance 0,
        // c(1,3) = 2/4 → 0.5, every other pair distance 1. Merges: {0,2}, then {1,3}, then all.
        let m = vec![vec![4, 0, 4, 0], vec![0, 3, 0, 2], vec![4, 0, 4, 0], vec![0, 2, 0, 3]];
        assert_eq!(cluster_order(&m), vec![0, 2, 1, 3]);
    }

    #[test]
    fn ties_and_empty_codes_keep_codebook_order() {
        // No co-occurrence at all: every distance is 1, so merges go left to right.
        let m = vec![vec![2, 0, 0], vec![0, 0, 0], vec![0, 0, 5]];
        assert_eq!(cluster_order(&m), vec![0, 1, 2]);
        assert_eq!(cluster_order(&[]), Vec::<usize>::new());
    }

    #[test]
    fn reorder_permutes_rows_and_columns() {
        let labels = vec!["a".to_string(), "b".to_string()];
        let (l, m) = reorder(&labels, &[vec![1, 2], vec![2, 3]], &[1, 0]);
        assert_eq!(l, vec!["b", "a"]);
        assert_eq!(m, vec![vec![3, 2], vec![2, 1]]);
    }
}
