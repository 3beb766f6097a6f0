//! The Huawei IoTDA console's product model package (离线开发产品模型, the offline product
//! model and what the console exports): a zip of one `profile/devicetype-capability.json` (the
//! device and the services it has) and one `service/<serviceType>/profile/servicetype-capability.json`
//! per service type (its properties, commands and events), with the classic camelCase key names
//! (`serviceTypeCapabilities`, `dataType`) or the current snake_case ones (`service_type_capabilities`,
//! `data_type`). Source: Huawei Cloud IoTDA developer guide, "Developing a Product Model Offline"
//! and "Profile Field Description" (`devg-iothub/iot_02_4012`, `iot_02_4016`).
//!
//! A package is read by assembling its files into the one document the IoTDA API speaks
//! ([`crate::model::HuaweiProductModel`], [`Format::Huawei`]) while keeping, for each of that
//! document's values, the file and pointer it came from: it is validated and converted as that
//! document, with the same diagnostics, and each diagnostic and fidelity entry is moved back into
//! its file (`file`, `pointer`, line and column there). Writing goes the other way
//! ([`write`]): any model, converted to the API's form, split into the package's files.

#[cfg(feature = "package-zip")]
mod archive;
mod assemble;
mod keys;
mod write;

pub use keys::KeyStyle;

use crate::diagnostic::{Code, Diagnostic};
use crate::error::ConvertError;
use crate::format::Format;
use crate::interop::FidelityEntry;
use crate::model::HuaweiProductModel;
use crate::source::Source;
use crate::validate::Report;
use crate::{Conversion, convert_as, validate::validate_as};
use assemble::{Assembled, DEVICE_FILE, Parsed, SERVICE_FILE, is_named};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// The most model files a package may hold (a service type each, and the device's).
pub const MAX_FILES: usize = 1024;
/// The most bytes one model file may hold (1 MiB; once inflated, in an archive).
pub const MAX_FILE_BYTES: u64 = 1 << 20;
/// The most bytes a package's model files may hold together (16 MiB).
pub const MAX_TOTAL_BYTES: u64 = 16 << 20;

/// One file of a package: its path in the archive (`/`-separated) and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PackageFile {
    /// Path in the archive, such as `service/WaterMeter/profile/servicetype-capability.json`.
    pub path: String,
    /// The file's JSON text.
    pub text: String,
}

/// A product model package: its `devicetype-capability.json` and `servicetype-capability.json`
/// files (others, such as codec plug-ins, are not part of the model).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Package {
    /// The files, `devicetype-capability.json` first when written by thingkit.
    pub files: Vec<PackageFile>,
}

impl Package {
    /// Whether `path` names a file of a package (`devicetype-capability.json` or
    /// `servicetype-capability.json`, in any case).
    pub fn is_model_file(path: &str) -> bool {
        is_named(path, DEVICE_FILE) || is_named(path, SERVICE_FILE)
    }

    /// The key names of its `devicetype-capability.json`, when it has one that is JSON.
    pub fn style(&self) -> Option<KeyStyle> {
        let device = self.files.iter().find(|f| is_named(&f.path, DEVICE_FILE))?;
        serde_json::from_str(crate::source::without_bom(&device.text)).ok().map(|v| keys::style_of(&v))
    }
}

/// A model written as a package, and what was said about it.
#[derive(Debug, Clone, PartialEq)]
pub struct PackageConversion {
    /// The package's files.
    pub package: Package,
    /// Warnings about the source: its own, and what the conversion could not carry.
    pub diagnostics: Vec<Diagnostic>,
    /// Warnings about the written files: the fields the console requires that the source
    /// lacks (`TK3004`), located in the file written.
    pub written: Vec<Diagnostic>,
    /// For each element of the source: carried exactly, approximated or lost.
    pub fidelity: Vec<FidelityEntry>,
}

/// A package read: each file parsed, the model assembled.
struct Read<'a> {
    paths: Vec<&'a str>,
    sources: Vec<Source<'a>>,
    assembled: Assembled,
    text: String,
    problems: Vec<Diagnostic>,
}

