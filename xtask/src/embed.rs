//! The full app, built here rather than by trunk: trunk builds one main
//! wasm per page, and the standalone page (`index.html`) loads only the
//! small first wasm (`src/main.rs`, the login). The full app is the
//! crate's `billing-sync-app` binary, made into an ES module with the same
//! tools and flags trunk uses (cargo release build for wasm32, wasm-bindgen
//! `--target web`, `wasm-opt -Oz`) and written to `dist/embed/v1/` under
//! stable names: `billing-sync.js`, `billing-sync_bg.wasm`, its JS
//! snippets, `billing-sync.css` (trunk's stylesheet) and the Argon2id worker
//! files the module loads from its own folder. Host pages import it from
//! there, and so does the standalone page's first wasm after the login, so
//! there is one full-app bundle. `v1` changes only with an incompatible
//! JavaScript API.

use crate::{cargo, process, target_dir};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where the module goes, below `dist/`.
pub const EMBED_DIR: &str = "embed/v1";
/// The module's stable base name.
const NAME: &str = "billing-sync";
/// The crate's binary that is the full app.
const APP_BIN: &str = "billing-sync-app";
/// The Argon2id worker's files (unhashed: the module finds them by name).
const WORKER_FILES: [&str; 3] = [
    "kdf-worker-loader.js",
    "kdf-worker.js",
    "kdf-worker_bg.wasm",
];

/// The one file of `dist` whose name starts with `prefix` and ends with
/// `suffix`, with a hash between.
fn hashed_file(dist: &Path, prefix: &str, suffix: &str) -> Result<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dist)
        .with_context(|| format!("reading {}", dist.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_prefix(prefix))
                .and_then(|rest| rest.strip_suffix(suffix))
                .is_some_and(|hash| !hash.is_empty() && hash.bytes().all(|b| b.is_ascii_hexdigit()))
        })
        .collect();
    found.sort();
    match found.as_slice() {
        [one] => Ok(one.clone()),
        [] => bail!(
            "no {prefix}<hash>{suffix} in {} (was trunk run?)",
            dist.display()
        ),
        _ => bail!(
            "several {prefix}<hash>{suffix} in {}: {found:?} (clean dist/)",
            dist.display()
        ),
    }
}

/// Builds the full app (release, wasm32), runs wasm-bindgen and wasm-opt on
/// it and packages it into `dist/embed/v1/` (after trunk, whose stylesheet
/// and worker files it takes); returns the folder.
pub fn build(dist: &Path) -> Result<PathBuf> {
    process::run(cargo().args([
        "build",
        "--release",
        "--target",
        "wasm32-unknown-unknown",
        "--package",
        "billing-sync-web",
        "--bin",
        APP_BIN,
    ]))
    .context("building the full app (errors above)")?;
    let wasm = target_dir()
        .join("wasm32-unknown-unknown/release")
        .join(format!("{APP_BIN}.wasm"));
    let bindgen_out = target_dir().join("wasm-bindgen/billing-sync-app");
    if bindgen_out.exists() {
        std::fs::remove_dir_all(&bindgen_out)
            .with_context(|| format!("removing {}", bindgen_out.display()))?;
    }
    process::run(
        Command::new("wasm-bindgen")
            .args([
                "--target",
                "web",
                "--no-typescript",
                "--out-name",
                NAME,
                "--out-dir",
            ])
            .arg(&bindgen_out)
            .arg(&wasm),
    )
    .context("wasm-bindgen on the full app")?;
    let bg = bindgen_out.join(format!("{NAME}_bg.wasm"));
    let mut output = std::ffi::OsString::from("--output=");
    output.push(&bg);
    process::run(Command::new("wasm-opt").arg(output).arg("-Oz").arg(&bg))
        .context("wasm-opt -Oz on the full app")?;
    package(dist, &bindgen_out)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("creating {}", to.display()))?;
    for entry in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let path = entry?.path();
        let target = to.join(file_name(&path));
        if path.is_dir() {
            copy_dir(&path, &target)?;
        } else {
            std::fs::copy(&path, &target)
                .with_context(|| format!("copying {} to {}", path.display(), target.display()))?;
        }
    }
    Ok(())
}

