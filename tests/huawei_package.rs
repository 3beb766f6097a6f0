//! Huawei product model packages (`devicetype-capability.json` + `servicetype-capability.json`,
//! zipped or not, camelCase or snake_case keys): read, validated into the right file, converted,
//! written back.

use serde_json::Value;
use std::io::Write;
use std::path::Path;
use thingkit::huawei_package::{self, KeyStyle, Package, PackageFile};
use thingkit::{Code, Format};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/huawei-package");

/// The files under `dir`, paths relative to it, in path order.
fn package(name: &str) -> Package {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PackageFile>) {
        for entry in std::fs::read_dir(dir).expect("fixture folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).expect("under root").to_string_lossy().replace('\\', "/");
                out.push(PackageFile { path: rel, text: std::fs::read_to_string(&path).expect("text") });
            }
        }
    }
    let root = Path::new(DIR).join(name);
    let mut files = Vec::new();
    walk(&root, &root, &mut files);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Package { files }
}

fn summary(d: &thingkit::Diagnostic) -> (Code, Option<String>, String, usize, usize) {
    (d.code, d.file.clone(), d.pointer.clone(), d.line, d.column)
}

fn replace(package: &mut Package, path: &str, from: &str, to: &str) {
    let file = package.files.iter_mut().find(|f| f.path == path).expect("file");
    assert!(file.text.contains(from), "{from} in {path}");
    file.text = file.text.replacen(from, to, 1);
}

#[test]
fn both_generations_of_keys_read_as_valid_product_models() {
    for name in ["streetlight-camel", "smoke-snake"] {
        let p = package(name);
        let report = huawei_package::validate(&p);
        assert!(report.valid, "{name}: {:#?}", report.diagnostics);
        assert_eq!(report.kind, Some(Format::Huawei));
        insta::assert_json_snapshot!(format!("huawei_package_{name}"), report.diagnostics);
    }
    assert_eq!(package("streetlight-camel").style(), Some(KeyStyle::Camel));
    assert_eq!(package("smoke-snake").style(), Some(KeyStyle::Snake));
}

#[test]
fn a_console_placeholder_is_warned_in_its_own_file_at_its_line() {
    let report = huawei_package::validate(&package("streetlight-camel"));
    let file = "service/Connectivity/profile/servicetype-capability.json";
    let step = report.diagnostics.iter().find(|d| d.code == Code::UnsetStep && d.file.as_deref() == Some(file) && d.pointer == "/services/0/properties/0/step");
    let step = step.expect("the signal strength's step 0 is warned");
    assert_eq!(step.file.as_deref(), Some("service/Connectivity/profile/servicetype-capability.json"));
    // `"step": 0,` of `signalStrength`, line 14 of that file.
    assert_eq!((step.line, step.column), (14, 21));
}

#[test]
fn an_error_in_a_service_file_points_into_that_file() {
    let mut p = package("smoke-snake");
    replace(&mut p, "service/Battery/profile/servicetype-capability.json", "\"data_type\": \"int\"", "\"data_type\": \"integer\"");
    let report = huawei_package::validate(&p);
    assert!(!report.valid);
    let d = report.diagnostics.iter().find(|d| d.is_error()).expect("an error");
    assert_eq!(
        summary(d),
        (Code::NotAllowedValue, Some("service/Battery/profile/servicetype-capability.json".into()), "/services/0/properties/0/data_type".into(), 9, 11)
    );
    // In a camelCase file the pointer keeps the file's own key names.
    let mut p = package("streetlight-camel");
    replace(&mut p, "service/StreetLight/profile/servicetype-capability.json", "\"max\": 100,", "\"max\": \"many\",");
    let report = huawei_package::validate(&p);
    let d = report.diagnostics.iter().find(|d| d.is_error()).expect("an error");
    assert_eq!(d.file.as_deref(), Some("service/StreetLight/profile/servicetype-capability.json"));
    assert_eq!(d.pointer, "/services/0/properties/1");
    assert_eq!(d.code, Code::NotANumber);
    // Its words in the file's own key names.
    let mut p = package("streetlight-camel");
    replace(&mut p, "service/StreetLight/profile/servicetype-capability.json", "\"propertyName\": \"brightness\",", "");
    let report = huawei_package::validate(&p);
    let d = report.diagnostics.iter().find(|d| d.code == Code::MissingField).expect("the name is missing");
    assert!(d.message.contains("`propertyName`") && !d.message.contains("`property_name`"), "{d:?}");
}

