//! Syntax newer than a target's level: a visitor over boa's syntax tree that finds every
//! construct of ES2015 and later, each at its place in the text (the keyword or operator where
//! the tree has no span of its own).
//!
//! Literals are read from their text where the tree keeps only the value (`0b1010`, `1_000`,
//! `"\u{1F600}"`), and regular expressions from their pattern and flags. Not seen: a trailing
//! comma after the last parameter (ES2017), which leaves no trace in the tree.

use super::locate::Locator;
use super::program::{Ast, Program};
use boa_engine::ast::declaration::{Binding, LexicalDeclaration};
use boa_engine::ast::expression::access::PropertyAccess;
use boa_engine::ast::expression::literal::{LiteralKind, PropertyDefinition};
use boa_engine::ast::expression::operator::assign::{AssignOp, AssignTarget};
use boa_engine::ast::expression::operator::binary::{ArithmeticOp, BinaryOp, LogicalOp};
use boa_engine::ast::function::{
    AsyncFunctionDeclaration, AsyncGeneratorDeclaration, ClassDeclaration, ClassElement, FormalParameter, GeneratorDeclaration,
};
use boa_engine::ast::pattern::ObjectPatternElement;
use boa_engine::ast::property::{MethodDefinitionKind, PropertyName};
use boa_engine::ast::statement::Catch;
use boa_engine::ast::statement::iteration::{ForOfLoop, IterableLoopInitializer};
use boa_engine::ast::visitor::{VisitWith, Visitor};
use boa_engine::ast::{Expression, Spanned, Statement};
use std::ops::ControlFlow;

/// A byte range in the text.
type Span = (usize, usize);

/// Deepest nesting of the syntax tree the visitors walk (a chain of `a + b + c…` or `a, b, c…`
/// counts as one level): far past any codec, and well within the stack of a thread that parsed
/// the script.
pub(crate) const MAX_DEPTH: usize = 2000;

/// A walk over the tree that goes no deeper than [`MAX_DEPTH`] statements and expressions: the
/// one guard of every check's walk (the parser accepts deeper trees than a walk should recurse
/// through).
pub(super) trait Bounded {
    /// How deep the walk is now.
    fn depth(&mut self) -> &mut usize;
    /// Notes that the walk stopped at the depth limit here (the checks that report it).
    fn stopped(&mut self) {}
}

/// Runs `visit` one level deeper, or, at [`MAX_DEPTH`], notes that the walk stopped and goes on
/// without it.
pub(super) fn deeper<V: Bounded>(visitor: &mut V, visit: impl FnOnce(&mut V) -> ControlFlow<()>) -> ControlFlow<()> {
    if *visitor.depth() >= MAX_DEPTH {
        visitor.stopped();
        return ControlFlow::Continue(());
    }
    *visitor.depth() += 1;
    let flow = visit(visitor);
    *visitor.depth() -= 1;
    flow
}

/// A construct newer than ECMAScript 5.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Feature {
    Let,
    Const,
    Using,
    Arrow,
    Class,
    Template,
    TaggedTemplate,
    Destructuring,
    DefaultParameter,
    RestParameter,
    Spread,
    ForOf,
    Generator,
    Shorthand,
    Method,
    Computed,
    NewTarget,
    BinaryOctal,
    CodePointEscape,
    RegExpFlag(char),
    RegExpGroupName,
    RegExpLookbehind,
    Exponent,
    Async,
    ObjectSpread,
    AsyncIteration,
    OptionalCatch,
    OptionalChaining,
    Nullish,
    BigInt,
    DynamicImport,
    ImportMeta,
    LogicalAssignment,
    NumericSeparator,
    ClassField,
    PrivateMember,
    StaticBlock,
}

impl Feature {
    /// The edition that brought it (a year).
    pub fn year(self) -> u16 {
        match self {
            Feature::Let
            | Feature::Const
            | Feature::Arrow
            | Feature::Class
            | Feature::Template
            | Feature::TaggedTemplate
            | Feature::Destructuring
            | Feature::DefaultParameter
            | Feature::RestParameter
            | Feature::Spread
            | Feature::ForOf
            | Feature::Generator
            | Feature::Shorthand
            | Feature::Method
            | Feature::Computed
            | Feature::NewTarget
            | Feature::BinaryOctal
            | Feature::CodePointEscape => 2015,
            Feature::RegExpFlag('y' | 'u') => 2015,
            Feature::RegExpFlag('s') => 2018,
            Feature::RegExpFlag('d') => 2022,
            Feature::RegExpFlag(_) => 2024,
            Feature::Exponent => 2016,
            Feature::Async => 2017,
            Feature::ObjectSpread | Feature::AsyncIteration | Feature::RegExpGroupName | Feature::RegExpLookbehind => 2018,
            Feature::OptionalCatch => 2019,
            Feature::OptionalChaining | Feature::Nullish | Feature::BigInt | Feature::DynamicImport | Feature::ImportMeta => 2020,
            Feature::LogicalAssignment | Feature::NumericSeparator => 2021,
            Feature::ClassField | Feature::PrivateMember | Feature::StaticBlock => 2022,
            Feature::Using => 2026,
        }
    }

