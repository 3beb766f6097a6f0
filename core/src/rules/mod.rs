//! The semantic rules of thing models — identifiers and names, uniqueness, numeric ranges and
//! steps, lengths and sizes, enums, nesting — in one place, parameterised by each format's
//! [`Limits`]. Two ways in, one set of rules:
//! - Alibaba's formats are walked by `validate` into format-neutral [`view`]s of their data
//!   types, which keep a JSON pointer for every spec value ([`check_type`]);
//! - every other format is read into the internal model ([`crate::hub`]) and checked
//!   there ([`check_thing`]), each problem at the element's pointer.
//!
//! Both end in the same numeric check ([`numbers`]): the same numbers get the same verdict in
//! every format (`tests/parity.rs` proves it). The name rules ([`names`]) are Alibaba's; the
//! other formats' identifiers are checked by their schemas and made to fit on conversion. Syntax that only one format has
//! (paraOrder and direction, dataSpecs vs dataSpecsList, extendConfig, the generated features,
//! deprecations) stays with that format's walker in `validate`.

pub(crate) mod names;
pub(crate) mod numbers;
mod thing;
mod types;
pub(crate) mod view;

pub(crate) use thing::check as check_thing;
pub(crate) use types::check_type;

use crate::format::Format;

/// What a format allows, where formats differ.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// The format's own names of a number's minimum, maximum, step and initial value, for
    /// messages (`min`…; WoT's `minimum`, `maximum`, `multipleOf`, `default`).
    pub number_fields: [&'static str; 4],
    /// Whether a number type is expected to give its step (Alibaba's formats: a missing one
    /// is a warning).
    pub step_expected: bool,
    /// Whether specs must be complete (Alibaba's formats: a number's `min` and `max`, a text's
    /// `length`, an array's `size`): TSL's schema says so, and ThingModelJson, whose `dataSpecs`
    /// serves every type, gets the same verdict from the rules.
    pub specs_complete: bool,
    /// Longest text a property may hold, in bytes (TSL: 10240; older documents said 2048).
    pub max_text_length: i64,
    /// Most elements an array may hold (TSL: 512; older documents said 128).
    pub max_array_size: i64,
}

impl Limits {
    /// The limits of a format.
    pub(crate) fn of(format: Format) -> Limits {
        let alibaba = Limits {
            number_fields: ["min", "max", "step", "defaultValue"],
            step_expected: true,
            specs_complete: true,
            max_text_length: 10240,
            max_array_size: 512,
        };
        match format {
            // Identifiers and data types only: nothing else is expected.
            Format::SimpleTsl => Limits { step_expected: false, specs_complete: false, ..alibaba },
            Format::Tencent => {
                Limits { number_fields: ["min", "max", "step", "start"], step_expected: false, specs_complete: false, ..alibaba }
            }
            Format::Huawei => {
                Limits { number_fields: ["min", "max", "step", "default_value"], step_expected: false, specs_complete: false, ..alibaba }
            }
            Format::Wot => Limits {
                number_fields: ["minimum", "maximum", "multipleOf", "default"],
                step_expected: false,
                specs_complete: false,
                ..alibaba
            },
            _ => alibaba,
        }
    }
}
