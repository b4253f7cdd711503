//! Browser captures (HAR 1.2). The capture is parsed as a stream: response bodies and every
//! other field saydo does not need are skipped by the parser, never held. Each entry keeps the
//! line it starts on, so evidence points into the file.
//!
//! A capture that is not valid JSON, or is cut off, is an error for the whole file: counting
//! the requests before the cut would present a partial capture as a complete one.

use super::consent::{ConsentRequest, Given, LogConsent, Phase};
use super::flows::{Flows, Observation};
use super::resolve::registrable_domain;
use super::{
    Basis, CanaryHit, Context, Date, LogReport, Party, RequestRef, SourceRef, Term, Terms, URL_CAP,
    cut, period_of, quote_of, url,
};
use crate::vocab::parameters::{self, Meaning, Tracker};
use crate::vocab::{Normalized, TreeKind};
use aho_corasick::AhoCorasick;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use std::borrow::Cow;
use std::cell::Cell;
use std::io::Read;

thread_local! {
    /// Line breaks the HAR parser on this thread has consumed so far.
    static LINES_READ: Cell<u64> = const { Cell::new(0) };
}

/// Counts line breaks as the parser pulls bytes, buffering so that byte-at-a-time reads by
/// the JSON parser stay cheap.
struct LineCounter<R> {
    inner: R,
    buf: Box<[u8]>,
    pos: usize,
    len: usize,
}

impl<R: Read> Read for LineCounter<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.pos == self.len {
            self.len = self.inner.read(&mut self.buf)?;
            self.pos = 0;
            if self.len == 0 {
                return Ok(0);
            }
        }
        let n = out.len().min(self.len - self.pos);
        let chunk = &self.buf[self.pos..self.pos + n];
        let breaks = memchr::memchr_iter(b'\n', chunk).count() as u64;
        if breaks > 0 {
            LINES_READ.with(|l| l.set(l.get() + breaks));
        }
        out[..n].copy_from_slice(chunk);
        self.pos += n;
        Ok(n)
    }
}

#[derive(Deserialize)]
struct Har {
    log: Log,
}

#[derive(Deserialize)]
struct Log {
    #[serde(default)]
    pages: Vec<Page>,
    entries: Vec<Entry>,
    /// The consent banner action `saydo audit` tried (see [`super::consent`]).
    #[serde(default, rename = "_consent")]
    consent: Option<serde_json::Value>,
}

/// A request's `_consentPhase` as written: kept small, as every entry carries one.
#[derive(Default)]
enum PhaseMark {
    #[default]
    Unmarked,
    Marked(Phase),
    /// Any other value, quoted for the warning.
    Unknown(Box<str>),
}

fn phase_mark<'de, D: Deserializer<'de>>(d: D) -> Result<PhaseMark, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    Ok(match Phase::parse(Some(&v)) {
        Ok(None) => PhaseMark::Unmarked,
        Ok(Some(p)) => PhaseMark::Marked(p),
        Err(written) => PhaseMark::Unknown(written.into()),
    })
}

// Real exporters put objects where the specification says strings (a POST param's value,
// a page title), so every text field accepts any JSON value and keeps its text.
#[derive(Deserialize)]
struct Page {
    #[serde(default, deserialize_with = "lenient")]
    title: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct NameValue {
    #[serde(deserialize_with = "lenient")]
    pub name: String,
    #[serde(deserialize_with = "lenient")]
    pub value: String,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct PostData {
    #[serde(deserialize_with = "lenient")]
    pub text: String,
    pub params: Vec<NameValue>,
    #[serde(deserialize_with = "lenient")]
    pub mime_type: String,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Request {
    #[serde(deserialize_with = "lenient")]
    pub method: String,
    #[serde(deserialize_with = "lenient")]
    pub url: String,
    pub headers: Vec<NameValue>,
    pub cookies: Vec<NameValue>,
    pub post_data: Option<PostData>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct EntryBody {
    #[serde(deserialize_with = "lenient")]
    started_date_time: String,
    request: Request,
    #[serde(rename = "_consentPhase", deserialize_with = "phase_mark")]
    consent_phase: PhaseMark,
}

/// Any JSON value as text: strings as they are, null as empty, anything else as JSON.
fn lenient<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => s,
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    })
}

/// An entry and the line its `{` is on.
struct Entry {
    line: u64,
    body: EntryBody,
}

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Entry, D::Error> {
        struct EntryVisitor;
        impl<'de> Visitor<'de> for EntryVisitor {
            type Value = Entry;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a HAR entry object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Entry, A::Error> {
                // Called just after the parser consumed `{`.
                let line = LINES_READ.with(Cell::get) + 1;
                let body = EntryBody::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Entry { line, body })
            }
            fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Entry, A::Error> {
                Err(de::Error::custom("a HAR entry must be an object"))
            }
        }
        d.deserialize_map(EntryVisitor)
    }
}

