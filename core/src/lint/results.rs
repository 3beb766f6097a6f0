//! What the entry points return, read from the syntax tree without running anything.
//!
//! **What is seen.** For each entry point a target calls, every `return` of its body (not of the
//! functions nested in it) and, for a returned variable of its own, the object or array literal
//! it was given and every write to it in the function: `r.key = …`, `r['key'] = …`, `r[i] = …`,
//! `r.push(…)`.
//!
//! - **Shapes** (`TK8008`): a LoRaWAN decoder (`decodeUplink`, `decodeDownlink`,
//!   `normalizeUplink`) returning an object with neither `data` nor `errors`, or `data` that is
//!   an array or a primitive; `encodeDownlink` returning neither `bytes` nor `errors`, or an
//!   `fPort` constant outside 1–223; Alibaba's `rawDataToProtocol` returning neither `method`
//!   nor `code` (the platform's error 6450); a decoder returning `null` or a number. A shape is
//!   reported only when the whole object is known: a spread, a computed key, or the variable
//!   passed to a function or to a method other than `push` (which may add members) makes it
//!   unknown, and nothing is said.
//! - **Bytes** (`TK8009`): in what a downlink encoder returns (`protocolToRawData`,
//!   `ProtocolToRaw`, Huawei's `encode`, `Encoder`, and `encodeDownlink`'s `bytes`) every element
//!   of an array literal, every value pushed or assigned by index, that is a constant —
//!   literals, arithmetic on them, and variables given one constant and never changed — and not
//!   an integer from 0 to 255; strings, booleans and `null` too, and holes (`[1, , 2]`).
//! - **Time and randomness** (`TK8005`): `Date.now()`, `Date()`, `new Date()` with no
//!   argument, `Math.random()` and `performance.now()` followed through variables (local, and
//!   the script's top-level ones), writes into objects and arrays (`r.t = Date.now()` makes `r`
//!   carry it), and the results of the script's own functions (a helper that returns the time
//!   carries it to its callers), into what an entry point returns.
//!
//! **What is not seen.** Values computed at run time (`bytes.push(x >> 8)` is not judged: `x`
//! is unknown), what a nested function or callback writes into an outer object (the object
//! becomes unknown rather than wrong), objects reached through other objects (`a.b.c = …`),
//! and aliases (`var r2 = r; r2.data = …`, where `r` stays as first given). Variables are told
//! apart by function scope: a name shadowed in a block of the same function is taken for one
//! variable.

use super::Sink;
use super::entry::{Entries, needs};
use super::flow::{Flows, Node, Span, body_key};
use super::program::Program;
use super::targets::Target;
use crate::diagnostic::Code;
use boa_engine::ast::Expression;
use boa_engine::ast::expression::literal::{LiteralKind, PropertyDefinition};
use boa_engine::ast::expression::operator::binary::{ArithmeticOp, BinaryOp, BitwiseOp};
use boa_engine::ast::expression::operator::unary::UnaryOp;
use boa_engine::ast::property::PropertyName;
use std::collections::HashMap;

/// What a convention expects an entry point to return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Alibaba's uplink: an Alink request (`method`) or reply (`code`).
    AlinkUplink,
    /// A list of bytes, returned as it is.
    Bytes,
    /// A LoRaWAN decoder's `{data, warnings?, errors?}`.
    Decoded,
    /// `encodeDownlink`'s `{bytes, fPort?, warnings?, errors?}`.
    Encoded,
    /// Anything JSON (checked for time and randomness only).
    Any,
}

fn role(name: &str) -> Role {
    match name {
        "rawDataToProtocol" => Role::AlinkUplink,
        "protocolToRawData" | "ProtocolToRaw" | "encode" | "Encoder" | "Encode" => Role::Bytes,
        "decodeUplink" | "decodeDownlink" | "normalizeUplink" => Role::Decoded,
        "encodeDownlink" => Role::Encoded,
        _ => Role::Any,
    }
}

