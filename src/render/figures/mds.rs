//! Classical (Torgerson) multidimensional scaling: points in the plane whose distances
//! approximate a given distance matrix, for the code map.
//!
//! The squared distances are double-centred, B = −½ J D² J with J = I − 11ᵀ/n, and the two
//! largest eigenvalues λ₁ ≥ λ₂ of B with their unit eigenvectors v₁, v₂ give the coordinates
//! xᵢ = (√λ₁ v₁ᵢ, √λ₂ v₂ᵢ) (Torgerson 1952; Gower 1966). When the distances are those of points
//! in the plane, these are the points themselves up to a shift, rotation and reflection. The
//! eigenvectors come from the cyclic Jacobi method, which is exact to rounding for the few
//! dozen codes a map shows and has no random start. An eigenvector's sign is arbitrary, so each
//! is turned so that its component of largest magnitude (the first of equals) is positive:
//! the same distances always give the same picture. Like the heatmap's clustering this only
//! arranges a figure; no number in a table comes from it.

/// The plane coordinates and how much of the distances' structure they keep.
#[derive(Debug, Clone, PartialEq)]
pub struct Mds {
    /// One (x, y) per input point, centred on the origin.
    pub points: Vec<[f64; 2]>,
    /// (λ₁ + λ₂) / Σ positive λ, each of λ₁, λ₂ counted only when positive: the share of the
    /// configuration the two dimensions show (1 for distances of points in a plane).
    pub explained: f64,
}

/// Classical MDS of a symmetric distance matrix with a zero diagonal.
pub fn classical_mds(distances: &[Vec<f64>]) -> Mds {
    let n = distances.len();
    if n == 0 {
        return Mds { points: Vec::new(), explained: 1.0 };
    }
    let (values, vectors) = symmetric_eigen(double_centred(distances));
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
    let positive: f64 = values.iter().filter(|&&l| l > 0.0).sum();
    let mut points = vec![[0.0; 2]; n];
    let mut kept = 0.0;
    for (dim, &k) in order.iter().take(2).enumerate() {
        let lambda = values[k];
        if lambda <= 1e-12 * positive.max(1e-300) {
            continue;
        }
        kept += lambda;
        let column: Vec<f64> = (0..n).map(|i| vectors[i][k]).collect();
        let sign = orientation(&column);
        for (i, p) in points.iter_mut().enumerate() {
            p[dim] = sign * column[i] * lambda.sqrt();
        }
    }
    let explained = if positive > 0.0 { kept / positive } else { 1.0 };
    Mds { points, explained }
}

/// B = −½ J D² J: entry (i, j) is −½ (d²ᵢⱼ − row mean i − column mean j + grand mean).
fn double_centred(d: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let n = d.len();
    let sq: Vec<Vec<f64>> = d.iter().map(|row| row.iter().map(|x| x * x).collect()).collect();
    let means: Vec<f64> = sq.iter().map(|row| row.iter().sum::<f64>() / n as f64).collect();
    let grand = means.iter().sum::<f64>() / n as f64;
    (0..n).map(|i| (0..n).map(|j| -0.5 * (sq[i][j] - means[i] - means[j] + grand)).collect()).collect()
}

/// +1 or −1: the sign that makes the component of largest magnitude positive (the first one
/// when several are equal to rounding).
fn orientation(v: &[f64]) -> f64 {
    let largest = v.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    let first = v.iter().find(|x| x.abs() >= largest - 1e-9 * largest.max(1.0)).copied().unwrap_or(1.0);
    if first < 0.0 {
        -1.0
    } else {
        1.0
    }
}

/// Eigenvalues and eigenvectors (`vectors[i][k]` is component i of eigenvector k) of a
/// symmetric matrix, by cyclic Jacobi rotations until the off-diagonal part vanishes.
pub fn symmetric_eigen(mut a: Vec<Vec<f64>>) -> (Vec<f64>, Vec<Vec<f64>>) {
    let n = a.len();
    let mut v: Vec<Vec<f64>> = (0..n).map(|i| (0..n).map(|j| if i == j { 1.0 } else { 0.0 }).collect()).collect();
    let scale: f64 = a.iter().flatten().map(|x| x * x).sum::<f64>().max(1e-300);
    for _sweep in 0..100 {
        let off: f64 = (0..n).flat_map(|p| (p + 1..n).map(move |q| (p, q))).map(|(p, q)| a[p][q] * a[p][q]).sum();
        if off <= 1e-30 * scale {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                if a[p][q] != 0.0 {
                    rotate(&mut a, &mut v, p, q);
                }
            }
        }
    }
    ((0..n).map(|i| a[i][i]).collect(), v)
}

