//! `thingkit serve` over HTTP on loopback, as clients script against it: every route answers in
//! the shape `host/openapi.json` gives (each response is checked against the document's schema),
//! hostile scripts are stopped within their limits while benign traffic goes on, memory stays
//! bounded, and the service shuts down cleanly.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root").to_path_buf()
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).expect("file in the repository")
}

/// A `thingkit serve` child process on a free loopback port; killed when dropped.
struct Server {
    child: Child,
    base: String,
    agent: ureq::Agent,
}

impl Server {
    fn start(extra: &[&str]) -> Server {
        Server::start_with_log(extra, Stdio::null())
    }

    fn start_with_log(extra: &[&str], stderr: Stdio) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_thingkit"))
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(extra)
            .env("RUST_LOG", "info")
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("thingkit serve starts");
        let stdout = child.stdout.take().expect("piped");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("the address line");
        let base = line.trim().strip_prefix("listening on ").unwrap_or_else(|| panic!("unexpected first line {line:?}")).to_string();
        // A request the service never answers fails the test rather than hanging it.
        let agent =
            ureq::Agent::config_builder().http_status_as_error(false).timeout_global(Some(Duration::from_secs(60))).build().into();
        Server { child, base, agent }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn send(&self, method: &str, path: &str, body: Option<&[u8]>) -> Reply {
        let url = self.url(path);
        let response = match (method, body) {
            ("GET", _) => self.agent.get(&url).call(),
            ("DELETE", _) => self.agent.delete(&url).call(),
            ("POST", Some(body)) => self.agent.post(&url).send(body),
            ("PUT", Some(body)) => self.agent.put(&url).send(body),
            ("PATCH", Some(body)) => self.agent.patch(&url).send(body),
            other => panic!("no such request {other:?}"),
        };
        let mut response = response.unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        let status = response.status().as_u16();
        let retry_after = response.headers().get("retry-after").and_then(|v| v.to_str().ok()).map(String::from);
        let mut text = String::new();
        response.body_mut().as_reader().read_to_string(&mut text).expect("a text body");
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{method} {path}: {e}: {text}"))
        };
        Reply { status, body, retry_after }
    }

    fn post(&self, path: &str, body: &str) -> Reply {
        self.send("POST", path, Some(body.as_bytes()))
    }

    fn post_json(&self, path: &str, body: &Value) -> Reply {
        self.post(path, &body.to_string())
    }

    fn put(&self, path: &str, body: &str) -> Reply {
        self.send("PUT", path, Some(body.as_bytes()))
    }

    fn put_json(&self, path: &str, body: &Value) -> Reply {
        self.put(path, &body.to_string())
    }

    fn get(&self, path: &str) -> Reply {
        self.send("GET", path, None)
    }

    fn register(&self, product: &str, source: &str) {
        let reply = self.put(&format!("/v1/scripts/{product}"), source);
        assert!(matches!(reply.status, 200 | 201), "{reply:?}");
    }

    /// The resident set of the server process, in KiB.
    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).expect("proc status");
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).expect("VmRSS");
        line.split_whitespace().nth(1).and_then(|n| n.parse().ok()).expect("a number")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    body: Value,
    retry_after: Option<String>,
}

impl Reply {
    fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or_default()
    }
}

/// The committed OpenAPI document, used as the contract every reply is checked against.
struct Contract {
    document: Value,
}

impl Contract {
    fn load() -> Contract {
        Contract { document: serde_json::from_str(&read("host/openapi.json")).expect("the OpenAPI document is JSON") }
    }

    /// Checks `reply` against the schema the document gives for `method` on `template` (a path
    /// as written in the document) and the reply's status. Panics when the document does not
    /// list the route, the status, or when the body does not fit.
    fn check(&self, method: &str, template: &str, reply: &Reply) {
        let operation = &self.document["paths"][template][method.to_ascii_lowercase()];
        assert!(operation.is_object(), "{method} {template} is not in the OpenAPI document");
        let status = reply.status.to_string();
        let response = &operation["responses"][&status];
        assert!(response.is_object(), "{method} {template}: status {status} is not documented: {:?}", reply.body);
        if response["content"].is_null() {
            assert!(reply.body.is_null(), "{method} {template} {status}: documented without a body: {:?}", reply.body);
            return;
        }
        let pointer = format!(
            "/paths/{}/{}/responses/{status}/content/application~1json/schema",
            template.replace('~', "~0").replace('/', "~1"),
            method.to_ascii_lowercase()
        );
        assert!(self.document.pointer(&pointer).is_some(), "no schema at {pointer}");
        // The document is the schema's root, so `#/components/...` references resolve.
        let mut schema = self.document.clone();
        schema["$ref"] = json!(format!("#{}", pointer.replace('{', "%7B").replace('}', "%7D")));
        let validator = jsonschema::draft202012::new(&schema).expect("the document's schemas compile");
        let errors: Vec<String> = validator.iter_errors(&reply.body).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{method} {template} {status}: {errors:?}\n{}", reply.body);
    }
}

const EXAMPLE_UPLINK: &str = "000000000100320100000000";
const SET_MESSAGE: &str = r#"{"method": "thing.service.property.set", "id": "12345", "version": "1.0", "params": {"prop_float": 123.452, "prop_int16": 333, "prop_bool": 1}}"#;

