//! `saydo audit URL`: visit a site in headless Chromium as a person would, keep every request
//! as a HAR capture, find and save the privacy policy, and judge the capture against it
//! exactly as `saydo check` does. Everything goes into one folder, with a manifest.
//!
//! Stages, each named in progress lines and errors: `launch` (start the browser), `load` (the
//! landing page), `consent` (`--consent`), `canary` (type `--canary` values into form fields),
//! `pages` (further same-site pages), `policy` (find and save it), `check` (the report).

pub mod browser;
pub mod capture;
pub mod policy;
pub mod sites;

use crate::compare::{self, PolicySet, Severity};
use crate::practice::{self, Canary};
use crate::report;
use crate::vocab::Vocabulary;
use browser::{Browser, BrowserError};
use capture::{Capture, Phase};
use serde_json::{Value, json};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What `--consent` does with a consent banner.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Consent {
    /// Click the banner's button that accepts all.
    Accept,
    /// Click the banner's button that rejects all (or accepts only what is necessary).
    Reject,
}

impl Consent {
    pub fn as_str(self) -> &'static str {
        match self {
            Consent::Accept => "accept",
            Consent::Reject => "reject",
        }
    }
}

/// Everything an audit needs to know.
#[derive(Clone, Debug)]
pub struct Options {
    pub url: String,
    pub out: PathBuf,
    pub canaries: Vec<Canary>,
    pub browser: PathBuf,
    pub browser_args: Vec<String>,
    /// Longest wait for a page to load and its network to settle.
    pub wait: Duration,
    pub pages: usize,
    pub consent: Option<Consent>,
    pub policy: Option<String>,
    pub force: bool,
    pub fail_on: Option<Severity>,
    /// `--vocab` files, for the manifest.
    pub vocab_files: Vec<PathBuf>,
    /// Print the text report on standard output (the single-site command does).
    pub print_report: bool,
}

/// How an audit ended.
pub struct Outcome {
    /// 0 clean, 1 findings at or above `--fail-on`, 2 a fault, 130 Ctrl-C.
    pub code: u8,
    /// The one-line error of a fault.
    pub error: Option<String>,
    /// What `summary.jsonl` shows of the audit.
    pub summary: Value,
}

/// A stage that failed.
struct Fault {
    stage: &'static str,
    message: String,
}

fn fault(stage: &'static str, message: impl Into<String>) -> Fault {
    Fault {
        stage,
        message: message.into(),
    }
}

/// The names of the files an audit writes (all of them, so `--force` clears stale ones).
pub const FILES: &[&str] = &[
    "capture.har",
    "policy.html",
    "policy.md",
    "screenshot.png",
    "report.json",
    "report.html",
    "report.txt",
    "manifest.json",
];

/// A time in seconds since the Unix epoch as ISO 8601 UTC with milliseconds.
pub fn iso_utc(secs: f64) -> String {
    let ms_total = (secs.max(0.0) * 1000.0).round() as i64;
    let (days, ms_day) = (
        ms_total.div_euclid(86_400_000),
        ms_total.rem_euclid(86_400_000),
    );
    // Days to civil date (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let (h, rest) = (ms_day / 3_600_000, ms_day % 3_600_000);
    let (min, rest) = (rest / 60_000, rest % 60_000);
    format!(
        "{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{:02}.{:03}Z",
        rest / 1000,
        rest % 1000
    )
}

/// Refuses a non-empty `--out` folder unless `--force`, then makes sure it exists (and with
/// `--force` removes the files an earlier audit wrote there, so none is left stale).
pub fn prepare_out(out: &Path, force: bool) -> Result<(), String> {
    match std::fs::read_dir(out) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                if !force {
                    return Err(format!(
                        "{}: the folder exists and is not empty; choose another --out, or add --force to write into it",
                        out.display()
                    ));
                }
                for f in FILES {
                    let _ = std::fs::remove_file(out.join(f));
                }
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(out).map_err(|e| crate::input::cannot_write(out, &e))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => Err(format!(
            "{}: is a file; --out needs a folder",
            out.display()
        )),
        Err(e) => Err(crate::input::cannot_read(out, &e)),
    }
}

/// A document a banner or a form field is looked for in.
#[derive(Clone, Debug)]
struct Doc {
    /// The page's session, or a cross-site frame's.
    session: String,
    /// A frame in the page's own renderer: saydo's isolated world in it.
    context: Option<i64>,
    /// The frame's address; `None` for the page.
    frame: Option<String>,
}

/// The state of one audit while it runs.
struct Run<'o> {
    opts: &'o Options,
    browser: Option<Browser>,
    cap: Capture,
    version: String,
    final_url: Option<String>,
    visited: Vec<String>,
    policy: Value,
    consent: Option<Value>,
    notes: Vec<String>,
    typed: Vec<Value>,
    progress: bool,
    /// Cross-site frames in their own renderer (session, address when attached), in the order
    /// they were attached: banners and forms are looked for in them too.
    frames: Vec<(String, String)>,
    /// The target id of every attached session but the page's.
    targets: std::collections::HashMap<String, String>,
    /// How many of the capture's crashed frames and workers are in the notes already.
    crashes_noted: usize,
}

