//! Headless Chromium and a small DevTools-protocol client over `--remote-debugging-pipe`.
//!
//! The browser reads commands from its fd 3 and writes replies and events to its fd 4, each a
//! JSON object ended by a NUL byte. A pipe rather than a websocket: no port is opened on the
//! machine, no HTTP or websocket code is needed, and the connection ends when either side
//! exits. A reader thread turns the bytes into JSON values on a channel; [`Browser::call`]
//! waits for the reply with its id, keeping the events that arrive meanwhile, in order, for
//! [`Browser::next_event`].
//!
//! The browser never outlives saydo: it runs in its own process group, which [`Drop`] kills;
//! the kernel kills it when saydo dies (`PR_SET_PDEATHSIG`), also on a second Ctrl-C or a
//! crash; and Ctrl-C sets [`INTERRUPTED`], which every wait here checks.

use serde_json::{Value, json};
use std::collections::VecDeque;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

/// Set by Ctrl-C during an audit: waits stop, the browser is killed, saydo exits 130.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// The default browser: the Debian package `chromium`.
pub const DEFAULT_BROWSER: &str = "/usr/bin/chromium";

/// The environment variable naming another Chromium-family binary.
pub const BROWSER_VAR: &str = "SAYDO_BROWSER";

/// Flags that keep the browser's own traffic (updates, safe browsing, time checks, sync,
/// metrics, translation, field trials) off the network, so that what the capture holds is the
/// site's. The capture only records page targets anyway; these keep the machine quiet too.
/// `HttpsUpgrades` is off so that the address audited is the address loaded: an `http://` URL
/// given on purpose is not silently tried over https first.
const QUIET_FLAGS: &[&str] = &[
    "--headless=new",
    "--remote-debugging-pipe",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-breakpad",
    "--disable-crash-reporter",
    "--metrics-recording-only",
    "--safebrowsing-disable-auto-update",
    "--disable-field-trial-config",
    "--no-pings",
    "--password-store=basic",
    "--use-mock-keychain",
    "--disable-gpu",
    "--hide-scrollbars",
    "--mute-audio",
    "--window-size=1366,900",
    "--disable-features=Translate,OptimizationHints,OptimizationGuideModelDownloading,MediaRouter,DialMediaRouteProvider,HttpsUpgrades,AutofillServerCommunication,CertificateTransparencyComponentUpdater,InterestFeedContentSuggestions,PrivacySandboxSettings4,SafeBrowsingRealTimeUrlLookup",
];

/// A running browser and its DevTools connection.
pub struct Browser {
    child: Child,
    to_browser: std::fs::File,
    events: Receiver<Value>,
    pending: VecDeque<Value>,
    next_id: u64,
    /// The temporary profile, removed when the browser is gone.
    _profile: tempfile::TempDir,
    pub version: String,
}

/// Why talking to the browser failed.
#[derive(Debug)]
pub enum BrowserError {
    /// The browser exited or closed its pipe.
    Gone(String),
    /// No reply in time.
    Timeout(String),
    /// Ctrl-C.
    Interrupted,
    /// The browser answered with an error.
    Protocol(String),
}

impl std::fmt::Display for BrowserError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            BrowserError::Gone(m) => write!(f, "the browser stopped ({m})"),
            BrowserError::Timeout(m) => write!(f, "the browser did not answer in time ({m})"),
            BrowserError::Interrupted => write!(f, "interrupted"),
            BrowserError::Protocol(m) => write!(f, "{m}"),
        }
    }
}

/// The browser binary: `--browser`, else `SAYDO_BROWSER`, else [`DEFAULT_BROWSER`].
pub fn browser_path(flag: Option<&Path>) -> PathBuf {
    if let Some(p) = flag {
        return p.to_path_buf();
    }
    match std::env::var_os(BROWSER_VAR) {
        Some(v) if !v.is_empty() => PathBuf::from(v),
        _ => PathBuf::from(DEFAULT_BROWSER),
    }
}

