//! `saydo check` reports: text for the terminal, JSON for tools, Markdown for publication,
//! one self-contained HTML file, and CSV with a row per finding.

use super::{count, paint, style};
use crate::compare::{Finding, PolicySet, Severity, Verdict};
use crate::practice::{Evidence, Party, Term};
use serde::Serialize;
use std::io::{self, Write};

/// Everything a check report shows.
pub struct CheckReport<'a> {
    pub vocab_version: &'a str,
    pub policies: &'a PolicySet,
    pub evidence: &'a Evidence,
    pub findings: &'a [Finding],
    pub declared_not_observed: &'a [String],
    pub fail_on: Option<Severity>,
}

impl CheckReport<'_> {
    fn at_least(&self, s: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity >= s && f.severity > Severity::None)
            .count()
    }
    fn undisclosed_records(&self) -> u64 {
        self.findings
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
        let n = |s: Severity| self.findings.iter().filter(|f| f.severity == s).count();
        format!(
            "{} high, {} medium, {} low, {} clear",
            n(Severity::High),
            n(Severity::Medium),
            n(Severity::Low),
            n(Severity::None)
        )
    }
}

fn verdict_text(f: &Finding) -> String {
    let mut s = f.verdict.as_str().to_string();
    if let Some(l) = f.levels.filter(|_| f.verdict == Verdict::Vague) {
        s.push_str(&format!(" +{l}"));
    }
    if f.undisclosed && f.verdict == Verdict::Vague {
        s.push_str(", undisclosed");
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

/// What the policy says, in a few words: the covering terms and their line.
fn policy_says(f: &Finding) -> String {
    match f.policy_evidence.first() {
        None if f.policy_version.is_none()
            && f.notes.iter().any(|n| n.starts_with("no policy version")) =>
        {
            "no policy in force".into()
        }
        None => "nothing".into(),
        Some(q) => {
            let terms = if q.terms.is_empty() {
                String::new()
            } else {
                format!("\"{}\" ", q.terms.join("\", \""))
            };
            let neg = if q.negated { "NOT " } else { "" };
            format!("{neg}{terms}(line {})", q.line)
        }
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

pub fn text(out: &mut dyn Write, r: &CheckReport) -> io::Result<()> {
    let ev = r.evidence;
    let policies: Vec<String> = r.policies.versions.iter().map(|v| v.label()).collect();
    writeln!(
        out,
        "{} · policy {} · {} log{} ({} records read, {} skipped) · vocabulary {}",
        paint(style::FILE, "saydo check"),
        policies.join(" → "),
        ev.logs.len(),
        if ev.logs.len() == 1 { "" } else { "s" },
        count(ev.records_read()),
        count(ev.records_skipped()),
        r.vocab_version
    )?;
    let problems = r.at_least(Severity::Low);
    let failed = super::flows::failed_inputs(ev);
    let headline = if !failed.is_empty() {
        format!(
            "{} flow{} from the logs that could be used; {} of {} log{} gave no evidence, so nothing in {} was judged.",
            r.findings.len(),
            if r.findings.len() == 1 { "" } else { "s" },
            failed.len(),
            ev.logs.len(),
            if ev.logs.len() == 1 { "" } else { "s" },
            if failed.len() == 1 { "it" } else { "them" }
        )
    } else if problems == 0 {
        format!("{} flows, all clearly disclosed.", r.findings.len())
    } else {
        format!(
            "{} flow{}: {} · {} records in undisclosed flows",
            r.findings.len(),
            if r.findings.len() == 1 { "" } else { "s" },
            r.severity_line(),
            count(r.undisclosed_records())
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
    writeln!(out)?;
    if r.findings.is_empty() {
        writeln!(out, "No flows were found in the logs.")?;
    } else {
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
                    .chain(f.on_behalf_of.as_ref())
                    .map(categories)
                    .collect::<Vec<_>>()
                    .join(" / "),
                count(f.records),
                verdict_text(f),
                policy_says(f),
            ]
        };
        let heads = [
            "SEVERITY",
            "RECIPIENT",
            "ON BEHALF OF",
            "CATEGORIES",
            "RECORDS",
            "VERDICT",
            "POLICY SAYS",
        ];
        let caps = [8, 28, 20, 34, 11, 24, 44];
        let mut widths = heads.map(str::len);
        for f in r.findings {
            for (i, cell) in row_of(f).iter().enumerate() {
                widths[i] = widths[i].max(cell.chars().count().min(caps[i]));
            }
        }
        let mut line = String::new();
        for (i, h) in heads.iter().enumerate() {
            line.push_str(&format!("{:w$}  ", h, w = widths[i]));
        }
        writeln!(out, "{}", paint(style::LINE, line.trim_end()))?;
        for f in r.findings {
            let row = row_of(f);
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                let c = cut(cell, caps[i]);
                let padded = if i == 4 {
                    format!("{:>w$}  ", c, w = widths[i])
                } else {
                    format!("{:w$}  ", c, w = widths[i])
                };
                line.push_str(&match i {
                    0 => paint(severity_style(f.severity), padded),
                    _ => padded,
                });
            }
            writeln!(out, "{}", line.trim_end())?;
        }
    }
    for (n, f) in r.findings.iter().enumerate() {
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
        if f.on_behalf_of.is_some() {
            for j in &f.judgements {
                writeln!(
                    out,
                    "   {} {}: {}{}",
                    paint(style::LINE, "·"),
                    j.name,
                    j.verdict.as_str(),
                    if j.undisclosed { " (undisclosed)" } else { "" }
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
                paint(style::LINE, format!("{}:{}", q.file, q.line)),
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
                "   {} your {:?} was sent as {} in the {} ({}, {})",
                paint(style::NEGATED, "canary:"),
                c.name,
                c.form,
                c.place,
                c.file,
                crate::practice::position(c.line, Some(c.entry))
            )?;
        }
        for note in &f.notes {
            writeln!(out, "   {} {note}", paint(style::WARN, "note:"))?;
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
                "\n{n} finding(s) at or above --fail-on {}.",
                t.as_str()
            )?;
        }
    }
    Ok(())
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
        records_read: u64,
        records_skipped: u64,
        /// Logs that gave no evidence: the report is incomplete when there is one.
        failed_inputs: Vec<super::flows::FailedInput<'a>>,
        skipped: Vec<super::flows::SkipRef<'a>>,
        unresolved: Vec<&'a str>,
        declared_not_observed: &'a [String],
    }
    #[derive(Serialize)]
    struct Doc<'a, L: Serialize> {
        schema_version: u32,
        vocab_version: &'a str,
        inputs: Inputs<'a, L>,
        summary: Summary<'a>,
        findings: &'a [Finding],
    }
    #[derive(Serialize)]
    struct Inputs<'a, L: Serialize> {
        policies: Vec<PolicyInput<'a>>,
        logs: Vec<L>,
    }
    let mut by_verdict = std::collections::BTreeMap::new();
    for v in Verdict::ALL {
        let fs = r.findings.iter().filter(|f| f.verdict == v);
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
            r.findings.iter().filter(|f| f.severity == s).count(),
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
            records: r.findings.iter().map(|f| f.records).sum(),
            by_verdict,
            by_severity,
            undisclosed: VerdictCount {
                flows: r.findings.iter().filter(|f| f.undisclosed).count(),
                records: r.undisclosed_records(),
            },
            records_read: r.evidence.records_read(),
            records_skipped: r.evidence.records_skipped(),
            failed_inputs: super::flows::failed_inputs(r.evidence),
            skipped: super::flows::skips(&r.evidence.logs),
            unresolved: r.evidence.unresolved(),
            declared_not_observed: r.declared_not_observed,
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

pub fn csv(out: &mut dyn Write, r: &CheckReport) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let to_io = |e: csv::Error| io::Error::other(e.to_string());
    w.write_record([
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
    ])
    .map_err(to_io)?;
    for f in r.findings {
        let refs = |v: Vec<String>| v.join("; ");
        w.write_record([
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
            f.policy_version.clone().unwrap_or_default(),
            term_labels(&f.data),
            term_labels(&f.purposes),
            refs(
                f.policy_evidence
                    .iter()
                    .map(|q| format!("{}:{}", q.file, q.line))
                    .collect(),
            ),
            refs(f.log_evidence.iter().map(|s| s.place()).collect()),
            f.references.join("; "),
            f.explanation.clone(),
        ])
        .map_err(to_io)?;
    }
    // The CSV has no summary: a failed log and skipped records get rows of their own, so a
    // table of findings never looks complete when it is not.
    let note = |w: &mut csv::Writer<&mut dyn Write>, kind: &str, records: u64, text: String| {
        let mut row = vec![String::new(); 19];
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
            format!("{}: {} records skipped{first}", l.file, count(l.skipped)),
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
    let undisclosed = r.findings.iter().filter(|f| f.undisclosed).count();
    writeln!(
        out,
        "- {} flows of personal data were found in the evidence: {}.",
        r.findings.len(),
        r.severity_line()
    )?;
    writeln!(
        out,
        "- {undisclosed} flow(s), {} records, were not disclosed by the policy.",
        count(r.undisclosed_records())
    )?;
    writeln!(
        out,
        "- {} log records were read; {} could not be used.",
        count(r.evidence.records_read()),
        count(r.evidence.records_skipped())
    )?;
    for f in super::flows::failed_inputs(r.evidence) {
        writeln!(
            out,
            "- **Input failed, nothing in it was judged:** {}",
            md_cell(&f.reason)
        )?;
    }
    writeln!(out)?;
    if !r.findings.is_empty() {
        writeln!(
            out,
            "| # | Severity | Recipient | On behalf of | Records | Verdict | Policy says |"
        )?;
        writeln!(out, "|---|---|---|---|---:|---|---|")?;
        for (n, f) in r.findings.iter().enumerate() {
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
                    "> {}\n>\n> — `{}`, line {}{neg}\n",
                    q.quote.replace('\n', " "),
                    q.file,
                    q.line
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
            writeln!(out, "- … and {} more log lines", count(f.more_log_lines))?;
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
            writeln!(
                out,
                "- The value typed as {:?} was sent in {} form in the request {} (`{}`, {})",
                c.name,
                c.form,
                c.place,
                c.file,
                crate::practice::position(c.line, Some(c.entry))
            )?;
        }
        for note in &f.notes {
            writeln!(out, "- Note: {note}")?;
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
political opinions, ...) count as disclosed only when named: a generic term leaves them *undisclosed*. Verdict classes follow \
PoliCheck (Andow et al., USENIX Security 2020). Quotes and line numbers refer to the files listed above; their SHA-256 digests \
are in the JSON report."
    )?;
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

const CSS: &str = "body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1b1b1b}header{padding:1em 2em;background:#f4f1ea;border-bottom:1px solid #ddd}\
main{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:2em;padding:1em 2em}\
h1{font-size:1.4em;margin:.2em 0}h2{font-size:1.15em}table{border-collapse:collapse;width:100%;font-size:.92em}\
td,th{border-bottom:1px solid #e3e3e3;padding:.3em .5em;text-align:left;vertical-align:top}\
.high{color:#fff;background:#b3261e}.medium{background:#f2b84b}.low{background:#cfe3f5}.none{background:#e7f3e7}\
.sev{padding:.1em .45em;border-radius:3px;font-weight:600;font-size:.85em}.finding{border-left:4px solid #ccc;padding:.2em 1em;margin:1.2em 0}\
.finding.high{border-color:#b3261e;background:none;color:inherit}.finding.medium{border-color:#f2b84b;background:none}\
.finding.low{border-color:#7fb1de;background:none}.finding.none{border-color:#8bc48b;background:none}\
blockquote{margin:.4em 0;padding:.2em .8em;border-left:3px solid #bbb;color:#333}code{font-size:.9em}\
.policy{position:sticky;top:0;max-height:100vh;overflow:auto;border-left:1px solid #ddd;padding-left:1em}\
.line{display:flex;white-space:pre-wrap;font-family:ui-monospace,monospace;font-size:.82em}\
.line .n{color:#999;min-width:3.5em;text-align:right;padding-right:1em;user-select:none}\
.line.cited{background:#fff3b0}.line.cited.neg{background:#ffd6d2}.line:target{outline:2px solid #b3261e}";

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
        "<p>{} flows: {}. <strong>{} records</strong> in flows the policy does not disclose. {} log records read, {} skipped. Vocabulary {}.</p></header>",
        r.findings.len(),
        esc(&r.severity_line()),
        count(r.undisclosed_records()),
        count(r.evidence.records_read()),
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
        "<table><tr><th>#</th><th>Severity</th><th>Recipient</th><th>On behalf of</th><th>Records</th><th>Verdict</th></tr>"
    )?;
    for (n, f) in r.findings.iter().enumerate() {
        let sev = f.severity.as_str();
        writeln!(
            out,
            "<tr><td><a href=\"#f{}\">{}</a></td><td><span class=\"sev {sev}\">{sev}</span></td><td>{}<br><small>{}</small></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            n + 1,
            n + 1,
            esc(&f.recipient.name),
            esc(&f.recipient.categories.join(", ")),
            f.on_behalf_of
                .as_ref()
                .map(|b| format!(
                    "{}<br><small>{}</small>",
                    esc(&b.name),
                    esc(&b.categories.join(", "))
                ))
                .unwrap_or_default(),
            count(f.records),
            esc(&verdict_text(f))
        )?;
    }
    writeln!(out, "</table>")?;
    for (n, f) in r.findings.iter().enumerate() {
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
        for q in &f.policy_evidence {
            writeln!(
                out,
                "<blockquote>{}{}<br><small><a href=\"#p{}-L{}\">{} line {}</a>{}</small></blockquote>",
                q.context
                    .as_ref()
                    .map(|c| format!("<em>{}</em> … ", esc(c)))
                    .unwrap_or_default(),
                esc(&q.quote),
                file_index(&q.file),
                q.line,
                esc(&q.file),
                q.line,
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
                "<li>… and {} more log lines</li>",
                count(f.more_log_lines)
            )?;
        }
        if !f.data.is_empty() {
            writeln!(out, "<li>Data: {}</li>", esc(&term_labels(&f.data)))?;
        }
        if !f.purposes.is_empty() {
            writeln!(out, "<li>Purposes: {}</li>", esc(&term_labels(&f.purposes)))?;
        }
        for note in &f.notes {
            writeln!(out, "<li>Note: {}</li>", esc(note))?;
        }
        writeln!(out, "</ul></div>")?;
    }
    writeln!(
        out,
        "</section><section class=\"policy\"><h2>Policy text</h2>"
    )?;
    for (i, file) in files.iter().enumerate() {
        // Line -> negated, as first cited: looked up per policy line, so a map, not a list of
        // every finding's quotes.
        let mut cited: std::collections::HashMap<u32, bool> = std::collections::HashMap::new();
        for q in r.findings.iter().flat_map(|f| &f.policy_evidence) {
            if q.file == file.path {
                cited.entry(q.line).or_insert(q.negated);
            }
        }
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
                "<div class=\"line{class}\" id=\"p{i}-L{n}\"><span class=\"n\">{n}</span><span>{}</span></div>",
                esc(line)
            )?;
        }
    }
    writeln!(out, "</section></main></body></html>")
}
