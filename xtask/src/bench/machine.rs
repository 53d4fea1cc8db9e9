//! The machine a run measured: CPU model and cores from `/proc/cpuinfo`,
//! RAM from `/proc/meminfo`, the date, and a process's peak RSS.

use anyhow::{Context, Result};
use std::process::Command;

/// What BENCHMARKS.md says about where the figures come from.
#[derive(Debug, PartialEq, Eq)]
pub struct Machine {
    pub cpu: String,
    pub cores: usize,
    pub ram_mib: u64,
}

impl Machine {
    pub fn read() -> Result<Machine> {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").context("reading /proc/cpuinfo")?;
        let meminfo = std::fs::read_to_string("/proc/meminfo").context("reading /proc/meminfo")?;
        Ok(parse(&cpuinfo, &meminfo))
    }
}

fn parse(cpuinfo: &str, meminfo: &str) -> Machine {
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .and_then(|rest| rest.split_once(':'))
        .map(|(_, model)| model.trim().to_string())
        .unwrap_or_else(|| "unknown CPU".to_string());
    let cores = cpuinfo
        .lines()
        .filter(|l| l.starts_with("processor"))
        .count();
    let ram_mib = kib_field(meminfo, "MemTotal:").unwrap_or(0) / 1024;
    Machine {
        cpu,
        cores,
        ram_mib,
    }
}

/// A `Name:   1234 kB` field of a `/proc` status-style file, in KiB.
pub fn kib_field(text: &str, name: &str) -> Option<u64> {
    text.lines()
        .find_map(|l| l.strip_prefix(name))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// Peak resident set size (`VmHWM`) of a running process, in KiB.
pub fn peak_rss_kib(pid: u32) -> Result<u64> {
    let path = format!("/proc/{pid}/status");
    let status = std::fs::read_to_string(&path).with_context(|| format!("reading {path}"))?;
    kib_field(&status, "VmHWM:").with_context(|| format!("no VmHWM in {path}"))
}

/// `2026-12-02 13:45 UTC`, from `date` (xtask has no time crate).
pub fn now_utc() -> String {
    crate::process::probe(Command::new("date").args(["-u", "+%Y-%m-%d %H:%M UTC"]))
        .unwrap_or_else(|| "unknown date".to_string())
}

/// The commit measured, with `+dirty` when the tree has changes.
pub fn commit() -> String {
    let root = crate::project_root();
    let head = crate::process::probe(
        Command::new("git")
            .args(["rev-parse", "--short", "HEAD"])
            .current_dir(&root),
    )
    .unwrap_or_else(|| "unknown".to_string());
    let dirty = crate::process::probe(
        Command::new("git")
            .args(["status", "--porcelain", "--untracked-files=no"])
            .current_dir(&root),
    )
    .is_some_and(|s| !s.is_empty());
    if dirty {
        format!("{head}+dirty")
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_cores_and_ram_come_from_proc() {
        let cpuinfo = "processor\t: 0\nmodel name\t: AMD EPYC 7B13\nflags\t: fpu\n\n\
                       processor\t: 1\nmodel name\t: AMD EPYC 7B13\n";
        let meminfo = "MemTotal:       24684544 kB\nMemFree:  100 kB\n";
        assert_eq!(
            parse(cpuinfo, meminfo),
            Machine {
                cpu: "AMD EPYC 7B13".to_string(),
                cores: 2,
                ram_mib: 24106
            }
        );
        assert_eq!(parse("", "").cpu, "unknown CPU");
    }

    #[test]
    fn vmhwm_is_read_in_kib() {
        let status =
            "Name:\tbilling-sync\nVmPeak:\t  900 kB\nVmHWM:\t   53124 kB\nVmRSS:\t 40000 kB\n";
        assert_eq!(kib_field(status, "VmHWM:"), Some(53124));
        assert_eq!(kib_field(status, "VmSwap:"), None);
        assert!(peak_rss_kib(std::process::id()).is_ok_and(|kib| kib > 0));
    }
}