/// Moves a descriptor to 10 or above (close-on-exec), so that placing the child's ends at 3
/// and 4 never overwrites one of them.
fn high_fd(fd: libc::c_int) -> std::io::Result<libc::c_int> {
    // SAFETY: fcntl on a descriptor this process owns.
    let high = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 10) };
    // SAFETY: `fd` is ours and no longer used.
    unsafe { libc::close(fd) };
    if high < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(high)
}

fn pipe() -> std::io::Result<(libc::c_int, libc::c_int)> {
    let mut fds = [0 as libc::c_int; 2];
    // SAFETY: fds has room for the two descriptors pipe2 writes.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok((high_fd(fds[0])?, high_fd(fds[1])?))
}

/// The temporary profile folders' names: the prefix, the saydo process's id, a dash.
const PROFILE_PREFIX: &str = "saydo-audit-profile-";

/// Removes the temporary profiles under `root` left by saydo processes that no longer run
/// (killed with SIGKILL, or by a power cut): a profile holds cookies and cache of the sites
/// audited, so it must not pile up in /tmp. A profile of a live process, or one whose owner
/// cannot be told (another user's, a name of another form), is left alone.
pub(crate) fn sweep_stale_profiles(root: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(root) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(PROFILE_PREFIX)) else {
            continue;
        };
        let Some(pid) = rest
            .split_once('-')
            .and_then(|(p, _)| p.parse::<libc::pid_t>().ok())
            .filter(|&p| p > 0)
        else {
            continue;
        };
        // SAFETY: kill with signal 0 only checks whether the process exists.
        let gone = unsafe { libc::kill(pid, 0) } != 0
            && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH);
        let ours = entry
            .metadata()
            .map(|m| {
                use std::os::unix::fs::MetadataExt;
                // SAFETY: geteuid has no preconditions.
                m.is_dir() && m.uid() == unsafe { libc::geteuid() }
            })
            .unwrap_or(false);
        if gone && ours && remove_profile(&entry.path()) {
            removed += 1;
        }
    }
    removed
}

/// Removes a dead run's profile. The browser that run started may outlive it for a moment and
/// still be writing there (a file created mid-removal fails it with "directory not empty"), so
/// a failed removal is tried again a few times, a little later each time.
fn remove_profile(path: &Path) -> bool {
    for wait_ms in [0, 50, 200, 500] {
        std::thread::sleep(std::time::Duration::from_millis(wait_ms));
        if std::fs::remove_dir_all(path).is_ok() || !path.exists() {
            return true;
        }
    }
    false
}