/// What one request sends, flattened: (name, value, place) triples.
struct Sent<'r> {
    params: Vec<(String, String, &'static str)>,
    /// Raw texts to search for canaries, with their place.
    /// Borrowed from the request where they are its text as written (a body may be 100 MB).
    blobs: Vec<(Cow<'r, str>, &'static str)>,
    cookies: bool,
    /// What was left unread, for a warning.
    notes: Vec<String>,
}

/// Bytes of one parameter value read for the categories its words name: enough for any page
/// path or event name; a 100 MB value is searched for canaries but not read word by word.
const VALUE_SCAN_CAP: usize = 1 << 20;

/// The first [`VALUE_SCAN_CAP`] bytes of a value, cut on a character boundary.
fn scan_part(value: &str) -> &str {
    if value.len() <= VALUE_SCAN_CAP {
        return value;
    }
    let mut end = VALUE_SCAN_CAP;
    while !value.is_char_boundary(end) {
        end -= 1;
    }
    &value[..end]
}

/// A JSON body larger than this is searched for canaries but not parsed into fields.
const JSON_BODY_CAP: usize = 16 << 20;

/// Pairs read from one body at most (the rest of the body is still searched for canaries).
const BODY_PAIR_CAP: usize = 2000;

/// Whether a body without a form MIME type still reads as `k=v&k=v` pairs: every pair has a
/// short key of name characters, and some pair has a value. Base64 ending in `=` does not.
fn looks_like_form(text: &str) -> bool {
    if text.contains([' ', '\n']) || !text.contains('=') {
        return false;
    }
    let mut valued = false;
    for pair in text.split('&').take(BODY_PAIR_CAP) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let name_like = !k.is_empty()
            && k.len() <= 64
            && k.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_-.[]%$:".contains(&b));
        if !name_like {
            return false;
        }
        valued |= !v.is_empty() && !v.bytes().all(|b| b == b'=');
    }
    valued
}

