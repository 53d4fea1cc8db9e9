//! Repository hygiene checks, run as ordinary tests by `cargo test -p xtask`
//! (and so by `cargo xtask test`). Cheap on purpose: a few file reads.

use crate::project_root;
use std::path::{Path, PathBuf};

/// Source files past this are split into modules (style guide: no module
/// over 600 lines).
const MAX_LINES: usize = 600;

/// Every `.rs` file under the given root-relative directories.
fn rust_files(dirs: &[&str]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack: Vec<PathBuf> = dirs.iter().map(|d| project_root().join(d)).collect();
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if path.is_dir() && !matches!(name, "target" | "node_modules" | "dist") {
                stack.push(path);
            } else if name.ends_with(".rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

fn relative(path: &Path) -> String {
    path.strip_prefix(project_root())
        .unwrap_or(path)
        .display()
        .to_string()
}

#[test]
fn source_files_stay_small() {
    let too_long: Vec<String> = rust_files(&["src", "tests", "crates", "xtask"])
        .iter()
        .filter_map(|f| {
            let n = read(f).lines().count();
            (n > MAX_LINES).then(|| format!("{} ({n} lines)", relative(f)))
        })
        .collect();
    assert!(
        too_long.is_empty(),
        "split these into modules (max {MAX_LINES} lines): {too_long:?}"
    );
}

/// Style guide: tests either run and pass, or are deleted; a panic test says
/// nothing about *which* panic happened.
#[test]
fn no_ignored_or_should_panic_tests() {
    // Built from pieces so this file does not match itself.
    let banned = [concat!("#[", "ignore"), concat!("#[", "should_panic")];
    let offenders: Vec<String> = rust_files(&["src", "tests", "crates", "xtask"])
        .iter()
        .filter(|f| {
            let text = read(f);
            banned.iter().any(|b| text.contains(b))
        })
        .map(|f| relative(f))
        .collect();
    assert!(
        offenders.is_empty(),
        "remove the ignore/should_panic attributes from: {offenders:?}"
    );
}

#[test]
fn xtask_modules_have_docs() {
    let undocumented: Vec<String> = rust_files(&["xtask/src"])
        .iter()
        .filter(|f| !read(f).starts_with("//!"))
        .map(|f| relative(f))
        .collect();
    assert!(
        undocumented.is_empty(),
        "start these with a `//!` module doc: {undocumented:?}"
    );
}

#[test]
fn ci_runs_the_xtask_test() {
    let script = read(&project_root().join(".ci/run"));
    assert!(
        script.contains("cargo xtask test"),
        ".ci/run must run `cargo xtask test`"
    );
}

#[test]
fn readme_documents_both_commands() {
    let readme = read(&project_root().join("README.md"));
    for command in ["cargo xtask demo", "cargo xtask test"] {
        assert!(
            readme.contains(command),
            "README.md must explain `{command}`"
        );
    }
}
