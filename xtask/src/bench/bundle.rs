//! Row a: the first screen's weight, `gzip -9` of every file (wasm, JS,
//! CSS) that one of the two ways in loads before its first screen:
//!
//! - the standalone page: every file the pages at the top of `dist/`
//!   reference (the login's `index.html` with its small first wasm);
//! - a host page embedding a screen: the embed's entry
//!   (`embed/v1/billing-sync.js`, its wasm and snippets), the stylesheet
//!   `mount` links, and the module of the screen's group
//!   (`embed/v1/screens/<group>/`). Every screen loads exactly one group,
//!   so the largest group is the embed's figure.
//!
//! The row's value is the larger of the two, so its verdict covers both;
//! the note gives each. The full app (`embed/v1/app/`), which the
//! standalone page imports after the login, and the Argon2id worker, which
//! only Argon2id accounts load, are named, not counted.

use super::report::{Budget, Metric};
use crate::embed::{Module, EMBED_DIR, ENTRY, GROUPS_DIR, MODULES, STYLESHEET};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

/// Issue 11: ≤ 200 KB gzip -9 for the first screen.
const BUDGET_KB: f64 = 200.0;

/// Files with their gzip -9 sizes, and the sum.
struct Weighed {
    total: u64,
    parts: Vec<String>,
}

fn weigh(dist: &Path, files: &[PathBuf]) -> Result<Weighed> {
    let mut total = 0u64;
    let mut parts = Vec::new();
    for path in files {
        let name = path
            .strip_prefix(dist)
            .unwrap_or(path)
            .display()
            .to_string();
        let raw = std::fs::metadata(path)
            .with_context(|| format!("{name} is referenced but not in {}", dist.display()))?
            .len();
        let gz = crate::web::gzipped_len(path)?;
        total += gz;
        parts.push(format!("{name} {raw} B raw / {gz} B gz"));
    }
    Ok(Weighed { total, parts })
}

pub fn measure(dist: &Path) -> Result<Metric> {
    let pages = entry_pages(dist)?;
    anyhow::ensure!(!pages.is_empty(), "no .html page in {}", dist.display());
    let mut files: Vec<PathBuf> = Vec::new();
    for page in &pages {
        let html = std::fs::read_to_string(dist.join(page))
            .with_context(|| format!("reading {page} in {}", dist.display()))?;
        for file in referenced_files(&html) {
            let path = dist.join(file);
            if !files.contains(&path) {
                files.push(path);
            }
        }
    }
    anyhow::ensure!(
        !files.is_empty(),
        "the pages in {} load no wasm/js/css",
        dist.display()
    );
    let standalone = weigh(dist, &files)?;
    let mut value = standalone.total;
    let mut note = format!(
        "standalone login {:.1} KB: {} ({})",
        kb(standalone.total),
        standalone.parts.join("; "),
        pages.join(", ")
    );
    if let Some(embed) = embed(dist)? {
        value = value.max(embed.largest);
        note.push_str(&format!("; {}", embed.note));
    }
    if let Some(app) = full_app(dist)? {
        note.push_str(&format!("; not counted, loaded after the login: {app}"));
    }
    Ok(Metric::new(
        'a',
        "first_screen_gzip9",
        kb(value),
        "KB",
        Budget::ValueAtMost(BUDGET_KB),
    )
    .with_note(note))
}

/// The embed's figure: the largest of entry + stylesheet + one group.
struct Embed {
    largest: u64,
    note: String,
}

/// A module's own files: its glue, its wasm and its JS snippets (not the
/// worker beside it).
fn module_files(dist: &Path, module: &Module) -> Result<Vec<PathBuf>> {
    let folder = dist.join(EMBED_DIR).join(module.dir);
    let mut files = vec![
        folder.join(format!("{}.js", module.name)),
        folder.join(format!("{}_bg.wasm", module.name)),
    ];
    let mut snippets = Vec::new();
    collect_js(&folder.join("snippets"), &mut snippets)?;
    snippets.sort();
    files.extend(snippets);
    Ok(files)
}

fn collect_js(dir: &Path, into: &mut Vec<PathBuf>) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            collect_js(&path, into)?;
        } else if path.extension().is_some_and(|e| e == "js") {
            into.push(path);
        }
    }
    Ok(())
}

