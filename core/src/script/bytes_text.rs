//! Device bytes written as text, as people paste them into consoles and requests: hex (`0x`
//! prefix, spaces, colons and dashes between bytes allowed) or base64 (standard or URL-safe,
//! padded or not). Errors point at the offending character.

use super::ScriptError;
use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

const LENIENT: GeneralPurposeConfig = GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
const STANDARD: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::STANDARD, LENIENT);
const URL_SAFE: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::URL_SAFE, LENIENT);

/// Reads hex such as `0102ff`, `0x01 02 FF` or `01:02:ff`.
pub fn from_hex(text: &str) -> Result<Vec<u8>, ScriptError> {
    let body = text.trim();
    let offset = text.len() - text.trim_start().len();
    let (body, offset) = match body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
        Some(rest) => (rest, offset + 2),
        None => (body, offset),
    };
    // The separators go; every other character must be a hex digit.
    let mut digits = Vec::with_capacity(body.len());
    for (i, c) in body.char_indices() {
        if c.is_ascii_hexdigit() {
            digits.push(c as u8);
        } else if !(c.is_whitespace() || c == ':' || c == '-') {
            return Err(bad_hex(format!("`{c}` is not a hex digit"), column(text, offset + i)));
        }
    }
    if digits.len() % 2 == 1 {
        return Err(bad_hex(format!("{} hex digits: an odd number cannot be whole bytes", digits.len()), column(text, text.len())));
    }
    hex::decode(&digits).map_err(|e| bad_hex(e.to_string(), 1))
}

/// Reads base64, standard or URL-safe, padded or not; whitespace is ignored.
pub fn from_base64(text: &str) -> Result<Vec<u8>, ScriptError> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let engine = if compact.contains(['-', '_']) { &URL_SAFE } else { &STANDARD };
    engine.decode(&compact).map_err(|e| {
        let at = match e {
            base64::DecodeError::InvalidByte(i, _) | base64::DecodeError::InvalidLastSymbol(i, _) => i,
            _ => compact.len(),
        };
        // `at` counts non-whitespace characters; find the column in the original text.
        let original = text.char_indices().filter(|(_, c)| !c.is_whitespace()).nth(at).map_or(text.len(), |(i, _)| i);
        ScriptError::BadInputBytes { encoding: "base64", message: e.to_string(), column: column(text, original) }
    })
}

fn bad_hex(message: String, column: usize) -> ScriptError {
    ScriptError::BadInputBytes { encoding: "hex", message, column }
}

/// 1-based column, in characters, of byte offset `at`.
fn column(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].chars().count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_forms() {
        assert_eq!(from_hex("0102ff").expect("decodes"), [1, 2, 255]);
        assert_eq!(from_hex(" 0x01 02:FF-10 ").expect("decodes"), [1, 2, 255, 16]);
        assert_eq!(from_hex("").expect("decodes"), Vec::<u8>::new());
        let err = from_hex("01zz").expect_err("fails");
        assert_eq!(err.location(), Some((1, 3)));
        assert_eq!(err.code().as_str(), "TK5019");
        assert!(from_hex("012").expect_err("fails").to_string().contains("odd"));
    }

    #[test]
    fn base64_forms() {
        assert_eq!(from_base64("AQL/").expect("decodes"), [1, 2, 255]);
        assert_eq!(from_base64("AQL_").expect("decodes"), [1, 2, 255]);
        assert_eq!(from_base64("AQI").expect("decodes"), [1, 2]);
        assert_eq!(from_base64("AQ I=").expect("decodes"), [1, 2]);
        let err = from_base64("AQ*I").expect_err("fails");
        assert_eq!(err.location(), Some((1, 3)));
    }
}
