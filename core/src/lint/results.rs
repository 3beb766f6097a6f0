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
use super::program::{Ast, Program};
use super::syntax::MAX_DEPTH;
use super::targets::Target;
use crate::diagnostic::Code;
use boa_engine::ast::declaration::{Binding, Variable};
use boa_engine::ast::expression::access::{PropertyAccess, PropertyAccessField};
use boa_engine::ast::expression::literal::{LiteralKind, PropertyDefinition};
use boa_engine::ast::expression::operator::assign::{AssignOp, AssignTarget};
use boa_engine::ast::expression::operator::update::UpdateTarget;
use boa_engine::ast::expression::operator::binary::{ArithmeticOp, BinaryOp, BitwiseOp};
use boa_engine::ast::expression::operator::unary::UnaryOp;
use boa_engine::ast::expression::{Call, Identifier};
use boa_engine::ast::function::{
    ArrowFunction, AsyncArrowFunction, AsyncFunctionDeclaration, AsyncFunctionExpression, AsyncGeneratorDeclaration,
    AsyncGeneratorExpression, ClassElement, FormalParameterList, FunctionBody, FunctionDeclaration, FunctionExpression,
    GeneratorDeclaration, GeneratorExpression,
};
use boa_engine::ast::expression::literal::ObjectMethodDefinition;
use boa_engine::ast::pattern::{ArrayPatternElement, ObjectPatternElement};
use boa_engine::ast::property::PropertyName;
use boa_engine::ast::statement::Return;
use boa_engine::ast::visitor::{VisitWith, Visitor};
use boa_engine::ast::{Expression, Statement};
use std::collections::{HashMap, HashSet};
use std::ops::ControlFlow;

type Span = (usize, usize);

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
            if let Some((span, source)) = tainted.get(&Node::Ret(body_key(function.body))) {
                sink.add(
                    Code::NondeterministicResult,
                    *span,
                    format!("{source} flows into what `{name}` returns"),
                    Some("take the time from the input (`input.recvTime` on LoRaWAN) or leave it to the platform: a result that changes from run to run cannot be tested or replayed".into()),
                    target,
                    None,
                );
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

/// A key for a function body: its address in the tree.
fn body_key(body: &FunctionBody) -> usize {
    std::ptr::from_ref(body) as usize
}

/// A value the flow of time and randomness is followed through.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Node {
    /// A variable: the scope that declares it (0, the top level, for undeclared globals too).
    Var(usize, String),
    /// What a function returns.
    Ret(usize),
}

/// `target` takes the values of `deps` and of `sources` (time or randomness read right there).
#[derive(Debug)]
struct Edge {
    target: Node,
    deps: Vec<Node>,
    sources: Vec<(Span, String)>,
}

/// A function's scope (index 0: the top level).
#[derive(Debug, Default)]
struct Scope<'a> {
    parent: Option<usize>,
    /// Its function's body (0 for the top level).
    body: usize,
    /// Names declared in it: `var`, `let`, `const`, parameters, functions, classes, `catch`.
    locals: HashSet<String>,
    /// Functions declared in it by name, by body.
    functions: HashMap<String, usize>,
    returns: Vec<&'a Expression>,
}