#[test]
fn the_layout_is_checked() {
    // A listed service type that no file defines.
    let mut p = package("smoke-snake");
    p.files.retain(|f| !f.path.contains("Battery"));
    let report = huawei_package::validate(&p);
    let d: Vec<_> = report.diagnostics.iter().filter(|d| d.is_error()).map(summary).collect();
    assert_eq!(d, [(Code::PackageLayout, Some("profile/devicetype-capability.json".into()), "/devices/0/service_type_capabilities/1".into(), 15, 9)]);
    // A defined service type that the device does not list.
    let mut p = package("smoke-snake");
    replace(&mut p, "profile/devicetype-capability.json", "\"service_type\": \"Battery\"", "\"service_type\": \"Smoke\"");
    let report = huawei_package::validate(&p);
    assert!(report.valid, "{:#?}", report.diagnostics);
    let d: Vec<_> = report.diagnostics.iter().filter(|d| d.code == Code::UnlistedService).map(summary).collect();
    assert_eq!(d, [(Code::UnlistedService, Some("service/Battery/profile/servicetype-capability.json".into()), "/services/0".into(), 3, 5)]);
    // No device file; two device files; a device file with two devices.
    let mut p = package("smoke-snake");
    p.files.retain(|f| !f.path.starts_with("profile/"));
    assert_eq!(huawei_package::validate(&p).diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(), [Code::PackageLayout]);
    let mut p = package("smoke-snake");
    let again = p.files[0].clone();
    p.files.push(PackageFile { path: format!("copy/{}", again.path), ..again });
    assert!(huawei_package::validate(&p).diagnostics.iter().any(|d| d.code == Code::PackageLayout && d.file.as_deref() == Some("copy/profile/devicetype-capability.json")));
    let mut p = package("smoke-snake");
    replace(&mut p, "profile/devicetype-capability.json", "\"devices\": [", "\"devices\": [{},");
    let d: Vec<_> = huawei_package::validate(&p).diagnostics.iter().map(summary).collect();
    assert_eq!(d, [(Code::PackageLayout, Some("profile/devicetype-capability.json".into()), "/devices".into(), 2, 3)]);
    // A file that is not JSON says where, in that file.
    let mut p = package("smoke-snake");
    replace(&mut p, "service/Smoke/profile/servicetype-capability.json", "\"min\": 10,", "\"min\": 10,,");
    let d: Vec<_> = huawei_package::validate(&p).diagnostics.iter().map(summary).collect();
    assert_eq!(d, [(Code::JsonSyntax, Some("service/Smoke/profile/servicetype-capability.json".into()), "".into(), 14, 25)]);
}

#[test]
fn a_package_converts_to_every_format_and_to_the_api_form_keeps_everything() {
    for name in ["streetlight-camel", "smoke-snake"] {
        let p = package(name);
        for to in [Format::Tsl, Format::ThingModelJson, Format::Tencent, Format::Wot, Format::Huawei] {
            let c = huawei_package::convert(&p, to).unwrap_or_else(|e| panic!("{name} → {to}: {e:?}"));
            assert!(thingkit::validate::validate_as(&c.text, Some(to)).valid, "{name} → {to}");
            // Every fidelity entry and diagnostic points into a file of the package.
            for e in &c.fidelity {
                let file = e.file.as_deref().unwrap_or_else(|| panic!("{name} → {to}: {e:?} has no file"));
                let text = &p.files.iter().find(|f| f.path == file).expect("a file of the package").text;
                let value: Value = serde_json::from_str(text).expect("JSON");
                assert!(value.pointer(&e.pointer).is_some(), "{name} → {to}: {e:?} points at nothing");
            }
        }
    }
    let api = huawei_package::convert(&package("streetlight-camel"), Format::Huawei).expect("converts").document();
    assert_eq!(api["model"], "SL200");
    assert_eq!(api["om_capability"]["fwUpgradeCapability"]["upgradeProtocolType"], "LWM2M");
    assert_eq!(api["service_capabilities"][0]["properties"][0]["method"], "RE");
    assert_eq!(api["service_capabilities"][1]["properties"][0]["property_name"], "signalStrength");
}