/// What a request sends; `with_blobs` also gathers the raw texts canaries are searched in
/// (only worth their copies when there are canaries).
fn sent(req: &Request, with_blobs: bool) -> Sent<'_> {
    let mut notes = Vec::new();
    let mut params: Vec<(String, String, &'static str)> =
        url::form_pairs_iter(url::query(&req.url))
            .take(BODY_PAIR_CAP)
            .map(|(k, v)| (k, v, "url"))
            .collect();
    let mut blobs: Vec<(Cow<str>, &'static str)> = vec![(Cow::Borrowed(req.url.as_str()), "url")];
    if with_blobs && req.url.contains(['%', '+']) {
        blobs.push((Cow::Owned(url::decode(&req.url)), "url"));
    }
    if let Some(pd) = &req.post_data {
        for p in pd.params.iter().take(BODY_PAIR_CAP) {
            params.push((url::decode(&p.name), url::decode(&p.value), "body"));
        }
        if !pd.text.is_empty() {
            let text = &pd.text;
            let mime = pd.mime_type.to_ascii_lowercase();
            let t = text.trim_start();
            if t.starts_with('{') || t.starts_with('[') || mime.contains("json") {
                if t.len() > JSON_BODY_CAP {
                    notes.push(format!(
                        "a JSON body of {} MiB is searched for canaries, but its fields are not read (over {} MiB)",
                        t.len() >> 20,
                        JSON_BODY_CAP >> 20
                    ));
                } else if let Ok(v) = serde_json::from_str::<serde_json::Value>(t) {
                    flatten_json(&v, String::new(), &mut params, 0);
                }
            } else if mime.contains("x-www-form-urlencoded")
                || ((mime.is_empty() || mime.starts_with("text/plain")) && looks_like_form(t))
            {
                // Only a body typed as a form, or untyped text that reads as one: any other
                // body (base64, binary, prose) would give made-up parameter names.
                let mut n = 0;
                'lines: for line in t.lines() {
                    for (k, v) in url::form_pairs_iter(line) {
                        params.push((k, v, "body"));
                        n += 1;
                        if n >= BODY_PAIR_CAP {
                            break 'lines;
                        }
                    }
                }
            }
            blobs.push((Cow::Borrowed(text.as_str()), "body"));
            if with_blobs && text.contains(['%', '+']) {
                blobs.push((Cow::Owned(url::decode(text)), "body"));
            }
        }
    }
    let mut cookies = !req.cookies.is_empty();
    for c in &req.cookies {
        blobs.push((Cow::Borrowed(c.value.as_str()), "cookie"));
    }
    for h in &req.headers {
        let name = h.name.to_ascii_lowercase();
        if name == "cookie" {
            cookies = true;
            blobs.push((Cow::Borrowed(h.value.as_str()), "cookie"));
        } else if name == "referer" {
            params.push(("referer".into(), h.value.clone(), "header"));
        } else if !name.starts_with(':') {
            blobs.push((Cow::Borrowed(h.value.as_str()), "header"));
        }
    }
    if params.len() >= BODY_PAIR_CAP {
        notes.push(format!(
            "only the first {BODY_PAIR_CAP} parameters of the query or body are read for data categories"
        ));
    }
    Sent {
        params,
        blobs,
        cookies,
        notes,
    }
}

fn flatten_json(
    v: &serde_json::Value,
    path: String,
    out: &mut Vec<(String, String, &'static str)>,
    depth: usize,
) {
    if depth > 16 || out.len() > 2000 {
        return;
    }
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                flatten_json(x, p, out, depth + 1);
            }
        }
        serde_json::Value::Array(a) => {
            for x in a {
                flatten_json(x, path.clone(), out, depth + 1);
            }
        }
        serde_json::Value::String(s) => out.push((path, s.clone(), "body")),
        serde_json::Value::Null => {}
        other => out.push((path, other.to_string(), "body")),
    }
}

