//! Importers: public tracker and data-broker lists converted into entity-registry TOML that
//! `--vocab FILE` accepts.
//!
//! Three formats are read:
//!
//! - DuckDuckGo Tracker Radar entity files: one JSON object per organisation (`name`,
//!   `displayName`, `properties`, `prevalence`), an array of them, or many of them one after
//!   another (JSON Lines, or simply `cat entities/*.json`).
//! - Disconnect's `services.json`: companies listed under categories, merged into one entity
//!   with every category they appear in.
//! - US state data-broker registry CSVs (California, Vermont and alike): the name and website
//!   columns are found by their headers; "doing business as" names become aliases.
//!
//! The output loads together with the vocabulary it was imported against: an item that names
//! an organisation the registry already has is skipped, domains another entity already has
//! (or a subdomain of one) are dropped, and so are aliases that would name two entities. Every
//! skipped item is listed in [`ImportReport::skipped`] and, with every dropped domain or alias,
//! as comments in the output for the person reviewing it.

use super::Vocabulary;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::str::FromStr;

/// A format [`import`] reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportKind {
    /// DuckDuckGo Tracker Radar entity files.
    TrackerRadar,
    /// Disconnect's `services.json`.
    Disconnect,
    /// A US state data-broker registry CSV.
    BrokerRegistry,
}

impl ImportKind {
    pub const ALL: [ImportKind; 3] = [
        ImportKind::TrackerRadar,
        ImportKind::Disconnect,
        ImportKind::BrokerRegistry,
    ];

    /// The name used on the command line and in the output's `[meta] version`.
    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::TrackerRadar => "tracker-radar",
            ImportKind::Disconnect => "disconnect",
            ImportKind::BrokerRegistry => "broker-registry",
        }
    }

    fn source(self) -> &'static str {
        match self {
            ImportKind::TrackerRadar => "DuckDuckGo Tracker Radar entity data",
            ImportKind::Disconnect => "Disconnect services.json",
            ImportKind::BrokerRegistry => "a US state data-broker registry CSV",
        }
    }
}

impl fmt::Display for ImportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ImportKind {
    type Err = ImportError;

    fn from_str(s: &str) -> Result<ImportKind, ImportError> {
        let wanted = s.trim();
        ImportKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(wanted))
            .ok_or_else(|| ImportError::UnknownKind(s.to_string()))
    }
}

/// The result of an import: the TOML to write and what was left out.
#[derive(Clone, Debug)]
pub struct ImportReport {
    /// An entity-registry file: header comments, `[meta]`, then `[[entity]]` tables by name.
    pub toml: String,
    /// How many `[[entity]]` tables `toml` holds.
    pub entities: usize,
    /// One line per input item left out, with where it was read and why
    /// (`file:line: "Name" skipped: reason`).
    pub skipped: Vec<String>,
}

/// Why an input could not be imported at all. Problems with single items are not errors: those
/// items are skipped and reported.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("unknown import format {0:?}: expected tracker-radar, disconnect or broker-registry")]
    UnknownKind(String),
    #[error("{file}: the input is empty (expected {})", .kind.source())]
    Empty { file: String, kind: ImportKind },
    #[error("{file}:{line}:{column}: not valid JSON: {message}")]
    Json {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}: {message}", location(.file, *.line))]
    Shape {
        file: String,
        line: Option<usize>,
        message: String,
    },
    #[error("{file}:{line}: cannot read the CSV: {message}")]
    Csv {
        file: String,
        line: u64,
        message: String,
    },
    #[error("{file}: no {column} column in the CSV header (columns: {headers})")]
    MissingColumn {
        file: String,
        column: &'static str,
        headers: String,
    },
}

fn location(file: &str, line: Option<usize>) -> String {
    match line {
        Some(line) => format!("{file}:{line}"),
        None => file.to_string(),
    }
}

/// Reads `bytes` (the contents of the file called `name`) as `kind` and returns an entity
/// registry that loads together with `existing`.
pub fn import(
    kind: ImportKind,
    name: &str,
    bytes: &[u8],
    existing: &Vocabulary,
) -> Result<ImportReport, ImportError> {
    let parsed = match kind {
        ImportKind::TrackerRadar => parse_tracker_radar(name, bytes)?,
        ImportKind::Disconnect => parse_disconnect(name, bytes)?,
        ImportKind::BrokerRegistry => parse_broker_csv(name, bytes)?,
    };
    Ok(resolve(kind, name, parsed, existing))
}

// ---------------------------------------------------------------------------------------------
// Reading the formats
// ---------------------------------------------------------------------------------------------

/// One organisation as read from the input, before conflicts are resolved.
struct Item {
    name: String,
    aliases: Vec<String>,
    domains: Vec<String>,
    categories: Vec<&'static str>,
    /// Where it was read: `file:line`, or `file: categories.Advertising[3]`.
    at: String,
    /// The name was written in capitals and has been title-cased.
    recased: bool,
    /// Comment lines for the output (values dropped while reading, merged duplicates).
    notes: Vec<String>,
    /// How many domains or aliases were dropped.
    dropped: usize,
}

impl Item {
    fn new(name: String, at: String, categories: &[&'static str]) -> Item {
        Item {
            name,
            aliases: Vec::new(),
            domains: Vec::new(),
            categories: categories.to_vec(),
            at,
            recased: false,
            notes: Vec::new(),
            dropped: 0,
        }
    }

    fn drop_value(&mut self, what: &str, value: &str, why: &str) {
        self.notes
            .push(format!("{}: dropped {what} {value:?}: {why}", self.at));
        self.dropped += 1;
    }

    fn add_listed_domain(&mut self, raw: &str) {
        match listed_domain(raw) {
            Some(d) => push_unique(&mut self.domains, d),
            None => self.drop_value("domain", raw, "not a host name"),
        }
    }
}

#[derive(Default)]
struct Parsed {
    items: Vec<Item>,
    skipped: Vec<String>,
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes)
}

fn json_error(file: &str, e: &serde_json::Error) -> ImportError {
    let text = e.to_string();
    // serde_json appends " at line L column C"; the location is given separately.
    let message = match text.rfind(" at line ") {
        Some(i) => text.get(..i).unwrap_or(&text).to_string(),
        None => text.clone(),
    };
    ImportError::Json {
        file: file.to_string(),
        line: e.line(),
        column: e.column(),
        message,
    }
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// 1-based line of a byte offset.
fn line_at(text: &[u8], offset: usize) -> usize {
    Lines::default().at(text, offset)
}

/// Lines of increasing byte offsets, counted incrementally so a long input is read once.
#[derive(Default)]
struct Lines {
    offset: usize,
    newlines: usize,
}

impl Lines {
    fn at(&mut self, text: &[u8], offset: usize) -> usize {
        let offset = offset.min(text.len());
        if offset < self.offset {
            *self = Lines::default();
        }
        self.newlines += text
            .get(self.offset..offset)
            .map_or(0, |t| t.iter().filter(|&&b| b == b'\n').count());
        self.offset = offset;
        self.newlines + 1
    }
}

fn first_line(text: &[u8]) -> usize {
    let offset = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(0);
    line_at(text, offset)
}

fn parse_tracker_radar(file: &str, bytes: &[u8]) -> Result<Parsed, ImportError> {
    let text = strip_bom(bytes);
    if text.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::Empty {
            file: file.to_string(),
            kind: ImportKind::TrackerRadar,
        });
    }
    let mut parsed = Parsed::default();
    let mut recognised = 0usize;
    let mut hint = "";
    let mut lines = Lines::default();
    let mut stream = serde_json::Deserializer::from_slice(text).into_iter::<Value>();
    loop {
        let start = stream.byte_offset()
            + text.get(stream.byte_offset()..).map_or(0, |rest| {
                rest.iter()
                    .position(|b| !b.is_ascii_whitespace())
                    .unwrap_or(rest.len())
            });
        let value = match stream.next() {
            None => break,
            Some(Ok(value)) => value,
            Some(Err(e)) => return Err(json_error(file, &e)),
        };
        let line = lines.at(text, start);
        match value {
            Value::Object(map) => {
                let at = format!("{file}:{line}");
                read_radar_entity(&map, at, &mut parsed, &mut recognised, &mut hint);
            }
            Value::Array(elements) => {
                for (i, element) in elements.iter().enumerate() {
                    let at = format!("{file}:{line}: item {}", i + 1);
                    match element {
                        Value::Object(map) => {
                            read_radar_entity(map, at, &mut parsed, &mut recognised, &mut hint)
                        }
                        other => parsed.skipped.push(format!(
                            "{at}: skipped: {} where an entity object was expected",
                            json_kind(other)
                        )),
                    }
                }
            }
            other => {
                return Err(ImportError::Shape {
                    file: file.to_string(),
                    line: Some(line),
                    message: format!(
                        "expected a Tracker Radar entity object or an array of them, found {}",
                        json_kind(&other)
                    ),
                });
            }
        }
    }
    if recognised == 0 {
        return Err(ImportError::Shape {
            file: file.to_string(),
            line: Some(first_line(text)),
            message: format!(
                "no Tracker Radar entity found: expected objects with \"name\" and \"properties\"{hint}"
            ),
        });
    }
    Ok(parsed)
}

