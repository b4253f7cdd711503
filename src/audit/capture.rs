//! What the browser does on the network, recorded from DevTools events and written as HAR 1.2.
//!
//! Every target the page starts (cross-site iframes, workers, service workers) is attached
//! through `Target.setAutoAttach` with `flatten`, so its requests arrive on its own session and
//! are recorded like the page's. Events of the browser's own background work come on no page
//! session and are never recorded. The `...ExtraInfo` events carry the headers as sent and
//! received, cookies included (a `Set-Cookie` from a third party among them); they may come
//! before or after the event they complete, so they are kept by request until both are there.

use super::iso_utc;
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::time::Instant;

/// Which consent phase a request started in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    Before,
    After,
}

/// One request as recorded.
#[derive(Default)]
struct Req {
    key: String,
    /// The session the request started on.
    session: String,
    target_type: String,
    wall: f64,
    ts: f64,
    method: String,
    url: String,
    headers: Map<String, Value>,
    post_data: Option<String>,
    post_mime: Option<String>,
    resource_type: String,
    status: i64,
    status_text: String,
    protocol: String,
    resp_headers: Map<String, Value>,
    mime: String,
    redirect_url: String,
    end_ts: Option<f64>,
    size: i64,
    error: Option<String>,
    extra_req: Option<Map<String, Value>>,
    extra_resp: Option<Map<String, Value>>,
    websocket: bool,
    page: usize,
    phase: Option<Phase>,
    done: bool,
}

/// A page visited: its address once loaded, and when it started.
pub struct PageRec {
    pub url: String,
    pub wall: f64,
}

/// The recording.
#[derive(Default)]
pub struct Capture {
    reqs: Vec<Req>,
    /// Latest request for each (session, requestId).
    latest: HashMap<String, usize>,
    stash_req: HashMap<String, Map<String, Value>>,
    stash_resp: HashMap<String, Map<String, Value>>,
    /// Session id -> target type (`page`, `iframe`, `worker`, `service_worker`, ...).
    pub sessions: HashMap<String, String>,
    pub pages: Vec<PageRec>,
    /// The phase new requests start in, once consent is being tracked.
    pub phase: Option<Phase>,
    pub last_activity: Option<Instant>,
    /// Whether the main frame's load event fired since the last navigation.
    pub loaded: bool,
    pub main_session: String,
    pub main_frame: String,
    /// Set when the browser began a download instead of showing a page.
    pub download: Option<String>,
    /// Set when a page's renderer crashed.
    pub crashed: bool,
    /// Sessions of frames and workers whose renderer crashed, in the order seen, for the
    /// audit to note; the audit goes on without them.
    pub crashed_children: Vec<String>,
    /// While set, no request is recorded: a policy page on another site (or given with
    /// `--policy URL`) is read, but its traffic is not the audited site's.
    pub paused: bool,
    /// The address of each frame's document, by frame id (a cross-site frame's target id).
    pub frame_documents: HashMap<String, String>,
    /// Main-frame document responses: (url, status, mime, content-disposition).
    pub documents: Vec<(String, i64, String, String)>,
}

/// Request ids are unique in the browser, and one request may be reported on two sessions: a
/// cross-site iframe's document starts on the parent's session and finishes on the iframe's.
fn key(_session: &str, id: &str) -> String {
    id.to_string()
}

