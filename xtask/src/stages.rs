//! Timed stages: `==> name` before, `<== name: 12.3s` after, and a summary table
//! (with every collected `test result:` line) that is printed even on failure.

use anyhow::Result;
use std::time::{Duration, Instant};

/// One finished stage.
struct Record {
    name: String,
    took: Duration,
    ok: bool,
}

/// The stages run so far and the `test result:` lines they produced.
pub struct Stages {
    started: Instant,
    records: Vec<Record>,
    test_results: Vec<(String, String)>,
}

impl Stages {
    pub fn new() -> Stages {
        Stages {
            started: Instant::now(),
            records: Vec::new(),
            test_results: Vec::new(),
        }
    }

    /// Runs one stage, timing and recording it. Its error is returned unchanged
    /// so the caller can stop at the first failure with `?`.
    pub fn run<T>(&mut self, name: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
        println!("\n==> {name}");
        let start = Instant::now();
        let result = f();
        let took = start.elapsed();
        let ok = result.is_ok();
        let verdict = if ok { "" } else { " FAILED" };
        println!("<== {name}: {}{verdict}", secs(took));
        self.records.push(Record {
            name: name.to_string(),
            took,
            ok,
        });
        result
    }

    /// Like [`Stages::run`] for a test stage: `f` returns the `test result:`
    /// lines of its children. A test stage that ran no test at all fails, so a
    /// silently empty suite (wrong target, wrong filter) cannot pass CI.
    pub fn run_tests(&mut self, name: &str, f: impl FnOnce() -> Result<Vec<String>>) -> Result<()> {
        let mut collected = Vec::new();
        let outcome = self.run(name, || {
            let lines = f()?;
            collected.clone_from(&lines);
            if passed_total(&lines) == 0 {
                anyhow::bail!(
                    "stage `{name}` ran no tests ({} `test result:` lines)",
                    lines.len()
                );
            }
            Ok(())
        });
        self.test_results
            .extend(collected.into_iter().map(|l| (name.to_string(), l)));
        outcome
    }

    /// Prints the table of stages, the test results and the total time.
    pub fn print_summary(&self) {
        println!("\n==> summary");
        let width = self.records.iter().map(|r| r.name.len()).max().unwrap_or(5);
        for r in &self.records {
            let verdict = if r.ok { "ok" } else { "FAILED" };
            println!("  {:<width$}  {:>8}  {verdict}", r.name, secs(r.took));
        }
        if !self.test_results.is_empty() {
            println!("\n  test results:");
            for (stage, line) in &self.test_results {
                println!("  [{stage}] {line}");
            }
        }
        println!("\n  total: {}", secs(self.started.elapsed()));
    }
}

/// Sum of "N passed" over libtest summary lines.
fn passed_total(lines: &[String]) -> u64 {
    lines
        .iter()
        .filter_map(|l| {
            let before = l.split(" passed").next()?;
            before.rsplit(' ').next()?.parse::<u64>().ok()
        })
        .sum()
}

/// `12.3s`, or `2m05.1s` past a minute.
pub fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 60.0 {
        format!("{s:.1}s")
    } else {
        format!("{}m{:04.1}s", (s / 60.0).floor() as u64, s % 60.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passed_total_sums_libtest_lines() {
        let lines = vec![
            "test result: ok. 12 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s".to_string(),
            "test result: ok. 0 passed; 0 failed; 0 ignored".to_string(),
            "test result: ok. 3 passed; 0 failed".to_string(),
        ];
        assert_eq!(passed_total(&lines), 15);
        assert_eq!(passed_total(&[]), 0);
    }

    #[test]
    fn secs_formats_minutes() {
        assert_eq!(secs(Duration::from_millis(12_340)), "12.3s");
        assert_eq!(secs(Duration::from_millis(125_100)), "2m05.1s");
    }
}