    /// Whether it is one of the `let`/`const` declarations Huawei takes alone of ES2015.
    pub fn is_let_const(self) -> bool {
        matches!(self, Feature::Let | Feature::Const)
    }

    /// What it is, for the message: "`let` declarations are ES2015 syntax".
    pub fn message(self) -> String {
        let what = match self {
            Feature::Let => "`let` declarations are".to_string(),
            Feature::Const => "`const` declarations are".to_string(),
            Feature::Using => "`using` declarations are".to_string(),
            Feature::Arrow => "arrow functions are".to_string(),
            Feature::Class => "classes are".to_string(),
            Feature::Template => "template literals are".to_string(),
            Feature::TaggedTemplate => "tagged templates are".to_string(),
            Feature::Destructuring => "destructuring is".to_string(),
            Feature::DefaultParameter => "default parameter values are".to_string(),
            Feature::RestParameter => "rest parameters are".to_string(),
            Feature::Spread => "spread (`...`) is".to_string(),
            Feature::ForOf => "`for…of` loops are".to_string(),
            Feature::Generator => "generators are".to_string(),
            Feature::Shorthand => "shorthand properties (`{a}`) are".to_string(),
            Feature::Method => "method definitions (`f() {…}`) are".to_string(),
            Feature::Computed => "computed property names (`[key]: …`) are".to_string(),
            Feature::NewTarget => "`new.target` is".to_string(),
            Feature::BinaryOctal => "binary and octal literals (`0b…`, `0o…`) are".to_string(),
            Feature::CodePointEscape => "code point escapes (`\\u{…}`) are".to_string(),
            Feature::RegExpFlag(flag) => format!("the regular expression flag `{flag}` is"),
            Feature::RegExpGroupName => "named capture groups (`(?<name>…)`) are".to_string(),
            Feature::RegExpLookbehind => "lookbehind assertions (`(?<=…)`, `(?<!…)`) are".to_string(),
            Feature::Exponent => "the `**` operator is".to_string(),
            Feature::Async => "`async` functions and `await` are".to_string(),
            Feature::ObjectSpread => "object spread and rest (`{...o}`) are".to_string(),
            Feature::AsyncIteration => "async iteration (`for await`, async generators) is".to_string(),
            Feature::OptionalCatch => "a `catch` without a binding is".to_string(),
            Feature::OptionalChaining => "optional chaining (`?.`) is".to_string(),
            Feature::Nullish => "the `??` operator is".to_string(),
            Feature::BigInt => "BigInt literals (`1n`) are".to_string(),
            Feature::DynamicImport => "`import()` is".to_string(),
            Feature::ImportMeta => "`import.meta` is".to_string(),
            Feature::LogicalAssignment => "logical assignment (`&&=`, `||=`, `??=`) is".to_string(),
            Feature::NumericSeparator => "numeric separators (`1_000`) are".to_string(),
            Feature::ClassField => "class fields are".to_string(),
            Feature::PrivateMember => "private members (`#name`) are".to_string(),
            Feature::StaticBlock => "class `static` blocks are".to_string(),
        };
        format!("{what} ES{} syntax", self.year())
    }

