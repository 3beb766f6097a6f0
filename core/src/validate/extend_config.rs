//! Rules of extendConfig (Modbus, OPC UA, custom), on features and in the export document.

use crate::diagnostic::{Code, Diagnostic, join};
use crate::model::TypeName;
use crate::model::extend_config::{ExtendConfigKind, OperateType};
use crate::rules::names::Unique;
use crate::rules::view::{Field, elements};
use serde_json::Value;

/// What kind of feature an extendConfig belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FeatureKind {
    Property,
    Service,
    Event,
}

/// Checks the export document: each list's configs, identifiers unique per list.
pub(super) fn check_document(root: &Value, out: &mut Vec<Diagnostic>) {
    for (list, kind) in [("properties", FeatureKind::Property), ("services", FeatureKind::Service), ("events", FeatureKind::Event)] {
        let mut ids = Unique::identifiers("extendConfig identifier");
        for (ptr, config) in elements(root, "", list) {
            if let Some(id) = Field::member(config, &ptr, "identifier") {
                ids.add(&id, out);
            }
            check(kind, None, None, config, &ptr, out);
        }
    }
}

/// Checks one extendConfig of a feature (`feature_id` and `data_type` when known).
pub(super) fn check(
    feature: FeatureKind,
    feature_id: Option<&str>,
    data_type: Option<TypeName>,
    config: &Value,
    ptr: &str,
    out: &mut Vec<Diagnostic>,
) {
    let Some(kind) = ExtendConfigKind::of(config) else {
        if config.is_object() {
            out.push(
                Diagnostic::new(Code::ExtendConfigKind, ptr, "cannot tell whether this extendConfig is Modbus, OPC UA or custom")
                    .with_help("Modbus has `registerAddress` and `operateType`; OPC UA has `displayName` or `inputData`/`outputData`; custom has `customize`"),
            );
        }
        return;
    };
    if let (Some(expected), Some(id)) = (feature_id, Field::member(config, ptr, "identifier"))
        && let Some(found) = id.value.as_str()
        && found != expected
    {
        out.push(Diagnostic::new(
            Code::ExtendConfigIdentifier,
            &id.ptr,
            format!("extendConfig identifier `{found}` differs from its feature's `{expected}`"),
        ));
    }
    match kind {
        ExtendConfigKind::Modbus if feature != FeatureKind::Property => {
            out.push(Diagnostic::new(Code::ExtendConfigKind, ptr, "a Modbus extendConfig is only allowed on properties"))
        }
        ExtendConfigKind::Modbus => modbus(config, ptr, data_type, out),
        ExtendConfigKind::OpcUa => opc_ua(feature, config, ptr, out),
        ExtendConfigKind::Custom => {}
    }
}

fn int(config: &Value, key: &str) -> Option<i64> {
    config.get(key).and_then(Value::as_i64)
}

