//! Building the web module with Trunk and reporting its size (the SPEC makes
//! bundle size a feature: the gzipped size is printed on every build).

use crate::{process, project_root};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// `trunk build --release --offline` into `<root>/dist` (the standalone
/// page and its small first wasm), builds the embed and the full app into
/// `dist/embed/v1/` (see `embed`), writes the brotli and gzip variants the server sends, then
/// prints the raw and gzipped sizes of the wasm and the JS glue.
///
/// `--offline` is a guard: trunk must use the tools on PATH (npm's wasm-opt
/// 132, our wasm-bindgen) instead of trying to download them from GitHub.
pub fn build_web() -> Result<()> {
    process::run(
        Command::new("trunk")
            .args(["build", "--release", "--offline"])
            .current_dir(project_root())
            .stdin(Stdio::null()),
    )
    .context("building the web module (errors above)")?;
    let embed = crate::embed::build(&dist_dir())?;
    println!("embed and full app in {}", embed.display());
    let compressed = crate::precompress::precompress_dir(&dist_dir())?;
    println!(
        "precompressed {} files (.br, .gz) for the server",
        compressed.len()
    );
    print_sizes(&dist_dir())
}

/// Where trunk puts the build (`dist = "dist"` in Trunk.toml).
pub fn dist_dir() -> PathBuf {
    project_root().join("dist")
}

fn print_sizes(dist: &Path) -> Result<()> {
    // The page's files, then each module's: the embed's entry, the full
    // app (loaded after the login), the screen groups.
    let mut files = Vec::new();
    let modules = crate::embed::MODULES
        .iter()
        .map(|m| dist.join(crate::embed::EMBED_DIR).join(m.dir));
    for (index, dir) in std::iter::once(dist.to_path_buf())
        .chain(modules)
        .enumerate()
    {
        let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
            .with_context(|| format!("reading {}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("wasm" | "js")))
            // The worker's copies beside each module: listed once, in dist/.
            .filter(|p| {
                index == 0
                    || !p
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with("kdf-worker"))
            })
            .collect();
        found.sort();
        files.extend(found);
    }
    anyhow::ensure!(!files.is_empty(), "no .wasm/.js in {}", dist.display());
    println!("bundle size (raw / gzip -9):");
    for file in files {
        let raw = std::fs::metadata(&file)
            .with_context(|| format!("stat {}", file.display()))?
            .len();
        let gz = gzipped_len(&file)?;
        let name = file
            .strip_prefix(dist)
            .unwrap_or(&file)
            .to_string_lossy()
            .into_owned();
        println!("  {name:<48} {raw:>9} B / {gz:>8} B");
    }
    Ok(())
}

/// Size after `gzip -9`, by piping through the system gzip (no Rust dep).
pub fn gzipped_len(file: &Path) -> Result<u64> {
    let out = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(file)
        .stderr(Stdio::inherit())
        .output()
        .context("running gzip")?;
    anyhow::ensure!(out.status.success(), "gzip -9 {} failed", file.display());
    Ok(out.stdout.len() as u64)
}
