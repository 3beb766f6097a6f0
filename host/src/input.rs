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
        let too_large = std::fs::metadata(path).is_ok_and(|m| m.len() > thingkit::huawei_package::MAX_TOTAL_BYTES);
        if too_large {
            return Some(Err(PackageInputError::Io(format!(
                "`{}` is larger than a package may be ({} bytes)",
                path.display(),
                thingkit::huawei_package::MAX_TOTAL_BYTES
            ))));
        }
        return Some(match std::fs::read(path) {
            Ok(bytes) => Package::from_zip(&bytes).map_err(PackageInputError::Diagnostic),
            Err(e) => Err(PackageInputError::Io(format!("cannot read `{}`: {e}", path.display()))),
        });
    }
    let root = if path.is_dir() {
        path.to_path_buf()
    } else if path.file_name().is_some_and(|n| n.to_string_lossy().eq_ignore_ascii_case("devicetype-capability.json")) {
        // A relative path's parent may be empty: that is the current folder.
        let or_here = |p: Option<&Path>| p.filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
        let folder = or_here(path.parent());
        let above = folder.file_name().is_some_and(|n| n.eq_ignore_ascii_case("profile"));
        if above { or_here(folder.parent()) } else { folder }
    } else {
        return None;
    };
    let mut files = Vec::new();
    if let Err(e) = walk(&root, &root, &mut files, &mut 0, 0) {
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

/// How deep under a package's folder its files may be (the console's layout is 3 deep).
const MAX_DEPTH: usize = 8;

/// The package's model files under `dir`, their paths relative to `root`. Bounded as an
/// archive is ([`thingkit::huawei_package`]'s limits, `total` the bytes read so far), and in
/// depth: a folder is not trusted more than a zip.
#[allow(clippy::result_large_err)] // once per package
fn walk(root: &Path, dir: &Path, out: &mut Vec<PackageFile>, total: &mut u64, depth: usize) -> Result<(), PackageInputError> {
    use thingkit::huawei_package::{MAX_FILE_BYTES, MAX_FILES, MAX_TOTAL_BYTES};
    let io = |e: std::io::Error, at: &Path| PackageInputError::Io(format!("cannot read `{}`: {e}", at.display()));
    for entry in std::fs::read_dir(dir).map_err(|e| io(e, dir))? {
        let entry = entry.map_err(|e| io(e, dir))?;
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| io(e, &path))?;
        if kind.is_dir() {
            if depth < MAX_DEPTH {
                walk(root, &path, out, total, depth + 1)?;
            }
            continue;
        }
        let rel = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
        if !kind.is_file() || !Package::is_model_file(&rel) {
            continue;
        }
        if out.len() >= MAX_FILES {
            return Err(PackageInputError::Io(format!("`{}` holds more than {MAX_FILES} model files", root.display())));
        }
        let size = entry.metadata().map_err(|e| io(e, &path))?.len();
        if size > MAX_FILE_BYTES {
            return Err(PackageInputError::Io(format!("`{}` is larger than {MAX_FILE_BYTES} bytes", path.display())));
        }
        *total += size;
        if *total > MAX_TOTAL_BYTES {
            return Err(PackageInputError::Io(format!("the model files under `{}` hold more than {MAX_TOTAL_BYTES} bytes", root.display())));
        }
        let bytes = std::fs::read(&path).map_err(|e| io(e, &path))?;
        let text = thingkit::source::text_from_bytes(bytes).map_err(|mut d| {
            d.file = Some(rel.clone());
            PackageInputError::Diagnostic(d)
        })?;
        out.push(PackageFile { path: rel, text });
    }
    Ok(())
}