impl Run<'_> {
    fn say(&self, stage: &str, msg: &str) {
        if self.progress {
            let _ = writeln!(anstream::stderr(), "saydo audit: {stage}: {msg}");
        }
    }

    fn b(&mut self) -> &mut Browser {
        self.browser.as_mut().expect("browser launched")
    }

    fn gone(&mut self, stage: &'static str, e: BrowserError) -> Fault {
        match e {
            BrowserError::Interrupted => fault(stage, "interrupted (Ctrl-C)"),
            BrowserError::Gone(m) => fault(stage, format!("the browser crashed ({m})")),
            other => fault(stage, other.to_string()),
        }
    }

    fn main(&self) -> String {
        self.cap.main_session.clone()
    }

    /// Handles one event, including the work some events ask for (attaching to a new target,
    /// fetching a request body, dismissing a dialog).
    fn process(&mut self, ev: Value) -> Result<(), BrowserError> {
        let method = ev["method"].as_str().unwrap_or("").to_string();
        let session = ev["sessionId"].as_str().unwrap_or("").to_string();
        if method == "Target.attachedToTarget" {
            let child = ev["params"]["sessionId"].as_str().unwrap_or("").to_string();
            let kind = ev["params"]["targetInfo"]["type"]
                .as_str()
                .unwrap_or("other")
                .to_string();
            if kind == "iframe" {
                let url = ev["params"]["targetInfo"]["url"]
                    .as_str()
                    .unwrap_or("")
                    .to_string();
                self.frames.push((child.clone(), url));
            }
            if let Some(target) = ev["params"]["targetInfo"]["targetId"].as_str() {
                self.targets.insert(child.clone(), target.to_string());
            }
            self.cap.sessions.insert(child.clone(), kind.clone());
            let b = self.b();
            // Sent without waiting: a worker may not know a domain, and the target is paused
            // until the last command.
            b.send(
                "Network.enable",
                json!({"maxPostDataSize": 1 << 20}),
                Some(&child),
            )?;
            // Reports a crash of the frame's or worker's renderer (Inspector.targetCrashed).
            b.send("Inspector.enable", json!({}), Some(&child))?;
            if kind == "iframe" {
                // A frame in its own renderer believes it has focus too: typing reaches it.
                b.send(
                    "Emulation.setFocusEmulationEnabled",
                    json!({"enabled": true}),
                    Some(&child),
                )?;
            }
            b.send(
                "Target.setAutoAttach",
                json!({"autoAttach": true, "waitForDebuggerOnStart": true, "flatten": true}),
                Some(&child),
            )?;
            b.send("Runtime.runIfWaitingForDebugger", json!({}), Some(&child))?;
            return Ok(());
        }
        if method == "Target.detachedFromTarget"
            && let Some(child) = ev["params"]["sessionId"].as_str()
        {
            self.frames.retain(|(s, _)| s != child);
        }
        if method == "Page.javascriptDialogOpening" {
            self.b().send(
                "Page.handleJavaScriptDialog",
                json!({"accept": false}),
                Some(&session),
            )?;
            return Ok(());
        }
        let wanted = self.cap.handle(&ev);
        while self.crashes_noted < self.cap.crashed_children.len() {
            let child = self.cap.crashed_children[self.crashes_noted].clone();
            self.crashes_noted += 1;
            let kind = match self.cap.sessions.get(&child).map(String::as_str) {
                Some("iframe") | None => "frame".to_string(),
                Some(k) => k.replace('_', " "),
            };
            let mut url = self
                .frames
                .iter()
                .find(|(s, _)| *s == child)
                .map(|(_, u)| u.clone())
                .unwrap_or_default();
            if url.is_empty()
                && let Some(u) = self
                    .targets
                    .get(&child)
                    .and_then(|t| self.cap.frame_documents.get(t))
            {
                // A frame's target id is its frame id: the address its document was loaded from.
                url = u.clone();
            }
            let what = if url.is_empty() {
                format!("a {kind}")
            } else {
                format!("the {kind} {url}")
            };
            self.frames.retain(|(s, _)| *s != child);
            self.notes.push(format!(
                "warning: the renderer of {what} crashed; the audit went on without it, and the capture holds what it sent until then"
            ));
        }
        if let Some((s, id)) = wanted
            && let Ok(r) = self.b().call(
                "Network.getRequestPostData",
                json!({"requestId": id}),
                Some(&s),
                Duration::from_secs(2),
            )
        {
            let body = r["postData"].as_str().unwrap_or("").to_string();
            self.cap.set_post_data(&s, &id, body);
        }
        Ok(())
    }

    /// Handles events until the page has loaded and the network has been quiet for a moment,
    /// or until `limit`. Returns whether it settled.
    fn settle(&mut self, limit: Duration, stage: &'static str) -> Result<bool, Fault> {
        let start = Instant::now();
        loop {
            let ev = match self.b().next_event(Duration::from_millis(50)) {
                Ok(ev) => ev,
                Err(e) => return Err(self.gone(stage, e)),
            };
            if let Some(ev) = ev
                && let Err(e) = self.process(ev)
            {
                return Err(self.gone(stage, e));
            }
            if self.cap.crashed {
                return Err(fault(stage, "the page's renderer crashed"));
            }
            let quiet = self
                .cap
                .last_activity
                .map_or(Duration::MAX, |t| t.elapsed());
            // Quiet for half a second with nothing in flight; or for two seconds with
            // something still open (a long poll, a stalled pixel).
            if self.cap.loaded
                && ((self.cap.in_flight() == 0 && quiet >= Duration::from_millis(500))
                    || quiet >= Duration::from_secs(2))
            {
                return Ok(true);
            }
            if start.elapsed() >= limit {
                return Ok(false);
            }
        }
    }

    fn eval(&mut self, session: &str, expr: &str, stage: &'static str) -> Result<Value, Fault> {
        let r = self
            .b()
            .call(
                "Runtime.evaluate",
                json!({"expression": expr, "returnByValue": true, "awaitPromise": true}),
                Some(session),
                Duration::from_secs(15),
            )
            .map_err(|e| self.gone(stage, e))?;
        Ok(r["result"]["value"].clone())
    }

    /// Loads `url` in the page; faults name the stage.
    fn navigate(&mut self, url: &str, stage: &'static str) -> Result<bool, Fault> {
        self.cap.new_page(url);
        let main = self.main();
        let wait = self.opts.wait;
        let r = match self.b().call(
            "Page.navigate",
            json!({"url": url}),
            Some(&main),
            wait.max(Duration::from_secs(1)),
        ) {
            Ok(r) => r,
            Err(BrowserError::Timeout(_)) => {
                return Err(fault(
                    stage,
                    format!(
                        "the page never settled: no response within {} s (--wait)",
                        wait.as_secs_f64()
                    ),
                ));
            }
            Err(e) => return Err(self.gone(stage, e)),
        };
        if let Some(err) = r["errorText"].as_str().filter(|e| !e.is_empty()) {
            // Let a download's events arrive before naming the error.
            let _ = self.settle(Duration::from_millis(300), stage);
            return Err(fault(
                stage,
                describe_net_error(err, self.cap.download.is_some()),
            ));
        }
        let settled = self.settle(wait, stage)?;
        if self.cap.download.is_some() {
            return Err(fault(stage, "a download, not a page"));
        }
        if let Some((_, _, mime, disposition)) = self.cap.documents.last()
            && (disposition.to_ascii_lowercase().starts_with("attachment")
                || !(mime.is_empty() || mime.contains("html") || mime.starts_with("text/")))
        {
            return Err(fault(stage, format!("a download, not a page ({mime})")));
        }
        if !self.cap.loaded {
            return Err(fault(
                stage,
                format!(
                    "the page never settled: it did not finish loading within {} s (--wait)",
                    wait.as_secs_f64()
                ),
            ));
        }
        if !settled {
            self.notes.push(format!(
                "{url}: the network was still busy after {} s; the capture holds what was sent until then",
                wait.as_secs_f64()
            ));
        }
        Ok(settled)
    }

    fn launch(&mut self) -> Result<(), Fault> {
        let b = Browser::launch(&self.opts.browser, &self.opts.browser_args)
            .map_err(|m| fault("launch", m))?;
        self.version = b.version.clone();
        self.say(
            "launch",
            &format!(
                "{} (headless, fresh profile, pid {})",
                b.version.replace('/', " "),
                b.pid()
            ),
        );
        self.browser = Some(b);
        let t = Duration::from_secs(10);
        let err = |r: &mut Self, e| r.gone("launch", e);
        let b = self.b();
        let setup = (|| -> Result<String, BrowserError> {
            b.call(
                "Browser.setDownloadBehavior",
                json!({"behavior": "deny", "eventsEnabled": true}),
                None,
                t,
            )?;
            let target = b.call(
                "Target.createTarget",
                json!({"url": "about:blank"}),
                None,
                t,
            )?;
            let attached = b.call(
                "Target.attachToTarget",
                json!({"targetId": target["targetId"], "flatten": true}),
                None,
                t,
            )?;
            Ok(attached["sessionId"].as_str().unwrap_or("").to_string())
        })();
        let session = setup.map_err(|e| err(self, e))?;
        self.cap.sessions.insert(session.clone(), "page".into());
        self.cap.main_session = session.clone();
        let b = self.b();
        let enable = (|| -> Result<(), BrowserError> {
            b.call(
                "Network.enable",
                json!({"maxPostDataSize": 1 << 20}),
                Some(&session),
                t,
            )?;
            b.call("Page.enable", json!({}), Some(&session), t)?;
            // Reports a crash of the page's renderer (Inspector.targetCrashed).
            b.call("Inspector.enable", json!({}), Some(&session), t)?;
            // The page believes it has focus, as a visitor's would: typing reaches fields.
            let _ = b.call(
                "Emulation.setFocusEmulationEnabled",
                json!({"enabled": true}),
                Some(&session),
                t,
            );
            // A headless browser says so in its user agent; a visitor's does not, and sites
            // that serve bots differently would show a different page.
            let ua = b.call("Browser.getVersion", json!({}), None, t)?;
            if let Some(ua) = ua["userAgent"].as_str() {
                b.call(
                    "Network.setUserAgentOverride",
                    json!({"userAgent": ua.replace("HeadlessChrome", "Chrome")}),
                    Some(&session),
                    t,
                )?;
            }
            b.call(
                "Target.setAutoAttach",
                json!({"autoAttach": true, "waitForDebuggerOnStart": true, "flatten": true}),
                Some(&session),
                t,
            )?;
            Ok(())
        })();
        enable.map_err(|e| err(self, e))
    }

    fn load(&mut self) -> Result<(), Fault> {
        let url = self.opts.url.clone();
        if self.opts.consent.is_some() {
            self.cap.phase = Some(Phase::Before);
        }
        let started = Instant::now();
        let settled = self.navigate(&url, "load")?;
        let main = self.main();
        let href = self.eval(&main, "location.href", "load")?;
        let final_url = href.as_str().unwrap_or(&url).to_string();
        if let Some(p) = self.cap.pages.last_mut() {
            p.url = final_url.clone();
        }
        self.say(
            "load",
            &format!(
                "{}{} ({} requests, {} in {:.1} s)",
                url,
                if final_url != url {
                    format!(" -> {final_url}")
                } else {
                    String::new()
                },
                self.cap.requests(),
                if settled { "settled" } else { "still busy" },
                started.elapsed().as_secs_f64()
            ),
        );
        self.final_url = Some(final_url.clone());
        self.visited.push(final_url);
        // The landing page as a visitor first sees it, banner included.
        match self.b().call(
            "Page.captureScreenshot",
            json!({"format": "png"}),
            Some(&main),
            Duration::from_secs(20),
        ) {
            Ok(r) => {
                use base64::Engine;
                if let Some(png) = r["data"]
                    .as_str()
                    .and_then(|d| base64::engine::general_purpose::STANDARD.decode(d).ok())
                {
                    write_file(&self.opts.out.join("screenshot.png"), &png)
                        .map_err(|m| fault("load", m))?;
                }
            }
            Err(e) => self.notes.push(format!("no screenshot: {e}")),
        }
        Ok(())
    }

    /// Evaluates in a cross-site frame. A frame that is gone, crashed or does not answer is
    /// noted and skipped (`Ok(None)`): only Ctrl-C or the browser's own end stop the audit.
    fn eval_frame(
        &mut self,
        session: &str,
        expr: &str,
        stage: &'static str,
    ) -> Result<Option<Value>, Fault> {
        let Some(url) = self
            .frames
            .iter()
            .find(|(s, _)| s == session)
            .map(|(_, u)| u.clone())
        else {
            return Ok(None);
        };
        match self.b().call(
            "Runtime.evaluate",
            json!({"expression": expr, "returnByValue": true, "awaitPromise": true}),
            Some(session),
            Duration::from_secs(5),
        ) {
            Ok(r) => Ok(Some(r["result"]["value"].clone())),
            Err(e @ (BrowserError::Interrupted | BrowserError::Gone(_))) => {
                Err(self.gone(stage, e))
            }
            Err(e) => {
                self.frames.retain(|(s, _)| s != session);
                // A frame the page removed (a banner closing after the click) is gone before
                // its detach event is read: nothing to warn about.
                if !e.to_string().contains("Session with given id not found") {
                    self.notes.push(format!(
                        "warning: the frame {url} was skipped at the {stage} stage ({e})"
                    ));
                }
                Ok(None)
            }
        }
    }

    /// Evaluates in a document: the page, a frame in the page's renderer (through its
    /// isolated world), or a cross-site frame. A frame that fails gives `Value::Null`.
    fn eval_in(&mut self, doc: &Doc, expr: &str, stage: &'static str) -> Result<Value, Fault> {
        if let Some(context) = doc.context {
            let main = self.main();
            return match self.b().call(
                "Runtime.evaluate",
                json!({"expression": expr, "returnByValue": true, "awaitPromise": true,
                       "contextId": context}),
                Some(&main),
                Duration::from_secs(5),
            ) {
                Ok(r) => Ok(r["result"]["value"].clone()),
                Err(e @ (BrowserError::Interrupted | BrowserError::Gone(_))) => {
                    Err(self.gone(stage, e))
                }
                Err(e) => {
                    self.notes.push(format!(
                        "warning: the frame {} was skipped at the {stage} stage ({e})",
                        doc.frame.as_deref().unwrap_or("")
                    ));
                    Ok(Value::Null)
                }
            };
        }
        if doc.session == self.cap.main_session {
            self.eval(&doc.session, expr, stage)
        } else {
            Ok(self
                .eval_frame(&doc.session, expr, stage)?
                .unwrap_or(Value::Null))
        }
    }

    /// The documents a banner or a form field may be in: the page; each frame in the page's
    /// own renderer (same-site frames, reached through an isolated world of saydo's, so the
    /// site's scripts do not see it); then each cross-site frame, in its own target.
    fn documents(&mut self, stage: &'static str) -> Result<Vec<Doc>, Fault> {
        let main = self.main();
        let mut docs = vec![Doc {
            session: main.clone(),
            context: None,
            frame: None,
        }];
        let tree = match self.b().call(
            "Page.getFrameTree",
            json!({}),
            Some(&main),
            Duration::from_secs(5),
        ) {
            Ok(t) => t,
            Err(e @ (BrowserError::Interrupted | BrowserError::Gone(_))) => {
                return Err(self.gone(stage, e));
            }
            Err(_) => Value::Null,
        };
        let mut todo: std::collections::VecDeque<&Value> = tree["frameTree"]["childFrames"]
            .as_array()
            .map(|c| c.iter().collect())
            .unwrap_or_default();
        let mut local = Vec::new();
        // Breadth-first, and bounded: a page of a thousand frames is not read to the end.
        while let Some(node) = todo.pop_front() {
            if local.len() >= 50 {
                break;
            }
            let id = node["frame"]["id"].as_str().unwrap_or("").to_string();
            // A cross-site frame's target id is its frame id: it is read in its own target.
            if !id.is_empty() && !self.targets.values().any(|t| *t == id) {
                local.push((id, node["frame"]["url"].as_str().unwrap_or("").to_string()));
            }
            if let Some(children) = node["childFrames"].as_array() {
                todo.extend(children.iter());
            }
        }
        for (id, url) in local {
            match self.b().call(
                "Page.createIsolatedWorld",
                json!({"frameId": id, "worldName": "saydo"}),
                Some(&main),
                Duration::from_secs(5),
            ) {
                Ok(r) => {
                    if let Some(context) = r["executionContextId"].as_i64() {
                        docs.push(Doc {
                            session: main.clone(),
                            context: Some(context),
                            frame: Some(url),
                        });
                    }
                }
                Err(e @ (BrowserError::Interrupted | BrowserError::Gone(_))) => {
                    return Err(self.gone(stage, e));
                }
                Err(_) => {}
            }
        }
        // A frame attached before its first navigation has no address yet: ask it.
        for (session, url) in self.frames.clone() {
            if url.is_empty()
                && let Some(Value::String(href)) =
                    self.eval_frame(&session, "location.href", stage)?
                && let Some(f) = self.frames.iter_mut().find(|(s, _)| *s == session)
            {
                f.1 = href;
            }
        }
        docs.extend(self.frames.iter().map(|(s, u)| Doc {
            session: s.clone(),
            context: None,
            frame: Some(u.clone()),
        }));
        Ok(docs)
    }

    fn consent(&mut self, action: Consent) -> Result<(), Fault> {
        let script = |click: bool| {
            CONSENT_JS
                .replace("ACTION", action.as_str())
                .replace("CLICK", if click { "true" } else { "false" })
        };
        // The best button of the page and of every cross-site frame: many consent managers
        // show their banner in a frame of their own, served from their own site. On equal
        // texts the page's own button is taken.
        let mut best: Option<(f64, Doc)> = None;
        for doc in self.documents("consent")? {
            let r = self.eval_in(&doc, &script(false), "consent")?;
            if r["found"].as_bool() != Some(true) {
                continue;
            }
            let rank = r["rank"].as_f64().unwrap_or(f64::MAX);
            if best.as_ref().is_none_or(|(b, _)| rank < *b) {
                best = Some((rank, doc));
            }
        }
        let (mut clicked, mut button, mut frame) = (false, String::new(), None);
        if let Some((_, doc)) = best {
            // The phase changes just before the click: a request the click causes is after it.
            self.cap.phase = Some(Phase::After);
            let r = self.eval_in(&doc, &script(true), "consent")?;
            clicked = r["clicked"].as_bool().unwrap_or(false);
            button = r["button"].as_str().unwrap_or("").to_string();
            frame = doc.frame;
        }
        if clicked {
            self.settle(self.opts.wait, "consent")?;
            self.say(
                "consent",
                &format!(
                    "clicked {button:?} ({}){}",
                    action.as_str(),
                    frame
                        .as_ref()
                        .map(|f| format!(" in the frame {f}"))
                        .unwrap_or_default()
                ),
            );
        } else {
            self.cap.phase = Some(Phase::Before);
            self.say(
                "consent",
                &format!(
                    "no banner button to {} found; every request is before consent",
                    action.as_str()
                ),
            );
        }
        let mut c = json!({"action": action.as_str(), "clicked": clicked, "button": button});
        if let (true, Some(f)) = (clicked, frame) {
            c["frame"] = Value::String(f);
        }
        self.consent = Some(c);
        Ok(())
    }

    /// Types each canary into the fields of its kind (never submitting), in the page and in
    /// every cross-site frame (an embedded newsletter or donation form), as a visitor filling
    /// in a form would, then leaves the field so `change` and `blur` listeners run.
    fn canaries(&mut self) -> Result<(), Fault> {
        for doc in self.documents("canary")? {
            let fields = self.eval_in(&doc, FIELDS_JS, "canary")?;
            let fields = fields.as_array().cloned().unwrap_or_default();
            for f in fields {
                let kind = f["kind"].as_str().unwrap_or("");
                let Some(c) = self
                    .opts
                    .canaries
                    .iter()
                    .find(|c| canary_kind(&c.name) == Some(kind))
                    .cloned()
                else {
                    continue;
                };
                let i = f["i"].as_u64().unwrap_or(0);
                let focus = format!(
                    "(() => {{ const e = document.querySelector('[data-saydo-field=\"{i}\"]'); if (!e) return false; e.scrollIntoView({{block: 'center'}}); e.focus(); return document.activeElement === e; }})()"
                );
                if self.eval_in(&doc, &focus, "canary")? != Value::Bool(true) {
                    continue;
                }
                if !self.type_text(&doc.session, &c.value)? {
                    continue;
                }
                let leave = format!(
                    "(() => {{ const e = document.querySelector('[data-saydo-field=\"{i}\"]'); e.dispatchEvent(new Event('change', {{bubbles: true}})); e.blur(); return true; }})()"
                );
                self.eval_in(&doc, &leave, "canary")?;
                // Leaving the field is activity: the quiet the canary stage waits for starts
                // now, not at the last request before typing (a page's handler may send the
                // value a moment later on a loaded machine).
                self.cap.last_activity = Some(Instant::now());
                let mut typed = json!({"canary": c.name, "field": f["label"], "kind": kind});
                if let Some(url) = &doc.frame {
                    typed["frame"] = Value::String(url.clone());
                }
                self.typed.push(typed);
            }
        }
        let n = self.typed.len();
        self.settle(self.opts.wait.min(Duration::from_secs(5)), "canary")?;
        self.say(
            "canary",
            &if n == 0 {
                "no form field matched a canary; nothing typed".to_string()
            } else {
                format!(
                    "typed into {n} field{} without submitting",
                    if n == 1 { "" } else { "s" }
                )
            },
        );
        Ok(())
    }

    /// Types `value` key by key into the focused field of the page or frame of `session`.
    /// Returns false when a frame could not be typed into (it is then noted and skipped).
    fn type_text(&mut self, session: &str, value: &str) -> Result<bool, Fault> {
        let main = session == self.cap.main_session;
        for ch in value.chars() {
            let text = ch.to_string();
            let b = self.b();
            let typed = b
                .call(
                    "Input.dispatchKeyEvent",
                    json!({"type": "keyDown", "text": text, "key": text, "unmodifiedText": text}),
                    Some(session),
                    Duration::from_secs(5),
                )
                .and_then(|_| {
                    b.call(
                        "Input.dispatchKeyEvent",
                        json!({"type": "keyUp", "key": text}),
                        Some(session),
                        Duration::from_secs(5),
                    )
                });
            match typed {
                Ok(_) => {}
                Err(e @ (BrowserError::Interrupted | BrowserError::Gone(_))) => {
                    return Err(self.gone("canary", e));
                }
                Err(e) if main => return Err(self.gone("canary", e)),
                Err(e) => {
                    if let Some((_, url)) = self.frames.iter().find(|(s, _)| s == session) {
                        let url = url.clone();
                        self.notes.push(format!(
                            "warning: the frame {url} was skipped at the canary stage ({e})"
                        ));
                    }
                    self.frames.retain(|(s, _)| s != session);
                    return Ok(false);
                }
            }
        }
        Ok(true)
    }

    fn scroll(&mut self, stage: &'static str) -> Result<(), Fault> {
        let main = self.main();
        self.eval(&main, SCROLL_JS, stage)?;
        self.settle(self.opts.wait.min(Duration::from_secs(3)), stage)?;
        Ok(())
    }

    fn links(&mut self, stage: &'static str) -> Result<Vec<policy::Link>, Fault> {
        let main = self.main();
        let v = self.eval(&main, LINKS_JS, stage)?;
        Ok(serde_json::from_value(v).unwrap_or_default())
    }

    fn pages(&mut self, links: &[policy::Link], skip: Option<&str>) -> Result<(), Fault> {
        let Some(landing) = self.final_url.clone() else {
            return Ok(());
        };
        let site = practice::url::network_host(&landing)
            .map(practice::registrable_domain)
            .unwrap_or_default();
        let mut chosen: Vec<String> = Vec::new();
        for l in links {
            let href = policy::strip_fragment(&l.href).to_string();
            let same_site = practice::url::network_host(&href)
                .is_some_and(|h| practice::registrable_domain(h) == site);
            let lower = href.to_ascii_lowercase();
            let file_like = [
                ".pdf", ".zip", ".jpg", ".png", ".gif", ".mp4", ".mp3", ".doc", ".docx", ".xls",
            ]
            .iter()
            .any(|e| lower.ends_with(e));
            if !same_site
                || file_like
                || lower.contains("logout")
                || lower.contains("signout")
                || href == policy::strip_fragment(&landing)
                || Some(href.as_str()) == skip
                || chosen.contains(&href)
            {
                continue;
            }
            chosen.push(href);
            if chosen.len() >= self.opts.pages {
                break;
            }
        }
        let mut ok = 0;
        for url in &chosen {
            match self.navigate(url, "pages") {
                Ok(_) => {
                    self.scroll("pages")?;
                    self.visited.push(url.clone());
                    ok += 1;
                }
                // A further page that fails is noted; the audit goes on.
                Err(f) if !f.message.contains("crashed") && !f.message.contains("interrupted") => {
                    self.notes
                        .push(format!("{url}: not visited: {}", f.message));
                }
                Err(f) => return Err(f),
            }
        }
        self.say(
            "pages",
            &format!(
                "visited {ok} further same-site page{} (asked for up to {}; {} requests so far)",
                if ok == 1 { "" } else { "s" },
                self.opts.pages,
                self.cap.requests()
            ),
        );
        Ok(())
    }

    /// Finds the policy (or takes `--policy`), and saves it as `policy.html` and `policy.md`.
    /// Returns whether there is a policy.
    fn policy(&mut self, landing_links: &[policy::Link]) -> Result<bool, Fault> {
        let out = self.opts.out.clone();
        let given = self.opts.policy.clone();
        let (url, how) = match given {
            Some(p) if !(p.starts_with("http://") || p.starts_with("https://")) => {
                let path = PathBuf::from(&p);
                let bytes = std::fs::read(&path)
                    .map_err(|e| fault("policy", crate::input::cannot_read(&path, &e)))?;
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let fmt = crate::document::Format::from_path(&path)
                    .unwrap_or_else(|| crate::document::Format::sniff(&text));
                if fmt == crate::document::Format::Html {
                    write_file(&out.join("policy.html"), text.as_bytes())
                        .map_err(|m| fault("policy", m))?;
                    write_file(
                        &out.join("policy.md"),
                        policy::to_markdown(&text, &p).as_bytes(),
                    )
                    .map_err(|m| fault("policy", m))?;
                } else {
                    write_file(&out.join("policy.md"), text.as_bytes())
                        .map_err(|m| fault("policy", m))?;
                }
                self.policy = json!({"found": true, "source": "--policy file", "file": p});
                self.say("policy", &format!("{p} (given with --policy)"));
                return Ok(true);
            }
            Some(u) => (u, "given with --policy".to_string()),
            None => match policy::best_link(landing_links, self.final_url.as_deref().unwrap_or(""))
            {
                Some(l) => (
                    policy::strip_fragment(&l.href).to_string(),
                    format!(
                        "{}link {:?}",
                        if l.footer { "footer " } else { "" },
                        l.text.trim()
                    ),
                ),
                None => {
                    self.policy = json!({"found": false});
                    self.say(
                        "policy",
                        "none found: no link on the landing page says privacy; every third-party flow is reported with no policy to cover it",
                    );
                    write_file(
                        &out.join("policy.md"),
                        format!(
                            "<!-- saydo audit: no privacy policy was found on {} -->\n",
                            self.final_url.as_deref().unwrap_or("")
                        )
                        .as_bytes(),
                    )
                    .map_err(|m| fault("policy", m))?;
                    return Ok(false);
                }
            },
        };
        // A policy on another site is read without recording: what that site sends is not
        // the audited site's doing.
        let site_of = |u: &str| practice::url::network_host(u).map(practice::registrable_domain);
        let off_site = site_of(&url) != self.final_url.as_deref().and_then(site_of);
        if off_site || self.opts.policy.is_some() {
            self.cap.paused = true;
            self.notes.push(format!(
                "{url}: the policy page was read without recording its requests ({})",
                if self.opts.policy.is_some() {
                    "given with --policy"
                } else {
                    "it is on another site"
                }
            ));
        }
        self.navigate(&url, "policy")?;
        let main = self.main();
        let mut at = self
            .eval(&main, "location.href", "policy")?
            .as_str()
            .unwrap_or(&url)
            .to_string();
        let mut how = how;
        let words = self
            .eval(&main, "(document.body ? document.body.innerText : '').split(/\\s+/).filter(Boolean).length", "policy")?
            .as_u64()
            .unwrap_or(0) as usize;
        let links = self.links("policy")?;
        if self.opts.policy.is_none() && policy::is_legal_index(words, &links, &at) {
            // An index of legal documents: one more level.
            if let Some(l) = policy::best_link(&links, &at).cloned() {
                let next = policy::strip_fragment(&l.href).to_string();
                self.navigate(&next, "policy")?;
                at = self
                    .eval(&main, "location.href", "policy")?
                    .as_str()
                    .unwrap_or(&next)
                    .to_string();
                how = format!("{how}, then link {:?} on that legal index", l.text.trim());
            }
        }
        self.visited.push(at.clone());
        let html = self
            .eval(&main, "document.documentElement.outerHTML", "policy")?
            .as_str()
            .unwrap_or("")
            .to_string();
        let html = format!("<!DOCTYPE html>\n{html}\n");
        let md = policy::to_markdown(&html, &at);
        write_file(&out.join("policy.html"), html.as_bytes()).map_err(|m| fault("policy", m))?;
        write_file(&out.join("policy.md"), md.as_bytes()).map_err(|m| fault("policy", m))?;
        self.say(
            "policy",
            &format!("{at} ({how}; {} lines of Markdown)", md.lines().count()),
        );
        self.policy = json!({"found": true, "url": at, "how": how});
        Ok(true)
    }

    fn steps(&mut self) -> Result<(), Fault> {
        self.launch()?;
        self.load()?;
        let landing_links = self.links("load")?;
        if let Some(action) = self.opts.consent {
            self.consent(action)?;
        }
        if !self.opts.canaries.is_empty() {
            self.canaries()?;
        }
        self.scroll("load")?;
        // Links after scrolling: a lazily rendered footer is there now.
        let mut links = self.links("load")?;
        if links.is_empty() {
            links = landing_links;
        }
        let policy_link = policy::best_link(&links, self.final_url.as_deref().unwrap_or(""))
            .map(|l| policy::strip_fragment(&l.href).to_string());
        if self.opts.pages > 0 {
            self.pages(&links, policy_link.as_deref())?;
        }
        self.policy(&links)?;
        Ok(())
    }
}

