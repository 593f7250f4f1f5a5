//! What the render stage produces: files in memory, by their path in the output folder, and
//! the one way drawing or encoding them can fail. Writing them is the run's job
//! ([`crate::run::output`]), so a failed run has written nothing.

use std::borrow::Cow;
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// One file of the output, by its path relative to the output folder (`tables/x.csv`).
///
/// Its bytes are held in memory, or, for the one output that grows with the study
/// (`coded_segments.csv` of a large study), spilled to an unnamed temporary file beside the
/// output folder while it is made ([`Spill`]): held, it was 83 MB of the 100 MB study's peak
/// memory (issue 15). Readers that may meet a spilled file hash, compare, check and write it a
/// chunk at a time ([`OutputFile::for_each_chunk`]).
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: String,
    content: Content,
}

#[derive(Debug, Clone)]
enum Content {
    Held(Vec<u8>),
    Spilled(Arc<Spill>),
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self { path: path.into(), content: Content::Held(bytes.into()) }
    }

    /// A file whose bytes are in `spill`.
    pub fn spilled(path: impl Into<String>, spill: Spill) -> Self {
        Self { path: path.into(), content: Content::Spilled(Arc::new(spill)) }
    }

    /// The whole bytes: borrowed when held, read back when spilled. For the outputs that are
    /// never spilled (figures, the report, small tables) and for tests; what may meet a
    /// spilled file uses [`Self::for_each_chunk`], [`Self::hash`] or [`Self::write_to`].
    pub fn bytes(&self) -> Cow<'_, [u8]> {
        match &self.content {
            Content::Held(bytes) => Cow::Borrowed(bytes),
            Content::Spilled(spill) => {
                let mut all = Vec::with_capacity(spill.len as usize);
                // Reading back a file this process wrote and still holds open fails only when
                // the disk does; no caller in the program reads a spilled output whole, so that
                // stops the run loudly rather than handing on bytes that are not the output's.
                spill
                    .for_each_chunk(|chunk| {
                        all.extend_from_slice(chunk);
                        Ok(())
                    })
                    .expect("a spilled output reads back from its temporary file");
                Cow::Owned(all)
            }
        }
    }

    /// Whether the bytes are in a temporary file rather than in memory.
    pub fn is_spilled(&self) -> bool {
        matches!(self.content, Content::Spilled(_))
    }

    /// Hex BLAKE3 digest of the bytes, as the manifest and the report list it (computed while
    /// a spilled file was written).
    pub fn hash(&self) -> String {
        match &self.content {
            Content::Held(bytes) => blake3::hash(bytes).to_hex().to_string(),
            Content::Spilled(spill) => spill.hash.to_hex().to_string(),
        }
    }

    /// Size in bytes.
    pub fn len(&self) -> u64 {
        match &self.content {
            Content::Held(bytes) => bytes.len() as u64,
            Content::Spilled(spill) => spill.len,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Calls `f` with the bytes in order: once with all of them when held, a chunk at a time
    /// (each ending at a line end where the file has one within [`CHUNK`] bytes) when spilled,
    /// so that a search for a name never sees one cut in two by a chunk border.
    pub fn for_each_chunk(&self, mut f: impl FnMut(&[u8]) -> std::io::Result<()>) -> std::io::Result<()> {
        match &self.content {
            Content::Held(bytes) => f(bytes),
            Content::Spilled(spill) => spill.for_each_chunk(f),
        }
    }

    /// Writes the bytes to `out`.
    pub fn write_to(&self, out: &mut impl Write) -> std::io::Result<()> {
        self.for_each_chunk(|chunk| out.write_all(chunk))
    }

    /// Whether `other` holds exactly these bytes.
    pub fn same_bytes_as(&self, other: &[u8]) -> std::io::Result<bool> {
        if self.len() != other.len() as u64 {
            return Ok(false);
        }
        let mut at = 0;
        let mut same = true;
        self.for_each_chunk(|chunk| {
            same = same && chunk == &other[at..at + chunk.len()];
            at += chunk.len();
            Ok(())
        })?;
        Ok(same)
    }
}

/// Two outputs are the same when their paths and bytes are.
impl PartialEq for OutputFile {
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path && self.len() == other.len() && self.hash() == other.hash()
    }
}

impl Eq for OutputFile {}

/// Bytes read back from a spilled file at a time: large enough that reading costs little per
/// call, small enough that a chunk held while it is searched is a few MB, not the study.
pub const CHUNK: usize = 4 << 20;

/// An output written to an unnamed temporary file while it is made, with its size and hash.
///
/// The file is made with [`tempfile::tempfile_in`] in the folder the run builds its new output
/// folder in (the output folder's parent, see [`crate::run::swap`]): never outside the
/// output's own place, unlinked from the start (on Linux it never has a name), and gone
/// when the run ends, however it ends.
#[derive(Debug)]
pub struct Spill {
    file: Mutex<File>,
    len: u64,
    hash: blake3::Hash,
}

