//! What was done: sharing ledgers (CSV, JSON Lines) and browser captures (HAR 1.2) read into
//! [`Flow`]s, each recipient resolved to an organisation and its recipient categories.
//!
//! Files are read in parallel; large ledgers are also cut into chunks on record boundaries and
//! parsed in parallel, and the partial results are merged in file order, so the output is the
//! same whatever the thread count. Memory stays flat: a flow keeps its first
//! [`SOURCE_CAP`] source lines and counts the rest.

pub mod consent;
mod date;
mod flows;
mod har;
mod ios;
mod ledger;
mod meta;
pub mod openwpm;
mod resolve;
pub mod url;

pub use date::Date;
pub use flows::Flows;
pub use ledger::SiteLedger;
pub use resolve::{Resolver, name_key, registrable_domain};

use rayon::prelude::*;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Source lines kept per flow; the rest are counted in `more_sources`.
pub const SOURCE_CAP: usize = 50;
/// Skipped-record details kept per file; the rest are counted.
pub const SKIP_CAP: usize = 200;
/// Quotes of log lines are cut to this many bytes.
pub const QUOTE_CAP: usize = 300;

/// A category named by a ledger field or a capture parameter, with the words it came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Term {
    pub term: String,
    pub category: Option<String>,
    /// What the category rests on (data read from logs; `None` for purposes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<Basis>,
    /// The tracker whose documentation gives the parameter's meaning, with
    /// [`Basis::DocumentedParameter`]: "Meta Pixel".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracker: Option<&'static str>,
}

impl Term {
    pub fn new(term: &str, category: Option<String>) -> Term {
        Term {
            term: term.to_string(),
            category,
            basis: None,
            tracker: None,
        }
    }

    pub fn with_basis(mut self, basis: Basis) -> Term {
        self.basis = Some(basis);
        self
    }
}

/// What a data category read from a log rests on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// Declared in the ledger's data column.
    Ledger,
    /// Read from the value sent: an email address, a phone number, a page URL, a health term.
    Value,
    /// The parameter's meaning as the tracker's vendor documents it (see [`Term::tracker`]).
    DocumentedParameter,
    /// A parameter name that means the same everywhere (`email`, `first_name`).
    ParameterName,
    /// The request's `Referer` header (the page the request was sent from).
    Header,
    /// Cookies sent with the request.
    Cookie,
    /// A `--canary` value found in the request.
    Canary,
    /// What the file itself records: a resource an App Privacy Report saw the app access, an
    /// event type Meta's export lists.
    Recorded,
}

impl Basis {
    /// A few words for a reader: "documented parameter of Meta Pixel".
    pub fn describe(self, tracker: Option<&str>) -> String {
        self.describe_n(tracker, 1)
    }

    /// [`Basis::describe`] for `n` categories resting on it: "documented parameters of Meta
    /// Pixel".
    pub fn describe_n(self, tracker: Option<&str>, n: usize) -> String {
        let s = if n == 1 { "" } else { "s" };
        match self {
            Basis::Ledger => "declared in the ledger".into(),
            Basis::Value => format!("inferred from the value{s} sent"),
            Basis::DocumentedParameter => match tracker {
                Some(t) => format!("documented parameter{s} of {t}"),
                None => format!("documented parameter{s}"),
            },
            Basis::ParameterName => format!("named by the parameter{s}"),
            Basis::Header => "the Referer header".into(),
            Basis::Cookie => "cookies sent".into(),
            Basis::Canary if n == 1 => "a canary value found".into(),
            Basis::Canary => "canary values found".into(),
            Basis::Recorded => "as the file records it".into(),
        }
    }
}

/// An organisation on the receiving end of a flow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Party {
    /// The registry name when resolved, else the name (or domain) as written.
    pub name: String,
    /// The registry entity, when the name or domain is in the registry.
    pub organisation: Option<String>,
    pub domain: Option<String>,
    /// Recipient category ids, most specific first; shared by the parties of a log with the
    /// same list (see [`Interner`]).
    pub categories: SharedList<String>,
    /// Neither the registry nor the log said what kind of recipient this is.
    pub unresolved: bool,
}

