//! A fixed-size set of small integers as 64-bit words: the compact form the hot kernels
//! (saturation permutations, unions of codes) work on.

/// A set of indices below a fixed capacity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BitSet {
    words: Vec<u64>,
}

impl BitSet {
    pub fn new(capacity: usize) -> Self {
        Self { words: vec![0; capacity.div_ceil(64)] }
    }

    pub fn insert(&mut self, i: usize) {
        self.words[i / 64] |= 1 << (i % 64);
    }

    pub fn contains(&self, i: usize) -> bool {
        self.words[i / 64] & (1 << (i % 64)) != 0
    }

    pub fn len(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|&w| w == 0)
    }

    /// Adds every member of `other`; returns how many were new.
    pub fn union_with(&mut self, other: &BitSet) -> usize {
        let mut added = 0;
        for (w, o) in self.words.iter_mut().zip(&other.words) {
            added += (o & !*w).count_ones() as usize;
            *w |= o;
        }
        added
    }

    pub fn clear(&mut self) {
        self.words.iter_mut().for_each(|w| *w = 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_counts_new_members() {
        let mut a = BitSet::new(130);
        a.insert(1);
        a.insert(129);
        let mut b = BitSet::new(130);
        b.insert(1);
        b.insert(64);
        assert_eq!(a.union_with(&b), 1);
        assert_eq!(a.len(), 3);
        assert!(a.contains(64) && a.contains(129) && !a.contains(2));
        a.clear();
        assert!(a.is_empty());
    }
}
