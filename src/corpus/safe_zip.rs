//! Reading zip archives from other tools (`.qdpx`) without trusting them.
//!
//! Every entry name is checked before anything is read: a name that would land outside the
//! archive's folder (`../x`, `/etc/x`) makes the whole file an error. Entries are unpacked
//! only up to a size limit, and an entry that claims to unpack to far more than it occupies
//! (a zip bomb) is refused before it is unpacked.

use std::io::Read;
use std::path::Path;

use super::file_error::FileError as InteropError;

/// Largest entry read (a source text or `project.qde`).
pub const MAX_ENTRY_BYTES: u64 = 256 * 1024 * 1024;
/// Largest ratio of unpacked to packed size accepted for entries above [`RATIO_FLOOR_BYTES`].
/// Plain text compresses about 3–10 times; 200 leaves room for very repetitive text.
pub const MAX_RATIO: u64 = 200;
/// Entries smaller than this are not checked for their ratio (tiny files compress oddly).
pub const RATIO_FLOOR_BYTES: u64 = 1024 * 1024;

/// An archive whose entry names have all been checked.
pub struct SafeZip<'a> {
    archive: zip::ZipArchive<std::io::Cursor<&'a [u8]>>,
    path: &'a Path,
}

impl<'a> SafeZip<'a> {
    /// Opens the archive and checks every entry name.
    pub fn open(bytes: &'a [u8], path: &'a Path) -> Result<Self, InteropError> {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .map_err(|e| InteropError::new(path, "archive", format!("is not a readable zip archive ({e})")))?;
        for i in 0..archive.len() {
            let entry = archive
                .by_index_raw(i)
                .map_err(|e| InteropError::new(path, format!("zip entry {i}"), format!("cannot be read ({e})")))?;
            let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
            if entry.enclosed_name().is_none() {
                return Err(InteropError::new(
                    path,
                    format!("zip entry '{name}'"),
                    "its path leads outside the archive's folder; the file is damaged or malicious, refusing to read it",
                ));
            }
        }
        Ok(Self { archive, path })
    }

    /// Names of all entries, in archive order.
    pub fn names(&self) -> Vec<String> {
        self.archive.file_names().filter_map(|n| n.ok().map(|n| n.into_owned())).collect()
    }

    /// Whether an entry exists.
    pub fn contains(&self, name: &str) -> bool {
        self.archive.index_for_name(name).is_some()
    }

    /// Checks an entry's declared sizes against the limits without unpacking it (for archives
    /// another crate reads, such as XLSX through calamine).
    pub fn check(&mut self, name: &str) -> Result<(), InteropError> {
        let place = format!("zip entry '{name}'");
        let path = self.path;
        let entry = self
            .archive
            .by_name(name)
            .map_err(|e| InteropError::new(path, &place, format!("cannot be opened ({e})")))?;
        check_sizes(path, &place, entry.size(), entry.compressed_size(), MAX_ENTRY_BYTES)
    }

    /// The bytes of one entry, within the size and ratio limits; `limit` lowers the size limit.
    pub fn read(&mut self, name: &str, limit: u64) -> Result<Vec<u8>, InteropError> {
        let limit = limit.min(MAX_ENTRY_BYTES);
        let place = format!("zip entry '{name}'");
        let path = self.path;
        let entry = self
            .archive
            .by_name(name)
            .map_err(|e| InteropError::new(path, &place, format!("cannot be opened ({e})")))?;
        let (size, packed) = (entry.size(), entry.compressed_size());
        check_sizes(path, &place, size, packed, limit)?;
        let mut out = Vec::with_capacity(size as usize);
        // The header's size may lie: never read more than the limit whatever it says.
        entry
            .take(limit + 1)
            .read_to_end(&mut out)
            .map_err(|e| InteropError::new(path, &place, format!("cannot be unpacked ({e})")))?;
        if out.len() as u64 > limit {
            return Err(InteropError::new(
                path,
                &place,
                format!("unpacks to more than the limit of {limit} bytes; refusing to read it"),
            ));
        }
        Ok(out)
    }
}

fn check_sizes(path: &Path, place: &str, size: u64, packed: u64, limit: u64) -> Result<(), InteropError> {
    if size > limit {
        return Err(InteropError::new(
            path,
            place,
            format!("unpacks to {size} bytes, more than the limit of {limit}; refusing to read it"),
        ));
    }
    if size > RATIO_FLOOR_BYTES && size / packed.max(1) > MAX_RATIO {
        return Err(InteropError::new(
            path,
            place,
            format!("unpacks from {packed} to {size} bytes (a zip bomb?); refusing to read it"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in entries {
            w.start_file(*name, options).unwrap();
            w.write_all(bytes).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn escaping_names_are_refused() {
        let bytes = zip_of(&[("project.qde", b"<x/>"), ("../evil.txt", b"x")]);
        let err = SafeZip::open(&bytes, Path::new("p.qdpx")).err().unwrap().to_string();
        assert!(err.contains("p.qdpx") && err.contains("'../evil.txt'") && err.contains("outside"), "{err}");
    }

    #[test]
    fn bombs_and_oversized_entries_are_refused() {
        // 8 MB of zeros deflate to about 8 KB: a ratio near 1000.
        let zeros = vec![0u8; 8 * 1024 * 1024];
        let bytes = zip_of(&[("sources/a.txt", &zeros)]);
        let mut zip = SafeZip::open(&bytes, Path::new("b.qdpx")).unwrap();
        let err = zip.read("sources/a.txt", MAX_ENTRY_BYTES).unwrap_err().to_string();
        assert!(err.contains("zip bomb"), "{err}");
        let small = zip_of(&[("project.qde", b"0123456789")]);
        let mut zip = SafeZip::open(&small, Path::new("s.qdpx")).unwrap();
        assert!(zip.read("project.qde", 5).unwrap_err().to_string().contains("limit of 5"));
        assert_eq!(zip.read("project.qde", 10).unwrap(), b"0123456789");
    }

    #[test]
    fn not_a_zip() {
        let err = SafeZip::open(b"hello", Path::new("x.qdpx")).err().unwrap().to_string();
        assert!(err.contains("x.qdpx") && err.contains("not a readable zip"), "{err}");
        assert!(SafeZip::open(b"", Path::new("x.qdpx")).is_err());
    }
}
