//! Running child processes: status checks, teeing `test result:` lines, stopping
//! long-running children from a `Drop` guard, and Ctrl-C / SIGTERM handling.
//!
//! xtask stays dependency-free here on purpose: the few libc calls we need
//! (`signal`, `kill`, `geteuid`) are declared by hand below instead of pulling
//! in `libc`/`nix`/`ctrlc`.

use anyhow::{bail, Context, Result};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Runs `cmd` with inherited stdio and fails unless it exits successfully.
pub fn run(cmd: &mut Command) -> Result<()> {
    let shown = display(cmd);
    println!("$ {shown}");
    let status = cmd
        .status()
        .with_context(|| format!("could not start `{shown}`"))?;
    check(&shown, status)
}

/// Runs `cmd` and returns its trimmed stdout, or `None` if it cannot be started
/// or fails. Used for version probes, where "not installed" is a normal answer.
pub fn probe(cmd: &mut Command) -> Option<String> {
    let out = cmd
        .stderr(Stdio::null())
        .stdin(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Runs `cmd`, streaming its stdout line by line to ours, and returns the lines
/// that start with `test result:` (libtest's per-binary summary), so the final
/// summary can repeat them. stderr (cargo's progress) is inherited untouched.
///
/// If Ctrl-C / SIGTERM arrives while it runs, the child is stopped and an error
/// is returned, so callers unwind and their `Drop` guards clean up.
pub fn run_tee_test_results(cmd: &mut Command) -> Result<Vec<String>> {
    tee_test_results(cmd, std::io::stdout())
}

/// [`run_tee_test_results`] with the copy going to `out` (a sink in tests, so
/// their fake summary lines do not show up in a real run's summary).
fn tee_test_results(
    cmd: &mut Command,
    mut out: impl Write + Send + 'static,
) -> Result<Vec<String>> {
    let shown = display(cmd);
    println!("$ {shown}");
    let mut child = cmd
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("could not start `{shown}`"))?;
    let stdout = child.stdout.take().context("child stdout was not piped")?;
    // A reader thread keeps the pipe drained while the main thread watches for
    // signals; it hands back the collected summary lines when the pipe closes.
    let reader = std::thread::spawn(move || {
        let mut results = Vec::new();
        for line in BufReader::new(stdout).lines().map_while(|l| l.ok()) {
            // Ignore write errors to our own stdout (e.g. a closed pipe): the
            // child's exit status is what decides the stage.
            let _ = writeln!(out, "{line}");
            if line.trim_start().starts_with("test result:") {
                results.push(line.trim().to_string());
            }
        }
        results
    });
    let status = wait_interruptibly(&mut child, &shown)?;
    let results = reader
        .join()
        .map_err(|_| anyhow::anyhow!("stdout reader thread of `{shown}` panicked"))?;
    check(&shown, status)?;
    Ok(results)
}

/// Waits for `child`, stopping it if an interrupt signal arrives meanwhile.
fn wait_interruptibly(child: &mut Child, shown: &str) -> Result<ExitStatus> {
    loop {
        if let Some(status) = child.try_wait().context("waiting for child")? {
            return Ok(status);
        }
        if interrupted() {
            terminate(child, Duration::from_secs(10));
            bail!("interrupted while running `{shown}`");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Turns a non-zero exit status into an error naming the command.
fn check(shown: &str, status: ExitStatus) -> Result<()> {
    if status.success() {
        Ok(())
    } else {
        bail!("`{shown}` failed: {status}")
    }
}

/// A command line as a user could retype it (env overrides are not shown).
pub fn display(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for arg in cmd.get_args() {
        s.push(' ');
        s.push_str(&arg.to_string_lossy());
    }
    s
}

/// A long-running child (server, chromedriver) that is stopped when dropped,
/// so an early return or a panic never leaks a process.
pub struct Guarded {
    name: String,
    child: Option<Child>,
}

impl Guarded {
    /// Spawns `cmd` in its own process group, so a terminal Ctrl-C reaches only
    /// xtask, which then stops the child in order (SIGTERM, then SIGKILL).
    pub fn spawn(name: &str, cmd: &mut Command) -> Result<Guarded> {
        use std::os::unix::process::CommandExt;
        let child = cmd
            .process_group(0)
            .stdin(Stdio::null())
            .spawn()
            .with_context(|| format!("could not start {name}: `{}`", display(cmd)))?;
        Ok(Guarded {
            name: name.to_string(),
            child: Some(child),
        })
    }

    /// The child's exit status if it has already exited.
    pub fn exited(&mut self) -> Result<Option<ExitStatus>> {
        match self.child.as_mut() {
            Some(child) => child.try_wait().context("polling child"),
            None => Ok(None),
        }
    }

    /// The child's process id while it runs (the bench reads its peak memory).
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// The child's piped stdout, if it was spawned with `Stdio::piped()`.
    pub fn take_stdout(&mut self) -> Option<std::process::ChildStdout> {
        self.child.as_mut()?.stdout.take()
    }

    /// The child's piped stderr, if it was spawned with `Stdio::piped()`.
    pub fn take_stderr(&mut self) -> Option<std::process::ChildStderr> {
        self.child.as_mut()?.stderr.take()
    }

    /// Stops the child now (idempotent).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            if terminate(&mut child, Duration::from_secs(10)) {
                println!("stopped {}", self.name);
            }
        }
    }
}

impl Drop for Guarded {
    fn drop(&mut self) {
        self.stop();
    }
}

/// SIGTERM, a grace period for a clean shutdown, then SIGKILL; always reaps.
/// Returns whether the child was still running.
fn terminate(child: &mut Child, grace: Duration) -> bool {
    if let Ok(Some(_)) = child.try_wait() {
        return false;
    }
    sys::send_sigterm(child.id());
    let deadline = Instant::now() + grace;
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    true
}

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Routes SIGINT and SIGTERM into a flag instead of killing xtask outright, so
/// `Drop` guards (servers, PostgreSQL, chromedriver) get to run.
pub fn install_signal_handlers() {
    sys::install(on_signal);
}

/// True once Ctrl-C or SIGTERM was received.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Signal handler: only an atomic store, which is async-signal-safe.
extern "C" fn on_signal(_signum: i32) {
    INTERRUPTED.store(true, Ordering::SeqCst);
}

/// Whether xtask runs as root (then PostgreSQL needs a dedicated user).
pub fn is_root() -> bool {
    sys::is_root()
}

/// Last `lines` lines of a log file, for error messages.
pub fn tail(path: &Path, lines: usize) -> String {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let all: Vec<&str> = text.lines().collect();
            all[all.len().saturating_sub(lines)..].join("\n")
        }
        Err(e) => format!("(could not read {}: {e})", path.display()),
    }
}