impl Party {
    /// What makes two parties the same recipient for aggregation.
    fn key(&self) -> String {
        match &self.organisation {
            Some(o) => format!("org:{o}"),
            None => format!(
                "name:{}|{}",
                name_key(&self.name),
                self.categories.join(",")
            ),
        }
    }
}

/// A place in a log file that shows a flow.
///
/// Kept small: a ledger of hundreds of thousands of recipients keeps one per flow. The file
/// name is shared by every source from that file, and what only a capture request has (its
/// number and URL) sits behind one pointer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceRef {
    pub file: Arc<str>,
    pub line: u64,
    pub quote: Box<str>,
    /// The capture request this line shows; `None` for ledger rows.
    pub request: Option<Box<RequestRef>>,
}

/// A request in a capture, as a [`SourceRef`] cites it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestRef {
    /// The request's number in a capture, counted from 1 in the order of `log.entries` (the
    /// order DevTools lists them), so a capture written on one line can still be cited.
    pub entry: u64,
    /// The request URL as sent, up to [`URL_CAP`] bytes; the quote is shortened.
    pub url: String,
}

impl SourceRef {
    /// The request's number in a capture (see [`RequestRef::entry`]); `None` for ledger rows.
    pub fn entry(&self) -> Option<u64> {
        self.request.as_ref().map(|r| r.entry)
    }

    /// The request URL (captures).
    pub fn url(&self) -> Option<&str> {
        self.request.as_ref().map(|r| r.url.as_str())
    }

    /// Where in its file: `ledger.csv:6`, `capture.har#entry=37 (line 146)`.
    pub fn place(&self) -> String {
        place(&self.file, self.line, self.entry())
    }

    /// The position without the file: `line 6`, `entry 37, line 146`.
    pub fn position(&self) -> String {
        position(self.line, self.entry())
    }
}

/// The JSON fields of a source, as before the request moved behind a pointer: `file`, `line`,
/// `entry` (captures), `quote`, `url` (captures).
impl Serialize for SourceRef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let extra = if self.request.is_some() { 2 } else { 0 };
        let mut st = s.serialize_struct("SourceRef", 3 + extra)?;
        st.serialize_field("file", &*self.file)?;
        st.serialize_field("line", &self.line)?;
        match &self.request {
            Some(r) => st.serialize_field("entry", &r.entry)?,
            None => st.skip_field("entry")?,
        }
        st.serialize_field("quote", &*self.quote)?;
        match &self.request {
            Some(r) => st.serialize_field("url", &r.url)?,
            None => st.skip_field("url")?,
        }
        st.end()
    }
}

/// A list built once and shared by every flow or finding that holds the same one (the data
/// and purpose terms of a ledger's flows, the policy statements findings quote): copied only
/// when one holder changes it; an empty list takes no allocation. Equality and hashing are by
/// content.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct SharedList<T>(Option<Arc<Vec<T>>>);

impl<T> Clone for SharedList<T> {
    fn clone(&self) -> Self {
        SharedList(self.0.clone())
    }
}

/// Data or purpose terms of a flow: a ledger names a few lists for many recipients.
pub type Terms = SharedList<Term>;

impl<T> SharedList<T> {
    pub fn new(items: Vec<T>) -> SharedList<T> {
        SharedList((!items.is_empty()).then(|| Arc::new(items)))
    }
}

impl<T: Clone> SharedList<T> {
    /// The list to change, copied first when another holder shares it.
    pub(crate) fn make_mut(&mut self) -> &mut Vec<T> {
        Arc::make_mut(self.0.get_or_insert_with(Default::default))
    }
}

/// Keeps one copy of each list seen, so equal lists share one allocation.
#[derive(Debug)]
pub struct Interner<T>(std::collections::HashSet<SharedList<T>>);

impl<T> Default for Interner<T> {
    fn default() -> Self {
        Interner(Default::default())
    }
}

