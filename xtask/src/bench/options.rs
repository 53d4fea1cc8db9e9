//! `cargo xtask bench` flags. Defaults are the issue's figures; `--quick`
//! shrinks every count and duration for a smoke run (its figures are not
//! comparable and BENCHMARKS.md says so).

use anyhow::{bail, Context, Result};

pub const USAGE: &str = "\
usage: cargo xtask bench [flags]
  --quick               small counts and short durations (smoke run)
  --only LETTERS        rows to run, e.g. `--only abc` (default: abcdefghijk)
  --rows N              sponsorships for the sync rows g and i (default 100000)
  --rows-large N        sponsorships for the large memory row i (default 1000000)
  --sync-timeout SECS   bound of one sync run (default 900)
  --load-secs SECS      cloud sync endpoint load (row h, default 30)
  --login-secs SECS     login load (row j, default 10)
  --loads N             cold loads for first screen ready (row c, default 10)
  --kdf-runs N          runs of each KDF (rows d-f, default 5)
  --scale-secs SECS     load on one, then two cloud replicas (row k, default 60 each)
  --scale-installations N  installations posting batches in row k (default 200)
  --skip-web-build      use the existing dist/ instead of running trunk
  --skip-server-build   use the existing release server binary (no cargo build)
  --no-postgres         sync rows on SQLite only
";

/// Every knob of a run.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    pub quick: bool,
    pub rows_to_run: String,
    pub rows: u64,
    pub rows_large: u64,
    pub sync_timeout_secs: u64,
    pub load_secs: u64,
    pub login_secs: u64,
    pub loads: u32,
    pub kdf_runs: u32,
    pub scale_secs: u64,
    pub scale_installations: u32,
    pub skip_web_build: bool,
    pub skip_server_build: bool,
    pub postgres: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            quick: false,
            rows_to_run: "abcdefghijk".to_string(),
            rows: 100_000,
            rows_large: 1_000_000,
            sync_timeout_secs: 900,
            load_secs: 30,
            login_secs: 10,
            loads: 10,
            kdf_runs: 5,
            scale_secs: 60,
            scale_installations: 200,
            skip_web_build: false,
            skip_server_build: false,
            postgres: true,
        }
    }
}

impl Options {
    /// The quick run's smaller figures; flags after `--quick` still apply.
    fn quick() -> Options {
        Options {
            quick: true,
            rows: 5_000,
            rows_large: 20_000,
            sync_timeout_secs: 300,
            load_secs: 5,
            login_secs: 3,
            loads: 3,
            kdf_runs: 1,
            scale_secs: 5,
            scale_installations: 20,
            ..Options::default()
        }
    }

    /// Whether row `letter` is part of this run.
    pub fn runs(&self, letter: char) -> bool {
        self.rows_to_run.contains(letter)
    }

    pub fn needs_browser(&self) -> bool {
        "bcdef".chars().any(|c| self.runs(c))
    }

    pub fn needs_web(&self) -> bool {
        "abcdef".chars().any(|c| self.runs(c))
    }

    pub fn needs_postgres(&self) -> bool {
        self.postgres && "gik".chars().any(|c| self.runs(c))
    }

    /// The flags as given, for BENCHMARKS.md.
    pub fn describe(&self) -> String {
        let mut parts = vec![
            format!("rows {}", self.rows_to_run),
            format!("--rows {}", self.rows),
            format!("--rows-large {}", self.rows_large),
            format!("--sync-timeout {}", self.sync_timeout_secs),
            format!("--load-secs {}", self.load_secs),
            format!("--login-secs {}", self.login_secs),
            format!("--loads {}", self.loads),
            format!("--kdf-runs {}", self.kdf_runs),
            format!("--scale-secs {}", self.scale_secs),
            format!("--scale-installations {}", self.scale_installations),
        ];
        if self.quick {
            parts.insert(0, "--quick".to_string());
        }
        if !self.postgres {
            parts.push("--no-postgres".to_string());
        }
        if self.skip_web_build || self.skip_server_build {
            parts.push("prebuilt binaries".to_string());
        }
        parts.join(", ")
    }
}

