//! Meta's "Download Your Information" export in JSON (a folder, or the .zip Meta delivers),
//! recognised by its file names:
//!
//! | file | layouts read |
//! |---|---|
//! | `your_activity_off_meta_technologies.json` (2023 and later), `your_off-facebook_activity.json` (2019 to 2022, under `off-facebook_activity/`, `ads_and_businesses/` or `apps_and_websites_off_of_facebook/`) | `{"off_facebook_activity_v2" or "off_facebook_activity": [{name, events: [{id, type, timestamp}]}]}`; the record layout of 2025 and later exports, `[{title, label_values: [{label: "Events", vec: [{dict: [{label: "Event", value}, {label: "Received on", timestamp_value}]}]}]}]` |
//! | `advertisers_who_uploaded_a_contact_list_with_your_information.json` (under `ads/`, `ads_and_businesses/` or `ads_information/`) | `{"custom_audiences" or "custom_audiences_v2": [name, ...]}`; the record layout, with the upload date where given |
//! | `advertisers_using_your_activity_or_information.json` | `{"custom_audiences_all_types_v2": [{advertiser_name, has_data_file_custom_audience, has_remarketing_custom_audience, has_in_person_store_visit}]}` |
//! | `profile_information.json` | the person's name, email addresses and phone numbers, read only for `--redact` |
//!
//! Each business that sent Meta events becomes the first party of a flow to Meta, with the
//! event types as data categories (the HAR reader's reading of pixel event names: a purchase is
//! purchase history, a health word in a custom event's name is health data) and the event
//! times. Each advertiser that uploaded a list with the person's contact details becomes a flow
//! of contact details to Meta for advertising. Meta writes non-ASCII text as Latin-1 escapes of
//! UTF-8 bytes (`\u00c3\u00a9` for `é`): repaired. A file cut off keeps the records before the
//! cut (the cut is a skipped record with its line); a known file in an unknown layout is an
//! error naming the fields found.

use super::flows::{Flows, Observation};
use super::{
    Basis, Context, Date, LogReport, Origin, OriginKind, Party, SharedList, SourceRef, Term, Terms,
    name_key, period_of, quote_of, registrable_domain,
};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::cell::Cell;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What a file of the export holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    OffMeta,
    ContactLists,
    AdvertisersUsing,
    Profile,
}

/// File names of the export saydo reads, and what each holds.
const PARTS: &[(&str, Part)] = &[
    ("your_activity_off_meta_technologies.json", Part::OffMeta),
    ("your_off-facebook_activity.json", Part::OffMeta),
    (
        "advertisers_who_uploaded_a_contact_list_with_your_information.json",
        Part::ContactLists,
    ),
    (
        "advertisers_using_your_activity_or_information.json",
        Part::AdvertisersUsing,
    ),
    ("profile_information.json", Part::Profile),
];

/// Keys whose value is the list of records, per file kind.
const LIST_KEYS: &[&str] = &[
    "off_facebook_activity_v2",
    "off_facebook_activity",
    "custom_audiences_v2",
    "custom_audiences",
    "custom_audiences_all_types_v2",
];

fn part_of(name: &str) -> Option<Part> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    PARTS.iter().find(|(n, _)| *n == base).map(|(_, p)| *p)
}

/// Folders deeper than this are not searched for the export's files.
const MAX_DEPTH: usize = 5;
/// A file of the export larger than this is refused (they are a few MB).
const MAX_PART: u64 = 1 << 30;

