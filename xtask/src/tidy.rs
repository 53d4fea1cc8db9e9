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

/// The code of a file before its `#[cfg(test)]` module (tests may name
/// anything), with one entry per line.
fn code_lines(text: &str) -> Vec<&str> {
    text.lines()
        .take_while(|line| !line.trim_start().starts_with("#[cfg(test)]"))
        .map(|line| line.split("//").next().unwrap_or_default())
        .collect()
}

/// House style: SQL only in stores. A query may appear only in a `store.rs`
/// file, a `store/` module, or `db/` (the pool, migrations and column helpers).
#[test]
fn sql_only_in_stores() {
    let root = project_root().join("crates/server/src");
    let outside: Vec<String> = rust_files(&["crates/server/src"])
        .iter()
        .filter(|file| {
            let path = file.strip_prefix(&root).unwrap_or(file);
            let in_store = path.file_name().is_some_and(|n| n == "store.rs")
                || path
                    .components()
                    .any(|c| matches!(c.as_os_str().to_str(), Some("store" | "db")));
            !in_store
                && code_lines(&read(file))
                    .iter()
                    .any(|line| line.contains("sqlx::query"))
        })
        .map(|file| relative(file))
        .collect();
    assert!(
        outside.is_empty(),
        "move these queries into the domain's store.rs: {outside:?}"
    );
}

/// Where a member role, plan tier or server role constant may be compared:
/// the capability table itself lives in `crates/wire`, so in the server only
/// files that *translate* or *report* a role, never decide a permission.
const DECISIONS_ALLOWED: &[(&str, &str)] = &[
    (
        "config.rs",
        "turns the --role flag into the table's ServerRole",
    ),
    (
        "lib.rs",
        "which routers and background tasks each role runs",
    ),
    ("meta.rs", "reports the role in /api/config"),
    (
        "admin.rs",
        "the seeding CLI: a seeded plan's self-host flag and expiry",
    ),
    (
        "licenses/issue.rs",
        "a license's feature flags by plan (what it contains)",
    ),
];

/// Whether a line decides something by comparing a role, tier or server
/// role with a constant: `==`/`!=`, `matches!`, an `A | B` alternative, a
/// match arm on one, or a `.tier()` comparison.
fn is_permission_decision(line: &str) -> bool {
    const NAMES: [&str; 4] = [
        "OrganizationUserType::",
        "ProductTier::",
        "Role::Cloud",
        "Role::SelfHosted",
    ];
    let names = |text: &str| NAMES.iter().any(|n| text.contains(n));
    let compares = ["==", "!=", "matches!(", " | "]
        .iter()
        .any(|op| line.contains(op));
    let arm = line
        .split_once("=>")
        .is_some_and(|(pattern, _)| names(pattern));
    (names(line) && compares) || arm || line.contains(".tier() ==") || line.contains(".tier() !=")
}

