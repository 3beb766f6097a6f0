//! What stops a hostile script before the parser recurses on it.
//!
//! The bracket check (`nesting_check`, run first) refuses brackets nesting past
//! 1,000 levels. The parser also recurses without brackets: once per prefix operator
//! (`!!!!…x`), per right-associative operator (`a = b = c…`, `a ? b : c ? …`, `a ** b ** …`,
//! `x => y => …`), per statement nested in another (`if (a) if (b) …`, `else if` chains), and
//! the tree it builds for a chain of binary operators (`a + b + c…`, `a, b, c…`) is as deep as
//! the chain is long, which the parser's own passes over the tree recurse through. This scan
//! bounds all of them together: it counts, per bracket level, the operators and nesting
//! keywords since the statement began, adds the brackets open around them, and refuses the
//! script at the token that takes the sum past [`MAX_CHAIN`].
//!
//! It reads tokens as the parser would only as far as it needs: strings, template literals
//! (their `${…}` included), comments and regular expression literals (told from division by
//! what precedes the `/`) are skipped; commas between the elements of an array or object
//! literal or the arguments of a call are not counted (they do not nest), nor the `:` of an
//! object literal.

use super::ScriptError;

/// Most operators and nesting keywords one statement may chain, brackets around it included:
/// far beyond any codec (a 10,000-term expression), and well within what the parser handles on
/// the stack the `thingkit` binary gives it.
pub(crate) const MAX_CHAIN: usize = 10_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    /// `(` of a call's arguments (its commas separate arguments).
    Call,
    /// `(` of a parenthesised expression, a condition or a parameter list.
    Paren,
    /// `[`.
    Bracket,
    /// `{` of an object literal.
    Object,
    /// `{` of a block or function body.
    Block,
    /// `${` in a template literal.
    Template,
}


/// What the last significant token was, to tell a regular expression from a division and an
/// object literal from a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Last {
    /// Nothing yet, or a token after which an expression starts (`(`, `,`, `=`, an operator,
    /// `return`).
    Start,
    /// A value: an identifier, a number, a string, `)`, `]`.
    Operand,
    /// `}`.
    Close,
}

/// Refuses `source` when its operators and statements chain deeper than [`MAX_CHAIN`], with
/// the line and column of the token that goes too deep.
pub(crate) fn chain_check(source: &str) -> Result<(), ScriptError> {
    let mut scan = Scan { source, bytes: source.as_bytes(), opens: Vec::new(), counts: vec![0], total: 0 };
    scan.run().map_err(|at| {
        let (line, column) = position(source, at);
        ScriptError::Syntax { message: format!("operators and statements chain deeper than {} levels", crate::diagnostic::thousands(MAX_CHAIN)), line, column }
    })
}

struct Scan<'a> {
    source: &'a str,
    bytes: &'a [u8],
    opens: Vec<Open>,
    /// Per level (index 0: the top level): operators since the statement began.
    counts: Vec<usize>,
    /// Those counts and the open brackets, together.
    total: usize,
}

