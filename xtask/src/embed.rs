//! The embed and the full app, built here rather than by trunk: trunk
//! builds one main wasm per page, and the standalone page (`index.html`)
//! loads only the small first wasm (`src/main.rs`, the login). Rust has no
//! code splitting inside one wasm, so the rest is several binaries of the
//! crate, each made into an ES module with the same tools and flags trunk
//! uses (cargo release build for wasm32, wasm-bindgen `--target web`,
//! `wasm-opt -Oz`) and written below `dist/embed/v1/` under stable names
//! ([`MODULES`]): the embed's entry `billing-sync.js` that host pages
//! import (no yew: it checks the options and imports one screen group),
//! the groups in `screens/<group>/`, the KDF in `kdf/` (the entry's
//! `deriveMasterPasswordHash` loads it), and the full app in `app/`, which
//! the standalone page's first wasm imports after the login. Beside them:
//! `billing-sync.css` (trunk's stylesheet) and, in each module's folder,
//! the Argon2id worker files the module loads from its own folder. `v1`
//! changes only with an incompatible JavaScript API.
//!
//! All binaries build in one cargo invocation (cargo links them in
//! parallel and compiles the library once); wasm-opt runs on two at a time.

use crate::{cargo, process, target_dir};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where the modules go, below `dist/`.
pub const EMBED_DIR: &str = "embed/v1";
/// The folder of the screen groups, below [`EMBED_DIR`].
pub const GROUPS_DIR: &str = "screens";

/// One ES module of the crate: its binary, its folder below [`EMBED_DIR`]
/// and its file name (`<name>.js`, `<name>_bg.wasm`).
#[derive(Clone, Copy, Debug)]
pub struct Module {
    pub bin: &'static str,
    pub dir: &'static str,
    pub name: &'static str,
}

/// The embed's entry (what host pages import).
pub const ENTRY: Module = Module {
    bin: "billing-sync-embed",
    dir: "",
    name: "billing-sync",
};

/// Every module: the entry, the full app, the screen groups
/// (`src/embed/groups.rs` names them; the entry imports
/// `screens/<group>/<group>.js`), the KDF (`kdf/kdf.js`).
pub const MODULES: [Module; 6] = [
    ENTRY,
    Module {
        bin: "billing-sync-app",
        dir: "app",
        name: "app",
    },
    Module {
        bin: "billing-sync-subscription",
        dir: "screens/subscription",
        name: "subscription",
    },
    Module {
        bin: "billing-sync-families",
        dir: "screens/families",
        name: "families",
    },
    Module {
        bin: "billing-sync-redeem",
        dir: "screens/redeem",
        name: "redeem",
    },
    // `deriveMasterPasswordHash` of the entry loads it on the first call.
    Module {
        bin: "billing-sync-kdf",
        dir: "kdf",
        name: "kdf",
    },
];

/// The stylesheet's stable name, in [`EMBED_DIR`].
pub const STYLESHEET: &str = "billing-sync.css";

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

/// Builds every module (release, wasm32, one cargo invocation), runs
/// wasm-bindgen and wasm-opt on each and packages them into
/// `dist/embed/v1/` (after trunk, whose stylesheet and worker files it
/// takes); returns the folder.
pub fn build(dist: &Path) -> Result<PathBuf> {
    let mut cargo_build = cargo();
    cargo_build.args([
        "build",
        "--release",
        "--target",
        "wasm32-unknown-unknown",
        "--package",
        "billing-sync-web",
    ]);
    for module in MODULES {
        cargo_build.args(["--bin", module.bin]);
    }
    process::run(&mut cargo_build).context("building the embed and the full app (errors above)")?;
    let mut outputs = Vec::new();
    for module in MODULES {
        let wasm = target_dir()
            .join("wasm32-unknown-unknown/release")
            .join(format!("{}.wasm", module.bin));
        let bindgen_out = target_dir().join("wasm-bindgen").join(module.bin);
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
                    module.name,
                    "--out-dir",
                ])
                .arg(&bindgen_out)
                .arg(&wasm),
        )
        .with_context(|| format!("wasm-bindgen on {}", module.bin))?;
        outputs.push((module, bindgen_out));
    }
    // wasm-opt is single-threaded: two workers (CI's two cores) take the
    // modules largest first, so the full app's long run overlaps the others.
    let mut queue: Vec<&(Module, PathBuf)> = outputs.iter().collect();
    queue.sort_by_key(|(module, out)| {
        let wasm = out.join(format!("{}_bg.wasm", module.name));
        std::cmp::Reverse(std::fs::metadata(wasm).map(|m| m.len()).unwrap_or(0))
    });
    process::on_two_workers(&queue, "wasm-opt", |(module, out)| optimise(module, out))?;
    package(dist, &outputs)
}

