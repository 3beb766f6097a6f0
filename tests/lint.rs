//! `thingkit::lint`: scripts checked against the platforms that run them. The fixtures in
//! `tests/fixtures/lint/pass/` pass cleanly for their targets (and run in the sandbox); each one
//! in `tests/fixtures/lint/findings/` trips the findings listed here, by code, line, column and
//! the targets affected.

mod common;

use thingkit::lint::{Report, Target, TargetsFrom, lint};
use thingkit::script::{Codec, CodecOptions, DecodeInput};

/// Code, line, column and targets of each finding, in order.
fn found(report: &Report) -> Vec<(String, usize, usize, Vec<&'static str>)> {
    report
        .diagnostics
        .iter()
        .map(|f| {
            let d = &f.diagnostic;
            (d.code.to_string(), d.line, d.column, f.targets.iter().map(|t| t.as_str()).collect())
        })
        .collect()
}

type Expected<'a> = &'a [(&'a str, usize, usize, &'a [&'a str])];

fn assert_found(name: &str, report: &Report, expected: Expected<'_>) {
    let expected: Vec<(String, usize, usize, Vec<&str>)> =
        expected.iter().map(|(c, l, col, t)| (c.to_string(), *l, *col, t.to_vec())).collect();
    assert_eq!(found(report), expected, "{name}: {report:#?}");
}

fn fixture(rel: &str) -> String {
    common::fixture(&format!("lint/{rel}"))
}

/// Parsing recurses once per level of nesting: lint as the `thingkit` binary does, on a thread
/// with a 1 GiB stack.
fn on_big_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new().stack_size(1 << 30).spawn(f).expect("thread").join().expect("no panic")
}

const LORAWAN: &[&str] = &["tts", "chirpstack", "ts013"];

#[test]
fn passing_scripts_pass_cleanly_for_their_targets() {
    let cases: &[(&str, &[Target], &[Target], TargetsFrom)] = &[
        ("alibaba.js", &[], &[Target::Alibaba], TargetsFrom::EntryPoints),
        ("huawei.js", &[], &[Target::Huawei], TargetsFrom::EntryPoints),
        ("tencent.js", &[], &[Target::Tencent], TargetsFrom::EntryPoints),
        ("lorawan.js", &[], &[Target::Tts, Target::Chirpstack, Target::Ts013], TargetsFrom::EntryPoints),
        ("chirpstack.js", &[Target::Chirpstack], &[Target::Chirpstack], TargetsFrom::Given),
    ];
    for (name, given, targets, from) in cases {
        let text = fixture(&format!("pass/{name}"));
        let report = lint(&text, given);
        assert!(report.diagnostics.is_empty(), "{name}: {report:#?}");
        assert!(report.valid);
        assert_eq!((report.targets.as_slice(), report.targets_from), (*targets, *from), "{name}");
        // They are real codecs: the sandbox compiles each.
        let codec = Codec::compile(&text, CodecOptions::default());
        assert!(codec.is_ok(), "{name}: {:?}", codec.err());
    }
    let mut codec = Codec::compile(&fixture("pass/lorawan.js"), CodecOptions::default()).expect("compiles");
    let decoded = codec.decode(&[0x09, 0xc4, 0x50], &DecodeInput { f_port: Some(2), ..DecodeInput::default() }).expect("decodes");
    assert_eq!(decoded, serde_json::json!({"temperature": 25, "humidity": 40}));
}

#[test]
fn syntax_beyond_each_level() {
    let report = lint(&fixture("findings/es2015-syntax.js"), &[]);
    let es5: &[&str] = &["tts", "ts013"];
    assert_found(
        "es2015-syntax.js",
        &report,
        &[
            ("TK8001", 2, 1, es5),   // const
            ("TK8001", 3, 1, es5),   // let
            ("TK8001", 5, 1, es5),   // class
            ("TK8001", 10, 3, es5),  // const
            ("TK8001", 10, 16, es5), // arrow function
            ("TK8001", 11, 3, es5),
            ("TK8001", 11, 9, es5), // destructuring
            ("TK8001", 12, 3, es5),
            ("TK8001", 12, 17, es5), // template literal
            ("TK8001", 13, 3, es5),
            ("TK8001", 13, 19, es5), // spread
            ("TK8001", 14, 8, es5),  // const in for…of
            ("TK8001", 14, 16, es5), // for…of, at `of`
            ("TK8001", 15, 3, es5),
            ("TK8001", 15, 18, es5), // shorthand properties
            ("TK8001", 15, 25, es5),
            ("TK8001", 15, 32, es5),
            ("TK8001", 15, 40, es5),
            ("TK8001", 15, 57, es5), // `**`, at the operator
            ("TK8001", 15, 63, es5), // method definition
            ("TK8001", 19, 24, es5), // default parameter, at `=`
            ("TK8001", 19, 29, es5), // rest parameter, at `...`
            ("TK8001", 21, 6, es5),  // let in for
            ("TK8001", 22, 6, es5),  // const in for…in
        ],
    );
    // ChirpStack takes ES2020: none of these concern it.
    assert_eq!(report.targets, [Target::Tts, Target::Chirpstack, Target::Ts013]);
    let first = &report.diagnostics[0].diagnostic;
    assert_eq!(first.message, "`const` declarations are ES2015 syntax");
    assert_eq!(first.help.as_deref(), Some("declare it with `var`; affects tts and ts013 (ECMAScript 5.1)"));
    assert_eq!(first.range.map(|r| (r.start, r.end)), Some((58, 63)));

    let report = lint(&fixture("findings/es2021-syntax.js"), &[]);
    assert_found(
        "es2021-syntax.js",
        &report,
        &[
            ("TK8001", 3, 3, es5),
            ("TK8001", 4, 14, LORAWAN), // `??=`
            ("TK8001", 4, 18, LORAWAN), // 1_000
            ("TK8010", 5, 21, LORAWAN), // replaceAll, a warning
            ("TK8001", 9, 1, es5),
            ("TK8001", 10, 3, LORAWAN), // class field
        ],
    );
    let help = report.diagnostics[1].diagnostic.help.clone().unwrap_or_default();
    assert!(help.ends_with("affects tts and ts013 (ECMAScript 5.1); chirpstack (ECMAScript 2020)"), "{help}");

    // Huawei takes `let` and `const`, not arrow functions.
    let text = fixture("findings/huawei-arrow.js");
    assert_found("huawei-arrow.js", &lint(&text, &[]), &[("TK8001", 2, 15, &["huawei"])]);
    let report = lint(&text, &[Target::Huawei, Target::Alibaba]);
    assert_found(
        "huawei-arrow.js for alibaba",
        &report,
        &[
            ("TK8006", 1, 1, &["alibaba"]), // protocolToRawData
            ("TK8006", 1, 1, &["alibaba"]), // transformPayload
            ("TK8001", 2, 1, &["alibaba"]),
            ("TK8001", 2, 15, &["alibaba", "huawei"]),
            ("TK8006", 4, 10, &["alibaba"]), // rawDataToProtocol, at Huawei's `decode`
            ("TK8001", 5, 3, &["alibaba"]),
        ],
    );
    // Tencent states no level: nothing of syntax is reported for it.
    assert!(lint(&fixture("findings/es2015-syntax.js"), &[Target::Tencent]).diagnostics.iter().all(|f| f.diagnostic.code.as_str() != "TK8001"));
}

#[test]
fn modules_and_node_globals() {
    let report = lint(&fixture("findings/modules-and-node.js"), &[]);
    assert_found(
        "modules-and-node.js",
        &report,
        &[
            ("TK8003", 2, 15, LORAWAN),            // require
            ("TK8004", 5, 13, &["tts", "ts013"]),  // Buffer: ChirpStack has it
            ("TK8004", 6, 3, LORAWAN),             // setTimeout
            ("TK8004", 7, 46, LORAWAN),            // process
            ("TK8004", 10, 1, LORAWAN),            // module.exports, unguarded
        ],
    );
    assert_eq!(report.diagnostics[0].diagnostic.range.map(|r| r.end - r.start), Some(20), "the whole call `require('./helpers')`");

    let report = lint(&fixture("findings/module.js"), &[]);
    assert_found("module.js", &report, &[("TK8003", 1, 1, LORAWAN), ("TK8003", 3, 1, LORAWAN)]);
    assert_eq!(report.diagnostics[1].diagnostic.message, "`export` makes the script a module; the targets run scripts, not modules");

    // What the script defines or guards itself is not reported.
    let own = "function Buffer(size) { this.bytes = new Array(size); }\n\
               function decodeUplink(input) { var b = new Buffer(2); return {data: {n: b.bytes.length}}; }\n\
               if (typeof exports !== 'undefined') { exports.decodeUplink = decodeUplink; }\n\
               var ok = typeof process === 'undefined' ? 'script' : process.title;";
    assert_found("own Buffer", &lint(own, &[Target::Ts013]), &[]);
}

#[test]
fn entry_points_missing_and_misspelt() {
    assert_found("alibaba-missing.js", &lint(&fixture("findings/alibaba-missing.js"), &[]), &[("TK8006", 1, 1, &["alibaba"])]);

    let report = lint(&fixture("findings/misspelt.js"), &[]);
    // The misspelt names still tell the targets.
    assert_eq!((report.targets.as_slice(), report.targets_from), (&[Target::Tts, Target::Chirpstack, Target::Ts013][..], TargetsFrom::EntryPoints));
    assert_found("misspelt.js", &report, &[("TK8007", 2, 10, LORAWAN), ("TK8007", 6, 10, LORAWAN)]);
    assert_eq!(report.diagnostics[0].diagnostic.message, "`decodeuplink` is not `decodeUplink`: the target never calls it");

    let report = lint(&fixture("findings/chirpstack-v3.js"), &[]);
    assert_found("chirpstack-v3.js", &report, &[("TK8006", 2, 10, &["chirpstack"])]);
    let help = report.diagnostics[0].diagnostic.help.clone().unwrap_or_default();
    assert!(help.contains("`Decode` is ChirpStack v3's entry point; the target calls `decodeUplink`"), "{help}");
    assert!(help.contains("return {data: Decode(input.fPort, input.bytes, input.variables)}"), "{help}");

    // No entry point at all: every target, each missing its own.
    let report = lint("var x = 1;", &[]);
    assert_eq!((report.targets.as_slice(), report.targets_from), (Target::ALL, TargetsFrom::All));
    assert!(report.diagnostics.iter().all(|f| f.diagnostic.code.as_str() == "TK8006"));
    assert_eq!(report.diagnostics.len(), 8, "{report:#?}");
}

#[test]
fn results_that_break_the_convention() {
    let report = lint(&fixture("findings/result-shapes.js"), &[]);
    assert_found(
        "result-shapes.js",
        &report,
        &[
            ("TK8008", 4, 12, LORAWAN),  // no `data` (nor `errors`)
            ("TK8009", 13, 19, LORAWAN), // the hole
            ("TK8009", 13, 23, LORAWAN), // MAX, 0x100
            ("TK8009", 13, 28, LORAWAN), // -1
            ("TK8009", 13, 32, LORAWAN), // 1.5
            ("TK8009", 13, 37, LORAWAN), // '2'
            ("TK8008", 13, 57, LORAWAN), // fPort 0
            ("TK8008", 17, 18, &["tts", "ts013"]), // `data` an array (decodeDownlink: ChirpStack does not call it)
        ],
    );
    let messages: Vec<&str> = report.diagnostics.iter().map(|f| f.diagnostic.message.as_str()).collect();
    assert_eq!(messages[2], "`MAX` (256) in what `encodeDownlink` returns is not a byte (an integer from 0 to 255)");
    assert_eq!(messages[5], "`'2'` (a string) in what `encodeDownlink` returns is not a byte (an integer from 0 to 255)");
    let help = report.diagnostics[3].diagnostic.help.clone().unwrap_or_default();
    assert!(help.contains("chirpstack (ChirpStack casts it: 256 becomes 255, -1 becomes 0, 1.5 becomes 1)"), "{help}");

    assert_found(
        "alibaba-results.js",
        &lint(&fixture("findings/alibaba-results.js"), &[]),
        &[("TK8008", 5, 12, &["alibaba"]), ("TK8009", 10, 18, &["alibaba"]), ("TK8009", 11, 18, &["alibaba"])],
    );

    // Where the analysis cannot see the whole result, it says nothing.
    let unseen = "function fill(r, input) { r.data = {t: input.bytes[0]}; }\n\
                  function decodeUplink(input) { var r = {}; fill(r, input); return r; }\n\
                  function decodeDownlink(input) { var r = {}; r.data = {}; return r; }\n\
                  function encodeDownlink(input) { var b = []; b.push(input.data.x >> 8); return {bytes: b}; }";
    assert_found("unseen", &lint(unseen, &[Target::Ts013]), &[]);
}

#[test]
fn time_and_randomness_flowing_into_results() {
    let report = lint(&fixture("findings/nondeterministic.js"), &[]);
    // `new Date()` through a helper and a member write; `Math.random()` through a variable.
    // `Date.now()` compared, not returned, is not reported.
    assert_found("nondeterministic.js", &report, &[("TK8005", 5, 10, LORAWAN), ("TK8005", 19, 26, LORAWAN)]);
    assert!(report.valid, "warnings only");
    assert_eq!(report.diagnostics[0].diagnostic.message, "`new Date()` flows into what `decodeUplink` returns");
    assert_eq!(report.diagnostics[1].diagnostic.message, "`Math.random()` flows into what `encodeDownlink` returns");
}

#[test]
fn built_ins_a_level_lacks() {
    let report = lint(&fixture("findings/builtins.js"), &[]);
    // `padStart` is polyfilled by the script: not reported.
    let es5: &[&str] = &["tts", "ts013"];
    assert_found(
        "builtins.js",
        &report,
        &[("TK8010", 11, 19, es5), ("TK8010", 12, 14, es5), ("TK8010", 13, 22, es5), ("TK8010", 14, 16, es5)],
    );
    assert!(report.valid);
    // Alibaba's own examples use typed arrays: not reported there.
    let typed = "function rawDataToProtocol(b) { var v = new DataView(new Uint8Array(b).buffer); return {method: 'm', params: {t: v.getInt16(0)}}; }\n\
                 function protocolToRawData(j) { return [1]; }\nfunction transformPayload(t, b) { return {}; }";
    assert_found("typed arrays", &lint(typed, &[]), &[]);
    let report = lint(typed, &[Target::Alibaba, Target::Ts013]);
    assert!(report.diagnostics.iter().filter(|f| f.diagnostic.code.as_str() == "TK8010").all(|f| f.targets == [Target::Ts013]));
}

#[test]
fn sizes_over_each_limit() {
    let codec = fixture("pass/lorawan.js");
    let padded = |size: usize| {
        let mut text = codec.clone();
        text.push_str("\n//");
        text.push_str(&"x".repeat(size - text.len()));
        text
    };
    assert!(lint(&padded(40_960), &[]).valid, "at the limit");
    let text = padded(40_961);
    let report = lint(&text, &[]);
    let before = &text[..40_960];
    let (line, column) = (before.matches('\n').count() + 1, before.len() - before.rfind('\n').map_or(0, |n| n + 1) + 1);
    assert_eq!(found(&report), [("TK8002".to_string(), line, column, vec!["tts"])]);
    assert_eq!(report.diagnostics[0].diagnostic.message, "the script has 40,961 bytes, more than The Things Stack's limit of 40,960; it crosses it here");
    assert_eq!(report.diagnostics[0].diagnostic.span, Some((40_960, 40_961)));

    let report = lint(&padded(65_537), &[]);
    let codes: Vec<(String, Vec<&str>)> = found(&report).into_iter().map(|(c, _, _, t)| (c, t)).collect();
    assert_eq!(codes, [("TK8002".to_string(), vec!["tts"]), ("TK8002".to_string(), vec!["ts013"])]);
    let report = lint(&padded(131_073), &[Target::Alibaba, Target::Huawei, Target::Tencent, Target::Chirpstack]);
    assert_eq!(report.diagnostics.iter().filter(|f| f.diagnostic.code.as_str() == "TK8002").map(|f| f.targets.clone()).collect::<Vec<_>>(), [vec![Target::Alibaba]]);
    let report = lint(&padded(1_048_577), &[Target::Huawei, Target::Chirpstack]);
    assert_eq!(report.diagnostics.iter().filter(|f| f.diagnostic.code.as_str() == "TK8002").map(|f| f.targets.clone()).collect::<Vec<_>>(), [vec![Target::Huawei]]);
}

#[test]
fn a_script_that_does_not_parse_is_tk5001_where_the_sandbox_puts_it() {
    let text = fixture("findings/syntax-error.js");
    let report = lint(&text, &[]);
    assert_found("syntax-error.js", &report, &[("TK5001", 2, 34, &["alibaba", "huawei", "tencent", "tts", "chirpstack", "ts013"])]);
    assert_eq!(report.targets_from, TargetsFrom::All);
    let error = Codec::compile(&text, CodecOptions::default()).expect_err("does not compile");
    assert_eq!(error.location(), Some((2, 34)));
    assert_eq!(report.diagnostics[0].diagnostic.message, format!("syntax error: {}", error.to_string().trim_start_matches("syntax error: ").split(" at line ").next().unwrap_or_default()));
}

#[test]
fn hostile_scripts_give_coded_errors() {
    let cases: Vec<(&str, String, &str)> = vec![
        ("brackets", format!("var x = {}1{};", "(".repeat(5000), ")".repeat(5000)), "TK5001"),
        ("templates", format!("var x = {}{};", "`${".repeat(5000), "}`".repeat(5000)), "TK5001"),
        ("prefix operators", format!("var x = {}1;", "!".repeat(100_000)), "TK5001"),
        ("a binary chain", format!("var x = {}1;", "a + ".repeat(200_000)), "TK5001"),
        ("assignments", format!("var x = {}1;", "a = ".repeat(50_000)), "TK5001"),
        ("conditionals", format!("var x = {}1;", "a ? 1 : ".repeat(50_000)), "TK5001"),
        ("else if", format!("function decodeUplink(i) {{ {} {{}} return {{data: {{}}}}; }}", "if (i) {} else ".repeat(20_000)), "TK5001"),
        ("deep but parsed", format!("function decodeUplink(i) {{ {} {{}} return {{data: {{}}}}; }}", "if (i) {} else ".repeat(2_500)), "TK8011"),
        ("huge", format!("// {}\nfunction decodeUplink(i) {{ return {{data: {{}}}}; }}", "x".repeat(5 << 20)), "TK5002"),
    ];
    for (name, text, code) in cases {
        let report = on_big_stack(move || lint(&text, &[Target::Ts013]));
        assert!(!report.valid, "{name}");
        assert!(report.diagnostics.iter().any(|f| f.diagnostic.code.as_str() == code), "{name}: {report:#?}");
    }
    let report = on_big_stack(|| lint(&format!("var x = {}1;", "!".repeat(100_000)), &[]));
    assert_eq!(report.diagnostics[0].diagnostic.message, "syntax error: operators and statements chain deeper than 10,000 levels");
    // Long but flat code is no chain: a 20,000-element table, 5,000 statements.
    let table = format!("var T = [{}];\nfunction decodeUplink(i) {{ return {{data: {{t: T[i.bytes[0]]}}}}; }}", vec!["255"; 20_000].join(", "));
    let statements = format!("function decodeUplink(i) {{ var s = 0; {} return {{data: {{s: s}}}}; }}", "s = s + i.bytes[0];\n".repeat(5_000));
    for text in [table, statements] {
        let report = on_big_stack(move || lint(&text, &[Target::Chirpstack]));
        assert!(report.diagnostics.is_empty(), "{report:#?}");
    }
}

#[test]
fn positions_are_characters_on_lines_as_editors_count_them() {
    // CRLF line endings and CJK characters before the finding.
    let text = "// 温度传感器\r\nvar 名 = '温度'; var f = (x) => x;\r\nfunction decodeUplink(input) { return {data: {t: f(1)}}; }\r\n";
    let report = lint(text, &[Target::Ts013]);
    assert_found("crlf", &report, &[("TK8001", 2, 23, &["ts013"])]);
    let d = &report.diagnostics[0].diagnostic;
    let (start, end) = d.span.expect("span");
    assert_eq!(&text[start..end], "(x) => x");
    let range = d.range.expect("range");
    assert_eq!((range.start, range.end), (text[..start].chars().count(), text[..end].chars().count()));

    // Every finding of every fixture: its span is text, and its line, column and range agree.
    let mut files: Vec<_> = ["pass", "findings"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(common::root().join("tests/fixtures/lint").join(dir)).expect("dir").map(|e| e.expect("entry").path()))
        .collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("read");
        for target in [&[][..], Target::ALL] {
            for f in lint(&text, target).diagnostics {
                let d = f.diagnostic;
                let (start, end) = d.span.expect("span");
                assert!(text.get(start..end).is_some(), "{}: {d:?}", path.display());
                let before = &text[..start];
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                assert_eq!((d.line, d.column), (line, column), "{}: {d:?}", path.display());
                let range = d.range.expect("range");
                assert_eq!((range.start, range.end), (before.chars().count(), text[..end].chars().count()));
                assert!(d.help.is_some_and(|h| h.contains("affects ")), "{}: the help names the targets", path.display());
                assert!(!f.targets.is_empty());
            }
        }
    }
}

#[test]
fn the_report_serialises_as_the_json_shape() {
    let report = lint(&fixture("findings/huawei-arrow.js"), &[]);
    let value = serde_json::to_value(&report).expect("JSON");
    let mut keys: Vec<&str> = value.as_object().expect("object").keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["diagnostics", "targets", "targetsFrom", "valid"]);
    assert_eq!(value["targets"], serde_json::json!(["huawei"]));
    assert_eq!(value["targetsFrom"], "entry-points");
    let first = &value["diagnostics"][0];
    let mut keys: Vec<&str> = first.as_object().expect("object").keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["code", "column", "help", "line", "message", "pointer", "range", "severity", "targets"]);
    assert_eq!(first["code"], "TK8001");
    assert_eq!(first["targets"], serde_json::json!(["huawei"]));
    let back: Report = serde_json::from_value(value).expect("reads back");
    assert_eq!(back.diagnostics[0].diagnostic.code, report.diagnostics[0].diagnostic.code);
}

