//! Generators of thing models of every format, for the property tests: documents with what each
//! format allows and, in the sparse forms, what the other formats may not hold.

use proptest::prelude::*;
use serde_json::{Value, json};

/// A decimal number as text, with 0 to 2 fraction digits.
pub fn number_text() -> impl Strategy<Value = String> {
    (-1000i32..1000, 0u32..3).prop_map(|(n, scale)| match scale {
        0 => n.to_string(),
        s => format!("{}.{}", n / 10, (n.unsigned_abs() % 10).to_string().repeat(s as usize)),
    })
}

/// An identifier every format allows.
pub fn ident() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9_]{0,8}"
}

/// A Tencent data type TSL can hold exactly: no initial values, strings from length 0.
pub fn tencent_define(depth: u32) -> BoxedStrategy<Value> {
    let number = (prop_oneof![Just("int"), Just("float")], number_text(), 1u32..100, "[A-Za-z%]{0,3}").prop_map(|(ty, min, span, unit)| {
        let floor = min.parse::<f64>().unwrap_or(0.0).floor() as i64;
        let min = if ty == "int" { floor.to_string() } else { min };
        json!({"type": ty, "min": min, "max": (floor + i64::from(span)).to_string(), "step": "1", "unit": unit})
    });
    let leaf = prop_oneof![
        number,
        ("[a-z]{1,4}", "[a-z]{1,4}").prop_map(|(no, yes)| json!({"type": "bool", "mapping": {"0": no, "1": yes}})),
        (1u32..2048).prop_map(|max| json!({"type": "string", "min": "0", "max": max.to_string()})),
        proptest::collection::btree_map(0i32..50, "[a-z]{1,5}", 1..4).prop_map(
            |m| json!({"type": "enum", "mapping": m.into_iter().map(|(k, v)| (k.to_string(), json!(v))).collect::<serde_json::Map<_, _>>()})
        ),
        Just(json!({"type": "timestamp"})),
    ]
    .boxed();
    if depth == 0 {
        return leaf;
    }
    let members = proptest::collection::btree_map(ident(), (("[a-z]{1,6}"), tencent_define(0)), 1..4)
        .prop_map(|m| json!({"type": "struct", "specs": m.into_iter().map(|(id, (name, t))| json!({"id": id, "name": name, "dataType": t})).collect::<Vec<_>>()}));
    prop_oneof![3 => leaf, 1 => members].boxed()
}

/// A data template TSL can hold exactly (names aside): properties and events, no actions.
pub fn tencent_template() -> impl Strategy<Value = Value> {
    let property = (ident(), "[a-z]{1,8}", "[a-z ]{0,10}", prop_oneof![Just("r"), Just("rw")], any::<bool>(), tencent_define(1))
        .prop_map(|(id, name, desc, mode, required, define)| json!({"id": id, "name": name, "desc": desc, "mode": mode, "required": required, "define": define}));
    let param = (ident(), "[a-z]{1,8}", tencent_define(0)).prop_map(|(id, name, define)| json!({"id": id, "name": name, "define": define}));
    let event = (ident(), "[a-z]{1,8}", prop_oneof![Just("info"), Just("alert"), Just("fault")], proptest::collection::vec(param, 0..3))
        .prop_map(|(id, name, ty, params)| json!({"id": id, "name": name, "desc": "", "type": ty, "required": false, "params": params}));
    (proptest::collection::vec(property, 0..5), proptest::collection::vec(event, 0..3)).prop_map(|(properties, events)| {
        json!({"version": "1.0", "profile": {"ProductId": "P1"}, "properties": unique_ids(properties), "events": unique_ids(events), "actions": []})
    })
}

/// Drops the items whose `id` repeats (and every parameter list's repeats).
pub fn unique_ids(items: Vec<Value>) -> Vec<Value> {
    let mut seen = std::collections::HashSet::new();
    items
        .into_iter()
        .filter(|i| seen.insert(i["id"].clone()))
        .map(|mut i| {
            if let Some(params) = i.get_mut("params") {
                *params = Value::Array(unique_ids(params.as_array().cloned().unwrap_or_default()));
            }
            i
        })
        .collect()
}

