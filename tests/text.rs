//! The text of a document before it is JSON: encodings other than UTF-8 are named with how to
//! convert them, a UTF-8 byte-order mark and CRLF line endings are read, and every diagnostic
//! keeps its place (line and column as editors show them; span and range index the text given).

mod common;

use thingkit::source::text_from_bytes;
use thingkit::{Code, Diagnostic, validate};

fn bytes(rel: &str) -> Vec<u8> {
    std::fs::read(common::root().join("tests/fixtures").join(rel)).expect("fixture exists")
}

fn not_utf8(rel: &str) -> Diagnostic {
    text_from_bytes(bytes(rel)).expect_err("not UTF-8")
}

#[test]
fn gb18030_is_named_with_how_to_convert() {
    let d = not_utf8("encodings/gb18030.tsl.json");
    assert_eq!(d.code, Code::InvalidUtf8);
    assert!(d.message.contains("looks like GB18030/GBK"), "{}", d.message);
    assert!(d.help.as_deref().is_some_and(|h| h.contains("iconv -f GB18030 -t UTF-8")), "{:?}", d.help);
    // The first non-ASCII character of the fixture is on line 10 (`"name": "蓝牙绑定/解绑"`).
    assert_eq!((d.line, d.column), (10, 16));
}

#[test]
fn utf16_is_named_with_and_without_a_byte_order_mark() {
    let with_mark = not_utf8("encodings/utf-16le-bom.tsl.json");
    assert!(with_mark.message.contains("UTF-16 (little-endian, with a byte-order mark)"), "{}", with_mark.message);
    assert!(with_mark.help.as_deref().is_some_and(|h| h.contains("iconv -f UTF-16 -t UTF-8")));
    let without = not_utf8("encodings/utf-16be.tsl.json");
    assert!(without.message.contains("UTF-16 (big-endian)"), "{}", without.message);
    assert!(without.help.as_deref().is_some_and(|h| h.contains("iconv -f UTF-16BE -t UTF-8")));
}

#[test]
fn bytes_that_are_no_known_encoding_are_plain_invalid_utf8() {
    let d = text_from_bytes(b"{\"a\": \"\xff\xff\"}".to_vec()).expect_err("not UTF-8");
    assert_eq!(d.message, "invalid UTF-8 at byte 7");
    assert_eq!((d.line, d.column), (1, 8));
}

/// Line, column, pointer and message of each diagnostic.
fn places(ds: &[Diagnostic]) -> Vec<(String, usize, usize, String)> {
    ds.iter().map(|d| (d.pointer.clone(), d.line, d.column, d.message.clone())).collect()
}

#[test]
fn a_byte_order_mark_and_crlf_keep_every_caret_in_place() {
    let lf = common::fixture("valid/export-2018-sdk-no-step.tsl.json");
    let expected = validate(&lf);
    assert_eq!(expected.diagnostics.len(), 9, "the fixture's missing steps");

    // A byte-order mark read from bytes is dropped before the text is JSON.
    let mut marked = vec![0xef, 0xbb, 0xbf];
    marked.extend(lf.replace('\n', "\r\n").bytes());
    let text = text_from_bytes(marked).expect("UTF-8");
    assert!(!text.starts_with('\u{feff}'));
    assert_eq!(places(&validate(&text).diagnostics), places(&expected.diagnostics), "CRLF: same lines and columns");

    // Given as a string with the mark (the npm package, the language server), lines and columns
    // are as editors show them, and span and range index the string as given.
    let given = format!("\u{feff}{}", lf.replace('\n', "\r\n"));
    let report = validate(&given);
    assert!(report.valid);
    assert_eq!(places(&report.diagnostics), places(&expected.diagnostics));
    let chars: Vec<char> = given.chars().collect();
    for d in &report.diagnostics {
        let (start, end) = d.span.expect("located");
        assert!(given[start..end].starts_with("\"specs\""), "span of {}: {:?}", d.pointer, &given[start..end]);
        let range = d.range.expect("range");
        let shown: String = chars[range.start..range.end].iter().collect();
        assert_eq!(shown, given[start..end], "range of {}", d.pointer);
    }
}

#[test]
fn syntax_errors_after_a_byte_order_mark_are_located_as_editors_show_them() {
    let report = validate("\u{feff}{\r\n  \"profile\": ,\r\n}");
    let d = &report.diagnostics[0];
    assert_eq!(d.code, Code::JsonSyntax);
    assert_eq!((d.line, d.column), (2, 14));
    assert_eq!(d.span.map(|s| s.0), Some("\u{feff}{\r\n  \"profile\": ".len()));
}

#[test]
fn invalid_utf8_after_a_byte_order_mark_is_located_as_editors_show_it() {
    let d = text_from_bytes(b"\xef\xbb\xbf{\"a\": \"\xff\"}".to_vec()).expect_err("not UTF-8");
    assert_eq!((d.line, d.column), (1, 8), "the mark is not a column");
}

/// Text that is not JSON (a message, variables, a request body) is located in characters, as
/// diagnostics are: serde_json counts bytes.
#[test]
fn not_json_columns_count_characters() {
    let text = "{\"名\": x}";
    let e = serde_json::from_str::<serde_json::Value>(text).expect_err("not JSON");
    assert_eq!(e.column(), 9, "serde_json's byte column");
    assert_eq!(thingkit::json::json_error_position(text, &e), (1, 7));
    let error = thingkit::json::not_json("the message", text, &e);
    assert_eq!((error.code, error.line, error.column), (Code::JsonSyntax, Some(1), Some(7)));
    let empty = serde_json::from_str::<serde_json::Value>("").expect_err("empty");
    assert_eq!(thingkit::json::json_error_position("", &empty), (1, 1));
}
