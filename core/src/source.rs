//! Reading a document: JSON text to a value, with every problem located by line and column.
//!
//! serde_json parses the value once (it bounds nesting and says where syntax breaks), through a
//! visitor that also notices a repeated key, which a value silently collapses. jsonc-parser, in
//! strict JSON mode, gives the byte ranges that turn a JSON pointer back into a place in the
//! text: it runs only when a diagnostic has to be located or a repeated key named, so a valid
//! document is read once.

use crate::diagnostic::{Code, Diagnostic, TextRange, escape_token};
use jsonc_parser::ast;
use serde_json::Value;
use std::sync::OnceLock;

/// The largest thing-model document the platform takes: 256 KB, counted in characters.
pub const MAX_DOCUMENT_CHARS: usize = 256 * 1024;

/// jsonc-parser reading JSON and nothing beyond it (its default reads every extension); a
/// reader of JSONC turns on what it takes (`allow_comments: true, ..STRICT_JSON`).
pub const STRICT_JSON: jsonc_parser::ParseOptions = jsonc_parser::ParseOptions {
    allow_comments: false,
    allow_loose_object_property_names: false,
    allow_trailing_commas: false,
    allow_missing_commas: false,
    allow_single_quoted_strings: false,
    allow_hexadecimal_numbers: false,
    allow_unary_plus_numbers: false,
    allow_bare_decimal_point_numbers: false,
    allow_non_finite_numbers: false,
    allow_extended_string_escapes: false,
};

/// The UTF-8 byte-order mark some Windows editors write; it is not part of the JSON text.
const BOM: char = '\u{feff}';

/// The text without a leading UTF-8 byte-order mark.
pub fn without_bom(text: &str) -> &str {
    text.strip_prefix(BOM).unwrap_or(text)
}

/// Bytes as text (a leading UTF-8 byte-order mark dropped), or a located TK0002 diagnostic when
/// they are not UTF-8. The diagnostic names the encoding the bytes most likely are in — UTF-16
/// (with a byte-order mark, or ASCII text with every other byte zero) or GB18030/GBK, which
/// Chinese vendors' tools often write — and how to convert them.
///
/// # Errors
/// [`Code::InvalidUtf8`] at the line and column where the UTF-8 breaks.
// The diagnostic is the whole answer for text that cannot be read: once per document, not boxed.
#[allow(clippy::result_large_err)]
pub fn text_from_bytes(bytes: Vec<u8>) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(text) if text.starts_with(BOM) => Ok(text[BOM.len_utf8()..].to_string()),
        Ok(text) => Ok(text),
        Err(e) => Err(not_utf8(e.as_bytes(), e.utf8_error().valid_up_to())),
    }
}

fn not_utf8(bytes: &[u8], at: usize) -> Diagnostic {
    let valid = &bytes[..at];
    let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    // A UTF-8 byte-order mark is not a column, as in `Source`.
    let line_text = &valid[line_start..];
    let line_text = if line_start == 0 { line_text.strip_prefix(b"\xef\xbb\xbf").unwrap_or(line_text) } else { line_text };
    let column = String::from_utf8_lossy(line_text).chars().count() + 1;
    let (message, hint) = match likely_encoding(bytes) {
        Some(encoding) => (
            format!("invalid UTF-8 at byte {at}: the text looks like {encoding}"),
            format!(
                "thing models, scripts and messages are UTF-8; convert it, e.g. `iconv -f {} -t UTF-8 in.json > out.json`, or re-save it as UTF-8",
                iconv_name(encoding)
            ),
        ),
        None => {
            (format!("invalid UTF-8 at byte {at}"), "thing models, scripts and messages are UTF-8; re-save the text as UTF-8".to_string())
        }
    };
    let mut d = Diagnostic::new(Code::InvalidUtf8, "", message).with_help(hint);
    d.line = line;
    d.column = column;
    d
}

