//! `saydo extract` output: a readable listing grouped by heading, one JSON document, or JSON
//! Lines with one declaration per line.

use super::{paint, style};
use crate::extract::{Declaration, Mention, PolicyResult};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct JsonDocument<'a> {
    file: &'a str,
    format: crate::document::Format,
    bytes: usize,
    warnings: &'a [String],
    declarations: &'a [Declaration],
}

#[derive(Serialize)]
struct JsonError<'a> {
    file: &'a str,
    error: &'a str,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    schema_version: u32,
    vocab_version: &'a str,
    documents: Vec<JsonDocument<'a>>,
    errors: Vec<JsonError<'a>>,
}

pub fn json(out: &mut dyn Write, results: &[PolicyResult], vocab_version: &str) -> io::Result<()> {
    let mut report = JsonReport {
        schema_version: crate::SCHEMA_VERSION,
        vocab_version,
        documents: Vec::new(),
        errors: Vec::new(),
    };
    for r in results {
        match &r.outcome {
            Ok((doc, decls)) => report.documents.push(JsonDocument {
                file: &doc.path,
                format: doc.format,
                bytes: doc.bytes,
                warnings: &doc.warnings,
                declarations: decls,
            }),
            Err(e) => report.errors.push(JsonError {
                file: &r.file,
                error: e,
            }),
        }
    }
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}

#[derive(Serialize)]
struct JsonLine<'a> {
    #[serde(flatten)]
    declaration: &'a Declaration,
    vocab_version: &'a str,
}

/// One declaration per line; unreadable files are reported on stderr by the caller.
pub fn jsonl(out: &mut dyn Write, results: &[PolicyResult], vocab_version: &str) -> io::Result<()> {
    for r in results {
        if let Ok((_, decls)) = &r.outcome {
            for d in decls {
                serde_json::to_writer(
                    &mut *out,
                    &JsonLine {
                        declaration: d,
                        vocab_version,
                    },
                )?;
                out.write_all(b"\n")?;
            }
        }
    }
    Ok(())
}

fn mentions(list: &[Mention]) -> String {
    list.iter()
        .map(|m| {
            let cat = paint(style::CATEGORY, &m.category);
            match (&m.term, &m.entity) {
                (Some(t), Some(e)) if t != e => format!("{t} ({e}) [{cat}]"),
                (Some(t), _) => format!("{t} [{cat}]"),
                (None, _) => format!("(implied) [{cat}]"),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Readable listing: per file, per heading, each declaration with its line, action, what it
/// names, and the quote.
pub fn text(out: &mut dyn Write, results: &[PolicyResult], vocab_version: &str) -> io::Result<()> {
    let mut total = 0;
    for r in results {
        let (doc, decls) = match &r.outcome {
            Ok(x) => x,
            Err(e) => {
                writeln!(
                    out,
                    "{}\n",
                    paint(style::WARN, format!("{}: error: {e}", r.file))
                )?;
                continue;
            }
        };
        total += decls.len();
        let negated = decls.iter().filter(|d| d.negated).count();
        writeln!(
            out,
            "{} ({:?}, {} bytes): {} declarations, {} negated",
            paint(style::FILE, &doc.path),
            doc.format,
            doc.bytes,
            decls.len(),
            negated
        )?;
        for w in &doc.warnings {
            writeln!(out, "  {}", paint(style::WARN, format!("note: {w}")))?;
        }
        let mut heading: Option<&[String]> = None;
        for d in decls {
            if heading != Some(d.evidence.heading.as_slice()) {
                heading = Some(&d.evidence.heading);
                let path = if d.evidence.heading.is_empty() {
                    "(before any heading)".to_string()
                } else {
                    d.evidence.heading.join(" › ")
                };
                writeln!(out, "  {}", paint(style::HEADING, format!("§ {path}")))?;
            }
            let not = if d.negated {
                format!("{} ", paint(style::NEGATED, "NOT"))
            } else {
                String::new()
            };
            let mut parts = Vec::new();
            if !d.recipients.is_empty() {
                parts.push(format!("to {}", mentions(&d.recipients)));
            }
            if !d.data.is_empty() {
                parts.push(format!("data {}", mentions(&d.data)));
            }
            if !d.purposes.is_empty() {
                parts.push(format!("for {}", mentions(&d.purposes)));
            }
            if let Some(c) = d.condition {
                parts.push(format!("if {}", c.as_str()));
            }
            if !d.except.is_empty() {
                parts.push(format!("except {}", mentions(&d.except)));
            }
            writeln!(
                out,
                "    {} {not}{} {}",
                paint(style::LINE, format!("L{:<5}", d.evidence.line)),
                d.action.as_str(),
                parts.join("; ")
            )?;
            if let Some(ctx) = &d.evidence.context {
                writeln!(
                    out,
                    "           {}",
                    paint(style::LINE, format!("under: {ctx}"))
                )?;
            }
            writeln!(
                out,
                "           {}",
                paint(style::QUOTE, format!("\"{}\"", d.evidence.quote))
            )?;
        }
        writeln!(out)?;
    }
    writeln!(
        out,
        "{total} declarations in {} files (vocabulary {vocab_version})",
        results.len()
    )
}
