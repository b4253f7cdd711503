//! `saydo scan --summary`: how common each declared category and flag is across a corpus.

use super::{count, paint, style};
use crate::scan::Summary;
use crate::vocab::Vocabulary;
use std::collections::BTreeMap;
use std::io::{self, Write};

fn share(n: u64, of: u64) -> String {
    if of == 0 {
        return "-".into();
    }
    format!("{:5.1}%", n as f64 * 100.0 / of as f64)
}

pub fn summary(out: &mut dyn Write, s: &Summary, vocab: &Vocabulary) -> io::Result<()> {
    let n = s.english;
    writeln!(
        out,
        "\n{} · {} policies read, {} errors · vocabulary {}",
        paint(style::FILE, "Prevalence"),
        count(s.policies),
        count(s.errors),
        vocab.version
    )?;
    writeln!(
        out,
        "  shares of the {} in English; left out: {} not in English, {} too short to tell (under {} words)",
        count(n),
        count(s.not_english),
        count(s.too_short),
        crate::document::language::MIN_WORDS
    )?;
    for (label, v) in [
        (
            "discloses sharing with political organisations",
            s.discloses_political,
        ),
        ("sells or rents data", s.sells_data),
        ("mentions data brokers", s.mentions_data_brokers),
        ("mentions children's data", s.children),
        ("mentions special categories of data", s.special_categories),
    ] {
        writeln!(out, "  {} {:>9}  {label}", share(v, n), count(v))?;
    }
    let table = |out: &mut dyn Write, title: &str, map: &BTreeMap<String, u64>| -> io::Result<()> {
        writeln!(out, "\n{}", paint(style::HEADING, title))?;
        let mut rows: Vec<(&String, &u64)> = map.iter().collect();
        rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (id, v) in rows {
            writeln!(out, "  {} {:>9}  {id}", share(*v, n), count(*v))?;
        }
        Ok(())
    };
    table(out, "Recipients affirmed", &s.recipients_affirmed)?;
    table(out, "Recipients denied", &s.recipients_denied)?;
    table(out, "Purposes", &s.purposes)?;
    table(out, "Data categories", &s.data)
}
