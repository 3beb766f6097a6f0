//! Identifiers a target format cannot hold, made to fit before the model is written: each
//! format has its own characters, length and reserved words, and keeps them unique in its own
//! scopes (a TSL across all features; Huawei per service). A changed identifier is reported as
//! approximated, since devices must then use the new one.

use super::fidelity::Fidelity;
use crate::hub::{Field, Schema, Thing};
use crate::rules::names::RESERVED;
use std::collections::HashSet;

/// How a format spells identifiers.
pub(crate) struct IdRule {
    /// The format, for the report.
    format: &'static str,
    allowed: fn(char) -> bool,
    first: fn(char) -> bool,
    max: usize,
    reserved: &'static [&'static str],
    /// Whether features of different groups (Huawei services) may share an identifier.
    per_group: bool,
}

fn word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn word_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn word_or_dash(c: char) -> bool {
    word(c) || c == '-'
}

fn any(_: char) -> bool {
    true
}

pub(crate) const TSL: IdRule = IdRule {
    format: "TSL identifiers are 1 to 50 ASCII letters, digits or underscores, not reserved",
    allowed: word,
    first: word,
    max: 50,
    reserved: &RESERVED,
    per_group: false,
};
pub(crate) const TENCENT: IdRule = IdRule {
    format: "Tencent identifiers are ASCII letters, digits or underscores, at most 64, not starting with a digit",
    allowed: word,
    first: word_start,
    max: 64,
    reserved: &[],
    per_group: false,
};
pub(crate) const HUAWEI: IdRule = IdRule {
    format: "Huawei names are 1 to 64 ASCII letters, digits, underscores or hyphens",
    allowed: word_or_dash,
    first: word_or_dash,
    max: 64,
    reserved: &[],
    per_group: true,
};
pub(crate) const WOT: IdRule = IdRule {
    format: "a Thing Model's affordances are keyed by name",
    allowed: any,
    first: any,
    max: usize::MAX,
    reserved: &[],
    per_group: false,
};

impl IdRule {
    fn holds(&self, id: &str) -> bool {
        id.chars().next().is_some_and(self.first)
            && id.chars().count() <= self.max
            && id.chars().all(self.allowed)
            && !self.reserved.contains(&id)
    }

    /// The nearest identifier the format holds: each run of other characters becomes `_`, an
    /// `_` goes in front of what cannot start one, a reserved word gets an `_` after it.
    fn nearest(&self, id: &str) -> String {
        let mut near = String::new();
        for c in id.chars() {
            if (self.allowed)(c) {
                near.push(c);
            } else if !near.ends_with('_') {
                near.push('_');
            }
        }
        if !near.chars().next().is_some_and(self.first) {
            near.insert(0, '_');
        }
        let mut near: String = near.chars().take(self.max).collect();
        if self.reserved.contains(&near.as_str()) {
            near.push('_');
        }
        near
    }
}

/// One scope: identifiers the source already spells well are kept for their owners, so that a
/// renamed one never takes them.
struct Scope<'r> {
    rule: &'r IdRule,
    kept: HashSet<String>,
    claimed: HashSet<String>,
}

impl<'r> Scope<'r> {
    fn new<'a>(rule: &'r IdRule, ids: impl Iterator<Item = &'a str>) -> Self {
        Scope { rule, kept: ids.filter(|id| rule.holds(id)).map(str::to_string).collect(), claimed: HashSet::new() }
    }

    fn fit(&mut self, id: &mut String, origin: &str, fidelity: &mut Fidelity) {
        let holds = self.rule.holds(id);
        if holds && self.claimed.insert(id.clone()) {
            return;
        }
        let base = if holds { id.clone() } else { self.rule.nearest(id) };
        let free = |candidate: &String| !self.kept.contains(candidate) && !self.claimed.contains(candidate);
        let fitted = std::iter::once(base.clone())
            .filter(|b| !holds && free(b))
            .chain((2..).map(|n| {
                let suffix = format!("_{n}");
                base.chars().take(self.rule.max.saturating_sub(suffix.len())).collect::<String>() + &suffix
            }))
            .find(|c| free(c))
            .unwrap_or_default();
        let why = if holds { "another in the same scope has it" } else { self.rule.format };
        fidelity.approximated(origin, format!("the identifier `{id}` became `{fitted}`: {why}; devices must use the new one"));
        self.claimed.insert(fitted.clone());
        *id = fitted;
    }
}

/// The model with every identifier the rule's format can hold, unique in its scopes.
pub(crate) fn fit(thing: &Thing, rule: &IdRule, fidelity: &mut Fidelity) -> Thing {
    let mut thing = thing.clone();
    let groups: Vec<Option<String>> = if rule.per_group {
        let mut seen: Vec<Option<String>> = Vec::new();
        for g in thing
            .properties
            .iter()
            .map(|p| &p.group)
            .chain(thing.events.iter().map(|e| &e.group))
            .chain(thing.actions.iter().map(|a| &a.group))
        {
            if !seen.contains(g) {
                seen.push(g.clone());
            }
        }
        seen
    } else {
        vec![None]
    };
    for group in groups {
        let here = |g: &Option<String>| !rule.per_group || *g == group;
        let ids = thing
            .properties
            .iter()
            .filter(|p| here(&p.group))
            .map(|p| p.id.clone())
            .chain(thing.events.iter().filter(|e| here(&e.group)).map(|e| e.id.clone()))
            .chain(thing.actions.iter().filter(|a| here(&a.group)).map(|a| a.id.clone()))
            .collect::<Vec<_>>();
        let mut scope = Scope::new(rule, ids.iter().map(String::as_str));
        for p in thing.properties.iter_mut().filter(|p| here(&p.group)) {
            scope.fit(&mut p.id, &p.origin, fidelity);
        }
        for e in thing.events.iter_mut().filter(|e| here(&e.group)) {
            scope.fit(&mut e.id, &e.origin, fidelity);
        }
        for a in thing.actions.iter_mut().filter(|a| here(&a.group)) {
            scope.fit(&mut a.id, &a.origin, fidelity);
        }
    }
    for p in &mut thing.properties {
        schema(&mut p.schema, rule, fidelity);
    }
    for e in &mut thing.events {
        fields(&mut e.outputs, rule, fidelity);
    }
    for a in &mut thing.actions {
        fields(&mut a.inputs, rule, fidelity);
        fields(&mut a.outputs, rule, fidelity);
    }
    thing
}

/// Parameters of one feature, or members of one struct: a scope of their own.
fn fields(list: &mut [Field], rule: &IdRule, fidelity: &mut Fidelity) {
    let ids: Vec<String> = list.iter().map(|f| f.id.clone()).collect();
    let mut scope = Scope::new(rule, ids.iter().map(String::as_str));
    for f in list {
        scope.fit(&mut f.id, &f.origin, fidelity);
        schema(&mut f.schema, rule, fidelity);
    }
}

fn schema(s: &mut Schema, rule: &IdRule, fidelity: &mut Fidelity) {
    match s {
        Schema::Struct { fields: members } => fields(members, rule, fidelity),
        Schema::Array { item, .. } => schema(item, rule, fidelity),
        _ => {}
    }
}