/// The three libc functions xtask needs, declared by hand (Linux/Unix only).
mod sys {
    const SIGINT: i32 = 2;
    const SIGTERM: i32 = 15;

    extern "C" {
        fn signal(signum: i32, handler: usize) -> usize;
        fn kill(pid: i32, sig: i32) -> i32;
        fn geteuid() -> u32;
    }

    pub fn install(handler: extern "C" fn(i32)) {
        // SAFETY: `handler` only performs an atomic store (async-signal-safe);
        // `signal` has no other preconditions.
        unsafe {
            signal(SIGINT, handler as usize);
            signal(SIGTERM, handler as usize);
        }
    }

    pub fn send_sigterm(pid: u32) {
        if let Ok(pid) = i32::try_from(pid) {
            // SAFETY: plain syscall on a pid we spawned and have not reaped yet.
            unsafe {
                kill(pid, SIGTERM);
            }
        }
    }

    pub fn is_root() -> bool {
        // SAFETY: geteuid cannot fail and has no preconditions.
        unsafe { geteuid() == 0 }
    }
}

/// A temporary directory removed on drop (xtask avoids the `tempfile` crate).
pub struct TempDir {
    path: std::path::PathBuf,
}

impl TempDir {
    /// `$TMPDIR/<prefix>-<pid>-<n>`, created empty.
    pub fn new(prefix: &str) -> Result<TempDir> {
        static COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let path = std::env::temp_dir().join(format!("{prefix}-{}-{n}", std::process::id()));
        // A leftover from a killed run that had the same pid is garbage.
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).with_context(|| format!("creating {}", path.display()))?;
        Ok(TempDir { path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Runs `work` on every item with two threads (CI has two cores), the
/// items in the order given (callers put the longest first, so the longest
/// job overlaps the others); the first error, or a panic, fails the whole.
pub fn on_two_workers<T: Sync>(
    items: &[T],
    what: &str,
    work: impl Fn(&T) -> Result<()> + Sync,
) -> Result<()> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..2)
            .map(|_| {
                scope.spawn(|| -> Result<()> {
                    loop {
                        let index = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        let Some(item) = items.get(index) else {
                            return Ok(());
                        };
                        work(item)?;
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|_| anyhow::bail!("{what} worker panicked"))
            })
            .collect::<Result<Vec<()>>>()
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tee_keeps_test_result_lines_and_checks_status() -> Result<()> {
        let script = "echo 'running 3 tests'; echo 'test result: ok. 3 passed; 0 failed'";
        let lines = tee_test_results(Command::new("sh").args(["-c", script]), std::io::sink())?;
        assert_eq!(lines, ["test result: ok. 3 passed; 0 failed"]);
        assert!(
            tee_test_results(Command::new("sh").args(["-c", "exit 3"]), std::io::sink()).is_err()
        );
        Ok(())
    }

    #[test]
    fn dropping_a_guard_stops_the_child_promptly() -> Result<()> {
        let start = Instant::now();
        let mut guard = Guarded::spawn("sleep", Command::new("sleep").arg("30"))?;
        assert!(guard.exited()?.is_none());
        drop(guard);
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "SIGTERM should end `sleep` at once"
        );
        Ok(())
    }
}