/// A Huawei data type and its fields, as TSL can hold them: int, decimal, string.
pub fn huawei_para_fields() -> impl Strategy<Value = Value> {
    prop_oneof![
        (-1000i32..1000, 1i32..1000, "[A-Za-z%]{0,3}").prop_map(|(min, span, unit)| json!({"data_type": "int", "min": min.to_string(), "max": (min + span).to_string(), "step": "1", "unit": unit})),
        (number_text(), 1i32..1000).prop_map(|(min, span)| {
            let max = (min.parse::<f64>().unwrap_or(0.0).floor() as i64 + i64::from(span)).to_string();
            json!({"data_type": "decimal", "min": min, "max": max, "step": "0.5"})
        }),
        (1u64..2048).prop_map(|len| json!({"data_type": "string", "max_length": len})),
    ]
}

/// A product model of one service whose properties and commands TSL can hold.
pub fn huawei_model() -> impl Strategy<Value = Value> {
    let property = (ident(), huawei_para_fields(), any::<bool>(), prop_oneof![Just("R"), Just("RW")], "[a-z ]{0,10}").prop_map(
        |(name, fields, required, method, description)| {
            let mut p = json!({"property_name": name, "required": required, "method": method});
            p.as_object_mut().expect("object").extend(fields.as_object().cloned().unwrap_or_default());
            if !description.is_empty() {
                p["description"] = json!(description);
            }
            p
        },
    );
    let para = (ident(), huawei_para_fields()).prop_map(|(name, fields)| {
        let mut p = json!({"para_name": name, "required": true});
        p.as_object_mut().expect("object").extend(fields.as_object().cloned().unwrap_or_default());
        p
    });
    let command = (ident(), proptest::collection::vec(para, 0..3))
        .prop_map(|(name, paras)| json!({"command_name": name, "paras": paras, "responses": []}));
    (proptest::collection::vec(property, 0..5), proptest::collection::vec(command, 0..3)).prop_map(|(properties, commands)| {
        let distinct = |items: Vec<Value>, key: &str| {
            let mut seen = std::collections::HashSet::new();
            items.into_iter().filter(|i| seen.insert(i[key].clone())).collect::<Vec<_>>()
        };
        let commands: Vec<Value> = distinct(commands, "command_name")
            .into_iter()
            .map(|mut c| {
                c["paras"] = Value::Array(distinct(c["paras"].as_array().cloned().unwrap_or_default(), "para_name"));
                c
            })
            .collect();
        json!({"product_id": "P1", "service_capabilities": [{"service_id": "default", "service_type": "default", "properties": distinct(properties, "property_name"), "commands": commands, "events": []}]})
    })
}

/// Takes out the optional bounds (`min`, `max`, `step`, `unit`, `start`, `max_length`) of a
/// template's or product model's data types, each where the next bit of `mask` says so.
pub fn drop_bounds(value: &mut Value, mask: &mut u64) {
    match value {
        Value::Object(map) => {
            if map.contains_key("type") || map.contains_key("data_type") {
                for key in ["min", "max", "step", "unit", "start", "max_length"] {
                    if map.contains_key(key) && *mask & 1 == 1 {
                        map.remove(key);
                    }
                    *mask = mask.rotate_right(1);
                }
            }
            map.values_mut().for_each(|v| drop_bounds(v, mask));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| drop_bounds(v, mask)),
        _ => {}
    }
}

/// A template whose data types may leave out their bounds, hold arrays, or start from a value.
pub fn sparse_tencent_template() -> impl Strategy<Value = Value> {
    let array = tencent_define(0).prop_map(|item| json!({"type": "array", "arrayInfo": item}));
    (tencent_template(), proptest::collection::vec(array, 0..2), any::<u64>(), -5i32..5).prop_map(
        |(mut template, arrays, mut mask, start)| {
            if let Some(properties) = template["properties"].as_array_mut() {
                for (i, define) in arrays.into_iter().enumerate() {
                    properties.push(json!({"id": format!("list_{i}"), "name": format!("list {i}"), "mode": "rw", "define": define}));
                }
                if let Some(first) = properties.first_mut().filter(|p| p["define"]["type"] == "int") {
                    first["define"]["start"] = json!(first["define"]["min"].as_str().map_or(start.to_string(), str::to_string));
                }
            }
            drop_bounds(&mut template, &mut mask);
            template
        },
    )
}

