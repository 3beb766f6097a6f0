//! A package's files assembled into the one document the IoTDA API speaks, with the way back
//! from each of its values to the file and pointer it came from.

use super::keys::to_snake;
use crate::diagnostic::{Code, Diagnostic, escape_token};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// The assembled document and where each of its values came from.
#[derive(Debug, Default)]
pub(crate) struct Assembled {
    /// The product model, in the API's form ([`crate::model::HuaweiProductModel`]).
    pub value: Value,
    /// Pointer in the assembled document → (file index, pointer in that file), one per value.
    origins: HashMap<String, (usize, String)>,
    /// Keys an object holds in both spellings (`dataType`, `data_type`): file, pointer, key.
    twice: Vec<(usize, String, String)>,
}

impl Assembled {
    /// The file and pointer a pointer of the assembled document came from: that of its
    /// nearest recorded ancestor, which for a value the file lacks (a missing field) is the
    /// object that should hold it.
    pub fn origin(&self, pointer: &str) -> Option<(usize, String)> {
        let mut at = pointer;
        loop {
            if let Some((file, there)) = self.origins.get(at) {
                // Below a recorded value the keys are the file's own (a missing member's).
                return Some((*file, format!("{there}{}", &pointer[at.len()..])));
            }
            at = &at[..at.rfind('/')?];
        }
    }

    fn record(&mut self, at: &str, file: usize, there: &str) {
        self.origins.insert(at.to_string(), (file, there.to_string()));
    }

    /// Copies `value` (at `there` in `file`) to `at`, keys in snake_case but below the keys
    /// whose values are the device's or the user's own (`omCapability`, `defaultValue`).
    fn copy(&mut self, value: &Value, at: &str, file: usize, there: &str, rename: bool) -> Value {
        self.record(at, file, there);
        match value {
            Value::Object(map) => {
                let mut out = Map::new();
                for (key, v) in map {
                    let name = if rename { to_snake(key) } else { key.as_str() };
                    let below = rename && name != "om_capability" && name != "default_value";
                    let copied =
                        self.copy(v, &format!("{at}/{}", escape_token(name)), file, &format!("{there}/{}", escape_token(key)), below);
                    if out.insert(name.to_string(), copied).is_some() {
                        // `dataType` and `data_type` in one object: the later one is read.
                        self.twice.push((file, format!("{there}/{}", escape_token(key)), key.clone()));
                    }
                }
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(
                items.iter().enumerate().map(|(i, v)| self.copy(v, &format!("{at}/{i}"), file, &format!("{there}/{i}"), rename)).collect(),
            ),
            other => other.clone(),
        }
    }
}

/// A file of the package, parsed.
pub(crate) struct Parsed<'a> {
    pub path: &'a str,
    pub value: &'a Value,
}

/// Whether `path` names a file called `name` (case aside: the documentation itself writes
/// `serviceType-capability.json` and `servicetype-capability.json`).
pub(crate) fn is_named(path: &str, name: &str) -> bool {
    path.rsplit(['/', '\\']).next().is_some_and(|base| base.eq_ignore_ascii_case(name))
}

pub(crate) const DEVICE_FILE: &str = "devicetype-capability.json";
pub(crate) const SERVICE_FILE: &str = "servicetype-capability.json";

