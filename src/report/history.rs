//! `saydo history` output: the versions, the timeline of what the sharing statements name, and
//! the sentence changes between consecutive versions, for the terminal (text), for tools (one
//! JSON document) and for publication (Markdown).

use super::{paint, style};
use crate::history::{History, SentenceChange, TimelineEvent, Version, VersionDiff};
use anstyle::{AnsiColor, Color, Style};
use serde::Serialize;
use std::io::{self, Write};

/// Added text, in the timeline and the diffs.
const ADDED: Style = Style::new().fg_color(Some(Color::Ansi(AnsiColor::Green)));

/// Longest quote shown in a text timeline line.
const TEXT_QUOTE: usize = 200;

#[derive(Serialize)]
struct JsonVersion<'a> {
    label: &'a str,
    date: Option<String>,
    source: &'a str,
    format: crate::document::Format,
    declarations: usize,
}

#[derive(Serialize)]
struct JsonHistory<'a> {
    schema_version: u32,
    vocab_version: &'a str,
    /// With `--git`: which commit date dates the versions.
    #[serde(skip_serializing_if = "Option::is_none")]
    dated_by: Option<&'a str>,
    versions: Vec<JsonVersion<'a>>,
    timeline: &'a [TimelineEvent],
    diffs: &'a [VersionDiff],
}