/// One Jacobi rotation A ← PᵀAP, V ← VP that zeroes a[p][q] (Numerical Recipes §11.1).
fn rotate(a: &mut [Vec<f64>], v: &mut [Vec<f64>], p: usize, q: usize) {
    let theta = (a[q][q] - a[p][p]) / (2.0 * a[p][q]);
    let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
    let t = if theta == 0.0 { 1.0 } else { t };
    let c = 1.0 / (t * t + 1.0).sqrt();
    let s = t * c;
    for row in a.iter_mut() {
        let (kp, kq) = (row[p], row[q]);
        row[p] = c * kp - s * kq;
        row[q] = s * kp + c * kq;
    }
    // p < q: rows p and q borrowed apart.
    let (upper, lower) = a.split_at_mut(q);
    for (pk, qk) in upper[p].iter_mut().zip(lower[0].iter_mut()) {
        let (x, y) = (*pk, *qk);
        *pk = c * x - s * y;
        *qk = s * x + c * y;
    }
    for row in v.iter_mut() {
        let (kp, kq) = (row[p], row[q]);
        row[p] = c * kp - s * kq;
        row[q] = s * kp + c * kq;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distances(points: &[[f64; 2]]) -> Vec<Vec<f64>> {
        points
            .iter()
            .map(|a| points.iter().map(|b| ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()).collect())
            .collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn points_on_a_line_come_back_centred_with_the_far_end_positive() {
        // Points 0, 1, 3 on a line: mean 4/3, so centred −4/3, −1/3, 5/3; the largest
        // magnitude (5/3) is made positive; nothing is left for the second dimension.
        let mds = classical_mds(&distances(&[[0.0, 0.0], [1.0, 0.0], [3.0, 0.0]]));
        let expected = [-4.0 / 3.0, -1.0 / 3.0, 5.0 / 3.0];
        for (p, x) in mds.points.iter().zip(expected) {
            assert!(close(p[0], x) && close(p[1], 0.0), "{:?}", mds.points);
        }
        assert!(close(mds.explained, 1.0));
        // The mirrored line (0, −1, −3) gives the same picture: the sign is fixed.
        let mirrored = classical_mds(&distances(&[[0.0, 0.0], [-1.0, 0.0], [-3.0, 0.0]]));
        assert_eq!(mirrored.points.len(), 3);
        for (p, x) in mirrored.points.iter().zip(expected) {
            assert!(close(p[0], x), "{:?}", mirrored.points);
        }
    }

    #[test]
    fn a_3_4_5_triangle_keeps_its_sides_and_its_spread_along_the_axes() {
        // Right triangle (0,0), (3,0), (0,4). Centred on (1, 4/3): (−1, −4/3), (2, −4/3),
        // (−1, 8/3). Scatter matrix XᵀX = [[6, −4], [−4, 32/3]]: trace 50/3, determinant 48,
        // so λ = (50 ± √772) / 6. MDS puts λ₁ of the spread on the first axis, λ₂ on the second.
        let mds = classical_mds(&distances(&[[0.0, 0.0], [3.0, 0.0], [0.0, 4.0]]));
        let d = distances(&mds.points);
        assert!(close(d[0][1], 3.0) && close(d[0][2], 4.0) && close(d[1][2], 5.0), "{d:?}");
        let sum = |k: usize| mds.points.iter().map(|p| p[k]).sum::<f64>();
        assert!(close(sum(0), 0.0) && close(sum(1), 0.0));
        let spread = |k: usize| mds.points.iter().map(|p| p[k] * p[k]).sum::<f64>();
        assert!(close(spread(0), (50.0 + 772f64.sqrt()) / 6.0), "{}", spread(0));
        assert!(close(spread(1), (50.0 - 772f64.sqrt()) / 6.0), "{}", spread(1));
    }

    #[test]
    fn four_points_of_a_tetrahedron_need_three_dimensions() {
        // All six distances 1: a regular tetrahedron. B has eigenvalues ½, ½, ½ and 0
        // (B = ½ J), so two of three dimensions show 2/3 of it.
        let d: Vec<Vec<f64>> = (0..4).map(|i| (0..4).map(|j| if i == j { 0.0 } else { 1.0 }).collect()).collect();
        let mds = classical_mds(&d);
        assert!(close(mds.explained, 2.0 / 3.0), "{}", mds.explained);
        // And the same distances give the same bytes.
        assert_eq!(mds, classical_mds(&d));
    }

    #[test]
    fn jacobi_diagonalises_a_known_matrix() {
        // [[2, 1], [1, 2]] has eigenvalues 1 and 3.
        let (mut values, _) = symmetric_eigen(vec![vec![2.0, 1.0], vec![1.0, 2.0]]);
        values.sort_by(f64::total_cmp);
        assert!(close(values[0], 1.0) && close(values[1], 3.0), "{values:?}");
    }

    #[test]
    fn no_point_and_one_point() {
        assert!(classical_mds(&[]).points.is_empty());
        assert_eq!(classical_mds(&[vec![0.0]]).points, vec![[0.0, 0.0]]);
    }
}
