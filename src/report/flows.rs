//! `saydo flows` output: a readable listing of flows with their sources, one JSON document,
//! or JSON Lines with one flow per line.

use super::{count, paint, style};
use crate::practice::{Evidence, Flow, LogReport, Party, Skip, Term};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Input<'a> {
    file: &'a str,
    format: Option<crate::practice::LogFormat>,
    sha256: Option<&'a str>,
    read: u64,
    skipped: u64,
    used: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    site: Option<&'a str>,
    error: Option<&'a str>,
    /// What a capture with consent marks says about consent.
    #[serde(skip_serializing_if = "Option::is_none")]
    consent: Option<&'a crate::practice::consent::LogConsent>,
}

/// The inputs as reports list them.
pub(crate) fn inputs(logs: &[LogReport]) -> Vec<impl Serialize + '_> {
    logs.iter()
        .map(|l| Input {
            file: &l.file,
            format: l.format,
            sha256: (!l.sha256.is_empty()).then_some(l.sha256.as_str()),
            read: l.read,
            skipped: l.skipped,
            used: l.used,
            site: l.site.as_deref(),
            error: l.error.as_deref(),
            consent: l.consent.as_ref(),
        })
        .collect()
}

/// A log that gave no evidence, and why: it could not be read, it held no records, or not
/// one of its records could be used. A report with one cannot say the flows are all disclosed.
#[derive(Serialize)]
pub struct FailedInput<'a> {
    pub file: &'a str,
    pub reason: String,
}

pub fn failed_inputs(ev: &Evidence) -> Vec<FailedInput<'_>> {
    ev.logs
        .iter()
        .filter_map(|l| {
            let reason = match &l.error {
                Some(e) => e.clone(),
                None if l.read == 0 => format!("{}: no records in it", l.file),
                None if l.skipped >= l.read && l.read == 1 => format!(
                    "{}: its one record could not be used (see the skipped records)",
                    l.file
                ),
                None if l.skipped >= l.read => format!(
                    "{}: none of its {} records could be used (see the skipped records)",
                    l.file,
                    count(l.read)
                ),
                None => return None,
            };
            Some(FailedInput {
                file: &l.file,
                reason,
            })
        })
        .collect()
}

#[derive(Serialize)]
pub(crate) struct SkipRef<'a> {
    file: &'a str,
    line: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    entry: Option<u64>,
    reason: &'a str,
}

/// Every kept skip detail, file by file.
pub(crate) fn skips(logs: &[LogReport]) -> Vec<SkipRef<'_>> {
    logs.iter()
        .flat_map(|l| {
            l.skips.iter().map(
                move |Skip {
                          line,
                          entry,
                          reason,
                      }| SkipRef {
                    file: &l.file,
                    line: *line,
                    entry: *entry,
                    reason,
                },
            )
        })
        .collect()
}

#[derive(Serialize)]
struct Summary<'a> {
    flows: usize,
    records_read: u64,
    records_skipped: u64,
    skipped: Vec<SkipRef<'a>>,
    unresolved: Vec<&'a str>,
    warnings: Vec<&'a str>,
}

fn summary(ev: &Evidence) -> Summary<'_> {
    Summary {
        flows: ev.flows.len(),
        records_read: ev.records_read(),
        records_skipped: ev.records_skipped(),
        skipped: skips(&ev.logs),
        unresolved: ev.unresolved(),
        warnings: ev
            .logs
            .iter()
            .flat_map(|l| l.warnings.iter().map(String::as_str))
            .collect(),
    }
}

