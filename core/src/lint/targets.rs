//! The platforms a script is checked against, each with the limits its own documentation states.
//! This is the only list of targets: the CLI (`clap::ValueEnum`, feature `clap`), the JSON
//! report and the README's table take their names from [`Target`].
//!
//! Every number and level below names where it comes from. Where a platform states nothing
//! (Tencent's language level and size, ChirpStack's size), nothing is checked: a limit thingkit
//! made up would be noise, not a finding.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A platform that runs data-parsing scripts.
///
/// Names (`as_str`, serde, the command line): `alibaba`, `huawei`, `tencent`, `tts`,
/// `chirpstack`, `ts013`.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    JsonSchema,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    strum::Display,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Target {
    /// Alibaba Cloud IoT Platform (阿里云物联网平台) data parsing: `rawDataToProtocol`,
    /// `protocolToRawData`, `transformPayload`.
    ///
    /// - Language: ECMAScript 5.1 — "目前脚本仅支持符合ECMAScript 5.1的JavaScript语法" (the
    ///   data-parsing script definition, `g.alicdn.com/aic/aep-docs/1.4.2/mz0t9p.html`);
    ///   "JavaScript（ECMAScript 5）" on the console's script pages
    ///   (`help.aliyun.com/zh/iot/user-guide/submit-a-message-parsing-script`).
    /// - Typed arrays: the platform's own JavaScript examples build `Uint8Array` and `DataView`
    ///   (`help.aliyun.com/zh/iot/user-guide/write-custom-scripts`), so they are not reported.
    /// - Size: 128 KB (131,072 bytes), the figure thingkit's sandbox takes as Alibaba's
    ///   (`CodecOptions::max_script_bytes`). The platform pages consulted (data parsing,
    ///   `CreateThingScript`, `UpdateThingScript`) state no size: this one is not confirmed by the
    ///   platform's own text.
    /// - Entry points: "Starting March 16, 2020, you must define the protocolToRawData,
    ///   rawDataToProtocol, and transformPayload methods" (`help.aliyun.com/en/document_detail/130954.html`).
    Alibaba,
    /// Huawei Cloud IoTDA (设备接入) JavaScript codecs: `decode`, `encode`.
    ///
    /// - Language: "JavaScript syntax rules must comply with ECMAScript 5.1 specifications. The
    ///   codec script supports only let and const of ECMAScript 6. Other expressions, such as the
    ///   arrow function, are not supported."
    /// - Size: "The size of a JavaScript script cannot exceed 1 MB" (1,048,576 bytes).
    ///
    /// Both from `support.huaweicloud.com/intl/en-us/devg-iothub/iot_02_0009.html`.
    Huawei,
    /// Tencent Cloud IoT Explorer (物联网开发平台) data parsing: `RawToProtocol`,
    /// `ProtocolToRaw`.
    ///
    /// - Language: not stated — "目前解析脚本暂时只支持JavaScript语法" (the binary-data guide
    ///   of Tencent's device SDK docs). No level is checked.
    /// - Size: none published. Not checked.
    Tencent,
    /// The Things Stack (The Things Network v3) JavaScript payload formatters: `decodeUplink`,
    /// `encodeDownlink`, `decodeDownlink`, `normalizeUplink`; the legacy `Decoder`/`Encoder`.
    ///
    /// - Language: "JavaScript functions are executed using an JavaScript ECMAScript 5.1 runtime";
    ///   "the runtime does not support modules (require syntax) or any network or file system
    ///   access".
    /// - Size: "The maximum size of a JavaScript payload formatter is 40KB (40,960 bytes).
    ///   Payload formatters loaded from the Device Repository can be larger."
    ///
    /// Both from `thethingsindustries.com/docs/integrations/payload-formatters/javascript/`.
    /// (The 64 KB of TS013 is the [`Target::Ts013`] limit; The Things Stack's own is lower.)
    Tts,
    /// ChirpStack v4 JavaScript codec functions: `decodeUplink`, `encodeDownlink`.
    ///
    /// - Language: "The JavaScript environment in which the codecs are executed is based on
    ///   QuickJS which supports the ES2020 specification. The Node.js Buffer class is also
    ///   available." (`chirpstack.io/docs/chirpstack/use/device-profiles.html`).
    /// - How it runs (ChirpStack's `chirpstack/src/codec/js/mod.rs`): the codec is evaluated as
    ///   a script, not a module (`import` is a syntax error there), non-strict, with `Buffer`
    ///   set as a global and `decodeUplink(chirpstack_input)` appended; `data` must be an object
    ///   ("decodeUplink did not return 'data'"); `bytes` are read as numbers and cast to bytes
    ///   (`as u8`: 256 becomes 255, -1 becomes 0, 1.5 becomes 1).
    /// - Size: none published (only an execution time limit). Not checked.
    Chirpstack,
    /// LoRa Alliance TS013-1.0.0, the LoRaWAN Payload Codec API: `decodeUplink` (required),
    /// `encodeDownlink`, `decodeDownlink`.
    ///
    /// - Language: ECMAScript 5.1; size: 64 KB (65,536 bytes) — as the specification
    ///   (`resources.lora-alliance.org/document/ts013-1-0-0-payload-codec-api`) is cited for
    ///   them by the issue this check was built from and by codec vendors ("the mandatory
    ///   64 KB file size limit"). The specification's own text was not among the sources
    ///   consulted.
    Ts013,
}

