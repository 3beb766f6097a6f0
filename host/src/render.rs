//! Text rendering of diagnostics, with a source excerpt and a caret as rustc prints them.

use codespan_reporting::diagnostic::{Diagnostic as Rendered, Label, Severity as RenderedSeverity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config};
use thingkit::{Diagnostic, Severity};

/// Renders diagnostics of the document `name` with text `text`.
pub(crate) fn diagnostics(name: &str, text: &str, diagnostics: &[Diagnostic]) -> String {
    let file = SimpleFile::new(name, text);
    let config = Config::default();
    let mut out = String::new();
    for d in diagnostics {
        let severity = match d.severity {
            Severity::Error => RenderedSeverity::Error,
            Severity::Warning => RenderedSeverity::Warning,
        };
        let mut notes = Vec::new();
        if !d.pointer.is_empty() {
            notes.push(format!("at `{}`", d.pointer));
        }
        if let Some(hint) = &d.help {
            notes.push(format!("help: {hint}"));
        }
        let mut rendered = Rendered::new(severity).with_code(d.code.as_str()).with_message(&d.message).with_notes(notes);
        // A span that does not fall on character boundaries of this text (it was made for
        // another one) gets no excerpt rather than a panic.
        let excerpt = d.span.filter(|&(s, e)| s <= e && text.get(s..e).is_some());
        if let Some((start, end)) = excerpt {
            rendered = rendered.with_labels(vec![Label::primary((), start..end.min(start + first_line_len(&text[start..])))]);
        } else if !text.is_empty() || d.line > 0 {
            rendered.message = format!("{} (line {}, column {})", rendered.message, d.line, d.column);
        }
        match term::emit_into_string(&config, &file, &rendered) {
            Ok(s) => out.push_str(&s),
            Err(_) => out.push_str(&format!("{d}\n")),
        }
    }
    out
}

/// Carets underline the first line of a multi-line value only (without a CRLF's `\r`).
fn first_line_len(s: &str) -> usize {
    s.find(['\r', '\n']).unwrap_or(s.len()).max(1).min(s.len())
}

/// The byte range of the character at `line` and `column` (both from 1, columns in
/// characters) of `text`, for an excerpt's caret; `None` when the text has no such place.
pub(crate) fn span_at(text: &str, line: usize, column: usize) -> Option<(usize, usize)> {
    let start_of_line = if line <= 1 { 0 } else { text.match_indices('\n').nth(line - 2)?.0 + 1 };
    let rest = &text[start_of_line..];
    let (offset, c) = rest.char_indices().nth(column.saturating_sub(1))?;
    (c != '\n').then(|| (start_of_line + offset, start_of_line + offset + c.len_utf8()))
}
