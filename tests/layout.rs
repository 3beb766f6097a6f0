//! The core's modules import one another without cycles: each concept has one owner, and the
//! layers (format and model at the bottom; rules, interop, validate, convert above) only look
//! down. A `crate::x` path in a module's source is an edge to `x`.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The top-level module of a file under `core/src`.
fn module_of(rel: &Path) -> String {
    let first = rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned()).unwrap_or_default();
    first.trim_end_matches(".rs").to_string()
}

fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("core/src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn edges() -> BTreeMap<String, BTreeSet<String>> {
    let src = common::root().join("core/src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(f.strip_prefix(&src).expect("under src"))).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let from = module_of(file.strip_prefix(&src).expect("under src"));
        let text = std::fs::read_to_string(file).expect("source");
        for (at, _) in text.match_indices("crate::") {
            let name: String = text[at + 7..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if name != from && modules.contains(&name) && name != "lib" {
                graph.entry(from.clone()).or_default().insert(name);
            }
        }
    }
    graph
}

#[test]
fn core_modules_import_each_other_without_cycles() {
    let graph = edges();
    // Depth-first search for a back edge.
    fn visit(node: &str, graph: &BTreeMap<String, BTreeSet<String>>, path: &mut Vec<String>, done: &mut BTreeSet<String>) {
        if done.contains(node) {
            return;
        }
        if let Some(at) = path.iter().position(|p| p == node) {
            panic!("import cycle: {} -> {node}", path[at..].join(" -> "));
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            visit(next, graph, path, done);
        }
        path.pop();
        done.insert(node.to_string());
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        visit(node, &graph, &mut Vec::new(), &mut done);
    }
    assert!(graph["convert"].contains("validate") && graph["validate"].contains("rules"), "the graph is read: {graph:?}");
    // The leaves stay leaves.
    for leaf in ["diagnostic", "model"] {
        assert!(graph.get(leaf).is_none_or(BTreeSet::is_empty), "{leaf} imports {:?}", graph.get(leaf));
    }
    assert_eq!(graph.get("format").cloned().unwrap_or_default(), BTreeSet::from(["model".to_string()]));
}