fn read_radar_entity(
    map: &Map<String, Value>,
    at: String,
    parsed: &mut Parsed,
    recognised: &mut usize,
    hint: &mut &'static str,
) {
    if map.contains_key("name") || map.contains_key("properties") {
        *recognised += 1;
    } else if map.contains_key("categories") {
        *hint = " (this looks like Disconnect's services.json: import it as `disconnect`)";
    }
    let name = match map.get("name") {
        Some(Value::String(s)) => clean_text(s),
        Some(other) => {
            parsed.skipped.push(format!(
                "{at}: skipped: \"name\" is {}, not a string",
                json_kind(other)
            ));
            return;
        }
        None => {
            parsed
                .skipped
                .push(format!("{at}: skipped: no \"name\" (not an entity object)"));
            return;
        }
    };
    let mut item = Item::new(name, at, &["third-party"]);
    if let Some(Value::String(display)) = map.get("displayName") {
        item.aliases.push(clean_text(display));
    }
    // Not in every release of the data set, but harmless where present.
    if let Some(Value::Array(aliases)) = map.get("aliases") {
        for alias in aliases.iter().filter_map(Value::as_str) {
            item.aliases.push(clean_text(alias));
        }
    }
    match map.get("properties") {
        Some(Value::Array(properties)) => {
            for p in properties {
                match p {
                    Value::String(s) => item.add_listed_domain(s),
                    other => {
                        let shown = other.to_string();
                        item.drop_value("property", &shown, "not a string");
                    }
                }
            }
        }
        Some(other) => {
            let why = format!("\"properties\" is {}, not a list", json_kind(other));
            item.notes.push(format!("{}: {why}", item.at));
        }
        None => {}
    }
    parsed.items.push(item);
}

/// Recipient categories for a Disconnect category, most specific first.
fn disconnect_categories(category: &str) -> &'static [&'static str] {
    let key: String = category
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    match key.as_str() {
        "advertising" => &["advertiser"],
        "analytics" => &["analytics-provider"],
        "social" => &["social-network"],
        "fingerprintinginvasive" | "fingerprintinggeneral" => &["advertiser"],
        "email" | "emailaggressive" => &["marketing-partner"],
        "content" => &["service-provider"],
        // Fraud-detection vendors serve the site (service providers) and many pool what they
        // learn across their clients (the fraud-prevention-agency category).
        "antifraud" => &["fraud-prevention-agency", "service-provider"],
        _ => &["third-party"],
    }
}

fn parse_disconnect(file: &str, bytes: &[u8]) -> Result<Parsed, ImportError> {
    let text = strip_bom(bytes);
    if text.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::Empty {
            file: file.to_string(),
            kind: ImportKind::Disconnect,
        });
    }
    let value: Value = serde_json::from_slice(text).map_err(|e| json_error(file, &e))?;
    let shape = |message: String| ImportError::Shape {
        file: file.to_string(),
        line: Some(first_line(text)),
        message,
    };
    let Value::Object(top) = value else {
        return Err(shape(format!(
            "expected Disconnect's services.json (an object with \"categories\"), found {}",
            json_kind(&value)
        )));
    };
    let categories = match top.get("categories") {
        Some(Value::Object(categories)) => categories,
        Some(other) => {
            return Err(shape(format!(
                "\"categories\" is {}, not an object of category lists",
                json_kind(other)
            )));
        }
        None => {
            let hint = if top.contains_key("name") || top.contains_key("properties") {
                " (this looks like a Tracker Radar entity: import it as `tracker-radar`)"
            } else {
                ""
            };
            return Err(shape(format!(
                "expected Disconnect's services.json: no \"categories\" object{hint}"
            )));
        }
    };
    let mut parsed = Parsed::default();
    for (category, list) in categories {
        let mapped = disconnect_categories(category);
        let Value::Array(list) = list else {
            parsed.skipped.push(format!(
                "{file}: categories.{category}: skipped: {}, not a list of services",
                json_kind(list)
            ));
            continue;
        };
        for (i, entry) in list.iter().enumerate() {
            let at = format!("{file}: categories.{category}[{i}]");
            let Value::Object(entry) = entry else {
                parsed.skipped.push(format!(
                    "{at}: skipped: {}, not a service object",
                    json_kind(entry)
                ));
                continue;
            };
            if entry.is_empty() {
                parsed
                    .skipped
                    .push(format!("{at}: skipped: empty service object"));
            }
            // One company per object in the published file; more are read the same way.
            for (company, detail) in entry {
                let Value::Object(detail) = detail else {
                    parsed.skipped.push(format!(
                        "{at}: {company:?} skipped: {}, not an object of homepage and domains",
                        json_kind(detail)
                    ));
                    continue;
                };
                let mut item = Item::new(clean_text(company), at.clone(), mapped);
                for value in detail.values() {
                    // The homepage key holds the domain list; the other keys are flags such
                    // as "performance": "true", which say nothing about the organisation.
                    if let Value::Array(domains) = value {
                        for d in domains {
                            match d {
                                Value::String(s) => item.add_listed_domain(s),
                                other => {
                                    let shown = other.to_string();
                                    item.drop_value("domain", &shown, "not a string");
                                }
                            }
                        }
                    }
                }
                parsed.items.push(item);
            }
        }
    }
    Ok(parsed)
}

/// Positions of the columns a broker registry is read from.
struct Columns {
    name: usize,
    website: Option<usize>,
    dba: Option<usize>,
}

fn header_key(h: &str) -> String {
    clean_text(h)
        .trim_end_matches([':', '*'])
        .trim()
        .to_lowercase()
}

fn find_columns(headers: &[String]) -> Option<Columns> {
    const NAMES: &[&str] = &[
        "data broker name",
        "broker name",
        "name",
        "business name",
        "legal business name",
        "company name",
        "legal name",
        "entity name",
        "business entity name",
        "organization name",
        "organisation name",
        "registrant name",
        "data broker",
    ];
    const NOT_NAMES: &[&str] = &[
        "contact",
        "agent",
        "person",
        "officer",
        "dba",
        "doing business",
        "trade",
        "file",
        "user",
        "first",
        "last",
        "signer",
        "submitter",
        "parent",
    ];
    const WEBSITES: &[&str] = &[
        "website url",
        "website",
        "web site",
        "primary internet address",
        "internet address",
        "web address",
        "website address",
        "url",
        "homepage",
        "home page",
        "domain",
        "company website",
    ];
    const NOT_WEBSITES: &[&str] = &["opt", "privacy", "policy", "request", "delet", "email"];
    let keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    let exact = |wanted: &[&str]| wanted.iter().find_map(|w| keys.iter().position(|k| k == w));
    let name = exact(NAMES).or_else(|| {
        keys.iter()
            .position(|k| k.ends_with(" name") && !NOT_NAMES.iter().any(|n| k.contains(n)))
    })?;
    let website = exact(WEBSITES).or_else(|| {
        keys.iter().position(|k| {
            ["website", "web site", "internet address", "url"]
                .iter()
                .any(|w| k.contains(w))
                && !NOT_WEBSITES.iter().any(|n| k.contains(n))
        })
    });
    let dba = keys.iter().position(|k| {
        k == "dba"
            || k.starts_with("dba ")
            || k.contains("d/b/a")
            || k.contains("doing business as")
            || k.contains("trade name")
    });
    Some(Columns { name, website, dba })
}

