//! Row a: the first screen's weight, `gzip -9` of every file the login
//! screen and any other entry page in `dist/` load (wasm, JS, CSS), as listed
//! by the pages themselves.

use super::report::{Budget, Metric};
use anyhow::{Context, Result};
use std::path::Path;

/// Issue 11: ≤ 200 KB gzip -9 for the first screen.
const BUDGET_KB: f64 = 200.0;

pub fn measure(dist: &Path) -> Result<Metric> {
    let pages = entry_pages(dist)?;
    anyhow::ensure!(!pages.is_empty(), "no .html page in {}", dist.display());
    let mut files: Vec<String> = Vec::new();
    for page in &pages {
        let html = std::fs::read_to_string(dist.join(page))
            .with_context(|| format!("reading {page} in {}", dist.display()))?;
        for file in referenced_files(&html) {
            if !files.contains(&file) {
                files.push(file);
            }
        }
    }
    anyhow::ensure!(
        !files.is_empty(),
        "the pages in {} load no wasm/js/css",
        dist.display()
    );
    let mut total = 0u64;
    let mut parts = Vec::new();
    for file in &files {
        let path = dist.join(file);
        let raw = std::fs::metadata(&path)
            .with_context(|| format!("{file} is referenced but not in {}", dist.display()))?
            .len();
        let gz = crate::web::gzipped_len(&path)?;
        total += gz;
        parts.push(format!("{file} {raw} B raw / {gz} B gz"));
    }
    let mut note = format!("{} ({})", parts.join("; "), pages.join(", "));
    if let Some(app) = full_app(dist)? {
        note.push_str(&format!(
            "; not counted, loaded after the login and by embedding hosts: {app}"
        ));
    }
    Ok(Metric::new(
        'a',
        "first_screen_gzip9",
        kb(total),
        "KB",
        Budget::ValueAtMost(BUDGET_KB),
    )
    .with_note(note))
}

/// The full app's module and wasm (`embed/v1/`, see xtask's `embed`), which
/// the standalone page imports after the login and host pages mount: their
/// sizes, when built.
fn full_app(dist: &Path) -> Result<Option<String>> {
    let files = ["billing-sync.js", "billing-sync_bg.wasm"]
        .map(|name| dist.join(crate::embed::EMBED_DIR).join(name));
    if !files.iter().all(|f| f.is_file()) {
        return Ok(None);
    }
    let mut total = 0;
    let mut parts = Vec::new();
    for file in &files {
        let raw = std::fs::metadata(file)
            .with_context(|| format!("stat {}", file.display()))?
            .len();
        let gz = crate::web::gzipped_len(file)?;
        total += gz;
        let name = file.strip_prefix(dist).unwrap_or(file).display();
        parts.push(format!("{name} {raw} B raw / {gz} B gz"));
    }
    Ok(Some(format!(
        "full app {:.1} KB gz ({})",
        kb(total),
        parts.join("; ")
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
        let app = dir.path().join("embed/v1");
        std::fs::create_dir_all(&app)?;
        std::fs::write(app.join("billing-sync.js"), "x".repeat(5000))?;
        std::fs::write(app.join("billing-sync_bg.wasm"), "y".repeat(5000))?;
        let with_app = measure(dir.path())?;
        assert!(
            with_app.note.contains("not counted")
                && with_app
                    .note
                    .contains("embed/v1/billing-sync_bg.wasm 5000 B raw"),
            "{}",
            with_app.note
        );
        assert_eq!(format!("{:?}", with_app.value), format!("{:?}", m.value));

        std::fs::remove_file(dir.path().join("embed.js"))?;
        assert!(
            measure(dir.path()).is_err(),
            "a missing referenced file is an error"
        );
        Ok(())
    }
}