fn is_hex_digest(v: &str) -> bool {
    matches!(v.len(), 32 | 40 | 64) && v.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The innermost name of a parameter: `ud[em]` -> `em`, `user_data.em` -> `em`,
/// `cd[filing_status]` -> `filing_status`.
fn leaf(name: &str) -> &str {
    let n = name.trim_end_matches(']');
    let after_bracket = n.rsplit('[').next().unwrap_or(n);
    after_bracket.rsplit('.').next().unwrap_or(after_bracket)
}

/// The data categories a request sends, from its parameters, cookies and referrer. A category
/// rests on the parameter's documented meaning for the tracker the request goes to, on a long
/// name that means the same everywhere, or on the value itself; never on a short name alone
/// (see [`crate::vocab::parameters`]).
fn data_sent(s: &Sent, ctx: &Context, tracker: Option<&'static Tracker>) -> Vec<Term> {
    let mut out: Vec<Term> = Vec::new();
    // A flow keeps the first term of each category (see `merge_terms`), so later terms of a
    // category already found are dropped here: the list stays as short as the vocabulary
    // however many parameters a request has. Names are quoted within the quote bound.
    let mut add = |term: &str, cat: &str, basis: Basis, by: Option<&'static str>| {
        if !out.iter().any(|x| x.category.as_deref() == Some(cat)) {
            let mut t = Term::new(&quote_of(term), Some(cat.to_string())).with_basis(basis);
            t.tracker = by;
            out.push(t);
        }
    };
    for (name, value, place) in &s.params {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let lower = name.to_ascii_lowercase();
        let leaf = leaf(&lower);
        let (meaning, basis, by) = match tracker.and_then(|t| Some((t.meaning(&lower)?, t.name))) {
            Some((m, t)) => (Some(m), Basis::DocumentedParameter, Some(t)),
            None if *place == "header" => (parameters::generic(leaf), Basis::Header, None),
            None => (parameters::generic(leaf), Basis::ParameterName, None),
        };
        let named_value = || format!("{}={}", quote_of(name), quote_of(value));
        let mut read_words = false;
        match meaning {
            Some(Meaning::Data(cat)) if !parameters::is_placeholder(value) => {
                let hashed = is_hex_digest(value) && !matches!(cat, "cookie-id" | "device-id");
                add(
                    name,
                    if hashed { "hashed-identifier" } else { cat },
                    basis,
                    by,
                );
            }
            Some(Meaning::Activity) => {
                add(name, "online-activity", basis, by);
                read_words = true;
            }
            Some(_) => {}
            None => {
                // A longer name read as words (`customer_email`, `donation_amount`).
                if !parameters::is_placeholder(value) {
                    for c in named_by(ctx, leaf) {
                        add(name, &c, Basis::ParameterName, None);
                    }
                }
                // Custom data (`cd[...]`, JSON properties) is the site's own words for what the
                // page or event is.
                read_words = lower.starts_with("cd[") || lower.starts_with("properties.");
            }
        }
        // What the value itself is.
        if find_email(value) {
            add(&named_value(), "email", Basis::Value, None);
        } else if is_phone(value) {
            add(&named_value(), "phone", Basis::Value, None);
        }
        let is_url = url::network_host(value).is_some();
        if is_url && meaning != Some(Meaning::Activity) {
            add(name, "online-activity", Basis::Value, None);
        }
        if read_words || is_url {
            for c in revealed_by(ctx, value) {
                add(&named_value(), &c, Basis::Value, None);
            }
        }
    }
    if s.cookies {
        add("cookies", "cookie-id", Basis::Cookie, None);
    }
    out
}

/// The categories a parameter name names as a whole segment: its words are a data term,
/// perhaps after words that keep it about the person (`customer_email`). Names of three
/// characters or fewer name nothing here.
fn named_by(ctx: &Context, leaf: &str) -> Vec<String> {
    if leaf.chars().count() <= 3 {
        return Vec::new();
    }
    let n = Normalized::new(&url::words(scan_part(leaf)));
    let tree = &ctx.resolver.vocab.data;
    let mut out = Vec::new();
    for m in ctx.resolver.vocab.lexicon().find(TreeKind::Data, &n) {
        let whole = m.end == n.lower.len()
            && n.lower[..m.start]
                .split_whitespace()
                .all(|w| parameters::PERSON_WORDS.contains(&w));
        let id = &tree.categories()[m.index].id;
        if whole && !out.contains(id) {
            out.push(id.clone());
        }
    }
    out
}

/// The sensitive categories a value reveals (a page path, title or event name:
/// `PregnancyWeekViewed`, `/symptoms/log`): special categories and financial data, named by a
/// term of four characters or more. Children's data is not read from values: a page about
/// babies says nothing about a child. Of a URL, the path and the query's values are read, not
/// the query's parameter names (`tag_for_child_directed_treatment=` is a flag, not a child).
pub(super) fn revealed_by(ctx: &Context, value: &str) -> Vec<String> {
    let vocab = ctx.resolver.vocab;
    let value = scan_part(value);
    let text = if url::network_host(value).is_some() || value.starts_with('/') {
        let mut t = url::path(value).to_string();
        for (_, v) in url::form_pairs_iter(url::query(value)).take(BODY_PAIR_CAP) {
            t.push(' ');
            t.push_str(&v);
        }
        t
    } else {
        value.to_string()
    };
    let revealing = |id: &str| (vocab.data.is_special(id) && id != "children") || id == "financial";
    ctx.resolver
        .categories_in_terms(TreeKind::Data, &url::words(&text), 4, revealing)
}