/// The code a single decode of empty bytes answers with (the example script throws on them).
fn threw_code(server: &Server) -> String {
    server.post_json("/v1/scripts/a1demo/decode", &json!({"hex": ""})).code().to_string()
}

fn example_decoded() -> Value {
    json!({"method": "thing.event.property.post", "id": "1", "params": {"prop_float": 0, "prop_int16": 50, "prop_bool": 1}, "version": "1.0"})
}

#[test]
fn every_route_answers_as_documented() {
    let server = Server::start(&[]);
    let contract = Contract::load();
    let tsl = read("examples/alink-example.tsl.json");

    // Health and the document itself.
    let health = server.get("/healthz");
    contract.check("GET", "/healthz", &health);
    assert_eq!((health.status, health.body["status"].as_str()), (200, Some("ok")));
    let served = server.get("/openapi.json");
    contract.check("GET", "/openapi.json", &served);
    assert_eq!(served.body, contract.document, "the service serves the committed document");

    // Models.
    let valid = server.post("/v1/models/validate", &tsl);
    contract.check("POST", "/v1/models/validate", &valid);
    assert_eq!((valid.status, &valid.body["kind"], &valid.body["valid"]), (200, &json!("tsl"), &json!(true)));
    let broken = server.post("/v1/models/validate", &read("tests/fixtures/invalid/broken.tsl.json"));
    contract.check("POST", "/v1/models/validate", &broken);
    assert_eq!((broken.status, &broken.body["valid"]), (200, &json!(false)));
    assert!(
        broken.body["diagnostics"].as_array().expect("list").iter().any(|d| d["code"] == "TK2002" && d["line"] == 1),
        "{:?}",
        broken.body
    );
    let latin1 = server.send("POST", "/v1/models/validate", Some(b"{\"profile\": \"\xe9\"}"));
    contract.check("POST", "/v1/models/validate", &latin1);
    assert_eq!(latin1.body["diagnostics"][0]["code"], "TK0002");
    assert_eq!(latin1.body["diagnostics"][0]["column"], 14);

    let converted = server.post("/v1/models/convert?to=thing-model-json", &tsl);
    contract.check("POST", "/v1/models/convert", &converted);
    assert_eq!(converted.status, 200, "{converted:?}");
    assert!(converted.body["document"]["properties"].is_array(), "{:?}", converted.body);
    // Another platform's model, with its fidelity report.
    let template = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/tencent-fire-safety.json")).expect("example");
    let to_huawei = server.post("/v1/models/convert?to=huawei", &template);
    contract.check("POST", "/v1/models/convert", &to_huawei);
    assert_eq!(to_huawei.status, 200, "{to_huawei:?}");
    assert_eq!(to_huawei.body["document"]["service_capabilities"][0]["properties"].as_array().map(Vec::len), Some(6));
    assert!(
        to_huawei.body["fidelity"].as_array().is_some_and(|f| f.iter().any(|e| e["outcome"] == "approximated")),
        "{:?}",
        to_huawei.body
    );
    let invalid = server.post("/v1/models/convert?to=tsl", r#"{"profile": {"productKey": "a1"}, "properties": [{"identifier": "time"}]}"#);
    contract.check("POST", "/v1/models/convert", &invalid);
    assert_eq!(invalid.status, 422);
    assert!(invalid.body["error"]["diagnostics"].as_array().expect("all diagnostics").iter().any(|d| d["code"] == "TK2002"));
    // Straight from the plugin's error record: the first error's code and place, every
    // diagnostic with its help.
    let first = &invalid.body["error"]["diagnostics"][0];
    assert_eq!((&json!(invalid.code()), &invalid.body["error"]["column"]), (&first["code"], &first["column"]), "{invalid:?}");
    assert!(invalid.body["error"]["diagnostics"].as_array().is_some_and(|d| d.iter().any(|d| d["help"].is_string())), "{invalid:?}");
    // A format is read as core's enum: an unknown one is the request's fault, naming those there are.
    let unknown = server.post("/v1/models/convert?to=yaml", &tsl);
    contract.check("POST", "/v1/models/convert", &unknown);
    assert_eq!((unknown.status, unknown.code()), (400, "TK6002"));
    let names = unknown.body["error"]["message"].as_str().unwrap_or_default();
    assert!(thingkit::Format::ALL.iter().all(|f| names.contains(&format!("`{f}`"))), "{names}");
    let told = server.post("/v1/models/convert?to=tsl&from=wot", &tsl);
    contract.check("POST", "/v1/models/convert", &told);
    assert_eq!(told.status, 422, "read as WoT, the TSL has errors: {told:?}");
    let no_target = server.post("/v1/models/convert", &tsl);
    contract.check("POST", "/v1/models/convert", &no_target);
    assert_eq!((no_target.status, no_target.code()), (400, "TK6002"));

    // Scripts: register, describe, decode, transform, encode.
    let created = server.put("/v1/scripts/a1demo", &read("examples/alink-example.js"));
    contract.check("PUT", "/v1/scripts/{product}", &created);
    assert_eq!(created.status, 201);
    assert_eq!(created.body["entryPoints"], json!(["rawDataToProtocol", "protocolToRawData", "transformPayload"]));
    let replaced = server.put("/v1/scripts/a1demo", &read("examples/alink-example.js"));
    contract.check("PUT", "/v1/scripts/{product}", &replaced);
    assert_eq!(replaced.status, 200);
    let broken_script = server.put("/v1/scripts/a1demo", "function rawDataToProtocol(b) {\n  return {;\n}");
    contract.check("PUT", "/v1/scripts/{product}", &broken_script);
    assert_eq!((broken_script.status, broken_script.code(), &broken_script.body["error"]["line"]), (422, "TK5001", &json!(2)));
    let useless = server.put("/v1/scripts/a1demo", "var x = 1;");
    contract.check("PUT", "/v1/scripts/{product}", &useless);
    assert_eq!((useless.status, useless.code()), (422, "TK5011"));
    let described = server.get("/v1/scripts/a1demo");
    contract.check("GET", "/v1/scripts/{product}", &described);
    assert_eq!(described.body["entryPoints"][0], "rawDataToProtocol", "a script that did not compile left the old one in place");

    let decoded = server.post_json("/v1/scripts/a1demo/decode", &json!({"hex": EXAMPLE_UPLINK}));
    contract.check("POST", "/v1/scripts/{product}/decode", &decoded);
    assert_eq!((decoded.status, &decoded.body), (200, &example_decoded()));
    let from_base64 = server.post_json("/v1/scripts/a1demo/decode", &json!({"base64": "AAAAAAEAMgEAAAAA"}));
    assert_eq!(from_base64.body, example_decoded());
    let transformed = server.post_json("/v1/scripts/a1demo/decode", &json!({"hex": "ff", "topic": "/a1/dev/user/update/error"}));
    contract.check("POST", "/v1/scripts/{product}/decode", &transformed);
    assert_eq!((transformed.status, &transformed.body["errorCode"]), (200, &json!(-1)));
    // A batch: one result per item, in order; bad bytes and a throwing payload fail alone.
    let items = json!({"items": [
        {"hex": EXAMPLE_UPLINK}, {"base64": "AAAAAAEAMgEAAAAA"}, {"hex": "0g"}, {"hex": ""},
        {"hex": "ff", "topic": "/a1/dev/user/update/error"}, {"hex": "00", "recvTime": "yesterday"}
    ]});
    let batch = server.post_json("/v1/scripts/a1demo/decode-batch", &items);
    contract.check("POST", "/v1/scripts/{product}/decode-batch", &batch);
    assert_eq!((batch.status, &batch.body["decoded"], &batch.body["failed"]), (200, &json!(3), &json!(3)), "{batch:?}");
    let results = &batch.body["results"];
    assert_eq!((&results[0]["result"], &results[1]["result"]), (&example_decoded(), &example_decoded()));
    assert_eq!(results[2]["error"]["code"], "TK5019");
    assert_eq!(results[3]["error"]["code"], threw_code(&server));
    assert_eq!(results[4]["result"]["errorCode"], -1);
    assert_eq!(results[5]["error"]["code"], "TK6002");
    let too_many = server.post_json("/v1/scripts/a1demo/decode-batch", &json!({"items": vec![json!({"hex": "00"}); 1001]}));
    contract.check("POST", "/v1/scripts/{product}/decode-batch", &too_many);
    assert_eq!((too_many.status, too_many.code(), &too_many.body["error"]["field"]), (400, "TK6002", &json!("items")));
    let nobody = server.post_json("/v1/scripts/nobody/decode-batch", &json!({"items": []}));
    contract.check("POST", "/v1/scripts/{product}/decode-batch", &nobody);
    assert_eq!(nobody.status, 404);
    let encoded = server.post("/v1/scripts/a1demo/encode", SET_MESSAGE);
    contract.check("POST", "/v1/scripts/{product}/encode", &encoded);
    assert_eq!((encoded.status, &encoded.body["hex"]), (200, &json!("0100003039014d0142f6e76d")));

    // Requests that are wrong, each with its code.
    for (body, code) in [
        (json!({"hex": "00", "base64": "AA=="}), "TK6002"),
        (json!({}), "TK6002"),
        (json!({"hex": "0g"}), "TK5019"),
        (json!({"hexx": "00"}), "TK6002"),
        (json!({"hex": "00", "fPort": 256}), "TK6002"),
    ] {
        let reply = server.post_json("/v1/scripts/a1demo/decode", &body);
        contract.check("POST", "/v1/scripts/{product}/decode", &reply);
        assert_eq!((reply.status, reply.code()), (400, code), "{body}");
    }
    let not_json = server.post("/v1/scripts/a1demo/decode", "{\"hex\": ");
    contract.check("POST", "/v1/scripts/{product}/decode", &not_json);
    assert_eq!((not_json.status, not_json.code(), &not_json.body["error"]["line"]), (400, "TK6002", &json!(1)));
    let threw = server.post_json("/v1/scripts/a1demo/decode", &json!({"hex": ""}));
    contract.check("POST", "/v1/scripts/{product}/decode", &threw);
    assert_eq!(threw.status, 422, "{threw:?}");
    let bad_message = server.post("/v1/scripts/a1demo/encode", "{\"method\": ");
    contract.check("POST", "/v1/scripts/{product}/encode", &bad_message);
    assert_eq!((bad_message.status, bad_message.code()), (400, "TK0001"));
    let no_message = server.post("/v1/scripts/a1demo/encode", "");
    contract.check("POST", "/v1/scripts/{product}/encode", &no_message);
    assert_eq!((no_message.status, no_message.code(), &no_message.body["error"]["column"]), (400, "TK0001", &json!(1)));
    let no_body = server.post("/v1/scripts/a1demo/decode", "");
    contract.check("POST", "/v1/scripts/{product}/decode", &no_body);
    assert_eq!((no_body.status, no_body.code(), &no_body.body["error"]["column"]), (400, "TK6002", &json!(1)));
    let bad_name = server.put("/v1/scripts/a%20b", "function Decoder(b) { return {}; }");
    contract.check("PUT", "/v1/scripts/{product}", &bad_name);
    assert_eq!((bad_name.status, bad_name.code()), (400, "TK6002"));
    let unknown_product = server.post_json("/v1/scripts/nobody/decode", &json!({"hex": "00"}));
    contract.check("POST", "/v1/scripts/{product}/decode", &unknown_product);
    assert_eq!((unknown_product.status, unknown_product.code()), (404, "TK6003"));
    let no_encoder = server.post("/v1/scripts/nobody/encode", "{}");
    contract.check("POST", "/v1/scripts/{product}/encode", &no_encoder);
    assert_eq!(no_encoder.status, 404);

    // Device data.
    let message =
        json!({"id": "1", "version": "1.0", "method": "thing.event.property.post", "params": {"prop_int16": "fifty", "prop_bool": 1}});
    let checked = server.post_json("/v1/data/check", &json!({"model": tsl, "message": message, "level": "strong"}));
    contract.check("POST", "/v1/data/check", &checked);
    assert_eq!(checked.status, 200, "{checked:?}");
    assert_eq!(checked.body["failures"][0]["identifier"], "prop_int16");
    assert_eq!(checked.body["passed"]["params"], json!({"prop_bool": 1}));
    let as_object = serde_json::from_str::<Value>(&tsl).expect("TSL");
    let weak = server.post_json("/v1/data/check", &json!({"model": [as_object], "message": message.to_string()}));
    contract.check("POST", "/v1/data/check", &weak);
    assert_eq!((weak.status, &weak.body["level"]), (200, &json!("weak")));
    let bad_level = server.post_json("/v1/data/check", &json!({"model": tsl, "message": message, "level": "loose"}));
    contract.check("POST", "/v1/data/check", &bad_level);
    assert_eq!((bad_level.status, bad_level.code()), (400, "TK6002"));
    let names = bad_level.body["error"]["message"].as_str().unwrap_or_default();
    assert!(thingkit::data::Level::ALL.iter().all(|l| names.contains(&format!("`{l}`"))), "{names}");
    let bad_model = server.post_json("/v1/data/check", &json!({"model": [tsl, "{\"profile\": "], "message": message}));
    contract.check("POST", "/v1/data/check", &bad_model);
    assert_eq!((bad_model.status, &bad_model.body["error"]["model"]), (422, &json!(1)), "{bad_model:?}");
    assert_eq!(bad_model.body["error"]["diagnostics"][0]["code"], "TK0001");
    assert_eq!((bad_model.code(), &bad_model.body["error"]["line"]), ("TK0001", &json!(1)), "{bad_model:?}");

    // Removal, and what is not a route.
    let deleted = server.send("DELETE", "/v1/scripts/a1demo", None);
    contract.check("DELETE", "/v1/scripts/{product}", &deleted);
    assert_eq!(deleted.status, 204);
    let gone = server.send("DELETE", "/v1/scripts/a1demo", None);
    contract.check("DELETE", "/v1/scripts/{product}", &gone);
    assert_eq!((gone.status, gone.code()), (404, "TK6003"));
    let nowhere = server.get("/v2/nothing");
    assert_eq!((nowhere.status, nowhere.code()), (404, "TK6006"));
    let wrong_method = server.send("PATCH", "/v1/models/validate", Some(b"{}"));
    assert_eq!((wrong_method.status, wrong_method.code()), (405, "TK6006"));
}

#[test]
fn bodies_past_the_limit_are_refused() {
    let server = Server::start(&["--max-body-bytes", "4096"]);
    let contract = Contract::load();
    let big = format!("{{\"profile\": {{\"productKey\": \"{}\"}}}}", "a".repeat(8192));
    let reply = server.post("/v1/models/validate", &big);
    contract.check("POST", "/v1/models/validate", &reply);
    assert_eq!((reply.status, reply.code()), (413, "TK6001"));
    assert_eq!(server.get("/healthz").status, 200);
}

/// A client that sends part of its body and stalls gets an error at the deadline, not a held
/// worker; the service goes on.
#[test]
fn a_stalled_body_ends_at_the_deadline() {
    use std::io::Write;
    let server = Server::start(&["--body-deadline-ms", "300"]);
    let address = server.base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address).expect("connects");
    stream.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
    let started = Instant::now();
    write!(stream, "POST /v1/models/validate HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{{\"profile\"").expect("writes");
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    let took = started.elapsed();
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.contains("\"TK6002\""), "{answer}");
    assert!(took >= Duration::from_millis(300) && took < Duration::from_secs(3), "{took:?}");
    assert_eq!(server.get("/healthz").status, 200);
}