/// `wasm-opt -Oz` on a module's wasm, in place.
fn optimise(module: &Module, bindgen_out: &Path) -> Result<()> {
    let bg = bindgen_out.join(format!("{}_bg.wasm", module.name));
    let mut output = std::ffi::OsString::from("--output=");
    output.push(&bg);
    process::run(Command::new("wasm-opt").arg(output).arg("-Oz").arg(&bg))
        .with_context(|| format!("wasm-opt -Oz on {}", module.bin))
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

/// Writes `dist/embed/v1/` from wasm-bindgen's output of each module
/// (`<name>.js`, `<name>_bg.wasm`, `snippets/`, each in its own folder so
/// the modules' snippets never mix) and trunk's stylesheet and worker
/// files in `dist`; returns the folder.
pub fn package(dist: &Path, modules: &[(Module, PathBuf)]) -> Result<PathBuf> {
    for (module, bindgen_out) in modules {
        let js = bindgen_out.join(format!("{}.js", module.name));
        let wasm = format!("{}_bg.wasm", module.name);
        let glue =
            std::fs::read_to_string(&js).with_context(|| format!("reading {}", js.display()))?;
        // The glue finds its wasm by this name beside it (`import.meta.url`).
        if !glue.contains(&wasm) || !bindgen_out.join(&wasm).is_file() {
            bail!(
                "{} does not load {wasm} beside it: the wasm-bindgen output changed shape",
                js.display()
            );
        }
    }
    let css = hashed_file(dist, "styles-", ".css")?;
    let out = dist.join(EMBED_DIR);
    if out.exists() {
        std::fs::remove_dir_all(&out).with_context(|| format!("removing {}", out.display()))?;
    }
    for (module, bindgen_out) in modules {
        let folder = out.join(module.dir);
        copy_dir(bindgen_out, &folder)?;
        for worker in WORKER_FILES {
            let from = dist.join(worker);
            if from.is_file() {
                std::fs::copy(&from, folder.join(worker))
                    .with_context(|| format!("copying {}", from.display()))?;
            }
        }
    }
    std::fs::copy(&css, out.join(STYLESHEET)).context("copying the stylesheet")?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// wasm-bindgen's output for `module`, as `--out-name` writes it.
    fn bindgen_output(dir: &Path, module: &Module) -> PathBuf {
        let out = dir.join(module.bin);
        std::fs::create_dir_all(out.join("snippets/billing-sync-web-0123abcd/")).unwrap();
        let name = module.name;
        std::fs::write(
            out.join(format!("{name}.js")),
            format!(
                "import {{ u }} from './snippets/billing-sync-web-0123abcd/inline0.js';\n\
                 module_or_path = new URL('{name}_bg.wasm', import.meta.url);"
            ),
        )
        .unwrap();
        std::fs::write(out.join(format!("{name}_bg.wasm")), name.as_bytes()).unwrap();
        std::fs::write(
            out.join("snippets/billing-sync-web-0123abcd/inline0.js"),
            format!("export function u() {{ return '{name}'; }}"),
        )
        .unwrap();
        out
    }

    #[test]
    fn each_module_gets_its_own_folder_beside_the_stylesheet_and_a_worker() {
        let dir = std::env::temp_dir().join(format!("xtask-embed-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let dist = dir.join("dist");
        std::fs::create_dir_all(&dist).unwrap();
        let modules: Vec<(Module, PathBuf)> = MODULES
            .iter()
            .map(|m| (*m, bindgen_output(&dir, m)))
            .collect();
        // Trunk's output: the first wasm (not copied), the stylesheet, the worker.
        std::fs::write(dist.join("billing-sync-web-4567cdef_bg.wasm"), b"\0asm").unwrap();
        std::fs::write(dist.join("styles-89ef.css"), ".billing-sync{}").unwrap();
        std::fs::write(dist.join("kdf-worker.js"), "w").unwrap();
        // A stale file of an earlier packaging is removed.
        std::fs::create_dir_all(dist.join(EMBED_DIR)).unwrap();
        std::fs::write(dist.join(EMBED_DIR).join("old.js"), "old").unwrap();

        let out = package(&dist, &modules).unwrap();
        let entry = std::fs::read_to_string(out.join("billing-sync.js")).unwrap();
        assert!(entry.contains("new URL('billing-sync_bg.wasm'"), "{entry}");
        assert_eq!(
            std::fs::read_to_string(out.join(STYLESHEET)).unwrap(),
            ".billing-sync{}"
        );
        for module in MODULES {
            let folder = out.join(module.dir);
            assert_eq!(
                std::fs::read(folder.join(format!("{}_bg.wasm", module.name))).unwrap(),
                module.name.as_bytes()
            );
            assert!(folder.join("kdf-worker.js").is_file(), "{module:?}");
            // Each module keeps its own snippets.
            let snippet = std::fs::read_to_string(
                folder.join("snippets/billing-sync-web-0123abcd/inline0.js"),
            )
            .unwrap();
            assert!(snippet.contains(module.name), "{snippet}");
        }
        assert!(out.join(GROUPS_DIR).join("families/families.js").is_file());
        assert!(!out.join("old.js").exists());
        assert!(!out.join("billing-sync-web-4567cdef_bg.wasm").exists());

        // A glue that names no wasm is refused.
        std::fs::write(modules[2].1.join("subscription.js"), "init()").unwrap();
        let error = package(&dist, &modules).unwrap_err().to_string();
        assert!(error.contains("changed shape"), "{error}");

        // Two builds' stylesheets side by side: refused, not guessed.
        std::fs::write(
            modules[2].1.join("subscription.js"),
            "new URL('subscription_bg.wasm', import.meta.url)",
        )
        .unwrap();
        std::fs::write(dist.join("styles-abcd.css"), "x").unwrap();
        let error = package(&dist, &modules).unwrap_err().to_string();
        assert!(error.contains("several"), "{error}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