/// The export's files in a folder, sorted, searched a few levels down (Meta wraps the export
/// in a folder named after the account; the files sit in topic folders).
fn files_in(dir: &Path) -> Vec<(String, PathBuf)> {
    fn walk(dir: &Path, rel: &str, depth: usize, out: &mut Vec<(String, PathBuf)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let name = e.file_name().to_string_lossy().into_owned();
            let rel = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_dir() && depth < MAX_DEPTH {
                walk(&e.path(), &rel, depth + 1, out);
            } else if ft.is_file() && part_of(&name).is_some() {
                out.push((rel, e.path()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, "", 0, &mut out);
    out
}

/// Whether a folder holds a Meta export (one of the files saydo reads, other than the profile).
pub(super) fn is_export_dir(path: &Path) -> bool {
    files_in(path)
        .iter()
        .any(|(rel, _)| part_of(rel).is_some_and(|p| p != Part::Profile))
}

thread_local! {
    /// Line breaks the parser of the current file has consumed.
    static LINES: Cell<u64> = const { Cell::new(0) };
}

/// A byte slice read one byte at a time by the JSON parser, counting line breaks.
struct Counting<'a> {
    data: &'a [u8],
}

impl Read for Counting<'_> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let n = out.len().min(self.data.len());
        let (chunk, rest) = self.data.split_at(n);
        let breaks = memchr::memchr_iter(b'\n', chunk).count() as u64;
        if breaks > 0 {
            LINES.with(|l| l.set(l.get() + breaks));
        }
        out[..n].copy_from_slice(chunk);
        self.data = rest;
        Ok(n)
    }
}

/// Undoes Meta's escaping of UTF-8 bytes as Latin-1 characters (`Ã©` for `é`): text whose
/// characters are all below U+0100 and whose bytes, so read, are valid UTF-8.
pub(crate) fn repair(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_ascii() || s.chars().any(|c| c as u32 > 0xff) {
        return s.into();
    }
    let bytes: Vec<u8> = s.chars().map(|c| c as u32 as u8).collect();
    match String::from_utf8(bytes) {
        Ok(t) => t.into(),
        Err(_) => s.into(),
    }
}

/// One record of a list, with the line its `{` (or string) is on.
struct Element {
    line: u64,
    value: Value,
}

/// Hands each element of a list to `sink` as soon as it is parsed, so that a cut-off file
/// keeps what came before the cut.
struct ListSeed<'s> {
    sink: &'s mut dyn FnMut(Element),
}

impl<'de> DeserializeSeed<'de> for ListSeed<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ListSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of records")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(e) = seq.next_element_seed(ElementSeed)? {
            (self.sink)(e);
        }
        Ok(())
    }
    // A bare record where a list of one is expected (Meta writes a file of one record so).
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let e = ElementSeed.visit_map(map)?;
        (self.sink)(e);
        Ok(())
    }
}

struct ElementSeed;

