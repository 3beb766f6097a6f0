//! Entry points: the functions each target calls, the targets a script's functions point to,
//! and functions whose names are near an entry point's but not it (`decodeuplink`,
//! `rawDataToProtocal`), which the platform would never call.
//!
//! An entry point counts when the top level defines it by name: `function f(…)`, `var f =
//! function…` (or an arrow function), or `f = function…`.

use super::Sink;
use super::program::{Function, Program};
use super::targets::Target;
use crate::diagnostic::Code;

/// What a target needs defined.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Needs {
    /// Each of these.
    pub all: &'static [&'static str],
    /// At least one of these.
    pub any: &'static [&'static str],
    /// Called when defined.
    pub optional: &'static [&'static str],
}

impl Needs {
    /// Every function the target may call.
    pub fn called(&self) -> impl Iterator<Item = &'static str> {
        self.all.iter().chain(self.any).chain(self.optional).copied()
    }
}

/// The functions a target calls (sources on [`Target`]).
pub(crate) fn needs(target: Target) -> Needs {
    let needs = |all, any, optional| Needs { all, any, optional };
    match target {
        Target::Alibaba => needs(&["rawDataToProtocol", "protocolToRawData", "transformPayload"], &[], &[]),
        Target::Tencent => needs(&["RawToProtocol"], &[], &["ProtocolToRaw"]),
        Target::Huawei => needs(&["decode"], &[], &["encode"]),
        Target::Tts => needs(&[], &["decodeUplink", "encodeDownlink", "decodeDownlink", "Decoder", "Encoder"], &["normalizeUplink"]),
        Target::Chirpstack => needs(&[], &["decodeUplink", "encodeDownlink"], &[]),
        Target::Ts013 => needs(&["decodeUplink"], &[], &["encodeDownlink", "decodeDownlink"]),
    }
}

/// Each convention's functions and the targets they point to.
const CONVENTIONS: &[(&str, &str, &[Target])] = &[
    ("rawDataToProtocol", "Alibaba's", &[Target::Alibaba]),
    ("protocolToRawData", "Alibaba's", &[Target::Alibaba]),
    ("transformPayload", "Alibaba's", &[Target::Alibaba]),
    ("RawToProtocol", "Tencent's", &[Target::Tencent]),
    ("ProtocolToRaw", "Tencent's", &[Target::Tencent]),
    ("decode", "Huawei IoTDA's", &[Target::Huawei]),
    ("encode", "Huawei IoTDA's", &[Target::Huawei]),
    ("decodeUplink", "TS013's", &[Target::Tts, Target::Chirpstack, Target::Ts013]),
    ("encodeDownlink", "TS013's", &[Target::Tts, Target::Chirpstack, Target::Ts013]),
    ("decodeDownlink", "TS013's", &[Target::Tts, Target::Ts013]),
    ("normalizeUplink", "The Things Stack's", &[Target::Tts]),
    ("Decoder", "The Things Network v2's", &[Target::Tts]),
    ("Encoder", "The Things Network v2's", &[Target::Tts]),
    ("Decode", "ChirpStack v3's", &[Target::Chirpstack]),
    ("Encode", "ChirpStack v3's", &[Target::Chirpstack]),
];

/// Names that are short or common enough that a function near them is not taken for a typo
/// (`encoder`, `Decode` in a Huawei script are ordinary helpers).
const NOT_NEAR: &[&str] = &["decode", "encode", "Decode", "Encode", "Decoder", "Encoder"];

/// The script's top-level functions, and the ones whose names are near an entry point's.
#[derive(Debug)]
pub(crate) struct Entries<'p> {
    pub defined: Vec<(String, Function<'p>)>,
}

impl<'p> Entries<'p> {
    pub fn of(program: &'p Program<'_>) -> Entries<'p> {
        let mut defined: Vec<(String, Function<'p>)> = Vec::new();
        for f in program.functions() {
            if let Some(name) = f.name {
                let name = program.name(name.sym());
                if !defined.iter().any(|(n, _)| *n == name) {
                    defined.push((name, f));
                }
            }
        }
        Entries { defined }
    }

    pub fn get(&self, name: &str) -> Option<&Function<'p>> {
        self.defined.iter().find(|(n, _)| n == name).map(|(_, f)| f)
    }

    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The defined function nearest to the entry point `wanted`, if one is near enough to be it
    /// misspelt: the same letters in another case, or at most two edits away for names of six
    /// letters or more. Another convention's entry point is never taken for a misspelling.
    fn near(&self, wanted: &str) -> Option<&(String, Function<'p>)> {
        self.defined
            .iter()
            .filter(|(name, _)| name != wanted && !CONVENTIONS.iter().any(|(c, ..)| c == name))
            .filter_map(|entry| {
                let name = entry.0.as_str();
                let distance = strsim::damerau_levenshtein(name, wanted);
                let near = name.eq_ignore_ascii_case(wanted) || (distance <= 2 && wanted.len() >= 6 && name.len() >= 6);
                near.then_some((distance, entry))
            })
            .min_by_key(|(distance, _)| *distance)
            .map(|(_, entry)| entry)
    }

    /// The targets the script's functions point to (a misspelt entry point counts as the one
    /// it stands for); empty when none do.
    pub fn indicated(&self) -> Vec<Target> {
        let mut targets: Vec<Target> = Vec::new();
        for (name, _, to) in CONVENTIONS {
            if self.has(name) || (!NOT_NEAR.contains(name) && self.near(name).is_some()) {
                targets.extend(to.iter());
            }
        }
        targets.sort();
        targets.dedup();
        targets
    }
}