/// Assembles the package's files: the device of `devicetype-capability.json` with, for each
/// service it lists, the definition of its service type from a `servicetype-capability.json`.
/// Returns the document and what is wrong with the package's layout (each diagnostic's `file`
/// set, its pointer in that file).
pub(crate) fn assemble(files: &[Parsed<'_>]) -> (Assembled, Vec<Diagnostic>) {
    let mut out = Assembled::default();
    let mut problems = Vec::new();
    let problem = |code: Code, file: Option<usize>, pointer: &str, message: String, help: &str| {
        let mut d = Diagnostic::new(code, pointer, message).with_help(help);
        d.file = file.map(|i| files[i].path.to_string());
        d
    };
    let devices: Vec<usize> = (0..files.len()).filter(|&i| is_named(files[i].path, DEVICE_FILE)).collect();
    let Some(&device_file) = devices.first() else {
        problems.push(problem(
            Code::PackageLayout,
            None,
            "",
            format!("the package has no `{DEVICE_FILE}`"),
            "a product model package holds `profile/devicetype-capability.json` and `service/<serviceType>/profile/servicetype-capability.json` per service type",
        ));
        return (out, problems);
    };
    for &again in &devices[1..] {
        problems.push(problem(
            Code::PackageLayout,
            Some(again),
            "",
            format!("a second `{DEVICE_FILE}`; the first is read"),
            "a package describes one device",
        ));
    }
    let device = match files[device_file].value.get("devices").and_then(Value::as_array).map(Vec::as_slice) {
        Some([device]) if device.is_object() => device,
        _ => {
            problems.push(problem(
                Code::PackageLayout,
                Some(device_file),
                if files[device_file].value.get("devices").is_some() { "/devices" } else { "" },
                "`devices` must be a list of exactly one device".into(),
                "write `{\"devices\": [{\"manufacturerId\": …, \"serviceTypeCapabilities\": […]}]}`",
            ));
            return (out, problems);
        }
    };
    // What a package's files hold beside their one list is not part of the model: said, not dropped.
    for (i, file) in files.iter().enumerate() {
        let list = if i == device_file {
            "devices"
        } else if is_named(file.path, SERVICE_FILE) {
            "services"
        } else {
            continue;
        };
        for key in file.value.as_object().into_iter().flatten().map(|(k, _)| k).filter(|k| *k != list) {
            problems.push(problem(
                Code::UnknownField,
                Some(i),
                &format!("/{}", escape_token(key)),
                format!("`{key}` is not part of a product model package; it is not read"),
                &format!("the file holds `{list}` only"),
            ));
        }
    }
    // Each service type's definition: file, pointer, value.
    let mut definitions: Vec<(usize, String, &Value, String)> = Vec::new();
    for (i, file) in files.iter().enumerate().filter(|(_, f)| is_named(f.path, SERVICE_FILE)) {
        let Some(services) = file.value.get("services").and_then(Value::as_array) else {
            problems.push(problem(
                Code::PackageLayout,
                Some(i),
                "",
                "no `services` list".into(),
                "write `{\"services\": [{\"serviceType\": …}]}`",
            ));
            continue;
        };
        for (k, service) in services.iter().enumerate() {
            let Some(kind) = service.get("serviceType").or_else(|| service.get("service_type")).and_then(Value::as_str) else {
                problems.push(problem(
                    Code::PackageLayout,
                    Some(i),
                    &format!("/services/{k}"),
                    "a service without a `serviceType` (text): no device can list it".into(),
                    "write `{\"serviceType\": …, \"properties\": […]}`",
                ));
                continue;
            };
            if definitions.iter().any(|(.., other)| other == kind) {
                problems.push(problem(
                    Code::PackageLayout,
                    Some(i),
                    &format!("/services/{k}"),
                    format!("the service type `{kind}` is defined twice; the first definition is read"),
                    "define each service type once",
                ));
                continue;
            }
            definitions.push((i, format!("/services/{k}"), service, kind.to_string()));
        }
    }
    let mut used = vec![false; definitions.len()];
    let mut model = Map::new();
    out.record("", device_file, "/devices/0");
    for (key, value) in device.as_object().into_iter().flatten() {
        let name = to_snake(key);
        let there = format!("/devices/0/{}", escape_token(key));
        if name != "service_type_capabilities" {
            let copied = out.copy(value, &format!("/{}", escape_token(name)), device_file, &there, name != "om_capability");
            model.insert(name.to_string(), copied);
            continue;
        }
        out.record("/service_capabilities", device_file, &there);
        let Some(list) = value.as_array() else {
            // Not a list: copied as it is, for the schema to say so.
            model.insert("service_capabilities".into(), out.copy(value, "/service_capabilities", device_file, &there, true));
            continue;
        };
        let mut services = Vec::new();
        for (j, entry) in list.iter().enumerate() {
            let at = format!("/service_capabilities/{j}");
            let mut service = out.copy(entry, &at, device_file, &format!("{there}/{j}"), true);
            let kind = service.get("service_type").and_then(Value::as_str).map(str::to_string);
            let found = kind.as_deref().and_then(|kind| definitions.iter().position(|(.., k)| k == kind));
            match (found, service.as_object_mut()) {
                (Some(d), Some(object)) => {
                    used[d] = true;
                    let (file, pointer, definition, _) = &definitions[d];
                    for (key, value) in definition.as_object().into_iter().flatten() {
                        let name = to_snake(key);
                        if name == "service_type" {
                            continue;
                        }
                        if object.contains_key(name) {
                            problems.push(problem(
                                Code::DuplicateKey,
                                Some(*file),
                                &format!("{pointer}/{}", escape_token(key)),
                                format!("`{key}` is said by `{DEVICE_FILE}` too; this one is read"),
                                "say it in one of the files",
                            ));
                        }
                        let copied = out.copy(
                            value,
                            &format!("{at}/{}", escape_token(name)),
                            *file,
                            &format!("{pointer}/{}", escape_token(key)),
                            true,
                        );
                        object.insert(name.to_string(), copied);
                    }
                }
                (None, Some(_)) => problems.push(problem(
                    Code::PackageLayout,
                    Some(device_file),
                    &format!("{there}/{j}"),
                    format!("no `{SERVICE_FILE}` defines the service type `{}`", kind.unwrap_or_default()),
                    "add `service/<serviceType>/profile/servicetype-capability.json` with `{\"services\": [{\"serviceType\": …}]}`",
                )),
                // Not an object: the schema says so.
                _ => {}
            }
            services.push(service);
        }
        model.insert("service_capabilities".into(), Value::Array(services));
    }
    for (d, (file, pointer, _, kind)) in definitions.iter().enumerate() {
        if !used[d] {
            problems.push(problem(
                Code::UnlistedService,
                Some(*file),
                pointer,
                format!("`{DEVICE_FILE}` lists no service of the type `{kind}`"),
                "list it in `serviceTypeCapabilities`, or remove the file",
            ));
        }
    }
    for (file, pointer, key) in std::mem::take(&mut out.twice) {
        problems.push(problem(
            Code::DuplicateKey,
            Some(file),
            &pointer,
            format!("`{key}` says again what the object's other spelling of it says; this one is read"),
            "keep one spelling: camelCase or snake_case",
        ));
    }
    out.value = Value::Object(model);
    (out, problems)
}
