//! Build-time compression of the web module: `NAME.br` (brotli, quality 11)
//! and `NAME.gz` (gzip, level 9) beside each compressible file of `dist/`,
//! which the server sends to browsers that accept them (its `web_assets`
//! module). Done once here because the best levels are too slow per request.

use anyhow::{Context, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Extensions worth compressing (wasm and text); images and fonts are not.
const COMPRESSIBLE: &[&str] = &["wasm", "js", "css", "html", "json", "svg", "txt"];

/// Writes `.br` and `.gz` beside every compressible file under `dir`
/// (recursively: trunk puts JS snippets in sub-folders). A variant that is
/// not smaller than its file is not written, so the file is sent as is.
/// Returns the files compressed.
///
/// Two workers (CI's two cores) share the files, largest first: brotli at
/// quality 11 takes seconds per wasm, and the web build has one per module.
pub fn precompress_dir(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = compressible_files(dir)?;
    files.sort_by_key(|f| std::cmp::Reverse(std::fs::metadata(f).map(|m| m.len()).unwrap_or(0)));
    crate::process::on_two_workers(&files, "compression", |file| {
        let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
        write_if_smaller(file, "br", &brotli(&bytes)?, bytes.len())?;
        write_if_smaller(file, "gz", &gzip(&bytes)?, bytes.len())
    })?;
    files.sort();
    Ok(files)
}

fn compressible_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            files.extend(compressible_files(&path)?);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| COMPRESSIBLE.contains(&e))
        {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn write_if_smaller(file: &Path, extension: &str, compressed: &[u8], raw_len: usize) -> Result<()> {
    let mut name = file.as_os_str().to_owned();
    name.push(".");
    name.push(extension);
    let target = PathBuf::from(name);
    if compressed.len() < raw_len {
        std::fs::write(&target, compressed).with_context(|| format!("writing {}", target.display()))
    } else {
        // A stale variant of an earlier build must not be served instead.
        match std::fs::remove_file(&target) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(e).with_context(|| format!("removing {}", target.display()))
            }
            _ => Ok(()),
        }
    }
}

/// Brotli at quality 11 with the largest window (what browsers accept).
pub fn brotli(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 24);
        writer.write_all(bytes).context("brotli")?;
    }
    Ok(out)
}

/// gzip at level 9 (the `gzip -9` the size report uses).
pub fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).context("gzip")?;
    encoder.finish().context("gzip")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn variants_decode_to_the_file_and_skip_what_does_not_shrink() {
        let dir = std::env::temp_dir().join(format!("xtask-precompress-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("snippets/x-0123456789abcdef")).unwrap();
        let text = "export function f() { return 42; }\n".repeat(200);
        std::fs::write(dir.join("app-0123456789abcdef.js"), &text).unwrap();
        std::fs::write(dir.join("snippets/x-0123456789abcdef/inline0.js"), &text).unwrap();
        std::fs::write(dir.join("tiny.css"), "a{}").unwrap();
        std::fs::write(dir.join("tiny.css.gz"), "stale").unwrap();
        std::fs::write(dir.join("logo.png"), &text).unwrap();

        let done = precompress_dir(&dir).unwrap();
        assert_eq!(done.len(), 3, "{done:?}");

        let js = dir.join("app-0123456789abcdef.js");
        let mut gz = String::new();
        flate2::read::GzDecoder::new(
            &std::fs::read(dir.join("app-0123456789abcdef.js.gz")).unwrap()[..],
        )
        .read_to_string(&mut gz)
        .unwrap();
        assert_eq!(gz, text);
        let mut br = String::new();
        brotli::Decompressor::new(
            &std::fs::read(js.with_extension("js.br")).unwrap()[..],
            4096,
        )
        .read_to_string(&mut br)
        .unwrap();
        assert_eq!(br, text);
        assert!(dir
            .join("snippets/x-0123456789abcdef/inline0.js.br")
            .is_file());
        assert!(!dir.join("tiny.css.gz").exists(), "stale variant removed");
        assert!(!dir.join("tiny.css.br").exists());
        assert!(!dir.join("logo.png.gz").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