/// The canary's kind of form field, from its name.
fn canary_kind(name: &str) -> Option<&'static str> {
    let n = name.to_ascii_lowercase();
    if n.contains("mail") {
        Some("email")
    } else if n.contains("phone") || n.contains("tel") || n.contains("mobile") {
        Some("phone")
    } else if n.contains("zip") || n.contains("post") {
        Some("postcode")
    } else if n.contains("name") {
        Some("name")
    } else {
        None
    }
}

/// A browser network error in words.
fn describe_net_error(err: &str, download: bool) -> String {
    if download {
        return "a download, not a page".into();
    }
    let what = if err.contains("NAME_NOT_RESOLVED")
        || err.contains("CONNECTION_REFUSED")
        || err.contains("ADDRESS_UNREACHABLE")
        || err.contains("CONNECTION_TIMED_OUT")
        || err.contains("TIMED_OUT")
        || err.contains("INTERNET_DISCONNECTED")
        || err.contains("CONNECTION_RESET")
        || err.contains("CONNECTION_CLOSED")
        || err.contains("EMPTY_RESPONSE")
    {
        "the site cannot be reached"
    } else if err.contains("CERT") || err.contains("SSL") {
        "TLS error"
    } else if err.contains("TOO_MANY_REDIRECTS") || err.contains("REDIRECT") {
        "an endless redirect"
    } else if err.contains("ERR_ABORTED") {
        "the page was not shown (a download, or the load was cancelled)"
    } else {
        "the page cannot be loaded"
    };
    format!("{what} ({err})")
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| crate::input::cannot_write(path, &e))
}

