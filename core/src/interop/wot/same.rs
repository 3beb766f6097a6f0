//! WoT → WoT: a Thing Model or Thing Description converted to its own format is the document
//! itself, in canonical form (its own key order, pretty-printed). It does not go through the
//! internal model, which holds what every format can say: a Thing Description stays one, its
//! `id`, forms, security, multilingual texts, data-schema terms and extension terms stay as
//! written, and the report says every affordance and member was carried exactly.

use super::super::fidelity::Fidelity;
use crate::format::Format;
use serde_json::Value;

/// The (validated) document `text`, whose parsed value is `value`, as its own canonical form.
/// Its elements (affordances, parameters, members: those the internal model's reader reports,
/// so that the report has the same shape as any conversion's) are each reported exact.
///
/// # Errors
/// When the text is not JSON or the document does not read as a WoT document.
pub(crate) fn as_is(text: &str, value: &Value, fidelity: &mut Fidelity) -> Result<String, serde_json::Error> {
    let mut read = Fidelity::default();
    super::super::read_other(text, value, Format::Wot, &mut read)?;
    *fidelity = read.elements_only();
    // Straight from the text to pretty text: a parsed `Value` would sort the keys.
    let mut reader = serde_json::Deserializer::from_str(text);
    let mut pretty = Vec::with_capacity(text.len());
    serde_transcode::transcode(&mut reader, &mut serde_json::Serializer::pretty(&mut pretty))?;
    reader.end()?;
    // serde_json writes UTF-8 only.
    Ok(String::from_utf8_lossy(&pretty).into_owned())
}
