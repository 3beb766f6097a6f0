//! Reading a document from a file or standard input, as text.

use std::io::Read;
use std::path::Path;
use thingkit::Diagnostic;
use thingkit::huawei_package::{Package, PackageFile};

/// A document's text, or why there is none.
pub(crate) enum Input {
    /// UTF-8 text.
    Text(String),
    /// Bytes that are not UTF-8: a problem of the document, reported as a diagnostic.
    NotUtf8(Diagnostic),
}

/// Reads `path` (`-` for standard input). An I/O failure is an `Err` with a message.
pub(crate) fn read(path: &Path) -> Result<Input, String> {
    let mut bytes = Vec::new();
    let result = if path.as_os_str() == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes)).map(|_| ())
    };
    result.map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    Ok(thingkit::source::text_from_bytes(bytes).map_or_else(Input::NotUtf8, Input::Text))
}

/// The name shown for `path`.
pub(crate) fn display_name(path: &Path) -> String {
    if path.as_os_str() == "-" { "<stdin>".into() } else { path.display().to_string() }
}

/// Reads a Huawei product model package when `path` is one: a `.zip` archive, a folder holding
/// `devicetype-capability.json` somewhere under it, or that file itself (its package is the
/// folder above its `profile/` folder). `None` when `path` is a single document.
pub(crate) fn package(path: &Path) -> Option<Result<Package, PackageInputError>> {
    if path.as_os_str() == "-" {
        return None;
    }
    let is_zip = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip"));
    if is_zip {
        return Some(match std::fs::read(path) {
            Ok(bytes) => Package::from_zip(&bytes).map_err(PackageInputError::Diagnostic),
            Err(e) => Err(PackageInputError::Io(format!("cannot read `{}`: {e}", path.display()))),
        });
    }
    let root = if path.is_dir() {
        path.to_path_buf()
    } else if path.file_name().is_some_and(|n| n.to_string_lossy().eq_ignore_ascii_case("devicetype-capability.json")) {
        let folder = path.parent().unwrap_or(Path::new("."));
        let above = folder.file_name().is_some_and(|n| n.eq_ignore_ascii_case("profile"));
        if above { folder.parent().unwrap_or(Path::new(".")).to_path_buf() } else { folder.to_path_buf() }
    } else {
        return None;
    };
    let mut files = Vec::new();
    if let Err(e) = walk(&root, &root, &mut files) {
        return Some(Err(e));
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Some(Ok(Package { files }))
}

/// Why a package could not be read: an I/O failure (exit 2) or a problem of its content.
#[derive(Debug)]
pub(crate) enum PackageInputError {
    Io(String),
    Diagnostic(Diagnostic),
}

/// The package's model files under `dir`, their paths relative to `root`. Bounded as an
/// archive is ([`thingkit::huawei_package`]'s limits): a folder is not trusted more than a zip.
fn walk(root: &Path, dir: &Path, out: &mut Vec<PackageFile>) -> Result<(), PackageInputError> {
    let io = |e: std::io::Error, at: &Path| PackageInputError::Io(format!("cannot read `{}`: {e}", at.display()));
    for entry in std::fs::read_dir(dir).map_err(|e| io(e, dir))? {
        let entry = entry.map_err(|e| io(e, dir))?;
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| io(e, &path))?;
        if kind.is_dir() {
            walk(root, &path, out)?;
            continue;
        }
        let rel = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
        if !kind.is_file() || !Package::is_model_file(&rel) {
            continue;
        }
        if out.len() >= thingkit::huawei_package::MAX_FILES {
            return Err(PackageInputError::Io(format!("`{}` holds more than {} model files", root.display(), thingkit::huawei_package::MAX_FILES)));
        }
        let bytes = std::fs::read(&path).map_err(|e| io(e, &path))?;
        if bytes.len() as u64 > thingkit::huawei_package::MAX_FILE_BYTES {
            return Err(PackageInputError::Io(format!("`{}` is larger than {} bytes", path.display(), thingkit::huawei_package::MAX_FILE_BYTES)));
        }
        let text = thingkit::source::text_from_bytes(bytes).map_err(|mut d| {
            d.file = Some(rel.clone());
            PackageInputError::Diagnostic(d)
        })?;
        out.push(PackageFile { path: rel, text });
    }
    Ok(())
}
