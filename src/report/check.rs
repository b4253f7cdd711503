//! `saydo check` reports: text for the terminal, JSON for tools, Markdown for publication,
//! one self-contained HTML file, and CSV with a row per finding.

use super::{count, paint, style};
use crate::compare::{
    Finding, Findings, PolicyQuote, PolicySet, Severity, Verdict, counted, lines_of,
};
use crate::practice::{Canary, CanaryHit, Evidence, Party, Term};
use serde::Serialize;
use std::io::{self, Write};

/// Everything a check report shows.
pub struct CheckReport<'a> {
    pub vocab_version: &'a str,
    pub policies: &'a PolicySet,
    pub evidence: &'a Evidence,
    pub findings: &'a Findings<'a>,
    pub declared_not_observed: &'a [String],
    pub fail_on: Option<Severity>,
    /// The canaries asked for: a report says which of them no request carried.
    pub canaries: &'a [Canary],
    /// The width text is laid out for (a terminal's); `None`: the wide layout of files and
    /// pipes (see [`super::terminal_width`]).
    pub width: Option<usize>,
}

impl CheckReport<'_> {
    fn at_least(&self, s: Severity) -> usize {
        self.findings
            .briefs()
            .iter()
            .filter(|f| f.severity >= s && f.severity > Severity::None)
            .count()
    }
    fn undisclosed_records(&self) -> u64 {
        self.findings
            .briefs()
            .iter()
            .filter(|f| f.undisclosed)
            .map(|f| f.records)
            .sum()
    }
    fn policy_files(&self) -> Vec<&crate::compare::PolicyFile> {
        let mut out: Vec<&crate::compare::PolicyFile> = Vec::new();
        for v in &self.policies.versions {
            for f in &v.files {
                if !out.iter().any(|x| x.path == f.path) {
                    out.push(f);
                }
            }
        }
        out
    }
    /// "1 high, 2 medium, 0 low, 3 clear".
    fn severity_line(&self) -> String {
        let n = |s: Severity| {
            let briefs = self.findings.briefs().iter();
            briefs.filter(|f| f.severity == s).count()
        };
        format!(
            "{} high, {} medium, {} low, {} clear",
            n(Severity::High),
            n(Severity::Medium),
            n(Severity::Low),
            n(Severity::None)
        )
    }
}

/// "clear", "vague +2", "vague +1, undisclosed", "partly disclosed" (a partly disclosed flow
/// whose covered data are named exactly), "vague +1, partly disclosed", "ambiguous, partly
/// disclosed".
fn verdict_text(f: &Finding) -> String {
    if f.partly && f.verdict == Verdict::Vague && f.levels.unwrap_or(0) == 0 {
        return "partly disclosed".into();
    }
    let mut s = f.verdict.as_str().to_string();
    if let Some(l) = f.levels.filter(|_| f.verdict == Verdict::Vague) {
        s.push_str(&format!(" +{l}"));
    }
    if f.undisclosed && f.verdict == Verdict::Vague {
        s.push_str(", undisclosed");
    }
    if f.partly {
        s.push_str(", partly disclosed");
    }
    s
}

fn severity_style(s: Severity) -> anstyle::Style {
    match s {
        Severity::High => style::NEGATED,
        Severity::Medium => style::WARN,
        Severity::Low => style::CATEGORY,
        Severity::None => style::LINE,
    }
}

/// What the policy says, in a few words: the statements the verdict rests on (the same
/// objects the verdict came from), their covering terms and lines; "nothing" when none did.
fn policy_says(f: &Finding) -> String {
    if f.decided_by.is_empty() {
        return if f.policy_version.is_none()
            && f.notes.iter().any(|n| n.starts_with("no policy version"))
        {
            "no policy in force".into()
        } else {
            "nothing".into()
        };
    }
    f.decided_by
        .iter()
        .map(|q| {
            let terms = if q.terms.is_empty() {
                String::new()
            } else {
                format!("\"{}\" ", q.terms.join("\", \""))
            };
            let neg = if q.negated { "NOT " } else { "" };
            // With several policy files in force, the line alone does not say where: the file
            // is named (by its name; the finding's evidence gives the path).
            let cite = if f.policy_files.len() > 1 {
                let file: &str = &q.file;
                let name = std::path::Path::new(file)
                    .file_name()
                    .map_or(file.into(), |n| n.to_string_lossy());
                if q.end_line > q.line {
                    format!("({name}:{}-{})", q.line, q.end_line)
                } else {
                    format!("({name}:{})", q.line)
                }
            } else {
                format!("({})", lines_of(q))
            };
            // The table cuts the column at 44 characters: the terms give way, the citation
            // stays whole.
            let room = 44usize.saturating_sub(cite.chars().count() + neg.len());
            let terms = if terms.chars().count() > room {
                format!(
                    "{}… ",
                    terms
                        .chars()
                        .take(room.saturating_sub(2))
                        .collect::<String>()
                )
            } else {
                terms
            };
            format!("{neg}{terms}{cite}")
        })
        .collect::<Vec<_>>()
        .join(" but ")
}

/// `file:52`, or `file:52-53` for a statement over two lines.
fn cite(q: &PolicyQuote) -> String {
    if q.end_line > q.line {
        format!("{}:{}-{}", q.file, q.line, q.end_line)
    } else {
        format!("{}:{}", q.file, q.line)
    }
}

fn categories(p: &Party) -> String {
    p.categories.first().cloned().unwrap_or_default()
}