impl<T: Eq + std::hash::Hash> Interner<T> {
    pub fn intern(&mut self, list: SharedList<T>) -> SharedList<T> {
        if list.is_empty() {
            return list;
        }
        if let Some(l) = self.0.get(&list) {
            return l.clone();
        }
        self.0.insert(list.clone());
        list
    }
}

impl<T> Default for SharedList<T> {
    fn default() -> Self {
        SharedList(None)
    }
}

impl<T> From<Vec<T>> for SharedList<T> {
    fn from(items: Vec<T>) -> SharedList<T> {
        SharedList::new(items)
    }
}

impl<T> std::ops::Deref for SharedList<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }
}

impl<'t, T> IntoIterator for &'t SharedList<T> {
    type Item = &'t T;
    type IntoIter = std::slice::Iter<'t, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T: Serialize> Serialize for SharedList<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// A list that is usually empty (references, hosts, canary hits of a flow): one pointer, and
/// no allocation while empty.
// A boxed `Vec` on purpose: one pointer in the flow instead of three words, for lists that
// grow one item at a time.
#[allow(clippy::box_collection)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Few<T>(Option<Box<Vec<T>>>);

impl<T> Default for Few<T> {
    fn default() -> Self {
        Few(None)
    }
}

impl<T> Few<T> {
    pub fn push(&mut self, item: T) {
        self.0.get_or_insert_with(Default::default).push(item);
    }

    pub fn into_vec(self) -> Vec<T> {
        self.0.map(|b| *b).unwrap_or_default()
    }
}

impl<T> std::ops::Deref for Few<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }
}

impl<'t, T> IntoIterator for &'t Few<T> {
    type Item = &'t T;
    type IntoIter = std::slice::Iter<'t, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T> IntoIterator for Few<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.into_vec().into_iter()
    }
}

impl<T: Serialize> Serialize for Few<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

/// A file position as cited: `file:line` for ledger rows; `file#entry=N` for capture requests,
/// with the line when it tells them apart (a capture written on one line has every request on
/// line 1).
pub fn place(file: &str, line: u64, entry: Option<u64>) -> String {
    match entry {
        None => format!("{file}:{line}"),
        Some(n) if line <= 1 => format!("{file}#entry={n}"),
        Some(n) => format!("{file}#entry={n} (line {line})"),
    }
}

/// [`place`] without the file: `line 6`, `entry 37, line 146`.
pub fn position(line: u64, entry: Option<u64>) -> String {
    match entry {
        None => format!("line {line}"),
        Some(n) if line <= 1 => format!("entry {n}"),
        Some(n) => format!("entry {n}, line {line}"),
    }
}

/// Request URLs kept in evidence are cut at this many bytes (on a character boundary, marked
/// with `…`): every real URL fits, and a hostile 100 MB one does not fill memory 50 times over.
pub const URL_CAP: usize = 64 << 10;

/// A value the user typed into the site, found in a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CanaryHit {
    pub name: String,
    /// `plain`, `url-encoded`, `base64`, `md5`, `sha1` or `sha256`.
    pub form: &'static str,
    /// `url`, `body`, `cookie` or `header`.
    pub place: &'static str,
    pub file: String,
    pub line: u64,
    /// The request's number in the capture, from 1 (see [`SourceRef::entry`]).
    pub entry: u64,
    pub url: String,
}