/// Writes `dist/embed/v1/` from wasm-bindgen's output in `bindgen_out`
/// (the full app's `billing-sync.js`, `billing-sync_bg.wasm`, `snippets/`)
/// and trunk's stylesheet and worker files in `dist`; returns the folder.
pub fn package(dist: &Path, bindgen_out: &Path) -> Result<PathBuf> {
    let js = bindgen_out.join(format!("{NAME}.js"));
    let wasm = format!("{NAME}_bg.wasm");
    let glue = std::fs::read_to_string(&js).with_context(|| format!("reading {}", js.display()))?;
    // The glue finds its wasm by this name beside it (`import.meta.url`).
    if !glue.contains(&wasm) || !bindgen_out.join(&wasm).is_file() {
        bail!(
            "{} does not load {wasm} beside it: the wasm-bindgen output changed shape",
            js.display()
        );
    }
    let css = hashed_file(dist, "styles-", ".css")?;
    let out = dist.join(EMBED_DIR);
    if out.exists() {
        std::fs::remove_dir_all(&out).with_context(|| format!("removing {}", out.display()))?;
    }
    copy_dir(bindgen_out, &out)?;
    std::fs::copy(&css, out.join(format!("{NAME}.css"))).context("copying the stylesheet")?;
    for worker in WORKER_FILES {
        let from = dist.join(worker);
        if from.is_file() {
            std::fs::copy(&from, out.join(worker))
                .with_context(|| format!("copying {}", from.display()))?;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_full_app_gets_stable_names_beside_its_stylesheet_and_worker() {
        let dir = std::env::temp_dir().join(format!("xtask-embed-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let (dist, app) = (dir.join("dist"), dir.join("bindgen"));
        std::fs::create_dir_all(app.join("snippets/billing-sync-web-0123abcd/")).unwrap();
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(
            app.join("billing-sync.js"),
            "import { u } from './snippets/billing-sync-web-0123abcd/inline0.js';\n\
             module_or_path = new URL('billing-sync_bg.wasm', import.meta.url);",
        )
        .unwrap();
        std::fs::write(app.join("billing-sync_bg.wasm"), b"\0asm").unwrap();
        std::fs::write(
            app.join("snippets/billing-sync-web-0123abcd/inline0.js"),
            "export function u() {}",
        )
        .unwrap();
        // Trunk's output: the first wasm (not copied), the stylesheet, the worker.
        std::fs::write(dist.join("billing-sync-web-4567cdef_bg.wasm"), b"\0asm").unwrap();
        std::fs::write(dist.join("styles-89ef.css"), ".billing-sync{}").unwrap();
        std::fs::write(dist.join("kdf-worker.js"), "w").unwrap();
        // A stale file of an earlier packaging is removed.
        std::fs::create_dir_all(dist.join(EMBED_DIR)).unwrap();
        std::fs::write(dist.join(EMBED_DIR).join("old.js"), "old").unwrap();

        let out = package(&dist, &app).unwrap();
        let glue = std::fs::read_to_string(out.join("billing-sync.js")).unwrap();
        assert!(glue.contains("new URL('billing-sync_bg.wasm'"), "{glue}");
        assert_eq!(
            std::fs::read(out.join("billing-sync_bg.wasm")).unwrap(),
            b"\0asm"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("billing-sync.css")).unwrap(),
            ".billing-sync{}"
        );
        assert!(out.join("kdf-worker.js").is_file());
        assert!(out
            .join("snippets/billing-sync-web-0123abcd/inline0.js")
            .is_file());
        assert!(!out.join("old.js").exists());
        assert!(!out.join("billing-sync-web-4567cdef_bg.wasm").exists());

        // A glue that names no wasm is refused.
        std::fs::write(app.join("billing-sync.js"), "init()").unwrap();
        let error = package(&dist, &app).unwrap_err().to_string();
        assert!(error.contains("changed shape"), "{error}");

        // Two builds' stylesheets side by side: refused, not guessed.
        std::fs::write(
            app.join("billing-sync.js"),
            "new URL('billing-sync_bg.wasm', import.meta.url)",
        )
        .unwrap();
        std::fs::write(dist.join("styles-abcd.css"), "x").unwrap();
        let error = package(&dist, &app).unwrap_err().to_string();
        assert!(error.contains("several"), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