impl<'a> Read<'a> {
    /// Parses each file and assembles them. Fails with each file's syntax error.
    fn new(package: &'a Package) -> Result<Read<'a>, Vec<Diagnostic>> {
        let files: Vec<&PackageFile> = package.files.iter().filter(|f| Package::is_model_file(&f.path)).collect();
        let mut sources = Vec::new();
        let mut errors = Vec::new();
        for f in &files {
            match Source::parse(&f.text) {
                Ok(source) => sources.push(source),
                Err(mut d) => {
                    d.file = Some(f.path.clone());
                    errors.push(d);
                }
            }
        }
        for (i, f) in files.iter().enumerate() {
            if files[..i].iter().any(|g| g.path == f.path) {
                let mut d = Diagnostic::new(Code::PackageLayout, "", format!("a second file at `{}`", f.path))
                    .with_help("each file of a package has a path of its own");
                d.file = Some(f.path.clone());
                errors.push(d);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        let parsed: Vec<Parsed<'_>> = paths.iter().zip(&sources).map(|(path, s)| Parsed { path, value: s.value() }).collect();
        let (assembled, mut problems) = assemble::assemble(&parsed);
        for (i, source) in sources.iter().enumerate() {
            for mut d in source.text_diagnostics() {
                d.file = Some(paths[i].to_string());
                problems.push(d);
            }
        }
        let text = serde_json::to_string_pretty(&assembled.value).unwrap_or_default();
        let mut read = Read { paths, sources, assembled, text, problems };
        let mut problems = std::mem::take(&mut read.problems);
        for d in &mut problems {
            read.locate_in_file(d);
        }
        read.problems = problems;
        Ok(read)
    }

    /// Moves a diagnostic of the assembled document into the file its value came from, its
    /// words in that file's key names.
    fn relocate(&self, d: &mut Diagnostic) {
        if let Some((file, pointer)) = self.assembled.origin(&d.pointer) {
            d.file = Some(self.paths[file].to_string());
            d.pointer = pointer;
            let style = keys::style_of(self.sources[file].value());
            d.message = keys::respell(&d.message, style);
            d.help = d.help.as_deref().map(|h| keys::respell(h, style));
        }
        (d.span, d.range) = (None, None);
        self.locate_in_file(d);
    }

    fn locate_in_file(&self, d: &mut Diagnostic) {
        if let Some(i) = d.file.as_deref().and_then(|f| self.paths.iter().position(|p| *p == f)) {
            self.sources[i].locate(std::slice::from_mut(d));
        }
    }

    /// Moves diagnostics into their files; several services of one service type share its
    /// definition, so what was said of each is said once.
    fn relocate_all(&self, list: &mut Vec<Diagnostic>) {
        list.iter_mut().for_each(|d| self.relocate(d));
        let mut seen = HashSet::new();
        list.retain(|d| seen.insert((d.code, d.file.clone(), d.pointer.clone(), d.message.clone())));
    }

    /// Moves fidelity entries into their files; of the entries a shared definition got, one per
    /// place and outcome is kept, and an exact one only where nothing else is said.
    fn relocate_fidelity(&self, list: &mut Vec<FidelityEntry>) {
        for e in list.iter_mut() {
            if let Some((file, pointer)) = self.assembled.origin(&e.pointer) {
                e.file = Some(self.paths[file].to_string());
                e.pointer = pointer;
            }
        }
        let said: HashSet<(Option<String>, String)> =
            list.iter().filter(|e| e.outcome != crate::interop::Outcome::Exact).map(|e| (e.file.clone(), e.pointer.clone())).collect();
        let mut seen = HashSet::new();
        list.retain(|e| {
            let exact_but_said = e.outcome == crate::interop::Outcome::Exact && said.contains(&(e.file.clone(), e.pointer.clone()));
            seen.insert((e.file.clone(), e.pointer.clone(), e.outcome, e.message.clone())) && !exact_but_said
        });
    }
}

/// Validates a package as the product model it holds: the layout (`TK2070`, `TK2071`), each
/// file's text, and every rule of [`Format::Huawei`], each diagnostic in its file.
pub fn validate(package: &Package) -> Report {
    match Read::new(package) {
        Ok(read) => read.report(),
        Err(diagnostics) => Report { kind: None, valid: false, diagnostics },
    }
}

impl Read<'_> {
    /// The package's report: its layout's problems, then the assembled model's, in their files.
    fn report(&self) -> Report {
        let mut diagnostics = self.problems.clone();
        if self.assembled.value.is_null() {
            // No device to assemble a model around: the layout's problems are all there is to say.
            return Report { kind: Some(Format::Huawei), valid: false, diagnostics };
        }
        let mut found = validate_as(&self.text, Some(Format::Huawei)).diagnostics;
        // The assembled text's size is no file's: each file's own is checked.
        found.retain(|d| d.code != Code::DocumentTooLarge);
        self.relocate_all(&mut found);
        diagnostics.extend(found);
        let valid = !diagnostics.iter().any(Diagnostic::is_error);
        Report { kind: Some(Format::Huawei), valid, diagnostics }
    }

    /// The assembled model converted to `to`, everything said moved into the files.
    fn convert(&self, to: Format) -> Result<Conversion, ConvertError> {
        if self.problems.iter().any(Diagnostic::is_error) {
            return Err(ConvertError::Invalid { errors: self.report().diagnostics });
        }
        match convert_as(&self.text, Some(Format::Huawei), to) {
            Ok(mut conversion) => {
                conversion.diagnostics.retain(|d| d.code != Code::DocumentTooLarge);
                self.relocate_all(&mut conversion.diagnostics);
                self.relocate_fidelity(&mut conversion.fidelity);
                let mut diagnostics = self.problems.clone();
                diagnostics.append(&mut conversion.diagnostics);
                conversion.diagnostics = diagnostics;
                Ok(conversion)
            }
            Err(ConvertError::Invalid { mut errors }) => {
                errors.retain(|d| d.code != Code::DocumentTooLarge);
                self.relocate_all(&mut errors);
                Err(ConvertError::Invalid { errors })
            }
            Err(e) => Err(e),
        }
    }
}

/// Validates a package and converts the model it holds to `to` (to [`Format::Huawei`]: the
/// API's form, every field kept, the package-only `model` and `om_capability` included).
/// Diagnostics and fidelity entries point into the package's files.
///
/// # Errors
/// As [`crate::convert`]: [`ConvertError::Invalid`] with every diagnostic when the package has
/// errors.
pub fn convert(package: &Package, to: Format) -> Result<Conversion, ConvertError> {
    Read::new(package).map_err(|errors| ConvertError::Invalid { errors })?.convert(to)
}

/// Converts a model of any format (or the one its content tells, when `from` is `None`) to a
/// product model and writes it as a package with `style`'s key names. What a package cannot
/// hold (the product's API-only fields, a property's default value) is reported lost; the
/// fields the console requires that the source lacks are written empty with a `TK3004`
/// warning.
///
/// # Errors
/// As [`crate::convert_as`].
pub fn write(text: &str, from: Option<Format>, style: KeyStyle) -> Result<PackageConversion, ConvertError> {
    let conversion = convert_as(text, from, Format::Huawei)?;
    // `convert_as` validated the text; its format needs only its value.
    let located = from
        .or_else(|| serde_json::from_str(crate::source::without_bom(text)).ok().and_then(|v: serde_json::Value| Format::detect(&v)))
        == Some(Format::Huawei);
    split(conversion, style, located)
}

/// Writes a package's model again as a package with `style`'s key names (from the classic
/// camelCase to the current snake_case, say).
///
/// # Errors
/// As [`convert`].
pub fn rewrite(package: &Package, style: KeyStyle) -> Result<PackageConversion, ConvertError> {
    let read = Read::new(package).map_err(|errors| ConvertError::Invalid { errors })?;
    let conversion = read.convert(Format::Huawei)?;
    let carried = conversion.fidelity.len();
    let mut written = split(conversion, style, true)?;
    // What the package could not hold points into the assembled model: move it to the files.
    let mut lost = written.fidelity.split_off(carried);
    read.relocate_fidelity(&mut lost);
    written.fidelity.extend(lost);
    Ok(written)
}

fn split(conversion: Conversion, style: KeyStyle, located: bool) -> Result<PackageConversion, ConvertError> {
    // The converter writes what it reads; should it not, that is a bug to report, not a package.
    let model: HuaweiProductModel = serde_json::from_str(&conversion.text).map_err(crate::convert::unreadable)?;
    let mut written = write::write(&model, style, located);
    for d in &mut written.diagnostics {
        let file = written.files.iter().find(|f| Some(&f.path) == d.file.as_ref());
        if let Some(source) = file.and_then(|f| Source::parse(&f.text).ok()) {
            source.locate(std::slice::from_mut(d));
        }
    }
    let mut fidelity = conversion.fidelity;
    fidelity.extend(written.lost);
    Ok(PackageConversion {
        package: Package { files: written.files },
        diagnostics: conversion.diagnostics,
        written: written.diagnostics,
        fidelity,
    })
}
