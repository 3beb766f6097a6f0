//! Places in the script's text: the parser's line and column (from 1, in characters, lines
//! broken as ECMAScript breaks them) to byte offsets and back, and the tokens the syntax tree
//! has no span for (a `let` keyword, the `...` of a rest parameter) found next to the nodes
//! that have one.

use boa_engine::ast::{Position, Span};
use std::cell::RefCell;
use std::collections::HashMap;

/// Line starts of a text, to turn positions into offsets.
#[derive(Debug)]
pub(crate) struct Locator<'a> {
    text: &'a str,
    /// Per line: the byte offset and the character offset of its start, and whether it is all
    /// ASCII (where a column is a byte count).
    lines: Vec<(usize, usize, bool)>,
    /// For the lines that are not all ASCII, once asked: the byte offset of each character.
    chars: RefCell<HashMap<usize, Vec<usize>>>,
}

impl<'a> Locator<'a> {
    /// Lines break at `\r\n`, `\n`, `\r`, U+2028 and U+2029, as in the parser.
    pub fn new(text: &'a str) -> Locator<'a> {
        let mut starts = vec![(0, 0)];
        let mut chars = text.char_indices().peekable();
        let mut index = 0;
        while let Some((at, c)) = chars.next() {
            index += 1;
            let breaks = match c {
                '\r' => {
                    if let Some(&(_, '\n')) = chars.peek() {
                        chars.next();
                        index += 1;
                        starts.push((at + 2, index));
                        continue;
                    }
                    true
                }
                '\n' | '\u{2028}' | '\u{2029}' => true,
                _ => false,
            };
            if breaks {
                starts.push((at + c.len_utf8(), index));
            }
        }
        let lines = starts
            .iter()
            .enumerate()
            .map(|(i, &(start, chars))| {
                let end = starts.get(i + 1).map_or(text.len(), |next| next.0);
                (start, chars, text[start..end].is_ascii())
            })
            .collect();
        Locator { text, lines, chars: RefCell::new(HashMap::new()) }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The byte offset of a parser position (clamped to the text).
    pub fn offset(&self, position: Position) -> usize {
        self.offset_of(position.line_number() as usize, position.column_number() as usize)
    }

    /// The byte offset of a line and column, from 1.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let Some(&(start, _, ascii)) = self.lines.get(line.saturating_sub(1)) else { return self.text.len() };
        let end = self.lines.get(line).map_or(self.text.len(), |next| next.0);
        let column = column.saturating_sub(1);
        if ascii {
            return (start + column).min(end);
        }
        let mut cache = self.chars.borrow_mut();
        let offsets = cache.entry(line).or_insert_with(|| self.text[start..end].char_indices().map(|(at, _)| start + at).collect());
        offsets.get(column).copied().unwrap_or(end)
    }

    /// Byte offsets of a parser span.
    pub fn span(&self, span: Span) -> (usize, usize) {
        let (start, end) = (self.offset(span.start()), self.offset(span.end()));
        (start, end.max(start))
    }

    /// The line (from 1) of a byte offset, and the line's start.
    fn line_of(&self, offset: usize) -> (usize, usize, usize, bool) {
        let line = self.lines.partition_point(|&(start, ..)| start <= offset).max(1);
        let (start, chars, ascii) = self.lines[line - 1];
        (line, start, chars, ascii)
    }

    /// Characters from a line's start to a byte offset in it.
    fn chars_before(&self, start: usize, offset: usize, ascii: bool) -> usize {
        if ascii { offset.saturating_sub(start) } else { self.text.get(start..offset).map_or(0, |s| s.chars().count()) }
    }

    /// Line and column, from 1, of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let (line, start, _, ascii) = self.line_of(offset);
        (line, self.chars_before(start, offset, ascii) + 1)
    }

    /// The character offset of a byte offset.
    pub fn char_offset(&self, offset: usize) -> usize {
        let (_, start, chars, ascii) = self.line_of(offset);
        chars + self.chars_before(start, offset, ascii)
    }

    /// The offset where the token before `offset` starts, when it is one of `tokens`: white
    /// space and comments between are skipped.
    pub fn token_before(&self, offset: usize, tokens: &[&str]) -> Option<usize> {
        let end = self.skip_back(offset);
        let before = self.text.get(..end)?;
        tokens.iter().find_map(|t| {
            let start = end.checked_sub(t.len())?;
            let word = t.chars().all(|c| c.is_ascii_alphanumeric());
            // A keyword, not the end of a longer identifier (`outlet`).
            let whole = !word || !before[..start].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$');
            (before.ends_with(t) && whole).then_some(start)
        })
    }

    /// The offset of `token` in `start..end`, outside comments.
    pub fn token_within(&self, start: usize, end: usize, token: &str) -> Option<usize> {
        let gap = self.text.get(start..end)?;
        let bytes = gap.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if gap[i..].starts_with("//") {
                i += gap[i..].find('\n').unwrap_or(gap.len() - i);
            } else if gap[i..].starts_with("/*") {
                i += gap[i + 2..].find("*/").map_or(gap.len() - i, |e| e + 4);
            } else if gap[i..].starts_with(token) {
                return Some(start + i);
            } else {
                i += 1;
            }
        }
        None
    }

    /// Back over white space and comments from `offset`.
    fn skip_back(&self, offset: usize) -> usize {
        let mut end = offset.min(self.text.len());
        loop {
            let before = &self.text[..end];
            let trimmed = before.trim_end();
            match trimmed.strip_suffix("*/").map(|inner| inner.rfind("/*")) {
                Some(Some(open)) => end = open,
                _ => return trimmed.len(),
            }
        }
    }
}

/// The end of the identifier or keyword starting at `offset`.
pub(crate) fn word_end(text: &str, offset: usize) -> usize {
    text.get(offset..).map_or(offset, |rest| {
        offset + rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$')).unwrap_or(rest.len())
    })
}
