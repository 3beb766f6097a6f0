//! Linting data-parsing scripts against the platforms that will run them, before they run:
//! syntax beyond a platform's language level, sizes over its limit, modules and Node's globals
//! it does not have, missing and misspelt entry points, results that break the convention, and
//! values that differ from run to run.
//!
//! ```
//! use thingkit::lint::{lint, Target};
//! let report = lint("function decodeUplink(input) { return {data: {t: input.bytes[0]}}; }", &[]);
//! assert_eq!(report.targets, [Target::Tts, Target::Chirpstack, Target::Ts013]);
//! assert!(report.valid);
//! let report = lint("const decodeUplink = (input) => ({data: {}});", &[Target::Ts013]);
//! assert_eq!(report.diagnostics[0].diagnostic.code.as_str(), "TK8001");
//! ```
//!
//! The script is read by the engine's own parser (boa's, as the sandbox runs it) into its
//! syntax tree; every check walks the tree: [`targets`] (each platform's documented limits,
//! with the source of each), `syntax` (constructs newer than a level), `names` (`require`,
//! Node's globals, built-ins a level lacks), `entry` (entry points, misspellings) and `results`
//! (what the entry points return: shapes, bytes, time and randomness flowing into them, over
//! `flow`: scopes, variables and where values go).
//!
//! Each finding is a [`Diagnostic`] with a stable code (`TK80xx`; a script that does not parse
//! is `TK5001` at the parser's line and column, as [`crate::script::Codec::compile`] reports
//! it), located in the text, whose help names the targets it affects; [`Finding::targets`]
//! lists them. One finding stands for every target with the same problem at the same place.
//!
//! Parsing recurses once per level of nesting, as compiling does: like a codec, lint on a thread
//! with a generous stack (the `thingkit` binary uses 1 GiB). Before parsing, brackets nesting
//! past 1,000 levels are refused (`TK5001`, the sandbox's own check), and so are operators and
//! statements chained past 10,000 levels (`!!!…x`, `a = b = …`, `else if` chains, `a + b + …`:
//! `TK5001`); the checks stop walking the tree at 2,000 levels (`TK8011`).

mod entry;
mod flow;
mod locate;
mod names;
mod program;
mod results;
mod syntax;
mod targets;

pub use targets::{Level, Limits, Target};

use crate::diagnostic::{Code, Diagnostic, TextRange, thousands};
use program::Program;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The largest script thingkit parses: four times the largest limit of any target (Huawei's
/// 1 MB). A larger one is reported by its size alone.
pub const MAX_LINTED_BYTES: usize = 4 * 1024 * 1024;

/// The result of linting one script. JSON: `{targets, targetsFrom, valid, diagnostics}`; in
/// TypeScript `LintReport`.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify), tsify(rename = "LintReport"))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// The targets the script was checked against.
    pub targets: Vec<Target>,
    /// How they were chosen.
    pub targets_from: TargetsFrom,
    /// Whether no finding is an error (warnings allowed).
    pub valid: bool,
    /// Every finding, in the order of the text.
    pub diagnostics: Vec<Finding>,
}

impl Report {
    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.diagnostics.iter().filter(|f| f.diagnostic.is_error())
    }
}

/// How the targets of a [`Report`] were chosen.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TargetsFrom {
    /// The caller named them.
    Given,
    /// None were named: the ones the script's entry points belong to (`rawDataToProtocol`:
    /// `alibaba`; `decodeUplink`: `tts`, `chirpstack`, `ts013`…; a misspelt one counts).
    EntryPoints,
    /// None were named and no entry point told any: all of them.
    All,
}

/// One finding: the diagnostic every front end prints, and the targets it affects.
///
/// JSON: the [`Diagnostic`]'s members (`code`, `severity`, `pointer` — always `""` —, `line`,
/// `column`, `message`, `help`, `range`) and `targets`.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Finding {
    /// What, where, and how to fix it; the help names the targets.
    #[serde(flatten)]
    pub diagnostic: Diagnostic,
    /// The targets it affects, in [`Target`] order.
    pub targets: Vec<Target>,
}

