//! Diagnostics: what validation and conversion report about a document.
//!
//! Every diagnostic has a stable [`Code`], a severity, an RFC 6901 JSON pointer into the input,
//! the 1-based line and column of that place in the input text, a message and, where it helps,
//! a help. The codes are documented in `core/CODES.md`; a test keeps that table and [`Code`]
//! in step.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How bad a problem is.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The document is invalid: the platform would reject it, or it is not what it claims to be.
    Error,
    /// The document is accepted, but something is deprecated, suspicious or will not be carried
    /// over by a conversion.
    Warning,
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $severity:ident, $summary:literal; )*) => {
        /// A stable diagnostic code. The string form (`TK0001`…) never changes meaning.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[$doc])* #[doc = $summary] $variant, )*
        }

        impl Code {
            /// Every code, in table order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable string form, such as `TK2001`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// The severity this code is reported with.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// One line saying what the code means (the table in `CODES.md`).
            pub fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary,)* }
            }

            /// Looks a code up by its string form.
            pub fn parse(s: &str) -> Option<Code> {
                match s { $($code => Some(Code::$variant),)* _ => None }
            }
        }
    };
}

codes! {
    // Reading the document.
    JsonSyntax = "TK0001", Error, "the input is not well-formed JSON";
    InvalidUtf8 = "TK0002", Error, "the input is not valid UTF-8";
    DuplicateKey = "TK0003", Error, "an object has the same key twice (JSON readers keep only one of them)";
    DocumentTooLarge = "TK0004", Error, "the document exceeds 256 KB (platform error `iot.common.UpdateThingModelOverLimit`)";
    NestingTooDeep = "TK0005", Error, "the JSON nests deeper than any thing model can";
    UnknownFormat = "TK0006", Error, "the document is not a thing model of any format thingkit reads (`Format`)";
    NotAnObject = "TK0007", Error, "the top level is not a JSON object";
    BadArgument = "TK0008", Error, "an argument is not one the call accepts (an unknown format or level, a bad option)";
    ModuleAborted = "TK0009", Error, "thingkit itself failed (a bug, or memory ran out); the call was abandoned and the npm package restarted its module";
    BadArchive = "TK0010", Error, "the input is not a zip archive thingkit can read, or holds more or larger files than a product model package can";
    // Structure, from the JSON Schemas in `schemas/`.
    MissingField = "TK1001", Error, "a required field is missing";
    WrongType = "TK1002", Error, "a value has the wrong JSON type";
    NotAllowedValue = "TK1003", Error, "a value is not one of those allowed";
    PatternMismatch = "TK1004", Error, "a string does not have the required form";
    UnknownField = "TK1005", Warning, "a field is not part of the format; conversions do not carry it over";
    ArrayLength = "TK1006", Error, "an array has too few or too many items";
    OutOfBounds = "TK1007", Error, "a number or string length is outside its allowed bounds";
    SchemaViolation = "TK1099", Error, "the value breaks another rule of the schema";
    // Identifiers and names.
    InvalidIdentifier = "TK2001", Error, "an identifier is not 1-50 letters, digits or underscores";
    ReservedIdentifier = "TK2002", Error, "an identifier is a reserved word (`set`, `get`, `post`, `property`, `event`, `time`, `value`)";
    DuplicateIdentifier = "TK2003", Error, "two features, parameters or struct members in one scope share an identifier";
    InvalidName = "TK2004", Error, "a name has characters other than CJK, kana, letters, digits, `-`, `_`, `/`, `.`, or does not start with CJK, kana, a letter or a digit";
    NameTooLong = "TK2005", Error, "a name is longer than 30 characters (enum and bool labels: 20); a CJK character counts as one";
    DuplicateName = "TK2006", Error, "two features share a name (platform error `iot.prod.ThingModelNameDuplicated`)";
    InvalidFunctionBlockId = "TK2007", Error, "a custom module identifier is not 1-30 letters, digits or underscores";
    InvalidFunctionBlockName = "TK2008", Error, "a custom module name is not 4-30 CJK, kana, letters, digits or underscores";
    // Data types and their specs.
    MinGreaterThanMax = "TK2010", Error, "`min` is greater than `max`";
    InvalidStep = "TK2011", Error, "`step` is not greater than 0, or larger than `max` - `min`";
    IntOutOfRange = "TK2012", Error, "an `int` spec is not an integer within the 32-bit signed range";
    NotANumber = "TK2013", Error, "a spec value does not parse as its declared type";
    DefaultOutOfRange = "TK2014", Error, "`defaultValue` does not parse as the type or lies outside [`min`, `max`]";
    TextLength = "TK2015", Error, "a text length is not within 1..10240 bytes";
    ArraySize = "TK2016", Error, "an array size is not within 1..512";
    NestingLevel = "TK2017", Error, "arrays and structs nest deeper than two levels (parent and child)";
    StructMemberType = "TK2018", Error, "a struct member is a struct or an array";
    ArrayItemType = "TK2019", Error, "an array item is not int, float, double, text or struct";
    EnumKey = "TK2020", Error, "an enum key is not an integer";
    BoolKeys = "TK2021", Error, "bool specs are not exactly the keys `0` and `1`";
    EmptyEnum = "TK2022", Error, "an enum has no values";
    FloatOutOfRange = "TK2023", Error, "a `float` spec is outside the single-precision range";
    MissingStep = "TK2024", Warning, "a number type has no `step` (older exports); it is read and converted as unset";
    // Features.
    MethodMismatch = "TK2030", Error, "an event or service `method` is not the one its identifier implies";
    GeneratedFeatureMismatch = "TK2031", Warning, "a platform-generated `post`/`set`/`get` feature does not list the properties it should; conversions regenerate it";
    ParaOrder = "TK2032", Error, "parameter `paraOrder` values are not unique and counting from 0";
    ParamDirection = "TK2033", Error, "a parameter's `direction` does not match the list it is in";
    SpecsKindMismatch = "TK2034", Error, "`dataSpecs`/`dataSpecsList` does not match the data type (exactly one must be present)";
    DeprecatedField = "TK2035", Warning, "a deprecated field or value is used; it is read, and written in its current form";
    GetInputData = "TK2036", Error, "the `get` service's `inputData` is not a list of property identifiers";
    // extendConfig.
    ExtendConfigIdentifier = "TK2040", Error, "an `extendConfig` identifier differs from its feature's";
    ExtendConfigKind = "TK2041", Error, "an `extendConfig` is neither Modbus, OPC UA nor custom, or its kind is not allowed for the feature";
    RegisterAddress = "TK2042", Error, "a Modbus `registerAddress` is not `0x0`..`0xFFFF` written with `0x`";
    WriteFunctionCode = "TK2043", Error, "a Modbus `writeFunctionCode` is not allowed for its `operateType`";
    WriteOnly = "TK2044", Error, "Modbus `writeOnly` is 1 while `writeFunctionCode` is 0 (read only)";
    Scaling = "TK2045", Error, "Modbus `scaling` is 0, or given for a string or bool";
    BitMask = "TK2046", Error, "Modbus `bitMask` is not a power of two from 1 to 32768, or given for a non-bool";
    OriginalDataTypeSpecs = "TK2047", Error, "Modbus `originalDataType.specs` does not fit its type (`registerCount` for string and customized data, `swap`/`reverseRegister` for the others)";
    OpcUaDisplayName = "TK2048", Error, "OPC UA `displayName` is missing on a property or event";
    OpcUaIndex = "TK2049", Error, "OPC UA `inputData`/`outputData` indexes repeat";
    NeutralValue = "TK2050", Warning, "an extendConfig value the platform writes where it means nothing (Modbus `scaling: 1` or `registerCount: 1` where they do not apply, OPC UA `\"\"` for an empty list); read as absent";
    PlaceholderNumber = "TK2051", Warning, "a number is written as `\"\"` or `\"undefined\"` (older console exports); read as absent";
    UnsetStep = "TK2052", Warning, "a Huawei `step` is the number 0, what the console writes when none was set; read as absent";

    // W3C WoT.
    WotPlaceholder = "TK2060", Error, "a Thing Description still holds a Thing Model placeholder (`{{…}}`)";
    UndefinedSecurityScheme = "TK2061", Error, "a `security` entry names a scheme that `securityDefinitions` does not define";
    WotOperation = "TK2062", Error, "a form's `op` is empty, misspelt, or an operation of another kind of affordance";
    WotOptional = "TK2063", Error, "a `tm:optional` entry points below an interaction affordance or at none";
    WotLinkType = "TK2064", Error, "more than one link says what the Thing is an instance of (`\"rel\": \"type\"`)";
    RepeatedEnumValue = "TK2065", Error, "an `enum` lists the same value twice";
    WotMisspeltTerm = "TK2066", Warning, "a key without a prefix is no TD term but close to one of its place (`propertys`, `readonly`, `hfref`): probably that term misspelt; it is kept as written";

    PackageLayout = "TK2070", Error, "a Huawei product model package is not laid out as the console's: no `devicetype-capability.json` or two, `devices` not one device, a file without its list, a service without `serviceType`, a service type defined twice or listed but defined nowhere, two files at one path";
    UnlistedService = "TK2071", Warning, "a `servicetype-capability.json` defines a service type `devicetype-capability.json` does not list; it is not part of the model";
    // Conversion.
    NotCarried = "TK3001", Warning, "the target format cannot represent this; it was left out of the converted document";
    Regenerated = "TK3002", Warning, "a platform-generated value was regenerated; the input's version was not kept";
    UnsupportedConversion = "TK3003", Error, "there is no conversion from this kind of document to the requested format";
    PackageFieldMissing = "TK3004", Warning, "a field the console requires in a product model package is not in the source; it is written empty, to be filled in before import";
    // Device data (Alink messages checked against a thing model).
    MalformedMessage = "TK4001", Error, "the message is not an Alink request or reply (`id`, `version`, `method`, `params`; or `id`, `code`, `data`)";
    UnknownMethod = "TK4002", Error, "the `method` names no feature of the model";
    UnknownIdentifier = "TK4003", Error, "the identifier (or `blockId:identifier`) is not in the model";
    ValueKind = "TK4004", Error, "the value's JSON kind does not match the data type";
    ValueOutOfRange = "TK4005", Error, "a number lies outside [`min`, `max`] or the type's own range";
    TextTooLong = "TK4006", Error, "a text value is longer, in UTF-8 bytes, than the spec's `length`";
    NotAnEnumValue = "TK4007", Error, "an enum value is not one of the spec's keys";
    NotABoolValue = "TK4008", Error, "a bool value is not 0 or 1";
    ArrayTooLong = "TK4009", Error, "an array holds more items than the spec's `size`";
    UnknownMember = "TK4010", Error, "a struct value has a member the struct does not declare";
    ReadOnlyProperty = "TK4011", Error, "a read-only property is set from the cloud";
    TooManyProperties = "TK4012", Error, "more than 200 properties in one message (platform error 6106)";
    InvalidTime = "TK4013", Error, "a `time` or date value is not epoch milliseconds";
    // Data-parsing scripts.
    ScriptSyntax = "TK5001", Error, "the script does not parse";
    ScriptTooLarge = "TK5002", Error, "the script is larger than the limit (default 128 KB)";
    InputTooLarge = "TK5003", Error, "the input is larger than the limit (default 64 KB)";
    OutputTooLarge = "TK5004", Error, "the result, as JSON, is larger than the limit (default 64 KB)";
    Timeout = "TK5005", Error, "the call ran longer than its time limit (default 100 ms)";
    StepBudget = "TK5006", Error, "the call used up its step budget (loops and calls, nested or not)";
    RecursionLimit = "TK5007", Error, "calls nested deeper than the recursion limit";
    LoopLimit = "TK5008", Error, "one function ran more loop iterations than allowed";
    HeapLimit = "TK5009", Error, "the call grew the heap past its budget (default 64 MiB)";
    ScriptThrew = "TK5010", Error, "the script threw an exception";
    MissingEntryPoint = "TK5011", Error, "the script defines none of the functions this call needs";
    EmptyResult = "TK5012", Error, "the script returned nothing (platform error 6201)";
    MalformedResult = "TK5013", Error, "the script's result has the wrong shape (platform error 6207)";
    MissingMethod = "TK5014", Error, "an uplink result has no `method` (platform error 6450)";
    NotJson = "TK5015", Error, "the result holds NaN, Infinity, a function, a symbol, a BigInt or a cycle";
    ByteOutOfRange = "TK5016", Error, "an output byte is not an integer from 0 to 255";
    CodecReportedErrors = "TK5017", Error, "the codec reported `errors` (LoRaWAN convention)";
    EngineFailure = "TK5018", Error, "the script engine failed in a way the script did not ask for";
    BadInputBytes = "TK5019", Error, "the input bytes are not valid hex or base64";
    PluginTrapped = "TK5020", Error, "the WebAssembly plugin trapped or failed to load; its instance is discarded";
    MalformedInput = "TK5021", Error, "the input handed to the script has the wrong shape (an `encodeDownlink` input that is not an object)";
    // The HTTP service (`thingkit serve`).
    RequestTooLarge = "TK6001", Error, "the request body is larger than the service takes (default 1 MiB)";
    BadRequest = "TK6002", Error, "the request is not what the route takes (its JSON, fields, query or path)";
    UnknownProduct = "TK6003", Error, "no script is registered for the product";
    Busy = "TK6004", Error, "the service is at its concurrency limit; retry shortly";
    TooManyProducts = "TK6005", Error, "the service already holds as many scripts as it may (default 1024)";
    NoSuchRoute = "TK6006", Error, "no route has that path, or it does not take that method";
    Internal = "TK6007", Error, "the service failed in a way the request did not cause";
    // `thingkit test`.
    BadVectorFile = "TK7001", Error, "a codec test vector file is not in the shape its format documents";
    VectorFailed = "TK7002", Error, "a codec test vector's result differs from the expected one, or the script failed";
    // Linting scripts against the platforms (`thingkit lint`).
    SyntaxBeyondTarget = "TK8001", Error, "syntax newer than the target's documented language level (arrow functions, classes, template literals, `let` on an ECMAScript 5.1 platform…)";
    ScriptOverTargetLimit = "TK8002", Error, "the script is larger than the target's documented limit (The Things Stack 40,960 bytes, TS013 64 KB, Alibaba 128 KB, Huawei 1 MB)";
    ModuleLoad = "TK8003", Error, "the script loads a module (`require`, `import`, `export`); no target loads modules";
    HostGlobal = "TK8004", Error, "the script uses a global of Node or browsers the target does not have (`Buffer` but on ChirpStack, `module`, `process`, timers)";
    NondeterministicResult = "TK8005", Warning, "`Date.now()`, `new Date()` or `Math.random()` flows into what an entry point returns: the result differs from run to run";
    EntryPointMissing = "TK8006", Error, "the script does not define a function the target calls (`decodeUplink`, `rawDataToProtocol`…)";
    MisspeltEntryPoint = "TK8007", Error, "a function is named nearly like an entry point (`decodeuplink`); the target never calls it";
    ResultShape = "TK8008", Error, "an entry point returns an object without what its convention requires (`data`, `bytes`, `method`), or with it of the wrong kind";
    ResultByte = "TK8009", Error, "a byte an entry point returns is not an integer from 0 to 255";
    NewerBuiltin = "TK8010", Warning, "a built-in newer than the target's language level (`Map`, `Object.assign`, `.padStart`): its engine is not promised to have it";
    TooDeepToLint = "TK8011", Error, "the script nests deeper than the linter walks (2,000 levels); what lies deeper was not checked";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Code::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("unknown diagnostic code `{s}`")))
    }
}