/// Everything the logs show went to one recipient (on behalf of one end user), within one
/// period of policy versions.
///
/// Lists hold flows boxed, and rare parts sit behind pointers, so that a ledger of hundreds of
/// thousands of distinct recipients costs a few hundred bytes per flow (see the size test).
#[derive(Clone, Debug, Serialize)]
pub struct Flow {
    pub recipient: Party,
    pub on_behalf_of: Option<Box<Party>>,
    pub purposes: Terms,
    pub data: Terms,
    /// People or records transferred: a ledger's count (a row without one counts as one), or
    /// the number of requests in a capture.
    pub records: u64,
    /// Log records (ledger rows, captured requests) aggregated here.
    pub log_records: u64,
    pub first_seen: Option<Date>,
    pub last_seen: Option<Date>,
    /// Log records with no date.
    pub undated: u64,
    pub sources: Vec<SourceRef>,
    pub more_sources: u64,
    pub references: Few<String>,
    /// Hosts the requests went to (captures).
    pub hosts: Few<String>,
    pub canaries: Few<CanaryHit>,
    /// Consent phases of the requests, for captures that mark them (see [`consent`]); boxed,
    /// as most flows have none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent: Option<Box<consent::FlowConsent>>,
    /// Who the data came from, for evidence recorded away from the organisation (a phone's
    /// App Privacy Report, Meta's export); `None` for ledgers and captures. Boxed: rare.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub origin: Option<Box<Origin>>,
    /// Which period of policy versions the records fall in (see [`period_of`]).
    #[serde(skip)]
    pub period: u32,
}

/// Where a flow read from a person's own records comes from (see [`Flow::origin`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Origin {
    /// The app (its bundle id, or its organisation when the registry knows it) or business
    /// the data came from: the organisation whose policy is checked.
    pub first_party: Party,
    pub kind: OriginKind,
    /// The website shown inside the app, for [`OriginKind::InAppBrowsing`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
}

impl Origin {
    /// What makes two origins the same for aggregation.
    fn key(&self) -> String {
        format!(
            "{}|{:?}|{}",
            self.first_party.key(),
            self.kind,
            self.context.as_deref().unwrap_or("")
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OriginKind {
    /// The first party sent the data to the recipient (an app's own network traffic, a
    /// business's events or list upload to Meta).
    Shared,
    /// The first party itself collected the data (a resource the app accessed on the phone);
    /// judged against the policy's own collection statements.
    Collected,
    /// Traffic of a website shown inside the app (`context`), kept apart from the app's own.
    InAppBrowsing,
}

/// The period for records with no date.
pub const UNDATED: u32 = u32::MAX;

/// The period a date falls in, given the sorted dates of policy versions: 0 before the first
/// version, `i` while version `i - 1` is in force. With no versions everything is period 0.
pub fn period_of(date: Option<Date>, versions: &[Date]) -> u32 {
    if versions.is_empty() {
        return 0;
    }
    match date {
        None => UNDATED,
        Some(d) => versions.partition_point(|v| *v <= d) as u32,
    }
}

/// A value to look for in captures (`--canary email=jane@example.com`).
#[derive(Clone, Debug)]
pub struct Canary {
    pub name: String,
    pub value: String,
}

/// Canary values shorter than this are refused: a value of three characters or fewer (`com`,
/// `123`) turns up inside unrelated hosts, ids and hashes, and a false hit flips a verdict.
pub const CANARY_MIN: usize = 4;

impl std::str::FromStr for Canary {
    type Err = String;
    fn from_str(s: &str) -> Result<Canary, String> {
        let Some((n, v)) = s.split_once('=') else {
            return Err(format!("expected NAME=VALUE, got {s:?}"));
        };
        let (name, value) = (n.trim(), v.trim());
        if name.is_empty() {
            return Err(format!("expected NAME=VALUE with a name, got {s:?}"));
        }
        if value.chars().count() < CANARY_MIN {
            return Err(format!(
                "the value of {name:?} is too short to search for: use the full value typed \
                 into the site (at least {CANARY_MIN} characters), such as an email address"
            ));
        }
        let lower = value.to_ascii_lowercase();
        if psl::suffix(lower.as_bytes())
            .is_some_and(|x| x.is_known() && x.as_bytes() == lower.as_bytes())
        {
            return Err(format!(
                "the value of {name:?} ({value:?}) is a domain ending that every host under it \
                 carries; use the full value typed into the site"
            ));
        }
        Ok(Canary {
            name: name.to_string(),
            value: value.to_string(),
        })
    }
}

/// How to read the logs.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The site's own domain (captures): requests to it are first-party.
    pub site: Option<String>,
    pub canaries: Vec<Canary>,
    /// Any skipped record makes its file an error.
    pub strict: bool,
    /// Dates of the policy versions, sorted: flows are split by the version in force.
    pub versions: Vec<Date>,
    /// Read every log as this format instead of going by extension or content.
    pub format: Option<LogFormat>,
    /// The app whose flows an App Privacy Report gives (its bundle id); `--app`.
    pub app: Option<String>,
    /// A report of several apps or an export of several businesses must be narrowed to one
    /// (`--app`, `--site`): set by `check`, which judges one organisation's policy.
    pub one_first_party: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// A sharing ledger: CSV with a header row.
    Csv,
    /// A sharing ledger: one JSON object per line, with the CSV's keys.
    Jsonl,
    /// A browser capture (HAR 1.2).
    Har,
    /// An iOS App Privacy Report (NDJSON, versions 1 to 4).
    #[value(name = "ios-privacy-report")]
    #[serde(rename = "ios-privacy-report")]
    IosPrivacyReport,
    /// Meta's "Download Your Information" export in JSON (a folder or its zip).
    #[value(name = "meta-export")]
    #[serde(rename = "meta-export")]
    MetaExport,
}

impl LogFormat {
    /// By extension; `None` when the extension does not say.
    pub fn from_path(path: &Path) -> Option<LogFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "tsv" => Some(LogFormat::Csv),
            "jsonl" | "ndjson" => Some(LogFormat::Jsonl),
            "har" => Some(LogFormat::Har),
            "zip" => Some(LogFormat::MetaExport),
            _ => None,
        }
    }