fn headers_of(v: &Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

fn s(v: &Value) -> String {
    v.as_str().unwrap_or("").to_string()
}

impl Capture {
    /// Requests started and not yet finished or failed.
    pub fn in_flight(&self) -> usize {
        self.reqs.iter().filter(|r| !r.done).count()
    }

    pub fn requests(&self) -> usize {
        self.reqs.len()
    }

    fn touch(&mut self) {
        self.last_activity = Some(Instant::now());
    }

    fn start(&mut self, session: &str, p: &Value, ws: bool) -> usize {
        let k = key(session, p["requestId"].as_str().unwrap_or(""));
        let req = &p["request"];
        let mut r = Req {
            key: k.clone(),
            session: session.to_string(),
            target_type: self.sessions.get(session).cloned().unwrap_or_default(),
            wall: p["wallTime"].as_f64().unwrap_or_else(now_wall),
            ts: p["timestamp"].as_f64().unwrap_or(0.0),
            method: req["method"].as_str().unwrap_or("GET").to_string(),
            url: if ws { s(&p["url"]) } else { s(&req["url"]) },
            headers: headers_of(&req["headers"]),
            post_mime: None,
            resource_type: if ws {
                "WebSocket".into()
            } else {
                s(&p["type"])
            },
            websocket: ws,
            page: self.pages.len().saturating_sub(1),
            phase: self.phase,
            done: ws,
            ..Req::default()
        };
        if let Some(frag) = req["urlFragment"].as_str() {
            r.url.push_str(frag);
        }
        r.post_data = req["postData"].as_str().map(str::to_string).or_else(|| {
            let entries = req["postDataEntries"].as_array()?;
            let mut bytes = Vec::new();
            for e in entries {
                use base64::Engine;
                if let Some(b) = e["bytes"].as_str()
                    && let Ok(d) = base64::engine::general_purpose::STANDARD.decode(b)
                {
                    bytes.extend(d);
                }
            }
            Some(String::from_utf8_lossy(&bytes).into_owned())
        });
        if r.post_data.is_some() {
            r.post_mime = r
                .headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
                .map(|(_, v)| s(v));
        }
        r.extra_req = self.stash_req.remove(&k);
        r.extra_resp = self.stash_resp.remove(&k);
        self.reqs.push(r);
        let i = self.reqs.len() - 1;
        self.latest.insert(k, i);
        i
    }

    fn fill_response(r: &mut Req, resp: &Value) {
        r.status = resp["status"].as_i64().unwrap_or(0);
        r.status_text = s(&resp["statusText"]);
        r.protocol = s(&resp["protocol"]);
        r.resp_headers = headers_of(&resp["headers"]);
        r.mime = s(&resp["mimeType"]);
    }

    /// Records one DevTools event. Returns the (session, requestId) of a request whose body
    /// the browser did not include and that should be asked for.
    pub fn handle(&mut self, ev: &Value) -> Option<(String, String)> {
        let method = ev["method"].as_str().unwrap_or("");
        let p = &ev["params"];
        let session = ev["sessionId"].as_str().unwrap_or("");
        // Events of no page session are the browser's own (or of targets not attached).
        let ours = !self.paused && !session.is_empty() && self.sessions.contains_key(session);
        match method {
            "Network.requestWillBeSent" if ours => {
                self.touch();
                let k = key(session, p["requestId"].as_str().unwrap_or(""));
                if let (Some(redirect), Some(&i)) = (p.get("redirectResponse"), self.latest.get(&k))
                {
                    let r = &mut self.reqs[i];
                    Self::fill_response(r, redirect);
                    r.redirect_url = s(&p["request"]["url"]);
                    r.end_ts = p["timestamp"].as_f64();
                    r.done = true;
                }
                let i = self.start(session, p, false);
                let r = &self.reqs[i];
                if r.resource_type == "Document"
                    && let Some(frame) = p["frameId"].as_str()
                {
                    self.frame_documents
                        .insert(frame.to_string(), r.url.clone());
                }
                if r.post_data.is_none() && p["request"]["hasPostData"].as_bool() == Some(true) {
                    return Some((session.to_string(), s(&p["requestId"])));
                }
            }
            "Network.webSocketCreated" if ours => {
                self.touch();
                self.start(session, p, true);
            }
            "Network.webSocketWillSendHandshakeRequest" if ours => {
                let k = key(session, p["requestId"].as_str().unwrap_or(""));
                if let Some(&i) = self.latest.get(&k) {
                    let r = &mut self.reqs[i];
                    r.headers = headers_of(&p["request"]["headers"]);
                    if let Some(w) = p["wallTime"].as_f64() {
                        r.wall = w;
                    }
                }
            }
            "Network.webSocketHandshakeResponseReceived" if ours => {
                let k = key(session, p["requestId"].as_str().unwrap_or(""));
                if let Some(&i) = self.latest.get(&k) {
                    Self::fill_response(&mut self.reqs[i], &p["response"]);
                }
            }
            "Network.requestWillBeSentExtraInfo" if ours => {
                let k = key(session, p["requestId"].as_str().unwrap_or(""));
                let h = headers_of(&p["headers"]);
                match self.latest.get(&k) {
                    Some(&i) if self.reqs[i].extra_req.is_none() => {
                        self.reqs[i].extra_req = Some(h)
                    }
                    _ => {
                        self.stash_req.insert(k, h);
                    }
                }
            }
            "Network.responseReceivedExtraInfo" if ours => {
                let k = key(session, p["requestId"].as_str().unwrap_or(""));
                let h = headers_of(&p["headers"]);
                match self.latest.get(&k) {
                    Some(&i) if self.reqs[i].extra_resp.is_none() => {
                        self.reqs[i].extra_resp = Some(h)
                    }
                    _ => {
                        self.stash_resp.insert(k, h);
                    }
                }
            }
            "Network.responseReceived" if ours => {
                self.touch();
                let k = key(session, p["requestId"].as_str().unwrap_or(""));
                if let Some(&i) = self.latest.get(&k) {
                    Self::fill_response(&mut self.reqs[i], &p["response"]);
                    let r = &self.reqs[i];
                    if r.resource_type == "Document" && session == self.main_session {
                        let disposition = r
                            .resp_headers
                            .iter()
                            .find(|(k, _)| k.eq_ignore_ascii_case("content-disposition"))
                            .map(|(_, v)| s(v))
                            .unwrap_or_default();
                        self.documents
                            .push((r.url.clone(), r.status, r.mime.clone(), disposition));
                    }
                }
            }
            "Network.loadingFinished" | "Network.loadingFailed" if ours => {
                self.touch();
                let k = key(session, p["requestId"].as_str().unwrap_or(""));
                if let Some(&i) = self.latest.get(&k) {
                    let r = &mut self.reqs[i];
                    r.done = true;
                    r.end_ts = p["timestamp"].as_f64();
                    if let Some(n) = p["encodedDataLength"].as_f64() {
                        r.size = n as i64;
                    }
                    if method == "Network.loadingFailed" {
                        let mut e = s(&p["errorText"]);
                        if let Some(b) = p["blockedReason"].as_str() {
                            e = format!("{e} (blocked: {b})");
                        }
                        r.error = Some(e);
                    }
                }
            }
            "Page.loadEventFired" if session == self.main_session => {
                self.loaded = true;
                self.touch();
            }
            "Page.frameNavigated" if session == self.main_session => {
                let frame = &p["frame"];
                if frame.get("parentId").is_none()
                    && let Some(page) = self.pages.last_mut()
                {
                    page.url = s(&frame["url"]);
                    self.main_frame = s(&frame["id"]);
                }
            }
            "Browser.downloadWillBegin" | "Page.downloadWillBegin" => {
                self.download = Some(s(&p["url"]));
            }
            // The page's own renderer: the audit cannot go on.
            "Inspector.targetCrashed" if session == self.main_session => {
                self.crashed = true;
            }
            // A frame's or worker's renderer: what it sent is kept, what it still waited
            // for never comes.
            "Inspector.targetCrashed" if self.sessions.contains_key(session) => {
                self.close_session(session, "the frame's renderer crashed");
                if !self.crashed_children.iter().any(|c| c == session) {
                    self.crashed_children.push(session.to_string());
                }
            }
            // A frame removed or a worker ended: its open requests will not finish now.
            "Target.detachedFromTarget" => {
                if let Some(child) = p["sessionId"].as_str()
                    && child != self.main_session
                {
                    self.close_session(child, "its frame or worker was gone before it finished");
                }
            }
            _ => {}
        }
        None
    }

    /// Ends the open requests of a session that is gone, so that waiting for the network to
    /// settle does not wait for them.
    pub fn close_session(&mut self, session: &str, why: &str) {
        for r in self
            .reqs
            .iter_mut()
            .filter(|r| !r.done && r.session == session)
        {
            r.done = true;
            r.error = Some(why.to_string());
        }
        self.touch();
    }

    /// Fills in a request body fetched with `Network.getRequestPostData`.
    pub fn set_post_data(&mut self, session: &str, id: &str, body: String) {
        if let Some(&i) = self.latest.get(&key(session, id)) {
            self.reqs[i].post_data = Some(body);
        }
    }

    /// Starts a new page in the HAR's `pages`.
    pub fn new_page(&mut self, url: &str) {
        self.pages.push(PageRec {
            url: url.to_string(),
            wall: now_wall(),
        });
        self.loaded = false;
    }

    /// The capture as HAR 1.2. `consent` is the log-level `_consent` object when consent was
    /// tried; entries then carry `_consentPhase`.
    pub fn to_har(&self, browser: &str, consent: Option<Value>) -> Value {
        let pages: Vec<Value> = self
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| {
                json!({
                    "startedDateTime": iso_utc(p.wall),
                    "id": format!("page_{}", i + 1),
                    // The page's address as title, as Chromium's own export does: the HAR
                    // reader takes the site (first party) from the first page's title.
                    "title": p.url,
                    "pageTimings": {"onContentLoad": -1, "onLoad": -1},
                })
            })
            .collect();
        let entries: Vec<Value> = self.reqs.iter().map(|r| self.entry(r)).collect();
        let (name, version) = browser.split_once('/').unwrap_or((browser, ""));
        let mut log = json!({
            "version": "1.2",
            "creator": {"name": "saydo audit", "version": env!("CARGO_PKG_VERSION")},
            "browser": {"name": name, "version": version},
            "pages": pages,
            "entries": entries,
        });
        if let Some(c) = consent {
            log["_consent"] = c;
        }
        json!({ "log": log })
    }

    fn entry(&self, r: &Req) -> Value {
        let req_headers = r.extra_req.as_ref().unwrap_or(&r.headers);
        let resp_headers = r.extra_resp.as_ref().unwrap_or(&r.resp_headers);
        let pairs = |m: &Map<String, Value>| -> Vec<Value> {
            let mut out = Vec::new();
            for (k, v) in m {
                // Raw headers join repeated values (Set-Cookie) with newlines.
                for line in s(v).split('\n') {
                    out.push(json!({"name": k, "value": line}));
                }
            }
            out
        };
        let header = |m: &Map<String, Value>, name: &str| -> String {
            m.iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| s(v))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let req_cookies: Vec<Value> = header(req_headers, "cookie")
            .split(';')
            .filter_map(|c| {
                let (n, v) = c.trim().split_once('=')?;
                Some(json!({"name": n, "value": v}))
            })
            .collect();
        let resp_cookies: Vec<Value> = header(resp_headers, "set-cookie")
            .lines()
            .filter_map(set_cookie)
            .collect();
        let query: Vec<Value> = r
            .url
            .split_once('?')
            .map(|(_, q)| q.split('#').next().unwrap_or(""))
            .unwrap_or("")
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (n, v) = p.split_once('=').unwrap_or((p, ""));
                json!({"name": n, "value": v})
            })
            .collect();
        let mut request = json!({
            "method": r.method,
            "url": r.url,
            "httpVersion": if r.protocol.is_empty() { "unknown" } else { r.protocol.as_str() },
            "headers": pairs(req_headers),
            "cookies": req_cookies,
            "queryString": query,
            "headersSize": -1,
            "bodySize": r.post_data.as_ref().map_or(0, |b| b.len() as i64),
        });
        if let Some(body) = &r.post_data {
            request["postData"] = json!({
                "mimeType": r.post_mime.clone().unwrap_or_default(),
                "text": body,
            });
        }
        let time = match r.end_ts {
            Some(end) if end >= r.ts && r.ts > 0.0 => (end - r.ts) * 1000.0,
            _ => -1.0,
        };
        let mut e = json!({
            "pageref": format!("page_{}", r.page + 1),
            "startedDateTime": iso_utc(r.wall),
            "time": time.max(0.0),
            "request": request,
            "response": {
                "status": r.status,
                "statusText": r.status_text,
                "httpVersion": if r.protocol.is_empty() { "unknown" } else { r.protocol.as_str() },
                "headers": pairs(resp_headers),
                "cookies": resp_cookies,
                "content": {"size": r.size.max(0), "mimeType": r.mime},
                "redirectURL": r.redirect_url,
                "headersSize": -1,
                "bodySize": -1,
            },
            "cache": {},
            "timings": {"send": 0, "wait": time.max(0.0), "receive": 0},
            "_resourceType": r.resource_type,
            "_target": if r.target_type.is_empty() { "page" } else { r.target_type.as_str() },
        });
        if let Some(err) = &r.error {
            e["_error"] = Value::String(err.clone());
        }
        if r.websocket {
            e["_webSocket"] = Value::Bool(true);
        }
        if let Some(phase) = r.phase {
            e["_consentPhase"] = Value::String(
                match phase {
                    Phase::Before => "before-consent",
                    Phase::After => "after-consent",
                }
                .into(),
            );
        }
        let _ = &r.key;
        e
    }
}