/// Whether a value holds an email address (`jane.doe@example.com`, also inside a longer
/// value), with a host part that has a dot and a top-level domain of letters.
fn find_email(value: &str) -> bool {
    let b = value.as_bytes();
    let local = |c: u8| c.is_ascii_alphanumeric() || b"._%+-".contains(&c);
    let host = |c: u8| c.is_ascii_alphanumeric() || c == b'.' || c == b'-';
    memchr::memchr_iter(b'@', b).any(|at| {
        let before = b[..at].iter().rev().take_while(|&&c| local(c)).count();
        let len = b[at + 1..].iter().take_while(|&&c| host(c)).count();
        let domain = value[at + 1..at + 1 + len].trim_end_matches(['.', '-']);
        let tld = domain.rsplit('.').next().unwrap_or("");
        before > 0
            && domain.contains('.')
            && tld.len() >= 2
            && tld.bytes().all(|c| c.is_ascii_alphabetic())
            && !domain.split('.').any(str::is_empty)
    })
}

/// Whether a value is a phone number in international form: `+` and 8 to 15 digits, with
/// only spaces, dashes, dots and brackets between them (a timestamp or an id has no `+`).
fn is_phone(value: &str) -> bool {
    let Some(rest) = value.strip_prefix('+') else {
        return false;
    };
    let digits = rest.bytes().filter(u8::is_ascii_digit).count();
    (8..=15).contains(&digits)
        && rest.bytes().next().is_some_and(|c| c.is_ascii_digit())
        && rest
            .bytes()
            .all(|c| c.is_ascii_digit() || b" -.()".contains(&c))
}

/// Every form in which a canary value may travel.
pub(super) struct CanaryForms {
    matcher: Option<AhoCorasick>,
    /// Per pattern: (canary index, form name).
    forms: Vec<(usize, &'static str)>,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl CanaryForms {
    pub(super) fn new(canaries: &[super::Canary]) -> CanaryForms {
        use base64::Engine;
        use sha2::Digest;
        let mut patterns: Vec<String> = Vec::new();
        let mut forms = Vec::new();
        for (i, c) in canaries.iter().enumerate() {
            let plain = c.value.trim();
            let lower = plain.to_lowercase();
            let mut add = |p: String, form: &'static str| {
                if p.len() >= 3 && !patterns.contains(&p) {
                    patterns.push(p);
                    forms.push((i, form));
                }
            };
            for v in [plain, lower.as_str()] {
                add(v.to_string(), "plain");
                add(url::encode(v), "url-encoded");
                add(url::encode(v).replace("%20", "+"), "url-encoded");
                for engine in [
                    &base64::engine::general_purpose::STANDARD,
                    &base64::engine::general_purpose::STANDARD_NO_PAD,
                    &base64::engine::general_purpose::URL_SAFE_NO_PAD,
                ] {
                    add(engine.encode(v), "base64");
                }
                add(hex(&md5::Md5::digest(v.as_bytes())), "md5");
                add(hex(&sha1::Sha1::digest(v.as_bytes())), "sha1");
                add(hex(&sha2::Sha256::digest(v.as_bytes())), "sha256");
            }
        }
        // Digests may be written in upper case; everything else is matched as written.
        let matcher = if patterns.is_empty() {
            None
        } else {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(&patterns)
                .ok()
        };
        CanaryForms { matcher, forms }
    }