/// Lints `text` against `targets`; none: the targets the script's entry points belong to, or
/// all of them when no entry point tells.
pub fn lint(text: &str, targets: &[Target]) -> Report {
    let mut given: Vec<Target> = targets.to_vec();
    given.sort();
    given.dedup();
    let chosen = |indicated: Vec<Target>| -> (Vec<Target>, TargetsFrom) {
        if !given.is_empty() {
            (given.clone(), TargetsFrom::Given)
        } else if indicated.is_empty() {
            (Target::ALL.to_vec(), TargetsFrom::All)
        } else {
            (indicated, TargetsFrom::EntryPoints)
        }
    };
    let locator = locate::Locator::new(text);
    let mut sink = Sink::default();

    if text.len() > MAX_LINTED_BYTES {
        let (targets, from) = chosen(Vec::new());
        size(text, &targets, &mut sink);
        for &target in &targets {
            let message = format!("the script has {} bytes; thingkit lints scripts of up to {} bytes", thousands(text.len()), thousands(MAX_LINTED_BYTES));
            sink.add(Code::ScriptTooLarge, (0, 0), message, None, target, None);
        }
        return sink.report(&locator, targets, from);
    }

    let program = match program::parse(text) {
        Ok(program) => program,
        Err(error) => {
            let (targets, from) = chosen(Vec::new());
            let (line, column) = error.location().unwrap_or((1, 1));
            let at = locator.offset_of(line, column);
            let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            let message = match &error {
                crate::script::ScriptError::Syntax { message, .. } => format!("syntax error: {message}"),
                other => other.to_string(),
            };
            size(text, &targets, &mut sink);
            for &target in &targets {
                sink.add(Code::ScriptSyntax, (at, end), message.clone(), None, target, None);
            }
            return sink.report(&locator, targets, from);
        }
    };

    let entries = entry::Entries::of(&program);
    let (targets, from) = chosen(entries.indicated());
    size(text, &targets, &mut sink);
    check_syntax(&program, &targets, &mut sink);
    check_names(&program, &targets, &mut sink);
    entry::check(&program, &entries, &targets, &mut sink);
    results::check(&program, &entries, &targets, &mut sink);
    sink.report(&locator, targets, from)
}

/// Sizes over a target's limit, placed where the text crosses it.
fn size(text: &str, targets: &[Target], sink: &mut Sink) {
    for &target in targets {
        let Some(limit) = target.limits().max_script_bytes else { continue };
        if text.len() <= limit {
            continue;
        }
        let mut at = limit;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
        sink.add(
            Code::ScriptOverTargetLimit,
            (at, end),
            format!("the script has {} bytes, more than {}'s limit of {}; it crosses it here", thousands(text.len()), target.title(), thousands(limit)),
            Some("shorten it: minify it, or drop code and tables the platform's devices do not need".into()),
            target,
            None,
        );
    }
}

fn check_syntax(program: &Program<'_>, targets: &[Target], sink: &mut Sink) {
    let (found, too_deep) = syntax::features(program);
    for (feature, span) in found {
        for &target in targets {
            let level = target.limits().level;
            if !level.takes_syntax(feature.year(), feature.is_let_const()) {
                sink.add(Code::SyntaxBeyondTarget, span, feature.message(), feature.fix().map(str::to_string), target, Some(level.describe().to_string()));
            }
        }
    }
    if let Some(at) = too_deep {
        for &target in targets {
            let message = format!("the script nests deeper than {} levels; thingkit did not check what lies deeper", thousands(syntax::MAX_DEPTH));
            sink.add(Code::TooDeepToLint, (at, at), message, None, target, None);
        }
    }
}