    /// From the first bytes: a JSON object with a `log` member is a HAR, other JSON objects
    /// are JSON Lines, anything else is CSV.
    pub fn sniff(head: &[u8]) -> LogFormat {
        let text = String::from_utf8_lossy(head);
        let t = text.trim_start_matches('\u{feff}').trim_start();
        if t.starts_with('{') || t.starts_with('[') {
            let first_line = t.lines().next().unwrap_or("");
            let compact = first_line.trim_end().ends_with('}') && first_line.len() > 1;
            if !compact && t.contains("\"log\"") || t.starts_with("{\"log\"") {
                return LogFormat::Har;
            }
            return LogFormat::Jsonl;
        }
        LogFormat::Csv
    }
}

/// A record that could not be used, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Skip {
    pub line: u64,
    /// The request's number in a capture, from 1 (see [`SourceRef::entry`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry: Option<u64>,
    pub reason: String,
}

impl Skip {
    /// `line 6`, or `entry 37, line 146` in a capture.
    pub fn position(&self) -> String {
        position(self.line, self.entry)
    }
}

/// What reading one log file gave, besides its flows.
#[derive(Clone, Debug, Default, Serialize)]
pub struct LogReport {
    pub file: String,
    pub format: Option<LogFormat>,
    /// Records seen (ledger rows after the header, capture entries).
    pub read: u64,
    pub skipped: u64,
    /// The first [`SKIP_CAP`] skipped records.
    pub skips: Vec<Skip>,
    pub warnings: Vec<String>,
    /// Third-party requests (captures) or rows (ledgers) that became flows.
    pub used: u64,
    /// The site a capture was judged from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
    /// Why the file could not be read at all; its records are not counted anywhere else.
    pub error: Option<String>,
    /// What a capture with consent marks says about consent (see [`consent`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consent: Option<consent::LogConsent>,
    #[serde(skip)]
    pub sha256: String,
    /// The person's own identifiers the file holds (a Meta export's profile: name, email
    /// addresses, phone numbers), for `--redact`; never reported.
    #[serde(skip)]
    pub personal: Vec<String>,
}

impl LogReport {
    fn new(file: &str) -> LogReport {
        LogReport {
            file: file.to_string(),
            ..LogReport::default()
        }
    }

    fn skip(&mut self, line: u64, reason: String) {
        self.skip_at(line, None, reason);
    }

    fn skip_at(&mut self, line: u64, entry: Option<u64>, reason: String) {
        self.skipped += 1;
        if self.skips.len() < SKIP_CAP {
            self.skips.push(Skip {
                line,
                entry,
                reason,
            });
        }
    }