impl<'de> DeserializeSeed<'de> for ElementSeed {
    type Value = Element;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Element, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ElementSeed {
    type Value = Element;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a record")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Element, A::Error> {
        let line = LINES.with(Cell::get) + 1;
        let value = Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Ok(Element { line, value })
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Element, E> {
        Ok(Element {
            line: LINES.with(Cell::get) + 1,
            value: Value::String(v.to_string()),
        })
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Element, E> {
        Ok(Element {
            line: LINES.with(Cell::get) + 1,
            value: Value::String(v),
        })
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Element, A::Error> {
        let line = LINES.with(Cell::get) + 1;
        let value = Value::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        Ok(Element { line, value })
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Element, E> {
        Ok(Element {
            line: LINES.with(Cell::get) + 1,
            value: Value::from(v),
        })
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Element, E> {
        self.visit_u64(v.max(0) as u64)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Element, E> {
        self.visit_unit()
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Element, E> {
        self.visit_unit()
    }
    fn visit_unit<E: de::Error>(self) -> Result<Element, E> {
        Ok(Element {
            line: LINES.with(Cell::get) + 1,
            value: Value::Null,
        })
    }
}

/// The top of a file: an object whose list key holds the records (its other keys noted), or
/// the list of records itself (the record layout).
struct TopSeed<'s> {
    sink: &'s mut dyn FnMut(Element),
    keys: &'s mut Vec<String>,
    /// A list key was found (or the top is a list).
    found: &'s mut bool,
    /// The whole top-level object, for the profile file.
    whole: Option<&'s mut Value>,
}

impl<'de> Visitor<'de> for TopSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object or list")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        if let Some(whole) = self.whole {
            *whole = Value::deserialize(de::value::MapAccessDeserializer::new(map))?;
            *self.found = true;
            return Ok(());
        }
        while let Some(key) = map.next_key::<String>()? {
            if LIST_KEYS.contains(&key.as_str()) {
                *self.found = true;
                map.next_value_seed(ListSeed {
                    sink: &mut *self.sink,
                })?;
            } else {
                if self.keys.len() < 20 {
                    self.keys.push(key);
                }
                map.next_value::<de::IgnoredAny>()?;
            }
        }
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        *self.found = true;
        ListSeed { sink: self.sink }.visit_seq(seq)
    }
}

/// A calendar date from Unix time in seconds (or milliseconds, which some exports write).
fn date_of_epoch(t: i64) -> Option<Date> {
    let secs = if t.abs() > 100_000_000_000 {
        t / 1000
    } else {
        t
    };
    let days = secs.div_euclid(86_400);
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    Date::new(i32::try_from(y).ok()?, m as u8, d as u8)
}

fn epoch(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() => Some(repair(s.trim()).into_owned()),
        _ => None,
    }
}

/// The `label_values` of a record layout entry, flattened: (label, value, timestamp) for every
/// entry, nested `vec`/`dict` entries included, in order.
fn label_values(v: &Value, out: &mut Vec<(String, Option<String>, Option<i64>)>, depth: usize) {
    if depth > 8 || out.len() > 100_000 {
        return;
    }
    match v {
        Value::Array(a) => {
            for x in a {
                label_values(x, out, depth + 1);
            }
        }
        Value::Object(m) => {
            if let Some(Value::String(label)) = m.get("label") {
                let value = text(m.get("value"));
                let ts = m.get("timestamp_value").and_then(epoch);
                out.push((repair(label).into_owned(), value, ts));
            }
            for key in ["label_values", "vec", "dict"] {
                if let Some(x) = m.get(key) {
                    label_values(x, out, depth + 1);
                }
            }
        }
        _ => {}
    }
}

/// One event a business sent Meta.
struct Event {
    kind: String,
    date: Option<Date>,
}

/// Data categories of an off-Meta event type, as the HAR reader reads a pixel's event name:
/// every event is online activity; a purchase is purchase history, payment details financial
/// data; the words of a custom event's name may reveal health or other special data.
fn event_terms(ctx: &Context, kind: &str) -> Vec<Term> {
    let mut out = vec![Term::new(kind, Some("online-activity".into())).with_basis(Basis::Recorded)];
    let norm: String = kind
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    let standard = match norm.as_str() {
        "purchase" | "orderplaced" | "subscribe" | "starttrial" => Some("purchase-history"),
        "addpaymentinfo" => Some("financial"),
        _ => None,
    };
    if let Some(c) = standard {
        out.push(Term::new(kind, Some(c.into())).with_basis(Basis::Recorded));
    }
    for c in super::har::revealed_by(ctx, &super::url::words(kind)) {
        if !out
            .iter()
            .any(|t| t.category.as_deref() == Some(c.as_str()))
        {
            out.push(Term::new(kind, Some(c)).with_basis(Basis::Value));
        }
    }
    out
}

struct Reader<'c, 'a> {
    ctx: &'c Context<'a>,
    flows: Flows,
    meta: Party,
    /// Businesses and advertisers seen, in order, for the list an error shows.
    businesses: Vec<String>,
    event_terms: std::collections::HashMap<String, Terms>,
    advertising: Terms,
    used: u64,
}

impl Reader<'_, '_> {
    fn business(&mut self, name: &str) -> Party {
        if !self.businesses.iter().any(|b| b == name) {
            self.businesses.push(name.to_string());
        }
        self.ctx.resolver.party_for_name(name, None).0
    }

    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        file: &Arc<str>,
        line: u64,
        business: &Party,
        data: &Terms,
        purposes: &Terms,
        date: Option<Date>,
        quote: impl FnOnce() -> String,
    ) {
        let origin = Origin {
            first_party: business.clone(),
            kind: OriginKind::Shared,
            context: None,
        };
        let period = period_of(date, &self.ctx.options.versions);
        let slot = self
            .flows
            .slot_with_origin(&self.meta, None, Some(&origin), period);
        let source = self.flows.wants_source(slot).then(|| SourceRef {
            file: file.clone(),
            line,
            quote: quote_of(&quote()).into_boxed_str(),
            request: None,
        });
        self.used += 1;
        self.flows.add_at(
            slot,
            Observation {
                purposes,
                data,
                records: 1,
                date,
                reference: None,
                host: None,
                source,
                canaries: Vec::new(),
            },
        );
    }

    fn terms_for(&mut self, kind: &str) -> Terms {
        if let Some(t) = self.event_terms.get(kind) {
            return t.clone();
        }
        let t = Terms::new(event_terms(self.ctx, kind));
        if self.event_terms.len() < 10_000 {
            self.event_terms.insert(kind.to_string(), t.clone());
        }
        t
    }

    /// A business of the off-Meta activity, in either layout.
    fn off_meta(&mut self, file: &Arc<str>, e: &Element, report: &mut LogReport) {
        let v = &e.value;
        let name = text(v.get("name")).or_else(|| text(v.get("title")));
        let Some(name) = name else {
            report.read += 1;
            report.skip(e.line, "a business without a name".into());
            return;
        };
        let mut events: Vec<Event> = Vec::new();
        if let Some(Value::Array(list)) = v.get("events") {
            for ev in list {
                events.push(Event {
                    kind: text(ev.get("type"))
                        .or_else(|| text(ev.get("name")))
                        .unwrap_or_else(|| "UNKNOWN".into()),
                    date: ev.get("timestamp").and_then(epoch).and_then(date_of_epoch),
                });
            }
        } else {
            let mut lv = Vec::new();
            label_values(v, &mut lv, 0);
            for (label, value, ts) in lv {
                match label.as_str() {
                    "Event" => events.push(Event {
                        kind: value.unwrap_or_else(|| "UNKNOWN".into()),
                        date: None,
                    }),
                    "Received on" | "Time" | "Date" => {
                        if let Some(last) = events.last_mut()
                            && last.date.is_none()
                        {
                            last.date = ts.and_then(date_of_epoch);
                        }
                    }
                    _ => {}
                }
            }
        }
        if events.is_empty() {
            report.read += 1;
            report.skip(e.line, format!("no events listed for {name:?}"));
            return;
        }
        let business = self.business(&name);
        let n = events.len();
        for (i, ev) in events.into_iter().enumerate() {
            report.read += 1;
            let data = self.terms_for(&ev.kind);
            let empty = Terms::default();
            self.add(file, e.line, &business, &data, &empty, ev.date, || {
                format!(
                    "off-Meta activity: {name} sent {} (event {} of {n}){}",
                    ev.kind,
                    i + 1,
                    ev.date
                        .map(|d| format!(", received {d}"))
                        .unwrap_or_default()
                )
            });
        }
    }

    /// An advertiser that uploaded a list with the person's information, or uses their
    /// activity.
    fn advertiser(&mut self, file: &Arc<str>, e: &Element, report: &mut LogReport) {
        report.read += 1;
        let v = &e.value;
        let mut date = v.get("timestamp").and_then(epoch).and_then(date_of_epoch);
        let mut name = match v {
            Value::String(s) => Some(repair(s.trim()).into_owned()).filter(|s| !s.is_empty()),
            _ => text(v.get("advertiser_name")).or_else(|| text(v.get("name"))),
        };
        if name.is_none() {
            let mut lv = Vec::new();
            label_values(v, &mut lv, 0);
            for (label, value, ts) in lv {
                let l = label.to_ascii_lowercase();
                if name.is_none() && (l.contains("advertiser") || l == "name") {
                    name = value;
                } else if date.is_none() && ts.is_some() {
                    date = ts.and_then(date_of_epoch);
                }
            }
            name = name.or_else(|| text(v.get("title")));
        }
        let Some(name) = name else {
            report.skip(e.line, "an advertiser without a name".into());
            return;
        };
        let flag = |k: &str| v.get(k).and_then(Value::as_bool);
        let mut data: Vec<Term> = Vec::new();
        let all_types = v.get("has_data_file_custom_audience").is_some()
            || v.get("has_remarketing_custom_audience").is_some()
            || v.get("has_in_person_store_visit").is_some();
        if !all_types || flag("has_data_file_custom_audience") == Some(true) {
            data.push(
                Term::new("contact list uploaded", Some("contact".into()))
                    .with_basis(Basis::Recorded),
            );
        }
        if flag("has_remarketing_custom_audience") == Some(true) {
            data.push(
                Term::new("remarketing audience", Some("online-activity".into()))
                    .with_basis(Basis::Recorded),
            );
        }
        if flag("has_in_person_store_visit") == Some(true) {
            data.push(
                Term::new("in-person store visit", Some("location".into()))
                    .with_basis(Basis::Recorded),
            );
        }
        if data.is_empty() {
            // Listed, with every kind of audience marked false: nothing went to Meta.
            return;
        }
        let what = data
            .iter()
            .map(|t| t.term.clone())
            .collect::<Vec<_>>()
            .join(", ");
        let business = self.business(&name);
        let data = Terms::new(data);
        let purposes = self.advertising.clone();
        self.add(file, e.line, &business, &data, &purposes, date, || {
            format!(
                "advertiser {name}: {what}{}",
                date.map(|d| format!(", {d}")).unwrap_or_default()
            )
        });
    }
}

/// Reads one JSON file of the export.
fn read_part(
    r: &mut Reader,
    rel: &str,
    part: Part,
    bytes: &[u8],
    report: &mut LogReport,
) -> Result<(), String> {
    let file: Arc<str> = Arc::from(format!("{}/{rel}", report.file));
    let mut bytes = bytes;
    if bytes.starts_with(b"\xef\xbb\xbf") {
        bytes = &bytes[3..];
    }
    LINES.with(|l| l.set(0));
    let mut keys = Vec::new();
    let mut found = false;
    let mut elements: u64 = 0;
    let mut profile = Value::Null;
    let outcome = {
        let mut sink = |e: Element| {
            elements += 1;
            match part {
                Part::OffMeta => r.off_meta(&file, &e, report),
                Part::ContactLists | Part::AdvertisersUsing => r.advertiser(&file, &e, report),
                Part::Profile => {}
            }
        };
        let mut de = serde_json::Deserializer::from_reader(Counting { data: bytes });
        let top = TopSeed {
            sink: &mut sink,
            keys: &mut keys,
            found: &mut found,
            whole: (part == Part::Profile).then_some(&mut profile),
        };
        de.deserialize_any(top).and_then(|()| de.end())
    };
    if let Err(e) = outcome {
        let line = e.line().max(1) as u64;
        let reason = if e.is_eof() {
            format!(
                "the file is cut off here (its JSON ends early); the {elements} record{} before the cut {} kept",
                if elements == 1 { "" } else { "s" },
                if elements == 1 { "is" } else { "are" }
            )
        } else {
            format!("invalid JSON ({e}); the {elements} records before it are kept")
        };
        report.read += 1;
        report.skip(line, format!("{rel}: {reason}"));
        return Ok(());
    }
    if part == Part::Profile {
        collect_personal(&profile, &mut report.personal, 0);
        return Ok(());
    }
    if !found {
        return Err(format!(
            "{file}: not a layout of this file saydo knows (it reads {}); top-level fields found: {}",
            match part {
                Part::OffMeta =>
                    "off_facebook_activity_v2, off_facebook_activity, or a list of records",
                _ =>
                    "custom_audiences, custom_audiences_v2, custom_audiences_all_types_v2, or a list of records",
            },
            if keys.is_empty() {
                "none".to_string()
            } else {
                keys.join(", ")
            }
        ));
    }
    Ok(())
}

/// The person's own name, email addresses and phone numbers from the profile file, for
/// `--redact`.
fn collect_personal(v: &Value, out: &mut Vec<String>, depth: usize) {
    if depth > 8 || out.len() > 100 {
        return;
    }
    const KEYS: &[&str] = &[
        "full_name",
        "first_name",
        "last_name",
        "middle_name",
        "emails",
        "previous_emails",
        "pending_emails",
        "phone_number",
        "username",
        "email",
    ];
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                if KEYS.contains(&k.as_str()) {
                    strings(x, out, depth + 1);
                } else {
                    collect_personal(x, out, depth + 1);
                }
            }
        }
        Value::Array(a) => {
            for x in a {
                collect_personal(x, out, depth + 1);
            }
        }
        _ => {}
    }
}

