//! Names a target does not have: `require` and `import` (no target loads modules), Node's
//! globals (`Buffer` where the target has none, `module`, `process`, timers), and built-ins of
//! editions newer than the target's level (`Map`, `Object.assign`, `"…".padStart`).
//!
//! What the script provides itself is not reported: a name it declares anywhere (`function
//! Buffer(…)`), a property it assigns or defines anywhere (a polyfill: `String.prototype.padStart
//! = …`, `Object.defineProperty(…, 'includes', …)`, a method of one of its own objects), and a
//! use guarded by `typeof` (`typeof module !== 'undefined' && module.exports`, or a whole `if`
//! whose condition tests the name with `typeof`). A method is reported by its name alone: the
//! tree does not say whether `x` in `x.includes(y)` is a string, an array or an object of the
//! script's, so these are warnings.

use super::program::{Ast, Program};
use super::syntax::{Bounded, MAX_DEPTH, deeper};
use boa_engine::ast::declaration::Binding;
use boa_engine::ast::expression::access::{PropertyAccess, PropertyAccessField};
use boa_engine::ast::expression::literal::{LiteralKind, PropertyDefinition};
use boa_engine::ast::expression::operator::assign::AssignTarget;
use boa_engine::ast::expression::operator::binary::{BinaryOp, LogicalOp};
use boa_engine::ast::expression::operator::unary::UnaryOp;
use boa_engine::ast::expression::{Call, Identifier};
use boa_engine::ast::function::{ClassDeclaration, FunctionDeclaration, FunctionExpression};
use boa_engine::ast::pattern::{ArrayPatternElement, ObjectPatternElement};
use boa_engine::ast::property::PropertyName;
use boa_engine::ast::statement::If;
use boa_engine::ast::visitor::{VisitWith, Visitor};
use boa_engine::ast::{Expression, Statement};
use std::collections::HashSet;
use std::ops::ControlFlow;

/// A byte range in the text.
type Span = (usize, usize);

