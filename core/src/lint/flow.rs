//! How values flow through a script: its function scopes, what is done to each variable (what
//! it is given, written into it, pushed onto it, whether it escapes), and where time and
//! randomness read in it go — through variables, writes into objects and arrays, and the
//! results of the script's own functions. `results` reads what the entry points return from it.

use super::program::{Ast, Program};
use super::syntax::{Bounded, MAX_DEPTH, deeper};
use boa_engine::ast::declaration::{Binding, Variable};
use boa_engine::ast::expression::access::{PropertyAccess, PropertyAccessField};
use boa_engine::ast::expression::literal::{LiteralKind, ObjectMethodDefinition, PropertyDefinition};
use boa_engine::ast::expression::operator::assign::{AssignOp, AssignTarget};
use boa_engine::ast::expression::operator::update::UpdateTarget;
use boa_engine::ast::expression::{Call, Identifier};
use boa_engine::ast::function::{
    ArrowFunction, AsyncArrowFunction, AsyncFunctionDeclaration, AsyncFunctionExpression, AsyncGeneratorDeclaration,
    AsyncGeneratorExpression, ClassElement, FormalParameterList, FunctionBody, FunctionDeclaration, FunctionExpression,
    GeneratorDeclaration, GeneratorExpression,
};
use boa_engine::ast::pattern::{ArrayPatternElement, ObjectPatternElement};
use boa_engine::ast::statement::Return;
use boa_engine::ast::visitor::{VisitWith, Visitor};
use boa_engine::ast::{Expression, Statement};
use std::collections::{HashMap, HashSet};
use std::ops::ControlFlow;

/// A byte range in the text.
pub(super) type Span = (usize, usize);

/// Most places time or randomness is reported from, per value it flows into.
const MAX_ORIGINS: usize = 8;

/// A key for a function body: its address in the tree.
pub(super) fn body_key(body: &FunctionBody) -> usize {
    std::ptr::from_ref(body) as usize
}

/// A value the flow of time and randomness is followed through.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Node {
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
pub(super) struct Scope<'a> {
    parent: Option<usize>,
    /// Its function's body (0 for the top level).
    body: usize,
    /// Names declared in it: `var`, `let`, `const`, parameters, functions, classes, `catch`.
    pub(super) locals: HashSet<String>,
    /// Functions declared in it by name, by body.
    functions: HashMap<String, usize>,
    pub(super) returns: Vec<&'a Expression>,
}

/// What is done to a variable in its function.
#[derive(Debug, Default)]
pub(super) struct Facts<'a> {
    /// Its initialiser and what is assigned to it with `=`.
    pub(super) values: Vec<&'a Expression>,
    /// Members assigned: `v.key = …` and `v['key'] = …` with their key, `v[i] = …` without.
    pub(super) members: Vec<(Option<String>, &'a Expression)>,
    /// What `v.push(…)`/`v.unshift(…)` add.
    pub(super) pushed: Vec<&'a Expression>,
    /// Passed to a function, a method called on it, or used in a nested function: it may
    /// change in ways not seen.
    pub(super) escapes: bool,
    /// Changed otherwise (`++`, `+=`, destructuring).
    pub(super) changed: bool,
}

/// The flows of a whole script.
impl Bounded for Flows<'_, '_> {
    fn depth(&mut self) -> &mut usize {
        &mut self.depth
    }
}

pub(super) struct Flows<'p, 'a> {
    pub(super) program: &'p Program<'a>,
    pub(super) scopes: Vec<Scope<'p>>,
    /// Each function's scope, by its body.
    pub(super) by_body: HashMap<usize, usize>,
    pub(super) facts: HashMap<(usize, String), Facts<'p>>,
    edges: Vec<Edge>,
    /// The scope being walked.
    current: usize,
    depth: usize,
}