/// Checks what every entry point of `targets` returns.
pub(crate) fn check(program: &Program<'_>, entries: &Entries<'_>, targets: &[Target], sink: &mut Sink) {
    let flows = Flows::build(program);
    let tainted = flows.propagate();
    for &target in targets {
        for name in needs(target).called() {
            let Some(function) = entries.get(name) else { continue };
            let Some(&scope) = flows.by_body.get(&body_key(function.body)) else { continue };
            let role = role(name);
            for &returned in &flows.scopes[scope].returns {
                match role {
                    Role::Bytes => {
                        for (span, what) in flows.bad_bytes(scope, returned) {
                            bad_byte(sink, target, name, span, &what);
                        }
                    }
                    Role::Decoded | Role::Encoded | Role::AlinkUplink => {
                        for shape in flows.shapes(scope, returned) {
                            flows.check_shape(sink, target, name, role, scope, &shape);
                        }
                    }
                    Role::Any => {}
                }
            }
            for (span, source) in tainted.get(&Node::Ret(body_key(function.body))).map(Vec::as_slice).unwrap_or_default() {
                let fix = if source.contains("random") {
                    "derive the value from the input: a result that changes from run to run cannot be tested or replayed"
                } else {
                    "take the time from the input (`input.recvTime` on LoRaWAN) or leave it to the platform, which stamps every message: a result that changes from run to run cannot be tested or replayed"
                };
                sink.add(Code::NondeterministicResult, *span, format!("{source} flows into what `{name}` returns"), Some(fix.into()), target, None);
            }
        }
    }
}

fn bad_byte(sink: &mut Sink, target: Target, function: &str, span: Span, what: &str) {
    let note = match target {
        Target::Chirpstack => Some("ChirpStack casts it: 256 becomes 255, -1 becomes 0, 1.5 becomes 1".to_string()),
        _ => Some("the call fails".to_string()),
    };
    sink.add(
        Code::ResultByte,
        span,
        format!("{what} in what `{function}` returns is not a byte (an integer from 0 to 255)"),
        Some("keep each value in range, masking it where it may not be: `value & 0xff`".into()),
        target,
        note,
    );
}

/// One object a function may return, as far as it is known.
#[derive(Debug)]
struct Shape<'a> {
    span: Span,
    /// Its members: the value where one expression gives it.
    keys: HashMap<String, Option<&'a Expression>>,
    /// Whether every member is known.
    complete: bool,
    /// Not an object: what it is instead ("null", "a number").
    not_object: Option<&'static str>,
}

