//! iOS App Privacy Reports (Settings → Privacy & Security → App Privacy Report → Share): one
//! JSON object per line, newline-delimited.
//!
//! Layouts read, as Apple and public readers of the format document them:
//!
//! | version | network activity | resource access |
//! |---|---|---|
//! | 1 (iOS 15 beta) | `hasApp.bundleName`, `domain`, `domainOwner`, `context`, `hits`, `firstTimeStamp`, `timeStamp` | `stream` (`…stream.tcc` + `tccService`, `…stream.location`), `accessor`, `kind`, `timestamp`, `version` |
//! | 2 | `bundleID` instead of `hasApp.bundleName` | `category` + `timestamp` |
//! | 3, 4 (iOS 15.2 and later) | the same with `type: "networkActivity"`, `initiatedType` | `type: "access"`, `category`, `kind: intervalBegin/intervalEnd`, `timeStamp` |
//!
//! Network activity becomes flows from the app to the organisation owning each domain, one per
//! app and organisation, with the hits as the record count and the first and last time seen;
//! lines with a `context` (a website shown inside the app) are kept apart from the app's own
//! traffic. Resource access becomes first-party collection by the app. A line that is cut off
//! or of no known layout is skipped and counted; a file with no line of a known layout is an
//! error naming the fields found.

use super::flows::{Flows, Observation};
use super::resolve::registrable_domain;
use super::{
    Basis, Context, Date, LogReport, Origin, OriginKind, Party, SharedList, SourceRef, Term, Terms,
    period_of, quote_of,
};
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;
use std::sync::Arc;

/// Keys only App Privacy Report lines carry: a file whose first line has one is a report.
const MARKERS: &[&str] = &[
    "\"bundleID\"",
    "\"hasApp.bundleName\"",
    "\"networkActivity\"",
    "\"domainOwner\"",
    "\"initiatedType\"",
    "\"tccService\"",
    "\"com.apple.privacy.accounting.stream",
    "\"accessor\"",
];

/// Whether a file is an App Privacy Report: its name as iOS writes it, or a first line with a
/// key only the report uses. (`.ndjson` is also the extension of JSON Lines ledgers.)
pub(super) fn looks_like(head: &[u8], path: &std::path::Path) -> bool {
    let named = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("App_Privacy_Report"));
    let text = String::from_utf8_lossy(head);
    let first = text
        .trim_start_matches(['\u{feff}', '\0'])
        .trim_start()
        .lines()
        .next()
        .unwrap_or("");
    named || (first.starts_with('{') && MARKERS.iter().any(|m| first.contains(m)))
}

/// A whole number, also written as a float or a string.
fn lenient_count<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Number(n) => n
            .as_u64()
            .or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64)),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Accessor<'a> {
    #[serde(borrow)]
    identifier: Option<Cow<'a, str>>,
}

/// Every field of every layout, all optional: a line's layout is told by which are present.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Line<'a> {
    #[serde(rename = "type", borrow)]
    record_type: Option<Cow<'a, str>>,
    #[serde(borrow)]
    stream: Option<Cow<'a, str>>,
    #[serde(rename = "tccService", borrow)]
    tcc_service: Option<Cow<'a, str>>,
    #[serde(borrow)]
    accessor: Option<Accessor<'a>>,
    #[serde(borrow)]
    category: Option<Cow<'a, str>>,
    #[serde(borrow)]
    kind: Option<Cow<'a, str>>,
    #[serde(rename = "timeStamp", borrow)]
    time_stamp: Option<Cow<'a, str>>,
    #[serde(borrow)]
    timestamp: Option<Cow<'a, str>>,
    #[serde(rename = "firstTimeStamp", borrow)]
    first_time_stamp: Option<Cow<'a, str>>,
    #[serde(rename = "bundleID", borrow)]
    bundle_id: Option<Cow<'a, str>>,
    #[serde(rename = "hasApp.bundleName", borrow)]
    has_app: Option<Cow<'a, str>>,
    #[serde(borrow)]
    domain: Option<Cow<'a, str>>,
    #[serde(rename = "domainOwner", borrow)]
    domain_owner: Option<Cow<'a, str>>,
    #[serde(borrow)]
    context: Option<Cow<'a, str>>,
    #[serde(rename = "initiatedType", borrow)]
    initiated_type: Option<Cow<'a, str>>,
    #[serde(deserialize_with = "lenient_count")]
    hits: Option<u64>,
}