impl<'p, 'a> Flows<'p, 'a> {
    /// Walks the script once.
    pub(super) fn build(program: &'p Program<'a>) -> Flows<'p, 'a> {
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
    pub(super) fn resolve(&self, scope: usize, name: &str) -> usize {
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
        self.scopes.push(Scope {
            parent: Some(self.current),
            body: body_key(body),
            locals: scan.names,
            functions: scan.functions,
            returns: Vec::new(),
        });
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
                    sources.push((super::names::call_span(self.program, call), source));
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

    /// Which nodes carry time or randomness, and from where (at most [`MAX_ORIGINS`] places
    /// each).
    pub(super) fn propagate(&self) -> HashMap<Node, Vec<(Span, String)>> {
        let mut tainted: HashMap<Node, Vec<(Span, String)>> = HashMap::new();
        let mut users: HashMap<&Node, Vec<usize>> = HashMap::new();
        let mut work = Vec::new();
        let add = |tainted: &mut HashMap<Node, Vec<(Span, String)>>, node: &Node, origin: &(Span, String)| -> bool {
            let origins = tainted.entry(node.clone()).or_default();
            if origins.len() < MAX_ORIGINS && !origins.contains(origin) {
                origins.push(origin.clone());
                return true;
            }
            false
        };
        for (i, edge) in self.edges.iter().enumerate() {
            for dep in &edge.deps {
                users.entry(dep).or_default().push(i);
            }
            for source in &edge.sources {
                if add(&mut tainted, &edge.target, source) {
                    work.push((edge.target.clone(), source.clone()));
                }
            }
        }
        while let Some((node, origin)) = work.pop() {
            for &i in users.get(&node).map(Vec::as_slice).unwrap_or_default() {
                let target = &self.edges[i].target;
                if add(&mut tainted, target, &origin) {
                    work.push((target.clone(), origin.clone()));
                }
            }
        }
        tainted
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
        deeper(self, |this| node.visit_with(this))
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
        deeper(self, |this| {
            match node {
                Expression::Identifier(id) => {
                    // Used from a nested function: it may change there.
                    let (scope, name) = this.var(id);
                    if scope != this.current {
                        this.facts(scope, name).escapes = true;
                    }
                }
                Expression::Assign(assign) => match assign.lhs() {
                    AssignTarget::Identifier(id) => {
                        let (scope, name) = this.var(id);
                        let facts = this.facts(scope, name.clone());
                        if assign.op() == AssignOp::Assign {
                            facts.values.push(assign.rhs());
                        } else {
                            facts.changed = true;
                        }
                        this.edge(Node::Var(scope, name), assign.rhs());
                    }
                    AssignTarget::Access(PropertyAccess::Simple(access)) => {
                        if let Some(root) = root(access.target()) {
                            let (scope, name) = this.var(root);
                            if matches!(access.target(), Expression::Identifier(_)) {
                                let key = match access.field() {
                                    PropertyAccessField::Const(id) => Some(this.program.name(id.sym())),
                                    PropertyAccessField::Expr(e) => match e.as_ref() {
                                        Expression::Literal(l) => match l.kind() {
                                            LiteralKind::String(sym) => Some(this.program.name(*sym)),
                                            _ => None,
                                        },
                                        _ => None,
                                    },
                                };
                                let value = assign.rhs();
                                let facts = this.facts(scope, name.clone());
                                if assign.op() == AssignOp::Assign {
                                    facts.members.push((key, value));
                                } else {
                                    facts.escapes = true;
                                }
                            }
                            this.edge(Node::Var(scope, name), assign.rhs());
                        }
                    }
                    AssignTarget::Pattern(pattern) => {
                        let mut scan = Declarations::new(this.program);
                        let _ = scan.visit_pattern(pattern);
                        for name in scan.names {
                            let scope = this.resolve(this.current, &name);
                            this.facts(scope, name.clone()).changed = true;
                            this.edge(Node::Var(scope, name), assign.rhs());
                        }
                    }
                    AssignTarget::Access(_) => {}
                },
                Expression::Update(update) => {
                    if let UpdateTarget::Identifier(id) = update.target() {
                        let (scope, name) = this.var(id);
                        this.facts(scope, name).changed = true;
                    }
                }
                Expression::Call(call) => this.call(call),
                Expression::New(new) => this.arguments_escape(new.arguments()),
                _ => {}
            }
            node.visit_with(this)
        })
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
impl Bounded for Declarations<'_, '_> {
    fn depth(&mut self) -> &mut usize {
        &mut self.depth
    }
}

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
        deeper(self, |this| node.visit_with(this))
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