/// Past the bound on waiting requests the service answers 503 at once instead of queueing.
#[test]
fn a_full_service_says_when_to_retry() {
    let server = Server::start(&["--workers", "1", "--max-pending", "1", "--call-ms", "400"]);
    let contract = Contract::load();
    server.register("spin", GETTER_LOOP);
    let mut refused = None;
    // A probe that happens to hold the one place when the spinning call arrives turns that call
    // away instead; then the round is tried again.
    for _round in 0..10 {
        let spun = std::thread::scope(|s| {
            let spinning = s.spawn(|| server.post_json("/v1/scripts/spin/decode", &json!({"hex": "00"})));
            std::thread::sleep(Duration::from_millis(50));
            while !spinning.is_finished() {
                let reply = server.post_json("/v1/scripts/spin/decode", &json!({"hex": "01"}));
                if reply.status == 503 {
                    refused.get_or_insert(reply);
                }
            }
            spinning.join().expect("joined")
        });
        if spun.status != 503 {
            assert_eq!(spun.code(), "TK5005", "{spun:?}");
            break;
        }
    }
    let refused = refused.expect("a request was refused while the only worker was busy");
    contract.check("POST", "/v1/scripts/{product}/decode", &refused);
    assert_eq!((refused.code(), refused.retry_after.as_deref()), ("TK6004", Some("1")));
    assert_eq!(server.post_json("/v1/scripts/spin/decode", &json!({"hex": "01"})).status, 200);
}