/// The encoding non-UTF-8 bytes most likely are in, by name.
fn likely_encoding(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xff, 0xfe, ..] => return Some("UTF-16 (little-endian, with a byte-order mark)"),
        [0xfe, 0xff, ..] => return Some("UTF-16 (big-endian, with a byte-order mark)"),
        _ => {}
    }
    // ASCII text in UTF-16 without a mark: every other byte is zero.
    let pairs = bytes.len() / 2;
    if pairs >= 2 {
        let zeros_at = |parity: usize| bytes.iter().skip(parity).step_by(2).filter(|b| **b == 0).count();
        if zeros_at(1) * 10 >= pairs * 9 {
            return Some("UTF-16 (little-endian)");
        }
        if zeros_at(0) * 10 >= pairs * 9 {
            return Some("UTF-16 (big-endian)");
        }
    }
    // GB18030 (a superset of GBK and GB2312) decodes every byte sequence its lead bytes start;
    // text that decodes without a malformed sequence, and uses multi-byte characters, is taken
    // for it.
    let (_, malformed) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    (!malformed && !bytes.is_ascii()).then_some("GB18030/GBK")
}

fn iconv_name(encoding: &str) -> &'static str {
    if encoding.starts_with("GB") {
        "GB18030"
    } else if encoding.contains("big-endian") {
        "UTF-16BE"
    } else if encoding.contains("byte-order mark") {
        "UTF-16"
    } else {
        "UTF-16LE"
    }
}

/// A parsed document and the text it came from.
#[derive(Debug)]
pub struct Source<'a> {
    /// The text after a byte-order mark, if there was one.
    text: &'a str,
    /// Bytes of the byte-order mark before `text` (0 or 3): spans and ranges index the text
    /// as given, lines and columns count as editors show it (without the mark).
    bom: usize,
    value: Value,
    /// Whether some object repeats a key (the value keeps the last one).
    repeated_key: bool,
    /// The text's syntax tree, with byte ranges: built on first need.
    ast: OnceLock<Option<ast::Value<'a>>>,
    /// Line starts: counted on first need, like the syntax tree.
    lines: OnceLock<LineIndex>,
}

impl<'a> Source<'a> {
    /// Parses `text` (a leading UTF-8 byte-order mark is not part of it: positions count from
    /// after it). Fails with a located diagnostic when the text is not JSON.
    ///
    /// # Errors
    /// [`Code::JsonSyntax`] (or [`Code::NestingTooDeep`]) where the text stops being JSON.
    #[allow(clippy::result_large_err)] // once per document; see `text_from_bytes`
    pub fn parse(text: &'a str) -> Result<Source<'a>, Diagnostic> {
        let given = text;
        let text = without_bom(text);
        let bom = given.len() - text.len();
        let repeated = std::cell::Cell::new(false);
        let mut reader = serde_json::Deserializer::from_str(text);
        let value = serde::de::DeserializeSeed::deserialize(Noticing(&repeated), &mut reader).and_then(|v| reader.end().map(|()| v));
        let value = value.map_err(|e| {
            let mut d = syntax_diagnostic(text, &LineIndex::new(text), &e);
            shift(&mut d, bom);
            d
        })?;
        Ok(Source { text, bom, value, repeated_key: repeated.get(), ast: OnceLock::new(), lines: OnceLock::new() })
    }

    /// The syntax tree with byte ranges, parsed on first use.
    fn ast(&self) -> Option<&ast::Value<'a>> {
        self.ast
            .get_or_init(|| {
                // serde_json accepted the text, so it is plain JSON nested at most 128 deep: the
                // AST parse cannot fail or recurse far. Should it fail anyway, locations degrade
                // to 1:1.
                jsonc_parser::parse_to_ast(self.text, &Default::default(), &STRICT_JSON).ok().and_then(|r| r.value)
            })
            .as_ref()
    }

    /// The text (without a byte-order mark).
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The parsed value.
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// Takes the parsed value.
    pub fn into_value(self) -> Value {
        self.value
    }