/// The delimiter of the first line: comma unless semicolons or tabs clearly dominate.
fn sniff_delimiter(text: &[u8]) -> u8 {
    let first = text.split(|&b| b == b'\n').next().unwrap_or(&[]);
    let count = |d: u8| first.iter().filter(|&&b| b == d).count();
    let (commas, semis, tabs) = (count(b','), count(b';'), count(b'\t'));
    if tabs > commas && tabs >= semis {
        b'\t'
    } else if semis > commas {
        b';'
    } else {
        b','
    }
}

/// Where a record starts: after a CRLF line end the reader's position is still on the LF (so
/// its own line count is one short), and blank lines are no record.
fn record_start(text: &[u8], position: u64) -> usize {
    let at = usize::try_from(position)
        .unwrap_or(usize::MAX)
        .min(text.len());
    at + text.get(at..).map_or(0, |rest| {
        rest.iter()
            .position(|&b| b != b'\r' && b != b'\n')
            .unwrap_or(rest.len())
    })
}

fn parse_broker_csv(file: &str, bytes: &[u8]) -> Result<Parsed, ImportError> {
    let text = strip_bom(bytes);
    if text.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::Empty {
            file: file.to_string(),
            kind: ImportKind::BrokerRegistry,
        });
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sniff_delimiter(text))
        .from_reader(text);
    let mut columns: Option<Columns> = None;
    let mut first_headers: Option<String> = None;
    let mut parsed = Parsed::default();
    let mut lines = Lines::default();
    for (row, record) in reader.byte_records().enumerate() {
        let record = record.map_err(|e| ImportError::Csv {
            file: file.to_string(),
            line: e
                .position()
                .map_or(0, |p| line_at(text, record_start(text, p.byte())) as u64),
            message: e.to_string(),
        })?;
        let line = record
            .position()
            .map_or(0, |p| lines.at(text, record_start(text, p.byte())));
        let fields: Vec<String> = record
            .iter()
            .map(|f| String::from_utf8_lossy(f).into_owned())
            .collect();
        let Some(cols) = &columns else {
            // The header is the first row, or follows a few title rows.
            if let Some(found) = find_columns(&fields) {
                columns = Some(found);
                continue;
            }
            if first_headers.is_none() {
                first_headers = Some(
                    fields
                        .iter()
                        .map(|f| clean_text(f))
                        .collect::<Vec<_>>()
                        .join(", "),
                );
            }
            if row >= 9 {
                break;
            }
            continue;
        };
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let at = format!("{file}:{line}");
        let field = |i: Option<usize>| i.and_then(|i| fields.get(i)).map_or("", String::as_str);
        let (name, aliases, recased) = broker_name(field(Some(cols.name)));
        let mut item = Item::new(name, at, &["data-broker"]);
        item.recased = recased;
        item.aliases = aliases;
        for alias in split_alias_list(field(cols.dba)) {
            item.aliases.push(alias);
        }
        let website = field(cols.website);
        let (domains, unreadable) = website_domains(website);
        item.domains = domains;
        if unreadable {
            item.notes.push(format!(
                "{}: website {:?} names no domain",
                item.at,
                clean_text(website)
            ));
        }
        parsed.items.push(item);
    }
    if columns.is_none() {
        let mut headers = first_headers.unwrap_or_default();
        if headers.chars().count() > 300 {
            headers = headers.chars().take(300).collect::<String>() + "...";
        }
        return Err(ImportError::MissingColumn {
            file: file.to_string(),
            column: "data broker name",
            headers,
        });
    }
    Ok(parsed)
}

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

/// Text on one line: whitespace and control-character runs folded to one space.
fn clean_text(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c.is_control() || c == '\u{200b}' || c == '\u{feff}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn trim_punct(s: &str) -> &str {
    s.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '"' | '\u{201c}' | '\u{201d}' | '-')
    })
}