/// One JSON document: the versions, the timeline and the diffs.
pub fn json(out: &mut dyn Write, h: &History, vocab_version: &str) -> io::Result<()> {
    let doc = JsonHistory {
        schema_version: crate::SCHEMA_VERSION,
        vocab_version,
        dated_by: h.dated_by,
        versions: h
            .versions
            .iter()
            .map(|v| JsonVersion {
                label: &v.label,
                date: v.date.map(|d| d.to_string()),
                source: &v.source,
                format: v.format,
                declarations: v.declarations,
            })
            .collect(),
        timeline: &h.timeline,
        diffs: &h.diffs,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// "share", or "not sell" for denials.
fn action(e: &TimelineEvent) -> String {
    if e.negated {
        format!("not {}", e.action)
    } else {
        e.action.clone()
    }
}

/// A quote cut to `max` characters.
fn cut(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", s[..i].trim_end()),
        None => s.to_string(),
    }
}

/// Where an event's evidence is: "line 12", or "line 12 of 2020-03-15" for what disappeared.
fn place(e: &TimelineEvent) -> Option<String> {
    let ev = e.evidence.as_ref()?;
    Some(match (e.change, &ev.version) {
        ("disappeared", Some(v)) => format!("was line {} in {v}", ev.line),
        _ => format!("line {}", ev.line),
    })
}

fn version_line(v: &Version) -> String {
    let (n, sharing) = (v.declarations, v.sharing);
    format!(
        "{} declaration{}, {sharing} on sharing",
        n,
        if n == 1 { "" } else { "s" }
    )
}

/// Readable report: versions, the timeline grouped by version, then each pair's changes.
pub fn text(out: &mut dyn Write, h: &History, vocab_version: &str) -> io::Result<()> {
    writeln!(
        out,
        "{} · {} version{}{} · vocabulary {vocab_version}",
        paint(style::FILE, "saydo history"),
        h.versions.len(),
        if h.versions.len() == 1 { "" } else { "s" },
        h.dated_by
            .map(|d| format!(" dated by {d}"))
            .unwrap_or_default()
    )?;
    let width = h
        .versions
        .iter()
        .map(|v| v.label.chars().count())
        .max()
        .unwrap_or(0);
    for v in &h.versions {
        writeln!(
            out,
            "  {:<width$}  {}  {}",
            v.label,
            v.source,
            paint(style::LINE, version_line(v))
        )?;
        for w in &v.warnings {
            writeln!(out, "  {}", paint(style::WARN, format!("note: {w}")))?;
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        paint(
            style::HEADING,
            "Timeline of what the sharing statements name"
        )
    )?;
    if h.timeline.is_empty() {
        writeln!(out, "  (no sharing statement in any version)")?;
    }
    let mut current: Option<&str> = None;
    for e in &h.timeline {
        if current != Some(e.version.as_str()) {
            current = Some(&e.version);
            writeln!(out, "  {}", paint(style::FILE, &e.version))?;
        }
        let (mark, word) = match e.change {
            "appeared" => (paint(ADDED, "+"), String::new()),
            "disappeared" => (paint(style::NEGATED, "-"), String::new()),
            "negated" => (paint(style::NEGATED, "!"), "negated ".to_string()),
            other => (paint(ADDED, "!"), format!("{other} ")),
        };
        let mut line = format!(
            "    {mark} {word}{} {} ({})",
            e.tree,
            paint(style::CATEGORY, &e.category),
            action(e)
        );
        if let (Some(ev), Some(at)) = (&e.evidence, place(e)) {
            line.push_str(&format!(
                " — {}: {}",
                paint(style::LINE, at),
                paint(style::QUOTE, format!("\"{}\"", cut(&ev.quote, TEXT_QUOTE)))
            ));
        }
        writeln!(out, "{line}")?;
    }
    for d in &h.diffs {
        writeln!(out)?;
        writeln!(
            out,
            "{}",
            paint(
                style::HEADING,
                format!(
                    "Changes {} → {}: {}",
                    d.from,
                    d.to,
                    match d.changes.len() {
                        0 => "none".to_string(),
                        1 => "1 sentence".to_string(),
                        n => format!("{n} sentences"),
                    }
                )
            )
        )?;
        for c in &d.changes {
            text_change(out, c)?;
        }
    }
    Ok(())
}

fn text_change(out: &mut dyn Write, c: &SentenceChange) -> io::Result<()> {
    let tag = if c.declares {
        format!(" {}", paint(style::CATEGORY, "[sharing statement]"))
    } else {
        String::new()
    };
    let lines = match (c.old_line, c.new_line) {
        (Some(a), Some(b)) => format!("line {a} → {b}"),
        (Some(a), None) | (None, Some(a)) => format!("line {a}"),
        (None, None) => String::new(),
    };
    writeln!(out, "  {} {}{tag}", c.kind, paint(style::LINE, lines))?;
    if let Some(old) = &c.old {
        writeln!(out, "    {}", paint(style::NEGATED, format!("- {old}")))?;
    }
    if let Some(new) = &c.new {
        writeln!(out, "    {}", paint(ADDED, format!("+ {new}")))?;
    }
    Ok(())
}

/// Markdown text: characters that would turn into markup are escaped.
fn md_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// A publishable Markdown report: the versions, a timeline table, and each version's changes
/// with the sentences quoted.
pub fn md(out: &mut dyn Write, h: &History, vocab_version: &str) -> io::Result<()> {
    writeln!(out, "# How the privacy policy changed\n")?;
    let span = match (h.versions.first(), h.versions.last()) {
        (Some(a), Some(b)) if h.versions.len() > 1 => format!(", from {} to {}", a.label, b.label),
        _ => String::new(),
    };
    writeln!(
        out,
        "{} version{}{span}{}. Generated by saydo (vocabulary {vocab_version}).\n",
        h.versions.len(),
        if h.versions.len() == 1 { "" } else { "s" },
        h.dated_by
            .map(|d| format!(", dated by git {d}"))
            .unwrap_or_default()
    )?;
    writeln!(out, "| Version | Source | Declarations |")?;
    writeln!(out, "|---|---|---|")?;
    for v in &h.versions {
        writeln!(
            out,
            "| {} | `{}` | {} |",
            md_text(&v.label),
            v.source.replace('`', "'").replace('|', "\\|"),
            version_line(v)
        )?;
    }
    writeln!(out, "\n## Timeline\n")?;
    writeln!(
        out,
        "When each recipient, purpose and data category named by a sharing statement appeared, \
         disappeared, or turned from affirmed to denied (negated) or back (affirmed).\n"
    )?;
    if h.timeline.is_empty() {
        writeln!(out, "No version has a sharing statement.\n")?;
    } else {
        writeln!(
            out,
            "| Version | Change | Kind | Category | Action | Policy says |"
        )?;
        writeln!(out, "|---|---|---|---|---|---|")?;
        for e in &h.timeline {
            let says = match (&e.evidence, place(e)) {
                (Some(ev), Some(at)) => format!("{at}: “{}”", md_text(&ev.quote)),
                _ => String::new(),
            };
            writeln!(
                out,
                "| {} | {} | {} | `{}` | {} | {} |",
                md_text(&e.version),
                e.change,
                e.tree,
                e.category,
                md_text(&action(e)),
                says
            )?;
        }
        writeln!(out)?;
    }
    writeln!(out, "## Changes between versions\n")?;
    if h.diffs.is_empty() {
        writeln!(out, "Only one version: nothing to compare.")?;
    }
    for d in &h.diffs {
        writeln!(out, "### {} → {}\n", md_text(&d.from), md_text(&d.to))?;
        if d.changes.is_empty() {
            writeln!(out, "No change in wording.\n")?;
            continue;
        }
        for c in &d.changes {
            let sharing = if c.declares {
                ", sharing statement"
            } else {
                ""
            };
            let q = |s: &Option<String>| format!("“{}”", md_text(s.as_deref().unwrap_or("")));
            let line = match c.kind {
                "added" => format!(
                    "- **Added** (line {}{sharing}): {}",
                    c.new_line.unwrap_or(0),
                    q(&c.new)
                ),
                "removed" => format!(
                    "- **Removed** (line {}{sharing}): {}",
                    c.old_line.unwrap_or(0),
                    q(&c.old)
                ),
                _ => format!(
                    "- **Changed** (line {} → {}{sharing}): {} → {}",
                    c.old_line.unwrap_or(0),
                    c.new_line.unwrap_or(0),
                    q(&c.old),
                    q(&c.new)
                ),
            };
            writeln!(out, "{line}")?;
        }
        writeln!(out)?;
    }
    Ok(())
}