#[test]
fn a_package_is_written_back_in_either_generation_and_reads_the_same() {
    for name in ["streetlight-camel", "smoke-snake"] {
        let p = package(name);
        let api = huawei_package::convert(&p, Format::Huawei).expect("converts").document();
        for style in [KeyStyle::Snake, KeyStyle::Camel] {
            let written = huawei_package::rewrite(&p, style).expect("rewrites");
            assert!(written.fidelity.iter().all(|e| e.outcome == thingkit::interop::Outcome::Exact), "{name}: {:#?}", written.fidelity);
            assert_eq!(written.package.style(), Some(style));
            let report = huawei_package::validate(&written.package);
            assert!(report.valid, "{name} as {style:?}: {:#?}", report.diagnostics);
            let again = huawei_package::convert(&written.package, Format::Huawei).expect("converts").document();
            // The same model: `null`, an absent list and an empty one say the same, as do a
            // `step` of 0 and none.
            assert_eq!(typed(&again), typed(&api), "{name} as {style:?}");
            // The archive gives back the same files, and the same package the same bytes.
            let zip = written.package.to_zip().expect("zips");
            assert_eq!(Package::from_zip(&zip).expect("reads"), written.package);
            assert_eq!(zip, written.package.to_zip().expect("zips"));
        }
    }
    let camel = huawei_package::rewrite(&package("smoke-snake"), KeyStyle::Camel).expect("rewrites");
    insta::assert_snapshot!("huawei_package_smoke_as_camel", camel.package.files.iter().map(|f| format!("== {}\n{}\n", f.path, f.text)).collect::<String>());
}

fn typed(v: &Value) -> thingkit::model::HuaweiProductModel {
    serde_json::from_value(v.clone()).expect("a product model")
}

#[test]
fn any_model_is_written_as_a_package_with_what_it_lacks_said() {
    let tsl = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/alink-example.tsl.json")).expect("the example TSL");
    let written = huawei_package::write(&tsl, None, KeyStyle::Snake).expect("writes");
    let report = huawei_package::validate(&written.package);
    assert!(report.valid, "{:#?}", report.diagnostics);
    let missing: Vec<_> = written.written.iter().filter(|d| d.code == Code::PackageFieldMissing).map(|d| d.message.clone()).collect();
    assert!(!missing.is_empty(), "a model without a manufacturer says so");
    // In the written file, at the device (or the service entry), with a line to show.
    assert!(written.written.iter().all(|d| d.file.as_deref() == Some("profile/devicetype-capability.json") && d.line > 0), "{:?}", written.written);
    assert_eq!((written.written[0].pointer.as_str(), written.written[0].line), ("/devices/0", 3));
    // The API's own product fields have no place in a package: reported at their pointers.
    let api = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/valid/huawei-create-product-fields.product-model.json")).expect("fixture");
    let written = huawei_package::write(&api, None, KeyStyle::Camel).expect("writes");
    let lost: Vec<_> = written.fidelity.iter().filter(|e| e.outcome == thingkit::interop::Outcome::Lost).map(|e| e.pointer.as_str()).collect();
    assert!(lost.contains(&"/app_id") && lost.contains(&"/product_id"), "{lost:?}");
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        zip.start_file(*name, zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated)).expect("entry");
        zip.write_all(bytes).expect("bytes");
    }
    zip.finish().expect("zip").into_inner()
}