    /// How to write it in ECMAScript 5.1.
    pub fn fix(self) -> Option<&'static str> {
        Some(match self {
            Feature::Let | Feature::Const | Feature::Using => "declare it with `var`",
            Feature::Arrow => "write a `function` expression (an arrow function keeps the outer `this`)",
            Feature::Class => "write a constructor function and put the methods on its `prototype`",
            Feature::Template => "concatenate strings with `+`",
            Feature::TaggedTemplate => "call the tag function with the strings and values",
            Feature::Destructuring => "read the properties or elements one by one",
            Feature::DefaultParameter => "set the default in the body: `if (x === undefined) { x = …; }`",
            Feature::RestParameter => "read the extra arguments from `arguments`",
            Feature::Spread => "use `f.apply(null, list)` or `a.concat(b)`",
            Feature::ForOf => "loop over the indexes: `for (var i = 0; i < list.length; i++)`",
            Feature::Generator => "build and return an array instead",
            Feature::Shorthand => "write `name: name`",
            Feature::Method => "write `name: function (…) { … }`",
            Feature::Computed => "create the object, then assign `object[key] = value`",
            Feature::BinaryOctal => "write the number in hexadecimal or decimal",
            Feature::CodePointEscape => "write the character as its UTF-16 pair (`\\uD83D\\uDE00`)",
            Feature::RegExpFlag(_) | Feature::RegExpGroupName | Feature::RegExpLookbehind => {
                "rewrite the pattern without it (and read groups by number)"
            }
            Feature::Exponent => "use `Math.pow(a, b)`",
            Feature::Async | Feature::AsyncIteration => {
                "compute the result synchronously: the platforms call these functions for their return value"
            }
            Feature::ObjectSpread => "copy the properties in a `for…in` loop",
            Feature::OptionalCatch => "name the error: `catch (e)`",
            Feature::OptionalChaining => "test each step: `a && a.b`",
            Feature::Nullish => "test for null and undefined: `a != null ? a : b`",
            Feature::BigInt => "use numbers (exact up to 2^53) or split the value into 32-bit halves",
            Feature::LogicalAssignment => "write it out: `a = a || b`",
            Feature::NumericSeparator => "remove the `_`",
            Feature::ClassField | Feature::PrivateMember | Feature::StaticBlock => {
                "write a constructor function and assign the members in it"
            }
            Feature::NewTarget | Feature::DynamicImport | Feature::ImportMeta => return None,
        })
    }
}

/// Every construct newer than ECMAScript 5.1 in the program, with its byte range; and where the
/// walk stopped for depth, if it did.
pub(crate) fn features(program: &Program<'_>) -> (Vec<(Feature, Span)>, Option<usize>) {
    let mut visitor = Syntax { program, locator: &program.locator, found: Vec::new(), depth: 0, too_deep: None, last: 0 };
    let _ = match &program.ast {
        Ast::Script(script) => visitor.visit_script(script),
        Ast::Module(module) => visitor.visit_module(module),
    };
    visitor.found.sort_by_key(|(_, span)| *span);
    visitor.found.dedup();
    (visitor.found, visitor.too_deep)
}

struct Syntax<'p, 'a> {
    program: &'p Program<'a>,
    locator: &'p Locator<'a>,
    found: Vec<(Feature, Span)>,
    depth: usize,
    too_deep: Option<usize>,
    /// The start of the last node with a span: where a search for a keyword the tree does not
    /// place (`catch`, `static`) begins.
    last: usize,
}

impl Bounded for Syntax<'_, '_> {
    fn depth(&mut self) -> &mut usize {
        &mut self.depth
    }

    fn stopped(&mut self) {
        self.too_deep.get_or_insert(self.last);
    }
}

impl Syntax<'_, '_> {
    fn add(&mut self, feature: Feature, span: (usize, usize)) {
        self.found.push((feature, span));
    }

    fn add_node(&mut self, feature: Feature, node: &impl Spanned) {
        let span = self.program.span(node);
        self.add(feature, span);
    }

    /// A keyword (or a chain of them, nearest first) just before `at`: its span, or `at`'s own
    /// when it is not there.
    fn keyword(&self, at: (usize, usize), chain: &[&[&str]]) -> (usize, usize) {
        let mut start = at.0;
        for tokens in chain {
            match self.locator.token_before(start, tokens) {
                Some(found) => start = found,
                None => break,
            }
        }
        if start == at.0 { at } else { (start, super::locate::word_end(self.locator.text(), start).max(start + 1)) }
    }

    /// A token within the text between two offsets, as a span; `fallback` when absent.
    fn operator(&self, from: usize, to: usize, token: &str, fallback: (usize, usize)) -> (usize, usize) {
        self.locator.token_within(from, to, token).map_or(fallback, |at| (at, at + token.len()))
    }

    /// The keyword `word` followed by `{`, searched from the last placed node on.
    fn keyword_followed_by_brace(&self, word: &str) -> Option<(usize, usize)> {
        let text = self.locator.text();
        let mut from = self.last;
        while let Some(at) = self.locator.token_within(from, text.len(), word) {
            let after = at + word.len();
            if text[after..].trim_start().starts_with('{') {
                return Some((at, after));
            }
            from = after;
        }
        None
    }