    /// (canary index, form, place) for every canary form in the request.
    fn find(&self, s: &Sent) -> Vec<(usize, &'static str, &'static str)> {
        let Some(m) = &self.matcher else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (text, place) in &s.blobs {
            let bytes = text.as_bytes();
            for hit in m.find_overlapping_iter(text.as_ref()) {
                // A whole value or token: `com` is not found inside `cloudflare.com`s words.
                let before = hit.start().checked_sub(1).map(|i| bytes[i]);
                let after = bytes.get(hit.end()).copied();
                if before.is_some_and(|b| b.is_ascii_alphanumeric())
                    || after.is_some_and(|b| b.is_ascii_alphanumeric())
                {
                    continue;
                }
                let (i, form) = self.forms[hit.pattern().as_usize()];
                if !out.contains(&(i, form, *place)) {
                    out.push((i, form, *place));
                }
            }
        }
        out
    }
}

/// Reads one capture into flows, one per third-party organisation.
pub(super) fn read(
    input: impl Read,
    file: &str,
    ctx: &Context,
    report: &mut LogReport,
) -> Result<Flows, String> {
    LINES_READ.with(|l| l.set(0));
    let shared_file: std::sync::Arc<str> = std::sync::Arc::from(file);
    let reader = LineCounter {
        inner: input,
        buf: vec![0u8; 1 << 16].into_boxed_slice(),
        pos: 0,
        len: 0,
    };
    let har: Har = serde_json::from_reader(reader).map_err(|e| {
        use serde_json::error::Category;
        match e.classify() {
            Category::Eof => format!(
                "{file}:{}: the capture is cut off (the JSON ends early); no request in it was counted",
                e.line()
            ),
            Category::Syntax => format!(
                "{file}:{}:{}: not a HAR capture: invalid JSON ({e}); no request in it was counted",
                e.line(),
                e.column()
            ),
            Category::Data => format!(
                "{file}:{}: not a HAR 1.2 capture ({e}); no request in it was counted",
                e.line()
            ),
            Category::Io => format!("{file}: {e}"),
        }
    })?;
    let entries = har.log.entries;
    report.read = entries.len() as u64;
    let site_host: Option<String> = ctx
        .options
        .site
        .clone()
        .map(|s| url::host(&s).unwrap_or(&s).to_ascii_lowercase())
        .or_else(|| {
            har.log
                .pages
                .iter()
                .map(|p| p.title.as_str())
                .find_map(|t| t.contains("://").then(|| url::host(t)).flatten())
                .map(str::to_ascii_lowercase)
        })
        .or_else(|| {
            entries
                .iter()
                .find_map(|e| url::network_host(&e.body.request.url))
                .map(str::to_ascii_lowercase)
        });
    let Some(site_host) = site_host else {
        report.warn(format!("{file}: the capture has no requests"));
        return Ok(Flows::default());
    };
    let site = registrable_domain(&site_host);
    // The organisation that owns the site, not a platform it is hosted on: a site on
    // `myclinic.herokuapp.com` is not Heroku, and `evil.herokuapp.com` is another site.
    let site_entity = ctx.resolver.owner_of_host(&site_host).map(|e| &e.name);
    report.site = Some(site.clone());
    let canary_forms = CanaryForms::new(&ctx.options.canaries);
    // Consent marks: read only when the capture has some, so one without reads as before.
    let marked = har.log.consent.is_some()
        || entries
            .iter()
            .any(|e| !matches!(e.body.consent_phase, PhaseMark::Unmarked));
    let given = if marked {
        let (given, problem) = Given::parse(har.log.consent.as_ref());
        if let Some(p) = problem {
            // A consent action that cannot be read changes how every marked request is
            // judged: with --strict, the capture is not judged at all.
            if ctx.options.strict {
                return Err(format!(
                    "{file}: {p}; --strict is set, so no request of the capture is used"
                ));
            }
            report.warn(format!("{file}: {p}"));
        }
        report.consent = Some(LogConsent::new(&given));
        Some(given)
    } else {
        None
    };
    let mut flows = Flows::default();
    for (index, entry) in entries.iter().enumerate() {
        // Counted from 1: "the 37th request", as a reader counts rows in DevTools.
        let number = index as u64 + 1;
        let req = &entry.body.request;
        let phase = match (&entry.body.consent_phase, report.consent.as_mut()) {
            (PhaseMark::Marked(p), Some(c)) => {
                match p {
                    Phase::Before => c.before_consent += 1,
                    Phase::After => c.after_consent += 1,
                }
                Some(*p)
            }
            (PhaseMark::Unknown(written), Some(c)) => {
                if ctx.options.strict {
                    return Err(format!(
                        "{}: _consentPhase is {written}, not \"before-consent\" or \"after-consent\"; --strict is set, so no request of the capture is used",
                        super::place(file, entry.line, Some(number))
                    ));
                }
                c.unknown_phase += 1;
                report.warn(format!(
                    "{}: _consentPhase is {written}, not \"before-consent\" or \"after-consent\": the request is counted, its consent phase is not judged",
                    super::place(file, entry.line, Some(number))
                ));
                None
            }
            (PhaseMark::Unmarked, Some(c)) => {
                c.unmarked += 1;
                None
            }
            (_, None) => None,
        };
        let site_ref = SiteRef {
            domain: &site,
            entity: site_entity,
        };
        let Some(slot) = observe(
            ctx,
            &mut flows,
            report,
            &site_ref,
            &canary_forms,
            At {
                file,
                shared_file: &shared_file,
                line: entry.line,
                entry: number,
            },
            req,
            &entry.body.started_date_time,
        ) else {
            continue;
        };
        if let (Some(phase), Some(given)) = (phase, &given) {
            flows.note_consent(slot, given.classify(phase), || ConsentRequest {
                file: file.to_string(),
                line: entry.line,
                entry: number,
                method: quote_of(&req.method),
                url: cut(&req.url, URL_CAP),
            });
        }
    }
    Ok(flows)
}