/// Lower-case words without punctuation: two spellings with the same loose key differ only in
/// case and punctuation ("PIPL, INC" and "Pipl, Inc.").
fn loose_key(name: &str) -> String {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Phrases that introduce another name of the same organisation, longest first where one
/// starts another.
const ALIAS_MARKERS: &[&str] = &[
    "doing business as",
    "also known as",
    "formerly known as",
    "trading as",
    "formerly",
    "d/b/a/",
    "d/b/a",
    "d.b.a.",
    "d.b.a",
    "f/k/a",
    "a/k/a",
    "dba",
    "fka",
    "aka",
    "t/a",
];

/// The first alias marker in `s` as a whole word: (start, end) byte offsets.
fn find_marker(s: &str) -> Option<(usize, usize)> {
    // ASCII lower-casing keeps byte offsets, so they apply to `s` too.
    let lower = s.to_ascii_lowercase();
    let mut best: Option<(usize, usize)> = None;
    for marker in ALIAS_MARKERS {
        for (i, _) in lower.match_indices(marker) {
            let end = i + marker.len();
            let before = lower.get(..i).and_then(|t| t.chars().next_back());
            let after = lower.get(end..).and_then(|t| t.chars().next());
            let bounded = before.is_none_or(|c| !c.is_alphanumeric())
                && after.is_none_or(|c| !c.is_alphanumeric());
            if bounded && best.is_none_or(|(b, e)| i < b || (i == b && end > e)) {
                best = Some((i, end));
            }
        }
    }
    best
}

/// "Acme, Inc. and its subsidiaries and affiliates" -> "Acme, Inc.".
fn strip_family_tail(s: &str) -> &str {
    let lower = s.to_ascii_lowercase();
    for (i, m) in lower
        .match_indices(" and ")
        .chain(lower.match_indices(" & "))
    {
        let rest = lower.get(i + m.len()..).unwrap_or("");
        let rest = rest
            .strip_prefix("its ")
            .or_else(|| rest.strip_prefix("their "))
            .unwrap_or(rest);
        if ["subsidiar", "affiliat", "related compan"]
            .iter()
            .any(|p| rest.starts_with(p))
        {
            return trim_punct(s.get(..i).unwrap_or(s));
        }
    }
    s
}

/// The other names in a "doing business as" tail: "Seamless.AI or Seamless AI" is two.
fn split_alias_list(tail: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut rest = clean_text(tail);
    while let Some((start, end)) = find_marker(&rest) {
        parts.push(rest.get(..start).unwrap_or("").to_string());
        rest = rest.get(end..).unwrap_or("").to_string();
    }
    parts.push(rest);
    let mut out = Vec::new();
    for part in parts {
        for piece in split_words(&part, " or ")
            .into_iter()
            .flat_map(|p| p.split(';').map(str::to_string).collect::<Vec<_>>())
        {
            let piece = trim_punct(strip_family_tail(trim_punct(&piece)));
            let piece = piece.trim_matches(|c| c == '(' || c == ')').trim();
            if !piece.is_empty() {
                let piece = if is_all_caps(piece) {
                    title_case(piece)
                } else {
                    piece.to_string()
                };
                push_unique(&mut out, piece);
            }
        }
    }
    out
}

/// Splits on an ASCII separator matched case-insensitively.
fn split_words(s: &str, sep: &str) -> Vec<String> {
    let lower = s.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    for (i, _) in lower.match_indices(sep) {
        out.push(s.get(from..i).unwrap_or("").to_string());
        from = i + sep.len();
    }
    out.push(s.get(from..).unwrap_or("").to_string());
    out
}

/// A registry's broker name read into (name, aliases, title-cased?): a trailing parenthetical
/// is taken off (kept as aliases when it says "dba ..."), "doing business as" names become
/// aliases, "and its subsidiaries" tails go, and names in capitals are title-cased.
fn broker_name(raw: &str) -> (String, Vec<String>, bool) {
    let mut name = clean_text(raw);
    let mut aliases = Vec::new();
    loop {
        let t = name.trim_end();
        let Some(body) = t.strip_suffix(')') else {
            break;
        };
        let Some(open) = body.rfind('(') else {
            break;
        };
        let head = trim_punct(body.get(..open).unwrap_or(""));
        if head.is_empty() {
            break;
        }
        let inner = body.get(open + 1..).unwrap_or("");
        // "(dba Reonomy)" names the organisation; "("BGC")" and "(assignee in interest to
        // ...)" are remarks.
        if let Some((_, end)) = find_marker(inner) {
            aliases.extend(split_alias_list(inner.get(end..).unwrap_or("")));
        }
        name = head.to_string();
    }
    if let Some((start, end)) = find_marker(&name) {
        let head = trim_punct(name.get(..start).unwrap_or("")).to_string();
        let mut tail = split_alias_list(name.get(end..).unwrap_or(""));
        if head.is_empty() {
            if !tail.is_empty() {
                name = tail.remove(0);
            }
        } else {
            name = head;
        }
        tail.append(&mut aliases);
        aliases = tail;
    }
    let mut name = trim_punct(strip_family_tail(&name)).to_string();
    let recased = is_all_caps(&name);
    if recased {
        name = title_case(&name);
    }
    (name, aliases, recased)
}

/// At least two letters and no lower-case one.
fn is_all_caps(s: &str) -> bool {
    s.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !s.chars().any(char::is_lowercase)
}

/// "ACCUDATA INTEGRATED MARKETING, INC." -> "Accudata Integrated Marketing, Inc.", keeping
/// abbreviations (LLC, USA) and vowel-less acronyms (KBM) in capitals.
fn title_case(s: &str) -> String {
    s.split(' ')
        .enumerate()
        .map(|(i, w)| title_word(w, i == 0))
        .collect::<Vec<_>>()
        .join(" ")
}

fn title_word(word: &str, first: bool) -> String {
    const KEEP: &[&str] = &[
        "LLC", "LLP", "LP", "LLLP", "LC", "PLC", "PLLC", "PC", "USA", "US", "UK", "II", "III",
        "IV", "NA", "AI", "IQ", "TV", "HR", "ID", "IT", "AG", "SA", "SAS", "BV", "NV", "AB", "B2B",
        "B2C", "API", "CRM", "SMS",
    ];
    const SMALL: &[&str] = &[
        "OF", "AND", "THE", "FOR", "IN", "ON", "AT", "TO", "BY", "A", "AN", "OR", "DE", "DU", "LA",
    ];
    /// Abbreviations written with one capital.
    const ONE_CAPITAL: &[(&str, &str)] = &[
        ("GMBH", "GmbH"),
        ("INC", "Inc"),
        ("CO", "Co"),
        ("LTD", "Ltd"),
        ("CORP", "Corp"),
        ("PTY", "Pty"),
        ("PTE", "Pte"),
        ("SDN", "Sdn"),
        ("BHD", "Bhd"),
        ("INTL", "Intl"),
        ("MFG", "Mfg"),
        ("BROS", "Bros"),
        ("ASSN", "Assn"),
    ];
    /// Short words that are words, not acronyms.
    const COMMON: &[&str] = &[
        "AD", "ADS", "AGE", "AIR", "ALL", "APP", "ART", "BAY", "BIG", "BIZ", "BOX", "BUY", "CAR",
        "DAY", "EYE", "FOX", "FUN", "GEO", "GET", "GO", "HUB", "ICE", "JOB", "KEY", "LAW", "LOT",
        "MAP", "MY", "NET", "NEW", "NOW", "OAK", "OLD", "ONE", "OUR", "OUT", "PAY", "PRO", "RED",
        "RUN", "SEA", "SUN", "TAX", "TEN", "TOP", "TWO", "UP", "WAY", "WEB", "WIN", "YES", "LAB",
        "MED", "MAX", "SKY", "OIL", "SPA", "DOT", "BIT", "ACE", "ARC", "EL", "LOS", "SAN", "DEL",
    ];
    let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
    let upper = bare.to_uppercase();
    if KEEP.contains(&upper.as_str()) {
        return word.to_string();
    }
    if let Some((_, written)) = ONE_CAPITAL.iter().find(|(caps, _)| *caps == upper) {
        return word.replacen(bare, written, 1);
    }
    let letters: Vec<char> = bare.chars().filter(|c| c.is_alphabetic()).collect();
    // Acronyms: no vowel ("KBM"), or three letters at most ("ALC", "IXI", "M1").
    let acronym = (letters.len() >= 2 && !letters.iter().any(|c| "AEIOUYaeiouy".contains(*c)))
        || (!letters.is_empty()
            && letters.len() <= 3
            && !COMMON.contains(&upper.as_str())
            && !SMALL.contains(&upper.as_str()));
    if acronym {
        return word.to_string();
    }
    if !first && SMALL.contains(&upper.as_str()) {
        return word.to_lowercase();
    }
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::with_capacity(word.len());
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
        let starts_segment = match prev {
            None => true,
            Some(p) if "-/(&\"+\u{201c}".contains(p) => true,
            // Initials: "J.D." and "U.S." keep their capitals, "TORO.COM" becomes "Toro.com".
            Some('.') => {
                let two_back = i.checked_sub(2).and_then(|p| chars.get(p));
                let three_back = i.checked_sub(3).and_then(|p| chars.get(p));
                two_back.is_some_and(|c| c.is_alphabetic())
                    && three_back.is_none_or(|c| !c.is_alphanumeric())
            }
            Some(_) => false,
        };
        if starts_segment {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Domains
// ---------------------------------------------------------------------------------------------

/// The host in a URL, bare host name or e-mail address, lower case; `None` when there is no
/// dotted host in it.
fn url_host(token: &str) -> Option<String> {
    let t = token.trim_matches(|c: char| "()[]{}<>\"'".contains(c));
    // A value cut short ("www.numberg...") names no real host.
    if t.ends_with("..") || t.ends_with('\u{2026}') {
        return None;
    }
    let t = t.strip_prefix("mailto:").unwrap_or(t);
    let t = match t.find("://") {
        Some(i) => t.get(i + 3..)?,
        None => t
            .strip_prefix("https:")
            .or_else(|| t.strip_prefix("http:"))
            .unwrap_or(t),
    };
    let host = t.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?;
    let host = host.split(':').find(|p| !p.is_empty())?;
    let host = host.trim_matches('.');
    let host = host.strip_prefix("*.").unwrap_or(host).to_lowercase();
    host.contains('.').then_some(host)
}

/// A lower-case ASCII host name with at least two labels and an alphabetic (or punycode) TLD.
fn valid_host(h: &str) -> bool {
    let labels: Vec<&str> = h.split('.').collect();
    let tld_ok = labels.last().is_some_and(|t| {
        (t.len() >= 2 && t.bytes().all(|b| b.is_ascii_lowercase())) || t.starts_with("xn--")
    });
    h.len() <= 253
        && labels.len() >= 2
        && tld_ok
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
        })
}

/// A domain as listed by a tracker list, normalised; `None` when it is not a host name.
fn listed_domain(raw: &str) -> Option<String> {
    let host = url_host(raw.trim())?;
    valid_host(&host).then_some(host)
}

/// Second-level labels under which registrations sit in two-letter country domains
/// (`example.co.uk`, `example.com.au`).
const SECOND_LEVEL: &[&str] = &[
    "co", "com", "org", "net", "gov", "ac", "edu", "ne", "or", "go", "gob", "mil", "ltd", "plc",
    "nhs", "sch", "nom", "gen", "biz", "info",
];

/// The registrable domain of a host: its last two labels, or three under a common second
/// level of a two-letter country domain.
fn registrable(host: &str) -> String {
    let labels: Vec<&str> = host.split('.').collect();
    let n = labels.len();
    if n <= 2 {
        return host.to_string();
    }
    let tld = labels.last().copied().unwrap_or("");
    let second = labels.get(n - 2).copied().unwrap_or("");
    let keep = if tld.len() == 2 && SECOND_LEVEL.contains(&second) {
        3
    } else {
        2
    };
    labels
        .get(n.saturating_sub(keep)..)
        .unwrap_or(&labels)
        .join(".")
}

/// The registrable domains a registry's website field names (several when it lists several
/// sites, an e-mail address's when that is all it gives), and whether a non-empty field named
/// none.
fn website_domains(field: &str) -> (Vec<String>, bool) {
    // "http://www.a.com-www.b.com" lists two sites.
    let lower = field.to_lowercase().replace("-www.", " www.");
    let mut out = Vec::new();
    for token in lower.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '|')) {
        let Some(host) = url_host(token) else {
            continue;
        };
        if !valid_host(&host) {
            continue;
        }
        let domain = registrable(&host);
        if domain.starts_with("www.") {
            continue;
        }
        push_unique(&mut out, domain);
    }
    let unreadable = out.is_empty() && !field.trim().is_empty();
    (out, unreadable)
}