/// The embed's weight per group, when the embed is built.
fn embed(dist: &Path) -> Result<Option<Embed>> {
    let entry_glue = dist.join(EMBED_DIR).join(format!("{}.js", ENTRY.name));
    if !entry_glue.is_file() {
        return Ok(None);
    }
    let mut shared = module_files(dist, &ENTRY)?;
    shared.push(dist.join(EMBED_DIR).join(STYLESHEET));
    let shared = weigh(dist, &shared)?;
    let mut groups = Vec::new();
    for module in MODULES.iter().filter(|m| m.dir.starts_with(GROUPS_DIR)) {
        let own = weigh(dist, &module_files(dist, module)?)?;
        groups.push((module.name, own));
    }
    groups.sort_by_key(|(_, own)| std::cmp::Reverse(own.total));
    let Some((largest_name, largest)) = groups.first() else {
        anyhow::bail!("no screen group in {}", dist.join(EMBED_DIR).display());
    };
    let per_group: Vec<String> = groups
        .iter()
        .map(|(name, own)| format!("{name} {:.1} KB", kb(shared.total + own.total)))
        .collect();
    let note = format!(
        "embed (entry + stylesheet + the screen's group) {:.1} KB for the largest group, {largest_name}; per group: {}; entry + stylesheet {:.1} KB: {}; {largest_name}: {}",
        kb(shared.total + largest.total),
        per_group.join(", "),
        kb(shared.total),
        shared.parts.join("; "),
        largest.parts.join("; ")
    );
    Ok(Some(Embed {
        largest: shared.total + largest.total,
        note,
    }))
}

/// The full app's module and wasm (`embed/v1/app/`, see xtask's `embed`),
/// which the standalone page imports after the login: their sizes, when
/// built.
fn full_app(dist: &Path) -> Result<Option<String>> {
    let Some(app) = MODULES.iter().find(|m| m.dir == "app") else {
        return Ok(None);
    };
    let folder = dist.join(EMBED_DIR).join(app.dir);
    let files = [
        folder.join(format!("{}.js", app.name)),
        folder.join(format!("{}_bg.wasm", app.name)),
    ];
    if !files.iter().all(|f| f.is_file()) {
        return Ok(None);
    }
    let weighed = weigh(dist, &files)?;
    Ok(Some(format!(
        "full app {:.1} KB gz ({})",
        kb(weighed.total),
        weighed.parts.join("; ")
    )))
}

/// KB as the issue counts them (1000 bytes).
pub fn kb(bytes: u64) -> f64 {
    bytes as f64 / 1000.0
}

/// The `.html` pages at the top of `dist/` (index.html and any embed entry).
fn entry_pages(dist: &Path) -> Result<Vec<String>> {
    let mut pages: Vec<String> = std::fs::read_dir(dist)
        .with_context(|| format!("reading {} (is the web module built?)", dist.display()))?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|name| name.ends_with(".html"))
        .collect();
    pages.sort();
    Ok(pages)
}

