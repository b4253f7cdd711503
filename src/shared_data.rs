//! Where tests and benchmarks find the real data kept beside the project (`../shared/data`:
//! captures, registries, policy corpora), which a clone does not have.
//!
//! The convention for every test that needs it: call [`shared_data`] and return when it gives
//! `None`. `SAYDO_SHARED_DATA` says what a missing folder means:
//!
//! - unset: the data is looked for in `../shared/data`; when absent the test prints
//!   `SKIPPED <test>: <path> is not here` on standard error (past the test harness's capture,
//!   so it shows in a plain `cargo test`) and passes;
//! - `required`: the same folder, and a missing one fails the test;
//! - a folder: the data is there, and a missing one fails the test.

use std::io::Write;
use std::path::PathBuf;

/// The environment variable: unset, `required`, or the data folder.
pub const VAR: &str = "SAYDO_SHARED_DATA";

/// `sub` inside the shared data folder (`"har"`, `"registries"`), or `None` after a visible
/// skip message when it is absent and not required. Panics when it is required and absent.
pub fn shared_data(test: &str, sub: &str) -> Option<PathBuf> {
    let setting = std::env::var(VAR).unwrap_or_default();
    match locate(&setting, sub) {
        Ok(found) => Some(found),
        Err(Missing::Required(why)) => panic!("{test}: {why}"),
        Err(Missing::Skipped(why)) => {
            // Straight to the process's stderr: the harness captures eprintln! of a passing
            // test, and a skip must be seen.
            let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {why}");
            None
        }
    }
}

/// Why the data is not there, and whether that fails the test.
#[derive(Debug, PartialEq, Eq)]
pub enum Missing {
    Skipped(String),
    Required(String),
}

/// [`shared_data`] without the environment: `setting` is the value of [`VAR`].
pub fn locate(setting: &str, sub: &str) -> Result<PathBuf, Missing> {
    let root = match setting {
        "" | "required" => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"),
        dir => PathBuf::from(dir),
    };
    let path = root.join(sub);
    if path.exists() {
        return Ok(path);
    }
    if setting.is_empty() {
        Err(Missing::Skipped(format!(
            "{} is not here (set {VAR}=required to fail instead, or {VAR}=DIR)",
            path.display()
        )))
    } else {
        Err(Missing::Required(format!(
            "{} is not here and {VAR}={setting} requires it",
            path.display()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_data_is_skipped_unless_required() {
        let sub = "no-such-folder-saydo-test";
        assert!(matches!(locate("", sub), Err(Missing::Skipped(_))));
        assert!(matches!(locate("required", sub), Err(Missing::Required(_))));
        let dir = tempfile::tempdir().unwrap();
        let named = dir.path().display().to_string();
        assert!(matches!(locate(&named, sub), Err(Missing::Required(_))));
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        assert_eq!(locate(&named, sub), Ok(dir.path().join(sub)));
    }
}