/// The site a capture or crawl visit was made on: requests to it are first-party.
pub(super) struct SiteRef<'s> {
    /// Its registrable domain.
    pub domain: &'s str,
    /// The organisation that owns it, when the registry knows (its other domains are
    /// first-party too).
    pub entity: Option<&'s String>,
}

/// Where a request is cited from.
pub(super) struct At<'a> {
    pub file: &'a str,
    pub shared_file: &'a std::sync::Arc<str>,
    pub line: u64,
    /// The request's number (HAR: its place in `log.entries`; OpenWPM: `http_requests.id`).
    pub entry: u64,
}

/// One request seen on `site`: a third-party one is added to its organisation's flow (data
/// read from its URL, body, cookies and headers; canaries looked for), and the flow's slot is
/// returned; a first-party one gives `None`, and a request without a network URL is counted
/// as skipped.
#[allow(clippy::too_many_arguments)]
pub(super) fn observe(
    ctx: &Context,
    flows: &mut Flows,
    report: &mut LogReport,
    site: &SiteRef,
    canary_forms: &CanaryForms,
    at: At,
    req: &Request,
    started: &str,
) -> Option<usize> {
    let (file, number) = (at.file, at.entry);
    let entry_line = at.line;
    let Some(host) = url::network_host(&req.url) else {
        let reason = match url::scheme(&req.url) {
            Some(s) if !url::is_network_scheme(&s) => format!(
                "url: a {s}: URL is not a request to a server ({})",
                quote_of(&req.url)
            ),
            _ => format!(
                "url: not an http(s) or ws(s) URL with a host: {:?}",
                quote_of(&req.url)
            ),
        };
        report.skip_at(entry_line, Some(number), reason);
        return None;
    };
    let host = host.to_ascii_lowercase();
    let party = third_party(ctx, site, &host)?;
    report.used += 1;
    let sent = sent(req, !ctx.options.canaries.is_empty());
    for note in &sent.notes {
        report.warn(format!(
            "{}: {note}",
            super::place(file, entry_line, Some(number))
        ));
    }
    let mut data = data_sent(&sent, ctx, parameters::tracker_for_host(&host));
    let mut canaries = Vec::new();
    for (i, form, place) in canary_forms.find(&sent) {
        let c = &ctx.options.canaries[i];
        canaries.push(CanaryHit {
            name: c.name.clone(),
            form,
            place,
            file: file.to_string(),
            line: entry_line,
            entry: number,
            url: quote_of(&req.url),
        });
        let mut cats = ctx.resolver.terms(TreeKind::Data, &c.name);
        if form != "plain" && form != "url-encoded" && form != "base64" {
            cats.push(Term::new(&c.name, Some("hashed-identifier".into())));
        }
        for t in cats {
            let t = Term::new(&format!("canary {}", c.name), t.category).with_basis(Basis::Canary);
            if !data.contains(&t) {
                data.push(t);
            }
        }
    }
    let seen = Seen {
        party: &party,
        host: &host,
        started,
        url: &req.url,
        data,
        canaries,
    };
    Some(add_seen(ctx, flows, &at, seen, || {
        quote_of(&format!("{} {}", req.method, req.url))
    }))
}