/// A product model with names Huawei allows and TSL does not, other types, and bounds left out.
pub fn sparse_huawei_model() -> impl Strategy<Value = Value> {
    let other = prop_oneof![
        Just(json!({"data_type": "long", "min": "-9007199254740991", "max": "9007199254740991", "step": "1"})),
        Just(json!({"data_type": "DateTime"})),
        Just(json!({"data_type": "jsonObject"})),
        (1u64..100).prop_map(|n| json!({"data_type": "string list", "max_length": n})),
        proptest::collection::btree_set("[a-z]{1,3}", 1..4).prop_map(|v| json!({"data_type": "string", "enum_list": v})),
    ];
    let property =
        ("[a-z][a-z0-9_-]{0,8}", other, prop_oneof![Just("R"), Just("W"), Just("RW"), Just("E")]).prop_map(|(name, fields, method)| {
            let mut p = json!({"property_name": name, "method": method, "default_value": 1});
            p.as_object_mut().expect("object").extend(fields.as_object().cloned().unwrap_or_default());
            p
        });
    (huawei_model(), proptest::collection::vec(property, 0..3), any::<u64>()).prop_map(|(mut model, extra, mut mask)| {
        if let Some(properties) = model["service_capabilities"][0]["properties"].as_array_mut() {
            let taken: Vec<Value> = properties.iter().map(|p| p["property_name"].clone()).collect();
            properties.extend(extra.into_iter().filter(|p| !taken.contains(&p["property_name"])));
        }
        drop_bounds(&mut model, &mut mask);
        model
    })
}

/// A WoT data schema of any type, with or without bounds, titles or labels.
pub fn wot_schema(depth: u32) -> BoxedStrategy<Value> {
    let bound = || proptest::option::of(-1000i64..1000);
    let leaf = prop_oneof![
        Just(json!({"type": "boolean"})),
        Just(json!({"type": "boolean", "oneOf": [{"const": false, "title": "off state"}, {"const": true, "title": "on"}]})),
        (prop_oneof![Just("integer"), Just("number")], bound(), proptest::option::of(1i64..50), proptest::option::of("[a-z%]{1,3}"))
            .prop_map(|(ty, min, span, unit)| {
                let mut s = json!({"type": ty});
                if let Some(min) = min {
                    s["minimum"] = json!(min);
                    if let Some(span) = span {
                        s["maximum"] = json!(min + span);
                    }
                }
                if let Some(unit) = unit {
                    s["unit"] = json!(unit);
                }
                s
            }),
        proptest::option::of(0u64..20000).prop_map(|n| n.map_or(json!({"type": "string"}), |n| json!({"type": "string", "maxLength": n}))),
        Just(json!({"type": "string", "format": "date-time"})),
        proptest::collection::btree_set("[a-z ]{1,4}", 1..4).prop_map(|v| json!({"type": "string", "enum": v})),
        proptest::collection::btree_set(-3i64..40, 1..4).prop_map(|v| json!({"type": "integer", "enum": v})),
    ]
    .boxed();
    if depth == 0 {
        return leaf;
    }
    let inner = wot_schema(depth - 1);
    prop_oneof![
        3 => leaf,
        1 => proptest::collection::btree_map("[a-zA-Z][a-zA-Z0-9_-]{0,6}", inner.clone(), 1..4).prop_map(|p| json!({"type": "object", "properties": p})),
        1 => (inner, proptest::option::of(0u64..1000)).prop_map(|(items, max)| {
            let mut s = json!({"type": "array", "items": items});
            if let Some(max) = max {
                s["maxItems"] = json!(max);
            }
            s
        }),
    ]
    .boxed()
}