/// A `Set-Cookie` line as a HAR cookie.
fn set_cookie(line: &str) -> Option<Value> {
    let mut parts = line.split(';');
    let (name, value) = parts.next()?.trim().split_once('=')?;
    let mut c = json!({"name": name.trim(), "value": value.trim()});
    for attr in parts {
        let (k, v) = attr.trim().split_once('=').unwrap_or((attr.trim(), ""));
        match k.to_ascii_lowercase().as_str() {
            "domain" => c["domain"] = json!(v),
            "path" => c["path"] = json!(v),
            "expires" => c["expires"] = json!(v),
            "httponly" => c["httpOnly"] = json!(true),
            "secure" => c["secure"] = json!(true),
            "samesite" => c["sameSite"] = json!(v),
            _ => {}
        }
    }
    Some(c)
}

/// Seconds since the Unix epoch, now.
pub fn now_wall() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_cookie_lines() {
        let c = set_cookie("rl_uid=abc123; Path=/; Domain=.rlcdn.com; HttpOnly").unwrap();
        assert_eq!(c["name"], "rl_uid");
        assert_eq!(c["value"], "abc123");
        assert_eq!(c["domain"], ".rlcdn.com");
        assert_eq!(c["httpOnly"], true);
        assert!(set_cookie("garbage").is_none());
    }

    #[test]
    fn a_crashed_or_detached_child_target_leaves_nothing_in_flight() {
        let mut c = Capture::default();
        c.sessions.insert("P".into(), "page".into());
        c.sessions.insert("F".into(), "iframe".into());
        c.sessions.insert("W".into(), "service_worker".into());
        c.main_session = "P".into();
        c.new_page("http://a.example/");
        let ev = |s: &str, m: &str, p: Value| json!({"method": m, "sessionId": s, "params": p});
        let req = |id: &str, url: &str, kind: &str| {
            json!({"requestId": id, "frameId": "FRAME1", "type": kind,
                   "request": {"method": "GET", "url": url, "headers": {}}})
        };
        // The frame's document starts on the page's session; the frame and the worker each
        // start a request on their own.
        c.handle(&ev(
            "P",
            "Network.requestWillBeSent",
            req("1", "http://w.other.example/f.html", "Document"),
        ));
        c.handle(&ev(
            "P",
            "Network.loadingFinished",
            json!({"requestId": "1", "timestamp": 2.0}),
        ));
        c.handle(&ev(
            "F",
            "Network.requestWillBeSent",
            req("2", "http://w.other.example/api", "Fetch"),
        ));
        c.handle(&ev(
            "W",
            "Network.requestWillBeSent",
            req("3", "http://t.example/sw", "Fetch"),
        ));
        assert_eq!(c.in_flight(), 2);
        assert_eq!(c.frame_documents["FRAME1"], "http://w.other.example/f.html");
        c.handle(&ev("F", "Inspector.targetCrashed", json!({})));
        assert_eq!(c.in_flight(), 1);
        assert_eq!(c.crashed_children, vec!["F".to_string()]);
        assert!(!c.crashed, "a frame's crash is not the page's");
        // The worker detaches (its event comes on the parent's session).
        c.handle(&ev(
            "P",
            "Target.detachedFromTarget",
            json!({"sessionId": "W"}),
        ));
        assert_eq!(c.in_flight(), 0);
        let har = c.to_har("Chrome/1.0", None);
        let e = &har["log"]["entries"];
        assert_eq!(e[1]["_error"], "the frame's renderer crashed");
        assert_eq!(e[1]["_target"], "iframe");
        assert!(e[2]["_error"].as_str().unwrap().contains("gone"));
        assert_eq!(e[2]["_target"], "service_worker");
        // The page's own crash is the audit's end.
        c.handle(&ev("P", "Inspector.targetCrashed", json!({})));
        assert!(c.crashed);
    }

    #[test]
    fn redirects_become_two_entries_and_extra_info_is_merged() {
        let mut c = Capture::default();
        c.sessions.insert("S".into(), "page".into());
        c.main_session = "S".into();
        c.new_page("http://a.example/");
        let ev = |m: &str, p: Value| json!({"method": m, "sessionId": "S", "params": p});
        // The extra info comes first, as it sometimes does.
        c.handle(&ev(
            "Network.responseReceivedExtraInfo",
            json!({"requestId": "1", "headers": {"set-cookie": "a=1\nb=2"}}),
        ));
        c.handle(&ev(
            "Network.requestWillBeSent",
            json!({"requestId": "1", "wallTime": 1.7e9, "timestamp": 1.0, "type": "Image",
                   "request": {"method": "GET", "url": "http://t.example/p?x=1", "headers": {}}}),
        ));
        c.handle(&ev(
            "Network.requestWillBeSent",
            json!({"requestId": "1", "wallTime": 1.7e9, "timestamp": 1.1, "type": "Image",
                   "redirectResponse": {"status": 302, "headers": {}},
                   "request": {"method": "GET", "url": "http://t.example/q", "headers": {}}}),
        ));
        assert_eq!(c.in_flight(), 1);
        c.handle(&ev(
            "Network.loadingFailed",
            json!({"requestId": "1", "timestamp": 1.2, "errorText": "net::ERR_FAILED"}),
        ));
        assert_eq!(c.in_flight(), 0);
        let har = c.to_har("Chrome/1.0", None);
        let entries = har["log"]["entries"].as_array().unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0]["response"]["status"], 302);
        assert_eq!(entries[0]["response"]["redirectURL"], "http://t.example/q");
        assert_eq!(entries[0]["response"]["cookies"][1]["name"], "b");
        assert_eq!(entries[1]["_error"], "net::ERR_FAILED");
        assert_eq!(har["log"]["pages"][0]["title"], "http://a.example/");
        // Events of sessions not attached (the browser's own) are not recorded.
        c.handle(
            &json!({"method": "Network.requestWillBeSent", "params": {"requestId": "9",
            "request": {"url": "https://update.googleapis.com/"}}}),
        );
        assert_eq!(c.requests(), 2);
    }
}