/// What is done to a variable in its function.
#[derive(Debug, Default)]
struct Facts<'a> {
    /// Its initialiser and what is assigned to it with `=`.
    values: Vec<&'a Expression>,
    /// Members assigned: `v.key = …` and `v['key'] = …` with their key, `v[i] = …` without.
    members: Vec<(Option<String>, &'a Expression)>,
    /// What `v.push(…)`/`v.unshift(…)` add.
    pushed: Vec<&'a Expression>,
    /// Passed to a function, a method called on it, or used in a nested function: it may
    /// change in ways not seen.
    escapes: bool,
    /// Changed otherwise (`++`, `+=`, destructuring).
    changed: bool,
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

struct Flows<'p, 'a> {
    program: &'p Program<'a>,
    scopes: Vec<Scope<'p>>,
    by_body: HashMap<usize, usize>,
    facts: HashMap<(usize, String), Facts<'p>>,
    edges: Vec<Edge>,
    /// The scope being walked.
    current: usize,
    depth: usize,
}

impl<'p, 'a> Flows<'p, 'a> {
    fn build(program: &'p Program<'a>) -> Flows<'p, 'a> {
        let mut flows = Flows {
            program,
            scopes: vec![Scope::default()],
            by_body: HashMap::new(),
            facts: HashMap::new(),
            edges: Vec::new(),
            current: 0,
            depth: 0,
        };
        let mut scan = Declarations::new(program);
        match &program.ast {
            Ast::Script(script) => {
                let _ = scan.visit_statement_list(script.statements());
                (flows.scopes[0].locals, flows.scopes[0].functions) = (scan.names, scan.functions);
                let _ = flows.visit_statement_list(script.statements());
            }
            Ast::Module(module) => {
                let _ = scan.visit_module(module);
                (flows.scopes[0].locals, flows.scopes[0].functions) = (scan.names, scan.functions);
                let _ = flows.visit_module(module);
            }
        }
        flows
    }

    /// The scope that declares `name`, seen from `scope` (the top level when none does).
    fn resolve(&self, scope: usize, name: &str) -> usize {
        let mut at = Some(scope);
        while let Some(s) = at {
            if self.scopes[s].locals.contains(name) {
                return s;
            }
            at = self.scopes[s].parent;
        }
        0
    }

    /// The body of the function `name` names, seen from `scope`.
    fn function(&self, scope: usize, name: &str) -> Option<usize> {
        let declared = self.resolve(scope, name);
        self.scopes[declared].functions.get(name).copied()
    }

    fn facts(&mut self, scope: usize, name: String) -> &mut Facts<'p> {
        self.facts.entry((scope, name)).or_default()
    }

    /// A variable named by an identifier, seen from the current scope.
    fn var(&self, id: &Identifier) -> (usize, String) {
        let name = self.program.name(id.sym());
        (self.resolve(self.current, &name), name)
    }

    fn enter(&mut self, parameters: &'p FormalParameterList, body: &'p FunctionBody) -> ControlFlow<()> {
        let mut scan = Declarations::new(self.program);
        let _ = scan.visit_formal_parameter_list(parameters);
        let _ = scan.visit_statement_list(body.statement_list());
        let scope = self.scopes.len();
        self.scopes.push(Scope { parent: Some(self.current), body: body_key(body), locals: scan.names, functions: scan.functions, returns: Vec::new() });
        self.by_body.insert(body_key(body), scope);
        let outer = self.current;
        self.current = scope;
        let flow = match self.visit_formal_parameter_list(parameters) {
            ControlFlow::Continue(()) => self.visit_statement_list(body.statement_list()),
            stop => stop,
        };
        self.current = outer;
        flow
    }

    /// What an expression's value depends on: variables, functions' results, and time or
    /// randomness read in it.
    fn deps(&self, expression: &Expression, deps: &mut Vec<Node>, sources: &mut Vec<(Span, String)>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let mut each = |e: &Expression| self.deps(e, deps, sources, depth + 1);
        match expression {
            Expression::Identifier(id) => {
                let (scope, name) = self.var(id);
                deps.push(Node::Var(scope, name));
            }
            Expression::Call(call) => {
                if let Some(source) = self.source_call(call) {
                    sources.push((self.program.span(call), source));
                }
                if let Expression::Identifier(f) = call.function()
                    && let Some(body) = self.function(self.current, &self.program.name(f.sym()))
                {
                    deps.push(Node::Ret(body));
                }
                if let Expression::PropertyAccess(access) = call.function() {
                    self.access_deps(access, deps, sources, depth + 1);
                }
                for arg in call.args() {
                    self.deps(arg, deps, sources, depth + 1);
                }
            }
            Expression::New(new) => {
                if self.is_global(new.constructor(), "Date") && new.arguments().is_empty() {
                    sources.push((self.program.span(new), "`new Date()`".into()));
                }
                for arg in new.arguments() {
                    self.deps(arg, deps, sources, depth + 1);
                }
            }
            Expression::PropertyAccess(access) => self.access_deps(access, deps, sources, depth + 1),
            Expression::Binary(_) => {
                // Left-leaning chains (`a + b + c…`) without recursing down their left side.
                let mut node = expression;
                while let Expression::Binary(binary) = node {
                    self.deps(binary.rhs(), deps, sources, depth + 1);
                    node = binary.lhs();
                }
                self.deps(node, deps, sources, depth + 1);
            }
            Expression::Unary(unary) => each(unary.target()),
            Expression::Conditional(c) => {
                each(c.condition());
                each(c.if_true());
                each(c.if_false());
            }
            Expression::Parenthesized(p) => each(p.expression()),
            Expression::Assign(assign) => each(assign.rhs()),
            Expression::Spread(spread) => each(spread.target()),
            Expression::Await(a) => each(a.target()),
            Expression::TemplateLiteral(t) => {
                for element in t.elements() {
                    if let boa_engine::ast::expression::literal::TemplateElement::Expr(e) = element {
                        each(e);
                    }
                }
            }
            Expression::TaggedTemplate(t) => {
                for e in t.exprs() {
                    each(e);
                }
            }
            Expression::ArrayLiteral(array) => {
                for e in array.as_ref().iter().flatten() {
                    each(e);
                }
            }
            Expression::ObjectLiteral(object) => {
                for property in object.properties() {
                    match property {
                        PropertyDefinition::Property(_, value) | PropertyDefinition::SpreadObject(value) => each(value),
                        PropertyDefinition::IdentifierReference(id) => each(&Expression::Identifier(*id)),
                        _ => {}
                    }
                }
            }
            Expression::Optional(optional) => each(optional.target()),
            _ => {}
        }
    }

    fn access_deps(&self, access: &PropertyAccess, deps: &mut Vec<Node>, sources: &mut Vec<(Span, String)>, depth: usize) {
        if let PropertyAccess::Simple(access) = access {
            self.deps(access.target(), deps, sources, depth);
            if let PropertyAccessField::Expr(e) = access.field() {
                self.deps(e, deps, sources, depth);
            }
        }
    }

    /// Whether `expression` is the global `name`, not one of the script's own.
    fn is_global(&self, expression: &Expression, name: &str) -> bool {
        matches!(expression, Expression::Identifier(id) if self.program.name(id.sym()) == name
            && !self.scopes.iter().any(|s| s.locals.contains(name)))
    }

    /// `Date.now()`, `Date()`, `Math.random()`, `performance.now()`: how it reads.
    fn source_call(&self, call: &Call) -> Option<String> {
        if self.is_global(call.function(), "Date") {
            return Some("`Date()`".into());
        }
        let Expression::PropertyAccess(PropertyAccess::Simple(access)) = call.function() else { return None };
        let PropertyAccessField::Const(member) = access.field() else { return None };
        let member = self.program.name(member.sym());
        [("Date", "now"), ("Math", "random"), ("performance", "now")]
            .iter()
            .find(|(object, m)| *m == member && self.is_global(access.target(), object))
            .map(|(object, m)| format!("`{object}.{m}()`"))
    }

    fn edge(&mut self, target: Node, value: &Expression) {
        let (mut deps, mut sources) = (Vec::new(), Vec::new());
        self.deps(value, &mut deps, &mut sources, 0);
        if !deps.is_empty() || !sources.is_empty() {
            self.edges.push(Edge { target, deps, sources });
        }
    }

    /// Which nodes carry time or randomness, and from where.
    fn propagate(&self) -> HashMap<Node, (Span, String)> {
        let mut tainted: HashMap<Node, (Span, String)> = HashMap::new();
        let mut users: HashMap<&Node, Vec<usize>> = HashMap::new();
        let mut work = Vec::new();
        for (i, edge) in self.edges.iter().enumerate() {
            for dep in &edge.deps {
                users.entry(dep).or_default().push(i);
            }
            if let Some(source) = edge.sources.first()
                && !tainted.contains_key(&edge.target)
            {
                tainted.insert(edge.target.clone(), source.clone());
                work.push(edge.target.clone());
            }
        }
        while let Some(node) = work.pop() {
            let origin = tainted[&node].clone();
            for &i in users.get(&node).map(Vec::as_slice).unwrap_or_default() {
                let target = &self.edges[i].target;
                if !tainted.contains_key(target) {
                    tainted.insert(target.clone(), origin.clone());
                    work.push(target.clone());
                }
            }
        }
        tainted
    }

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
        let mut report = |sink: &mut Sink, span: Span, message: String, fix: &str| {
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

/// Enters every kind of function the same way.
macro_rules! functions {
    ($($visit:ident: $node:ty),* $(,)?) => {
        $(
            fn $visit(&mut self, node: &'p $node) -> ControlFlow<()> {
                self.enter(node.parameters(), node.body())
            }
        )*
    };
}

impl<'p> Visitor<'p> for Flows<'p, '_> {
    type BreakTy = ();

    functions! {
        visit_function_declaration: FunctionDeclaration,
        visit_function_expression: FunctionExpression,
        visit_arrow_function: ArrowFunction,
        visit_async_arrow_function: AsyncArrowFunction,
        visit_async_function_declaration: AsyncFunctionDeclaration,
        visit_async_function_expression: AsyncFunctionExpression,
        visit_generator_declaration: GeneratorDeclaration,
        visit_generator_expression: GeneratorExpression,
        visit_async_generator_declaration: AsyncGeneratorDeclaration,
        visit_async_generator_expression: AsyncGeneratorExpression,
        visit_object_method_definition: ObjectMethodDefinition,
    }

    fn visit_class_element(&mut self, node: &'p ClassElement) -> ControlFlow<()> {
        match node {
            ClassElement::MethodDefinition(method) => self.enter(method.parameters(), method.body()),
            _ => node.visit_with(self),
        }
    }

    fn visit_statement(&mut self, node: &'p Statement) -> ControlFlow<()> {
        if self.depth >= MAX_DEPTH {
            return ControlFlow::Continue(());
        }
        self.depth += 1;
        let flow = node.visit_with(self);
        self.depth -= 1;
        flow
    }

    fn visit_return(&mut self, node: &'p Return) -> ControlFlow<()> {
        if let Some(value) = node.target() {
            self.scopes[self.current].returns.push(value);
            let body = self.scopes[self.current].body;
            self.edge(Node::Ret(body), value);
        }
        node.visit_with(self)
    }

    fn visit_variable(&mut self, node: &'p Variable) -> ControlFlow<()> {
        if let Some(init) = node.init() {
            match node.binding() {
                Binding::Identifier(id) => {
                    let (scope, name) = self.var(id);
                    self.facts(scope, name.clone()).values.push(init);
                    self.edge(Node::Var(scope, name), init);
                }
                Binding::Pattern(pattern) => {
                    let mut scan = Declarations::new(self.program);
                    let _ = scan.visit_pattern(pattern);
                    for name in scan.names {
                        let scope = self.resolve(self.current, &name);
                        self.facts(scope, name.clone()).changed = true;
                        self.edge(Node::Var(scope, name), init);
                    }
                }
            }
        }
        node.visit_with(self)
    }

    fn visit_expression(&mut self, node: &'p Expression) -> ControlFlow<()> {
        if self.depth >= MAX_DEPTH {
            return ControlFlow::Continue(());
        }
        self.depth += 1;
        match node {
            Expression::Identifier(id) => {
                // Used from a nested function: it may change there.
                let (scope, name) = self.var(id);
                if scope != self.current {
                    self.facts(scope, name).escapes = true;
                }
            }
            Expression::Assign(assign) => match assign.lhs() {
                AssignTarget::Identifier(id) => {
                    let (scope, name) = self.var(id);
                    let facts = self.facts(scope, name.clone());
                    if assign.op() == AssignOp::Assign {
                        facts.values.push(assign.rhs());
                    } else {
                        facts.changed = true;
                    }
                    self.edge(Node::Var(scope, name), assign.rhs());
                }
                AssignTarget::Access(PropertyAccess::Simple(access)) => {
                    if let Some(root) = root(access.target()) {
                        let (scope, name) = self.var(root);
                        if matches!(access.target(), Expression::Identifier(_)) {
                            let key = match access.field() {
                                PropertyAccessField::Const(id) => Some(self.program.name(id.sym())),
                                PropertyAccessField::Expr(e) => match e.as_ref() {
                                    Expression::Literal(l) => match l.kind() {
                                        LiteralKind::String(sym) => Some(self.program.name(*sym)),
                                        _ => None,
                                    },
                                    _ => None,
                                },
                            };
                            let value = assign.rhs();
                            let facts = self.facts(scope, name.clone());
                            if assign.op() == AssignOp::Assign {
                                facts.members.push((key, value));
                            } else {
                                facts.escapes = true;
                            }
                        }
                        self.edge(Node::Var(scope, name), assign.rhs());
                    }
                }
                AssignTarget::Pattern(pattern) => {
                    let mut scan = Declarations::new(self.program);
                    let _ = scan.visit_pattern(pattern);
                    for name in scan.names {
                        let scope = self.resolve(self.current, &name);
                        self.facts(scope, name.clone()).changed = true;
                        self.edge(Node::Var(scope, name), assign.rhs());
                    }
                }
                AssignTarget::Access(_) => {}
            },
            Expression::Update(update) => {
                if let UpdateTarget::Identifier(id) = update.target() {
                    let (scope, name) = self.var(id);
                    self.facts(scope, name).changed = true;
                }
            }
            Expression::Call(call) => self.call(call),
            Expression::New(new) => self.arguments_escape(new.arguments()),
            _ => {}
        }
        let flow = node.visit_with(self);
        self.depth -= 1;
        flow
    }
}

impl<'p> Flows<'p, '_> {
    fn call(&mut self, call: &'p Call) {
        self.arguments_escape(call.args());
        let Expression::PropertyAccess(PropertyAccess::Simple(access)) = call.function() else { return };
        let Expression::Identifier(object) = access.target() else { return };
        let (scope, name) = self.var(object);
        let method = match access.field() {
            PropertyAccessField::Const(id) => self.program.name(id.sym()),
            PropertyAccessField::Expr(_) => String::new(),
        };
        if matches!(method.as_str(), "push" | "unshift") {
            self.facts(scope, name.clone()).pushed.extend(call.args());
            for arg in call.args() {
                self.edge(Node::Var(scope, name.clone()), arg);
            }
        } else {
            self.facts(scope, name).escapes = true;
        }
    }

    /// Variables handed to a function may be changed by it.
    fn arguments_escape(&mut self, args: &[Expression]) {
        for arg in args {
            if let Expression::Identifier(id) = arg {
                let (scope, name) = self.var(id);
                self.facts(scope, name).escapes = true;
            }
        }
    }
}

/// The variable at the root of `a.b.c`.
fn root(expression: &Expression) -> Option<&Identifier> {
    let mut node = expression;
    loop {
        match node {
            Expression::Identifier(id) => return Some(id),
            Expression::PropertyAccess(PropertyAccess::Simple(access)) => node = access.target(),
            Expression::Parenthesized(p) => node = p.expression(),
            _ => return None,
        }
    }
}

/// The names a function body (or the top level) declares, without entering nested functions
/// but noting the ones it declares by name.
struct Declarations<'p, 'a> {
    program: &'p Program<'a>,
    names: HashSet<String>,
    functions: HashMap<String, usize>,
    depth: usize,
}

impl<'p, 'a> Declarations<'p, 'a> {
    fn new(program: &'p Program<'a>) -> Declarations<'p, 'a> {
        Declarations { program, names: HashSet::new(), functions: HashMap::new(), depth: 0 }
    }

    fn name(&mut self, id: &Identifier) {
        self.names.insert(self.program.name(id.sym()));
    }
}

macro_rules! nested {
    ($($visit:ident: $node:ty),* $(,)?) => {
        $(
            fn $visit(&mut self, _: &'ast $node) -> ControlFlow<()> {
                ControlFlow::Continue(())
            }
        )*
    };
}

impl<'ast> Visitor<'ast> for Declarations<'_, '_> {
    type BreakTy = ();

    nested! {
        visit_function_expression: FunctionExpression,
        visit_arrow_function: ArrowFunction,
        visit_async_arrow_function: AsyncArrowFunction,
        visit_async_function_expression: AsyncFunctionExpression,
        visit_generator_expression: GeneratorExpression,
        visit_async_generator_expression: AsyncGeneratorExpression,
        visit_object_method_definition: ObjectMethodDefinition,
        visit_class_element: ClassElement,
    }

    fn visit_statement(&mut self, node: &'ast Statement) -> ControlFlow<()> {
        if self.depth >= MAX_DEPTH {
            return ControlFlow::Continue(());
        }
        self.depth += 1;
        let flow = node.visit_with(self);
        self.depth -= 1;
        flow
    }

    fn visit_expression(&mut self, _: &'ast Expression) -> ControlFlow<()> {
        // Declarations are not inside expressions (function expressions are their own scope).
        ControlFlow::Continue(())
    }

    fn visit_function_declaration(&mut self, node: &'ast FunctionDeclaration) -> ControlFlow<()> {
        self.name(&node.name());
        self.functions.insert(self.program.name(node.name().sym()), body_key(node.body()));
        ControlFlow::Continue(())
    }

    fn visit_generator_declaration(&mut self, node: &'ast GeneratorDeclaration) -> ControlFlow<()> {
        self.name(&node.name());
        ControlFlow::Continue(())
    }

    fn visit_async_function_declaration(&mut self, node: &'ast AsyncFunctionDeclaration) -> ControlFlow<()> {
        self.name(&node.name());
        ControlFlow::Continue(())
    }

    fn visit_async_generator_declaration(&mut self, node: &'ast AsyncGeneratorDeclaration) -> ControlFlow<()> {
        self.name(&node.name());
        ControlFlow::Continue(())
    }

    fn visit_class_declaration(&mut self, node: &'ast boa_engine::ast::function::ClassDeclaration) -> ControlFlow<()> {
        self.name(&node.name());
        ControlFlow::Continue(())
    }

    fn visit_variable(&mut self, node: &'ast Variable) -> ControlFlow<()> {
        if let (Binding::Identifier(id), Some(init)) = (node.binding(), node.init())
            && let Some(f) = super::program::Function::of(init)
        {
            self.functions.insert(self.program.name(id.sym()), body_key(f.body));
        }
        node.visit_with(self)
    }

    fn visit_binding(&mut self, node: &'ast Binding) -> ControlFlow<()> {
        match node {
            Binding::Identifier(id) => {
                self.name(id);
                ControlFlow::Continue(())
            }
            Binding::Pattern(pattern) => self.visit_pattern(pattern),
        }
    }

    fn visit_object_pattern_element(&mut self, node: &'ast ObjectPatternElement) -> ControlFlow<()> {
        match node {
            ObjectPatternElement::SingleName { ident, .. } | ObjectPatternElement::RestProperty { ident } => {
                self.name(ident);
                ControlFlow::Continue(())
            }
            ObjectPatternElement::Pattern { pattern, .. } => self.visit_pattern(pattern),
            _ => ControlFlow::Continue(()),
        }
    }

    fn visit_array_pattern_element(&mut self, node: &'ast ArrayPatternElement) -> ControlFlow<()> {
        match node {
            ArrayPatternElement::SingleName { ident, .. } | ArrayPatternElement::SingleNameRest { ident } => {
                self.name(ident);
                ControlFlow::Continue(())
            }
            ArrayPatternElement::Pattern { pattern, .. } | ArrayPatternElement::PatternRest { pattern } => self.visit_pattern(pattern),
            _ => ControlFlow::Continue(()),
        }
    }
}