/// A WoT Thing Model whose affordance keys and titles go beyond what the other formats allow.
pub fn wot_model() -> impl Strategy<Value = Value> {
    let key = || "[a-zA-Z_][a-zA-Z0-9_-]{0,10}|time|value|set";
    let title = || proptest::option::of("[a-zA-Z温度 .]{1,40}");
    let affordance = |schema: BoxedStrategy<Value>| {
        (schema, title()).prop_map(|(mut s, title)| {
            if let Some(title) = title {
                s["title"] = json!(title);
            }
            s
        })
    };
    let properties = proptest::collection::btree_map(key(), affordance(wot_schema(2)), 0..4);
    let actions = proptest::collection::btree_map(key(), (proptest::option::of(wot_schema(1)), proptest::option::of(wot_schema(1))), 0..3)
        .prop_map(|m| {
            m.into_iter()
                .map(|(k, (input, output))| {
                    let mut a = json!({});
                    if let Some(input) = input {
                        a["input"] = input;
                    }
                    if let Some(output) = output {
                        a["output"] = output;
                    }
                    (k, a)
                })
                .collect::<serde_json::Map<_, _>>()
        });
    let events = proptest::collection::btree_map(key(), wot_schema(1).prop_map(|data| json!({"data": data})), 0..3);
    (properties, actions, events).prop_map(|(properties, actions, events)| {
        json!({"@context": "https://www.w3.org/2022/wot/td/v1.1", "@type": "tm:ThingModel", "title": "T",
               "properties": properties, "actions": actions, "events": events})
    })
}

/// A source document of any format, with what its format allows and the others may not.
pub fn any_source() -> impl Strategy<Value = Value> {
    prop_oneof![sparse_tencent_template(), sparse_huawei_model(), wot_model()]
}

/// The next bit of `mask`: whether to add the next optional field.
fn bit(mask: &mut u64) -> bool {
    let on = *mask & 1 == 1;
    *mask = mask.rotate_right(1);
    on
}

/// A data template with what the sparse one leaves out, each where `mask` says so: a category,
/// descriptions of events and parameters, unit names, a `float`'s initial value, string enums,
/// an `int`'s value labels, and actions with input and output.
pub fn rich_tencent_template() -> impl Strategy<Value = Value> {
    let param =
        (ident(), "[a-z]{1,8}", tencent_define(0)).prop_map(|(id, name, define)| json!({"id": id, "name": name, "define": define})).boxed();
    let params = || proptest::collection::vec(param.clone(), 0..3).prop_map(unique_ids);
    let action = (ident(), "[a-z]{1,8}", "[a-z ]{0,10}", any::<bool>(), params(), params())
        .prop_map(|(id, name, desc, required, input, output)| json!({"id": id, "name": name, "desc": desc, "required": required, "input": input, "output": output}));
    let labelled = prop_oneof![
        proptest::collection::btree_map("[a-z]{1,3}", "[a-z]{1,4}", 1..4).prop_map(|m| json!({"type": "stringenum", "mapping": m})),
        proptest::collection::btree_map(0i32..5, "[a-z]{1,4}", 1..3).prop_map(|m| {
            let mapping: serde_json::Map<String, Value> = m.into_iter().map(|(k, v)| (k.to_string(), json!(v))).collect();
            json!({"type": "int", "min": "0", "max": "9", "step": "1", "mapping": mapping})
        }),
    ];
    (sparse_tencent_template(), proptest::collection::vec(action, 0..3), proptest::collection::vec(labelled, 0..2), any::<u64>()).prop_map(
        |(mut template, actions, labelled, mut mask)| {
            if bit(&mut mask) {
                template["profile"]["CategoryId"] = json!("10086");
            }
            if let Some(properties) = template["properties"].as_array_mut() {
                for (i, define) in labelled.into_iter().enumerate() {
                    properties.push(json!({"id": format!("labelled_{i}"), "name": format!("labelled {i}"), "mode": "r", "define": define}));
                }
            }
            template["actions"] = Value::Array(unique_ids(actions));
            decorate_tencent(&mut template, &mut mask);
            template
        },
    )
}

/// Adds descriptions to events and parameters, unit names to numbers and initial values to
/// `float`s, each where the next bit of `mask` says so.
fn decorate_tencent(value: &mut Value, mask: &mut u64) {
    match value {
        Value::Object(map) => {
            let ty = map.get("type").and_then(Value::as_str).unwrap_or_default().to_string();
            if (ty == "int" || ty == "float") && bit(mask) {
                map.insert("unitDesc".into(), json!("单位"));
            }
            if let Some(middle) = middle(map.get("min"), map.get("max")).filter(|_| ty == "float" && bit(mask)) {
                map.insert("start".into(), json!(middle.to_string()));
            }
            if map.contains_key("define") && map.contains_key("id") && !map.contains_key("mode") && bit(mask) {
                map.insert("desc".into(), json!("a parameter"));
            }
            if map.contains_key("params") && bit(mask) {
                map.insert("desc".into(), json!("an event"));
            }
            map.values_mut().for_each(|v| decorate_tencent(v, mask));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| decorate_tencent(v, mask)),
        _ => {}
    }
}