impl JsonSchema for Code {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Code".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        schemars::json_schema!({ "type": "string", "enum": codes })
    }
}

/// Where a value is in the input text: offsets in characters (Unicode scalar values) from the
/// start of the text, `end` exclusive.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct TextRange {
    /// First character of the value (for an object member, of its key).
    pub start: usize,
    /// One past its last character.
    pub end: usize,
}

/// One problem found in a document — the one shape every front end prints (CLI JSON, the npm
/// package, the plugin, the HTTP service).
///
/// JSON: `{code, severity, pointer, line, column, message, help?, range?}`.
#[cfg_attr(feature = "typescript", derive(tsify::Tsify))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Diagnostic {
    /// Stable code, such as `TK2001`; the table is `core/CODES.md`.
    #[cfg_attr(feature = "typescript", tsify(type = "string"))]
    pub code: Code,
    /// `error` makes the document invalid; `warning` does not.
    pub severity: Severity,
    /// The file the pointer is in, for a model of several files (a Huawei product model
    /// package: `profile/devicetype-capability.json`…); absent for a single document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub file: Option<String>,
    /// RFC 6901 JSON pointer to the value concerned (`""` is the whole document).
    pub pointer: String,
    /// 1-based line of that value in the input text.
    pub line: usize,
    /// 1-based column (in characters) of that value in the input text.
    pub column: usize,
    /// What is wrong, in serde_json's style: lowercase, `backticked` tokens.
    pub message: String,
    /// How to fix it, where that is not obvious.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub help: Option<String>,
    /// The value's place in the input text, in characters, when it was located.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub range: Option<TextRange>,
    /// Byte range of the value in the input (for excerpts in the terminal).
    #[serde(skip)]
    #[cfg_attr(feature = "typescript", tsify(type = "never", optional))]
    pub span: Option<(usize, usize)>,
}