/// A protected resource as the report names it -> (words shown, data category).
fn resource(name: &str) -> Option<(&'static str, &'static str)> {
    let n = name.trim();
    let n = n.strip_prefix("kTCCService").unwrap_or(n);
    let n = n.rsplit('.').next().unwrap_or(n);
    Some(match n.to_ascii_lowercase().as_str() {
        // Location Services hands out the precise position unless the person turned Precise
        // Location off for the app, which the report does not record.
        "location" => ("location (Location Services)", "precise-location"),
        "contacts" | "addressbook" => ("contacts (address book)", "contact"),
        "photos" | "photosadd" => ("photos", "user-content"),
        "camera" => ("camera", "user-content"),
        "microphone" => ("microphone", "user-content"),
        "medialibrary" => ("media library", "user-content"),
        "replay-kit" | "screenrecording" => ("screen recording", "user-content"),
        "calendar" | "calendars" => ("calendar", "personal-data"),
        "reminders" => ("reminders", "personal-data"),
        "health" | "healthkit" => ("health data", "health"),
        _ => return None,
    })
}

/// One app's place in the report: its party and what counts as its own domains.
struct App {
    party: Party,
    /// The registrable domain read from the bundle id (`com.acme.health` -> `acme.com`), or
    /// `--site`.
    own_domain: Option<String>,
    own_entity: Option<String>,
}