/// The party a host seen on `site` belongs to, or `None` when it is the site's own: its
/// registrable domain, or another domain of the organisation that owns it.
pub(super) fn third_party(ctx: &Context, site: &SiteRef, host: &str) -> Option<Party> {
    if registrable_domain(host) == site.domain {
        return None;
    }
    let party: Party = ctx.resolver.party_for_host(host);
    if site.entity.is_some() && party.organisation.as_ref() == site.entity {
        return None; // the site's own organisation under another domain
    }
    Some(party)
}

/// A third party seen once (a request, a cookie set for its domain), as [`add_seen`] adds it.
pub(super) struct Seen<'a> {
    pub party: &'a Party,
    pub host: &'a str,
    /// When, as written (its first ten characters read as the date).
    pub started: &'a str,
    /// The URL cited (a request's, a cookie's scope).
    pub url: &'a str,
    pub data: Vec<Term>,
    pub canaries: Vec<CanaryHit>,
}

/// Adds what was seen to its party's flow in the period of its date, cited at `at` with the
/// quote `quote` builds (only while the flow keeps sources); returns the flow's slot.
pub(super) fn add_seen(
    ctx: &Context,
    flows: &mut Flows,
    at: &At,
    seen: Seen,
    quote: impl FnOnce() -> String,
) -> usize {
    let date = seen.started.get(..10).and_then(Date::parse);
    let period = period_of(date, &ctx.options.versions);
    let slot = flows.slot_for(seen.party, None, period);
    let source = flows.wants_source(slot).then(|| SourceRef {
        file: at.shared_file.clone(),
        line: at.line,
        quote: quote().into_boxed_str(),
        request: Some(Box::new(RequestRef {
            entry: at.entry,
            url: cut(seen.url, URL_CAP),
        })),
    });
    let data = Terms::new(seen.data);
    flows.add_at(
        slot,
        Observation {
            purposes: &Terms::default(),
            data: &data,
            records: 1,
            date,
            reference: None,
            host: Some(seen.host),
            source,
            canaries: seen.canaries,
        },
    );
    slot
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_leaves() {
        assert_eq!(leaf("ud[em]"), "em");
        assert_eq!(leaf("cd[filing_status]"), "filing_status");
        assert_eq!(leaf("user_data.em"), "em");
        assert_eq!(leaf("ev"), "ev");
    }

    #[test]
    fn emails_and_phones_in_values() {
        assert!(find_email("jane.doe@example.com"));
        assert!(find_email("to: Jane <jane+x@mail.example.co.uk>"));
        for not in [
            "NA",
            "@example.com",
            "jane@localhost",
            "icon@2x.png1",
            "https://medium.com/@jane",
            "a@b.c",
            "x@host..com",
        ] {
            assert!(!find_email(not), "{not}");
        }
        assert!(is_phone("+44 20 7946 0958"));
        assert!(is_phone("+1 (555) 123-4567"));
        for not in ["5551234", "+12", "1699950663020", "+1 555 CALL NOW", "+"] {
            assert!(!is_phone(not), "{not}");
        }
    }

    #[test]
    fn hex_digests() {
        assert!(is_hex_digest(&"a".repeat(64)));
        assert!(!is_hex_digest("jane@example.com"));
        assert!(!is_hex_digest(&"g".repeat(64)));
    }
}