fn check_names(program: &Program<'_>, targets: &[Target], sink: &mut Sink) {
    let (uses, _) = names::uses(program);
    for (found, span) in uses {
        for &target in targets {
            let limits = target.limits();
            match &found {
                names::Use::Module(how) => {
                    let (message, fix) = match *how {
                        "export" => (
                            "`export` makes the script a module; the targets run scripts, not modules",
                            "drop `export`: the platform finds the entry points by their names",
                        ),
                        "import" => ("`import` makes the script a module; the targets load no modules", "put the code the script needs into the script itself"),
                        _ => ("the script loads a module; the targets load no modules", "put the code the script needs into the script itself"),
                    };
                    sink.add(Code::ModuleLoad, span, message.into(), Some(fix.into()), target, None);
                }
                names::Use::HostGlobal(name) => {
                    if *name == "Buffer" && limits.buffer {
                        continue;
                    }
                    let fix = match *name {
                        "Buffer" => "read the bytes by hand (`(bytes[0] << 8) | bytes[1]`); of the targets only ChirpStack has `Buffer`",
                        "module" | "exports" => "guard the export: `if (typeof module !== 'undefined') { module.exports = … }`",
                        "setTimeout" | "setInterval" | "setImmediate" | "clearTimeout" | "clearInterval" | "clearImmediate" | "queueMicrotask" => {
                            "compute the result synchronously: there are no timers"
                        }
                        _ => "data-parsing engines have no process, network, browser or file system",
                    };
                    let message = if *name == "Buffer" { "`Buffer` is Node's; the target's engine has no such global".to_string() } else { format!("`{name}` is a global of Node or browsers; the target's engine has none") };
                    sink.add(Code::HostGlobal, span, message, Some(fix.into()), target, None);
                }
                names::Use::Builtin { shown, what, year, typed_array } => {
                    if limits.level.has_builtin(*year) || (*typed_array && limits.typed_arrays) {
                        continue;
                    }
                    let message = if what.is_empty() { format!("{shown} is ES{year}") } else { format!("{shown} is ES{year} ({what})") };
                    sink.add(
                        Code::NewerBuiltin,
                        span,
                        message,
                        Some("use an equivalent of the target's level, or define it in the script (a polyfill)".into()),
                        target,
                        Some(limits.level.describe().to_string()),
                    );
                }
            }
        }
    }
}

/// One finding for one target, before those at the same place are merged.
#[derive(Debug)]
struct Raw {
    code: Code,
    span: (usize, usize),
    message: String,
    fix: Option<String>,
    target: Target,
    /// What about this target makes it a finding ("ECMAScript 5.1"), for the help.
    note: Option<String>,
}

/// Findings as the checks make them: per target.
#[derive(Debug, Default)]
pub(crate) struct Sink {
    raw: Vec<Raw>,
}

impl Sink {
    pub(crate) fn add(&mut self, code: Code, span: (usize, usize), message: String, fix: Option<String>, target: Target, note: Option<String>) {
        self.raw.push(Raw { code, span, message, fix, target, note });
    }

    /// One finding per problem and place, with every target it affects.
    fn report(self, locator: &locate::Locator<'_>, targets: Vec<Target>, targets_from: TargetsFrom) -> Report {
        type Key = ((usize, usize), Code, String, Option<String>);
        let mut merged: BTreeMap<Key, Vec<(Target, Option<String>)>> = BTreeMap::new();
        for raw in self.raw {
            let affected = merged.entry((raw.span, raw.code, raw.message, raw.fix)).or_default();
            if !affected.iter().any(|(t, _)| *t == raw.target) {
                affected.push((raw.target, raw.note));
            }
        }
        let diagnostics: Vec<Finding> = merged
            .into_iter()
            .map(|((span, code, message, fix), mut affected)| {
                affected.sort_by_key(|(t, _)| *t);
                let (line, column) = locator.position(span.0);
                let mut diagnostic = Diagnostic::new(code, "", message).with_help(help(fix.as_deref(), &affected));
                (diagnostic.line, diagnostic.column) = (line, column);
                diagnostic.range = Some(TextRange { start: locator.char_offset(span.0), end: locator.char_offset(span.1) });
                diagnostic.span = Some(span);
                Finding { diagnostic, targets: affected.into_iter().map(|(t, _)| t).collect() }
            })
            .collect();
        let valid = !diagnostics.iter().any(|f| f.diagnostic.is_error());
        Report { targets, targets_from, valid, diagnostics }
    }
}


/// "declare it with `var`; affects alibaba, tts and ts013 (ECMAScript 5.1)".
fn help(fix: Option<&str>, affected: &[(Target, Option<String>)]) -> String {
    let mut groups: Vec<(Option<&str>, Vec<Target>)> = Vec::new();
    for (target, note) in affected {
        match groups.iter_mut().find(|(n, _)| *n == note.as_deref()) {
            Some((_, targets)) => targets.push(*target),
            None => groups.push((note.as_deref(), vec![*target])),
        }
    }
    let affects: Vec<String> = groups
        .iter()
        .map(|(note, targets)| match note {
            Some(note) => format!("{} ({note})", targets::list(targets)),
            None => targets::list(targets),
        })
        .collect();
    match fix {
        Some(fix) => format!("{fix}; affects {}", affects.join("; ")),
        None => format!("affects {}", affects.join("; ")),
    }
}