#[test]
fn literals_regular_expressions_and_keywords_the_tree_does_not_place() {
    let text = "function decodeUplink(input) {\n  var a = 0b1010 + 0o17 + 10n;\n  var s = \"\\u{1F600}\";\n  var r = /(?<year>\\d{4})/su;\n  try { a++; } catch { a--; }\n  function* g() { yield 1; }\n  async function f() { await 1; }\n  var o = { async m() {}, *n() {} };\n  class C { #p = 1; static { a = 1; } }\n  return { data: { a: a } };\n}\n";
    let es5: &[&str] = &["ts013"];
    assert_found(
        "more syntax",
        &lint(text, &[Target::Chirpstack, Target::Ts013]),
        &[
            ("TK8001", 2, 11, es5), // 0b1010
            ("TK8001", 2, 20, es5), // 0o17
            ("TK8001", 2, 27, es5), // 10n
            ("TK8001", 3, 11, es5), // "\u{1F600}"
            ("TK8001", 4, 11, es5), // a named group
            ("TK8001", 4, 11, es5), // flag s
            ("TK8001", 4, 11, es5), // flag u
            ("TK8001", 5, 16, es5), // `catch` without a binding
            ("TK8001", 6, 3, es5),  // `function*`
            ("TK8001", 7, 3, es5),  // `async function`
            ("TK8001", 7, 24, es5), // `await`
            ("TK8001", 8, 19, es5), // async method
            ("TK8001", 8, 28, es5), // generator method
            ("TK8001", 9, 3, es5),  // class
            ("TK8001", 9, 13, &["chirpstack", "ts013"]), // #p
            ("TK8001", 9, 21, &["chirpstack", "ts013"]), // static block
        ],
    );
}