/// The syntax a target's engine is documented to take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// ECMAScript 5.1: no ES2015 syntax at all.
    Es5,
    /// ECMAScript 5.1 with ES2015's `let` and `const` and nothing else of it (Huawei IoTDA).
    Es5LetConst,
    /// ECMAScript 2020 and everything before it.
    Es2020,
    /// The platform states no level: syntax is not checked.
    Unstated,
}

impl Level {
    /// How the level reads in a help text.
    pub fn describe(self) -> &'static str {
        match self {
            Level::Es5 => "ECMAScript 5.1",
            Level::Es5LetConst => "ECMAScript 5.1 with only `let` and `const` of ES2015",
            Level::Es2020 => "ECMAScript 2020",
            Level::Unstated => "no stated level",
        }
    }

    /// Whether syntax of this edition (a year: 2015 for ES2015…) is within the level;
    /// `let_const` for the `let`/`const` declarations, which Huawei takes alone of ES2015.
    pub(crate) fn takes_syntax(self, year: u16, let_const: bool) -> bool {
        match self {
            Level::Es5 => year <= 2011,
            Level::Es5LetConst => year <= 2011 || let_const,
            Level::Es2020 => year <= 2020,
            Level::Unstated => true,
        }
    }

    /// Whether a built-in of this edition is promised.
    pub(crate) fn has_builtin(self, year: u16) -> bool {
        match self {
            Level::Es5 | Level::Es5LetConst => year <= 2011,
            Level::Es2020 => year <= 2020,
            Level::Unstated => true,
        }
    }
}

/// What a target is documented to take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// The language level.
    pub level: Level,
    /// The largest script, in bytes of its UTF-8 text; `None` where none is published.
    pub max_script_bytes: Option<usize>,
    /// Whether Node's `Buffer` is a global there.
    pub buffer: bool,
    /// Whether the ES2015 typed arrays (`Uint8Array`, `DataView`, `ArrayBuffer`…) are
    /// documented as available although the level is older.
    pub typed_arrays: bool,
}

impl Target {
    /// Every target, in this order.
    pub const ALL: &'static [Target] = <Target as strum::VariantArray>::VARIANTS;

    /// The target's name: `alibaba`, `tts`…
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Reads a target's name; `None` for anything else.
    pub fn parse(name: &str) -> Option<Target> {
        name.parse().ok()
    }

    /// The platform's name in prose.
    pub fn title(self) -> &'static str {
        match self {
            Target::Alibaba => "Alibaba Cloud IoT",
            Target::Huawei => "Huawei IoTDA",
            Target::Tencent => "Tencent IoT Explorer",
            Target::Tts => "The Things Stack",
            Target::Chirpstack => "ChirpStack v4",
            Target::Ts013 => "LoRaWAN TS013",
        }
    }

    /// The documented limits (the sources are on each variant).
    pub fn limits(self) -> Limits {
        let limits = |level, max_script_bytes, buffer, typed_arrays| Limits { level, max_script_bytes, buffer, typed_arrays };
        match self {
            Target::Alibaba => limits(Level::Es5, Some(128 * 1024), false, true),
            Target::Huawei => limits(Level::Es5LetConst, Some(1024 * 1024), false, false),
            Target::Tencent => limits(Level::Unstated, None, false, false),
            Target::Tts => limits(Level::Es5, Some(40_960), false, false),
            Target::Chirpstack => limits(Level::Es2020, None, true, true),
            Target::Ts013 => limits(Level::Es5, Some(64 * 1024), false, false),
        }
    }
}

/// "alibaba", "alibaba and tts", "alibaba, tts and ts013".
pub(crate) fn list(targets: &[Target]) -> String {
    match targets {
        [] => String::new(),
        [one] => one.as_str().to_string(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(|t| t.as_str()).collect();
            format!("{} and {}", init.join(", "), last.as_str())
        }
    }
}