    /// Diagnostics for what the text says but the value cannot show: duplicate keys, and a
    /// document over the platform's size limit.
    pub fn text_diagnostics(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        // A character is at least a byte: a text within the limit in bytes is within it.
        let chars = if self.text.len() > MAX_DOCUMENT_CHARS { effective_chars(self.text) } else { 0 };
        if chars > MAX_DOCUMENT_CHARS {
            out.push(
                Diagnostic::new(
                    Code::DocumentTooLarge,
                    "",
                    format!("the document has {chars} characters (white space between tokens not counted), more than the platform's limit of {MAX_DOCUMENT_CHARS} (256 KB)"),
                )
                .with_help("split the model into custom modules (function blocks)"),
            );
        }
        if self.repeated_key
            && let Some(ast) = self.ast()
        {
            find_duplicate_keys(ast, &mut String::new(), &mut out);
        }
        out
    }

    /// Fills in line, column and span of each diagnostic from its pointer.
    pub fn locate(&self, diagnostics: &mut [Diagnostic]) {
        if diagnostics.is_empty() {
            return;
        }
        let lines = self.lines.get_or_init(|| LineIndex::new(self.text));
        for d in diagnostics {
            if d.span.is_none() {
                d.span = self.span_of(&d.pointer);
            }
            let offset = d.span.map_or(0, |s| s.0);
            let (line, column) = lines.line_column(self.text, offset);
            d.line = line;
            d.column = column;
            d.range = d.span.map(|(start, end)| TextRange {
                start: lines.char_offset(self.text, start),
                end: lines.char_offset(self.text, end.max(start)),
            });
            shift(d, self.bom);
        }
    }

    /// Byte range of the value at `pointer`; for an object member, from its key to the end of
    /// its value, so that a caret lands on the key. Pointers into missing members resolve to
    /// the nearest existing ancestor.
    pub fn span_of(&self, pointer: &str) -> Option<(usize, usize)> {
        let mut node = self.ast()?;
        let mut span = (range_of(node).start, range_of(node).end);
        for token in pointer.split('/').skip(1) {
            let token = token.replace("~1", "/").replace("~0", "~");
            match node {
                ast::Value::Object(obj) => {
                    // The last of duplicated keys is the one serde_json kept.
                    match obj.properties.iter().rev().find(|p| p.name.as_str() == token) {
                        Some(prop) => {
                            span = (prop.range.start, prop.range.end);
                            node = &prop.value;
                        }
                        None => break,
                    }
                }
                ast::Value::Array(arr) => match token.parse::<usize>().ok().and_then(|i| arr.elements.get(i)) {
                    Some(el) => {
                        node = el;
                        span = (range_of(node).start, range_of(node).end);
                    }
                    None => break,
                },
                _ => break,
            }
        }
        Some(span)
    }
}

/// A JSON value as serde_json builds it, noticing on the way whether an object repeats a key
/// (serde_json's own `Value` keeps the last value silently). Costs one comparison per key: the
/// map's `insert` already says whether the key was there.
struct Noticing<'c>(&'c std::cell::Cell<bool>);

impl<'de> serde::de::DeserializeSeed<'de> for Noticing<'_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Noticing<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(Noticing(self.0))? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(Noticing(self.0))?;
            if object.insert(key, value).is_some() {
                self.0.set(true);
            }
        }
        Ok(Value::Object(object))
    }
}