fn sha256_file(path: &Path) -> Option<String> {
    use sha2::Digest;
    let bytes = std::fs::read(path).ok()?;
    Some(
        sha2::Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
    )
}

/// Runs one audit. Never panics on a site's behaviour; every fault is an [`Outcome`] with
/// code 2 (130 for Ctrl-C) and the evidence gathered so far written.
pub fn run(vocab: &Vocabulary, opts: &Options) -> Outcome {
    let started = capture::now_wall();
    let url = opts.url.clone();
    let fail = |stage: &str, message: String, code: u8| Outcome {
        code,
        error: Some(format!("{url}: {stage}: {message}")),
        summary: json!({"url": url, "complete": false, "stage": stage, "error": message}),
    };
    if let Err(m) = prepare_out(&opts.out, opts.force) {
        return Outcome {
            code: 2,
            error: Some(m.clone()),
            summary: json!({"url": url, "complete": false, "stage": "out", "error": m}),
        };
    }
    let mut r = Run {
        opts,
        browser: None,
        cap: Capture::default(),
        version: String::new(),
        final_url: None,
        visited: Vec::new(),
        policy: json!({"found": false}),
        consent: None,
        notes: Vec::new(),
        typed: Vec::new(),
        progress: opts.print_report,
        frames: Vec::new(),
        targets: Default::default(),
        crashes_noted: 0,
    };
    let result = r.steps();
    // The browser goes first: nothing it does after this is the site's evidence.
    if let Some(mut b) = r.browser.take() {
        b.kill();
    }
    let interrupted = browser::INTERRUPTED.load(std::sync::atomic::Ordering::Relaxed);
    let har_path = opts.out.join("capture.har");
    let mut har_error = None;
    if r.version.is_empty() && result.is_err() {
        // The browser never started: there is no capture to keep.
    } else {
        let har = r.cap.to_har(&r.version, r.consent.clone());
        let text = serde_json::to_string_pretty(&har).unwrap_or_default();
        if let Err(m) = write_file(&har_path, text.as_bytes()) {
            har_error = Some(m);
        }
    }
    let mut check = Value::Null;
    let mut code = 0u8;
    let (complete, stage, message) = match (&result, har_error) {
        (Err(f), _) => (false, Some(f.stage), Some(f.message.clone())),
        (Ok(()), Some(m)) => (false, Some("check"), Some(m)),
        (Ok(()), None) => match check_stage(vocab, opts, &r) {
            Ok((c, v)) => {
                code = c;
                check = v;
                (true, None, None)
            }
            Err(m) => (false, Some("check"), Some(m)),
        },
    };
    let manifest = json!({
        "saydo_version": env!("CARGO_PKG_VERSION"),
        "vocabulary_version": vocab.version,
        "url": opts.url,
        "final_url": r.final_url,
        "started": iso_utc(started),
        "ended": iso_utc(capture::now_wall()),
        "browser": r.version,
        "complete": complete,
        "failed_stage": stage,
        "error": message,
        "pages_visited": r.visited,
        "requests": r.cap.requests(),
        "policy": r.policy,
        "consent": r.consent,
        "canaries_typed": r.typed,
        "check": check,
        "notes": r.notes,
        "options": {
            "out": opts.out.display().to_string(),
            "canary": opts.canaries.iter().map(|c| format!("{}={}", c.name, c.value)).collect::<Vec<_>>(),
            "browser": opts.browser.display().to_string(),
            "browser_arg": opts.browser_args,
            "wait": opts.wait.as_secs_f64(),
            "pages": opts.pages,
            "consent": opts.consent.map(Consent::as_str),
            "policy": opts.policy,
            "force": opts.force,
            "fail_on": opts.fail_on.map(|s| s.as_str()),
            "vocab": opts.vocab_files.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
        },
        "files": files_digest(&opts.out),
    });
    let text = serde_json::to_string_pretty(&manifest).unwrap_or_default();
    let manifest_error = write_file(&opts.out.join("manifest.json"), text.as_bytes()).err();
    let mut summary = json!({
        "url": opts.url,
        "final_url": r.final_url,
        "out": opts.out.display().to_string(),
        "complete": complete,
        "stage": stage,
        "error": message,
        "policy_found": r.policy["found"],
        "requests": r.cap.requests(),
    });
    if let Value::Object(c) = &check {
        for (k, v) in c {
            summary[k] = v.clone();
        }
    }
    if interrupted {
        return Outcome {
            code: 130,
            summary,
            ..fail(stage.unwrap_or("check"), "interrupted (Ctrl-C)".into(), 130)
        };
    }
    if let (Some(stage), Some(message)) = (stage, message) {
        return Outcome {
            summary,
            ..fail(stage, message, 2)
        };
    }
    if let Some(m) = manifest_error {
        return Outcome {
            summary,
            ..fail("check", m, 2)
        };
    }
    Outcome {
        code,
        error: None,
        summary,
    }
}