/// Parses the flags after `bench`.
pub fn parse(args: &[String]) -> Result<Options> {
    let mut options = if args.iter().any(|a| a == "--quick") {
        Options::quick()
    } else {
        Options::default()
    };
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .with_context(|| format!("{name} needs a value\n\n{USAGE}"))
        };
        match flag.as_str() {
            "--quick" => {}
            "--skip-web-build" => options.skip_web_build = true,
            "--skip-server-build" => options.skip_server_build = true,
            "--no-postgres" => options.postgres = false,
            "--only" => {
                let letters = value("--only")?.to_ascii_lowercase();
                if letters.is_empty() || !letters.chars().all(|c| ('a'..='k').contains(&c)) {
                    bail!("--only takes row letters a-k, got {letters:?}");
                }
                options.rows_to_run = letters;
            }
            "--rows" => options.rows = positive(flag, value(flag)?)?,
            "--rows-large" => options.rows_large = positive(flag, value(flag)?)?,
            "--sync-timeout" => options.sync_timeout_secs = positive(flag, value(flag)?)?,
            "--load-secs" => options.load_secs = positive(flag, value(flag)?)?,
            "--login-secs" => options.login_secs = positive(flag, value(flag)?)?,
            "--loads" => options.loads = small(flag, value(flag)?)?,
            "--kdf-runs" => options.kdf_runs = small(flag, value(flag)?)?,
            "--scale-secs" => options.scale_secs = positive(flag, value(flag)?)?,
            "--scale-installations" => options.scale_installations = small(flag, value(flag)?)?,
            other => bail!("unknown flag {other:?}\n\n{USAGE}"),
        }
    }
    Ok(options)
}

fn positive(flag: &str, value: &str) -> Result<u64> {
    match value.replace('_', "").parse::<u64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => bail!("{flag} takes a positive whole number, got {value:?}"),
    }
}

fn small(flag: &str, value: &str) -> Result<u32> {
    let n = positive(flag, value)?;
    u32::try_from(n)
        .ok()
        .filter(|n| *n <= 1000)
        .with_context(|| format!("{flag} is at most 1000, got {n}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn defaults_are_the_issue_figures() -> Result<()> {
        let o = parse(&[])?;
        assert_eq!(
            (o.rows, o.rows_large, o.load_secs, o.loads, o.kdf_runs),
            (100_000, 1_000_000, 30, 10, 5)
        );
        assert!(o.needs_browser() && o.needs_postgres() && o.runs('j'));
        Ok(())
    }

    #[test]
    fn quick_shrinks_and_later_flags_win() -> Result<()> {
        let o = parse(&args(&["--rows", "1_000", "--quick", "--only", "GH"]))?;
        assert!(o.quick);
        assert_eq!(o.rows, 1_000, "--quick applies first, then the flags");
        assert_eq!(parse(&args(&["--quick"]))?.rows, 5_000);
        let o = parse(&args(&[
            "--quick",
            "--rows",
            "1_000",
            "--only",
            "gh",
            "--no-postgres",
        ]))?;
        assert_eq!((o.rows, o.load_secs), (1_000, 5));
        assert!(!o.needs_browser() && !o.needs_web() && !o.needs_postgres());
        assert!(o.describe().starts_with("--quick, rows gh, --rows 1000"));
        Ok(())
    }

    #[test]
    fn bad_flags_are_refused() {
        for bad in [
            &["--rows"][..],
            &["--rows", "0"],
            &["--rows", "many"],
            &["--only", "xyz"],
            &["--only", "l"],
            &["--scale-installations", "0"],
            &["--loads", "5000"],
            &["--fast"],
        ] {
            assert!(parse(&args(bad)).is_err(), "{bad:?}");
        }
    }
}
