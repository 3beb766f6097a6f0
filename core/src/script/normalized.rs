//! The Things Stack's normalized uplink payload: the vocabulary `normalizeUplink` must answer
//! in, and the check The Things Stack applies to it, whose violations are warnings there and
//! here (the message still goes on).
//!
//! `data` is one measurement object or a list of them. A measurement holds `time` (RFC 3339)
//! and groups of numbers, each with its unit and bounds, as the LoRaWAN Device Repository's
//! payload schema (`lib/payload.json`) defines them.

use serde_json::Value;

/// One field of the vocabulary: its path, unit and bounds (`None`: unbounded on that side).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    /// Dotted path within a measurement, such as `air.temperature`.
    pub path: &'static str,
    /// The unit the value is in.
    pub unit: &'static str,
    /// Smallest allowed value, inclusive.
    pub minimum: Option<f64>,
    /// Largest allowed value, inclusive (exclusive where `exclusive_maximum`).
    pub maximum: Option<f64>,
    /// Whether `maximum` itself is outside the range (wind direction: 360° is 0°).
    pub exclusive_maximum: bool,
}

const fn field(path: &'static str, unit: &'static str, minimum: Option<f64>, maximum: Option<f64>) -> Field {
    Field { path, unit, minimum, maximum, exclusive_maximum: false }
}

const TEMPERATURE: Option<f64> = Some(-273.15);
const PERCENT: (Option<f64>, Option<f64>) = (Some(0.0), Some(100.0));
const PPM: (Option<f64>, Option<f64>) = (Some(0.0), Some(1_000_000.0));

/// Every numeric field of a measurement.
pub const FIELDS: &[Field] = &[
    field("soil.depth", "cm", Some(0.0), None),
    field("soil.moisture", "%", PERCENT.0, PERCENT.1),
    field("soil.temperature", "°C", TEMPERATURE, None),
    field("soil.ec", "dS/m", Some(0.0), Some(621.0)),
    field("soil.pH", "pH", Some(0.0), Some(14.0)),
    field("soil.n", "ppm", PPM.0, PPM.1),
    field("soil.p", "ppm", PPM.0, PPM.1),
    field("soil.k", "ppm", PPM.0, PPM.1),
    field("air.temperature", "°C", TEMPERATURE, None),
    field("air.relativeHumidity", "%", PERCENT.0, PERCENT.1),
    field("air.pressure", "hPa", Some(900.0), Some(1100.0)),
    field("air.co2", "ppm", PPM.0, PPM.1),
    field("air.lightIntensity", "lux", Some(0.0), None),
    field("wind.speed", "m/s", Some(0.0), None),
    Field { path: "wind.direction", unit: "°", minimum: Some(0.0), maximum: Some(360.0), exclusive_maximum: true },
];

/// Checks `normalizeUplink`'s `data` against the vocabulary; each problem is one warning, in
/// the words The Things Stack uses for them (`measurement 0: field air.temperature: …`).
pub fn check(data: &Value) -> Vec<String> {
    let mut warnings = Vec::new();
    match data {
        Value::Array(list) => {
            for (i, measurement) in list.iter().enumerate() {
                check_measurement(i, measurement, &mut warnings);
            }
        }
        other => check_measurement(0, other, &mut warnings),
    }
    warnings
}

/// Adds [`check`]'s warnings on a `normalizeUplink` result's `data` to its `warnings` (made a
/// list when absent), as The Things Stack reports them beside the normalized payload.
pub fn add_warnings(result: &mut Value) {
    let Some(object) = result.as_object_mut() else { return };
    let found = check(object.get("data").unwrap_or(&Value::Null));
    if found.is_empty() {
        return;
    }
    let warnings = object.entry("warnings").or_insert_with(|| Value::Array(Vec::new()));
    if !warnings.is_array() {
        *warnings = Value::Array(Vec::new());
    }
    if let Value::Array(list) = warnings {
        list.extend(found.into_iter().map(Value::from));
    }
}