/// Something the script uses that a target may lack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Use {
    /// `require(…)`, `import(…)`, or an `import` or `export` declaration: which.
    Module(&'static str),
    /// A global of Node (or of browsers) that no data-parsing engine has; `Buffer` is one
    /// unless the target provides it.
    HostGlobal(&'static str),
    /// A built-in of a newer edition: its name as written, what it is, the year, whether it is
    /// a typed array (which some ES5.1 engines document).
    Builtin { shown: String, what: &'static str, year: u16, typed_array: bool },
}

/// Globals of Node and browsers (WHATWG's `TextEncoder`, `atob`… included, which thingkit's own
/// sandbox provides) no target's engine is documented to define (`Buffer` is checked per
/// target).
const HOST_GLOBALS: &[&str] = &[
    "Buffer",
    "process",
    "global",
    "module",
    "exports",
    "__dirname",
    "__filename",
    "setTimeout",
    "setInterval",
    "setImmediate",
    "clearTimeout",
    "clearInterval",
    "clearImmediate",
    "queueMicrotask",
    "fetch",
    "XMLHttpRequest",
    "TextEncoder",
    "TextDecoder",
    "atob",
    "btoa",
    "window",
    "document",
];

/// Global constructors and objects after ECMAScript 5.1: name, year, typed array.
const GLOBALS: &[(&str, u16, bool)] = &[
    ("Map", 2015, false),
    ("Set", 2015, false),
    ("WeakMap", 2015, false),
    ("WeakSet", 2015, false),
    ("Symbol", 2015, false),
    ("Promise", 2015, false),
    ("Proxy", 2015, false),
    ("Reflect", 2015, false),
    ("ArrayBuffer", 2015, true),
    ("DataView", 2015, true),
    ("Int8Array", 2015, true),
    ("Uint8Array", 2015, true),
    ("Uint8ClampedArray", 2015, true),
    ("Int16Array", 2015, true),
    ("Uint16Array", 2015, true),
    ("Int32Array", 2015, true),
    ("Uint32Array", 2015, true),
    ("Float32Array", 2015, true),
    ("Float64Array", 2015, true),
    ("SharedArrayBuffer", 2017, false),
    ("Atomics", 2017, false),
    ("BigInt", 2020, false),
    ("BigInt64Array", 2020, true),
    ("BigUint64Array", 2020, true),
    ("globalThis", 2020, false),
    ("WeakRef", 2021, false),
    ("FinalizationRegistry", 2021, false),
    ("AggregateError", 2021, false),
];

/// Static members after ECMAScript 5.1: object, member, year.
const STATICS: &[(&str, &str, u16)] = &[
    ("Object", "assign", 2015),
    ("Object", "is", 2015),
    ("Object", "setPrototypeOf", 2015),
    ("Object", "getOwnPropertySymbols", 2015),
    ("Object", "values", 2017),
    ("Object", "entries", 2017),
    ("Object", "getOwnPropertyDescriptors", 2017),
    ("Object", "fromEntries", 2019),
    ("Object", "hasOwn", 2022),
    ("Object", "groupBy", 2024),
    ("Array", "from", 2015),
    ("Array", "of", 2015),
    ("Number", "isInteger", 2015),
    ("Number", "isFinite", 2015),
    ("Number", "isNaN", 2015),
    ("Number", "isSafeInteger", 2015),
    ("Number", "parseFloat", 2015),
    ("Number", "parseInt", 2015),
    ("Number", "EPSILON", 2015),
    ("Number", "MAX_SAFE_INTEGER", 2015),
    ("Number", "MIN_SAFE_INTEGER", 2015),
    ("Math", "trunc", 2015),
    ("Math", "sign", 2015),
    ("Math", "cbrt", 2015),
    ("Math", "log2", 2015),
    ("Math", "log10", 2015),
    ("Math", "log1p", 2015),
    ("Math", "expm1", 2015),
    ("Math", "hypot", 2015),
    ("Math", "imul", 2015),
    ("Math", "fround", 2015),
    ("Math", "clz32", 2015),
    ("Math", "sinh", 2015),
    ("Math", "cosh", 2015),
    ("Math", "tanh", 2015),
    ("Math", "asinh", 2015),
    ("Math", "acosh", 2015),
    ("Math", "atanh", 2015),
    ("String", "fromCodePoint", 2015),
    ("String", "raw", 2015),
];

/// Prototype methods after ECMAScript 5.1 whose names codecs do not commonly give their own
/// methods: name, what it is, year.
const METHODS: &[(&str, &str, u16)] = &[
    ("includes", "`String.prototype.includes`; `Array.prototype.includes` is ES2016", 2015),
    ("startsWith", "`String.prototype.startsWith`", 2015),
    ("endsWith", "`String.prototype.endsWith`", 2015),
    ("repeat", "`String.prototype.repeat`", 2015),
    ("codePointAt", "`String.prototype.codePointAt`", 2015),
    ("find", "`Array.prototype.find`", 2015),
    ("findIndex", "`Array.prototype.findIndex`", 2015),
    ("fill", "`Array.prototype.fill`", 2015),
    ("copyWithin", "`Array.prototype.copyWithin`", 2015),
    ("padStart", "`String.prototype.padStart`", 2017),
    ("padEnd", "`String.prototype.padEnd`", 2017),
    ("trimStart", "`String.prototype.trimStart`", 2019),
    ("trimEnd", "`String.prototype.trimEnd`", 2019),
    ("flat", "`Array.prototype.flat`", 2019),
    ("flatMap", "`Array.prototype.flatMap`", 2019),
    ("matchAll", "`String.prototype.matchAll`", 2020),
    ("replaceAll", "`String.prototype.replaceAll`", 2021),
    ("at", "`Array.prototype.at`, `String.prototype.at`", 2022),
    ("findLast", "`Array.prototype.findLast`", 2023),
    ("findLastIndex", "`Array.prototype.findLastIndex`", 2023),
    ("toSorted", "`Array.prototype.toSorted`", 2023),
    ("toReversed", "`Array.prototype.toReversed`", 2023),
    ("toSpliced", "`Array.prototype.toSpliced`", 2023),
    ("isWellFormed", "`String.prototype.isWellFormed`", 2024),
    ("toWellFormed", "`String.prototype.toWellFormed`", 2024),
];

/// Every use of a name a target may lack, with its byte range, and where the walk stopped for
/// depth, if it did.
pub(crate) fn uses(program: &Program<'_>) -> (Vec<(Use, Span)>, Option<usize>) {
    let mut definitions = Definitions { program, names: HashSet::new(), properties: HashSet::new(), depth: 0 };
    let mut finder = Finder { program, definitions: None, found: Vec::new(), guards: Vec::new(), depth: 0, too_deep: None, last: 0 };
    match &program.ast {
        Ast::Script(script) => {
            let _ = definitions.visit_script(script);
            finder.definitions = Some(definitions);
            let _ = finder.visit_script(script);
        }
        Ast::Module(module) => {
            let _ = definitions.visit_module(module);
            finder.definitions = Some(definitions);
            let _ = finder.visit_module(module);
            // The declarations themselves have no place in the tree: each is a line that
            // starts with the keyword.
            let text = program.locator.text();
            let mut at = 0;
            for line in text.split_inclusive('\n') {
                let trimmed = line.trim_start();
                let start = at + (line.len() - trimmed.len());
                for keyword in ["import", "export"] {
                    if trimmed.starts_with(keyword) && trimmed[keyword.len()..].starts_with([' ', '\t', '{', '*', '\'', '"']) {
                        finder.found.push((Use::Module(keyword), (start, start + keyword.len())));
                    }
                }
                at += line.len();
            }
        }
    }
    finder.found.sort_by_key(|(_, span)| *span);
    finder.found.dedup();
    (finder.found, finder.too_deep)
}

/// What the script defines itself: names it declares or assigns, properties it assigns or
/// defines.
impl Bounded for Definitions<'_, '_> {
    fn depth(&mut self) -> &mut usize {
        &mut self.depth
    }
}

struct Definitions<'p, 'a> {
    program: &'p Program<'a>,
    names: HashSet<String>,
    properties: HashSet<String>,
    depth: usize,
}

impl Definitions<'_, '_> {
    fn name(&mut self, id: &Identifier) {
        self.names.insert(self.program.name(id.sym()));
    }

    fn property(&mut self, name: &PropertyName) {
        if let PropertyName::Literal(id) = name {
            self.properties.insert(self.program.name(id.sym()));
        }
    }
}

impl<'ast> Visitor<'ast> for Definitions<'_, '_> {
    type BreakTy = ();

    fn visit_statement(&mut self, node: &'ast Statement) -> ControlFlow<()> {
        deeper(self, |this| node.visit_with(this))
    }

    fn visit_expression(&mut self, node: &'ast Expression) -> ControlFlow<()> {
        deeper(self, |this| {
            match node {
                Expression::Assign(assign) => match assign.lhs() {
                    AssignTarget::Identifier(id) => this.name(id),
                    AssignTarget::Access(PropertyAccess::Simple(access)) => match access.field() {
                        PropertyAccessField::Const(id) => {
                            this.properties.insert(this.program.name(id.sym()));
                        }
                        PropertyAccessField::Expr(e) => {
                            if let Expression::Literal(literal) = e.as_ref()
                                && let LiteralKind::String(sym) = literal.kind()
                            {
                                this.properties.insert(this.program.name(*sym));
                            }
                        }
                    },
                    _ => {}
                },
                // Object.defineProperty(target, 'name', …)
                Expression::Call(call) => {
                    if let Some(("Object", "defineProperty")) =
                        static_member(this.program, call.function()).as_ref().map(|(o, m)| (o.as_str(), m.as_str()))
                        && let Some(Expression::Literal(literal)) = call.args().get(1)
                        && let LiteralKind::String(sym) = literal.kind()
                    {
                        this.properties.insert(this.program.name(*sym));
                    }
                }
                Expression::FunctionExpression(f) => {
                    if let Some(name) = f.name() {
                        this.name(&name);
                    }
                }
                _ => {}
            }
            node.visit_with(this)
        })
    }

    fn visit_binding(&mut self, node: &'ast Binding) -> ControlFlow<()> {
        if let Binding::Identifier(id) = node {
            self.name(id);
        }
        node.visit_with(self)
    }

    fn visit_object_pattern_element(&mut self, node: &'ast ObjectPatternElement) -> ControlFlow<()> {
        match node {
            ObjectPatternElement::SingleName { ident, .. } | ObjectPatternElement::RestProperty { ident, .. } => self.name(ident),
            ObjectPatternElement::AssignmentPropertyAccess { .. }
            | ObjectPatternElement::AssignmentRestPropertyAccess { .. }
            | ObjectPatternElement::Pattern { .. } => {}
        }
        node.visit_with(self)
    }

    fn visit_array_pattern_element(&mut self, node: &'ast ArrayPatternElement) -> ControlFlow<()> {
        if let ArrayPatternElement::SingleName { ident, .. } | ArrayPatternElement::SingleNameRest { ident } = node {
            self.name(ident);
        }
        node.visit_with(self)
    }

    fn visit_function_declaration(&mut self, node: &'ast FunctionDeclaration) -> ControlFlow<()> {
        self.name(&node.name());
        node.visit_with(self)
    }

    fn visit_function_expression(&mut self, node: &'ast FunctionExpression) -> ControlFlow<()> {
        if let Some(name) = node.name() {
            self.name(&name);
        }
        node.visit_with(self)
    }

    fn visit_class_declaration(&mut self, node: &'ast ClassDeclaration) -> ControlFlow<()> {
        self.name(&node.name());
        node.visit_with(self)
    }

    fn visit_property_definition(&mut self, node: &'ast PropertyDefinition) -> ControlFlow<()> {
        match node {
            PropertyDefinition::Property(name, value) if is_function(value) => self.property(name),
            PropertyDefinition::MethodDefinition(method) => self.property(method.name()),
            _ => {}
        }
        node.visit_with(self)
    }
}

fn is_function(expression: &Expression) -> bool {
    matches!(
        expression,
        Expression::FunctionExpression(_)
            | Expression::ArrowFunction(_)
            | Expression::AsyncArrowFunction(_)
            | Expression::AsyncFunctionExpression(_)
    )
}

/// A call's place: from its callee to its closing parenthesis (the tree's own span of a call
/// covers its arguments only).
pub(crate) fn call_span(program: &Program<'_>, call: &Call) -> (usize, usize) {
    let (callee, whole) = (program.span(call.function()), program.span(call));
    (callee.0.min(whole.0), whole.1.max(callee.1))
}

/// `Object.assign` as ("Object", "assign").
pub(crate) fn static_member(program: &Program<'_>, expression: &Expression) -> Option<(String, String)> {
    let Expression::PropertyAccess(PropertyAccess::Simple(access)) = expression else { return None };
    let (Expression::Identifier(object), PropertyAccessField::Const(member)) = (access.target(), access.field()) else { return None };
    Some((program.name(object.sym()), program.name(member.sym())))
}

impl Bounded for Finder<'_, '_> {
    fn depth(&mut self) -> &mut usize {
        &mut self.depth
    }

    fn stopped(&mut self) {
        self.too_deep.get_or_insert(self.last);
    }
}

struct Finder<'p, 'a> {
    program: &'p Program<'a>,
    definitions: Option<Definitions<'p, 'a>>,
    found: Vec<(Use, Span)>,
    /// Names tested with `typeof` by the conditions around the node being visited.
    guards: Vec<HashSet<String>>,
    depth: usize,
    too_deep: Option<usize>,
    last: usize,
}

impl Finder<'_, '_> {
    fn defines_name(&self, name: &str) -> bool {
        self.definitions.as_ref().is_some_and(|d| d.names.contains(name))
    }

    fn defines_property(&self, name: &str) -> bool {
        self.definitions.as_ref().is_some_and(|d| d.properties.contains(name))
    }

    fn guarded(&self, name: &str) -> bool {
        self.guards.iter().any(|g| g.contains(name))
    }

    /// A global read: reported when the script neither defines nor guards it.
    fn global(&mut self, id: &Identifier) {
        let name = self.program.name(id.sym());
        if self.defines_name(&name) || self.guarded(&name) {
            return;
        }
        let span = self.program.span(id);
        if let Some(host) = HOST_GLOBALS.iter().find(|g| **g == name) {
            self.found.push((Use::HostGlobal(host), span));
        } else if let Some(&(_, year, typed_array)) = GLOBALS.iter().find(|(g, ..)| *g == name) {
            self.found.push((Use::Builtin { shown: format!("`{name}`"), what: "", year, typed_array }, span));
        }
    }

    /// With the names `condition` tests with `typeof` guarding what `work` visits.
    fn guarded_by(&mut self, condition: &Expression, work: impl FnOnce(&mut Self) -> ControlFlow<()>) -> ControlFlow<()> {
        let mut names = HashSet::new();
        typeof_names(self.program, condition, &mut names, 0);
        let pushed = !names.is_empty();
        if pushed {
            self.guards.push(names);
        }
        let flow = work(self);
        if pushed {
            self.guards.pop();
        }
        flow
    }

    fn call(&mut self, call: &Call) {
        if let Expression::Identifier(id) = call.function()
            && self.program.name(id.sym()) == "require"
            && !self.defines_name("require")
            && !self.guarded("require")
        {
            self.found.push((Use::Module("require"), call_span(self.program, call)));
        }
        if let Expression::PropertyAccess(PropertyAccess::Simple(access)) = call.function()
            && let PropertyAccessField::Const(member) = access.field()
        {
            let name = self.program.name(member.sym());
            // A static member (`Object.assign(…)`) is reported as one, not as a method.
            let on_namespace = matches!(access.target(), Expression::Identifier(object)
                if STATICS.iter().any(|(o, ..)| *o == self.program.name(object.sym())));
            if !on_namespace
                && !self.defines_property(&name)
                && !self.guarded(&name)
                && let Some(&(_, what, year)) = METHODS.iter().find(|(m, ..)| *m == name)
            {
                let at = self.program.span(member);
                self.found.push((Use::Builtin { shown: format!("`.{name}(…)`"), what, year, typed_array: false }, at));
            }
        }
    }
}

/// The names `typeof` is applied to in `expression` (`typeof Buffer`, `typeof Object.assign`
/// gives `Object` and `assign`).
fn typeof_names(program: &Program<'_>, expression: &Expression, out: &mut HashSet<String>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match expression {
        Expression::Unary(unary) if unary.op() == UnaryOp::TypeOf => names_in(program, unary.target(), out),
        Expression::Unary(unary) => typeof_names(program, unary.target(), out, depth + 1),
        Expression::Binary(binary) => {
            typeof_names(program, binary.lhs(), out, depth + 1);
            typeof_names(program, binary.rhs(), out, depth + 1);
        }
        Expression::Parenthesized(p) => typeof_names(program, p.expression(), out, depth + 1),
        _ => {}
    }
}

/// The identifiers and member names of `a.b.c`.
fn names_in(program: &Program<'_>, expression: &Expression, out: &mut HashSet<String>) {
    let mut node = expression;
    loop {
        match node {
            Expression::Identifier(id) => {
                out.insert(program.name(id.sym()));
                return;
            }
            Expression::PropertyAccess(PropertyAccess::Simple(access)) => {
                if let PropertyAccessField::Const(member) = access.field() {
                    out.insert(program.name(member.sym()));
                }
                node = access.target();
            }
            Expression::Parenthesized(p) => node = p.expression(),
            _ => return,
        }
    }
}

impl<'ast> Visitor<'ast> for Finder<'_, '_> {
    type BreakTy = ();

    fn visit_statement(&mut self, node: &'ast Statement) -> ControlFlow<()> {
        deeper(self, |this| node.visit_with(this))
    }

    fn visit_if(&mut self, node: &'ast If) -> ControlFlow<()> {
        self.visit_expression(node.cond())?;
        self.guarded_by(node.cond(), |this| {
            this.visit_statement(node.body())?;
            match node.else_node() {
                Some(other) => this.visit_statement(other),
                None => ControlFlow::Continue(()),
            }
        })
    }

    fn visit_expression(&mut self, node: &'ast Expression) -> ControlFlow<()> {
        deeper(self, |this| {
            this.last = this.last.max(this.program.span(node).0);
            match node {
                Expression::Identifier(id) => {
                    this.global(id);
                    ControlFlow::Continue(())
                }
                // `typeof x` reads nothing that can fail.
                Expression::Unary(unary) if unary.op() == UnaryOp::TypeOf => ControlFlow::Continue(()),
                Expression::Call(call) => {
                    this.call(call);
                    node.visit_with(this)
                }
                Expression::ImportCall(_) => {
                    let span = this.program.span(node);
                    this.found.push((Use::Module("import()"), span));
                    node.visit_with(this)
                }
                Expression::PropertyAccess(PropertyAccess::Simple(access)) => {
                    if let Some((object, member)) = static_member(this.program, node)
                        && let Some(&(_, _, year)) = STATICS.iter().find(|(o, m, _)| *o == object && *m == member)
                        && !this.defines_name(&object)
                        && !this.defines_property(&member)
                        && !this.guarded(&member)
                    {
                        let span = this.program.span(node);
                        this.found.push((Use::Builtin { shown: format!("`{object}.{member}`"), what: "", year, typed_array: false }, span));
                        ControlFlow::Continue(())
                    } else {
                        access.visit_with(this)
                    }
                }
                Expression::Binary(_) => {
                    // Left-leaning chains (`a && b && c`, `a + b + c`) are walked down their left
                    // side by hand; the right side of `&&` and `||` is guarded by their left.
                    let mut chain = Vec::new();
                    let mut left = node;
                    while let Expression::Binary(b) = left {
                        chain.push(b);
                        left = b.lhs();
                    }
                    let mut flow = this.visit_expression(left);
                    for binary in chain.into_iter().rev() {
                        if flow.is_break() {
                            break;
                        }
                        flow = if matches!(binary.op(), BinaryOp::Logical(LogicalOp::And | LogicalOp::Or)) {
                            this.guarded_by(binary.lhs(), |this| this.visit_expression(binary.rhs()))
                        } else {
                            this.visit_expression(binary.rhs())
                        };
                    }
                    flow
                }
                Expression::Conditional(conditional) => {
                    this.visit_expression(conditional.condition())?;
                    this.guarded_by(conditional.condition(), |this| {
                        this.visit_expression(conditional.if_true())?;
                        this.visit_expression(conditional.if_false())
                    })
                }
                _ => node.visit_with(this),
            }
        })
    }

    fn visit_property_definition(&mut self, node: &'ast PropertyDefinition) -> ControlFlow<()> {
        if let PropertyDefinition::IdentifierReference(id) = node {
            self.global(id);
        }
        node.visit_with(self)
    }
}