    fn warn(&mut self, message: String) {
        if self.warnings.len() < SKIP_CAP {
            self.warnings.push(message);
        }
    }

    /// Folds the counts of a chunk of the same file into this report.
    fn absorb(&mut self, other: LogReport) {
        self.read += other.read;
        self.used += other.used;
        self.skipped += other.skipped;
        for s in other.skips {
            if self.skips.len() < SKIP_CAP {
                self.skips.push(s);
            }
        }
        for w in other.warnings {
            self.warn(w);
        }
    }
}

/// The flows of all logs and what reading each log gave.
#[derive(Debug, Default)]
pub struct Evidence {
    pub flows: Vec<Box<Flow>>,
    pub logs: Vec<LogReport>,
    /// The unresolved recipients, kept when the flows were taken (see [`Evidence::take_flows`]).
    taken_unresolved: Option<Vec<String>>,
}

impl Evidence {
    pub fn records_read(&self) -> u64 {
        self.logs.iter().map(|l| l.read).sum()
    }
    pub fn records_skipped(&self) -> u64 {
        self.logs.iter().map(|l| l.skipped).sum()
    }
    pub fn failed(&self) -> usize {
        self.logs.iter().filter(|l| l.error.is_some()).count()
    }
    /// Moves the flows out (for a check, whose findings take them over), keeping what
    /// [`Evidence::unresolved`] reports.
    pub fn take_flows(&mut self) -> Vec<Box<Flow>> {
        let names = self.unresolved().into_iter().map(str::to_string).collect();
        self.taken_unresolved = Some(names);
        let mut flows = std::mem::take(&mut self.flows);
        // The list grew by doubling; its spare room would stay held while the findings are
        // built from it.
        flows.shrink_to_fit();
        flows
    }

    /// Recipients nobody could name, in order of appearance.
    pub fn unresolved(&self) -> Vec<&str> {
        if let Some(names) = &self.taken_unresolved {
            return names.iter().map(String::as_str).collect();
        }
        let mut out: Vec<&str> = Vec::new();
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for f in &self.flows {
            for p in std::iter::once(&f.recipient).chain(f.on_behalf_of.as_deref()) {
                if p.unresolved && seen.insert(&p.name) {
                    out.push(&p.name);
                }
            }
        }
        out
    }
}

/// Everything a reader needs besides its input.
pub(crate) struct Context<'a> {
    pub resolver: &'a Resolver<'a>,
    pub options: &'a Options,
}

/// Reads every log (files in parallel) and merges their flows in the order given. A file that
/// cannot be read is reported in its [`LogReport`]; the others are still read.
pub fn read_logs(paths: &[PathBuf], resolver: &Resolver, options: &Options) -> Evidence {
    combine(read_each(paths, resolver, options))
}

/// Every log read on its own (files in parallel), in the order given, not yet merged: a
/// survey adds the flows of other evidence (a crawl database) before [`combine`].
pub fn read_each(
    paths: &[PathBuf],
    resolver: &Resolver,
    options: &Options,
) -> Vec<(Flows, LogReport)> {
    let ctx = Context { resolver, options };
    paths
        .par_iter()
        .map(|p| {
            let label = p.display().to_string();
            match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_log(p, &ctx))) {
                Ok(r) => r,
                Err(_) => {
                    let mut report = LogReport::new(&label);
                    report.error = Some(format!(
                        "{label}: internal error while reading this file (a saydo defect; please report it)"
                    ));
                    (Flows::default(), report)
                }
            }
        })
        .collect()
}

/// Merges the flows of several logs in the order given; a log that failed adds none.
pub fn combine(results: Vec<(Flows, LogReport)>) -> Evidence {
    let mut all = Flows::default();
    let mut logs = Vec::with_capacity(results.len());
    for (flows, mut report) in results {
        if report.error.is_none() {
            for name in all.merge(flows) {
                report.warn(format!(
                    "{}: the record count for {name} passes {}; shown as that",
                    report.file,
                    u64::MAX
                ));
            }
        }
        logs.push(report);
    }
    Evidence {
        flows: all.into_vec(),
        logs,
        taken_unresolved: None,
    }
}