fn cut(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Shortens `"selected third parties" (line 52)` to `"selected…" (line 52)`: the line
/// is what lets a reader check it.
fn cut_keeping_lines(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    match s.rfind(" (line") {
        Some(at) if s[at..].chars().count() + 2 <= width => {
            let tail = &s[at..];
            let head = cut(&s[..at], width - tail.chars().count());
            format!("{head}{tail}")
        }
        _ => cut(s, width),
    }
}

/// "1 flow", "3 flows".
fn flows_count(n: usize) -> String {
    counted(n as u64, "flow")
}

/// The canaries given that no request to another organisation carried.
fn canaries_not_found<'a>(r: &'a CheckReport) -> Vec<&'a Canary> {
    r.canaries
        .iter()
        .filter(|c| {
            !r.findings
                .flows()
                .flat_map(|f| &f.canaries)
                .any(|h| h.name == c.name)
        })
        .collect()
}

/// "canary phone=5551234 was not found in any request to another organisation".
fn canary_not_found_text(c: &Canary) -> String {
    format!(
        "canary {}={} was not found in any request to another organisation",
        c.name, c.value
    )
}

/// "the value typed as "email" was sent SHA-256-hashed in the body of the request to
/// https://… (capture.har:305)".
fn canary_hit_text(c: &CanaryHit) -> String {
    let form = match c.form {
        "plain" => "as it was typed",
        "url-encoded" => "URL-encoded",
        "base64" => "base64-encoded",
        "md5" => "hashed with MD5",
        "sha1" => "hashed with SHA-1",
        "sha256" => "hashed with SHA-256",
        other => other,
    };
    let place = match c.place {
        "url" => "the URL",
        "body" => "the body",
        "cookie" => "a cookie",
        "header" => "a header",
        other => other,
    };
    let request = if c.url.is_empty() {
        "the request".to_string()
    } else {
        format!("the request to {}", c.url)
    };
    format!(
        "the value typed as {:?} was sent {form} in {place} of {request} ({})",
        c.name,
        crate::practice::place(&c.file, c.line, Some(c.entry))
    )
}

/// The table's columns, in order, and how they give way on a narrow terminal.
const HEADS: [&str; 7] = [
    "SEVERITY",
    "RECIPIENT",
    "ON BEHALF OF",
    "CATEGORIES",
    "RECORDS",
    "VERDICT",
    "POLICY SAYS",
];
const CAPS: [usize; 7] = [8, 28, 20, 34, 11, 24, 44];
const RECIPIENT: usize = 1;
const BEHALF: usize = 2;
const CATEGORIES: usize = 3;
const SAYS: usize = 6;

/// Width of a table row with these columns.
fn row_width(columns: &[Option<usize>; 7]) -> usize {
    let shown: Vec<usize> = columns.iter().flatten().copied().collect();
    shown.iter().sum::<usize>() + 2 * shown.len().saturating_sub(1)
}

/// The table's columns for `width`: all of them when they fit, else without the categories
/// (each finding below names them); `stacked` when even that does not fit: each row then
/// shows severity, recipient, records and verdict, and a second line the end user and what
/// the policy says, so nothing a reader needs is cut to an ellipsis.
fn fit_columns(widths: [usize; 7], width: usize) -> ([Option<usize>; 7], bool) {
    let all = widths.map(Some);
    if row_width(&all) <= width {
        return (all, false);
    }
    let mut lean = all;
    lean[CATEGORIES] = None;
    if row_width(&lean) <= width {
        return (lean, false);
    }
    let mut stacked = lean;
    stacked[BEHALF] = None;
    stacked[SAYS] = None;
    let others = row_width(&stacked) - widths[RECIPIENT];
    stacked[RECIPIENT] = Some(width.saturating_sub(others).clamp(12, widths[RECIPIENT]));
    (stacked, true)
}

