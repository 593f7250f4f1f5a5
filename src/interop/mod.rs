//! Interoperability with other QDA tools: REFI-QDA projects (`.qdpx`) and codebooks (`.qdc`)
//! in and out, and the coded-segment exports of MAXQDA, ATLAS.ti and Taguette in.
//!
//! Every importer turns its format into one neutral [`model::ImportedProject`]; [`import`]
//! then matches it to the project (documents, codes), locates segments that carry text but no
//! offsets ([`locate`]) and writes what it found as new files of the project.
//!
//! REFI-QDA identifies everything by GUID. `analyse` derives them deterministically
//! ([`guid`]): a UUID version 5 of a stable name (the code's path in its tree), so that the same
//! codebook always exports to the same bytes and a re-import recognises its codes.

pub mod formats;
pub mod import;
pub mod model;
pub mod new_project;
pub mod offset_map;
pub mod overlap;
mod place;
pub mod project_files;
pub mod qdc;
pub mod qdpx_read;
pub mod qdpx_write;
mod review;
pub mod slug;

pub use model::InteropError;

/// Namespace of every GUID `analyse` writes (a UUID v5 of the DNS name `analyse.qda`).
fn namespace() -> uuid::Uuid {
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_DNS, b"analyse.qda")
}

/// Deterministic GUID of a named thing, upper-case as ATLAS.ti and MAXQDA write them.
pub fn guid(kind: &str, name: &str) -> String {
    uuid::Uuid::new_v5(&namespace(), format!("{kind}:{name}").as_bytes()).hyphenated().to_string().to_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_are_stable_and_distinct() {
        assert_eq!(guid("code", "a/b"), guid("code", "a/b"));
        assert_ne!(guid("code", "a/b"), guid("code", "a/c"));
        let g = guid("code", "a/b");
        // Version 5: the 13th hex digit is 5; variant: the 17th is 8, 9, A or B.
        assert_eq!(g.len(), 36);
        assert_eq!(&g[14..15], "5");
        assert!("89AB".contains(&g[19..20]));
    }
}