/// Reads a sharing ledger with a `site` column (CSV or JSON Lines) into each site's flows, by
/// the site's registrable domain, in order of site (`saydo survey`). `wanted` says, for a
/// site, whether its rows are read (see [`ledger::Grouping::BySite`]) and the dates of its
/// policy's versions. The report holds the whole file's counts, skipped rows (a row with no
/// site among them) and warnings; an error names the file.
pub fn read_ledger_by_site(
    path: &Path,
    resolver: &Resolver,
    wanted: &(dyn Fn(&str) -> Option<Arc<[Date]>> + Sync),
) -> Result<(std::collections::BTreeMap<String, SiteLedger>, LogReport), String> {
    use std::io::Read;
    let label = path.display().to_string();
    let mut input = crate::input::open(path, crate::input::Kind::Ledger)
        .map_err(|e| format!("{label}: cannot read: {e}"))?;
    let head = head_of(&mut input, &label)?;
    let format = LogFormat::from_path(path).unwrap_or_else(|| LogFormat::sniff(&head));
    if !matches!(format, LogFormat::Csv | LogFormat::Jsonl) {
        return Err(format!(
            "{label}: not a sharing ledger (CSV or JSON Lines with a site column)"
        ));
    }
    let options = Options::default();
    let ctx = Context {
        resolver,
        options: &options,
    };
    let mut report = LogReport::new(&label);
    report.format = Some(format);
    let reader = std::io::Cursor::new(head).chain(input);
    let sites = ledger::read_by_site(reader, format, &label, &ctx, &mut report, wanted)?;
    Ok((sites, report))
}

impl SiteLedger {
    /// This site's flows and a report of its rows, as [`read_each`] gives a file's, for
    /// [`combine`] with the site's other evidence.
    pub fn into_part(self, file: &str, format: LogFormat, site: &str) -> (Flows, LogReport) {
        let mut report = LogReport::new(file);
        report.format = Some(format);
        report.read = self.read;
        report.used = self.used;
        report.site = Some(site.to_string());
        (self.flows, report)
    }
}

fn read_log(path: &Path, ctx: &Context) -> (Flows, LogReport) {
    let label = if path.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let mut report = LogReport::new(&label);
    let outcome = open_and_read(path, &label, ctx, &mut report);
    let flows = match outcome {
        Ok(flows) => flows,
        Err(message) => {
            report.error = Some(message);
            Flows::default()
        }
    };
    if ctx.options.strict && report.error.is_none() && report.skipped > 0 {
        let first = report
            .skips
            .first()
            .map(|s| format!(" (first: {}: {})", s.position(), s.reason))
            .unwrap_or_default();
        report.error = Some(format!(
            "{label}: {} could not be used and --strict is set{first}",
            if report.skipped == 1 {
                "1 record".to_string()
            } else {
                format!("{} records", report.skipped)
            }
        ));
    }
    (flows, report)
}

