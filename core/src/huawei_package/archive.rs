//! A package as the zip archive itself, read within limits (an archive's headers may lie
//! about sizes: each file is read through a cap, not trusted).

use super::{Package, PackageFile};
use crate::diagnostic::{Code, Diagnostic};
use std::io::{Cursor, Read, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use super::{MAX_FILE_BYTES, MAX_FILES, MAX_TOTAL_BYTES};

/// The most entries an archive may list.
pub const MAX_ENTRIES: usize = 4096;

fn bad(message: String) -> Diagnostic {
    Diagnostic::new(Code::BadArchive, "", message)
}

impl Package {
    /// Reads a package from the bytes of its zip archive: its `devicetype-capability.json` and
    /// `servicetype-capability.json` files, wherever they are in it (the console's exports put
    /// them under `profile/` and `service/<serviceType>/profile/`, some under a top folder);
    /// other entries are skipped.
    ///
    /// # Errors
    /// [`Code::BadArchive`] when the bytes are not a zip archive, an entry cannot be read, or
    /// the archive exceeds [`MAX_ENTRIES`], [`MAX_FILES`], [`MAX_FILE_BYTES`] or [`MAX_TOTAL_BYTES`];
    /// [`Code::InvalidUtf8`] (with `file` set) when a model file is not UTF-8 text.
    #[allow(clippy::result_large_err)] // once per package
    pub fn from_zip(bytes: &[u8]) -> Result<Package, Diagnostic> {
        let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| bad(format!("not a zip archive: {e}")))?;
        if archive.len() > MAX_ENTRIES {
            return Err(bad(format!("the archive lists {} entries, more than {MAX_ENTRIES}", archive.len())));
        }
        let mut files = Vec::new();
        let mut total = 0u64;
        for i in 0..archive.len() {
            let entry = archive.by_index(i).map_err(|e| bad(format!("entry {i} cannot be read: {e}")))?;
            let named = String::from_utf8_lossy(entry.name_raw()).replace('\\', "/");
            if entry.is_dir() || !Package::is_model_file(&named) {
                continue;
            }
            // A path that leaves the archive's folder (`..`, absolute) is no package's.
            let path = entry
                .enclosed_name()
                .and_then(|p| p.to_str().map(|p| p.replace('\\', "/")))
                .ok_or_else(|| bad(format!("the entry `{named}` names a path outside the archive")))?;
            if files.iter().any(|f: &PackageFile| f.path == path) {
                return Err(bad(format!("the archive holds `{path}` twice")));
            }
            if files.len() >= MAX_FILES {
                return Err(bad(format!("the archive holds more than {MAX_FILES} model files")));
            }
            let mut bytes = Vec::new();
            entry.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| bad(format!("`{path}` cannot be inflated: {e}")))?;
            if bytes.len() as u64 > MAX_FILE_BYTES {
                return Err(bad(format!("`{path}` inflates to more than {MAX_FILE_BYTES} bytes")));
            }
            total += bytes.len() as u64;
            if total > MAX_TOTAL_BYTES {
                return Err(bad(format!("the model files inflate to more than {MAX_TOTAL_BYTES} bytes")));
            }
            let text = crate::source::text_from_bytes(bytes).map_err(|mut d| {
                d.file = Some(path.clone());
                d
            })?;
            files.push(PackageFile { path, text });
        }
        Ok(Package { files })
    }

    /// The package as a zip archive (deflated, every entry dated 1980-01-01 so that the same
    /// package gives the same bytes).
    ///
    /// # Errors
    /// [`Code::BadArchive`] when the archive cannot be written (a path the format refuses).
    #[allow(clippy::result_large_err)] // once per package
    pub fn to_zip(&self) -> Result<Vec<u8>, Diagnostic> {
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated).last_modified_time(DateTime::default());
        let failed = |path: &str, e: &dyn std::fmt::Display| bad(format!("`{path}` cannot be written to the archive: {e}"));
        for f in &self.files {
            zip.start_file(f.path.as_str(), options).map_err(|e| failed(&f.path, &e))?;
            zip.write_all(f.text.as_bytes()).map_err(|e| failed(&f.path, &e))?;
        }
        zip.finish().map(Cursor::into_inner).map_err(|e| bad(format!("the archive cannot be finished: {e}")))
    }
}
