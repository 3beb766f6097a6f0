//! Forms (TD 1.1 §5.3.4.2): each `op` is an operation of the form's context (a property's, an
//! action's, an event's, or the Thing's own for a top-level form), a top-level form says its
//! `op` (there is no default there; TD 1.0 did not require it, so a TD 1.0 document may leave it
//! out), and in a Thing Description every affordance has a form and every form an `href`.

use super::escape;
use crate::diagnostic::{Code, Diagnostic, join};
use crate::model::wot::is_placeholder;
use serde_json::Value;

const PROPERTY: &[&str] = &["readproperty", "writeproperty", "observeproperty", "unobserveproperty"];
const ACTION: &[&str] = &["invokeaction", "queryaction", "cancelaction"];
const EVENT: &[&str] = &["subscribeevent", "unsubscribeevent"];
const THING: &[&str] = &[
    "readallproperties",
    "writeallproperties",
    "readmultipleproperties",
    "writemultipleproperties",
    "observeallproperties",
    "unobserveallproperties",
    "subscribeallevents",
    "unsubscribeallevents",
    "queryallactions",
];

/// A form's context: the operations it takes and how a message names it.
struct Context {
    ops: &'static [&'static str],
    what: &'static str,
}

pub(super) fn check(value: &Value, is_model: bool, td_1_0: bool, out: &mut Vec<Diagnostic>) {
    let thing = Context { ops: THING, what: "a top-level form" };
    for (i, form) in value["forms"].as_array().into_iter().flatten().enumerate() {
        let here = join("/forms", i);
        if form.is_object() && form.get("op").is_none() && !td_1_0 {
            out.push(
                Diagnostic::new(Code::MissingField, &here, "missing field `op`")
                    .with_help(format!("a top-level form has no default operation: say one of {}; TD 1.1 §5.3.4.2", listed(THING))),
            );
        }
        form_check(form, &here, &thing, is_model, out);
    }
    for (kind, ops, what) in
        [("properties", PROPERTY, "a property's form"), ("actions", ACTION, "an action's form"), ("events", EVENT, "an event's form")]
    {
        let context = Context { ops, what };
        for (name, affordance) in value[kind].as_object().into_iter().flatten() {
            let here = format!("/{kind}/{}/forms", escape(name));
            let Some(forms) = affordance.get("forms").and_then(Value::as_array) else { continue };
            if forms.is_empty() && !is_model {
                out.push(
                    Diagnostic::new(Code::ArrayLength, &here, "`forms` is an empty list")
                        .with_help("a Thing Description's affordance says how to reach it in at least one form; TD 1.1 §5.3.1.2"),
                );
            }
            for (i, form) in forms.iter().enumerate() {
                form_check(form, &join(&here, i), &context, is_model, out);
            }
        }
    }
}

fn form_check(form: &Value, pointer: &str, context: &Context, is_model: bool, out: &mut Vec<Diagnostic>) {
    if form.is_object() && form.get("href").is_none() && !is_model {
        out.push(
            Diagnostic::new(Code::MissingField, pointer, "missing field `href`")
                .with_help("a form's `href` is where the operation is performed; TD 1.1 §5.3.4.2"),
        );
    }
    let here = join(pointer, "op");
    match form.get("op") {
        Some(Value::Array(ops)) if ops.is_empty() => {
            out.push(Diagnostic::new(Code::WotOperation, here, "`op` is an empty list").with_help(format!(
                "name the operations of {}: {}; TD 1.1 §5.3.4.2",
                context.what,
                listed(context.ops)
            )))
        }
        Some(Value::Array(ops)) => ops.iter().enumerate().for_each(|(i, op)| operation(op, &join(&here, i), context, out)),
        Some(op) => operation(op, &here, context, out),
        None => {}
    }
}

/// One operation: one of the context's, else the nearest of them in the help.
fn operation(op: &Value, pointer: &str, context: &Context, out: &mut Vec<Diagnostic>) {
    let Some(text) = op.as_str() else {
        out.push(Diagnostic::new(Code::WrongType, pointer, format!("expected a string, found {}", crate::diagnostic::json_kind(op))));
        return;
    };
    if context.ops.contains(&text) || is_placeholder(text) {
        return;
    }
    let known = [PROPERTY, ACTION, EVENT, THING].iter().any(|ops| ops.contains(&text));
    let message = if known { format!("`{text}` is not an operation of {}", context.what) } else { format!("unknown operation `{text}`") };
    let nearest = context.ops.iter().min_by_key(|candidate| strsim::levenshtein(text, candidate)).copied().unwrap_or_default();
    out.push(Diagnostic::new(Code::WotOperation, pointer, message).with_help(format!(
        "did you mean `{nearest}`? {} takes {}; TD 1.1 §5.3.4.2",
        context.what,
        listed(context.ops)
    )));
}

fn listed(ops: &[&str]) -> String {
    ops.iter().map(|op| format!("`{op}`")).collect::<Vec<_>>().join(", ")
}