fn files_digest(out: &Path) -> Value {
    let mut files = serde_json::Map::new();
    for f in FILES {
        if *f == "manifest.json" {
            continue;
        }
        if let Some(d) = sha256_file(&out.join(f)) {
            files.insert((*f).to_string(), json!({"sha256": d}));
        }
    }
    Value::Object(files)
}

/// Judges the capture against the saved policy exactly as `saydo check --policy
/// OUT/policy.md --log OUT/capture.har` does, writes the three reports, and prints the text
/// one. Returns the exit code (0, or 1 for findings at or above `--fail-on`) and the counts
/// for the manifest and summary.
fn check_stage(vocab: &Vocabulary, opts: &Options, r: &Run) -> Result<(u8, Value), String> {
    let out = &opts.out;
    let policy_arg = out.join("policy.md").display().to_string();
    let policies = PolicySet::load(std::slice::from_ref(&policy_arg), vocab, None)?;
    let site = r
        .final_url
        .as_deref()
        .and_then(practice::url::network_host)
        .map(str::to_string);
    let options = practice::Options {
        site,
        canaries: opts.canaries.clone(),
        strict: false,
        versions: policies.dates(),
        format: None,
        ..Default::default()
    };
    let resolver = practice::Resolver::new(vocab);
    let mut evidence = practice::read_logs(&[out.join("capture.har")], &resolver, &options);
    if let Some(e) = evidence.logs.iter().find_map(|l| l.error.clone()) {
        return Err(e);
    }
    let declared_not_observed = compare::declared_not_observed(vocab, &policies, &evidence.flows);
    let flows = evidence.flows.len();
    let findings = compare::Findings::judge(vocab, &policies, evidence.take_flows());
    let mut report = report::check::CheckReport {
        vocab_version: &vocab.version,
        policies: &policies,
        evidence: &evidence,
        findings: &findings,
        declared_not_observed: &declared_not_observed,
        fail_on: opts.fail_on,
        canaries: &opts.canaries,
        width: None,
    };
    type Render = fn(&mut dyn Write, &report::check::CheckReport) -> std::io::Result<()>;
    let outputs: [(&str, Render); 3] = [
        ("report.json", report::check::json),
        ("report.html", report::check::html),
        ("report.txt", report::check::text),
    ];
    for (name, render) in outputs {
        let path = out.join(name);
        let mut buf = Vec::new();
        report::render_for_file(&mut buf, |w| render(w, &report))
            .map_err(|e| crate::input::cannot_write(&path, &e))?;
        write_file(&path, &buf)?;
    }
    let undisclosed = findings.briefs().iter().filter(|f| f.undisclosed).count();
    let mut by_category: std::collections::BTreeMap<String, u64> = Default::default();
    let undisclosed_flows = findings
        .flows()
        .zip(findings.briefs())
        .filter(|(_, b)| b.undisclosed);
    for (f, _) in undisclosed_flows {
        for c in &f.recipient.categories {
            *by_category.entry(c.clone()).or_default() += 1;
        }
    }
    let failing = opts
        .fail_on
        .is_some_and(|t| findings.briefs().iter().any(|f| f.severity >= t));
    if opts.print_report {
        let _ = writeln!(
            anstream::stderr(),
            "saydo audit: check: {flows} third-party flow{}, {undisclosed} undisclosed; wrote {}",
            if flows == 1 { "" } else { "s" },
            out.display()
        );
        report.width = report::terminal_width(true);
        let mut stdout = std::io::BufWriter::new(anstream::stdout().lock());
        let _ = report::check::text(&mut stdout, &report);
        let _ = stdout.flush();
    }
    Ok((
        u8::from(failing),
        json!({
            "flows": flows,
            "findings": findings.len(),
            "undisclosed": undisclosed,
            "undisclosed_by_category": by_category,
        }),
    ))
}