pub fn json(out: &mut dyn Write, ev: &Evidence, vocab_version: &str) -> io::Result<()> {
    #[derive(Serialize)]
    struct Doc<'a, I: Serialize> {
        schema_version: u32,
        vocab_version: &'a str,
        inputs: Vec<I>,
        summary: Summary<'a>,
        flows: &'a [Box<Flow>],
    }
    let doc = Doc {
        schema_version: crate::SCHEMA_VERSION,
        vocab_version,
        inputs: inputs(&ev.logs),
        summary: summary(ev),
        flows: &ev.flows,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

pub fn jsonl(out: &mut dyn Write, ev: &Evidence, vocab_version: &str) -> io::Result<()> {
    #[derive(Serialize)]
    struct Line<'a> {
        vocab_version: &'a str,
        #[serde(flatten)]
        flow: &'a Flow,
    }
    for flow in &ev.flows {
        serde_json::to_writer(
            &mut *out,
            &Line {
                vocab_version,
                flow,
            },
        )?;
        writeln!(out)?;
    }
    Ok(())
}

/// "Experian Marketing Services (data-broker)"; unresolved parties say so.
pub(crate) fn party(p: &Party) -> String {
    let cats = paint(style::CATEGORY, p.categories.join(", "));
    let mut s = format!("{} ({cats})", p.name);
    if p.unresolved {
        s.push_str(&paint(style::WARN, " unresolved: not in the registry"));
    }
    s
}

/// The head of a flow from a person's own records: "com.acme.health -> Facebook
/// (social-network)", "com.acme.health collected it itself", "in-app browsing of
/// news.example.org in com.acme.health -> Google Analytics (analytics-provider)".
pub(crate) fn origin_head(o: &crate::practice::Origin, recipient: &Party) -> String {
    use crate::practice::OriginKind;
    let fp = &o.first_party;
    let mut from = match &fp.organisation {
        Some(org) if *org != fp.name => format!("{} ({org})", fp.name),
        _ => fp.name.clone(),
    };
    if !fp.categories.is_empty() && fp.categories[..] != ["third-party"] {
        from.push_str(&format!(
            " ({})",
            paint(style::CATEGORY, fp.categories.join(", "))
        ));
    }
    match o.kind {
        OriginKind::Shared => format!("{from} -> {}", party(recipient)),
        OriginKind::Collected => format!("{from}: collected by the app itself (first party)"),
        OriginKind::InAppBrowsing => format!(
            "in-app browsing of {} in {from} -> {}",
            o.context.as_deref().unwrap_or("a website"),
            party(recipient)
        ),
    }
}