impl Browser {
    /// Starts the browser with a fresh temporary profile and connects to it.
    pub fn launch(binary: &Path, extra_args: &[String]) -> Result<Browser, String> {
        use std::os::fd::FromRawFd;
        use std::os::unix::process::CommandExt;
        if !binary.exists() {
            return Err(format!(
                "{}: no browser there (install the Debian package `chromium`, or name a Chromium-family binary with --browser or {BROWSER_VAR})",
                binary.display()
            ));
        }
        // A run killed with SIGKILL cannot remove its profile: the next run does.
        sweep_stale_profiles(&std::env::temp_dir());
        let profile = tempfile::Builder::new()
            .prefix(&format!("{PROFILE_PREFIX}{}-", std::process::id()))
            .tempdir()
            .map_err(|e| format!("cannot create a temporary browser profile: {e}"))?;
        let (cmd_read, cmd_write) = pipe().map_err(|e| format!("cannot create a pipe: {e}"))?;
        let (out_read, out_write) = pipe().map_err(|e| format!("cannot create a pipe: {e}"))?;
        let mut command = Command::new(binary);
        command
            .args(QUIET_FLAGS)
            .arg(format!("--user-data-dir={}", profile.path().display()));
        // SAFETY: geteuid has no preconditions. Chromium refuses to run its sandbox as root.
        if unsafe { libc::geteuid() } == 0 {
            command.arg("--no-sandbox");
        }
        command
            .args(extra_args)
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        // SAFETY: only async-signal-safe calls (dup2, setpgid, prctl, getppid, _exit-free) run
        // between fork and exec.
        unsafe {
            command.pre_exec(move || {
                if libc::dup2(cmd_read, 3) < 0 || libc::dup2(out_write, 4) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                // Its own process group: Drop kills the browser and every helper it started,
                // and a terminal's Ctrl-C reaches saydo, which then stops the browser itself.
                libc::setpgid(0, 0);
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                Ok(())
            });
        }
        let spawned = command.spawn();
        // SAFETY: the child's ends are ours to close once the child has them (or failed).
        unsafe {
            libc::close(cmd_read);
            libc::close(out_write);
        }
        let child = match spawned {
            Ok(c) => c,
            Err(e) => {
                // SAFETY: our ends, unused.
                unsafe {
                    libc::close(cmd_write);
                    libc::close(out_read);
                }
                return Err(format!(
                    "{}: cannot start the browser: {e}",
                    binary.display()
                ));
            }
        };
        // SAFETY: these descriptors are ours alone from here on.
        let to_browser = unsafe { std::fs::File::from_raw_fd(cmd_write) };
        let from_browser = unsafe { std::fs::File::from_raw_fd(out_read) };
        let (tx, rx) = channel();
        std::thread::Builder::new()
            .name("saydo-cdp".into())
            .spawn(move || read_messages(from_browser, tx))
            .map_err(|e| format!("cannot start a thread: {e}"))?;
        let mut browser = Browser {
            child,
            to_browser,
            events: rx,
            pending: VecDeque::new(),
            next_id: 0,
            _profile: profile,
            version: String::new(),
        };
        let v = browser
            .call(
                "Browser.getVersion",
                json!({}),
                None,
                Duration::from_secs(30),
            )
            .map_err(|e| format!("{}: {e}", binary.display()))?;
        browser.version = v["product"].as_str().unwrap_or("unknown").to_string();
        Ok(browser)
    }

    /// Sends a command (to a session when given) and returns its id without waiting.
    pub fn send(
        &mut self,
        method: &str,
        params: Value,
        session: Option<&str>,
    ) -> Result<u64, BrowserError> {
        self.next_id += 1;
        let mut msg = json!({"id": self.next_id, "method": method, "params": params});
        if let Some(s) = session {
            msg["sessionId"] = Value::String(s.to_string());
        }
        let mut bytes = serde_json::to_vec(&msg).unwrap_or_default();
        bytes.push(0);
        self.to_browser
            .write_all(&bytes)
            .map_err(|e| BrowserError::Gone(format!("cannot write to it: {e}")))?;
        Ok(self.next_id)
    }

    /// Sends a command and waits for its result; events arriving meanwhile are kept.
    pub fn call(
        &mut self,
        method: &str,
        params: Value,
        session: Option<&str>,
        timeout: Duration,
    ) -> Result<Value, BrowserError> {
        let id = self.send(method, params, session)?;
        let deadline = Instant::now() + timeout;
        loop {
            let msg = self.recv_until(deadline, method)?;
            if msg.get("id").and_then(Value::as_u64) == Some(id) {
                if let Some(err) = msg.get("error") {
                    return Err(BrowserError::Protocol(format!(
                        "{method}: {}",
                        err["message"].as_str().unwrap_or("error")
                    )));
                }
                return Ok(msg.get("result").cloned().unwrap_or(Value::Null));
            }
            if msg.get("method").is_some() {
                self.pending.push_back(msg);
            }
            // Replies to commands sent with `send` and not waited for are dropped.
        }
    }