/// Reports missing and misspelt entry points for each target.
pub(crate) fn check(program: &Program<'_>, entries: &Entries<'_>, targets: &[Target], sink: &mut Sink) {
    for &target in targets {
        let needs = needs(target);
        let mut stands_in = Vec::new();
        // A function near an entry point the target would call, and that the script does not
        // define: the platform would never call it.
        for wanted in needs.called().filter(|n| !entries.has(n)) {
            let required = needs.all.contains(&wanted) || needs.any.contains(&wanted);
            if !required && NOT_NEAR.contains(&wanted) {
                continue;
            }
            if let Some((name, f)) = entries.near(wanted) {
                stands_in.push(wanted);
                let span = f.name.map_or((0, 0), |id| program.span(&id));
                sink.add(
                    Code::MisspeltEntryPoint,
                    span,
                    format!("`{name}` is not `{wanted}`: the target never calls it"),
                    Some(format!("rename it `{wanted}`")),
                    target,
                    None,
                );
            }
        }
        for wanted in needs.all.iter().filter(|n| !entries.has(n) && !stands_in.contains(n)) {
            missing_entry(program, entries, target, wanted, &needs, sink);
        }
        let any_missing = !needs.any.is_empty() && !needs.any.iter().any(|n| entries.has(n) || stands_in.contains(n));
        if any_missing {
            missing_entry(program, entries, target, needs.any[0], &needs, sink);
        }
    }
}

fn missing_entry(program: &Program<'_>, entries: &Entries<'_>, target: Target, wanted: &str, needs: &Needs, sink: &mut Sink) {
    let message = if needs.any.contains(&wanted) {
        let names: Vec<String> = needs.any.iter().map(|n| format!("`{n}`")).collect();
        format!("the script defines none of {}", names.join(", "))
    } else {
        format!("the script defines no `{wanted}`")
    };
    // Another convention's function in its place: say so, at it.
    let other = CONVENTIONS.iter().find(|(name, ..)| !needs.called().any(|c| c == *name) && entries.has(name) && same_role(name, wanted));
    let (span, fix) = match other {
        Some((name, whose, _)) => {
            let f = entries.get(name).and_then(|f| f.name).map_or((0, 0), |id| program.span(&id));
            (f, format!("`{name}` is {whose} entry point; the target calls `{wanted}`{}", bridge(wanted, name)))
        }
        None => ((0, 0), format!("define `function {wanted}({})`{}", parameters(wanted), why(target))),
    };
    sink.add(Code::EntryPointMissing, span, message, Some(fix), target, None);
}

/// Whether two entry points do the same job in their conventions (both decode uplinks, or
/// both encode downlinks).
fn same_role(a: &str, b: &str) -> bool {
    let uplink = |n: &str| matches!(n, "rawDataToProtocol" | "RawToProtocol" | "decode" | "decodeUplink" | "Decoder" | "Decode");
    let downlink = |n: &str| matches!(n, "protocolToRawData" | "ProtocolToRaw" | "encode" | "encodeDownlink" | "Encoder" | "Encode");
    (uplink(a) && uplink(b)) || (downlink(a) && downlink(b))
}

/// How to call an older function from the wanted one, where that is a line.
fn bridge(wanted: &str, have: &str) -> String {
    match (wanted, have) {
        ("decodeUplink", "Decode") => {
            ": `function decodeUplink(input) { return {data: Decode(input.fPort, input.bytes, input.variables)}; }`".into()
        }
        ("decodeUplink", "Decoder") => ": `function decodeUplink(input) { return {data: Decoder(input.bytes, input.fPort)}; }`".into(),
        ("encodeDownlink", "Encode") => {
            ": `function encodeDownlink(input) { return {bytes: Encode(input.fPort, input.data, input.variables)}; }`".into()
        }
        ("encodeDownlink", "Encoder") => ": `function encodeDownlink(input) { return {bytes: Encoder(input.data, input.fPort)}; }`".into(),
        _ => String::new(),
    }
}

fn parameters(name: &str) -> &'static str {
    match name {
        "rawDataToProtocol" => "bytes",
        "protocolToRawData" | "ProtocolToRaw" => "json",
        "transformPayload" => "topic, bytes",
        "RawToProtocol" => "fPort, bytes",
        "decode" => "payload, topic",
        "encode" => "json",
        "Decoder" => "bytes, fPort",
        "Encoder" => "object, fPort",
        _ => "input",
    }
}

fn why(target: Target) -> &'static str {
    match target {
        Target::Alibaba => ": the platform requires all three of `rawDataToProtocol`, `protocolToRawData` and `transformPayload` since 16 March 2020",
        Target::Ts013 => ": TS013 requires `decodeUplink`",
        _ => "",
    }
}