/// Lists the page's links with their text and whether they sit in the footer.
const LINKS_JS: &str = r#"(() => {
  const footer = (a) => !!a.closest('footer, [role=contentinfo], #footer, .footer, .site-footer');
  return Array.from(document.querySelectorAll('a[href]')).slice(0, 2000).map(a => ({
    href: a.href, text: (a.innerText || a.textContent || a.title || '').trim().slice(0, 200),
    footer: footer(a)
  }));
})()"#;

/// Scrolls to the bottom in steps, as a reader would, so lazy content loads.
const SCROLL_JS: &str = r#"(async () => {
  for (let i = 0; i < 20; i++) {
    window.scrollBy(0, Math.max(200, window.innerHeight * 0.9));
    await new Promise(r => setTimeout(r, 80));
    if (window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2) break;
  }
  return window.scrollY;
})()"#;

/// Marks the visible text fields by the kind of data they ask for (email, phone, name,
/// postcode), from their type, name, id, autocomplete, placeholder and label.
const FIELDS_JS: &str = r#"(() => {
  const out = [];
  const skip = ['hidden','password','checkbox','radio','submit','button','file','image','reset','range','color','date'];
  Array.from(document.querySelectorAll('input, textarea')).forEach((el, i) => {
    const t = (el.type || '').toLowerCase();
    if (skip.includes(t) || el.disabled || el.readOnly) return;
    const label = el.labels && el.labels[0] ? el.labels[0].innerText : '';
    const hay = [el.name, el.id, el.getAttribute('autocomplete'), el.placeholder,
                 el.getAttribute('aria-label'), label].join(' ').toLowerCase();
    let kind = null;
    if (t === 'email' || /e-?mail/.test(hay)) kind = 'email';
    else if (t === 'tel' || /phone|\btel\b|mobile/.test(hay)) kind = 'phone';
    else if (/postal|post.?code|\bzip/.test(hay)) kind = 'postcode';
    else if (/name/.test(hay) && !/user|company|org|search/.test(hay)) kind = 'name';
    if (kind) {
      el.setAttribute('data-saydo-field', String(i));
      out.push({i, kind, label: (el.name || el.id || label || kind).slice(0, 80)});
    }
  });
  return out;
})()"#;