impl<'p> Flows<'p, '_> {
    /// The objects `expression`, returned from `scope`, may be.
    fn shapes(&self, scope: usize, expression: &'p Expression) -> Vec<Shape<'p>> {
        let span = self.program.span(expression);
        match expression {
            Expression::ObjectLiteral(object) => {
                let mut shape = Shape { span, keys: HashMap::new(), complete: true, not_object: None };
                for property in object.properties() {
                    match property {
                        PropertyDefinition::Property(PropertyName::Literal(id), value) => {
                            shape.keys.insert(self.program.name(id.sym()), Some(value));
                        }
                        PropertyDefinition::Property(PropertyName::Computed(Expression::Literal(key)), value) => {
                            match key.kind() {
                                LiteralKind::String(sym) => {
                                    shape.keys.insert(self.program.name(*sym), Some(value));
                                }
                                _ => shape.complete = false,
                            }
                        }
                        PropertyDefinition::IdentifierReference(id) => {
                            shape.keys.insert(self.program.name(id.sym()), None);
                        }
                        PropertyDefinition::MethodDefinition(method) => {
                            if let PropertyName::Literal(id) = method.name() {
                                shape.keys.insert(self.program.name(id.sym()), None);
                            } else {
                                shape.complete = false;
                            }
                        }
                        _ => shape.complete = false,
                    }
                }
                vec![shape]
            }
            Expression::Identifier(id) => {
                let name = self.program.name(id.sym());
                let declared = self.resolve(scope, &name);
                let Some(facts) = self.facts.get(&(declared, name)) else { return Vec::new() };
                if declared != scope || facts.escapes || facts.changed || facts.values.len() != 1 {
                    return Vec::new();
                }
                let Expression::ObjectLiteral(_) = facts.values[0] else { return Vec::new() };
                let mut shapes = self.shapes(scope, facts.values[0]);
                for shape in &mut shapes {
                    shape.span = span;
                    for (key, value) in &facts.members {
                        match key {
                            Some(key) => {
                                let known = shape.keys.contains_key(key);
                                shape.keys.insert(key.clone(), if known { None } else { Some(*value) });
                            }
                            None => shape.complete = false,
                        }
                    }
                }
                shapes
            }
            Expression::Conditional(c) => {
                let mut shapes = self.shapes(scope, c.if_true());
                shapes.extend(self.shapes(scope, c.if_false()));
                shapes
            }
            Expression::Parenthesized(p) => self.shapes(scope, p.expression()),
            Expression::Literal(literal) => {
                let what = match literal.kind() {
                    LiteralKind::Null => "null",
                    LiteralKind::Undefined => "undefined",
                    LiteralKind::Num(_) | LiteralKind::Int(_) | LiteralKind::BigInt(_) => "a number",
                    LiteralKind::String(_) => "a string",
                    LiteralKind::Bool(_) => "a boolean",
                };
                vec![Shape { span, keys: HashMap::new(), complete: true, not_object: Some(what) }]
            }
            Expression::ArrayLiteral(_) => vec![Shape { span, keys: HashMap::new(), complete: true, not_object: Some("an array") }],
            _ => Vec::new(),
        }
    }

    fn check_shape(&self, sink: &mut Sink, target: Target, function: &str, role: Role, scope: usize, shape: &Shape<'p>) {
        let report = |sink: &mut Sink, span: Span, message: String, fix: &str| {
            sink.add(Code::ResultShape, span, message, Some(fix.into()), target, None);
        };
        if let Some(what) = shape.not_object {
            let fix = match role {
                Role::Encoded => "return `{bytes: [...]}`, or `{errors: [...]}` when it cannot encode",
                Role::AlinkUplink => "return the Alink message: `{method: 'thing.event.property.post', id, version, params}`",
                _ => "return `{data: {...}}`, or `{errors: [...]}` when it cannot decode",
            };
            report(sink, shape.span, format!("`{function}` returns {what}, not an object"), fix);
            return;
        }
        let has = |key: &str| shape.keys.contains_key(key);
        match role {
            Role::Decoded => {
                if shape.complete && !has("data") && !has("errors") {
                    report(sink, shape.span, format!("`{function}` returns an object without `data`"), "put the decoded values under `data`: `{data: {...}}`");
                }
                if let Some(Some(value)) = shape.keys.get("data")
                    && let Some(what) = not_an_object(value)
                {
                    let span = self.program.span(*value);
                    let message = format!("`data` of what `{function}` returns is {what}, not an object");
                    report(sink, span, message, "wrap the values in an object: `{data: {values: [...]}}`");
                }
            }
            Role::Encoded => {
                if shape.complete && !has("bytes") && !has("errors") {
                    report(sink, shape.span, format!("`{function}` returns an object without `bytes`"), "return the payload as `{bytes: [...]}`");
                }
                if let Some(Some(value)) = shape.keys.get("bytes") {
                    for (span, what) in self.bad_bytes(scope, value) {
                        bad_byte(sink, target, function, span, &what);
                    }
                }
                if let Some(Some(value)) = shape.keys.get("fPort")
                    && let Some(Constant::Number(port)) = self.constant(scope, value, 0)
                    && (port.fract() != 0.0 || !(1.0..=223.0).contains(&port))
                {
                    let span = self.program.span(*value);
                    report(sink, span, format!("`fPort` {} is not an application port (1 to 223)", number(port)), "send on a port from 1 to 223");
                }
            }
            Role::AlinkUplink => {
                if shape.complete && !has("method") && !has("code") {
                    report(
                        sink,
                        shape.span,
                        format!("`{function}` returns an object without `method` (platform error 6450)"),
                        "an uplink names its Alink method: `method: 'thing.event.property.post'`; a reply has `id` and `code`",
                    );
                }
            }
            Role::Bytes | Role::Any => {}
        }
    }

    /// The constants in what is returned as bytes that are not bytes, with what they are.
    fn bad_bytes(&self, scope: usize, expression: &'p Expression) -> Vec<(Span, String)> {
        let mut out = Vec::new();
        self.collect_bad_bytes(scope, expression, &mut out, 0);
        out
    }

    fn collect_bad_bytes(&self, scope: usize, expression: &'p Expression, out: &mut Vec<(Span, String)>, depth: usize) {
        if depth > 8 {
            return;
        }
        match expression {
            Expression::ArrayLiteral(array) => {
                let span = self.program.span(array);
                for element in array.as_ref() {
                    match element {
                        None => out.push((span, "an empty slot".into())),
                        Some(Expression::Spread(_)) => {}
                        Some(e) => self.judge_byte(scope, e, out),
                    }
                }
            }
            Expression::Identifier(id) => {
                let name = self.program.name(id.sym());
                let declared = self.resolve(scope, &name);
                if declared == 0 && scope != 0 && !self.scopes[0].locals.contains(&name) {
                    return;
                }
                let Some(facts) = self.facts.get(&(declared, name)) else { return };
                for value in &facts.values {
                    self.collect_bad_bytes(scope, value, out, depth + 1);
                }
                for value in facts.pushed.iter().chain(facts.members.iter().filter(|(k, _)| k.is_none()).map(|(_, v)| v)) {
                    self.judge_byte(scope, value, out);
                }
            }
            Expression::Conditional(c) => {
                self.collect_bad_bytes(scope, c.if_true(), out, depth + 1);
                self.collect_bad_bytes(scope, c.if_false(), out, depth + 1);
            }
            Expression::Parenthesized(p) => self.collect_bad_bytes(scope, p.expression(), out, depth + 1),
            Expression::Literal(literal) => {
                let what = match literal.kind() {
                    LiteralKind::String(_) => "a string",
                    LiteralKind::Null => "null",
                    LiteralKind::Bool(_) => "a boolean",
                    LiteralKind::Undefined => "undefined",
                    _ => "a number",
                };
                out.push((self.program.span(literal), format!("{what}, not a list,")));
            }
            _ => {}
        }
    }

    fn judge_byte(&self, scope: usize, expression: &Expression, out: &mut Vec<(Span, String)>) {
        let span = self.program.span(expression);
        let shown = || {
            let text = self.program.locator.text().get(span.0..span.1).unwrap_or_default();
            let text: String = text.chars().take(40).collect();
            format!("`{text}`")
        };
        match self.constant(scope, expression, 0) {
            Some(Constant::Number(n)) if n.fract() == 0.0 && (0.0..=255.0).contains(&n) => {}
            Some(Constant::Number(n)) => {
                let text = shown();
                let value = number(n);
                out.push((span, if text == format!("`{value}`") { text } else { format!("{text} ({value})") }));
            }
            Some(Constant::Other(what)) => out.push((span, format!("{} ({what})", shown()))),
            None => {}
        }
    }

    /// The value of a constant expression.
    fn constant(&self, scope: usize, expression: &Expression, depth: usize) -> Option<Constant> {
        if depth > 16 {
            return None;
        }
        let number = |e: &Expression| match self.constant(scope, e, depth + 1) {
            Some(Constant::Number(n)) => Some(n),
            _ => None,
        };
        Some(match expression {
            Expression::Literal(literal) => match literal.kind() {
                LiteralKind::Num(n) => Constant::Number(*n),
                LiteralKind::Int(n) => Constant::Number(f64::from(*n)),
                LiteralKind::String(_) => Constant::Other("a string"),
                LiteralKind::Bool(_) => Constant::Other("a boolean"),
                LiteralKind::Null => Constant::Other("null"),
                LiteralKind::Undefined => Constant::Other("undefined"),
                LiteralKind::BigInt(_) => Constant::Other("a BigInt"),
            },
            Expression::ObjectLiteral(_) => Constant::Other("an object"),
            Expression::ArrayLiteral(_) => Constant::Other("an array"),
            Expression::Parenthesized(p) => return self.constant(scope, p.expression(), depth + 1),
            Expression::Unary(unary) => {
                let n = number(unary.target())?;
                Constant::Number(match unary.op() {
                    UnaryOp::Minus => -n,
                    UnaryOp::Plus => n,
                    UnaryOp::Tilde => f64::from(!to_int32(n)),
                    _ => return None,
                })
            }
            Expression::Binary(binary) => {
                let (a, b) = (number(binary.lhs())?, number(binary.rhs())?);
                Constant::Number(match binary.op() {
                    BinaryOp::Arithmetic(op) => match op {
                        ArithmeticOp::Add => a + b,
                        ArithmeticOp::Sub => a - b,
                        ArithmeticOp::Mul => a * b,
                        ArithmeticOp::Div => a / b,
                        ArithmeticOp::Mod => a % b,
                        ArithmeticOp::Exp => a.powf(b),
                    },
                    BinaryOp::Bitwise(op) => {
                        let (x, y) = (to_int32(a), to_int32(b));
                        let shift = (y as u32) & 31;
                        match op {
                            BitwiseOp::And => f64::from(x & y),
                            BitwiseOp::Or => f64::from(x | y),
                            BitwiseOp::Xor => f64::from(x ^ y),
                            BitwiseOp::Shl => f64::from(x.wrapping_shl(shift)),
                            BitwiseOp::Shr => f64::from(x >> shift),
                            BitwiseOp::UShr => f64::from((x as u32) >> shift),
                        }
                    }
                    _ => return None,
                })
            }
            Expression::Identifier(id) => {
                let name = self.program.name(id.sym());
                if name == "undefined" && !self.scopes.iter().any(|s| s.locals.contains("undefined")) {
                    return Some(Constant::Other("undefined"));
                }
                let declared = self.resolve(scope, &name);
                let facts = self.facts.get(&(declared, name))?;
                if facts.changed || facts.values.len() != 1 || !facts.members.is_empty() || !facts.pushed.is_empty() {
                    return None;
                }
                return self.constant(declared, facts.values[0], depth + 1);
            }
            _ => return None,
        })
    }
}

/// A constant's value.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Constant {
    Number(f64),
    /// Not a number: what it is.
    Other(&'static str),
}

/// ECMAScript's ToInt32.
fn to_int32(n: f64) -> i32 {
    if !n.is_finite() {
        return 0;
    }
    let m = n.trunc().rem_euclid(4_294_967_296.0);
    (if m >= 2_147_483_648.0 { m - 4_294_967_296.0 } else { m }) as i32
}

/// A number as JavaScript prints it (integers without `.0`).
fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e21 { format!("{}", n as i64) } else { format!("{n}") }
}

/// What a value plainly is when it is not an object: an array or a primitive literal.
fn not_an_object(expression: &Expression) -> Option<&'static str> {
    match expression {
        Expression::ArrayLiteral(_) => Some("an array"),
        Expression::Literal(literal) => Some(match literal.kind() {
            LiteralKind::Null => "null",
            LiteralKind::Undefined => "undefined",
            LiteralKind::String(_) => "a string",
            LiteralKind::Bool(_) => "a boolean",
            _ => "a number",
        }),
        Expression::TemplateLiteral(_) => Some("a string"),
        Expression::Parenthesized(p) => not_an_object(p.expression()),
        _ => None,
    }
}