    fn literal(&mut self, kind: &LiteralKind, span: (usize, usize)) {
        let text = self.locator.text().get(span.0..span.1).unwrap_or_default();
        match kind {
            LiteralKind::BigInt(_) => self.add(Feature::BigInt, span),
            LiteralKind::Num(_) | LiteralKind::Int(_) => {
                let lower = text.to_ascii_lowercase();
                if lower.starts_with("0b") || lower.starts_with("0o") {
                    self.add(Feature::BinaryOctal, span);
                }
                if text.contains('_') {
                    self.add(Feature::NumericSeparator, span);
                }
            }
            LiteralKind::String(_) => {
                let mut escaped = false;
                for (i, c) in text.char_indices() {
                    if escaped && c == 'u' && text[i + 1..].starts_with('{') {
                        self.add(Feature::CodePointEscape, span);
                        break;
                    }
                    escaped = !escaped && c == '\\';
                }
            }
            _ => {}
        }
    }

    /// A left-leaning chain of binary operators, walked without recursing down its left side.
    fn binary_chain(&mut self, expression: &Expression) -> ControlFlow<()> {
        let mut chain = Vec::new();
        let mut node = expression;
        while let Expression::Binary(binary) = node {
            chain.push(binary);
            node = binary.lhs();
        }
        self.visit_expression(node)?;
        for binary in chain.into_iter().rev() {
            let (lhs, rhs) = (self.program.span(binary.lhs()), self.program.span(binary.rhs()));
            let whole = self.program.span(binary);
            match binary.op() {
                BinaryOp::Arithmetic(ArithmeticOp::Exp) => {
                    let at = self.operator(lhs.1, rhs.0, "**", whole);
                    self.add(Feature::Exponent, at);
                }
                BinaryOp::Logical(LogicalOp::Coalesce) => {
                    let at = self.operator(lhs.1, rhs.0, "??", whole);
                    self.add(Feature::Nullish, at);
                }
                _ => {}
            }
            self.visit_expression(binary.rhs())?;
        }
        ControlFlow::Continue(())
    }
}

impl<'ast> Visitor<'ast> for Syntax<'_, '_> {
    type BreakTy = ();

    fn visit_statement(&mut self, node: &'ast Statement) -> ControlFlow<()> {
        deeper(self, |this| node.visit_with(this))
    }

    fn visit_expression(&mut self, node: &'ast Expression) -> ControlFlow<()> {
        deeper(self, |this| {
            let span = this.program.span(node);
            this.last = this.last.max(span.0);
            match node {
                Expression::Binary(_) => {
                    return this.binary_chain(node);
                }
                Expression::ArrowFunction(_) => this.add(Feature::Arrow, span),
                Expression::AsyncArrowFunction(_) => {
                    this.add(Feature::Arrow, span);
                    this.add(Feature::Async, span);
                }
                Expression::ClassExpression(_) => this.add(Feature::Class, span),
                Expression::TemplateLiteral(_) => this.add(Feature::Template, span),
                Expression::TaggedTemplate(_) => this.add(Feature::TaggedTemplate, span),
                Expression::GeneratorExpression(_) => this.add(Feature::Generator, span),
                Expression::AsyncFunctionExpression(_) => this.add(Feature::Async, span),
                Expression::AsyncGeneratorExpression(_) => this.add(Feature::AsyncIteration, span),
                Expression::Spread(_) => this.add(Feature::Spread, span),
                Expression::NewTarget(_) => this.add(Feature::NewTarget, span),
                Expression::ImportMeta(_) => this.add(Feature::ImportMeta, span),
                Expression::ImportCall(_) => this.add(Feature::DynamicImport, span),
                Expression::Await(_) => this.add(Feature::Async, span),
                Expression::BinaryInPrivate(_) => this.add(Feature::PrivateMember, span),
                Expression::PropertyAccess(PropertyAccess::Private(_)) => this.add(Feature::PrivateMember, span),
                Expression::Optional(optional) => {
                    let target = this.program.span(optional.target());
                    let at = this.operator(target.1, span.1, "?.", span);
                    this.add(Feature::OptionalChaining, at);
                }
                Expression::Assign(assign) => {
                    let rhs = this.program.span(assign.rhs());
                    let lhs_end = match assign.lhs() {
                        AssignTarget::Identifier(id) => this.program.span(id).1,
                        AssignTarget::Access(access) => this.program.span(access).1,
                        AssignTarget::Pattern(pattern) => {
                            this.add_node(Feature::Destructuring, pattern);
                            this.program.span(pattern).1
                        }
                    };
                    let op = match assign.op() {
                        AssignOp::Exp => Some((Feature::Exponent, "**=")),
                        AssignOp::BoolAnd => Some((Feature::LogicalAssignment, "&&=")),
                        AssignOp::BoolOr => Some((Feature::LogicalAssignment, "||=")),
                        AssignOp::Coalesce => Some((Feature::LogicalAssignment, "??=")),
                        _ => None,
                    };
                    if let Some((feature, token)) = op {
                        let at = this.operator(lhs_end, rhs.0, token, span);
                        this.add(feature, at);
                    }
                }
                Expression::Literal(literal) => this.literal(literal.kind(), span),
                Expression::RegExpLiteral(regexp) => {
                    let flags = this.program.name(regexp.flags());
                    for flag in flags.chars().filter(|f| !matches!(f, 'g' | 'i' | 'm')) {
                        this.add(Feature::RegExpFlag(flag), span);
                    }
                    let pattern = this.program.name(regexp.pattern());
                    if pattern.contains("(?<=") || pattern.contains("(?<!") {
                        this.add(Feature::RegExpLookbehind, span);
                    }
                    if pattern.match_indices("(?<").any(|(i, _)| !pattern[i + 3..].starts_with(['=', '!'])) {
                        this.add(Feature::RegExpGroupName, span);
                    }
                }
                _ => {}
            }
            node.visit_with(this)
        })
    }