/// The entity that has `domain` or a parent domain of it in `claims`.
fn claimant<'a>(claims: &'a HashMap<String, String>, domain: &str) -> Option<&'a str> {
    let mut rest = domain;
    loop {
        if let Some(owner) = claims.get(rest) {
            return Some(owner);
        }
        rest = rest.split_once('.')?.1;
    }
}

fn push_unique(list: &mut Vec<String>, value: String) {
    if !list.contains(&value) {
        list.push(value);
    }
}

// ---------------------------------------------------------------------------------------------
// Conflicts and output
// ---------------------------------------------------------------------------------------------

/// Order of categories in the output (most specific first); `third-party` is dropped when an
/// entity has anything more specific.
const CATEGORY_ORDER: &[&str] = &[
    "social-network",
    "advertiser",
    "analytics-provider",
    "marketing-partner",
    "fraud-prevention-agency",
    "service-provider",
    "data-broker",
    "third-party",
];

/// A category the vocabulary has, falling back to a more general one it has.
fn known_category(id: &'static str, vocab: &Vocabulary) -> &'static str {
    if vocab.recipients.contains(id) {
        return id;
    }
    match id {
        "fraud-prevention-agency" if vocab.recipients.contains("service-provider") => {
            "service-provider"
        }
        _ => "third-party",
    }
}

fn resolve(kind: ImportKind, file: &str, parsed: Parsed, existing: &Vocabulary) -> ImportReport {
    let Parsed { items, mut skipped } = parsed;
    let skip = |skipped: &mut Vec<String>, item: &Item, why: String| {
        if item.name.is_empty() {
            skipped.push(format!("{}: skipped: {why}", item.at));
        } else {
            skipped.push(format!("{}: {:?} skipped: {why}", item.at, item.name));
        }
    };

    // What the vocabulary already names and owns.
    let mut known_names: HashMap<String, String> = HashMap::new();
    let mut claims: HashMap<String, String> = HashMap::new();
    for e in &existing.entities {
        for n in std::iter::once(&e.name).chain(&e.aliases) {
            let key = crate::vocab::name_key(n);
            if !key.is_empty() {
                known_names.entry(key).or_insert_with(|| e.name.clone());
            }
        }
        for d in &e.domains {
            let d = d.trim().trim_matches('.').to_ascii_lowercase();
            if !d.is_empty() {
                claims.entry(d).or_insert_with(|| e.name.clone());
            }
        }
    }

    // One item per organisation: repeated names (and spellings that differ only in case,
    // punctuation or a corporate suffix) are merged, in input order.
    let mut merged: Vec<(String, Item)> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for mut item in items {
        let key = crate::vocab::name_key(&item.name);
        if key.is_empty() {
            skip(&mut skipped, &item, "no name".into());
            continue;
        }
        let Some(&i) = by_key.get(&key) else {
            by_key.insert(key.clone(), merged.len());
            merged.push((key, item));
            continue;
        };
        let Some((_, into)) = merged.get_mut(i) else {
            continue;
        };
        into.notes
            .push(format!("{}: merged with {}", into.at, item.at));
        // Prefer the registry's own mixed-case spelling to one title-cased here.
        if into.recased && !item.recased {
            std::mem::swap(&mut into.name, &mut item.name);
            into.recased = false;
        }
        if loose_key(&item.name) != loose_key(&into.name) {
            into.aliases.push(item.name);
        }
        into.aliases.append(&mut item.aliases);
        for d in item.domains {
            push_unique(&mut into.domains, d);
        }
        for c in item.categories {
            if !into.categories.contains(&c) {
                into.categories.push(c);
            }
        }
        into.notes.append(&mut item.notes);
        into.dropped += item.dropped;
    }

    // Items the vocabulary already has are left to it; domains it has are dropped.
    let mut kept: Vec<(String, Item)> = Vec::new();
    for (key, mut item) in merged {
        if let Some(owner) = known_names.get(&key) {
            skip(
                &mut skipped,
                &item,
                format!("already in the registry as {owner:?}"),
            );
            continue;
        }
        let clash = item.aliases.iter().find_map(|a| {
            known_names
                .get(&crate::vocab::name_key(a))
                .map(|owner| format!("alias {a:?} already names {owner:?} in the registry"))
        });
        if let Some(why) = clash {
            skip(&mut skipped, &item, why);
            continue;
        }
        // A subdomain of one of the item's own domains adds nothing.
        let own = item.domains.clone();
        item.domains
            .retain(|d| !own.iter().any(|o| o != d && d.ends_with(&format!(".{o}"))));
        let mut domains = Vec::new();
        for d in std::mem::take(&mut item.domains) {
            match claimant(&claims, &d) {
                Some(owner) => {
                    let why = format!("already in the registry under {owner:?}");
                    item.drop_value("domain", &d, &why);
                }
                None => domains.push(d),
            }
        }
        item.domains = domains;
        kept.push((key, item));
    }

    // Domains go to the first item listing them; tracker-list items left with none are
    // skipped (a registered broker is kept: it is named in policies without a domain).
    let mut imported_claims: HashMap<String, String> = HashMap::new();
    let mut survivors: Vec<(String, Item)> = Vec::new();
    for (key, mut item) in kept {
        let mut domains = Vec::new();
        for d in std::mem::take(&mut item.domains) {
            match claimant(&imported_claims, &d) {
                Some(owner) => {
                    let why = format!("listed earlier under {owner:?}");
                    item.drop_value("domain", &d, &why);
                }
                None => domains.push(d),
            }
        }
        if domains.is_empty() && kind != ImportKind::BrokerRegistry {
            let dropped: Vec<&str> = item
                .notes
                .iter()
                .filter_map(|n| n.split_once(": dropped ").map(|(_, rest)| rest))
                .collect();
            let why = if dropped.is_empty() {
                "no domains".to_string()
            } else {
                format!("no usable domain ({})", dropped.join("; "))
            };
            skip(&mut skipped, &item, why);
            continue;
        }
        for d in &domains {
            imported_claims.insert(d.clone(), item.name.clone());
        }
        item.domains = domains;
        survivors.push((key, item));
    }

    // Aliases: a name wins over an alias, an earlier alias over a later one.
    let names: HashMap<String, String> = survivors
        .iter()
        .map(|(k, item)| (k.clone(), item.name.clone()))
        .collect();
    let mut alias_owner: HashMap<String, String> = HashMap::new();
    let mut out: Vec<Item> = Vec::new();
    for (key, mut item) in survivors {
        let mut aliases: Vec<String> = Vec::new();
        for alias in std::mem::take(&mut item.aliases) {
            let alias = clean_text(&alias);
            if alias.is_empty() || alias == item.name || aliases.contains(&alias) {
                continue;
            }
            let alias_key = crate::vocab::name_key(&alias);
            if alias.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
                item.drop_value("alias", &alias, "too short to name an organisation");
            } else if let Some(other) = names.get(&alias_key).filter(|_| alias_key != key) {
                let why = format!("it is the name of {other:?}");
                item.drop_value("alias", &alias, &why);
            } else if let Some(other) = alias_owner.get(&alias_key).filter(|o| **o != item.name) {
                let why = format!("already an alias of {other:?}");
                item.drop_value("alias", &alias, &why);
            } else {
                alias_owner.insert(alias_key, item.name.clone());
                aliases.push(alias);
            }
        }
        item.aliases = aliases;
        let mut categories: Vec<&'static str> = Vec::new();
        for c in &item.categories {
            let c = known_category(c, existing);
            if !categories.contains(&c) {
                categories.push(c);
            }
        }
        categories.sort_by_key(|c| {
            CATEGORY_ORDER
                .iter()
                .position(|o| o == c)
                .unwrap_or(CATEGORY_ORDER.len())
        });
        if categories.len() > 1 {
            categories.retain(|c| *c != "third-party");
        }
        item.categories = categories;
        out.push(item);
    }
    out.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then_with(|| a.name.cmp(&b.name))
    });
    let toml = render(kind, file, &out, &skipped);
    ImportReport {
        toml,
        entities: out.len(),
        skipped,
    }
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn toml_array(items: &[String]) -> String {
    let inner: Vec<String> = items.iter().map(|s| toml_string(s)).collect();
    format!("[{}]", inner.join(", "))
}

