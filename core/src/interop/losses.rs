//! What a conversion loses because the target format cannot hold a part of the internal model:
//! services and what else only a Huawei product model says (for the other formats), semantic
//! annotations and a Tencent `int`'s value labels, each reported at its place in the source.

use super::fidelity::Fidelity;
use crate::hub::{Annotation, Field, Schema, Thing};

/// Reports the parts of a model a target cannot hold.
pub(crate) trait Losses {
    fn services_lost(&self, fidelity: &mut Fidelity, format: &str);
    fn annotations_lost(&self, fidelity: &mut Fidelity, format: &str) {
        self.annotations_lost_but(fidelity, format, &|_| false);
    }
    fn annotations_lost_but(&self, fidelity: &mut Fidelity, format: &str, kept: &dyn Fn(&Annotation) -> bool);
}

/// Whether an annotation holds a Tencent `int`'s value labels (`define/mapping`, a member's
/// `dataType/mapping`, an array item's `…/arrayInfo/mapping`), as the Tencent reader keeps them.
pub(crate) fn is_int_labels(note: &Annotation) -> bool {
    note.path.ends_with("/mapping") && (note.path.starts_with("define/") || note.path.starts_with("dataType/")) && note.value.is_object()
}

impl Losses for Thing {
    /// For a format without services (every format but Huawei's): what each service said is
    /// lost, and so is each feature's place in one and what else only a product model says
    /// (`format` names the target, for the messages). Every writer of such a format calls this,
    /// so it is where the product model's own values are reported.
    fn services_lost(&self, fidelity: &mut Fidelity, format: &str) {
        for field in &self.product_model_only {
            let message = match field.key.as_str() {
                "method" => format!("the `E` of method `{}` (the property is reported in events too): {format} cannot say it", field.value),
                key => format!("the product's `{key}` `{}`: {format} has no place for it", field.value),
            };
            fidelity.lost(&field.pointer, message);
        }
        for g in &self.groups {
            fidelity.lost(&g.origin, format!("the service `{}` (type `{}`): {format} has no services", g.id, g.kind));
        }
        let features = self.properties.iter().map(|p| (&p.group, &p.origin));
        let features =
            features.chain(self.events.iter().map(|e| (&e.group, &e.origin))).chain(self.actions.iter().map(|a| (&a.group, &a.origin)));
        for (group, origin) in features {
            if let Some(group) = group {
                fidelity.lost(origin, format!("its place in the service `{group}`: {format} does not group features"));
            }
        }
    }

    /// For a format without annotations: each annotation and placeholder of the model is lost,
    /// at its place in the source (`format` names the target, for the messages), but for those
    /// the writer `kept`.
    fn annotations_lost_but(&self, fidelity: &mut Fidelity, format: &str, kept: &dyn Fn(&Annotation) -> bool) {
        let mut lost = |origin: &str, notes: &[Annotation]| {
            for note in notes.iter().filter(|note| !kept(note)) {
                let pointer = format!("{origin}/{}", note.path);
                let key = note.path.rsplit('/').next().unwrap_or_default();
                let message = if is_int_labels(note) {
                    let labels: Vec<String> = note
                        .value
                        .as_object()
                        .into_iter()
                        .flatten()
                        .map(|(k, v)| format!("{k} `{}`", v.as_str().unwrap_or_default()))
                        .collect();
                    format!("the value labels of an `int` ({}): {format} has no labels on an integer", labels.join(", "))
                } else if note.is_placeholder() {
                    format!("the Thing Model placeholder `{}` of `{key}`: {format} cannot hold it", note.value.as_str().unwrap_or_default())
                } else if key == "@context" {
                    format!("the JSON-LD context's own entries: {format} has no semantic annotations")
                } else {
                    format!("the semantic annotation `{key}`: {format} has no semantic annotations")
                };
                fidelity.lost(&pointer, message);
            }
        };
        lost("", &self.annotations);
        for p in &self.properties {
            lost(&p.origin, &p.annotations);
            schema_annotations(&p.schema, &mut lost);
        }
        for e in &self.events {
            lost(&e.origin, &e.annotations);
            e.outputs.iter().for_each(|f| field_annotations(f, &mut lost));
        }
        for a in &self.actions {
            lost(&a.origin, &a.annotations);
            a.inputs.iter().chain(&a.outputs).for_each(|f| field_annotations(f, &mut lost));
        }
    }
}

/// Calls `each` with every field's origin and annotations, members of members included.
fn field_annotations(f: &Field, each: &mut impl FnMut(&str, &[Annotation])) {
    each(&f.origin, &f.annotations);
    schema_annotations(&f.schema, each);
}

fn schema_annotations(s: &Schema, each: &mut impl FnMut(&str, &[Annotation])) {
    match s {
        Schema::Struct { fields } => fields.iter().for_each(|f| field_annotations(f, each)),
        Schema::Array { item, .. } => schema_annotations(item, each),
        _ => {}
    }
}
