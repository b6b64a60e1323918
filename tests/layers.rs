//! Issue 12.1: the modules form layers, dependencies pointing one way. Every `crate::<module>`
//! reference in code (doc comments do not count) is an edge; the graph must have no cycle, and
//! the solver adapter must stay a leaf that knows only the rule names and the error type.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Top-level module → the top-level modules its code names.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        let rel = f.strip_prefix(&src).unwrap();
        let module = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        // Unit-test files (`*_tests.rs`) may reach across layers, as integration tests do.
        if module == "lib" || rel.to_string_lossy().ends_with("_tests.rs") {
            continue;
        }
        let deps = g.entry(module.clone()).or_default();
        for line in std::fs::read_to_string(&f).unwrap().lines() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            let mut rest = code;
            while let Some(i) = rest.find("crate::") {
                rest = &rest[i + "crate::".len()..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                if !name.is_empty() && name != module {
                    deps.insert(name);
                }
            }
        }
    }
    g
}

/// A cycle through `node`, if any (depth-first search).
fn cycle(
    g: &BTreeMap<String, BTreeSet<String>>,
    node: &str,
    path: &mut Vec<String>,
    done: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    if let Some(i) = path.iter().position(|p| p == node) {
        let mut c = path[i..].to_vec();
        c.push(node.to_string());
        return Some(c);
    }
    if done.contains(node) {
        return None;
    }
    path.push(node.to_string());
    for d in g.get(node).into_iter().flatten() {
        if let Some(c) = cycle(g, d, path, done) {
            return Some(c);
        }
    }
    path.pop();
    done.insert(node.to_string());
    None
}

#[test]
fn can_order_the_modules_in_layers_without_cycles() {
    let g = graph();
    assert!(g.len() >= 15, "only {} modules found", g.len());
    let mut done = BTreeSet::new();
    for node in g.keys() {
        if let Some(c) = cycle(&g, node, &mut Vec::new(), &mut done) {
            panic!("import cycle: {}", c.join(" → "));
        }
    }
}

#[test]
fn can_keep_the_solver_adapter_a_leaf() {
    let g = graph();
    let allowed: BTreeSet<String> = ["rule", "error"].iter().map(|s| s.to_string()).collect();
    let solver = g.get("solver").expect("a solver module");
    assert!(
        solver.is_subset(&allowed),
        "solver depends on {solver:?}, only {allowed:?} allowed"
    );
    for low in ["error", "rule", "calendar", "num", "scenario"] {
        assert!(
            g.get(low)
                .is_none_or(|d| !d.contains("solver") && !d.contains("solve")),
            "{low} must not depend on the solver"
        );
    }
    assert!(
        g.get("error").is_some_and(|d| d.is_empty()),
        "error is the lowest layer: {:?}",
        g.get("error")
    );
}