    fn recv_until(&mut self, deadline: Instant, what: &str) -> Result<Value, BrowserError> {
        loop {
            if INTERRUPTED.load(Ordering::Relaxed) {
                return Err(BrowserError::Interrupted);
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(BrowserError::Timeout(what.to_string()));
            }
            let slice = (deadline - now).min(Duration::from_millis(100));
            match self.events.recv_timeout(slice) {
                Ok(v) => return Ok(v),
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(BrowserError::Gone(self.exit_status()));
                }
            }
        }
    }

    /// The next event, waiting up to `timeout`; `Ok(None)` when none came.
    pub fn next_event(&mut self, timeout: Duration) -> Result<Option<Value>, BrowserError> {
        if let Some(v) = self.pending.pop_front() {
            return Ok(Some(v));
        }
        let deadline = Instant::now() + timeout;
        loop {
            match self.recv_until(deadline, "event") {
                Ok(v) if v.get("method").is_some() => return Ok(Some(v)),
                Ok(_) => continue, // a reply nobody waits for
                Err(BrowserError::Timeout(_)) => return Ok(None),
                Err(e) => return Err(e),
            }
        }
    }

    fn exit_status(&mut self) -> String {
        std::thread::sleep(Duration::from_millis(50));
        match self.child.try_wait() {
            Ok(Some(s)) => format!("exited: {s}"),
            _ => "closed its connection".to_string(),
        }
    }

    /// Kills the browser's whole process group.
    pub fn kill(&mut self) {
        let pid = self.child.id() as libc::pid_t;
        // SAFETY: signals our own child's process group (set up in `launch`).
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Splits the browser's output at NUL bytes into JSON messages; ends at EOF.
fn read_messages(from: std::fs::File, tx: std::sync::mpsc::Sender<Value>) {
    let mut reader = std::io::BufReader::with_capacity(1 << 16, from);
    let mut buf = Vec::new();
    let mut chunk = [0u8; 1 << 16];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => n,
        };
        buf.extend_from_slice(&chunk[..n]);
        let mut start = 0;
        while let Some(end) = memchr::memchr(0, &buf[start..]) {
            if let Ok(v) = serde_json::from_slice::<Value>(&buf[start..start + end])
                && tx.send(v).is_err()
            {
                return;
            }
            start += end + 1;
        }
        buf.drain(..start);
    }
}

/// Ctrl-C during an audit sets [`INTERRUPTED`]; a second one ends saydo at once (and the
/// kernel then ends the browser).
pub fn stop_on_ctrl_c() {
    extern "C" fn on_sigint(_: libc::c_int) {
        INTERRUPTED.store(true, Ordering::Relaxed);
        // SAFETY: signal(2) is async-signal-safe.
        unsafe {
            libc::signal(libc::SIGINT, libc::SIG_DFL);
        }
    }
    // SAFETY: the handler only stores to an atomic and calls signal(2).
    unsafe {
        libc::signal(
            libc::SIGINT,
            on_sigint as extern "C" fn(libc::c_int) as libc::sighandler_t,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_of_dead_runs_are_swept_and_live_ones_kept() {
        let root = tempfile::tempdir().unwrap();
        // A process that has ended: its id names no live process (until reused, which the
        // sweep then takes for alive and leaves alone).
        let mut done = std::process::Command::new("true").spawn().unwrap();
        let dead = done.id();
        done.wait().unwrap();
        let stale = root.path().join(format!("{PROFILE_PREFIX}{dead}-abc123"));
        std::fs::create_dir_all(stale.join("Default")).unwrap();
        std::fs::write(stale.join("Default/Cookies"), b"x").unwrap();
        let live = root
            .path()
            .join(format!("{PROFILE_PREFIX}{}-def456", std::process::id()));
        std::fs::create_dir(&live).unwrap();
        let other = root.path().join("saydo-audit-profile-notapid");
        std::fs::create_dir(&other).unwrap();
        let unrelated = root.path().join("something-else-1-x");
        std::fs::create_dir(&unrelated).unwrap();

        assert_eq!(sweep_stale_profiles(root.path()), 1);
        assert!(!stale.exists());
        assert!(live.exists() && other.exists() && unrelated.exists());
    }
}
