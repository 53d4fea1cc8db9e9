//! The embeddable module's stable, versioned names. Trunk names the app's
//! files by content hash (`billing-sync-web-<hash>.js`, `…_bg.wasm`,
//! `styles-<hash>.css`); a host page needs names that stay put across
//! builds. So after every web build the same files are copied into
//! `dist/embed/v1/` as `billing-sync.js`, `billing-sync_bg.wasm` and
//! `billing-sync.css`, with the JS glue pointed at the renamed wasm, plus
//! the JS snippets and the Argon2id worker files the module loads from its
//! own folder. `v1` changes only with an incompatible JavaScript API.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

/// Where the module goes, below `dist/`.
pub const EMBED_DIR: &str = "embed/v1";
/// The module's stable base name.
const NAME: &str = "billing-sync";
/// Trunk's base name of the app's files (the cargo bin name).
const TRUNK_NAME: &str = "billing-sync-web";
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

/// Writes `dist/embed/v1/` from trunk's output in `dist`; returns the folder.
pub fn package(dist: &Path) -> Result<PathBuf> {
    let js = hashed_file(dist, &format!("{TRUNK_NAME}-"), ".js")?;
    let wasm = hashed_file(dist, &format!("{TRUNK_NAME}-"), "_bg.wasm")?;
    let css = hashed_file(dist, "styles-", ".css")?;
    let out = dist.join(EMBED_DIR);
    if out.exists() {
        std::fs::remove_dir_all(&out).with_context(|| format!("removing {}", out.display()))?;
    }
    std::fs::create_dir_all(&out).with_context(|| format!("creating {}", out.display()))?;

    let glue = std::fs::read_to_string(&js).with_context(|| format!("reading {}", js.display()))?;
    // The glue's default wasm URL: wasm-bindgen's output name, which trunk
    // gives without the hash (trunk's own page passes the hashed one).
    let named = [file_name(&wasm), format!("{TRUNK_NAME}_bg.wasm")];
    let Some(wasm_name) = named.iter().find(|name| glue.contains(name.as_str())) else {
        bail!(
            "{} names neither of {named:?}: the wasm-bindgen glue changed shape",
            js.display()
        );
    };
    let glue = glue.replace(wasm_name.as_str(), &format!("{NAME}_bg.wasm"));
    std::fs::write(out.join(format!("{NAME}.js")), glue).context("writing the module")?;
    std::fs::copy(&wasm, out.join(format!("{NAME}_bg.wasm"))).context("copying the wasm")?;
    std::fs::copy(&css, out.join(format!("{NAME}.css"))).context("copying the stylesheet")?;
    for worker in WORKER_FILES {
        let from = dist.join(worker);
        if from.is_file() {
            std::fs::copy(&from, out.join(worker))
                .with_context(|| format!("copying {}", from.display()))?;
        }
    }
    let snippets = dist.join("snippets");
    if snippets.is_dir() {
        copy_dir(&snippets, &out.join("snippets"))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trunk_output_gets_stable_names() {
        let dir = std::env::temp_dir().join(format!("xtask-embed-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("snippets/billing-sync-web-0123abcd/")).unwrap();
        std::fs::write(
            dir.join("billing-sync-web-0123abcd.js"),
            "import { u } from './snippets/billing-sync-web-0123abcd/inline0.js';\n\
             module_or_path = new URL('billing-sync-web_bg.wasm', import.meta.url);",
        )
        .unwrap();
        std::fs::write(dir.join("billing-sync-web-0123abcd_bg.wasm"), b"\0asm").unwrap();
        std::fs::write(dir.join("styles-89ef.css"), ".billing-sync{}").unwrap();
        std::fs::write(dir.join("kdf-worker.js"), "w").unwrap();
        std::fs::write(
            dir.join("snippets/billing-sync-web-0123abcd/inline0.js"),
            "export function u() {}",
        )
        .unwrap();
        // A stale file of an earlier packaging is removed.
        std::fs::create_dir_all(dir.join(EMBED_DIR)).unwrap();
        std::fs::write(dir.join(EMBED_DIR).join("old.js"), "old").unwrap();

        let out = package(&dir).unwrap();
        let glue = std::fs::read_to_string(out.join("billing-sync.js")).unwrap();
        assert!(glue.contains("new URL('billing-sync_bg.wasm'"), "{glue}");
        assert!(glue.contains("./snippets/billing-sync-web-0123abcd/inline0.js"));
        assert_eq!(
            std::fs::read(out.join("billing-sync_bg.wasm")).unwrap(),
            b"\0asm"
        );
        assert!(out.join("billing-sync.css").is_file());
        assert!(out.join("kdf-worker.js").is_file());
        assert!(out
            .join("snippets/billing-sync-web-0123abcd/inline0.js")
            .is_file());
        assert!(!out.join("old.js").exists());

        // A glue that names no wasm is refused.
        std::fs::write(dir.join("billing-sync-web-0123abcd.js"), "init()").unwrap();
        let error = package(&dir).unwrap_err().to_string();
        assert!(error.contains("changed shape"), "{error}");

        // Two builds' files side by side: refused, not guessed.
        std::fs::write(dir.join("billing-sync-web-4567cdef.js"), "x").unwrap();
        let error = package(&dir).unwrap_err().to_string();
        assert!(error.contains("several"), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