/// House style: who may do what lives in one capability table
/// (`crates/wire/src/capabilities.rs`); the server applies it in `policy.rs`.
#[test]
fn permission_decisions_only_in_the_capability_table() {
    let root = project_root().join("crates/server/src");
    let offenders: Vec<String> = rust_files(&["crates/server/src"])
        .iter()
        .filter(|f| {
            let path = f.strip_prefix(&root).unwrap_or(f).display().to_string();
            !DECISIONS_ALLOWED
                .iter()
                .any(|(allowed, _)| *allowed == path)
        })
        .flat_map(|f| {
            code_lines(&read(f))
                .into_iter()
                .enumerate()
                .filter(|(_, line)| is_permission_decision(line))
                .map(|(n, line)| format!("{}:{}: {}", relative(f), n + 1, line.trim()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "decide this with wire::capabilities (check/allows) instead: {offenders:#?}"
    );
}

#[test]
fn the_decision_rule_sees_comparisons_not_mappings() {
    assert!(is_permission_decision(
        "if role == OrganizationUserType::Owner {"
    ));
    assert!(is_permission_decision(
        "    ProductTier::Enterprise | ProductTier::Teams => Ok(()),"
    ));
    assert!(is_permission_decision(
        "if state.role != Role::SelfHosted {"
    ));
    assert!(is_permission_decision("let e = org.plan_type.tier() == x;"));
    assert!(!is_permission_decision(
        "    RoleChoice::Owner => OrganizationUserType::Owner,"
    ));
    assert!(!is_permission_decision(
        "product_tier_type: org.plan_type.tier(),"
    ));
}

/// House style: a `//!` doc on every module, in every crate.
#[test]
fn every_module_has_docs() {
    let undocumented: Vec<String> = rust_files(&["src", "tests", "crates", "xtask"])
        .iter()
        .filter(|f| !read(f).starts_with("//!"))
        .map(|f| relative(f))
        .collect();
    assert!(
        undocumented.is_empty(),
        "start these with a `//!` module doc: {undocumented:?}"
    );
}

/// Field names that hold no secret although they look like it, and why.
const NOT_SECRETS: &[(&str, &str)] = &[
    ("public_key", "a public key"),
    ("signed_public_key", "a public key with its signature"),
    ("continuation_token", "a page cursor"),
    ("token_type", "the name of a token kind"),
    ("token_type_hint", "the name of a token kind"),
    ("user_key_id", "a key's id"),
    ("contained_key_id", "a key's id"),
    (
        "master_password_hint",
        "a hint its owner chose to have shown",
    ),
    (
        "key_hash",
        "a SHA-256 of a random key, which cannot be turned back into it",
    ),
    // The license file's own JWT: its claims are the license terms the
    // customer holds anyway; it authenticates nothing.
    ("token", "crates/wire/src/licenses.rs"),
];

/// A struct field that holds a password, secret, token or key as plain text.
fn plain_secret_field(line: &str) -> Option<&str> {
    let line = line
        .trim()
        .trim_start_matches("pub(crate) ")
        .trim_start_matches("pub ");
    let (name, kind) = line.split_once(':')?;
    let name = name.trim();
    let secret_name = name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        && ["password", "secret", "token", "key"]
            .iter()
            .any(|word| name.ends_with(word) || name.contains(&format!("{word}_")));
    let kind = kind.trim().trim_end_matches(',');
    let plain = [
        "String",
        "Option<String>",
        "&str",
        "Option<&str>",
        "&'a str",
    ]
    .contains(&kind);
    (secret_name && plain).then_some(name)
}

/// House style: secrets only in `wire::Secret`, whose `Debug` and `Display`
/// print `[redacted]`; a struct field named like a secret holds one.
#[test]
fn secret_fields_are_secret() {
    let mut plain = Vec::new();
    for file in rust_files(&["crates/wire/src", "crates/server/src", "src"]) {
        let path = relative(&file);
        let mut in_struct = false;
        for (n, line) in code_lines(&read(&file)).into_iter().enumerate() {
            let trimmed = line.trim_start();
            if (trimmed.starts_with("pub struct ") || trimmed.starts_with("struct "))
                && line.trim_end().ends_with('{')
            {
                in_struct = true;
            } else if line.starts_with('}') {
                in_struct = false;
            } else if let Some(name) = in_struct.then(|| plain_secret_field(line)).flatten() {
                let allowed = NOT_SECRETS
                    .iter()
                    .any(|(n, why)| *n == name && (!why.ends_with(".rs") || path.ends_with(why)));
                if !allowed {
                    plain.push(format!("{path}:{}: {}", n + 1, line.trim()));
                }
            }
        }
    }
    assert!(plain.is_empty(), "hold these in wire::Secret: {plain:#?}");
}

#[test]
fn the_secret_rule_sees_plain_secret_fields() {
    assert_eq!(
        plain_secret_field("    pub license_key: Option<String>,"),
        Some("license_key")
    );
    assert_eq!(
        plain_secret_field("    master_password: String,"),
        Some("master_password")
    );
    assert_eq!(plain_secret_field("    pub token: String,"), Some("token"));
    assert_eq!(plain_secret_field("    pub api_key: Secret,"), None);
    assert_eq!(plain_secret_field("    pub name: String,"), None);
    assert_eq!(
        plain_secret_field("    pub keys: Option<KeysRequest>,"),
        None
    );
}
