//! Identifiers and names: their forms, reserved words and uniqueness.

use super::view::Field;
use crate::diagnostic::{Code, Diagnostic};
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Identifiers the platform keeps for itself.
pub(crate) const RESERVED: [&str; 7] = ["set", "get", "post", "property", "event", "time", "value"];

static IDENTIFIER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[A-Za-z0-9_]{1,50}$").expect("valid regex"));
static FUNCTION_BLOCK_ID: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[A-Za-z0-9_]{1,30}$").expect("valid regex"));
// The console's rule: Chinese, letters, Japanese (kana and the prolonged sound mark `ー`),
// digits, `-`, `_`, `/` and `.`, starting with one of the first four. Labels leave out `/` and `.`.
static NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\p{Han}\p{Hiragana}\p{Katakana}ーA-Za-z0-9][\p{Han}\p{Hiragana}\p{Katakana}ーA-Za-z0-9_.\-/]*$").expect("valid regex")
});
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\p{Han}\p{Hiragana}\p{Katakana}ーA-Za-z0-9][\p{Han}\p{Hiragana}\p{Katakana}ーA-Za-z0-9_\-]*$").expect("valid regex")
});
static FUNCTION_BLOCK_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\p{Han}\p{Hiragana}\p{Katakana}A-Za-z0-9_]+$").expect("valid regex"));

/// Checks a feature, parameter or member identifier. `generated` allows the reserved word
/// of a platform-generated feature in its own place.
pub(crate) fn identifier(field: &Field<'_>, generated: bool, out: &mut Vec<Diagnostic>) {
    let Some(id) = field.value.as_str() else {
        return;
    };
    if !IDENTIFIER.is_match(id) {
        out.push(
            Diagnostic::new(Code::InvalidIdentifier, &field.ptr, format!("invalid identifier `{id}`"))
                .with_help("use 1 to 50 ASCII letters, digits or underscores"),
        );
    } else if !generated && RESERVED.contains(&id) {
        out.push(
            Diagnostic::new(Code::ReservedIdentifier, &field.ptr, format!("`{id}` is a reserved identifier"))
                .with_help("set, get, post, property, event, time and value are kept by the platform"),
        );
    }
}

/// What a name names, for its limits.
#[derive(Debug, Clone, Copy)]
pub(crate) enum NameKind {
    /// Feature, parameter or struct member: 30 characters, `.` allowed.
    Feature,
    /// Enum or bool label: 20 characters.
    Label,
}

/// Checks a name: its characters and its length, a CJK character counting as one.
pub(crate) fn name(field: &Field<'_>, kind: NameKind, out: &mut Vec<Diagnostic>) {
    let Some(name) = field.value.as_str() else {
        return;
    };
    let (pattern, max, what) = match kind {
        NameKind::Feature => (&*NAME, 30, "name"),
        NameKind::Label => (&*LABEL, 20, "label"),
    };
    if !pattern.is_match(name) {
        let allowed = match kind {
            NameKind::Feature => "CJK characters, kana, letters, digits, `-`, `_`, `/` and `.`",
            NameKind::Label => "CJK characters, kana, letters, digits, `-` and `_`",
        };
        out.push(
            Diagnostic::new(Code::InvalidName, &field.ptr, format!("invalid {what} `{name}`"))
                .with_help(format!("use {allowed}, starting with a CJK character, kana, letter or digit")),
        );
    }
    let count = name.chars().count();
    if count > max {
        out.push(Diagnostic::new(Code::NameTooLong, &field.ptr, format!("{what} `{name}` has {count} characters, more than {max}")));
    }
}

static NOT_NAME_CHARS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[^\p{Han}\p{Hiragana}\p{Katakana}ーA-Za-z0-9_.\-/]+").expect("valid regex"));
static NOT_LABEL_CHARS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[^\p{Han}\p{Hiragana}\p{Katakana}ーA-Za-z0-9_\-]+").expect("valid regex"));
static NOT_A_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[^\p{Han}\p{Hiragana}\p{Katakana}ーA-Za-z0-9]+").expect("valid regex"));

/// The nearest valid name to `name`, for writing other formats' names into a TSL: each run of
/// characters a name cannot hold becomes `_`, what cannot start a name is dropped from the start,
/// and the rest is cut to the limit. `fallback` (an identifier) stands in for a name with nothing
/// left. `None` when `name` is already valid.
pub(crate) fn nearest_name(name: &str, kind: NameKind, fallback: &str) -> Option<String> {
    let (pattern, not_allowed, max) = match kind {
        NameKind::Feature => (&*NAME, &*NOT_NAME_CHARS, 30),
        NameKind::Label => (&*LABEL, &*NOT_LABEL_CHARS, 20),
    };
    if pattern.is_match(name) && name.chars().count() <= max {
        return None;
    }
    let fit = |text: &str| -> String {
        let replaced = not_allowed.replace_all(text, "_");
        NOT_A_START.replace(&replaced, "").chars().take(max).collect()
    };
    let near = fit(name);
    Some(if near.is_empty() { Some(fit(fallback)).filter(|f| !f.is_empty()).unwrap_or_else(|| "unnamed".into()) } else { near })
}

/// Checks a custom module's identifier.
pub(crate) fn function_block_id(field: &Field<'_>, out: &mut Vec<Diagnostic>) {
    let Some(id) = field.value.as_str() else {
        return;
    };
    if !FUNCTION_BLOCK_ID.is_match(id) {
        out.push(
            Diagnostic::new(Code::InvalidFunctionBlockId, &field.ptr, format!("invalid custom module identifier `{id}`"))
                .with_help("use 1 to 30 ASCII letters, digits or underscores"),
        );
    }
}

/// Checks a custom module's name.
pub(crate) fn function_block_name(field: &Field<'_>, out: &mut Vec<Diagnostic>) {
    let Some(name) = field.value.as_str() else {
        return;
    };
    let count = name.chars().count();
    if !(4..=30).contains(&count) || !FUNCTION_BLOCK_NAME.is_match(name) {
        out.push(
            Diagnostic::new(Code::InvalidFunctionBlockName, &field.ptr, format!("invalid custom module name `{name}`"))
                .with_help("use 4 to 30 CJK characters, kana, letters, digits or underscores"),
        );
    }
}

/// Finds repeats within one scope.
#[derive(Debug)]
pub(crate) struct Unique<'a> {
    seen: HashMap<&'a str, String>,
    code: Code,
    what: &'static str,
}

impl<'a> Unique<'a> {
    /// Identifiers of one scope.
    pub fn identifiers(what: &'static str) -> Self {
        Unique { seen: HashMap::new(), code: Code::DuplicateIdentifier, what }
    }

    /// Feature names of one module.
    pub fn names() -> Self {
        Unique { seen: HashMap::new(), code: Code::DuplicateName, what: "feature name" }
    }

    /// Records a value; a repeat is reported at the later place.
    pub fn add(&mut self, field: &Field<'a>, out: &mut Vec<Diagnostic>) {
        let Some(s) = field.value.as_str() else {
            return;
        };
        if let Some(first) = self.seen.get(s) {
            out.push(
                Diagnostic::new(self.code, &field.ptr, format!("duplicate {} `{s}`", self.what))
                    .with_help(format!("first used at `{first}`")),
            );
        } else {
            self.seen.insert(s, field.ptr.clone());
        }
    }
}