fn strings(v: &Value, out: &mut Vec<String>, depth: usize) {
    if depth > 8 || out.len() > 100 {
        return;
    }
    match v {
        Value::String(s) => {
            let s = repair(s.trim()).into_owned();
            if s.chars().count() >= 3 && !out.contains(&s) {
                out.push(s);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| strings(x, out, depth + 1)),
        Value::Object(m) => m.values().for_each(|x| strings(x, out, depth + 1)),
        _ => {}
    }
}

/// Reads an export (folder or zip) into flows to Meta, one per business.
pub(super) fn read(
    path: &Path,
    label: &str,
    ctx: &Context,
    report: &mut LogReport,
) -> Result<Flows, String> {
    use sha2::Digest;
    let resolver = ctx.resolver;
    let meta = match resolver.entity_for_name("Meta Platforms") {
        Some(e) => resolver.party_for_entity(e, Some("facebook.com".into())),
        None => Party {
            name: "Meta Platforms".into(),
            organisation: None,
            domain: Some("facebook.com".into()),
            categories: SharedList::new(vec!["social-network".into(), "advertiser".into()]),
            unresolved: false,
        },
    };
    let mut r = Reader {
        ctx,
        flows: Flows::default(),
        meta,
        businesses: Vec::new(),
        event_terms: Default::default(),
        advertising: Terms::new(vec![Term::new(
            "custom audience (advertising)",
            Some("advertising".into()),
        )]),
        used: 0,
    };
    let mut hasher = sha2::Sha256::new();
    let mut parts = 0;
    if path.is_dir() {
        for (rel, file) in files_in(path) {
            let Some(part) = part_of(&rel) else { continue };
            let bytes =
                read_capped(&file).map_err(|e| format!("{label}/{rel}: cannot read: {e}"))?;
            hasher.update(&bytes);
            parts += 1;
            read_part(&mut r, &rel, part, &bytes, report)?;
        }
    } else {
        let f = std::fs::File::open(path).map_err(|e| format!("{label}: cannot read: {e}"))?;
        if !f.metadata().is_ok_and(|m| m.is_file()) {
            return Err(format!("{label}: not a regular file"));
        }
        let mut zip = zip::ZipArchive::new(f).map_err(|e| {
            format!("{label}: not a zip archive Meta's export could be read from: {e}")
        })?;
        let mut names: Vec<(String, usize)> = (0..zip.len())
            .filter_map(|i| {
                let f = zip.by_index_raw(i).ok()?;
                let name = f.name().ok()?.to_string();
                (f.is_file() && part_of(&name).is_some()).then_some((name, i))
            })
            .collect();
        names.sort();
        for (name, i) in names {
            let part = part_of(&name).expect("filtered above");
            let mut entry = zip
                .by_index(i)
                .map_err(|e| format!("{label}/{name}: cannot read from the zip: {e}"))?;
            if entry.size() > MAX_PART {
                return Err(format!(
                    "{label}/{name}: {} MiB, larger than any export file saydo reads",
                    entry.size() >> 20
                ));
            }
            let mut bytes = Vec::with_capacity(entry.size() as usize);
            (&mut entry)
                .take(MAX_PART)
                .read_to_end(&mut bytes)
                .map_err(|e| format!("{label}/{name}: cannot unpack: {e}"))?;
            hasher.update(&bytes);
            parts += 1;
            read_part(&mut r, &name, part, &bytes, report)?;
        }
    }
    report.sha256 = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if parts == 0 {
        return Err(format!(
            "{label}: no file of a Meta \"Download Your Information\" export saydo reads ({}); was the export made in JSON format?",
            PARTS.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
        ));
    }
    report.used = r.used;
    let listed = |all: &[String]| {
        const NAMED: usize = 30;
        let mut s = all[..all.len().min(NAMED)].join(", ");
        if all.len() > NAMED {
            s.push_str(&format!(
                " and {} more (saydo flows lists them all)",
                all.len() - NAMED
            ));
        }
        s
    };
    if let Some(site) = ctx.options.site.as_deref().map(str::trim) {
        let wanted = Wanted::new(ctx, site);
        r.flows.retain(|f| {
            f.origin
                .as_ref()
                .is_some_and(|o| wanted.matches(&o.first_party))
        });
        if r.flows.is_empty() {
            return Err(format!(
                "{label}: no business in the export matches --site {site:?}; the export names {}: {}",
                r.businesses.len(),
                listed(&r.businesses)
            ));
        }
        report.site = Some(site.to_string());
    } else if ctx.options.one_first_party {
        let mut firsts: Vec<String> = Vec::new();
        for f in r.flows.iter() {
            if let Some(o) = &f.origin
                && !firsts.contains(&o.first_party.name)
            {
                firsts.push(o.first_party.name.clone());
            }
        }
        if firsts.len() > 1 {
            return Err(format!(
                "{label}: the export names {} businesses that shared with Meta; choose the one whose policy is checked with --site DOMAIN_OR_NAME: {}",
                firsts.len(),
                listed(&firsts)
            ));
        }
    }
    Ok(r.flows)
}

/// Which business `--site` names: by its domain (through the registry, or the domain's name
/// written as the business writes it: `shopright.com` is "ShopRight") or by its name.
struct Wanted {
    key: String,
    squeezed: String,
    organisation: Option<String>,
}

impl Wanted {
    fn new(ctx: &Context, site: &str) -> Wanted {
        let host = super::url::host(site).unwrap_or(site);
        let is_domain = !host.contains(' ') && host.contains('.');
        let organisation = if is_domain {
            ctx.resolver.owner_of_host(host).map(|e| e.name.clone())
        } else {
            ctx.resolver.entity_for_name(site).map(|e| e.name.clone())
        };
        let base = if is_domain {
            let d = registrable_domain(host);
            d.split('.').next().unwrap_or("").to_string()
        } else {
            site.to_string()
        };
        let key = name_key(&base);
        Wanted {
            squeezed: key.replace(' ', ""),
            key,
            organisation,
        }
    }

    fn matches(&self, p: &Party) -> bool {
        if self.organisation.is_some() && p.organisation == self.organisation {
            return true;
        }
        let k = name_key(&p.name);
        !self.key.is_empty() && (k == self.key || k.replace(' ', "") == self.squeezed)
    }
}

fn read_capped(path: &Path) -> std::io::Result<Vec<u8>> {
    let f = std::fs::File::open(path)?;
    let mut out = Vec::new();
    f.take(MAX_PART).read_to_end(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mojibake_is_repaired_and_clean_text_kept() {
        assert_eq!(repair("Caf\u{c3}\u{a9} R\u{c3}\u{b6}mer"), "Café Römer");
        assert_eq!(
            repair("Café"),
            "Café",
            "real Latin-1 text that is not UTF-8 stays"
        );
        assert_eq!(repair("plain"), "plain");
        assert_eq!(repair("日本"), "日本");
    }

    #[test]
    fn epochs_become_dates() {
        assert_eq!(date_of_epoch(0).unwrap().to_string(), "1970-01-01");
        assert_eq!(
            date_of_epoch(1_615_460_377).unwrap().to_string(),
            "2021-03-11"
        );
        assert_eq!(
            date_of_epoch(1_705_314_600_000).unwrap().to_string(),
            "2024-01-15"
        );
    }

    #[test]
    fn export_files_are_known_by_name() {
        assert_eq!(
            part_of("x/apps_and_websites_off_of_facebook/your_activity_off_meta_technologies.json"),
            Some(Part::OffMeta)
        );
        assert_eq!(part_of("ads/ads_interests.json"), None);
    }
}