fn modbus(config: &Value, ptr: &str, data_type: Option<TypeName>, out: &mut Vec<Diagnostic>) {
    if let Some(address) = Field::member(config, ptr, "registerAddress") {
        let ok = address.value.as_str().is_some_and(|a| {
            a.strip_prefix("0x")
                .or_else(|| a.strip_prefix("0X"))
                .is_some_and(|hex| !hex.is_empty() && hex.len() <= 4 && u16::from_str_radix(hex, 16).is_ok())
        });
        if !ok {
            out.push(
                Diagnostic::new(Code::RegisterAddress, &address.ptr, format!("invalid register address {}", address.value))
                    .with_help("write a hexadecimal address from 0x0 to 0xFFFF, starting with `0x`"),
            );
        }
    }
    let operate = config.get("operateType").and_then(Value::as_str).and_then(OperateType::parse);
    let code = int(config, "writeFunctionCode");
    if let (Some(op), Some(c)) = (operate, code)
        && !op.function_codes().contains(&c)
    {
        let allowed: Vec<String> = op.function_codes().iter().map(i64::to_string).collect();
        out.push(Diagnostic::new(
            Code::WriteFunctionCode,
            join(ptr, "writeFunctionCode"),
            format!(
                "writeFunctionCode {c} is not allowed for `{}`; allowed: {}",
                config["operateType"].as_str().unwrap_or_default(),
                allowed.join(", ")
            ),
        ));
    }
    if int(config, "writeOnly") == Some(1) && code.unwrap_or(0) == 0 {
        out.push(
            Diagnostic::new(Code::WriteOnly, join(ptr, "writeOnly"), "`writeOnly` is 1 but `writeFunctionCode` is 0 (read only)")
                .with_help("set a writing function code, or writeOnly 0"),
        );
    }
    let original = config.get("originalDataType");
    let original_type = original.and_then(|o| o.get("type")).and_then(Value::as_str);
    let stringish = matches!(original_type, Some("string" | "customized data"));
    let boolish = original_type == Some("bool") || data_type == Some(TypeName::Bool);
    if let Some(scaling) = Field::member(config, ptr, "scaling") {
        if scaling.value.as_f64() == Some(0.0) {
            out.push(Diagnostic::new(Code::Scaling, &scaling.ptr, "`scaling` must not be 0"));
        } else if (stringish || boolish || data_type == Some(TypeName::Text)) && scaling.value.as_f64() == Some(1.0) {
            // Every platform response example writes `scaling: 1` on every point.
            out.push(neutral(&scaling.ptr, "`scaling` 1 on a string or bool value scales nothing"));
        } else if stringish || boolish || data_type == Some(TypeName::Text) {
            out.push(Diagnostic::new(Code::Scaling, &scaling.ptr, "string and bool values take no `scaling`"));
        }
    }
    if let Some(mask) = Field::member(config, ptr, "bitMask") {
        let n = mask.value.as_i64().unwrap_or(0);
        if !(1..=32768).contains(&n) || n & (n - 1) != 0 {
            out.push(Diagnostic::new(Code::BitMask, &mask.ptr, format!("bitMask {} is not a power of two from 1 to 32768", mask.value)));
        } else if data_type.is_some() && !boolish {
            // Only a feature's own type says: in the export document, a bool may well be a bit
            // of an `int16` register.
            out.push(Diagnostic::new(Code::BitMask, &mask.ptr, "`bitMask` is only for bool values"));
        }
    }
    if let Some(specs) = original.and_then(|o| o.get("specs")).filter(|s| s.is_object()) {
        let sptr = join(&join(ptr, "originalDataType"), "specs");
        let has = |k: &str| specs.get(k).is_some();
        if stringish {
            if !has("registerCount") {
                out.push(Diagnostic::new(Code::OriginalDataTypeSpecs, &sptr, "string and customized data need `registerCount`"));
            }
            for k in ["swap", "reverseRegister"].into_iter().filter(|k| has(k)) {
                out.push(Diagnostic::new(
                    Code::OriginalDataTypeSpecs,
                    join(&sptr, k),
                    format!("`{k}` is not for string or customized data"),
                ));
            }
        } else if original_type.is_some() && specs.get("registerCount").and_then(Value::as_i64) == Some(1) {
            out.push(neutral(&join(&sptr, "registerCount"), "`registerCount` 1 is only meaningful for string and customized data"));
        } else if original_type.is_some() && has("registerCount") {
            out.push(Diagnostic::new(
                Code::OriginalDataTypeSpecs,
                join(&sptr, "registerCount"),
                "`registerCount` is only for string and customized data",
            ));
        }
    }
}

/// A value the platform writes although it means nothing where it stands: a warning, read as
/// absent.
fn neutral(ptr: &str, message: &str) -> Diagnostic {
    Diagnostic::new(Code::NeutralValue, ptr, message).with_help("the platform's own exports carry it; it can be left out")
}

fn opc_ua(feature: FeatureKind, config: &Value, ptr: &str, out: &mut Vec<Diagnostic>) {
    if feature != FeatureKind::Service && config.get("displayName").is_none() {
        out.push(Diagnostic::new(Code::OpcUaDisplayName, ptr, "an OPC UA extendConfig of a property or event needs `displayName`"));
    }
    for key in ["inputData", "outputData"] {
        if config.get(key).is_some_and(|v| v.as_str() == Some("")) {
            out.push(neutral(&join(ptr, key), &format!("`{key}` `\"\"` is read as an empty list")));
        }
        let mut seen: Vec<i64> = Vec::new();
        for (iptr, item) in elements(config, ptr, key) {
            if let Some(index) = item.get("index").and_then(Value::as_i64) {
                if seen.contains(&index) {
                    out.push(Diagnostic::new(Code::OpcUaIndex, join(&iptr, "index"), format!("duplicate index {index} in `{key}`")));
                }
                seen.push(index);
            }
        }
    }
}