pub fn text(out: &mut dyn Write, r: &CheckReport) -> io::Result<()> {
    let mut out = super::Wrap::new(out, r.width.unwrap_or(super::PROSE_WIDTH));
    let out = &mut out;
    let ev = r.evidence;
    let policies: Vec<String> = r.policies.versions.iter().map(|v| v.label()).collect();
    writeln!(
        out,
        "{} · vocabulary {}\npolicy {} · {} ({} read, {} skipped)",
        paint(style::FILE, "saydo check"),
        r.vocab_version,
        policies.join(" → "),
        counted(ev.logs.len() as u64, "log"),
        counted(ev.records_read(), "record"),
        count(ev.records_skipped()),
    )?;
    let problems = r.at_least(Severity::Low);
    let failed = super::flows::failed_inputs(ev);
    let headline = if !failed.is_empty() {
        format!(
            "{} from the logs that could be used; {} of {} gave no evidence, so nothing in {} was judged.",
            flows_count(r.findings.len()),
            failed.len(),
            counted(ev.logs.len() as u64, "log"),
            if failed.len() == 1 { "it" } else { "them" }
        )
    } else if r.findings.is_empty() {
        "No flows were found in the logs.".to_string()
    } else if problems == 0 {
        format!("{}, all clearly disclosed.", flows_count(r.findings.len()))
    } else {
        format!(
            "{}: {} · {} in undisclosed flows",
            flows_count(r.findings.len()),
            r.severity_line(),
            counted(r.undisclosed_records(), "record")
        )
    };
    writeln!(out, "{}", paint(style::FILE, headline))?;
    for f in &failed {
        writeln!(
            out,
            "{} {}",
            paint(style::NEGATED, "input failed:"),
            f.reason
        )?;
    }
    for f in r.policy_files() {
        for w in &f.warnings {
            writeln!(out, "{} {}: {w}", paint(style::HEADING, "warning:"), f.path)?;
        }
    }
    if super::consent::marked(ev) {
        writeln!(
            out,
            "{} {}",
            paint(style::HEADING, "consent:"),
            super::consent::summary_line(r.findings.briefs())
        )?;
        for l in &ev.logs {
            if let Some(c) = &l.consent {
                writeln!(out, "  {}", super::consent::log_line(l, c))?;
            }
        }
    }
    if !r.findings.is_empty() {
        writeln!(out)?;
        // Cells are built twice (for the widths, then for the lines) rather than kept: a table
        // of hundreds of thousands of rows would hold seven strings per row.
        let row_of = |f: &Finding| -> [String; 7] {
            [
                f.severity.as_str().to_string(),
                f.recipient.name.clone(),
                f.on_behalf_of
                    .as_ref()
                    .map(|b| b.name.clone())
                    .unwrap_or_default(),
                std::iter::once(&f.recipient)
                    .chain(f.on_behalf_of.as_deref())
                    .map(categories)
                    .collect::<Vec<_>>()
                    .join(" / "),
                count(f.records),
                verdict_text(f),
                policy_says(f),
            ]
        };
        let mut widths = HEADS.map(|h| h.len());
        for f in r.findings.iter() {
            for (i, cell) in row_of(&f).iter().enumerate() {
                widths[i] = widths[i].max(cell.chars().count().min(CAPS[i]));
            }
        }
        // An end-user column empty on every row is left out.
        let no_end_users = r.findings.flows().all(|f| f.on_behalf_of.is_none());
        if no_end_users {
            widths[BEHALF] = 0;
        }
        let (mut columns, stacked) = match r.width {
            Some(w) => fit_columns(widths, w),
            None => (widths.map(Some), false),
        };
        if no_end_users {
            columns[BEHALF] = None;
        }
        let mut line = String::new();
        for (i, h) in HEADS.iter().enumerate() {
            if let Some(w) = columns[i] {
                line.push_str(&format!("{:w$}  ", cut(h, w), w = w));
            }
        }
        out.raw_line(&paint(style::LINE, line.trim_end()))?;
        for f in r.findings.iter() {
            let row = row_of(&f);
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                let Some(w) = columns[i] else { continue };
                let c = if i == SAYS {
                    cut_keeping_lines(cell, w)
                } else {
                    cut(cell, w)
                };
                let padded = if i == 4 {
                    format!("{:>w$}  ", c, w = w)
                } else {
                    format!("{:w$}  ", c, w = w)
                };
                line.push_str(&match i {
                    0 => paint(severity_style(f.severity), padded),
                    _ => padded,
                });
            }
            out.raw_line(line.trim_end())?;
            if stacked {
                let indent = " ".repeat(columns[0].unwrap_or(0) + 2);
                let behalf = f
                    .on_behalf_of
                    .as_ref()
                    .map(|b| format!("on behalf of {} · ", b.name))
                    .unwrap_or_default();
                writeln!(out, "{indent}{behalf}policy says {}", row[SAYS])?;
            }
        }
    }
    for (n, f) in r.findings.iter().enumerate() {
        let f = &f;
        writeln!(out)?;
        let mut head = format!(
            "{}. {} · {}",
            n + 1,
            f.severity.as_str().to_uppercase(),
            f.recipient.name
        );
        if let Some(b) = &f.on_behalf_of {
            head.push_str(&format!(" on behalf of {}", b.name));
        }
        head.push_str(&format!(" · {}", verdict_text(f)));
        if let Some(v) = &f.policy_version {
            head.push_str(&format!(" · policy of {v}"));
        }
        writeln!(out, "{}", paint(severity_style(f.severity).bold(), head))?;
        writeln!(out, "   {}", f.explanation)?;
        if let Some(c) = &f.consent {
            writeln!(
                out,
                "   {} {}",
                paint(severity_style(c.severity), "consent:"),
                c.explanation
            )?;
        }
        if f.on_behalf_of.is_some() {
            for j in &f.judgements {
                let qualifier = if j.undisclosed {
                    " (undisclosed)"
                } else if j.partly {
                    " (partly disclosed)"
                } else {
                    ""
                };
                writeln!(
                    out,
                    "   {} {}: {}{qualifier}",
                    paint(style::LINE, "·"),
                    j.name,
                    j.verdict.as_str(),
                )?;
            }
        }
        for q in &f.policy_evidence {
            let neg = if q.negated {
                paint(style::NEGATED, " [negated]")
            } else {
                String::new()
            };
            let under = q
                .context
                .as_ref()
                .map(|c| format!("{} ", paint(style::LINE, format!("[under: {c}]"))))
                .unwrap_or_default();
            writeln!(
                out,
                "   policy {}{neg} {under}{}",
                paint(style::LINE, cite(q)),
                paint(style::QUOTE, &q.quote)
            )?;
        }
        super::flows::log_lines(out, "   log    ", &f.log_evidence, f.more_log_lines)?;
        if !f.data.is_empty() {
            writeln!(out, "   data: {}", super::flows::terms(&f.data))?;
        }
        if !f.purposes.is_empty() {
            writeln!(out, "   purposes: {}", super::flows::terms(&f.purposes))?;
        }
        for c in &f.canaries {
            writeln!(
                out,
                "   {} {}",
                paint(style::NEGATED, "canary:"),
                canary_hit_text(c)
            )?;
        }
        for note in &f.notes {
            writeln!(out, "   {} {note}", paint(style::WARN, "note:"))?;
        }
    }
    let missing = canaries_not_found(r);
    if !missing.is_empty() {
        writeln!(out)?;
        for c in missing {
            writeln!(out, "{}", canary_not_found_text(c))?;
        }
    }
    if !r.declared_not_observed.is_empty() {
        writeln!(
            out,
            "\n{} {}",
            paint(
                style::LINE,
                "Declared but not seen in these logs (information only):"
            ),
            r.declared_not_observed.join(", ")
        )?;
    }
    super::flows::input_notes(out, ev)?;
    if let Some(t) = r.fail_on {
        let n = r.at_least(t);
        if n > 0 {
            writeln!(
                out,
                "\n{} at or above --fail-on {}.",
                counted(n as u64, "finding"),
                t.as_str()
            )?;
        }
    }
    out.flush()
}