/// "parent name (name), home address (postal-address)".
pub(crate) fn terms(ts: &[Term]) -> String {
    ts.iter()
        .map(|t| match &t.category {
            Some(c) if *c == t.term => paint(style::CATEGORY, c),
            Some(c) => match t.basis.filter(|b| *b != crate::practice::Basis::Ledger) {
                Some(b) => format!(
                    "{} ({}; {})",
                    t.term,
                    paint(style::CATEGORY, c),
                    b.describe(t.tracker)
                ),
                None => format!("{} ({})", t.term, paint(style::CATEGORY, c)),
            },
            None => t.term.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// "2017-04-03" or "2017-04-03 to 2017-05-03", plus undated records.
pub(crate) fn dates(f: &Flow) -> String {
    let mut s = match (f.first_seen, f.last_seen) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a} to {b}"),
        _ => String::new(),
    };
    if f.undated > 0 {
        if !s.is_empty() {
            s.push_str(", ");
        }
        s.push_str(&format!("{} undated", count(f.undated)));
    }
    s
}

pub(crate) fn flow_details(out: &mut dyn Write, f: &Flow, indent: &str) -> io::Result<()> {
    let unit = if f.hosts.is_empty() {
        "record"
    } else {
        "request"
    };
    let mut line = format!("{} {unit}{}", count(f.records), plural(f.records));
    if !f.hosts.is_empty() {
        line.push_str(&format!(" to {}", f.hosts.join(", ")));
    } else if f.log_records != f.records {
        line.push_str(&format!(
            " in {} log row{}",
            count(f.log_records),
            plural(f.log_records)
        ));
    }
    let d = dates(f);
    if !d.is_empty() {
        line.push_str(&format!(" · {d}"));
    }
    writeln!(out, "{indent}{line}")?;
    if !f.data.is_empty() {
        writeln!(out, "{indent}data: {}", terms(&f.data))?;
    }
    if !f.purposes.is_empty() {
        writeln!(out, "{indent}purposes: {}", terms(&f.purposes))?;
    }
    if !f.references.is_empty() {
        writeln!(out, "{indent}references: {}", f.references.join(", "))?;
    }
    for c in &f.canaries {
        writeln!(
            out,
            "{indent}{} {:?} sent as {} in the {} ({}, {})",
            paint(style::NEGATED, "canary"),
            c.name,
            c.form,
            c.place,
            c.file,
            crate::practice::position(c.line, Some(c.entry))
        )?;
    }
    log_lines(out, indent, &f.sources, f.more_sources)?;
    Ok(())
}

/// Log lines as `file:line quote`, and how many more were aggregated but not kept.
pub(crate) fn log_lines(
    out: &mut dyn Write,
    prefix: &str,
    sources: &[crate::practice::SourceRef],
    more: u64,
) -> io::Result<()> {
    for s in sources {
        writeln!(
            out,
            "{prefix}{} {}",
            paint(style::LINE, s.place()),
            paint(style::QUOTE, &s.quote)
        )?;
    }
    if more > 0 {
        writeln!(
            out,
            "{prefix}{}",
            paint(
                style::LINE,
                format!("… and {} more log line{}", count(more), plural(more))
            )
        )?;
    }
    Ok(())
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The skipped records, unresolved recipients, warnings and unreadable files of a run.
pub(crate) fn input_notes(out: &mut dyn Write, ev: &Evidence) -> io::Result<()> {
    let skipped = skips(&ev.logs);
    if !skipped.is_empty() {
        writeln!(
            out,
            "\n{}",
            paint(
                style::HEADING,
                format!("Skipped log records ({})", count(ev.records_skipped()))
            )
        )?;
        for s in &skipped {
            writeln!(
                out,
                "  {} {}",
                paint(style::LINE, crate::practice::place(s.file, s.line, s.entry)),
                s.reason
            )?;
        }
        let shown = skipped.len() as u64;
        if ev.records_skipped() > shown {
            writeln!(out, "  … and {} more", count(ev.records_skipped() - shown))?;
        }
    }
    let unresolved = ev.unresolved();
    if !unresolved.is_empty() {
        // A ledger of thousands of unknown names would make this one line of megabytes: the
        // first few are named, the JSON output has them all.
        let mut names = unresolved[..unresolved.len().min(UNRESOLVED_NAMED)].join(", ");
        if unresolved.len() > UNRESOLVED_NAMED {
            names.push_str(&format!(
                " and {} more (all in --format json)",
                count((unresolved.len() - UNRESOLVED_NAMED) as u64)
            ));
        }
        writeln!(
            out,
            "\n{} {}",
            paint(
                style::WARN,
                "Unresolved recipients (treated as unnamed third parties):"
            ),
            names
        )?;
    }
    for l in &ev.logs {
        for w in &l.warnings {
            writeln!(out, "{} {w}", paint(style::WARN, "warning:"))?;
        }
    }
    Ok(())
}

/// How many unresolved recipients the text notes name.
const UNRESOLVED_NAMED: usize = 20;

pub fn text(out: &mut dyn Write, ev: &Evidence, vocab_version: &str) -> io::Result<()> {
    writeln!(
        out,
        "{} · {} log{} · {} records read, {} skipped · {} flow{} · vocabulary {vocab_version}",
        paint(style::FILE, "saydo flows"),
        ev.logs.len(),
        plural(ev.logs.len() as u64),
        count(ev.records_read()),
        count(ev.records_skipped()),
        ev.flows.len(),
        plural(ev.flows.len() as u64),
    )?;
    for f in &ev.flows {
        writeln!(out)?;
        let mut head = match f.origin.as_deref() {
            Some(o) => origin_head(o, &f.recipient),
            None => party(&f.recipient),
        };
        if let Some(b) = &f.on_behalf_of {
            head.push_str(&format!(" on behalf of {}", party(b)));
        }
        writeln!(out, "{}", paint(style::FILE, head))?;
        flow_details(out, f, "  ")?;
    }
    input_notes(out, ev)
}