    fn visit_lexical_declaration(&mut self, node: &'ast LexicalDeclaration) -> ControlFlow<()> {
        let (feature, keyword): (Feature, &[&str]) = match node {
            LexicalDeclaration::Let(_) => (Feature::Let, &["let"]),
            LexicalDeclaration::Const(_) => (Feature::Const, &["const"]),
            _ => (Feature::Using, &["using"]),
        };
        if let Some(first) = node.variable_list().as_ref().first() {
            let binding = match first.binding() {
                Binding::Identifier(id) => self.program.span(id),
                Binding::Pattern(pattern) => self.program.span(pattern),
            };
            let at = self.keyword(binding, &[keyword, &["await"]]);
            self.add(feature, at);
        }
        node.visit_with(self)
    }

    fn visit_class_declaration(&mut self, node: &'ast ClassDeclaration) -> ControlFlow<()> {
        let at = self.keyword(self.program.span(&node.name()), &[&["class"]]);
        self.add(Feature::Class, at);
        self.last = self.last.max(at.0);
        node.visit_with(self)
    }

    fn visit_class_element(&mut self, node: &'ast ClassElement) -> ControlFlow<()> {
        match node {
            ClassElement::FieldDefinition(field) | ClassElement::StaticFieldDefinition(field) => {
                let at = match field.name() {
                    PropertyName::Literal(id) => self.program.span(id),
                    PropertyName::Computed(e) => self.program.span(e),
                };
                self.add(Feature::ClassField, at);
            }
            ClassElement::PrivateFieldDefinition(field) | ClassElement::PrivateStaticFieldDefinition(field) => {
                self.add_node(Feature::PrivateMember, field.name());
            }
            ClassElement::MethodDefinition(method) if method.is_private() => {
                if let boa_engine::ast::function::ClassElementName::PrivateName(name) = method.name() {
                    self.add_node(Feature::PrivateMember, name);
                }
            }
            ClassElement::StaticBlock(_) => {
                if let Some(at) = self.keyword_followed_by_brace("static") {
                    self.add(Feature::StaticBlock, at);
                }
            }
            _ => {}
        }
        node.visit_with(self)
    }

    fn visit_generator_declaration(&mut self, node: &'ast GeneratorDeclaration) -> ControlFlow<()> {
        let at = self.keyword(self.program.span(&node.name()), &[&["*"], &["function"]]);
        self.add(Feature::Generator, at);
        node.visit_with(self)
    }

    fn visit_async_function_declaration(&mut self, node: &'ast AsyncFunctionDeclaration) -> ControlFlow<()> {
        let at = self.keyword(self.program.span(&node.name()), &[&["function"], &["async"]]);
        self.add(Feature::Async, at);
        node.visit_with(self)
    }

