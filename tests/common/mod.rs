//! Helpers shared by the integration tests (each test file that needs one says `mod common;`).

use std::path::Path;
use std::process::{Command, Stdio};

/// Runs saydo with `args` (in `dir`, when given), output discarded; returns its exit code and
/// peak RSS in bytes.
#[allow(dead_code)] // not every test file that includes this module uses every helper
pub fn peak_rss(dir: Option<&Path>, args: &[&str]) -> (i32, u64) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_saydo"));
    command
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    // Reaped by wait4 below, which also gives its resource usage (std's wait does not).
    #[allow(clippy::zombie_processes)]
    let child = command.spawn().unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is valid; wait4 reaps the child we spawned (std never waits
    // for it: `child` is dropped without wait).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(r, pid);
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    (code, usage.ru_maxrss as u64 * 1024)
}

/// saydo, run from the project's folder (so corpus paths are relative to it).
#[allow(dead_code)]
pub fn saydo() -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("saydo").unwrap();
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

/// Runs saydo with `args`: exit code, standard output, standard error.
#[allow(dead_code)]
pub fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = saydo().args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