/// A product model with what the sparse one leaves out, each where `mask` says so: the
/// product's name, description, device type and manufacturer, a service's description and
/// option, parameters' descriptions and optional parameters, events, command responses, and a
/// second service.
pub fn rich_huawei_model() -> impl Strategy<Value = Value> {
    let para = (ident(), huawei_para_fields(), "[a-z ]{1,10}")
        .prop_map(|(name, fields, description)| {
            let mut p = json!({"para_name": name, "required": true, "description": description});
            p.as_object_mut().expect("object").extend(fields.as_object().cloned().unwrap_or_default());
            p
        })
        .boxed();
    let paras = || {
        proptest::collection::vec(para.clone(), 0..3).prop_map(|items| {
            let mut seen = std::collections::HashSet::new();
            items.into_iter().filter(|p| seen.insert(p["para_name"].clone())).collect::<Vec<_>>()
        })
    };
    let event = ("[a-z]{1,8}", paras()).prop_map(|(ty, paras)| json!({"event_type": ty, "paras": paras}));
    let response = ("[a-z]{1,8}", paras()).prop_map(|(name, paras)| json!({"response_name": name, "paras": paras}));
    let second = huawei_model().prop_map(|m| {
        let mut s = m["service_capabilities"][0].clone();
        s["service_id"] = json!("extra");
        s["service_type"] = json!("extra");
        s
    });
    (sparse_huawei_model(), proptest::collection::vec(event, 0..2), response, second, any::<u64>()).prop_map(
        |(mut model, events, response, second, mut mask)| {
            for (key, value) in [("name", "lamp"), ("description", "a lamp"), ("device_type", "Lamp"), ("manufacturer_name", "ACME")] {
                if bit(&mut mask) {
                    model[key] = json!(value);
                }
            }
            let service = &mut model["service_capabilities"][0];
            if bit(&mut mask) {
                service["description"] = json!("the lamp's service");
                service["option"] = json!("Mandatory");
            }
            let mut seen = std::collections::HashSet::new();
            service["events"] = Value::Array(events.into_iter().filter(|e| seen.insert(e["event_type"].clone())).collect());
            if let Some(first) = service["commands"].as_array_mut().and_then(|c| c.first_mut()) {
                first["responses"] = json!([response]);
            }
            for para in
                service["commands"].as_array_mut().into_iter().flatten().flat_map(|c| c["paras"].as_array_mut().into_iter().flatten())
            {
                if bit(&mut mask) {
                    para["required"] = json!(false);
                }
            }
            if bit(&mut mask) {
                model["service_capabilities"].as_array_mut().expect("services").push(second);
            }
            model
        },
    )
}

/// A Thing Model with what the plain one leaves out, each where `mask` says so: the model's
/// `id`, description and version, descriptions, multilingual titles, read-only and write-only
/// properties, optional affordances, synchronous and safe actions, titled inputs, outputs, data
/// and items, numbers' defaults, `multipleOf` and `exclusiveMaximum`, strings' `minLength` and
/// `pattern`, arrays' `minItems`, objects' `required` members.
pub fn rich_wot_model() -> impl Strategy<Value = Value> {
    (wot_model(), any::<u64>()).prop_map(|(mut model, mut mask)| {
        if bit(&mut mask) {
            model["id"] = json!("urn:dev:lamp");
        }
        if bit(&mut mask) {
            model["description"] = json!("a lamp");
        }
        if bit(&mut mask) {
            model["version"] = json!({"model": "2.1"});
        }
        let mut optional = Vec::new();
        for kind in ["properties", "actions", "events"] {
            for (name, affordance) in model[kind].as_object_mut().into_iter().flatten() {
                if bit(&mut mask) {
                    optional.push(json!(format!("/{kind}/{}", name.replace('~', "~0").replace('/', "~1"))));
                }
                if bit(&mut mask) {
                    affordance["description"] = json!(format!("the {name}"));
                }
                if bit(&mut mask) {
                    affordance["titles"] = json!({"en": name, "zh-Hans": "名称"});
                }
                match kind {
                    "properties" if bit(&mut mask) => affordance[if bit(&mut mask) { "readOnly" } else { "writeOnly" }] = json!(true),
                    "actions" if bit(&mut mask) => affordance["synchronous"] = json!(bit(&mut mask)),
                    "actions" if bit(&mut mask) => affordance["safe"] = json!(true),
                    _ => {}
                }
                for key in ["input", "output", "data"] {
                    if let Some(data) = affordance.get_mut(key).filter(|d| d.get("properties").is_some())
                        && bit(&mut mask)
                    {
                        data["title"] = json!(format!("the {key}"));
                    }
                }
                decorate_wot(affordance, &mut mask);
            }
        }
        if !optional.is_empty() {
            model["tm:optional"] = Value::Array(optional);
        }
        model
    })
}

