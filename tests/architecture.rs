//! The module graph, read from the source: dependencies point down, and there is no cycle,
//! neither between the top-level modules nor between the files inside one.
//!
//! Every `crate::…` path in a file of `src/` (in `use` lines, braces included, and inline) is an
//! edge from the file's top-level module to the module it names; inside a folder (`src/app/`),
//! a `crate::app::x` or `super::x` naming a sibling file is an edge between the two files.
//! Comments and `#[cfg(test)]` modules are not read.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

/// The modules that hold the model and the engine: none of them may reach the screens.
const BELOW_THE_APP: [&str; 14] = [
    "text",
    "article",
    "script",
    "date",
    "import",
    "bookmarks",
    "headings",
    "layout",
    "search",
    "sentence",
    "correct",
    "library",
    "keymap",
    "editor",
];
const SCREENS: [&str; 3] = ["app", "ui", "tui"];

type Graph = BTreeMap<String, BTreeSet<String>>;

#[test]
fn no_model_module_imports_the_screens() {
    let graph = module_graph();
    for module in BELOW_THE_APP {
        let deps = graph
            .get(module)
            .unwrap_or_else(|| panic!("no module {module}"));
        let upward: Vec<&String> = deps
            .iter()
            .filter(|d| SCREENS.contains(&d.as_str()))
            .collect();
        assert!(upward.is_empty(), "{module} imports {upward:?}");
    }
}

#[test]
fn the_module_graph_has_no_cycle() {
    let graph = module_graph();
    if let Some(cycle) = find_cycle(&graph) {
        panic!("import cycle: {}", cycle.join(" → "));
    }
}

#[test]
fn the_files_inside_each_folder_have_no_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut folders = 0;
    for entry in fs::read_dir(&src).expect("src") {
        let folder = entry.expect("an entry").path();
        if folder.is_dir() {
            let graph = sibling_graph(&folder);
            if let Some(cycle) = find_cycle(&graph) {
                panic!(
                    "import cycle in {}: {}",
                    folder.display(),
                    cycle.join(" → ")
                );
            }
            folders += 1;
        }
    }
    assert!(folders >= 4, "app, ui, import, text… were read");
}

#[test]
fn sibling_paths_are_read_from_crate_and_super_paths() {
    let source = "use crate::app::{Action, bookmarks, list::ListView};\nuse super::reader;\n\
                  fn f() { super::headings::open(); crate::app::areas::reader(); }\n";
    let siblings = [
        "bookmarks",
        "list",
        "reader",
        "headings",
        "areas",
        "overlay",
    ];
    let mut names = sibling_paths(source, "app", &siblings);
    names.sort();
    assert_eq!(names, ["areas", "bookmarks", "headings", "list", "reader"]);
}

/// Sibling file → the siblings it names, for the `.rs` files of one folder of `src/`.
fn sibling_graph(folder: &Path) -> Graph {
    let module = folder.file_name().and_then(|n| n.to_str()).expect("a name");
    let files: Vec<_> = fs::read_dir(folder)
        .expect("readable folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    let names: Vec<String> = files
        .iter()
        .filter_map(|p| p.file_stem()?.to_str().map(str::to_owned))
        .filter(|n| n != "mod")
        .collect();
    let siblings: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut graph = Graph::new();
    for file in &files {
        let name = file.file_stem().and_then(|n| n.to_str()).expect("a name");
        if name == "mod" {
            continue;
        }
        let source = fs::read_to_string(file).expect("readable source");
        let deps = graph.entry(name.to_owned()).or_default();
        deps.extend(
            sibling_paths(&source, module, &siblings)
                .into_iter()
                .filter(|d| d != name),
        );
    }
    graph
}

/// The siblings a file of folder `module` names through `crate::module::…` or `super::…`.
fn sibling_paths(source: &str, module: &str, siblings: &[&str]) -> Vec<String> {
    let code = without_comments(source);
    let mut names = Vec::new();
    for prefix in [format!("crate::{module}::"), "super::".to_owned()] {
        for (at, _) in code.match_indices(&prefix) {
            let rest = &code[at + prefix.len()..];
            match rest.strip_prefix('{') {
                Some(inner) => names.extend(braced_names(inner)),
                None => names.push(identifier(rest)),
            }
        }
    }
    names.retain(|n| siblings.contains(&n.as_str()));
    names.sort();
    names.dedup();
    names
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let graph: Graph = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]
        .into_iter()
        .fold(Graph::new(), |mut g, (from, to)| {
            g.entry(from.into()).or_default().insert(to.into());
            g
        });
    let cycle = find_cycle(&graph).expect("a → b → c → a");
    assert_eq!(cycle.first(), cycle.last());
    assert_eq!(cycle.len(), 4);
    let mut acyclic = graph;
    acyclic.get_mut("c").unwrap().remove("a");
    assert_eq!(find_cycle(&acyclic), None);
}

#[test]
fn paths_are_read_from_uses_braces_and_code() {
    let source = "use crate::app::{App, update};\nuse crate::{config, text::{self, wrap}};\n\
                  // crate::ui is only mentioned\nfn f() { crate::store::now(); }\n";
    let names: BTreeSet<String> = crate_paths(source).into_iter().collect();
    let want: BTreeSet<String> = ["app", "config", "text", "store"].map(String::from).into();
    assert_eq!(names, want);
}

/// Top-level module → the modules its files name.
fn module_graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph = Graph::new();
    let mut files = Vec::new();
    collect_rs(&src, &mut files);
    for file in files {
        let relative = file.strip_prefix(&src).expect("under src");
        let top = relative
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .expect("a name")
            .trim_end_matches(".rs")
            .to_owned();
        if top == "lib" || top == "main" {
            continue;
        }
        let source = fs::read_to_string(&file).expect("readable source");
        let deps = graph.entry(top.clone()).or_default();
        deps.extend(crate_paths(&source).into_iter().filter(|d| *d != top));
    }
    graph
}

fn collect_rs(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).expect("readable folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            collect_rs(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// The first name after every `crate::` in the code, and each name at the top of a `crate::{…}`.
fn crate_paths(source: &str) -> Vec<String> {
    let code = without_comments(source);
    let mut names = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(inner) = rest.strip_prefix('{') {
            names.extend(braced_names(inner));
        } else {
            names.push(identifier(rest));
        }
    }
    names.retain(|n| !n.is_empty() && n != "self");
    names
}

/// The code of a file as the graph reads it: comments left out, and its `#[cfg(test)]` module
/// (last in every file, and free to reach anything) too.
fn without_comments(source: &str) -> String {
    let code = source.split("#[cfg(test)]").next().unwrap_or(source);
    code.lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The names at the first level of a brace list (`a, b::{c, d}, e}` → a, b, e).
fn braced_names(inner: &str) -> Vec<String> {
    let mut names = vec![identifier(inner.trim_start())];
    let mut depth = 0;
    for (at, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => names.push(identifier(inner[at + 1..].trim_start())),
            _ => {}
        }
    }
    names
}

fn identifier(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// A cycle as the path that closes it (first = last), if the graph has one.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &Graph,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}
