//! Codes at a chosen level of the code tree: every code replaced by its ancestor at that depth
//! (0 = the main codes), so that co-occurrence and saturation can be read for themes as well
//! as for the codes as coded.

use crate::codebook::Codebook;

/// For each code, the code that stands for it at `depth`: its ancestor at that depth, or the
/// code itself when it sits at `depth` or above.
pub fn lift_to_depth(codebook: &Codebook, depth: usize) -> Vec<usize> {
    (0..codebook.codes.len())
        .map(|code| {
            let mut current = code;
            while codebook.depth(current) > depth {
                current = codebook.parent_of(current).expect("a code below depth 0 has a parent");
            }
            current
        })
        .collect()
}

/// The deepest level of the tree (0 for a flat codebook).
pub fn max_depth(codebook: &Codebook) -> usize {
    (0..codebook.codes.len()).map(|c| codebook.depth(c)).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::testkit::study_parts;

    #[test]
    fn codes_map_to_their_ancestor() {
        // p ─ a ─ x ; p ─ b ; q
        let (_, book, _) = study_parts(
            &[],
            &[("p", None), ("a", Some("p")), ("x", Some("a")), ("b", Some("p")), ("q", None)],
            &[],
            &[],
        );
        assert_eq!(lift_to_depth(&book, 0), vec![0, 0, 0, 0, 4]);
        assert_eq!(lift_to_depth(&book, 1), vec![0, 1, 1, 3, 4]);
        assert_eq!(lift_to_depth(&book, 2), vec![0, 1, 2, 3, 4]);
        assert_eq!(max_depth(&book), 2);
    }
}