/// Answers `01` at once; on anything else loops inside a getter that a native built-in calls,
/// where boa's own limits do not reach: only the host's deadline stops it.
const GETTER_LOOP: &str = "function rawDataToProtocol(b) {
    if (b[0] === 1) return {method: 'm', params: {v: 1}};
    var o = {};
    Object.defineProperty(o, 'x', {get: function () { for (;;) { for (var i = 0; i < 1000; i++) {} } }, enumerable: true});
    JSON.stringify(o);
}";
const INFINITE_LOOP: &str = "function rawDataToProtocol(b) { for (;;) {} }";
const MEMORY_BOMB: &str = "function rawDataToProtocol(b) { var kept = []; for (;;) kept.push(new Uint8Array(1 << 20)); }";
const DEEP_RECURSION: &str = "function f(n) { return f(n + 1) + 1; } function rawDataToProtocol(b) { return f(0); }";

/// Hostile scripts sent while benign traffic runs: each is stopped within its limit plus a margin
/// with its own code, every benign request succeeds, and over 10,000 calls the process's memory
/// stays bounded.
#[test]
fn hostile_scripts_under_benign_load() {
    const CALLS: usize = 10_000;
    const HOSTILE_ROUNDS: usize = 15;
    // The deadline (100 ms) plus compiling a fresh instance and waiting for a worker.
    let bound = Duration::from_millis(100 + 500);
    let server = Server::start(&[]);
    server.register("benign", &read("examples/alink-example.js"));
    server.register("loop", INFINITE_LOOP);
    server.register("bomb", MEMORY_BOMB);
    server.register("deep", DEEP_RECURSION);
    server.register("getter", GETTER_LOOP);

    let done = AtomicUsize::new(0);
    let hostile_over = AtomicBool::new(false);
    let mut warm_rss = 0;
    let mut peak_rss = 0;
    let mut slowest = Duration::ZERO;
    std::thread::scope(|s| {
        let benign = || {
            let mut mine = 0;
            while done.load(Ordering::Relaxed) < CALLS || !hostile_over.load(Ordering::Relaxed) {
                let reply = server.post_json("/v1/scripts/benign/decode", &json!({"hex": EXAMPLE_UPLINK}));
                assert_eq!((reply.status, &reply.body), (200, &example_decoded()), "a benign request failed");
                done.fetch_add(1, Ordering::Relaxed);
                mine += 1;
            }
            mine
        };
        let workers: Vec<_> = (0..2).map(|_| s.spawn(benign)).collect();
        // Whatever happens below (an assertion that fails included), the benign traffic stops,
        // so that a failure is reported rather than the scope waiting for ever.
        struct Over<'a>(&'a AtomicBool);
        impl Drop for Over<'_> {
            fn drop(&mut self) {
                self.0.store(true, Ordering::Relaxed);
            }
        }
        let over = Over(&hostile_over);

        for round in 0..HOSTILE_ROUNDS {
            for (product, codes) in
                [("loop", &["TK5005", "TK5006", "TK5008"][..]), ("bomb", &["TK5009"]), ("deep", &["TK5007"]), ("getter", &["TK5005"])]
            {
                let started = Instant::now();
                let reply = server.post_json(&format!("/v1/scripts/{product}/decode"), &json!({"hex": "00"}));
                let took = started.elapsed();
                assert_eq!(reply.status, 422, "{product}: {reply:?}");
                assert!(codes.contains(&reply.code()), "{product}: {reply:?}");
                assert!(took < bound, "{product} took {took:?} (round {round})");
                slowest = slowest.max(took);
            }
            if round == 2 {
                warm_rss = server.rss_kib();
            }
            peak_rss = peak_rss.max(server.rss_kib());
        }
        drop(over);
        let benign_calls: usize = workers.into_iter().map(|w| w.join().expect("benign traffic")).sum();
        assert!(benign_calls >= CALLS, "{benign_calls}");
    });
    let end_rss = server.rss_kib();
    peak_rss = peak_rss.max(end_rss);
    eprintln!("slowest hostile call {slowest:?}; RSS warm {warm_rss} KiB, end {end_rss} KiB, peak {peak_rss} KiB");
    // Instances that trapped are dropped with their memory; ready ones are bounded in number.
    assert!(end_rss < warm_rss + 64 * 1024, "memory grew from {warm_rss} KiB to {end_rss} KiB");
    assert!(peak_rss < 1024 * 1024, "peak RSS {peak_rss} KiB");
    assert_eq!(server.get("/healthz").status, 200);
}