/// Characters that count toward the platform's limit ("有效字符"): everything but the white
/// space between tokens, so that pretty-printing a document does not change its size.
fn effective_chars(text: &str) -> usize {
    // The text is JSON (serde_json read it): outside strings every byte is ASCII, and a string
    // ends at the first quote that no backslash escapes. memchr jumps from quote to quote; a
    // character is a byte that does not continue a UTF-8 sequence.
    let chars = |chunk: &[u8]| chunk.iter().filter(|&&b| (b & 0xC0) != 0x80).count();
    let tokens = |chunk: &[u8]| chunk.iter().filter(|&&b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r')).count();
    let bytes = text.as_bytes();
    let (mut count, mut i) = (0, 0);
    while i < bytes.len() {
        let Some(open) = memchr::memchr(b'"', &bytes[i..]) else {
            count += tokens(&bytes[i..]);
            break;
        };
        count += tokens(&bytes[i..i + open]) + 1;
        i += open + 1;
        // Inside the string, up to its closing quote (counted).
        while i < bytes.len() {
            let Some(at) = memchr::memchr2(b'"', b'\\', &bytes[i..]) else {
                count += chars(&bytes[i..]);
                i = bytes.len();
                break;
            };
            count += chars(&bytes[i..i + at]) + 1;
            let quote = bytes[i + at] == b'"';
            i += at + 1;
            if quote {
                break;
            }
            // The escaped character (ASCII in JSON) counts as one.
            if i < bytes.len() {
                count += 1;
                i += 1;
            }
        }
    }
    count
}

fn range_of(v: &ast::Value<'_>) -> jsonc_parser::common::Range {
    match v {
        ast::Value::StringLit(x) => x.range,
        ast::Value::NumberLit(x) => x.range,
        ast::Value::BooleanLit(x) => x.range,
        ast::Value::Object(x) => x.range,
        ast::Value::Array(x) => x.range,
        ast::Value::NullKeyword(x) => x.range,
    }
}

fn find_duplicate_keys(v: &ast::Value<'_>, pointer: &mut String, out: &mut Vec<Diagnostic>) {
    let len = pointer.len();
    match v {
        ast::Value::Object(obj) => {
            let mut seen = std::collections::HashSet::new();
            for prop in &obj.properties {
                let name = prop.name.as_str();
                pointer.push('/');
                pointer.push_str(&escape_token(name));
                if !seen.insert(name) {
                    let mut d = Diagnostic::new(
                        Code::DuplicateKey,
                        pointer.clone(),
                        format!("duplicate key `{name}`: only its last value is kept"),
                    )
                    .with_help("JSON objects need distinct keys; was a list (`[...]`) meant?");
                    // Point at this occurrence, not at the kept (last) one.
                    d.span = Some((prop.range.start, prop.range.end));
                    out.push(d);
                }
                find_duplicate_keys(&prop.value, pointer, out);
                pointer.truncate(len);
            }
        }
        ast::Value::Array(arr) => {
            for (i, el) in arr.elements.iter().enumerate() {
                use std::fmt::Write;
                let _ = write!(pointer, "/{i}");
                find_duplicate_keys(el, pointer, out);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// Where serde_json stopped reading `text`: a line and a column in characters, from 1.
pub fn error_position(text: &str, e: &serde_json::Error) -> (usize, usize) {
    let lines = LineIndex::new(text);
    let (line, column) = lines.line_column(text, lines.offset(text, e.line(), e.column()));
    (line.max(1), column.max(1))
}

fn syntax_diagnostic(text: &str, lines: &LineIndex, e: &serde_json::Error) -> Diagnostic {
    // serde_json counts columns in bytes; turn its place into a byte offset, then into
    // characters so that editors and carets agree.
    let offset = lines.offset(text, e.line(), e.column());
    let (line, column) = lines.line_column(text, offset);
    let full = e.to_string();
    let message = full.rsplit_once(" at line ").map_or(full.as_str(), |(m, _)| m).to_string();
    let code = if message.contains("recursion limit") { Code::NestingTooDeep } else { Code::JsonSyntax };
    let mut d = Diagnostic::new(code, "", message);
    if code == Code::NestingTooDeep {
        d.message = "the JSON nests more than 128 levels deep".into();
    }
    d.line = line.max(1);
    d.column = column.max(1);
    let end = text[offset..].chars().next().map_or(offset, |c| offset + c.len_utf8());
    d.span = Some((offset, end));
    let start = lines.char_offset(text, offset);
    d.range = Some(TextRange { start, end: start + usize::from(offset < text.len()) });
    d
}

/// Moves a located diagnostic's span and range past a byte-order mark of `bom` bytes (one
/// character), so that they index the text as given.
fn shift(d: &mut Diagnostic, bom: usize) {
    if bom > 0 {
        d.span = d.span.map(|(start, end)| (start + bom, end + bom));
        d.range = d.range.map(|r| TextRange { start: r.start + 1, end: r.end + 1 });
    }
}

/// Byte offsets of line starts, to turn offsets into 1-based line and character column.
#[derive(Debug)]
struct LineIndex {
    starts: Vec<usize>,
    /// Characters before each line start, counted on first use.
    chars_before: OnceLock<Vec<usize>>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts, chars_before: OnceLock::new() }
    }

    /// Character offset (from the start of the text) of a byte offset. The characters before
    /// each line are counted once, when a first diagnostic needs a range: a valid document
    /// never pays for them.
    fn char_offset(&self, text: &str, offset: usize) -> usize {
        let chars_before = self.chars_before.get_or_init(|| {
            let mut count = 0;
            let mut previous = 0;
            self.starts
                .iter()
                .map(|&start| {
                    count += text.get(previous..start).map_or(0, |s| s.chars().count());
                    previous = start;
                    count
                })
                .collect()
        });
        let (line, column) = self.line_column(text, offset);
        chars_before.get(line - 1).copied().unwrap_or(0) + column - 1
    }

    fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let column = text.get(start..offset).map_or(offset - start, |s| s.chars().count()) + 1;
        (line, column)
    }

    /// Byte offset of serde_json's (line, byte column); column 0 means the end of the line before.
    fn offset(&self, text: &str, line: usize, column: usize) -> usize {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return text.len();
        };
        if column == 0 && line > 1 {
            // The `\n` that ends the line before.
            return start - 1;
        }
        let mut offset = (start + column.saturating_sub(1)).min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::{Source, effective_chars};

    /// The one parse builds what serde_json's own `Value` would, and notices a repeated key at
    /// any depth (reported once the syntax tree is asked for).
    #[test]
    fn the_one_parse_is_serde_jsons_value_and_sees_repeated_keys() {
        for (text, repeated) in [
            (r#"{"a": 1, "b": [true, null, -0, 1.5e300, 18446744073709551615, -9223372036854775808, 0.1], "c": "\u00e9\n"}"#, false),
            (r#"{"a": 1, "a": 2}"#, true),
            (r#"[{"x": {"y": [{"k": 1, "k": {"z": 0}}]}}]"#, true),
            (r#"{"a": {"k": 1}, "b": {"k": 2}}"#, false),
            ("\u{feff}{\"a\": \"b\"}", false),
        ] {
            let source = Source::parse(text).expect("JSON");
            let expected: serde_json::Value = serde_json::from_str(super::without_bom(text)).expect("JSON");
            assert_eq!(source.value(), &expected, "{text}");
            let duplicates = source.text_diagnostics().iter().filter(|d| d.code == crate::Code::DuplicateKey).count();
            assert_eq!(duplicates > 0, repeated, "{text}");
        }
        assert!(Source::parse(r#"{"a": 1} x"#).is_err(), "trailing characters are an error");
    }

    /// What the platform counts, character by character: the reference the fast count meets.
    fn by_characters(text: &str) -> usize {
        let (mut count, mut in_string, mut escaped) = (0, false, false);
        for c in text.chars() {
            if in_string {
                count += 1;
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => in_string = false,
                    _ => {}
                }
            } else if !c.is_whitespace() {
                count += 1;
                in_string = c == '"';
            }
        }
        count
    }

    #[test]
    fn the_effective_count_is_the_character_count_outside_white_space() {
        for text in [
            "{}",
            "  {\n\t\"a\" : 1 }\r\n",
            r#"{"名称": "客厅 灯", "b": [1, 2.5e3, true, null]}"#,
            r#"{"esc": "a \"quoted\" \\ back\\", "u": "\u00e9\ud83d\ude00 😀", "tail": "\\"}"#,
            r#"["", " ", "\"", "\\\\"]"#,
        ] {
            assert!(serde_json::from_str::<serde_json::Value>(text).is_ok(), "{text}");
            assert_eq!(effective_chars(text), by_characters(text), "{text}");
        }
    }
}