/// Local `.wasm`, `.js` and `.css` files a page loads: every path-like token
/// in it (link hrefs, script srcs and trunk's inline loader), without the
/// leading `/` and any query; absolute URLs are someone else's bytes.
pub fn referenced_files(html: &str) -> Vec<String> {
    let mut files = Vec::new();
    let separators = |c: char| c.is_whitespace() || "\"'`()<>=,;".contains(c);
    for token in html.split(separators) {
        if token.contains("://") || token.starts_with("//") {
            continue;
        }
        let path = token.split(['?', '#']).next().unwrap_or_default();
        let path = path.trim_start_matches("./").trim_start_matches('/');
        let loads = [".wasm", ".js", ".css"]
            .iter()
            .any(|ext| path.ends_with(ext));
        if loads && !files.iter().any(|f| f == path) {
            files.push(path.to_string());
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shape of trunk 0.21's release index.html.
    const TRUNK_INDEX: &str = r#"<!DOCTYPE html><html lang="en"><head>
<link rel="stylesheet" href="/styles-5c2a.css" integrity="sha384-abc"/>
<link rel="modulepreload" href="/billing-sync-web-9f1e.js" crossorigin="anonymous" integrity="sha384-def">
<link rel="preload" href="/billing-sync-web-9f1e_bg.wasm" crossorigin="anonymous" integrity="sha384-ghi" as="fetch" type="application/wasm">
<script type="module">
import init, * as bindings from '/billing-sync-web-9f1e.js';
const wasm = await init({ module_or_path: '/billing-sync-web-9f1e_bg.wasm' });
window.wasmBindings = bindings;
</script></head><body><a href="https://bitwarden.com/x.js">x</a></body></html>"#;

    #[test]
    fn trunk_index_lists_css_js_and_wasm_once() {
        assert_eq!(
            referenced_files(TRUNK_INDEX),
            [
                "styles-5c2a.css",
                "billing-sync-web-9f1e.js",
                "billing-sync-web-9f1e_bg.wasm"
            ]
        );
        assert!(referenced_files("<p>no assets</p>").is_empty());
        assert_eq!(
            referenced_files("<script src='./a.js?v=2'></script>"),
            ["a.js"]
        );
    }

    /// Bytes gzip cannot shrink (a linear congruential generator).
    fn noise(len: usize) -> Vec<u8> {
        let mut state = 12345u32;
        (0..len)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
                (state >> 16) as u8
            })
            .collect()
    }

    #[test]
    fn measures_the_files_of_every_page() -> Result<()> {
        let dir = crate::process::TempDir::new("bench-bundle-test")?;
        std::fs::write(
            dir.path().join("index.html"),
            r#"<link href="/a.css"><script src="/app.js">"#,
        )?;
        std::fs::write(
            dir.path().join("embed.html"),
            r#"<script src="/app.js"></script><script src="/embed.js">"#,
        )?;
        std::fs::write(
            dir.path().join("a.css"),
            "body { color: red; }\n".repeat(100),
        )?;
        std::fs::write(dir.path().join("app.js"), "console.log(1);\n".repeat(100))?;
        std::fs::write(dir.path().join("embed.js"), "x")?;
        let m = measure(dir.path())?;
        assert!(
            m.note.contains("a.css 2100 B raw") && m.note.contains("embed.js 1 B raw"),
            "{}",
            m.note
        );
        assert!(m.note.contains("embed.html, index.html"));
        match m.value {
            super::super::report::Value::Measured(kb) => assert!(kb > 0.0 && kb < 0.5, "{kb}"),
            other => panic!("{other:?}"),
        }
        assert!(!m.note.contains("full app"), "{}", m.note);

        // The full app beside the pages: named, not counted.
        let v1 = dir.path().join(EMBED_DIR);
        std::fs::create_dir_all(v1.join("app"))?;
        std::fs::write(v1.join("app/app.js"), "x".repeat(5000))?;
        std::fs::write(v1.join("app/app_bg.wasm"), noise(9000))?;
        let with_app = measure(dir.path())?;
        assert!(
            with_app.note.contains("not counted")
                && with_app
                    .note
                    .contains("embed/v1/app/app_bg.wasm 9000 B raw"),
            "{}",
            with_app.note
        );
        assert_eq!(format!("{:?}", with_app.value), format!("{:?}", m.value));

        // The embed: entry + stylesheet + each group; the largest counts,
        // and it is larger than the login here, so it is the row's value.
        std::fs::create_dir_all(v1.join("snippets/x-1"))?;
        std::fs::write(v1.join("billing-sync.js"), "e".repeat(1000))?;
        std::fs::write(v1.join("billing-sync_bg.wasm"), noise(1000))?;
        std::fs::write(v1.join("snippets/x-1/inline0.js"), "export function f() {}")?;
        std::fs::write(v1.join(STYLESHEET), "p{}")?;
        std::fs::write(v1.join("kdf-worker_bg.wasm"), noise(7000))?;
        for (name, size) in [("subscription", 4000), ("families", 2000), ("redeem", 1000)] {
            let group = v1.join(GROUPS_DIR).join(name);
            std::fs::create_dir_all(&group)?;
            std::fs::write(group.join(format!("{name}.js")), "g")?;
            std::fs::write(group.join(format!("{name}_bg.wasm")), noise(size))?;
        }
        let with_embed = measure(dir.path())?;
        let entry = crate::web::gzipped_len(&v1.join("billing-sync.js"))?
            + crate::web::gzipped_len(&v1.join("billing-sync_bg.wasm"))?
            + crate::web::gzipped_len(&v1.join("snippets/x-1/inline0.js"))?
            + crate::web::gzipped_len(&v1.join(STYLESHEET))?;
        let group = crate::web::gzipped_len(&v1.join("screens/subscription/subscription.js"))?
            + crate::web::gzipped_len(&v1.join("screens/subscription/subscription_bg.wasm"))?;
        assert_eq!(
            format!("{:?}", with_embed.value),
            format!(
                "{:?}",
                super::super::report::Value::Measured(kb(entry + group))
            )
        );
        assert!(
            with_embed.note.contains("largest group, subscription")
                && with_embed.note.contains("snippets/x-1/inline0.js")
                && !with_embed.note.contains("kdf-worker"),
            "{}",
            with_embed.note
        );

        std::fs::remove_file(dir.path().join("embed.js"))?;
        assert!(
            measure(dir.path()).is_err(),
            "a missing referenced file is an error"
        );
        Ok(())
    }
}