/// Text safe inside a TOML comment (one line, no control characters).
fn comment(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn render(kind: ImportKind, file: &str, entities: &[Item], skipped: &[String]) -> String {
    let dropped: usize = entities.iter().map(|e| e.dropped).sum();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# saydo entity registry imported from {} by `saydo vocab import {kind}`.",
        kind.source()
    );
    let _ = writeln!(out, "# Source file: {}", comment(file));
    let _ = writeln!(
        out,
        "# {} entities; {} input items skipped; {} domains or aliases dropped.",
        entities.len(),
        skipped.len(),
        dropped
    );
    out.push_str(
        "# Names, aliases and domains are the source's, cleaned mechanically: review them before\n\
         # relying on this file, and load it with `--vocab FILE`.\n",
    );
    if !skipped.is_empty() {
        out.push_str("#\n# Skipped:\n");
        for s in skipped {
            let _ = writeln!(out, "#   {}", comment(s));
        }
    }
    let _ = writeln!(
        out,
        "\n[meta]\nversion = {}",
        toml_string(&format!("import-{kind}"))
    );
    for e in entities {
        out.push('\n');
        for note in &e.notes {
            let _ = writeln!(out, "# {}", comment(note));
        }
        out.push_str("[[entity]]\n");
        let _ = writeln!(out, "name = {}", toml_string(&e.name));
        if !e.aliases.is_empty() {
            let _ = writeln!(out, "aliases = {}", toml_array(&e.aliases));
        }
        let _ = writeln!(out, "domains = {}", toml_array(&e.domains));
        let categories: Vec<String> = e.categories.iter().map(|c| c.to_string()).collect();
        let _ = writeln!(out, "categories = {}", toml_array(&categories));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::path::Path;

    const RADAR: &str = include_str!("../../tests/fixtures/import/tracker-radar-entities.json");
    const RADAR_ARRAY: &str = include_str!("../../tests/fixtures/import/tracker-radar-array.json");
    const DISCONNECT: &str = include_str!("../../tests/fixtures/import/disconnect-services.json");
    const CA: &str = include_str!("../../tests/fixtures/import/ca-data-brokers.csv");
    const VT: &str = include_str!("../../tests/fixtures/import/vt-data-brokers.csv");
    const NO_NAME: &str = include_str!("../../tests/fixtures/import/no-name-column.csv");

    /// The embedded vocabulary, built once for all tests (a build takes a while unoptimised).
    fn embedded() -> &'static Vocabulary {
        static EMBEDDED: std::sync::OnceLock<Vocabulary> = std::sync::OnceLock::new();
        EMBEDDED.get_or_init(Vocabulary::embedded)
    }

    fn temp_file(text: &str) -> tempfile::NamedTempFile {
        let mut f = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
        f.write_all(text.as_bytes()).unwrap();
        f
    }

    /// The embedded vocabulary extended by `files`, panicking with the problems and the text.
    fn load(files: &[&str]) -> Vocabulary {
        let temps: Vec<_> = files.iter().map(|t| temp_file(t)).collect();
        let paths: Vec<&Path> = temps.iter().map(|t| t.path()).collect();
        Vocabulary::load(&paths)
            .unwrap_or_else(|e| panic!("{e}\n--- imported ---\n{}", files.join("\n---\n")))
    }

    fn run(kind: ImportKind, name: &str, text: &str) -> (ImportReport, Vocabulary) {
        let embedded = embedded();
        let report =
            import(kind, name, text.as_bytes(), embedded).unwrap_or_else(|e| panic!("{e}"));
        let vocab = load(&[&report.toml]);
        (report, vocab)
    }

    fn skipped_mentions(report: &ImportReport, needle: &str) -> bool {
        report.skipped.iter().any(|s| s.contains(needle))
    }

    #[test]
    fn kinds_parse_from_their_names() {
        for kind in ImportKind::ALL {
            assert_eq!(kind.as_str().parse::<ImportKind>().unwrap(), kind);
            assert_eq!(kind.to_string(), kind.as_str());
        }
        assert_eq!(
            "Tracker-Radar".parse::<ImportKind>().unwrap(),
            ImportKind::TrackerRadar
        );
        let err = "ghostery".parse::<ImportKind>().unwrap_err();
        assert!(err.to_string().contains("ghostery"), "{err}");
    }

    #[test]
    fn tracker_radar_entities_import_and_load() {
        let (report, vocab) = run(ImportKind::TrackerRadar, "entities.json", RADAR);
        let quill = vocab.entity("Quillfeather Analytics, Inc.").unwrap();
        assert_eq!(quill.aliases, ["Quillfeather"]);
        assert_eq!(
            quill.domains,
            ["quillfeather.io", "qfcdn.net", "quillfeather-cdn.com"],
            "repeated entity merged"
        );
        assert_eq!(quill.categories, ["third-party"]);
        let marrow = vocab.entity("Marrowgate Media Ltd").unwrap();
        assert!(
            marrow.aliases.is_empty(),
            "displayName equal to name is no alias"
        );
        assert_eq!(marrow.domains, ["marrowgate-ads.com", "mgads.co.uk"]);
        // Quotes and backslashes survive the round trip.
        let tallow = vocab.entity("Tallowmere \"Pixel\" Co. \\ Labs").unwrap();
        assert_eq!(
            tallow.domains,
            ["tallowmere.com", "px.tallowmere-pixel.net"]
        );
        assert!(
            report.toml.contains("dropped domain \"not a domain\""),
            "{}",
            report.toml
        );
        // A later entity loses the alias and domain an earlier one has.
        let copycat = vocab.entity("Copycat Metrics").unwrap();
        assert!(copycat.aliases.is_empty());
        assert_eq!(copycat.domains, ["copycat-metrics.com"]);
        assert!(vocab.entity("Unicodé Ünited GmbH").is_some());

        // Conflicts with the embedded registry and unusable items are skipped and reported.
        assert!(vocab.entity("Google LLC").is_none());
        assert!(
            skipped_mentions(&report, "\"Google LLC\" skipped"),
            "{:?}",
            report.skipped
        );
        assert!(vocab.entity("Pseudoclick Networks").is_none());
        assert!(
            skipped_mentions(
                &report,
                "\"Pseudoclick Networks\" skipped: no usable domain"
            ),
            "{:?}",
            report.skipped
        );
        assert!(
            skipped_mentions(&report, "skipped: no name"),
            "{:?}",
            report.skipped
        );
        assert!(
            report
                .skipped
                .iter()
                .all(|s| s.starts_with("entities.json:")),
            "{:?}",
            report.skipped
        );
        assert_eq!(report.entities, 5);
        assert!(report.toml.contains("version = \"import-tracker-radar\""));
        assert!(
            vocab.version.ends_with("+import-tracker-radar"),
            "{}",
            vocab.version
        );
    }

    #[test]
    fn tracker_radar_array_and_single_object() {
        let (report, vocab) = run(ImportKind::TrackerRadar, "array.json", RADAR_ARRAY);
        assert_eq!(report.entities, 2, "{}", report.toml);
        assert!(vocab.entity("Fennel Labs, Inc.").is_some());
        assert!(skipped_mentions(
            &report,
            "array.json:1: item 3: skipped: a string"
        ));

        let single = r#"{"name": "Solo Beacon GmbH", "displayName": "Solo Beacon",
            "properties": ["solobeacon.de"], "prevalence": {"tracking": 0.1, "nonTracking": 0, "total": 0.1}}"#;
        let (report, vocab) = run(ImportKind::TrackerRadar, "solo.json", single);
        assert_eq!(report.entities, 1);
        assert_eq!(
            vocab.entity("Solo Beacon GmbH").unwrap().aliases,
            ["Solo Beacon"]
        );
    }

    #[test]
    fn disconnect_services_import_and_load() {
        let (report, vocab) = run(ImportKind::Disconnect, "services.json", DISCONNECT);
        let cats = |name: &str| vocab.entity(name).unwrap().categories.clone();
        assert_eq!(cats("Nimbus Tally"), ["advertiser", "analytics-provider"]);
        assert_eq!(
            vocab.entity("Nimbus Tally").unwrap().domains,
            ["nimbustally.io", "nimbus-tally-cdn.com"]
        );
        assert_eq!(cats("Brightlark"), ["advertiser"]);
        assert_eq!(
            vocab.entity("Brightlark").unwrap().domains,
            ["brightlark-ads.com", "blark.net"],
            "a subdomain of its own domain adds nothing"
        );
        assert_eq!(cats("Chatterlane"), ["social-network"]);
        assert_eq!(cats("Vellum Fonts"), ["service-provider"]);
        assert_eq!(cats("Inkwell Mail"), ["marketing-partner"]);
        assert_eq!(
            cats("Guardpost Risk"),
            ["fraud-prevention-agency", "service-provider"]
        );
        assert_eq!(cats("Hollowtree"), ["third-party"]);
        assert_eq!(cats("Oddments"), ["third-party"]);
        // doubleclick.net belongs to an embedded entity: dropped, the rest kept.
        assert_eq!(
            vocab.entity("Sablewire").unwrap().domains,
            ["sablewire.com"]
        );
        assert!(report.toml.contains("dropped domain \"doubleclick.net\""));
        // Facebook is embedded; a company with no domains and malformed entries are reported.
        let fb = vocab.entity("Facebook").unwrap();
        assert!(
            fb.domains.iter().any(|d| d == "fbcdn.net"),
            "embedded Facebook untouched"
        );
        assert!(skipped_mentions(
            &report,
            "\"Facebook\" skipped: already in the registry"
        ));
        assert!(skipped_mentions(
            &report,
            "\"Coinmole\" skipped: no domains"
        ));
        assert!(skipped_mentions(
            &report,
            "categories.Advertising[3]: \"Broken Entry\" skipped"
        ));
        assert!(skipped_mentions(&report, "categories.Unlisted: skipped"));
        assert_eq!(report.entities, 9, "{}", report.toml);
    }

    #[test]
    fn california_registry_imports_and_loads() {
        let (report, vocab) = run(ImportKind::BrokerRegistry, "ca.csv", CA);
        let broker = |name: &str| {
            vocab
                .entity(name)
                .unwrap_or_else(|| panic!("no {name:?} in\n{}", report.toml))
        };
        let pine = broker("Pinecrest Lists, LLC");
        assert_eq!(pine.domains, ["pinecrestlists.com"]);
        assert_eq!(pine.categories, ["data-broker"]);
        assert_eq!(broker("Harbor Signal Data, Inc.").aliases, ["SignalPeople"]);
        assert_eq!(
            broker("Harbor Signal Data, Inc.").domains,
            ["signalpeople.com"]
        );
        let corvid = broker("Corvid Lookup Co.");
        assert_eq!(corvid.aliases, ["Corvid Search", "CorvidSearch"]);
        assert_eq!(corvid.domains, ["corvidlookup.co.uk"]);
        let moss = broker("Mossbank Analytics, Inc.");
        assert_eq!(moss.domains, ["mossbank.com", "mossbank-people.com"]);
        assert!(
            broker("Tern Insights").domains.is_empty(),
            "kept without a website"
        );
        let plover = broker("Plover Data Partners");
        assert_eq!(plover.aliases, ["Plover"]);
        assert!(plover.domains.is_empty(), "equifax.com is Equifax's");
        assert!(report.toml.contains("dropped domain \"equifax.com\""));
        assert_eq!(broker("Knotweed Data").domains, ["knotweed-data.com"]);
        // Acxiom is embedded.
        assert!(
            skipped_mentions(
                &report,
                "ca.csv:5: \"Acxiom LLC\" skipped: already in the registry as \"Acxiom\""
            ),
            "{:?}",
            report.skipped
        );
        assert!(skipped_mentions(&report, "skipped: no name"));
        assert_eq!(report.entities, 7, "{}", report.toml);
    }

    #[test]
    fn vermont_registry_imports_and_loads() {
        let (report, vocab) = run(ImportKind::BrokerRegistry, "vt.csv", VT);
        let broker = |name: &str| {
            vocab
                .entity(name)
                .unwrap_or_else(|| panic!("no {name:?} in\n{}", report.toml))
        };
        // Two registrations of one broker: the registry's mixed-case spelling is kept.
        let granite = broker("Granite Ledger Marketing, Inc.");
        assert_eq!(granite.domains, ["graniteledger.com"]);
        let northwind = broker("Northwind KBM Data LLC");
        assert_eq!(northwind.aliases, ["Northwind People"]);
        assert_eq!(northwind.domains, ["northwind-people.com"]);
        assert!(broker("Birch & Alder Data Co").domains.is_empty());
        assert!(
            report
                .toml
                .contains("website \"45 Maple Road\" names no domain")
        );
        assert_eq!(
            broker("Quarry Point Data, LLC").domains,
            ["quarrypoint.com", "quarrypointdata.com"]
        );
        assert_eq!(broker("Sluice Data Solutions").domains, ["sluicedata.com"]);
        assert_eq!(
            broker("J.D. Fieldstone Lists, Inc.").domains,
            ["jdfieldstone.com"]
        );
        assert!(
            skipped_mentions(&report, "vt.csv:5: \"Acxiom LLC\" skipped"),
            "{:?}",
            report.skipped
        );
        assert_eq!(report.entities, 6, "{}", report.toml);
    }

    #[test]
    fn malformed_inputs_are_errors_naming_the_file() {
        let embedded = embedded();
        let err = |kind, text: &str| {
            import(kind, "input.dat", text.as_bytes(), embedded)
                .map(|r| r.toml)
                .unwrap_err()
                .to_string()
        };
        let e = err(
            ImportKind::TrackerRadar,
            "{\"name\": \"Acme\",\n \"properties\": [}",
        );
        assert!(e.starts_with("input.dat:2:"), "{e}");
        let e = err(ImportKind::Disconnect, "not json at all");
        assert!(
            e.starts_with("input.dat:1:") && e.contains("not valid JSON"),
            "{e}"
        );
        let e = err(ImportKind::TrackerRadar, DISCONNECT);
        assert!(
            e.starts_with("input.dat:1:") && e.contains("disconnect"),
            "{e}"
        );
        let e = err(ImportKind::TrackerRadar, "\n\n42\n");
        assert!(
            e.starts_with("input.dat:3:") && e.contains("found a number"),
            "{e}"
        );
        let e = err(ImportKind::Disconnect, RADAR_ARRAY);
        assert!(
            e.starts_with("input.dat:1:") && e.contains("found an array"),
            "{e}"
        );
        let e = err(ImportKind::Disconnect, RADAR);
        assert!(e.starts_with("input.dat:"), "{e}");
        let e = err(ImportKind::Disconnect, "{\"categories\": []}");
        assert!(e.contains("\"categories\" is an array"), "{e}");
        let e = err(ImportKind::BrokerRegistry, NO_NAME);
        assert!(
            e.starts_with("input.dat: no data broker name column") && e.contains("Website URL"),
            "{e}"
        );
        let e = err(ImportKind::BrokerRegistry, "  \n");
        assert!(e.starts_with("input.dat: the input is empty"), "{e}");
        let e = err(ImportKind::TrackerRadar, "");
        assert!(e.starts_with("input.dat: the input is empty"), "{e}");
    }

    #[test]
    fn arbitrary_input_never_panics_and_always_loads() {
        let embedded = embedded();
        let mut inputs: Vec<Vec<u8>> = vec![
            b"\xff\xfe\x00garbage".to_vec(),
            b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[".to_vec(),
            b"{\"categories\": {\"Advertising\": [{\"\": {\"x\": [\"\"]}}, {\"A\": {\"h\": [\".\", \"..\", \"a..b\", \"-a.com\", \"\\u0000.com\"]}}]}}".to_vec(),
            b"{\"name\": \"\\u0007\\n\", \"properties\": [\"x.com\"]}{\"name\": \"&\", \"properties\": [\"y.com\"]}".to_vec(),
            b"Name\n\"(dba )\"\n\"dba\"\n\"a/k/a\"\n\"()\"\n\"))((\"\n\"LLC (D/B/A LLC)\"\n\"\xc3\x28 bad utf8\"\n".to_vec(),
            b"name;website\nSemi Colon Co;https://semi.example/;extra;fields\nshort\n".to_vec(),
        ];
        // Every prefix of every fixture, cut at a few points.
        for fixture in [RADAR, RADAR_ARRAY, DISCONNECT, CA, VT] {
            let bytes = fixture.as_bytes();
            for cut in [1, 7, bytes.len() / 3, bytes.len() / 2, bytes.len() - 3] {
                inputs.push(bytes.get(..cut).unwrap_or(bytes).to_vec());
            }
        }
        // Pseudo-random bytes from a fixed seed.
        const ALPHABET: &[u8] = b"{}[]\",:\n ab.c@/()dbaLLC\xc3\xa9";
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20 {
            let bytes: Vec<u8> = (0..200)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    *ALPHABET
                        .get((state % ALPHABET.len() as u64) as usize)
                        .unwrap_or(&b' ')
                })
                .collect();
            inputs.push(bytes);
        }
        let mut outputs = Vec::new();
        for input in &inputs {
            for kind in ImportKind::ALL {
                if let Ok(report) = import(kind, "fuzz", input, embedded)
                    && report.entities > 0
                {
                    outputs.push(report.toml);
                }
            }
        }
        assert!(outputs.len() >= 5, "{}", outputs.len());
        // Every output is TOML whose entities the embedded registry does not name; a sample
        // (a full load takes a while unoptimised) loads with the embedded vocabulary.
        let known: HashMap<String, &str> = embedded
            .entities
            .iter()
            .flat_map(|e| std::iter::once(&e.name).chain(&e.aliases))
            .map(|n| (crate::vocab::name_key(n), n.as_str()))
            .collect();
        for toml in &outputs {
            let table: toml::Table = toml::from_str(toml).unwrap_or_else(|e| panic!("{e}\n{toml}"));
            let entities = table.get("entity").and_then(|e| e.as_array()).unwrap();
            for e in entities {
                let name = e.get("name").and_then(|n| n.as_str()).unwrap();
                assert!(!name.trim().is_empty(), "{toml}");
                assert!(
                    !known.contains_key(&crate::vocab::name_key(name)),
                    "{name:?} in\n{toml}"
                );
            }
        }
        let step = outputs.len().div_ceil(6);
        for toml in outputs.iter().step_by(step) {
            load(&[toml]);
        }
    }

    #[test]
    fn broker_names_are_read_into_name_and_aliases() {
        let cases: &[(&str, &str, &[&str])] = &[
            (
                "Exponential Widgets, Inc. doing business as WDG.tv",
                "Exponential Widgets, Inc.",
                &["WDG.tv"],
            ),
            (
                "KBX Group LLC, d/b/a Wunder Data",
                "KBX Group LLC",
                &["Wunder Data"],
            ),
            (
                "Scrivener, Inc. (dba Reonomix)",
                "Scrivener, Inc.",
                &["Reonomix"],
            ),
            (
                "MCX, Inc. (DBA: MCX Strategic Data)",
                "MCX, Inc.",
                &["MCX Strategic Data"],
            ),
            (
                "THOMAS WIDGETS (CRC) LLC (D/B/A REFINITIX)",
                "Thomas Widgets (CRC) LLC",
                &["Refinitix"],
            ),
            (
                "Data Axe, Inc. f/k/a Infogrub Inc.",
                "Data Axe, Inc.",
                &["Infogrub Inc."],
            ),
            (
                "Seamless Leads, Inc. d/b/a Seamless.AI or Seamless AI",
                "Seamless Leads, Inc.",
                &["Seamless.AI", "Seamless AI"],
            ),
            (
                "BeenSeen, Inc. and its subsidiaries and affiliates",
                "BeenSeen, Inc.",
                &[],
            ),
            (
                "Confi-Check, Inc., and its subsidiaries and affiliates",
                "Confi-Check, Inc.",
                &[],
            ),
            (
                "LEXINEXUS RISK SOLUTIONS INC. AND AFFILIATES",
                "Lexinexus Risk Solutions Inc.",
                &[],
            ),
            (
                "Backgroundcheckers.com LLC (\"BGC\")",
                "Backgroundcheckers.com LLC",
                &[],
            ),
            (
                "ACCUDATUM INTEGRATED MARKETING, INC.",
                "Accudatum Integrated Marketing, Inc.",
                &[],
            ),
            ("EL TORRO.COM, LLC", "El Torro.com, LLC", &[]),
            ("BANK OF THE NORTH, N.A.", "Bank of the North, N.A.", &[]),
            ("ALC LLC", "ALC LLC", &[]),
            ("DATAX LTD", "Datax Ltd", &[]),
            ("IXI CORPORATION", "IXI Corporation", &[]),
            ("ALL THE WAY UP LTD", "All the Way Up Ltd", &[]),
            ("M1 DATA & ANALYTICS, LLC", "M1 Data & Analytics, LLC", &[]),
            ("  Odd\tSpacing\nCo  ", "Odd Spacing Co", &[]),
            ("DBA Only Name", "Only Name", &[]),
            ("", "", &[]),
        ];
        for (raw, name, aliases) in cases {
            let (got, got_aliases, _) = broker_name(raw);
            assert_eq!(got, *name, "{raw:?}");
            assert_eq!(got_aliases, *aliases, "{raw:?}");
        }
    }

    #[test]
    fn websites_give_registrable_domains() {
        let cases: &[(&str, &[&str])] = &[
            ("http://www.allantic.com/", &["allantic.com"]),
            ("https://kw1.knowsome.com/", &["knowsome.com"]),
            ("WWW.CICREDIT.COM", &["cicredit.com"]),
            ("https://:risk.lexinexus.com/", &["lexinexus.com"]),
            ("www.shop.example.co.uk:8443/path?q=1", &["example.co.uk"]),
            ("http://example.com.au", &["example.com.au"]),
            ("yello.co", &["yello.co"]),
            (
                "www.adrea.com, www.calibra.com",
                &["adrea.com", "calibra.com"],
            ),
            (
                "www.equi.com or https://www.equi.com/business/",
                &["equi.com"],
            ),
            (
                "http://www.been.com-www.looker.com-www.numberg...",
                &["been.com", "looker.com"],
            ),
            ("legal@thedms.com", &["thedms.com"]),
            ("3915 Gay Road East", &[]),
            ("", &[]),
        ];
        for (field, want) in cases {
            assert_eq!(website_domains(field).0, *want, "{field:?}");
        }
        assert!(website_domains("45 Maple Road").1);
        assert!(!website_domains(" ").1);
    }

    #[test]
    fn toml_strings_round_trip() {
        for s in [
            "plain",
            "quote \" back \\ slash",
            "tab\tnew\nline\r",
            "\u{0}\u{7f}\u{9f}é✓",
            "",
        ] {
            let text = format!("v = {}\n", toml_string(s));
            let parsed: toml::Table =
                toml::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
            assert_eq!(parsed.get("v").and_then(|v| v.as_str()), Some(s));
        }
    }

    /// The real California and Vermont registries, when the shared data folder is present.
    #[test]
    fn real_state_registries_import_and_load_together() {
        let Some(dir) = crate::shared_data::shared_data(
            "real_state_registries_import_and_load_together",
            "registries",
        ) else {
            return;
        };
        let (ca, vt) = (
            dir.join("ca-data-brokers.csv"),
            dir.join("vt-data-brokers.csv"),
        );
        let read = |p: &Path| std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        let (ca_bytes, vt_bytes) = (read(&ca), read(&vt));
        let embedded = embedded();
        let ca_report = import(
            ImportKind::BrokerRegistry,
            "ca-data-brokers.csv",
            &ca_bytes,
            embedded,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let with_ca = load(&[&ca_report.toml]);
        // Vermont imported against the registry that already has California's brokers.
        let vt_report = import(
            ImportKind::BrokerRegistry,
            "vt-data-brokers.csv",
            &vt_bytes,
            &with_ca,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let both = load(&[&ca_report.toml, &vt_report.toml]);
        let vt_alone = import(
            ImportKind::BrokerRegistry,
            "vt-data-brokers.csv",
            &vt_bytes,
            embedded,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        load(&[&vt_alone.toml]);
        eprintln!(
            "California: {} brokers imported, {} skipped; Vermont after California: {} imported, {} skipped; Vermont alone: {} imported, {} skipped",
            ca_report.entities,
            ca_report.skipped.len(),
            vt_report.entities,
            vt_report.skipped.len(),
            vt_alone.entities,
            vt_alone.skipped.len()
        );
        // Fewer are imported as the embedded registry grows to name more of them itself.
        assert!(ca_report.entities >= 200, "{}", ca_report.entities);
        assert!(vt_alone.entities >= 100, "{}", vt_alone.entities);
        assert!(ca_report.entities + vt_report.entities >= 300);
        let brokers = both
            .entities
            .iter()
            .filter(|e| e.categories.iter().any(|c| c == "data-broker"))
            .count();
        assert!(brokers >= 400, "{brokers}");
    }
}
