//! `saydo vocab show`: the taxonomies and registry, as a tree or as JSON.

use super::{paint, style};
use crate::vocab::{Taxonomy, TreeKind, Vocabulary};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct JsonVocab<'a> {
    schema_version: u32,
    vocab_version: &'a str,
    recipients: &'a [crate::vocab::Category],
    purposes: &'a [crate::vocab::Category],
    data: &'a [crate::vocab::Category],
    entities: &'a [crate::vocab::Entity],
}

pub fn json(out: &mut dyn Write, v: &Vocabulary) -> io::Result<()> {
    serde_json::to_writer_pretty(
        &mut *out,
        &JsonVocab {
            schema_version: crate::SCHEMA_VERSION,
            vocab_version: &v.version,
            recipients: v.recipients.categories(),
            purposes: v.purposes.categories(),
            data: v.data.categories(),
            entities: &v.entities,
        },
    )?;
    writeln!(out)
}

fn tree(out: &mut dyn Write, t: &Taxonomy, kind: TreeKind) -> io::Result<()> {
    writeln!(
        out,
        "{} ({} categories)",
        paint(
            style::FILE,
            match kind {
                TreeKind::Data => "data",
                TreeKind::Recipient => "recipients",
                TreeKind::Purpose => "purposes",
            }
        ),
        t.len()
    )?;
    fn walk(
        out: &mut dyn Write,
        t: &Taxonomy,
        parent: Option<&str>,
        depth: usize,
    ) -> io::Result<()> {
        for c in t
            .categories()
            .iter()
            .filter(|c| c.parent.as_deref() == parent)
        {
            let mut flags = Vec::new();
            if c.explicit {
                flags.push("explicit");
            }
            if c.special {
                flags.push("special");
            }
            let flags = if flags.is_empty() {
                String::new()
            } else {
                format!(" [{}]", flags.join(", "))
            };
            writeln!(
                out,
                "{}{} {}{flags} — {} synonyms{}",
                "  ".repeat(depth + 1),
                paint(style::CATEGORY, &c.id),
                c.label,
                c.synonyms.len(),
                c.dpv
                    .as_deref()
                    .map(|d| format!(", {d}"))
                    .unwrap_or_default()
            )?;
            walk(out, t, Some(&c.id), depth + 1)?;
        }
        Ok(())
    }
    walk(out, t, None, 0)
}

pub fn text(out: &mut dyn Write, v: &Vocabulary) -> io::Result<()> {
    writeln!(out, "vocabulary {}", v.version)?;
    for kind in TreeKind::ALL {
        tree(out, v.tree(kind), kind)?;
    }
    writeln!(
        out,
        "{} ({} organisations)",
        paint(style::FILE, "entities"),
        v.entities.len()
    )?;
    for e in &v.entities {
        writeln!(
            out,
            "  {} [{}]{}{}",
            e.name,
            e.categories.join(", "),
            e.parent
                .as_deref()
                .map(|p| format!(" owned by {p}"))
                .unwrap_or_default(),
            if e.domains.is_empty() {
                String::new()
            } else {
                format!(" — {}", e.domains.join(" "))
            }
        )?;
    }
    Ok(())
}