impl Scan<'_> {
    /// One more operator at this level; the offset when that is one too many.
    fn count(&mut self, at: usize) -> Result<(), usize> {
        *self.counts.last_mut().expect("a level") += 1;
        self.total += 1;
        if self.total > MAX_CHAIN { Err(at) } else { Ok(()) }
    }

    fn open(&mut self, open: Open, at: usize) -> Result<(), usize> {
        self.opens.push(open);
        self.counts.push(0);
        self.total += 1;
        if self.total > MAX_CHAIN { Err(at) } else { Ok(()) }
    }

    fn close(&mut self) -> Option<Open> {
        let open = self.opens.pop()?;
        self.total -= self.counts.pop().unwrap_or(0) + 1;
        Some(open)
    }

    /// The statement at this level ended: its count restarts.
    fn restart(&mut self) {
        let level = self.counts.last_mut().expect("a level");
        self.total -= *level;
        *level = 0;
    }

    fn run(&mut self) -> Result<(), usize> {
        let (source, bytes) = (self.source, self.bytes);
        let mut last = Last::Start;
        // A statement ended (`;` or a block's `}`): the count restarts unless `else` follows.
        let mut ended = false;
        // The depths of `opens` at which a template literal's text is being read.
        let mut templates: Vec<usize> = Vec::new();
        let mut i = 0usize;
        while i < bytes.len() {
            let c = bytes[i];
            if templates.last() == Some(&self.opens.len()) {
                match c {
                    b'\\' => i += 2,
                    b'`' => {
                        templates.pop();
                        last = Last::Operand;
                        i += 1;
                    }
                    b'$' if bytes.get(i + 1) == Some(&b'{') => {
                        self.open(Open::Template, i)?;
                        last = Last::Start;
                        i += 2;
                    }
                    _ => i += 1,
                }
                continue;
            }
            match c {
                b' ' | b'\t' | b'\r' | b'\n' => {
                    i += 1;
                    continue;
                }
                b'/' if bytes.get(i + 1) == Some(&b'/') => {
                    i += source[i..].find('\n').unwrap_or(source.len() - i);
                    continue;
                }
                b'/' if bytes.get(i + 1) == Some(&b'*') => {
                    i += source[i + 2..].find("*/").map_or(source.len() - i, |e| e + 4);
                    continue;
                }
                _ => {}
            }
            if ended {
                ended = false;
                if !source[i..].starts_with("else") || is_word_byte(bytes.get(i + 4).copied()) {
                    self.restart();
                }
            }
            match c {
                b'\'' | b'"' => {
                    i += 1;
                    while i < bytes.len() && bytes[i] != c && bytes[i] != b'\n' {
                        i += if bytes[i] == b'\\' { 2 } else { 1 };
                    }
                    i += 1;
                    last = Last::Operand;
                }
                b'`' => {
                    templates.push(self.opens.len());
                    i += 1;
                }
                b'/' if last == Last::Start => {
                    // A regular expression literal.
                    i += 1;
                    let mut class = false;
                    while i < bytes.len() && bytes[i] != b'\n' {
                        match bytes[i] {
                            b'\\' => i += 1,
                            b'[' => class = true,
                            b']' => class = false,
                            b'/' if !class => break,
                            _ => {}
                        }
                        i += 1;
                    }
                    i += 1;
                    while i < bytes.len() && is_word_byte(Some(bytes[i])) {
                        i += 1;
                    }
                    last = Last::Operand;
                }
                b'(' | b'[' | b'{' => {
                    let open = match c {
                        b'(' if last == Last::Operand => Open::Call,
                        b'(' => Open::Paren,
                        b'[' => Open::Bracket,
                        _ if last != Last::Start || source[..i].trim_end().ends_with("=>") => Open::Block,
                        _ if !matches!(self.opens.last(), Some(Open::Block) | None) => Open::Object,
                        _ if previous_word_is_value_position(source, i) => Open::Object,
                        _ => Open::Block,
                    };
                    self.open(open, i)?;
                    last = Last::Start;
                    i += 1;
                }
                b')' | b']' | b'}' => {
                    let open = self.close();
                    i += 1;
                    if open == Some(Open::Template) {
                        // Back in the template literal's text.
                        continue;
                    }
                    ended = open == Some(Open::Block);
                    last = if ended { Last::Close } else { Last::Operand };
                }
                b';' => {
                    ended = true;
                    last = Last::Start;
                    i += 1;
                }
                b',' => {
                    if matches!(self.opens.last(), Some(Open::Paren | Open::Block | Open::Template) | None) {
                        self.count(i)?;
                    }
                    last = Last::Start;
                    i += 1;
                }
                b':' => {
                    last = Last::Start;
                    i += 1;
                }
                b'.' if bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                    i += number_end(bytes, i);
                    last = Last::Operand;
                }
                b'.' => {
                    // Member access (`a.b`) and spread (`...a`) do not nest.
                    i += if source[i..].starts_with("...") { 3 } else { 1 };
                    last = Last::Start;
                }
                b'0'..=b'9' => {
                    i += number_end(bytes, i);
                    last = Last::Operand;
                }
                c if is_word_byte(Some(c)) || c >= 0x80 => {
                    let start = i;
                    while i < bytes.len() && (is_word_byte(Some(bytes[i])) || bytes[i] >= 0x80) {
                        i += 1;
                    }
                    last = match &source[start..i] {
                        "if" | "else" | "while" | "for" | "with" | "do" | "new" | "typeof" | "void" | "delete" | "await" | "yield" => {
                            self.count(start)?;
                            Last::Start
                        }
                        "return" | "throw" | "case" | "in" | "of" | "instanceof" => Last::Start,
                        _ => Last::Operand,
                    };
                }
                _ => {
                    // An operator: the longest punctuator that starts here.
                    let op = operator_len(&source[i..]);
                    let postfix = matches!(&source[i..i + op], "++" | "--") && last == Last::Operand;
                    if !postfix {
                        self.count(i)?;
                    }
                    last = if postfix { Last::Operand } else { Last::Start };
                    i += op;
                }
            }
        }
        Ok(())
    }
}

/// Whether the word before a `{` puts it where a value goes (`return {`, `typeof {`).
fn previous_word_is_value_position(source: &str, at: usize) -> bool {
    let before = source[..at].trim_end();
    ["return", "typeof", "void", "in", "of", "case", "throw", "yield", "await"].iter().any(|w| {
        before.ends_with(w) && !before[..before.len() - w.len()].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$')
    }) || before.ends_with(['=', '(', ',', ':', '?', '[', '!', '&', '|', '+', '-', '*', '%', '<', '>', '~', '^'])
}

fn is_word_byte(b: Option<u8>) -> bool {
    b.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$')
}

fn number_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start;
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'.' || bytes[i] == b'_') {
        // An exponent's sign belongs to the number.
        if matches!(bytes[i], b'e' | b'E') && matches!(bytes.get(i + 1), Some(b'+' | b'-')) && !source_is_hex(bytes, start) {
            i += 1;
        }
        i += 1;
    }
    (i - start).max(1)
}

fn source_is_hex(bytes: &[u8], start: usize) -> bool {
    bytes.get(start) == Some(&b'0') && matches!(bytes.get(start + 1), Some(b'x' | b'X'))
}

/// The length of the punctuator at the start of `rest` (at least one byte, a whole character).
fn operator_len(rest: &str) -> usize {
    const OPERATORS: [&str; 22] =
        [">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=", "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "**", "++"];
    const MORE: [&str; 9] = ["--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^="];
    OPERATORS
        .iter()
        .chain(MORE.iter())
        .chain(["<<", ">>"].iter())
        .filter(|op| rest.starts_with(**op))
        .map(|op| op.len())
        .max()
        .unwrap_or_else(|| rest.chars().next().map_or(1, char::len_utf8))
}

/// Line and column, from 1, of a byte offset (lines broken at `\n`).
fn position(source: &str, at: usize) -> (usize, usize) {
    let before = &source[..at.min(source.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}
