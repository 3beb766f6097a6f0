//! The script as the engine's own parser reads it: boa's syntax tree, with the interner that
//! names its identifiers and the text positions of its nodes.

use super::locate::Locator;
use crate::script::ScriptError;
use boa_engine::ast::declaration::{Binding, ExportDeclaration, LexicalDeclaration, VarDeclaration, Variable};
use boa_engine::ast::expression::Identifier;
use boa_engine::ast::expression::operator::assign::{AssignOp, AssignTarget};
use boa_engine::ast::function::FunctionBody;
use boa_engine::ast::{Declaration, Expression, ModuleItem, Module, Script, Spanned, Statement, StatementListItem};
use boa_engine::interner::{Interner, Sym};
use boa_engine::parser::{Parser, Source};

/// What the parser made of the text.
#[derive(Debug)]
pub(crate) enum Ast {
    /// A script: what every target runs.
    Script(Script),
    /// Not a script, but a module (it imports or exports): no target loads one.
    Module(Module),
}

/// A parsed script.
pub(crate) struct Program<'a> {
    pub ast: Ast,
    pub interner: Interner,
    pub locator: Locator<'a>,
}

impl std::fmt::Debug for Program<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Program").field("ast", &self.ast).finish_non_exhaustive()
    }
}

/// Parses `text` as a script; when that fails but it parses as a module, as a module. A text
/// that is neither is the script's syntax error, worded and placed as `Codec::compile` does.
pub(crate) fn parse(text: &str) -> Result<Program<'_>, ScriptError> {
    crate::script::nesting_check(text)?;
    crate::script::chain_check(text)?;
    let scope = boa_engine::ast::scope::Scope::new_global();
    let mut interner = Interner::default();
    let script = Parser::new(Source::from_bytes(text)).parse_script(&scope, &mut interner);
    let ast = match script {
        Ok(script) => Ast::Script(script),
        Err(error) => {
            let mut interner_module = Interner::default();
            let scope = boa_engine::ast::scope::Scope::new_global();
            match Parser::new(Source::from_bytes(text)).parse_module(&scope, &mut interner_module) {
                Ok(module) if has_module_items(&module) => {
                    interner = interner_module;
                    Ast::Module(module)
                }
                _ => return Err(crate::script::syntax_error(&error.into())),
            }
        }
    };
    Ok(Program { ast, interner, locator: Locator::new(text) })
}

fn has_module_items(module: &Module) -> bool {
    module.items().items().iter().any(|i| !matches!(i, ModuleItem::StatementListItem(_)))
}

impl Program<'_> {
    /// An identifier's text.
    pub fn name(&self, sym: Sym) -> String {
        self.interner.resolve(sym).map(|s| s.to_string()).unwrap_or_default()
    }

    /// A node's byte range in the text.
    pub fn span(&self, node: &impl Spanned) -> (usize, usize) {
        self.locator.span(node.span())
    }

    /// The statements at the top level, with the declarations of `export`s unwrapped.
    pub fn top_level(&self) -> Vec<Top<'_>> {
        let mut out = Vec::new();
        match &self.ast {
            Ast::Script(script) => out.extend(script.statements().statements().iter().map(Top::Item)),
            Ast::Module(module) => {
                for item in module.items().items() {
                    match item {
                        ModuleItem::StatementListItem(item) => out.push(Top::Item(item)),
                        ModuleItem::ExportDeclaration(export) => match export.as_ref() {
                            ExportDeclaration::VarStatement(var) => out.push(Top::Var(var)),
                            ExportDeclaration::Declaration(declaration) => out.push(Top::Declaration(declaration)),
                            ExportDeclaration::DefaultFunctionDeclaration(f) => {
                                out.push(Top::Function(Function::named(f.name(), f.body())));
                            }
                            _ => {}
                        },
                        ModuleItem::ImportDeclaration(_) => {}
                    }
                }
            }
        }
        out
    }

    /// The functions defined by name at the top level: declarations, `var f = function…`
    /// (arrows too) and `f = function…`.
    pub fn functions(&self) -> Vec<Function<'_>> {
        let mut out = Vec::new();
        for top in self.top_level() {
            match top {
                Top::Item(StatementListItem::Declaration(d)) => declared(d, &mut out),
                Top::Declaration(d) => declared(d, &mut out),
                Top::Item(StatementListItem::Statement(s)) => match s.as_ref() {
                    Statement::Var(VarDeclaration(list)) => variables(list.as_ref(), &mut out),
                    Statement::Expression(Expression::Assign(assign)) if assign.op() == AssignOp::Assign => {
                        if let (AssignTarget::Identifier(name), Some(f)) = (assign.lhs(), Function::of(assign.rhs())) {
                            out.push(f.with_name(*name));
                        }
                    }
                    _ => {}
                },
                Top::Var(VarDeclaration(list)) => variables(list.as_ref(), &mut out),
                Top::Function(f) => out.push(f),
            }
        }
        out
    }
}

/// One item at the top level.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Top<'a> {
    Item(&'a StatementListItem),
    Var(&'a VarDeclaration),
    Declaration(&'a Declaration),
    Function(Function<'a>),
}

/// A function: its name where it has one, and its body.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Function<'a> {
    pub name: Option<Identifier>,
    pub body: &'a FunctionBody,
}

impl<'a> Function<'a> {
    fn named(name: Identifier, body: &'a FunctionBody) -> Function<'a> {
        Function { name: Some(name), body }
    }

    fn with_name(self, name: Identifier) -> Function<'a> {
        Function { name: Some(name), ..self }
    }

    /// The function an expression is, if it is one.
    pub fn of(expression: &'a Expression) -> Option<Function<'a>> {
        Some(match expression {
            Expression::FunctionExpression(f) => Function { name: f.name(), body: f.body() },
            Expression::ArrowFunction(f) => Function { name: f.name(), body: f.body() },
            Expression::AsyncArrowFunction(f) => Function { name: f.name(), body: f.body() },
            Expression::AsyncFunctionExpression(f) => Function { name: f.name(), body: f.body() },
            Expression::GeneratorExpression(f) => Function { name: f.name(), body: f.body() },
            Expression::Parenthesized(p) => return Function::of(p.expression()),
            _ => return None,
        })
    }
}

fn declared<'a>(declaration: &'a Declaration, out: &mut Vec<Function<'a>>) {
    match declaration {
        Declaration::FunctionDeclaration(f) => out.push(Function::named(f.name(), f.body())),
        Declaration::AsyncFunctionDeclaration(f) => out.push(Function::named(f.name(), f.body())),
        Declaration::GeneratorDeclaration(f) => out.push(Function::named(f.name(), f.body())),
        Declaration::Lexical(LexicalDeclaration::Let(list) | LexicalDeclaration::Const(list)) => variables(list.as_ref(), out),
        _ => {}
    }
}

fn variables<'a>(list: &'a [Variable], out: &mut Vec<Function<'a>>) {
    for variable in list {
        if let (Binding::Identifier(name), Some(f)) = (variable.binding(), variable.init().and_then(Function::of)) {
            out.push(f.with_name(*name));
        }
    }
}