#[test]
fn logs_are_json_lines_and_sigterm_stops_the_service_cleanly() {
    let mut server = Server::start_with_log(&["--log-format", "json"], Stdio::piped());
    assert_eq!(server.get("/healthz").status, 200);
    let status = Command::new("kill").args(["-TERM", &server.pid().to_string()]).status().expect("kill runs");
    assert!(status.success());
    let started = Instant::now();
    let exit = loop {
        if let Some(exit) = server.child.try_wait().expect("waits") {
            break exit;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "still running 10 s after SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(exit.success(), "{exit:?}");
    let mut log = String::new();
    server.child.stderr.take().expect("piped").read_to_string(&mut log).expect("log");
    let lines: Vec<Value> = log.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect();
    let messages: Vec<&str> = lines.iter().filter_map(|l| l["fields"]["message"].as_str()).collect();
    assert!(messages.contains(&"serving"), "{messages:?}");
    assert!(lines.iter().any(|l| l["span"]["uri"] == "/healthz"), "requests are logged in spans: {log}");
    assert!(messages.iter().any(|m| m.starts_with("shutting down")), "{messages:?}");
    assert_eq!(messages.last(), Some(&"stopped"));
}

/// The leak suite (`tests/fixtures/isolation`) through the service: each product's codec
/// instance is reused across messages, and no message sees what an earlier one planted.
#[test]
fn scripts_keep_nothing_between_messages() {
    let server = Server::start(&[]);
    let dir = root().join("tests/fixtures/isolation");
    let mut scripts: Vec<_> = std::fs::read_dir(&dir).expect("fixtures").map(|e| e.expect("entry").path()).collect();
    scripts.sort();
    for (i, path) in scripts.iter().enumerate() {
        let product = format!("leak{i}");
        server.register(&product, &std::fs::read_to_string(path).expect("script"));
        for _ in 0..4 {
            let reply = server.post_json(&format!("/v1/scripts/{product}/decode"), &json!({"hex": "01"}));
            assert_eq!((reply.status, &reply.body), (200, &json!({"data": {"seen": 0}})), "{}", path.display());
        }
    }
}

/// The TS013 interface over HTTP: recvTime, variables, the whole result, logs, the downlink
/// decoder, and encodeDownlink's whole input with its fPort and warnings.
#[test]
fn lorawan_codecs_over_http() {
    let server = Server::start(&[]);
    let contract = Contract::load();
    let (decode, encode) = ("/v1/scripts/{product}/decode", "/v1/scripts/{product}/encode");
    server.register(
        "lora",
        "function decodeUplink(input) { console.log('port', input.fPort);
           return {data: {at: input.recvTime.toISOString(), unit: input.variables.unit, none: undefined}, warnings: ['w']}; }
         function decodeDownlink(input) { return {data: {level: input.bytes[0]}}; }
         function normalizeUplink(input) { return {data: {wind: {direction: 360}}}; }
         function encodeDownlink(input) { return {bytes: input.command === 'none' ? [] : [input.data.level], fPort: 4, warnings: ['x']}; }",
    );
    let body = json!({"hex": "01", "fPort": 3, "recvTime": "2023-11-14T22:13:20Z", "variables": {"unit": "mm"}, "logs": true});
    let reply = server.post_json("/v1/scripts/lora/decode", &body);
    assert_eq!(reply.status, 200, "{reply:?}");
    contract.check("POST", decode, &reply);
    assert_eq!(
        reply.body,
        json!({"result": {"data": {"at": "2023-11-14T22:13:20.000Z", "unit": "mm", "none": null}, "warnings": ["w"]},
               "logs": [{"level": "log", "message": "port 3"}]})
    );
    let reply = server.post_json("/v1/scripts/lora/decode", &json!({"hex": "09", "downlink": true}));
    assert_eq!((reply.status, &reply.body), (200, &json!({"data": {"level": 9}})));
    let reply = server.post_json("/v1/scripts/lora/decode", &json!({"hex": "01", "recvTime": 0, "normalize": true}));
    contract.check("POST", decode, &reply);
    assert_eq!(
        (reply.status, &reply.body["normalizedPayload"], &reply.body["normalizedPayloadWarnings"]),
        (200, &json!([{"wind": {"direction": 360}}]), &json!(["measurement 0: field wind.direction: 360 ° is at or above the maximum of 360"]))
    );
    let reply = server.post("/v1/scripts/lora/encode", r#"{"level": 7}"#);
    contract.check("POST", encode, &reply);
    assert_eq!((reply.status, &reply.body), (200, &json!({"hex": "07", "base64": "Bw==", "fPort": 4, "warnings": ["x"]})));
    let reply = server.post("/v1/scripts/lora/encode?whole=true&logs=true", r#"{"command": "none", "data": {}}"#);
    contract.check("POST", encode, &reply);
    assert_eq!((reply.status, &reply.body), (200, &json!({"hex": "", "base64": "", "fPort": 4, "warnings": ["x"], "logs": []})));
    let reply = server.post_json("/v1/scripts/lora/decode", &json!({"hex": "01", "recvTime": "yesterday"}));
    assert_eq!((reply.status, reply.body["error"]["code"].as_str()), (400, Some("TK6002")), "{reply:?}");
    contract.check("POST", decode, &reply);
}

/// Test vectors run on a registered script, as `thingkit test` runs them, each reply as documented.
#[test]
fn test_vectors_run_on_a_registered_script() {
    let server = Server::start(&[]);
    let contract = Contract::load();
    let route = "/v1/scripts/{product}/test";
    server.register("th", &read("tests/fixtures/vectors/ts013/th-sensor/index.js"));
    let mut examples: Value = serde_json::from_str(&read("tests/fixtures/vectors/ts013/th-sensor/examples.json")).expect("JSON");
    let reply = server.post_json("/v1/scripts/th/test", &examples);
    contract.check("POST", route, &reply);
    assert_eq!((reply.status, &reply.body["passed"], &reply.body["failed"]), (200, &json!(12), &json!(0)), "{reply:?}");
    examples[1]["output"]["data"]["temperature"] = json!(-10.5);
    let reply = server.post_json("/v1/scripts/th/test?filter=Frost", &examples);
    contract.check("POST", route, &reply);
    assert_eq!((&reply.body["passed"], &reply.body["failed"]), (&json!(0), &json!(1)));
    assert_eq!(reply.body["vectors"][0]["differences"], json!([{"pointer": "/data/temperature", "expected": -10.5, "actual": -10}]));
    let reply = server.post_json("/v1/scripts/th/test", &json!({"not": "vectors"}));
    contract.check("POST", route, &reply);
    assert_eq!((reply.status, reply.body["error"]["code"].as_str()), (422, Some("TK7001")), "{reply:?}");
    let reply = server.post_json("/v1/scripts/nobody/test", &examples);
    assert_eq!(reply.status, 404);
    // Each vector has a call's time: twenty vectors of some milliseconds each run past one
    // call's 100 ms. (`Date` is fixed in a test run: the work is counted, not timed.)
    server.register("slow", "function decodeUplink(i) { var s = 0; for (var k = 0; k < 200000; k++) { s += k; } return {data: {}}; }");
    let slow: Vec<Value> = (0..20).map(|i| json!({"type": "uplink", "description": format!("v{i}"), "input": {"bytes": [], "fPort": 1}, "output": {"data": {}}})).collect();
    let reply = server.post_json("/v1/scripts/slow/test", &json!(slow));
    assert_eq!((reply.status, &reply.body["passed"]), (200, &json!(20)), "{reply:?}");
}

/// A product's thing model kept like its script: compiled once (PUT), described (GET), used for
/// many messages (POST …/check), replaced, refused when it has errors (the previous one stays),
/// and dropped (DELETE); each reply as documented.
#[test]
fn models_are_kept_per_product_and_check_messages() {
    let server = Server::start(&[]);
    let contract = Contract::load();
    let (item, check) = ("/v1/models/{product}", "/v1/models/{product}/check");
    let tsl = read("examples/alink-example.tsl.json");

    let created = server.put("/v1/models/a1demo", &tsl);
    contract.check("PUT", item, &created);
    assert_eq!((created.status, &created.body), (201, &json!({"product": "a1demo", "modules": 1})));
    // A list: the model and its custom modules, objects or texts, as /v1/data/check takes them.
    let module = r#"{"profile": {"productKey": "a1demo"}, "functionBlockId": "battery", "functionBlockName": "battery",
        "properties": [{"identifier": "level", "name": "level", "accessMode": "r", "required": false,
        "dataType": {"type": "int", "specs": {"min": "0", "max": "100", "step": "1"}}}]}"#;
    let replaced = server.put_json("/v1/models/a1demo", &json!([serde_json::from_str::<Value>(&tsl).expect("TSL"), module]));
    contract.check("PUT", item, &replaced);
    assert_eq!((replaced.status, &replaced.body["modules"]), (200, &json!(2)), "{replaced:?}");
    let described = server.get("/v1/models/a1demo");
    contract.check("GET", item, &described);
    assert_eq!((described.status, &described.body), (200, &json!({"product": "a1demo", "modules": 2})));
    assert_eq!(server.get("/healthz").body["models"], 1);

    let message = |value: Value| json!({"id": "1", "version": "1.0", "method": "thing.event.property.post", "params": value});
    for i in 0..50 {
        let reply = server.post_json(
            "/v1/models/a1demo/check",
            &json!({"message": message(json!({"prop_int16": i, "battery:level": 120})), "level": "strong"}),
        );
        contract.check("POST", check, &reply);
        assert_eq!(reply.status, 200, "{reply:?}");
        assert_eq!(reply.body["failures"].as_array().map(Vec::len), Some(1), "{reply:?}");
        assert_eq!(
            (&reply.body["failures"][0]["identifier"], &reply.body["passed"]["params"]),
            (&json!("battery:level"), &json!({"prop_int16": i}))
        );
    }
    // The message as text, and the default level (weak).
    let weak = server.post_json("/v1/models/a1demo/check", &json!({"message": message(json!({"prop_int16": "x"})).to_string()}));
    contract.check("POST", check, &weak);
    assert_eq!((weak.status, &weak.body["level"], &weak.body["failures"][0]["code"]), (200, &json!("weak"), &json!("TK4004")));

    // Wrong requests, each with its code.
    let bad_level = server.post_json("/v1/models/a1demo/check", &json!({"message": message(json!({})), "level": "loose"}));
    contract.check("POST", check, &bad_level);
    assert_eq!((bad_level.status, bad_level.code()), (400, "TK6002"));
    assert!(bad_level.body["error"]["message"].as_str().is_some_and(|m| m.contains("`strong`") && m.contains("`none`")), "{bad_level:?}");
    let not_json = server.post_json("/v1/models/a1demo/check", &json!({"message": "{\"id\": "}));
    contract.check("POST", check, &not_json);
    assert_eq!((not_json.status, not_json.code(), &not_json.body["error"]["field"]), (400, "TK6002", &json!("message")));
    let unknown = server.post_json("/v1/models/nobody/check", &json!({"message": message(json!({}))}));
    contract.check("POST", check, &unknown);
    assert_eq!((unknown.status, unknown.code()), (404, "TK6003"));
    let unknown = server.get("/v1/models/nobody");
    contract.check("GET", item, &unknown);
    assert_eq!((unknown.status, unknown.code()), (404, "TK6003"));
    let bad_name = server.put("/v1/models/a%20b", &tsl);
    contract.check("PUT", item, &bad_name);
    assert_eq!((bad_name.status, bad_name.code()), (400, "TK6002"));

    // A model with errors: 422 with all its diagnostics and which text it is; the old one stays.
    let broken = read("tests/fixtures/invalid/broken.tsl.json");
    let refused = server.put_json("/v1/models/a1demo", &json!([tsl, broken]));
    contract.check("PUT", item, &refused);
    assert_eq!((refused.status, refused.code(), &refused.body["error"]["model"]), (422, "TK2002", &json!(1)), "{refused:?}");
    assert!(refused.body["error"]["diagnostics"].as_array().is_some_and(|d| d.len() >= 4 && d[0]["help"].is_string()), "{refused:?}");
    let refused = server.put("/v1/models/a1demo", "{\"profile\": ");
    contract.check("PUT", item, &refused);
    assert_eq!((refused.status, refused.code(), &refused.body["error"]["column"]), (422, "TK0001", &json!(12)), "{refused:?}");
    assert_eq!(server.get("/v1/models/a1demo").body["modules"], 2, "the model that had errors left the old one in place");

    let deleted = server.send("DELETE", "/v1/models/a1demo", None);
    contract.check("DELETE", item, &deleted);
    assert_eq!(deleted.status, 204);
    let gone = server.send("DELETE", "/v1/models/a1demo", None);
    contract.check("DELETE", item, &gone);
    assert_eq!((gone.status, gone.code()), (404, "TK6003"));
    assert_eq!(server.post_json("/v1/models/a1demo/check", &json!({"message": message(json!({}))})).code(), "TK6003");
}

/// Past `--max-products` models the service answers 507, as for scripts.
#[test]
fn models_are_bounded_like_scripts() {
    let server = Server::start(&["--max-products", "1"]);
    let contract = Contract::load();
    let tsl = read("examples/alink-example.tsl.json");
    assert_eq!(server.put("/v1/models/one", &tsl).status, 201);
    assert_eq!(server.put("/v1/models/one", &tsl).status, 200, "replacing is not adding");
    let full = server.put("/v1/models/two", &tsl);
    contract.check("PUT", "/v1/models/{product}", &full);
    assert_eq!((full.status, full.code()), (507, "TK6005"));
}

/// `host/openapi.json` is what the service generates from its types and serves; with
/// `THINGKIT_BLESS=1` this rewrites it.
#[test]
fn the_openapi_document_is_generated_and_fresh() {
    let server = Server::start(&[]);
    let mut response = server.agent.get(&server.url("/openapi.json")).call().expect("GET /openapi.json");
    assert_eq!(response.status().as_u16(), 200);
    let mut served = String::new();
    response.body_mut().as_reader().read_to_string(&mut served).expect("text");
    let path = root().join("host/openapi.json");
    if std::env::var_os("THINGKIT_BLESS").is_some() {
        std::fs::write(&path, &served).expect("write");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(committed == served, "`host/openapi.json` is stale: run `THINGKIT_BLESS=1 cargo test -p thingkit-host --test serve openapi`");
    let document: Value = serde_json::from_str(&served).expect("JSON");
    assert!(jsonschema::draft202012::new(&json!({"$ref": "#/components/schemas/Error", "components": document["components"]})).is_ok());
    // The enumerations come from core's types, not from a list kept here.
    let schemas = &document["components"]["schemas"];
    let formats: Vec<&str> = schemas["Format"]["oneOf"].as_array().expect("Format").iter().filter_map(|v| v["const"].as_str()).collect();
    assert_eq!(formats, thingkit::Format::ALL.iter().map(|f| f.as_str()).collect::<Vec<_>>());
    let levels: Vec<&str> = schemas["Level"]["oneOf"].as_array().expect("Level").iter().filter_map(|v| v["const"].as_str()).collect();
    assert_eq!(levels, thingkit::data::Level::ALL.iter().map(|l| l.as_str()).collect::<Vec<_>>());
    assert!(schemas["Diagnostic"]["properties"]["help"].is_object() && schemas["Diagnostic"]["properties"]["range"].is_object());
    for path in ["/v1/models/{product}", "/v1/models/{product}/check"] {
        assert!(document["paths"][path].is_object(), "{path}");
    }
}
