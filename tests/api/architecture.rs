//! The house rules of `src/`, checked from the source on every test run: no import cycle
//! between files; nothing below the HTTP edge imports it; a model imports neither the GraphQL
//! layer nor a store.
//!
//! A file's imports are the `crate::…` and `super::…` paths it names outside comments (in `use`
//! lines and inline alike), each resolved to the longest module path that is a file of `src/`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every `.rs` file under `src/` as its module path (`src/a/b.rs` and `src/a/b/mod.rs` →
/// `a::b`), with its text less comments.
fn modules() -> BTreeMap<String, String> {
    fn walk(dir: &Path, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).expect("src").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path
                    .strip_prefix("src")
                    .expect("under src")
                    .with_extension("");
                let mut parts: Vec<String> = relative
                    .iter()
                    .map(|p| p.to_string_lossy().into_owned())
                    .collect();
                if parts
                    .last()
                    .is_some_and(|p| p == "mod" || p == "lib" || p == "main")
                {
                    parts.pop();
                }
                let text = std::fs::read_to_string(&path).expect("read");
                let code: String = text
                    .lines()
                    .map(|line| line.split("//").next().unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join("\n");
                out.insert(parts.join("::"), code);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(Path::new("src"), &mut out);
    out
}

/// The modules `module` imports.
fn imports(module: &str, code: &str, all: &BTreeMap<String, String>) -> BTreeSet<String> {
    let parent = module.rsplit_once("::").map_or("", |(p, _)| p);
    let mut found = BTreeSet::new();
    for (prefix, base) in [("crate::", String::new()), ("super::", parent.to_owned())] {
        for (at, _) in code.match_indices(prefix) {
            let before = code[..at].chars().last();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let path: String = code[at + prefix.len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let mut segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
            while !segments.is_empty() {
                let candidate = if base.is_empty() {
                    segments.join("::")
                } else {
                    format!("{base}::{}", segments.join("::"))
                };
                if all.contains_key(&candidate) && candidate != module {
                    found.insert(candidate);
                    break;
                }
                segments.pop();
            }
        }
    }
    // A `mod.rs` declaring its children does not depend on them.
    found
        .retain(|m| !m.starts_with(&format!("{module}::")) || code.contains(&format!("use {}", m)));
    found
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let all = modules();
    all.iter()
        .map(|(module, code)| (module.clone(), imports(module, code, &all)))
        .collect()
}

#[test]
fn there_is_no_import_cycle_in_src() {
    let graph = graph();
    assert!(graph.len() > 100, "read the whole tree: {}", graph.len());
    // Depth-first search; a module met again while still on the path closes a cycle.
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        cycles: &mut Vec<String>,
    ) {
        if done.contains(node) {
            return;
        }
        if let Some(at) = path.iter().position(|p| p == node) {
            cycles.push(format!("{} -> {node}", path[at..].join(" -> ")));
            return;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            visit(next, graph, path, done, cycles);
        }
        path.pop();
        done.insert(node.to_owned());
    }
    let (mut done, mut cycles) = (BTreeSet::new(), Vec::new());
    for node in graph.keys() {
        visit(node, &graph, &mut Vec::new(), &mut done, &mut cycles);
    }
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn dependencies_point_down_from_the_edge_to_the_models() {
    let graph = graph();
    let mut wrong = Vec::new();
    for (module, imported) in &graph {
        for target in imported {
            let into_edge = target == "http" || target.starts_with("http::");
            let inside_edge = module == "http" || module.starts_with("http::");
            if into_edge && !inside_edge && module != "cli" && !module.is_empty() {
                wrong.push(format!("{module} imports the edge ({target})"));
            }
            let is_model = module.ends_with("::model") || module.ends_with("::milestone");
            let upward = target == "graphql"
                || target.starts_with("graphql::")
                || target.ends_with("::graphql")
                || target.ends_with("::store");
            if is_model && upward {
                wrong.push(format!("the model {module} imports {target}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // The check reads real imports: the edge's router does import the GraphQL layer.
    assert!(
        graph["http::state"].contains("graphql"),
        "{:?}",
        graph["http::state"]
    );
}