/// The registrable domain a bundle id names, read backwards: `com.acme.health` is
/// `health.acme.com`, whose registrable domain is `acme.com`.
fn bundle_domain(bundle: &str) -> Option<String> {
    let labels: Vec<&str> = bundle.split('.').collect();
    if labels.len() < 2
        || labels
            .iter()
            .any(|l| l.is_empty() || !l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
    {
        return None;
    }
    let host = labels.iter().rev().copied().collect::<Vec<_>>().join(".");
    let d = registrable_domain(&host);
    // Only a real suffix makes a domain: `com.example` yes, `foo.bar` (no suffix) no.
    (d != host.to_ascii_lowercase() || psl::suffix(d.as_bytes()).is_some_and(|s| s.is_known()))
        .then_some(d)
        .filter(|d| psl::suffix(d.as_bytes()).is_some_and(|s| s.is_known()))
}

/// The slot of a domain that is the app's own: no flow.
const OWN: usize = usize::MAX;

struct Reader<'c, 'a> {
    ctx: &'c Context<'a>,
    shared_file: Arc<str>,
    flows: Flows,
    apps: HashMap<String, App>,
    /// Records per app, for the list of apps an error or `--app` mistake shows.
    seen: BTreeMap<String, u64>,
    /// (app, domain, owner, context, kind, period) -> flow slot.
    slots: HashMap<String, usize>,
    key: String,
    data_terms: HashMap<String, Terms>,
    unknown_resources: BTreeMap<String, u64>,
    empty: Terms,
    used: u64,
    /// In-app browsing records left out of a check.
    in_app_set_aside: u64,
}

impl Reader<'_, '_> {
    fn app(&mut self, bundle: &str) -> &App {
        if !self.apps.contains_key(bundle) {
            let resolver = self.ctx.resolver;
            let site = self
                .ctx
                .options
                .site
                .as_deref()
                .filter(|_| self.ctx.options.app.as_deref() == Some(bundle))
                .map(|s| registrable_domain(super::url::host(s).unwrap_or(s)));
            let own_domain = site.or_else(|| bundle_domain(bundle));
            let entity = own_domain
                .as_deref()
                .and_then(|d| resolver.owner_of_host(d));
            let party = Party {
                name: bundle.to_string(),
                organisation: entity.map(|e| e.name.clone()),
                domain: own_domain.clone(),
                categories: SharedList::new(
                    entity
                        .map(|e| resolver.vocab.entity_categories(e).to_vec())
                        .unwrap_or_default(),
                ),
                unresolved: false,
            };
            self.apps.insert(
                bundle.to_string(),
                App {
                    party,
                    own_domain,
                    own_entity: entity.map(|e| e.name.clone()),
                },
            );
        }
        &self.apps[bundle]
    }

    fn network(&mut self, line_no: u64, l: &Line, bundle: &str) -> Result<(), String> {
        let Some(domain) = l.domain.as_deref().map(str::trim).filter(|d| !d.is_empty()) else {
            return Err("networkActivity without a domain".into());
        };
        let host = domain.trim_end_matches('.');
        let host: Cow<str> = if host.bytes().any(|b| b.is_ascii_uppercase()) {
            host.to_ascii_lowercase().into()
        } else {
            host.into()
        };
        let host = host.as_ref();
        let context = l
            .context
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        let in_app = context.is_some()
            || l.initiated_type
                .as_deref()
                .is_some_and(|t| t.eq_ignore_ascii_case("NonAppInitiated"));
        let last = l.time_stamp.as_deref().or(l.timestamp.as_deref());
        let date = last.and_then(|t| t.get(..10)).and_then(Date::parse);
        let first = l
            .first_time_stamp
            .as_deref()
            .and_then(|t| t.get(..10))
            .and_then(Date::parse);
        if in_app && self.ctx.options.one_first_party {
            // A website shown inside the app is not the app's own traffic: listed by
            // `flows`, not judged against the app's policy.
            self.in_app_set_aside += 1;
            return Ok(());
        }
        let period = period_of(date, &self.ctx.options.versions);
        let owner = l.domain_owner.as_deref().unwrap_or("").trim();
        self.key.clear();
        for part in [bundle, host, owner, context.unwrap_or("")] {
            self.key.push_str(part);
            self.key.push('\u{1f}');
        }
        self.key.push_str(if in_app { "b" } else { "a" });
        let _ = std::fmt::Write::write_fmt(&mut self.key, format_args!("{period}"));
        let slot = match self.slots.get(self.key.as_str()) {
            Some(&s) => s,
            None => {
                let resolver = self.ctx.resolver;
                let app = self.app(bundle);
                let (app_party, own_domain, own_entity) = (
                    app.party.clone(),
                    app.own_domain.clone(),
                    app.own_entity.clone(),
                );
                let domain_reg = registrable_domain(host);
                let mut party = resolver.party_for_host(host);
                if party.unresolved && !owner.is_empty() {
                    // The report names the domain's owner (version 4): the registry may know
                    // it by that name.
                    if let Some(e) = resolver.entity_for_name(owner) {
                        party = resolver.party_for_entity(e, Some(domain_reg.clone()));
                    }
                }
                let own = !in_app
                    && (own_domain.as_deref() == Some(domain_reg.as_str())
                        || (own_entity.is_some() && party.organisation == own_entity));
                let s = if own {
                    OWN
                } else {
                    let origin = Origin {
                        first_party: app_party,
                        kind: if in_app {
                            OriginKind::InAppBrowsing
                        } else {
                            OriginKind::Shared
                        },
                        context: context.map(str::to_string),
                    };
                    self.flows
                        .slot_with_origin(&party, None, Some(&origin), period)
                };
                self.slots.insert(self.key.clone(), s);
                s
            }
        };
        if slot == OWN {
            return Ok(()); // the app's own servers
        }
        let hits = l.hits.unwrap_or(1);
        if !self.flows.records_fit(slot, hits) {
            return Err(format!("hits {hits} overflow the flow's count"));
        }
        self.used += 1;
        let source = self.flows.wants_source(slot).then(|| {
            let mut q = format!("networkActivity {bundle} -> {host}");
            if let Some(c) = context {
                q.push_str(&format!(" (in-app browsing of {c})"));
            }
            if !owner.is_empty() {
                q.push_str(&format!(" owner {owner:?}"));
            }
            q.push_str(&format!(" hits {hits}"));
            if let Some(t) = l.first_time_stamp.as_deref() {
                q.push_str(&format!(" first {t}"));
            }
            if let Some(t) = last {
                q.push_str(&format!(" last {t}"));
            }
            SourceRef {
                file: self.shared_file.clone(),
                line: line_no,
                quote: quote_of(&q).into_boxed_str(),
                request: None,
            }
        });
        self.flows.add_at(
            slot,
            Observation {
                purposes: &self.empty,
                data: &self.empty,
                records: hits,
                date,
                reference: None,
                host: Some(host),
                source,
                canaries: Vec::new(),
            },
        );
        if let Some(f) = first {
            self.flows.note_date(slot, f);
        }
        Ok(())
    }

    fn access(&mut self, line_no: u64, l: &Line, bundle: &str) -> Result<(), String> {
        let named = l
            .category
            .as_deref()
            .or(l.tcc_service.as_deref())
            .or(l.stream.as_deref().filter(|s| !s.ends_with(".tcc")))
            .unwrap_or("")
            .trim()
            .to_string();
        if named.is_empty() {
            return Err("access without a category or tccService".into());
        }
        let (words, category) = match resource(&named) {
            Some(r) => r,
            None => {
                *self.unknown_resources.entry(named.clone()).or_default() += 1;
                ("", "personal-data")
            }
        };
        let kind = l.kind.as_deref().unwrap_or("event");
        // An access is an interval: its beginning (or a point event) counts once, its end only
        // dates it.
        let records = u64::from(!kind.eq_ignore_ascii_case("intervalEnd"));
        let when = l.time_stamp.as_deref().or(l.timestamp.as_deref());
        let date = when.and_then(|t| t.get(..10)).and_then(Date::parse);
        let period = period_of(date, &self.ctx.options.versions);
        self.key.clear();
        for part in [bundle, "\u{1}access", &named] {
            self.key.push_str(part);
            self.key.push('\u{1f}');
        }
        let _ = std::fmt::Write::write_fmt(&mut self.key, format_args!("{period}"));
        let slot = match self.slots.get(self.key.as_str()) {
            Some(&s) => s,
            None => {
                let app = self.app(bundle).party.clone();
                let origin = Origin {
                    first_party: app.clone(),
                    kind: OriginKind::Collected,
                    context: None,
                };
                let s = self
                    .flows
                    .slot_with_origin(&app, None, Some(&origin), period);
                self.slots.insert(self.key.clone(), s);
                s
            }
        };
        self.used += 1;
        let data = match self.data_terms.get(named.as_str()) {
            Some(t) => t.clone(),
            None => {
                let term = if words.is_empty() {
                    named.as_str()
                } else {
                    words
                };
                let t = Terms::new(vec![
                    Term::new(term, Some(category.to_string())).with_basis(Basis::Recorded),
                ]);
                if self.data_terms.len() < 1000 {
                    self.data_terms.insert(named.clone(), t.clone());
                }
                t
            }
        };
        let source = self.flows.wants_source(slot).then(|| SourceRef {
            file: self.shared_file.clone(),
            line: line_no,
            quote: quote_of(&format!(
                "access {bundle} {named} {kind}{}",
                when.map(|t| format!(" {t}")).unwrap_or_default()
            ))
            .into_boxed_str(),
            request: None,
        });
        self.flows.add_at(
            slot,
            Observation {
                purposes: &self.empty,
                data: &data,
                records,
                date,
                reference: None,
                host: None,
                source,
                canaries: Vec::new(),
            },
        );
        Ok(())
    }
}

/// The keys of a line that is of no known layout, for the message.
fn fields_of(line: &[u8]) -> String {
    match serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(line) {
        Ok(m) if m.is_empty() => "none".into(),
        Ok(m) => m.keys().take(20).cloned().collect::<Vec<_>>().join(", "),
        Err(_) => "none (not a JSON object)".into(),
    }
}

/// Reads one App Privacy Report into flows.
pub(super) fn read(
    mut input: impl BufRead,
    file: &str,
    ctx: &Context,
    report: &mut LogReport,
) -> Result<Flows, String> {
    let mut r = Reader {
        ctx,
        shared_file: Arc::from(file),
        flows: Flows::default(),
        apps: HashMap::new(),
        seen: BTreeMap::new(),
        slots: HashMap::new(),
        key: String::new(),
        data_terms: HashMap::new(),
        unknown_resources: BTreeMap::new(),
        empty: Terms::default(),
        used: 0,
        in_app_set_aside: 0,
    };
    let wanted = ctx.options.app.as_deref().map(str::trim);
    let mut buf: Vec<u8> = Vec::with_capacity(4096);
    let mut line_no = 0u64;
    let mut known = 0u64;
    let mut first_unknown: Option<(u64, String)> = None;
    loop {
        buf.clear();
        let n = input
            .read_until(b'\n', &mut buf)
            .map_err(|e| format!("{file}: cannot read: {e}"))?;
        if n == 0 {
            break;
        }
        line_no += 1;
        let ends = buf.last() == Some(&b'\n');
        let mut text: &[u8] = &buf;
        // A byte-order mark, NULs padding the export, and line ends.
        while let Some((&b, rest)) = text.split_first() {
            if b == 0 || b.is_ascii_whitespace() {
                text = rest;
            } else if text.starts_with(b"\xef\xbb\xbf") {
                text = &text[3..];
            } else {
                break;
            }
        }
        while let Some((&b, rest)) = text.split_last() {
            if b == 0 || b.is_ascii_whitespace() {
                text = rest;
            } else {
                break;
            }
        }
        if text.is_empty() {
            continue;
        }
        report.read += 1;
        let line: Line = match serde_json::from_slice(text) {
            Ok(l) => l,
            Err(e) => {
                let reason = if e.is_eof() && !ends {
                    "the file ends in the middle of this record (cut off?)".to_string()
                } else if e.is_eof() {
                    "the record is cut off (its JSON ends early)".to_string()
                } else {
                    format!("not a JSON object: {e}")
                };
                report.skip(line_no, reason);
                continue;
            }
        };
        let network = line.record_type.as_deref() == Some("networkActivity")
            || (line.record_type.is_none() && line.domain.is_some());
        let access = line.record_type.as_deref() == Some("access")
            || (line.record_type.is_none() && line.accessor.is_some());
        let bundle = if network {
            line.bundle_id.as_deref().or(line.has_app.as_deref())
        } else if access {
            line.accessor.as_ref().and_then(|a| a.identifier.as_deref())
        } else {
            None
        };
        let bundle = bundle.map(str::trim).filter(|b| !b.is_empty());
        if !network && !access {
            let fields = fields_of(text);
            let reason = match line.record_type.as_deref() {
                Some(t) => format!("record type {t:?} is not one saydo reads (fields: {fields})"),
                None => format!("not a record layout saydo knows (fields: {fields})"),
            };
            if first_unknown.is_none() {
                first_unknown = Some((line_no, fields));
            }
            report.skip(line_no, reason);
            continue;
        }
        known += 1;
        let Some(bundle) = bundle else {
            let which = if network {
                "bundleID (or hasApp.bundleName)"
            } else {
                "accessor.identifier"
            };
            report.skip(line_no, format!("no app: {which} is missing or empty"));
            continue;
        };
        *r.seen.entry(bundle.to_string()).or_default() += 1;
        if wanted.is_some_and(|w| w != bundle) {
            continue;
        }
        let outcome = if network {
            r.network(line_no, &line, bundle)
        } else {
            r.access(line_no, &line, bundle)
        };
        if let Err(reason) = outcome {
            report.skip(line_no, reason);
        }
    }
    if known == 0 {
        if let Some((at, fields)) = first_unknown {
            return Err(format!(
                "{file}:{at}: not an App Privacy Report layout saydo knows (it reads versions 1 to 4: networkActivity and access records); fields found: {fields}"
            ));
        }
        if report.read > 0 && report.skipped == report.read {
            return Err(format!(
                "{file}: none of its {} lines could be read as App Privacy Report records (first: {})",
                report.read,
                report
                    .skips
                    .first()
                    .map(|s| format!("line {}: {}", s.line, s.reason))
                    .unwrap_or_default()
            ));
        }
    }
    let apps = |seen: &BTreeMap<String, u64>| {
        const NAMED: usize = 30;
        let mut s = seen
            .keys()
            .take(NAMED)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if seen.len() > NAMED {
            s.push_str(&format!(" and {} more", seen.len() - NAMED));
        }
        s
    };
    if let Some(w) = wanted {
        if !r.seen.contains_key(w) {
            return Err(format!(
                "{file}: no record of the app {w:?} (--app); the report holds {}: {}",
                counted_apps(r.seen.len()),
                apps(&r.seen)
            ));
        }
        report.site = Some(w.to_string());
    } else if ctx.options.one_first_party && r.seen.len() > 1 {
        return Err(format!(
            "{file}: the report holds {}; choose the one whose policy is checked with --app BUNDLE_ID: {}",
            counted_apps(r.seen.len()),
            apps(&r.seen)
        ));
    } else if r.seen.len() == 1 {
        report.site = r.seen.keys().next().cloned();
    }
    for (name, n) in &r.unknown_resources {
        report.warn(format!(
            "{file}: {n} access record{} to {name:?}, a resource saydo does not map to a data category; counted as personal data",
            if *n == 1 { "" } else { "s" }
        ));
    }
    if r.in_app_set_aside > 0 {
        let n = r.in_app_set_aside;
        report.warn(format!(
            "{file}: {n} record{} of websites shown inside the app (in-app browsing) {} not the app's own traffic and not judged against its policy (`saydo flows` lists them)",
            if n == 1 { "" } else { "s" },
            if n == 1 { "is" } else { "are" }
        ));
    }
    report.used = r.used;
    Ok(r.flows)
}

fn counted_apps(n: usize) -> String {
    if n == 1 {
        "1 app".into()
    } else {
        format!("{n} apps")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundle_ids_name_domains() {
        assert_eq!(
            bundle_domain("com.acme.health").as_deref(),
            Some("acme.com")
        );
        assert_eq!(
            bundle_domain("uk.co.acme.app").as_deref(),
            Some("acme.co.uk")
        );
        assert_eq!(bundle_domain("health"), None);
        assert_eq!(bundle_domain("zzqqx.app"), None, "no such top-level domain");
    }

    #[test]
    fn resources_map_to_data_categories() {
        assert_eq!(resource("location").unwrap().1, "precise-location");
        assert_eq!(resource("kTCCServiceAddressBook").unwrap().1, "contact");
        assert_eq!(
            resource("com.apple.privacy.accounting.stream.location")
                .unwrap()
                .1,
            "precise-location"
        );
        assert_eq!(resource("kTCCServiceMicrophone").unwrap().1, "user-content");
        assert!(resource("bluetooth").is_none());
    }

    #[test]
    fn reports_are_told_from_ledgers_by_content() {
        let p = std::path::Path::new("x.ndjson");
        assert!(looks_like(
            br#"{"type":"networkActivity","bundleID":"a.b","domain":"x.com"}"#,
            p
        ));
        assert!(!looks_like(
            br#"{"recipient":"Acme","date":"2020-01-01"}"#,
            p
        ));
        assert!(looks_like(
            b"{}",
            std::path::Path::new("App_Privacy_Report_v4_2026-11-30T10_00_00.ndjson")
        ));
    }
}