/// Puts a `normalizeUplink` result (its warnings already added, [`add_warnings`]) beside the
/// decoded result, as The Things Stack keeps them: `normalizedPayload`, a list of measurements,
/// and `normalizedPayloadWarnings`.
pub fn attach(decoded: &mut Value, normalized: &Value) {
    let Some(object) = decoded.as_object_mut() else { return };
    let payload = match normalized.get("data") {
        Some(Value::Array(list)) => Value::Array(list.clone()),
        Some(one) => Value::Array(vec![one.clone()]),
        None => Value::Array(Vec::new()),
    };
    let warnings = normalized.get("warnings").cloned().unwrap_or_else(|| Value::Array(Vec::new()));
    object.insert("normalizedPayload".into(), payload);
    object.insert("normalizedPayloadWarnings".into(), warnings);
}

fn check_measurement(index: usize, measurement: &Value, warnings: &mut Vec<String>) {
    let Value::Object(map) = measurement else {
        warnings.push(format!("measurement {index}: not an object"));
        return;
    };
    for (key, value) in map {
        match key.as_str() {
            "time" => {
                if !value.as_str().is_some_and(is_rfc3339) {
                    warnings.push(format!("measurement {index}: field time: {value} is not an RFC 3339 date and time"));
                }
            }
            group => match value {
                Value::Object(members) if FIELDS.iter().any(|f| f.path.split_once('.').is_some_and(|(g, _)| g == group)) => {
                    for (name, v) in members {
                        let path = format!("{group}.{name}");
                        match FIELDS.iter().find(|f| f.path == path) {
                            Some(f) => check_value(index, f, v, warnings),
                            None => warnings.push(format!("measurement {index}: field {path}: not in the normalized payload")),
                        }
                    }
                }
                _ => warnings.push(format!("measurement {index}: field {group}: not in the normalized payload")),
            },
        }
    }
}

fn check_value(index: usize, f: &Field, value: &Value, warnings: &mut Vec<String>) {
    let Some(x) = value.as_f64() else {
        warnings.push(format!("measurement {index}: field {}: {value} is not a number", f.path));
        return;
    };
    if let Some(min) = f.minimum
        && x < min
    {
        warnings.push(format!("measurement {index}: field {}: {x} {} is below the minimum of {min}", f.path, f.unit));
    }
    if let Some(max) = f.maximum
        && (x > max || (f.exclusive_maximum && x == max))
    {
        let what = if f.exclusive_maximum { "at or above" } else { "above" };
        warnings.push(format!("measurement {index}: field {}: {x} {} is {what} the maximum of {max}", f.path, f.unit));
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, the shape RFC 3339 gives a date and time.
fn is_rfc3339(text: &str) -> bool {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| b.get(range).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    if b.len() < 20 || !digits(0..4) || b[4] != b'-' || !digits(5..7) || b[7] != b'-' || !digits(8..10) {
        return false;
    }
    if !matches!(b[10], b'T' | b't') || !digits(11..13) || b[13] != b':' || !digits(14..16) || b[16] != b':' || !digits(17..19) {
        return false;
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match &b[i..] {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit()),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn in_range_values_pass_and_violations_are_named() {
        assert!(check(&json!({"air": {"temperature": 21.5, "relativeHumidity": 40}, "time": "2024-05-01T10:00:00Z"})).is_empty());
        let warnings = check(&json!([{"air": {"temperature": -300}}, {"wind": {"direction": 360}, "water": {}}]));
        assert_eq!(
            warnings,
            [
                "measurement 0: field air.temperature: -300 °C is below the minimum of -273.15",
                "measurement 1: field water: not in the normalized payload",
                "measurement 1: field wind.direction: 360 ° is at or above the maximum of 360",
            ]
        );
        assert_eq!(check(&json!({"time": "yesterday"})), ["measurement 0: field time: \"yesterday\" is not an RFC 3339 date and time"]);
    }
}
