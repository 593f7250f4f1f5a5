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

/// [`packed`] of the lower case of the word `text[start..end]`, read in place: the lookup of
/// [`super::word_literals`] copied every running word into a buffer to lower-case it and then
/// into the key, two copies of a few bytes that were a third of its time (issue 15, session
/// 26). Here the key is one 16-byte load (a copy only within 16 bytes of the text's end),
/// masked to the word and lower-cased in all 16 bytes at once. `None` for a word of more than
/// 16 bytes. The word must be ASCII letters, digits and `_` only (a run of word bytes of the
/// prefilter): no NUL, which [`packed`] would refuse, and no byte above 0x7F, on which the
/// lower-casing would be wrong.
pub fn packed_lower(text: &[u8], start: usize, end: usize) -> Option<u128> {
    let len = end - start;
    debug_assert!(text[start..end].iter().all(|&b| b.is_ascii_alphanumeric() || b == b'_'));
    if len > PACKED_BYTES {
        return None;
    }
    let raw = match text.get(start..start + PACKED_BYTES) {
        Some(sixteen) => u128::from_le_bytes(sixteen.try_into().expect("16 bytes")),
        None => {
            let mut bytes = [0u8; PACKED_BYTES];
            bytes[..len].copy_from_slice(&text[start..end]);
            u128::from_le_bytes(bytes)
        }
    };
    let word = if len == PACKED_BYTES { raw } else { raw & ((1u128 << (8 * len)) - 1) };
    Some(ascii_lowercase(word))
}

/// Every byte from `A` to `Z` of `bytes` (each below 0x80) in lower case. Adding to a byte
/// below 0x80 what brings `A` (or the byte after `Z`) to 0x80 carries into no other byte, and
/// sets its top bit just where the byte is at least `A` (or above `Z`); a capital's top bit
/// moved down to 0x20 is the difference between its two cases.
fn ascii_lowercase(bytes: u128) -> u128 {
    const ONES: u128 = u128::MAX / 0xff;
    const TOP: u128 = ONES * 0x80;
    let from_a = bytes + ONES * u128::from(0x80 - b'A');
    let above_z = bytes + ONES * u128::from(0x80 - b'Z' - 1);
    let capitals = from_a & !above_z & TOP;
    bytes | (capitals >> 2)
}

impl<V> WordMap<V> {
    /// The value of a word by its key from [`packed_lower`].
    pub fn get_packed(&self, key: u128) -> Option<&V> {
        self.packed.get(&key)
    }

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

    /// Worked by hand: `Zorg_9` read from the middle of a text, with bytes after it that the
    /// key leaves out; the last 16 bytes of a text (no load past its end); 17 bytes.
    #[test]
    fn packed_lower_by_hand() {
        let text = b"de Zorg_9 en ZORG";
        let expected = u128::from_le_bytes(*b"zorg_9\0\0\0\0\0\0\0\0\0\0");
        assert_eq!(packed_lower(text, 3, 9), Some(expected));
        assert_eq!(packed_lower(text, 13, 17), packed(b"zorg"));
        let sixteen = b"ABCDEFGHIJKLMNOP";
        assert_eq!(packed_lower(sixteen, 0, 16), Some(u128::from_le_bytes(*b"abcdefghijklmnop")));
        assert_eq!(packed_lower(b"zorgverzekeraarsS", 0, 17), None);
        assert_eq!(
            ascii_lowercase(u128::from_le_bytes(*b"@AZ[`az{09_\x7f\0\0\0\0")),
            u128::from_le_bytes(*b"@az[`az{09_\x7f\0\0\0\0")
        );
    }

    proptest::proptest! {
        /// The key read in place is the key of the word lower-cased, wherever it stands.
        #[test]
        fn packed_lower_is_the_packed_lower_case(
            text in "[A-Za-z0-9_ .]{0,40}",
            at in 0usize..40,
            len in 1usize..20,
        ) {
            let bytes = text.as_bytes();
            let (start, end) = (at.min(bytes.len()), (at + len).min(bytes.len()));
            let word = &bytes[start..end];
            if !word.is_empty() && word.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'_') {
                proptest::prop_assert_eq!(packed_lower(bytes, start, end), packed(&word.to_ascii_lowercase()));
            }
        }
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