#[derive(Serialize)]
struct VerdictCount {
    flows: usize,
    records: u64,
}

pub fn json(out: &mut dyn Write, r: &CheckReport) -> io::Result<()> {
    #[derive(Serialize)]
    struct PolicyInput<'a> {
        file: &'a str,
        kind: &'static str,
        sha256: &'a str,
        version: Option<String>,
        declarations: usize,
    }
    #[derive(Serialize)]
    struct Summary<'a> {
        flows: usize,
        records: u64,
        by_verdict: std::collections::BTreeMap<&'static str, VerdictCount>,
        by_severity: std::collections::BTreeMap<&'static str, usize>,
        undisclosed: VerdictCount,
        /// Flows partly disclosed (see `Finding::partly`).
        partly: VerdictCount,
        records_read: u64,
        records_skipped: u64,
        /// Logs that gave no evidence: the report is incomplete when there is one.
        failed_inputs: Vec<super::flows::FailedInput<'a>>,
        skipped: Vec<super::flows::SkipRef<'a>>,
        unresolved: Vec<&'a str>,
        declared_not_observed: &'a [String],
        /// Names of the `--canary` values no request to another organisation carried.
        canaries_not_found: Vec<&'a str>,
        /// Findings with a consent finding; present only when a capture carries consent marks.
        #[serde(skip_serializing_if = "Option::is_none")]
        consent_findings: Option<usize>,
    }
    #[derive(Serialize)]
    struct Doc<'a, L: Serialize> {
        schema_version: u32,
        vocab_version: &'a str,
        inputs: Inputs<'a, L>,
        summary: Summary<'a>,
        findings: &'a Findings<'a>,
    }
    #[derive(Serialize)]
    struct Inputs<'a, L: Serialize> {
        policies: Vec<PolicyInput<'a>>,
        logs: Vec<L>,
    }
    let mut by_verdict = std::collections::BTreeMap::new();
    for v in Verdict::ALL {
        let fs = r.findings.briefs().iter().filter(|f| f.verdict == v);
        by_verdict.insert(
            v.as_str(),
            VerdictCount {
                flows: fs.clone().count(),
                records: fs.map(|f| f.records).sum(),
            },
        );
    }
    let mut by_severity = std::collections::BTreeMap::new();
    for s in [
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::None,
    ] {
        by_severity.insert(
            s.as_str(),
            r.findings
                .briefs()
                .iter()
                .filter(|f| f.severity == s)
                .count(),
        );
    }
    let mut policies = Vec::new();
    for v in &r.policies.versions {
        for f in &v.files {
            policies.push(PolicyInput {
                file: &f.path,
                kind: "policy",
                sha256: &f.sha256,
                version: v.date.map(|d| d.to_string()),
                declarations: f.declarations,
            });
        }
    }
    let doc = Doc {
        schema_version: crate::SCHEMA_VERSION,
        vocab_version: r.vocab_version,
        inputs: Inputs {
            policies,
            logs: super::flows::inputs(&r.evidence.logs),
        },
        summary: Summary {
            flows: r.findings.len(),
            records: r.findings.briefs().iter().map(|f| f.records).sum(),
            by_verdict,
            by_severity,
            undisclosed: VerdictCount {
                flows: r.findings.briefs().iter().filter(|f| f.undisclosed).count(),
                records: r.undisclosed_records(),
            },
            partly: VerdictCount {
                flows: r.findings.briefs().iter().filter(|f| f.partly).count(),
                records: r
                    .findings
                    .briefs()
                    .iter()
                    .filter(|f| f.partly)
                    .map(|f| f.records)
                    .sum(),
            },
            records_read: r.evidence.records_read(),
            records_skipped: r.evidence.records_skipped(),
            failed_inputs: super::flows::failed_inputs(r.evidence),
            skipped: super::flows::skips(&r.evidence.logs),
            unresolved: r.evidence.unresolved(),
            declared_not_observed: r.declared_not_observed,
            canaries_not_found: canaries_not_found(r)
                .into_iter()
                .map(|c| c.name.as_str())
                .collect(),
            consent_findings: super::consent::marked(r.evidence)
                .then(|| super::consent::findings(r.findings.briefs())),
        },
        findings: r.findings,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

fn term_labels(ts: &[Term]) -> String {
    ts.iter()
        .map(|t| match &t.category {
            Some(c) if *c != t.term => format!("{} ({c})", t.term),
            _ => t.term.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The columns of a finding in CSV (`check --format csv`, and `survey`'s rows), without the
/// consent columns.
pub const FINDING_CSV_HEADS: [&str; 22] = [
    "severity",
    "verdict",
    "undisclosed",
    "levels",
    "recipient",
    "recipient_categories",
    "recipient_domain",
    "on_behalf_of",
    "on_behalf_of_categories",
    "records",
    "first_seen",
    "last_seen",
    "policy_version",
    "data",
    "purposes",
    "policy_evidence",
    "log_evidence",
    "references",
    "explanation",
    "canaries",
    "partly",
    "undisclosed_data",
];

/// A finding's cells under [`FINDING_CSV_HEADS`].
pub fn finding_csv_cells(f: &Finding) -> Vec<String> {
    let refs = |v: Vec<String>| v.join("; ");
    vec![
        f.severity.as_str().to_string(),
        f.verdict.as_str().to_string(),
        f.undisclosed.to_string(),
        f.levels.map(|l| l.to_string()).unwrap_or_default(),
        f.recipient.name.clone(),
        f.recipient.categories.join("; "),
        f.recipient.domain.clone().unwrap_or_default(),
        f.on_behalf_of
            .as_ref()
            .map(|b| b.name.clone())
            .unwrap_or_default(),
        f.on_behalf_of
            .as_ref()
            .map(|b| b.categories.join("; "))
            .unwrap_or_default(),
        f.records.to_string(),
        f.first_seen.map(|d| d.to_string()).unwrap_or_default(),
        f.last_seen.map(|d| d.to_string()).unwrap_or_default(),
        f.policy_version.map(|d| d.to_string()).unwrap_or_default(),
        term_labels(&f.data),
        term_labels(&f.purposes),
        refs(f.policy_evidence.iter().map(cite).collect()),
        refs(f.log_evidence.iter().map(|s| s.place()).collect()),
        f.references.join("; "),
        f.explanation.clone(),
        f.canaries
            .iter()
            .map(canary_hit_text)
            .collect::<Vec<_>>()
            .join("; "),
        f.partly.to_string(),
        f.undisclosed_data.join("; "),
    ]
}

pub fn csv(out: &mut dyn Write, r: &CheckReport) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let to_io = |e: csv::Error| io::Error::other(e.to_string());
    // Consent columns only for evidence with consent marks: other reports stay as they were.
    let consent = super::consent::marked(r.evidence);
    let mut heads: Vec<&str> = FINDING_CSV_HEADS.to_vec();
    if consent {
        heads.extend(super::consent::CSV_HEADS);
    }
    let width = heads.len();
    w.write_record(&heads).map_err(to_io)?;
    for f in r.findings.iter() {
        let mut row = finding_csv_cells(&f);
        if consent {
            row.extend(super::consent::csv_cells(f.consent.as_deref()));
        }
        w.write_record(&row).map_err(to_io)?;
    }
    // The CSV has no summary: a failed log and skipped records get rows of their own, so a
    // table of findings never looks complete when it is not.
    let note = |w: &mut csv::Writer<&mut dyn Write>, kind: &str, records: u64, text: String| {
        let mut row = vec![String::new(); width];
        row[0] = kind.to_string();
        if records > 0 {
            row[9] = records.to_string();
        }
        row[18] = text;
        w.write_record(&row).map_err(to_io)
    };
    for f in super::flows::failed_inputs(r.evidence) {
        note(&mut w, "input-error", 0, f.reason)?;
    }
    for c in canaries_not_found(r) {
        note(&mut w, "canary-not-found", 0, canary_not_found_text(c))?;
    }
    for l in r.evidence.logs.iter().filter(|l| l.skipped > 0) {
        let first = l
            .skips
            .first()
            .map(|s| format!(" (first: {}: {})", s.position(), s.reason))
            .unwrap_or_default();
        note(
            &mut w,
            "input-skipped",
            l.skipped,
            format!(
                "{}: {} skipped{first}",
                l.file,
                counted(l.skipped, "record")
            ),
        )?;
    }
    w.flush()
}

/// Markdown cell text: pipes and line breaks would break the table.
fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

pub fn md(out: &mut dyn Write, r: &CheckReport) -> io::Result<()> {
    let policies: Vec<String> = r
        .policy_files()
        .iter()
        .map(|f| format!("`{}`", f.path))
        .collect();
    writeln!(out, "# What the policy says, and what was done\n")?;
    writeln!(
        out,
        "Policy: {}. Evidence: {}. Generated by saydo (vocabulary {}).\n",
        policies.join(", "),
        r.evidence
            .logs
            .iter()
            .map(|l| format!("`{}`", l.file))
            .collect::<Vec<_>>()
            .join(", "),
        r.vocab_version
    )?;
    for f in r.policy_files() {
        for w in &f.warnings {
            writeln!(out, "> **Warning:** `{}`: {}\n", f.path, md_cell(w))?;
        }
    }
    writeln!(out, "## Summary\n")?;
    let undisclosed = r.findings.briefs().iter().filter(|f| f.undisclosed).count();
    writeln!(
        out,
        "- {} of personal data {} found in the evidence: {}.",
        flows_count(r.findings.len()),
        if r.findings.len() == 1 { "was" } else { "were" },
        r.severity_line()
    )?;
    writeln!(
        out,
        "- {} ({}) {} not disclosed by the policy.",
        flows_count(undisclosed),
        counted(r.undisclosed_records(), "record"),
        if undisclosed == 1 { "was" } else { "were" },
    )?;
    writeln!(
        out,
        "- {} {} read; {} could not be used.",
        counted(r.evidence.records_read(), "log record"),
        if r.evidence.records_read() == 1 {
            "was"
        } else {
            "were"
        },
        count(r.evidence.records_skipped())
    )?;
    for f in super::flows::failed_inputs(r.evidence) {
        writeln!(
            out,
            "- **Input failed, nothing in it was judged:** {}",
            md_cell(&f.reason)
        )?;
    }
    if super::consent::marked(r.evidence) {
        writeln!(
            out,
            "- **Consent:** {}",
            super::consent::summary_line(r.findings.briefs())
        )?;
        for l in &r.evidence.logs {
            if let Some(c) = &l.consent {
                writeln!(out, "  - {}", md_cell(&super::consent::log_line(l, c)))?;
            }
        }
    }
    writeln!(out)?;
    if !r.findings.is_empty() {
        writeln!(
            out,
            "| # | Severity | Recipient | On behalf of | Records | Verdict | Policy says |"
        )?;
        writeln!(out, "|---|---|---|---|---:|---|---|")?;
        for (n, f) in r.findings.iter().enumerate() {
            let f = &f;
            writeln!(
                out,
                "| {} | {} | {} ({}) | {} | {} | {} | {} |",
                n + 1,
                f.severity.as_str(),
                md_cell(&f.recipient.name),
                md_cell(&f.recipient.categories.join(", ")),
                f.on_behalf_of
                    .as_ref()
                    .map(|b| md_cell(&format!("{} ({})", b.name, b.categories.join(", "))))
                    .unwrap_or_default(),
                count(f.records),
                verdict_text(f),
                md_cell(&policy_says(f))
            )?;
        }
        writeln!(out)?;
    }
    writeln!(out, "## Findings\n")?;
    for (n, f) in r.findings.iter().enumerate() {
        let f = &f;
        let behalf = f
            .on_behalf_of
            .as_ref()
            .map(|b| format!(" on behalf of {}", b.name))
            .unwrap_or_default();
        writeln!(
            out,
            "### {}. {}{} ({}, {})\n",
            n + 1,
            f.recipient.name,
            behalf,
            verdict_text(f),
            f.severity.as_str()
        )?;
        writeln!(out, "{}\n", f.explanation)?;
        if let Some(c) = &f.consent {
            writeln!(
                out,
                "**Consent ({}):** {}\n",
                c.severity.as_str(),
                c.explanation
            )?;
        }
        if let Some(v) = &f.policy_version {
            writeln!(out, "Judged against the policy version dated {v}.\n")?;
        }
        if !f.policy_evidence.is_empty() {
            writeln!(out, "What the policy says:\n")?;
            for q in &f.policy_evidence {
                let neg = if q.negated {
                    " (a negative statement)"
                } else {
                    ""
                };
                if let Some(c) = &q.context {
                    writeln!(out, "> {}\n>", c.replace('\n', " "))?;
                }
                writeln!(
                    out,
                    "> {}\n>\n> — `{}`, {}{neg}\n",
                    q.quote.replace('\n', " "),
                    q.file,
                    lines_of(q)
                )?;
            }
        }
        writeln!(out, "What the evidence shows:\n")?;
        for s in &f.log_evidence {
            writeln!(
                out,
                "- `{}`, {}: `{}`",
                s.file,
                s.position(),
                s.quote.replace('`', "'")
            )?;
        }
        if f.more_log_lines > 0 {
            writeln!(
                out,
                "- … and {}",
                counted(f.more_log_lines, "more log line")
            )?;
        }
        if !f.data.is_empty() {
            writeln!(out, "- Data: {}", term_labels(&f.data))?;
        }
        if !f.purposes.is_empty() {
            writeln!(out, "- Purposes: {}", term_labels(&f.purposes))?;
        }
        if !f.references.is_empty() {
            writeln!(out, "- References: {}", f.references.join(", "))?;
        }
        for c in &f.canaries {
            writeln!(out, "- Canary: {}", md_cell(&canary_hit_text(c)))?;
        }
        for note in &f.notes {
            writeln!(out, "- Note: {note}")?;
        }
        writeln!(out)?;
    }
    let missing = canaries_not_found(r);
    if !missing.is_empty() {
        writeln!(out, "## Canaries not found\n")?;
        for c in missing {
            writeln!(out, "- {}", md_cell(&canary_not_found_text(c)))?;
        }
        writeln!(out)?;
    }
    writeln!(out, "## Method\n")?;
    writeln!(
        out,
        "saydo extracted every statement about sharing from the policy (recipients, purposes, data, negations, exceptions) and \
resolved each recipient in the evidence to an organisation and its categories through its registry. A flow is *clear* when a \
statement names the organisation or its category, *vague* when only a broader term covers it (\"third parties\"), *omitted* \
when no statement covers it, *incorrect* when the policy says it does not happen, and *ambiguous* when the policy says both. \
Political organisations, data brokers, law enforcement, political campaigning, sale, and sensitive data (health, children, \
political opinions, ...) count as disclosed only when named: a generic term leaves them *undisclosed*. A flow is *partly \
disclosed* (vague, low severity) when a statement clearly names its recipient and purpose and some of its data, and the \
rest is ordinary data no statement names (a courier given the customer's name with the delivery address the policy \
mentions); sensitive, financial or location data, or a sale, must still be named. Each finding's explanation cites the \
statements weighed: those that cover the flow, and denials or exceptions with why they did or did not apply. Verdict classes follow \
PoliCheck (Andow et al., USENIX Security 2020). Quotes and line numbers refer to the files listed above; their SHA-256 digests \
are in the JSON report."
    )?;
    if super::consent::marked(r.evidence) {
        writeln!(
            out,
            "\nThe capture marks each request with the consent phase it happened in (before or after the consent banner \
was answered) and records which answer was tried and whether its button was clicked. A flow to an advertiser or a data broker that was sent before the visitor gave any consent (or in a capture \
where no consent was given at all) is a consent finding of at least medium severity; one sent after the visitor clicked \
\"reject\" is high. This is judged apart from the verdict: a policy that discloses the recipient does not excuse the timing."
        )?;
    }
    Ok(())
}

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

// Two columns (findings, policy text) on a wide screen; one under 52em (phones, narrow
// windows) and in print, where a sticky scrolling panel would be cut off. Long URLs, hashes and
// quotes break anywhere rather than push a column wider than the page.
const CSS: &str = "*{box-sizing:border-box}body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1b1b1b}\
header{padding:1em 2em;background:#f4f1ea;border-bottom:1px solid #ddd}\
main{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:2em;padding:1em 2em}\
main>section{min-width:0}\
h1{font-size:1.4em;margin:.2em 0}h2{font-size:1.15em}h3{overflow-wrap:anywhere}\
table{border-collapse:collapse;width:100%;font-size:.92em}\
td,th{border-bottom:1px solid #e3e3e3;padding:.3em .5em;text-align:left;vertical-align:top;overflow-wrap:anywhere}\
th{overflow-wrap:normal}td.num{text-align:right;white-space:nowrap}td.v{white-space:nowrap}td.says{min-width:6em}td.who{min-width:5.5em}\
.high{color:#fff;background:#b3261e}.medium{background:#f2b84b}.low{background:#cfe3f5}.none{background:#e7f3e7}\
.sev{padding:.1em .45em;border-radius:3px;font-weight:600;font-size:.85em;white-space:nowrap}\
.finding{border-left:4px solid #ccc;padding:.2em 1em;margin:1.2em 0}\
.finding.high{border-color:#b3261e;background:none;color:inherit}.finding.medium{border-color:#f2b84b;background:none}\
.finding.low{border-color:#7fb1de;background:none}.finding.none{border-color:#8bc48b;background:none}\
blockquote{margin:.4em 0;padding:.2em .8em;border-left:3px solid #bbb;color:#333}\
p,li,blockquote,code{overflow-wrap:anywhere}code{font-size:.9em}ul{padding-left:1.2em}\
.error{color:#b3261e;padding:0 2em}.warning{padding:0 2em}\
.policy{position:sticky;top:0;max-height:100vh;overflow:auto;border-left:1px solid #ddd;padding-left:1em}\
.line{display:flex;white-space:pre-wrap;font-family:ui-monospace,monospace;font-size:.82em}\
.line .n{color:#999;flex:none;min-width:3.5em;text-align:right;padding-right:1em;user-select:none}\
.line .t{min-width:0;overflow-wrap:anywhere}\
.line.cited{background:#fff3b0}.line.cited.neg{background:#ffd6d2}.line:target{outline:2px solid #b3261e}\
@media (max-width:52em){header{padding:.8em 1em}main{display:block;padding:.5em 1em}.error,.warning{padding:0 1em}\
.policy{position:static;max-height:none;overflow:visible;border-left:0;border-top:1px solid #ddd;padding-left:0}\
.finding{padding:.2em .6em}table{font-size:.85em}td,th{padding:.3em .25em}}\
@media print{body{font-size:10pt}header{background:none}main{display:block;padding:0}\
.policy{position:static;max-height:none;overflow:visible;border:0;padding:0;break-before:page}\
.finding,blockquote,tr{break-inside:avoid}a{color:inherit;text-decoration:none}}";

pub fn html(out: &mut dyn Write, r: &CheckReport) -> io::Result<()> {
    let files = r.policy_files();
    let file_index = |path: &str| files.iter().position(|f| f.path == path).unwrap_or(0);
    writeln!(
        out,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
    )?;
    writeln!(
        out,
        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
    )?;
    writeln!(
        out,
        "<title>saydo: what the policy says, and what was done</title><style>{CSS}</style></head><body>"
    )?;
    writeln!(
        out,
        "<header><h1>What the policy says, and what was done</h1>"
    )?;
    writeln!(
        out,
        "<p>{}: {}. <strong>{}</strong> in flows the policy does not disclose. {} read, {} skipped. Vocabulary {}.</p></header>",
        flows_count(r.findings.len()),
        esc(&r.severity_line()),
        counted(r.undisclosed_records(), "record"),
        counted(r.evidence.records_read(), "log record"),
        count(r.evidence.records_skipped()),
        esc(r.vocab_version)
    )?;
    for f in super::flows::failed_inputs(r.evidence) {
        writeln!(
            out,
            "<p class=\"error\"><strong>Input failed, nothing in it was judged:</strong> {}</p>",
            esc(&f.reason)
        )?;
    }
    if super::consent::marked(r.evidence) {
        writeln!(
            out,
            "<p class=\"warning\"><strong>Consent:</strong> {}</p><ul class=\"warning\">",
            esc(&super::consent::summary_line(r.findings.briefs()))
        )?;
        for l in &r.evidence.logs {
            if let Some(c) = &l.consent {
                writeln!(out, "<li>{}</li>", esc(&super::consent::log_line(l, c)))?;
            }
        }
        writeln!(out, "</ul>")?;
    }
    for f in r.policy_files() {
        for w in &f.warnings {
            writeln!(
                out,
                "<p class=\"warning\"><strong>Warning:</strong> <code>{}</code>: {}</p>",
                esc(&f.path),
                esc(w)
            )?;
        }
    }
    writeln!(out, "<main><section><h2>Findings</h2>")?;
    writeln!(
        out,
        "<table><tr><th>#</th><th>Severity</th><th>Recipient</th><th>Records</th><th>Verdict</th><th>Policy says</th></tr>"
    )?;
    for (n, f) in r.findings.iter().enumerate() {
        let f = &f;
        let sev = f.severity.as_str();
        // The end user goes under the recipient: a column of its own is empty for most flows
        // and costs a phone screen the room the statements need.
        writeln!(
            out,
            "<tr><td><a href=\"#f{}\">{}</a></td><td><span class=\"sev {sev}\">{sev}</span></td><td class=\"who\">{}<br><small>{}</small>{}</td><td class=\"num\">{}</td><td class=\"v\">{}</td><td class=\"says\">{}</td></tr>",
            n + 1,
            n + 1,
            esc(&f.recipient.name),
            esc(&f.recipient.categories.join(", ")),
            f.on_behalf_of
                .as_ref()
                .map(|b| format!(
                    "<br>on behalf of {}<br><small>{}</small>",
                    esc(&b.name),
                    esc(&b.categories.join(", "))
                ))
                .unwrap_or_default(),
            count(f.records),
            esc(&verdict_text(f)).replace(", ", ",<br>"),
            esc(&policy_says(f))
        )?;
    }
    writeln!(out, "</table>")?;
    for (n, f) in r.findings.iter().enumerate() {
        let f = &f;
        let sev = f.severity.as_str();
        let behalf = f
            .on_behalf_of
            .as_ref()
            .map(|b| format!(" on behalf of {}", esc(&b.name)))
            .unwrap_or_default();
        writeln!(
            out,
            "<div class=\"finding {sev}\" id=\"f{}\"><h3>{}. {}{behalf} <span class=\"sev {sev}\">{sev}</span> {}</h3>",
            n + 1,
            n + 1,
            esc(&f.recipient.name),
            esc(&verdict_text(f))
        )?;
        writeln!(out, "<p>{}</p>", esc(&f.explanation))?;
        if let Some(c) = &f.consent {
            let sev = c.severity.as_str();
            writeln!(
                out,
                "<p><strong>Consent</strong> <span class=\"sev {sev}\">{sev}</span> {}</p>",
                esc(&c.explanation)
            )?;
        }
        for q in &f.policy_evidence {
            writeln!(
                out,
                "<blockquote>{}{}<br><small><a href=\"#p{}-L{}\">{} {}</a>{}</small></blockquote>",
                q.context
                    .as_ref()
                    .map(|c| format!("<em>{}</em> … ", esc(c)))
                    .unwrap_or_default(),
                esc(&q.quote),
                file_index(&q.file),
                q.line,
                esc(&q.file),
                lines_of(q),
                if q.negated {
                    " · negative statement"
                } else {
                    ""
                }
            )?;
        }
        writeln!(out, "<ul>")?;
        for s in &f.log_evidence {
            writeln!(
                out,
                "<li><code>{}</code> <code>{}</code></li>",
                esc(&s.place()),
                esc(&s.quote)
            )?;
        }
        if f.more_log_lines > 0 {
            writeln!(
                out,
                "<li>… and {}</li>",
                counted(f.more_log_lines, "more log line")
            )?;
        }
        if !f.data.is_empty() {
            writeln!(out, "<li>Data: {}</li>", esc(&term_labels(&f.data)))?;
        }
        if !f.purposes.is_empty() {
            writeln!(out, "<li>Purposes: {}</li>", esc(&term_labels(&f.purposes)))?;
        }
        for c in &f.canaries {
            writeln!(
                out,
                "<li><strong>Canary:</strong> {}</li>",
                esc(&canary_hit_text(c))
            )?;
        }
        for note in &f.notes {
            writeln!(out, "<li>Note: {}</li>", esc(note))?;
        }
        writeln!(out, "</ul></div>")?;
    }
    for c in canaries_not_found(r) {
        writeln!(
            out,
            "<p><strong>Canary not found:</strong> {}</p>",
            esc(&canary_not_found_text(c))
        )?;
    }
    writeln!(
        out,
        "</section><section class=\"policy\"><h2>Policy text</h2>"
    )?;
    // File -> line -> negated, as first cited, for every line of a cited statement (a
    // sentence over two lines is highlighted on both): looked up per policy line, so a map,
    // not a list of every finding's quotes; one pass over the findings for every file.
    let mut cited_in: std::collections::HashMap<String, std::collections::HashMap<u32, bool>> =
        std::collections::HashMap::new();
    for f in r.findings.iter() {
        for q in f.policy_evidence.iter() {
            if !cited_in.contains_key(q.file.as_str()) {
                cited_in.insert(q.file.as_str().to_string(), Default::default());
            }
            let Some(cited) = cited_in.get_mut(q.file.as_str()) else {
                continue;
            };
            for n in q.line..=q.end_line.max(q.line) {
                cited.entry(n).or_insert(q.negated);
            }
        }
    }
    let none = std::collections::HashMap::new();
    for (i, file) in files.iter().enumerate() {
        let cited = cited_in.get(&file.path).unwrap_or(&none);
        writeln!(out, "<h3>{}</h3>", esc(&file.path))?;
        for (n, line) in file.text.lines().enumerate() {
            let n = n as u32 + 1;
            let class = match cited.get(&n) {
                Some(true) => " cited neg",
                Some(_) => " cited",
                None => "",
            };
            writeln!(
                out,
                "<div class=\"line{class}\" id=\"p{i}-L{n}\"><span class=\"n\">{n}</span><span class=\"t\">{}</span></div>",
                esc(line)
            )?;
        }
    }
    writeln!(out, "</section></main></body></html>")
}