#[test]
fn hostile_archives_get_coded_errors() {
    assert_eq!(Package::from_zip(b"PK\x03\x04 not really").map_err(|d| d.code), Err(Code::BadArchive));
    assert_eq!(Package::from_zip(b"").map_err(|d| d.code), Err(Code::BadArchive));
    // 64 MiB of spaces deflate to a few dozen KiB: read through the cap, never whole.
    let zeros = vec![b' '; 64 << 20];
    let bomb = zip_of(&[("profile/devicetype-capability.json", &zeros)]);
    assert!(bomb.len() < 1 << 20);
    let e = Package::from_zip(&bomb).expect_err("refused");
    assert_eq!(e.code, Code::BadArchive);
    assert!(e.message.contains("devicetype-capability.json"), "{}", e.message);
    // A file in GB18030 is named, with its path.
    let (gbk, _, _) = encoding_rs::GB18030.encode("{\"devices\": [{\"manufacturer_name\": \"烟感\"}]}");
    let e = Package::from_zip(&zip_of(&[("profile/devicetype-capability.json", &gbk)])).expect_err("refused");
    assert_eq!((e.code, e.file.as_deref()), (Code::InvalidUtf8, Some("profile/devicetype-capability.json")));
    // Entries beside the model (a codec plug-in, a read-me) are skipped; a top folder is fine.
    let p = package("smoke-snake");
    let mut entries: Vec<(String, &[u8])> = p.files.iter().map(|f| (format!("SmokeDetector_Ember_SD-9/{}", f.path), f.text.as_bytes())).collect();
    entries.push(("SmokeDetector_Ember_SD-9/codec/plugin.jar".into(), b"\x00\x01"));
    let entries: Vec<(&str, &[u8])> = entries.iter().map(|(n, b)| (n.as_str(), *b)).collect();
    let read = Package::from_zip(&zip_of(&entries)).expect("reads");
    assert_eq!(read.files.len(), 3);
    assert!(huawei_package::validate(&read).valid);
}

#[test]
fn odd_package_shapes_are_diagnosed_in_their_files() {
    let device = |text: &str| PackageFile { path: "profile/devicetype-capability.json".into(), text: text.into() };
    let service = |text: &str| PackageFile { path: "service/S/profile/servicetype-capability.json".into(), text: text.into() };
    let codes = |p: &Package| huawei_package::validate(p).diagnostics.iter().map(|d| (d.code, d.pointer.clone())).collect::<Vec<_>>();
    let listing = r#"{"devices": [{"manufacturerId": "m", "serviceTypeCapabilities": [{"serviceId": "S", "serviceType": "S", "option": "Master"}]}]}"#;
    // `devices` an object; a service that is not an object; one without `serviceType`.
    assert_eq!(codes(&Package { files: vec![device(r#"{"devices": {"a": 1}}"#)] }), [(Code::PackageLayout, "/devices".to_string())]);
    let p = Package { files: vec![device(listing), service(r#"{"services": [42, {"properties": []}]}"#)] };
    let found = codes(&p);
    assert!(found.contains(&(Code::PackageLayout, "/services/0".into())) && found.contains(&(Code::PackageLayout, "/services/1".into())), "{found:?}");
    assert!(!huawei_package::validate(&p).valid);
    // What a file holds beside its list, and a key in both spellings, are said.
    let p = Package {
        files: vec![
            device(listing),
            service(r#"{"services": [{"serviceType": "S", "properties": [{"propertyName": "p", "dataType": "int", "data_type": "int", "method": "R"}]}], "version": "2"}"#),
        ],
    };
    let found = codes(&p);
    assert!(found.contains(&(Code::UnknownField, "/version".into())), "{found:?}");
    assert!(found.contains(&(Code::DuplicateKey, "/services/0/properties/0/data_type".into())), "{found:?}");
    // Two files at one path.
    let p = Package { files: vec![device(listing), service("{}"), service("{}")] };
    assert_eq!(huawei_package::validate(&p).diagnostics[0].code, Code::PackageLayout);
}

#[test]
fn archive_entries_outside_the_package_or_twice_are_refused() {
    let text = b"{\"devices\": []}";
    for entries in [
        vec![("../profile/devicetype-capability.json", &text[..])],
        vec![("profile/devicetype-capability.json", &text[..]), ("profile\\devicetype-capability.json", &text[..])],
    ] {
        let e = Package::from_zip(&zip_of(&entries)).expect_err("refused");
        assert_eq!(e.code, Code::BadArchive, "{entries:?}: {e:?}");
    }
    // An absolute name is read inside the archive's folder, as unzip does.
    let read = Package::from_zip(&zip_of(&[("/etc/devicetype-capability.json", &text[..])])).expect("reads");
    assert_eq!(read.files[0].path, "etc/devicetype-capability.json");
}
