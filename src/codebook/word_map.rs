//! A map from words to what a thread remembers of them, for the per-word memos of the coding
//! stage ([`super::word_literals`], [`super::stem`]).
//!
//! Both memos are asked once for every running word of every unit. With the word as a boxed
//! string key, each lookup followed a pointer to the key's bytes and compared them with
//! `memcmp`: a tenth of the coding stage on the 20 MB study (issue 15, session 25,
//! BENCHMARKS.md), most of it waiting for the key's memory. Nearly every word of Dutch speech
//! has at most 16 bytes, so such a word is its own key here, its bytes packed into a `u128`
//! that the table holds inline: a lookup hashes and compares two machine words and reads no
//! other memory. Longer words (and any word with a NUL byte, which packing could not tell
//! from its end) keep a boxed key in a second table.

use rustc_hash::FxHashMap;

/// The longest word packed into a [`u128`] key.
const PACKED_BYTES: usize = 16;

/// Values by word, for a bounded per-thread memo.
#[derive(Debug)]
pub struct WordMap<V> {
    /// Words of at most [`PACKED_BYTES`] bytes, none of them NUL: the bytes in little-endian
    /// order, zero after the word's end.
    packed: FxHashMap<u128, V>,
    /// Every other word.
    long: FxHashMap<Box<[u8]>, V>,
}

impl<V> Default for WordMap<V> {
    fn default() -> Self {
        Self { packed: FxHashMap::default(), long: FxHashMap::default() }
    }
}

/// `word` as a packed key, when it can be one: at most [`PACKED_BYTES`] bytes and no NUL, so
/// that two different words never share a key (the zeros after a word are not part of it).
fn packed(word: &[u8]) -> Option<u128> {
    if word.len() > PACKED_BYTES || word.contains(&0) {
        return None;
    }
    let mut bytes = [0u8; PACKED_BYTES];
    bytes[..word.len()].copy_from_slice(word);
    Some(u128::from_le_bytes(bytes))
}

impl<V> WordMap<V> {
    /// What is remembered of `word`, compared byte for byte.
    pub fn get(&self, word: &[u8]) -> Option<&V> {
        match packed(word) {
            Some(key) => self.packed.get(&key),
            None => self.long.get(word),
        }
    }

    /// Remembers `value` for `word`, replacing what was remembered of it.
    pub fn insert(&mut self, word: &[u8], value: V) {
        match packed(word) {
            Some(key) => self.packed.insert(key, value),
            None => self.long.insert(word.into(), value),
        };
    }

    /// How many words are remembered.
    pub fn len(&self) -> usize {
        self.packed.len() + self.long.len()
    }

    /// Forgets every word.
    pub fn clear(&mut self) {
        self.packed.clear();
        self.long.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words that differ only in what packing could lose: a shorter word and the same word
    /// with a NUL after it (`ab`, `ab\0`), the 16-byte word and its 17-byte extension, empty
    /// and one NUL byte, and case (`Zorg`, `zorg`: keys are bytes, not folded). Each gets its
    /// own value back; a replaced value is the new one.
    #[test]
    fn words_that_pack_alike_are_kept_apart() {
        let words: [&[u8]; 9] = [
            b"ab",
            b"ab\0",
            b"\0",
            b"",
            b"zorgverzekeraars",
            b"zorgverzekeraarss",
            b"Zorg",
            b"zorg",
            "\u{e9}\u{e9}n".as_bytes(),
        ];
        let mut map = WordMap::default();
        for (i, w) in words.iter().enumerate() {
            map.insert(w, i);
        }
        assert_eq!(map.len(), words.len());
        assert_eq!((map.packed.len(), map.long.len()), (6, 3), "NUL words and 17 bytes are long keys");
        for (i, w) in words.iter().enumerate() {
            assert_eq!(map.get(w), Some(&i), "{:?}", String::from_utf8_lossy(w));
        }
        assert_eq!(map.get(b"a"), None);
        assert_eq!(map.get(b"zorgverzekeraar"), None);
        map.insert(b"zorg", 99);
        assert_eq!((map.get(b"zorg"), map.len()), (Some(&99), words.len()));
        map.clear();
        assert_eq!((map.len(), map.get(b"ab")), (0, None));
    }

    /// A huge word (1 MB) is remembered like any other, as a long key.
    #[test]
    fn a_huge_word_is_a_long_key() {
        let huge = vec![b'x'; 1 << 20];
        let mut map = WordMap::default();
        map.insert(&huge, 1);
        assert_eq!((map.get(&huge), map.get(&huge[1..])), (Some(&1), None));
        assert_eq!(map.long.len(), 1);
    }
}