impl Diagnostic {
    /// A diagnostic with the code's own severity, not yet located in the text.
    pub fn new(code: Code, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            file: None,
            pointer: pointer.into(),
            line: 0,
            column: 0,
            message: message.into(),
            help: None,
            range: None,
            span: None,
        }
    }

    /// Adds how to fix it.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Whether this is an error (as opposed to a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{severity}[{}]: {} at line {} column {}", self.code, self.message, self.line, self.column)
    }
}

/// Escapes one reference token for a JSON pointer (RFC 6901: `~` as `~0`, `/` as `~1`).
pub fn escape_token(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains(['~', '/']) { token.replace('~', "~0").replace('/', "~1").into() } else { token.into() }
}

/// Appends a reference token to a JSON pointer.
pub fn join(pointer: &str, token: impl fmt::Display) -> String {
    /// Writes a token's text escaped, chunk by chunk, straight into the pointer: every rule
    /// walk joins a pointer per field, so no text in between.
    struct Escaping<'s>(&'s mut String);
    impl fmt::Write for Escaping<'_> {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            self.0.push_str(&escape_token(s));
            Ok(())
        }
    }
    let mut out = String::with_capacity(pointer.len() + 16);
    out.push_str(pointer);
    out.push('/');
    let _ = fmt::Write::write_fmt(&mut Escaping(&mut out), format_args!("{token}"));
    out
}

/// "a string", "an object"… for messages.
pub(crate) fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// The code table of `core/CODES.md`, generated from [`Code`] so the two cannot drift apart.
pub fn codes_table() -> String {
    let mut out = String::from(
        "# Diagnostic codes\n\n\
         Generated from `core/src/diagnostic.rs` (`THINGKIT_BLESS=1 cargo test -p thingkit-tests --test generated` rewrites it).\n\
         A code keeps its meaning forever; new problems get new codes.\n\n\
         | code | severity | meaning |\n|---|---|---|\n",
    );
    for code in Code::ALL {
        let severity = match code.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!("| `{}` | {severity} | {} |\n", code.as_str(), code.summary().replace('|', "\\|")));
    }
    out
}

/// A count grouped for messages: 40960 as "40,960".
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