impl Spill {
    fn for_each_chunk(&self, mut f: impl FnMut(&[u8]) -> std::io::Result<()>) -> std::io::Result<()> {
        let mut file = self.file.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        file.seek(SeekFrom::Start(0))?;
        let mut buffer = vec![0u8; CHUNK];
        // Bytes at the start of `buffer` carried over from the last read (after its last line end).
        let mut carried = 0;
        loop {
            let read = file.read(&mut buffer[carried..])?;
            let filled = carried + read;
            if read == 0 {
                return if filled > 0 { f(&buffer[..filled]) } else { Ok(()) };
            }
            if filled < buffer.len() {
                carried = filled;
                continue;
            }
            // A full buffer: hand over up to its last line end, carry the rest.
            let cut = buffer.iter().rposition(|&b| b == b'\n').map_or(filled, |i| i + 1);
            f(&buffer[..cut])?;
            buffer.copy_within(cut..filled, 0);
            carried = filled - cut;
        }
    }
}

/// Where a spilled output is written while it is made: counts and hashes what passes through
/// on its way to the temporary file.
pub struct SpillWriter {
    out: BufWriter<File>,
    hasher: blake3::Hasher,
    len: u64,
}

impl SpillWriter {
    /// A new unnamed temporary file in `dir`.
    pub fn new_in(dir: &Path) -> std::io::Result<Self> {
        let file = tempfile::tempfile_in(dir)?;
        Ok(Self { out: BufWriter::with_capacity(1 << 20, file), hasher: blake3::Hasher::new(), len: 0 })
    }

    /// The spill of everything written.
    pub fn finish(self) -> std::io::Result<Spill> {
        let file = self.out.into_inner().map_err(|e| e.into_error())?;
        Ok(Spill { file: Mutex::new(file), len: self.len, hash: self.hasher.finalize() })
    }
}

impl Write for SpillWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(bytes)?;
        self.hasher.update(&bytes[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// A table, figure or page that could not be drawn or encoded: a fault of the program, not of
/// the user's input (whose mistakes are found before anything is drawn).
#[derive(Debug, thiserror::Error)]
#[error("rendering {what} failed: {message}")]
pub struct RenderError {
    pub what: String,
    pub message: String,
}

impl RenderError {
    pub fn new(what: impl Into<String>, message: impl std::fmt::Display) -> Self {
        Self { what: what.into(), message: message.to_string() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spill(bytes: &[u8]) -> OutputFile {
        let dir = tempfile::tempdir().unwrap();
        let mut writer = SpillWriter::new_in(dir.path()).unwrap();
        // Written in odd pieces, as a CSV writer hands them over.
        for piece in bytes.chunks(7_919) {
            writer.write_all(piece).unwrap();
        }
        let file = OutputFile::spilled("tables/coded_segments.csv", writer.finish().unwrap());
        // The temporary file has no name in the folder (and survives the folder's removal).
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        file
    }

    fn pieces(file: &OutputFile) -> Vec<Vec<u8>> {
        let mut pieces = Vec::new();
        file.for_each_chunk(|chunk| {
            pieces.push(chunk.to_vec());
            Ok(())
        })
        .unwrap();
        pieces
    }

    /// Lines of 10 bytes: a CHUNK (4 MiB = 4,194,304 bytes) cut at its last line end holds
    /// 419,430 lines (4,194,300 bytes); 1,000,000 lines (10,000,000 bytes) come as
    /// 4,194,300 + 4,194,300 + 1,611,400 bytes.
    #[test]
    fn a_spilled_file_reads_back_whole_in_pieces_cut_at_line_ends() {
        let bytes: Vec<u8> = (0..1_000_000).flat_map(|i| format!("{i:09}\n").into_bytes()).collect();
        let file = spill(&bytes);
        assert!(file.is_spilled());
        assert_eq!(file.len(), 10_000_000);
        assert_eq!(file.hash(), blake3::hash(&bytes).to_hex().to_string());
        assert_eq!(file, OutputFile::new("tables/coded_segments.csv", bytes.clone()));
        let first = pieces(&file);
        assert_eq!(first.iter().map(Vec::len).collect::<Vec<_>>(), [4_194_300, 4_194_300, 1_611_400]);
        assert!(first.iter().all(|p| p.ends_with(b"\n")));
        assert_eq!(first.concat(), bytes);
        assert_eq!(file.bytes().as_ref(), bytes.as_slice());
        let mut written = Vec::new();
        file.write_to(&mut written).unwrap();
        assert_eq!(written, bytes);
        // Read twice: every reader starts at the beginning.
        assert_eq!(pieces(&file).concat(), bytes);
        assert!(file.same_bytes_as(&bytes).unwrap());
        let mut changed = bytes.clone();
        changed[9_999_990] = b'x';
        assert!(!file.same_bytes_as(&changed).unwrap());
        assert!(!file.same_bytes_as(&bytes[1..]).unwrap());
    }

    /// A piece without a line end is handed over whole at CHUNK bytes; the rest follows.
    #[test]
    fn a_spill_without_line_ends_and_an_empty_spill_read_back_too() {
        let bytes: Vec<u8> = (0..CHUNK + 100).map(|i| b"ab"[i % 2]).collect();
        let file = spill(&bytes);
        assert_eq!(pieces(&file).iter().map(Vec::len).collect::<Vec<_>>(), [CHUNK, 100]);
        assert_eq!(file.bytes().as_ref(), bytes.as_slice());
        let empty = spill(b"");
        assert!(empty.is_empty() && pieces(&empty).is_empty());
        assert_eq!(empty.hash(), blake3::hash(b"").to_hex().to_string());
    }

    #[test]
    fn a_spill_in_a_folder_that_does_not_exist_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(SpillWriter::new_in(&dir.path().join("gone")).is_err());
    }
}