/// The middle of two bounds (numbers or number text), when both are given: an initial value
/// that is neither bound, so that a test can tell it from them.
pub fn middle(min: Option<&Value>, max: Option<&Value>) -> Option<f64> {
    let number = |v: Option<&Value>| v.and_then(|v| v.as_f64().or_else(|| v.as_str()?.trim().parse().ok()));
    Some((number(min)? + number(max)?) / 2.0)
}

/// Adds to each data schema under `value` what [`rich_wot_model`] says.
fn decorate_wot(value: &mut Value, mask: &mut u64) {
    let Some(map) = value.as_object_mut() else { return };
    match map.get("type").and_then(Value::as_str).unwrap_or_default() {
        "integer" | "number" if !map.contains_key("enum") => {
            if let Some(middle) = middle(map.get("minimum"), map.get("maximum")).filter(|_| bit(mask)) {
                let integer = map.get("type").is_some_and(|t| t == "integer");
                map.insert("default".into(), if integer { json!(middle.floor() as i64) } else { json!(middle) });
            }
            if let Some(max) = map.get("maximum").and_then(Value::as_i64).filter(|_| bit(mask)) {
                map.insert("exclusiveMaximum".into(), json!(max + 7));
            }
            if map.get("type").is_some_and(|t| t == "integer") && bit(mask) {
                map.insert("multipleOf".into(), json!(1));
            }
        }
        "string" if !map.contains_key("enum") && !map.contains_key("format") => {
            if bit(mask) {
                let max = map.get("maxLength").and_then(Value::as_u64).unwrap_or(8);
                map.insert("minLength".into(), json!(max.min(3)));
            }
            if bit(mask) {
                map.insert("pattern".into(), json!("^[a-z]*$"));
            }
        }
        "array" => {
            if bit(mask) {
                let max = map.get("maxItems").and_then(Value::as_u64).unwrap_or(8);
                map.insert("minItems".into(), json!(max.min(5)));
            }
            if let Some(item) = map.get_mut("items").filter(|_| bit(mask)) {
                item["title"] = json!("an item");
            }
        }
        "object" => {
            let names: Vec<String> =
                map.get("properties").and_then(Value::as_object).into_iter().flatten().map(|(k, _)| k.clone()).collect();
            let required: Vec<Value> = names.iter().filter(|_| bit(mask)).map(|n| json!(n)).collect();
            if !required.is_empty() {
                map.insert("required".into(), Value::Array(required));
            }
            for member in map.get_mut("properties").and_then(Value::as_object_mut).into_iter().flatten().map(|(_, v)| v) {
                if bit(mask) {
                    member["description"] = json!("a member");
                }
            }
        }
        _ => {}
    }
    for key in ["properties", "items", "input", "output", "data"] {
        match map.get_mut(key) {
            Some(Value::Object(children)) if key == "properties" && map_is_members(children) => {
                children.values_mut().for_each(|v| decorate_wot(v, mask));
            }
            Some(child) if key != "properties" => decorate_wot(child, mask),
            _ => {}
        }
    }
}

/// Whether an object schema's `properties` holds member schemas (each an object).
fn map_is_members(children: &serde_json::Map<String, Value>) -> bool {
    children.values().all(Value::is_object)
}