/// Finds the consent banner's button for ACTION by its text, in several languages, and
/// clicks it when CLICK is true (else only says which it would click, and its rank). Exact texts are preferred over texts that merely contain a word.
const CONSENT_JS: &str = r#"(() => {
  const words = {
    accept: ['accept all', 'accept all cookies', 'allow all', 'allow all cookies', 'i accept', 'accept',
      'accept cookies', 'agree', 'i agree', 'agree and continue', 'allow', 'ok', 'got it', 'yes',
      'alle akzeptieren', 'akzeptieren', 'zustimmen', 'alle zulassen', 'einverstanden',
      'tout accepter', 'accepter', "j'accepte", 'accepter et fermer',
      'aceptar', 'aceptar todo', 'aceptar todas', 'accetta', 'accetta tutto', 'accetto',
      'aceitar', 'aceitar todos', 'alles accepteren', 'accepteren', 'akceptuję', 'godkänn alla'],
    reject: ['reject all', 'reject', 'decline', 'decline all', 'refuse', 'refuse all', 'deny',
      'necessary only', 'only necessary', 'accept only necessary', 'use necessary cookies only',
      'reject all cookies', 'alle ablehnen', 'ablehnen', 'nur notwendige', 'tout refuser', 'refuser',
      'continuer sans accepter', 'rechazar', 'rechazar todo', 'rifiuta', 'rifiuta tutto',
      'rejeitar', 'recusar', 'alles weigeren', 'weigeren', 'odrzuć', 'avvisa alla']
  }['ACTION'];
  // Frames are each searched on their own (see `documents`).
  const roots = [document];
  const cands = [];
  for (const root of roots) {
    root.querySelectorAll('button, a, [role=button], input[type=button], input[type=submit]').forEach(el => {
      const text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ');
      if (!text || text.length > 60) return;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) return;
      const t = text.toLowerCase().replace(/[.!]$/, '');
      let rank = words.indexOf(t);
      if (rank < 0) {
        const i = words.findIndex(w => w.length > 3 && t.includes(w));
        if (i < 0) return;
        rank = 1000 + i;
      }
      cands.push({el, text, rank});
    });
  }
  cands.sort((a, b) => a.rank - b.rank);
  if (!cands.length) return {found: false, clicked: false, button: ''};
  if (CLICK) cands[0].el.click();
  return {found: true, clicked: CLICK, rank: cands[0].rank, button: cands[0].text};
})()"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_times() {
        assert_eq!(iso_utc(0.0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso_utc(1_796_558_400.5), "2026-12-06T12:00:00.500Z");
        assert_eq!(iso_utc(951_782_400.0), "2000-02-29T00:00:00.000Z");
    }

    #[test]
    fn canary_kinds() {
        assert_eq!(canary_kind("email"), Some("email"));
        assert_eq!(canary_kind("phone"), Some("phone"));
        assert_eq!(canary_kind("zip"), Some("postcode"));
        assert_eq!(canary_kind("full_name"), Some("name"));
        assert_eq!(canary_kind("ssn"), None);
    }

    #[test]
    fn a_non_empty_out_is_refused_without_force() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
        let err = prepare_out(dir.path(), false).unwrap_err();
        assert!(err.contains("--force"), "{err}");
        std::fs::write(dir.path().join("report.json"), "old").unwrap();
        prepare_out(dir.path(), true).unwrap();
        assert!(!dir.path().join("report.json").exists());
        assert!(
            dir.path().join("notes.txt").exists(),
            "only saydo's own files are cleared"
        );
    }
}