    fn visit_async_generator_declaration(&mut self, node: &'ast AsyncGeneratorDeclaration) -> ControlFlow<()> {
        let at = self.keyword(self.program.span(&node.name()), &[&["*"], &["function"], &["async"]]);
        self.add(Feature::AsyncIteration, at);
        node.visit_with(self)
    }

    fn visit_formal_parameter(&mut self, node: &'ast FormalParameter) -> ControlFlow<()> {
        let binding = match node.variable().binding() {
            Binding::Identifier(id) => self.program.span(id),
            Binding::Pattern(pattern) => self.program.span(pattern),
        };
        if node.is_rest_param() {
            let at = self.keyword(binding, &[&["..."]]);
            self.add(Feature::RestParameter, at);
        }
        if let Some(init) = node.init() {
            let at = self.operator(binding.1, self.program.span(init).0, "=", binding);
            self.add(Feature::DefaultParameter, at);
        }
        node.visit_with(self)
    }

    fn visit_binding(&mut self, node: &'ast Binding) -> ControlFlow<()> {
        if let Binding::Pattern(pattern) = node {
            self.add_node(Feature::Destructuring, pattern);
        }
        node.visit_with(self)
    }

    fn visit_for_of_loop(&mut self, node: &'ast ForOfLoop) -> ControlFlow<()> {
        let iterable = self.program.span(node.iterable());
        let at = self.keyword(iterable, &[&["of"]]);
        self.add(if node.r#await() { Feature::AsyncIteration } else { Feature::ForOf }, at);
        node.visit_with(self)
    }

    fn visit_iterable_loop_initializer(&mut self, node: &'ast IterableLoopInitializer) -> ControlFlow<()> {
        match node {
            IterableLoopInitializer::Pattern(pattern) => self.add_node(Feature::Destructuring, pattern),
            IterableLoopInitializer::Let(binding) | IterableLoopInitializer::Const(binding) => {
                let (feature, keyword) =
                    if matches!(node, IterableLoopInitializer::Let(_)) { (Feature::Let, "let") } else { (Feature::Const, "const") };
                let span = match binding {
                    Binding::Identifier(id) => self.program.span(id),
                    Binding::Pattern(pattern) => self.program.span(pattern),
                };
                let at = self.keyword(span, &[&[keyword]]);
                self.add(feature, at);
            }
            _ => {}
        }
        node.visit_with(self)
    }

    fn visit_property_definition(&mut self, node: &'ast PropertyDefinition) -> ControlFlow<()> {
        match node {
            PropertyDefinition::IdentifierReference(id) => self.add_node(Feature::Shorthand, id),
            PropertyDefinition::SpreadObject(e) => {
                let at = self.keyword(self.program.span(e), &[&["..."]]);
                self.add(Feature::ObjectSpread, at);
            }
            PropertyDefinition::Property(PropertyName::Computed(e), _) => self.add_node(Feature::Computed, e),
            PropertyDefinition::MethodDefinition(method) => {
                let name = match method.name() {
                    PropertyName::Literal(id) => self.program.span(id),
                    PropertyName::Computed(e) => {
                        self.add_node(Feature::Computed, e);
                        self.program.span(e)
                    }
                };
                let feature = match method.kind() {
                    MethodDefinitionKind::Ordinary => Some(Feature::Method),
                    MethodDefinitionKind::Generator => Some(Feature::Generator),
                    MethodDefinitionKind::Async => Some(Feature::Async),
                    MethodDefinitionKind::AsyncGenerator => Some(Feature::AsyncIteration),
                    MethodDefinitionKind::Get | MethodDefinitionKind::Set => None,
                };
                if let Some(feature) = feature {
                    self.add(feature, name);
                }
            }
            _ => {}
        }
        node.visit_with(self)
    }

    fn visit_object_pattern_element(&mut self, node: &'ast ObjectPatternElement) -> ControlFlow<()> {
        if let ObjectPatternElement::RestProperty { ident, .. } = node {
            let at = self.keyword(self.program.span(ident), &[&["..."]]);
            self.add(Feature::ObjectSpread, at);
        }
        node.visit_with(self)
    }

    fn visit_catch(&mut self, node: &'ast Catch) -> ControlFlow<()> {
        if node.parameter().is_none()
            && let Some(at) = self.keyword_followed_by_brace("catch")
        {
            self.add(Feature::OptionalCatch, at);
        }
        node.visit_with(self)
    }
}