fn open_and_read(
    path: &Path,
    label: &str,
    ctx: &Context,
    report: &mut LogReport,
) -> Result<Flows, String> {
    use std::io::Read;
    let io_err = |e: std::io::Error| format!("{label}: cannot read: {e}");
    let forced = ctx.options.format;
    if path.as_os_str() != "-"
        && (forced == Some(LogFormat::MetaExport)
            || forced.is_none()
                && (LogFormat::from_path(path) == Some(LogFormat::MetaExport)
                    || path.is_dir() && meta::is_export_dir(path)))
    {
        report.format = Some(LogFormat::MetaExport);
        return meta::read(path, label, ctx, report);
    }
    if path.as_os_str() != "-" && path.is_dir() {
        return Err(format!(
            "{label}: is a folder, not a log file (nor a Meta \"Download Your Information\" export: it has no apps_and_websites_off_of_facebook/ or ads_information/ files)"
        ));
    }
    // Only regular files and standard input; capped as a ledger until the content says HAR.
    let mut input = crate::input::open(path, crate::input::Kind::Ledger).map_err(io_err)?;
    let mut hashing = HashingReader::new(&mut input);
    let mut head = head_of(&mut hashing, label)?;
    let mut format = ctx
        .options
        .format
        .or_else(|| LogFormat::from_path(path))
        .unwrap_or_else(|| LogFormat::sniff(&head));
    // `.ndjson` is also what iOS calls its App Privacy Report: told apart by its records.
    if forced.is_none() && format == LogFormat::Jsonl && ios::looks_like(&head, path) {
        format = LogFormat::IosPrivacyReport;
    }
    report.format = Some(format);
    if format == LogFormat::Har {
        // A capture is parsed whole: its cap bounds memory.
        hashing.inner.set_kind(crate::input::Kind::Capture);
        if head.starts_with(b"\xef\xbb\xbf") {
            // Exporters on Windows write a byte-order mark, which JSON parsers refuse.
            head.drain(..3);
        }
    }
    let reader = std::io::Cursor::new(head).chain(&mut hashing);
    let flows = match format {
        LogFormat::Csv | LogFormat::Jsonl => ledger::read(reader, format, label, ctx, report)?,
        LogFormat::Har => har::read(reader, label, ctx, report)?,
        LogFormat::IosPrivacyReport => {
            ios::read(std::io::BufReader::new(reader), label, ctx, report)?
        }
        LogFormat::MetaExport => {
            return Err(format!(
                "{label}: a Meta export is read from its folder or its .zip file, not from standard input"
            ));
        }
    };
    // Hash whatever the reader did not consume, so the digest covers the whole file.
    std::io::copy(&mut hashing, &mut std::io::sink()).map_err(io_err)?;
    report.sha256 = hashing.hex();
    Ok(flows)
}

/// The first bytes of a log (up to 8 KiB), by which its format is told; an empty file is an
/// error naming it.
fn head_of(input: &mut impl std::io::Read, label: &str) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let mut head = Vec::with_capacity(8192);
    input
        .take(8192)
        .read_to_end(&mut head)
        .map_err(|e| format!("{label}: cannot read: {e}"))?;
    if head.is_empty() {
        return Err(format!("{label}: the file is empty"));
    }
    Ok(head)
}

/// Computes the SHA-256 of everything read through it (reports name their inputs by digest).
struct HashingReader<R> {
    inner: R,
    hasher: sha2::Sha256,
}

impl<R: std::io::Read> HashingReader<R> {
    fn new(inner: R) -> Self {
        use sha2::Digest;
        HashingReader {
            inner,
            hasher: sha2::Sha256::new(),
        }
    }
    fn hex(&self) -> String {
        use sha2::Digest;
        let digest = self.hasher.clone().finalize();
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl<R: std::io::Read> std::io::Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        use sha2::Digest;
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

/// A quote of a log line: the line, trimmed and cut at [`QUOTE_CAP`] bytes on a character
/// boundary.
pub(crate) fn quote_of(text: &str) -> String {
    cut(text, QUOTE_CAP)
}

/// `text` trimmed and cut at `cap` bytes on a character boundary (marked `…`). A carriage
/// return or other control character left inside (a lone CR in a ledger row) is shown as a
/// space: printed as it is, a CR sends the terminal back to the start of the line and the
/// quote reads as something else.
pub(crate) fn cut(text: &str, cap: usize) -> String {
    let t = text.trim_end_matches(['\r', '\n']).trim();
    let (mut t, more) = if t.len() <= cap {
        (t, false)
    } else {
        let mut end = cap;
        while !t.is_char_boundary(end) {
            end -= 1;
        }
        (&t[..end], true)
    };
    let cleaned;
    if t.bytes().any(|b| b.is_ascii_control()) {
        cleaned = t.replace(|c: char| c.is_ascii_control(), " ");
        t = &cleaned;
    }
    if more {
        format!("{t}…")
    } else {
        t.to_string()
    }
}

#[cfg(test)]
mod tests;
