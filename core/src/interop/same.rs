//! Another platform's document converted to its own format (Tencent → Tencent, Huawei → Huawei,
//! WoT → WoT) is the document itself, in canonical form (its own key order, pretty-printed). It
//! does not go through the internal model, which holds what every format can say: a Thing
//! Description stays one, with its `id`, forms, security, multilingual texts and extension terms;
//! a data template keeps its console placeholders; a product model keeps every service and the
//! product's own fields. The report says every element was carried exactly.

use super::fidelity::Fidelity;
use crate::format::Format;
use serde_json::Value;

/// The (validated) document `text` of format `kind`, whose parsed value is `value`, as its own
/// canonical form. Its elements (features, parameters, members: those the internal model's
/// reader reports, so that the report has the same shape as any conversion's) are each
/// reported exact.
///
/// # Errors
/// When the text is not JSON or the document does not read as `kind`.
pub(crate) fn as_is(text: &str, value: &Value, kind: Format, fidelity: &mut Fidelity) -> Result<String, serde_json::Error> {
    let mut read = Fidelity::default();
    super::read_other(text, value, kind, &mut read)?;
    *fidelity = read.elements_only();
    // Straight from the text to pretty text: a parsed `Value` would sort the keys.
    let mut reader = serde_json::Deserializer::from_str(text);
    let mut pretty = Vec::with_capacity(text.len());
    serde_transcode::transcode(&mut reader, &mut serde_json::Serializer::pretty(&mut pretty))?;
    reader.end()?;
    // serde_json writes UTF-8 only.
    Ok(String::from_utf8_lossy(&pretty).into_owned())
}
