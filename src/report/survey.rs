//! `saydo survey` rows (JSON Lines, CSV) and its summary.

use super::check::{FINDING_CSV_HEADS, finding_csv_cells};
use crate::compare::Finding;
use crate::survey::{FactRow, PartyFact, Share, SiteResult, Status, Summary};
use crate::vocab::Vocabulary;
use serde::Serialize;
use std::io::{self, Write};

/// The CSV columns: the site, then a finding's columns as `check --format csv` writes them
/// (consent columns included), then what only a survey row has.
pub const CSV_HEADER: [&str; 34] = [
    "site",
    "service",
    "status",
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
    "consent_severity",
    "consent_before_consent",
    "consent_after_reject",
    "consent_first_request",
    "recipient_organisation",
    "on_behalf_of_organisation",
    "error",
    "vocab_version",
    "schema_version",
];

#[derive(Serialize)]
struct Row<'a> {
    site: Option<&'a str>,
    service: Option<&'a str>,
    status: &'static str,
    #[serde(flatten)]
    finding: Option<&'a Finding>,
    error: Option<&'a str>,
    vocab_version: &'a str,
}

/// Each row of a site's result: its findings, then its errors; a site with neither has one
/// row saying why (no flows, no policy, no evidence).
fn rows<'a>(r: &'a SiteResult, vocab_version: &'a str) -> Vec<Row<'a>> {
    let base = |status: Status| Row {
        site: r.site.as_deref(),
        service: r.service.as_deref(),
        status: status.as_str(),
        finding: None,
        error: None,
        vocab_version,
    };
    let mut out: Vec<Row> = r
        .findings
        .iter()
        .map(|f| Row {
            finding: Some(f),
            ..base(Status::Finding)
        })
        .collect();
    for e in &r.errors {
        out.push(Row {
            error: Some(e),
            ..base(Status::Error)
        });
    }
    if out.is_empty() {
        out.push(base(r.status));
    }
    out
}

/// A site's rows as JSON Lines.
pub fn jsonl(out: &mut Vec<u8>, r: &SiteResult, vocab_version: &str) -> io::Result<()> {
    for row in rows(r, vocab_version) {
        serde_json::to_writer(&mut *out, &row)?;
        out.push(b'\n');
    }
    Ok(())
}

/// A site's rows as CSV records (no header).
pub fn csv(out: &mut Vec<u8>, r: &SiteResult, vocab_version: &str) -> io::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .buffer_capacity(4096)
        .from_writer(out);
    let to_io = |e: csv::Error| io::Error::other(e.to_string());
    for row in rows(r, vocab_version) {
        let mut cells: Vec<String> = vec![
            row.site.unwrap_or_default().to_string(),
            row.service.unwrap_or_default().to_string(),
            row.status.to_string(),
        ];
        match row.finding {
            Some(f) => {
                cells.extend(finding_csv_cells(f));
                cells.extend(super::consent::csv_cells(f.consent.as_deref()));
                cells.push(f.recipient.organisation.clone().unwrap_or_default());
                cells.push(
                    f.on_behalf_of
                        .as_ref()
                        .and_then(|b| b.organisation.clone())
                        .unwrap_or_default(),
                );
            }
            None => cells.extend(std::iter::repeat_n(
                String::new(),
                FINDING_CSV_HEADS.len() + super::consent::CSV_HEADS.len() + 2,
            )),
        }
        cells.push(row.error.unwrap_or_default().to_string());
        cells.push(vocab_version.to_string());
        cells.push(crate::SCHEMA_VERSION.to_string());
        w.write_record(&cells).map_err(to_io)?;
    }
    w.flush()
}

/// Reads back the rows of an earlier output (its whole rows, `complete` bytes) for the
/// summary of a resumed survey.
pub fn read_facts(bytes: &[u8], is_csv: bool) -> Result<Vec<FactRow>, String> {
    let mut out = Vec::new();
    if !is_csv {
        for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
            if line.trim_ascii().is_empty() {
                continue;
            }
            let row: FactRow = serde_json::from_slice(line)
                .map_err(|e| format!("line {}: not a survey row ({e})", i + 1))?;
            out.push(row);
        }
        return Ok(out);
    }
    let mut rdr = csv::ReaderBuilder::new().from_reader(bytes);
    let col = |name: &str| CSV_HEADER.iter().position(|c| *c == name).unwrap_or(0);
    for rec in rdr.records() {
        let rec = rec.map_err(|e| e.to_string())?;
        let get = |name: &str| rec.get(col(name)).unwrap_or("").to_string();
        let opt = |name: &str| Some(get(name)).filter(|s| !s.is_empty());
        let party = |name: &str, cats: &str, org: &str| {
            opt(name).map(|n| PartyFact {
                name: n,
                organisation: opt(org),
                categories: get(cats)
                    .split("; ")
                    .filter(|c| !c.is_empty())
                    .map(str::to_string)
                    .collect(),
            })
        };
        out.push(FactRow {
            site: opt("site"),
            service: opt("service"),
            status: get("status"),
            verdict: opt("verdict"),
            undisclosed: opt("undisclosed").map(|u| u == "true"),
            severity: opt("severity"),
            records: opt("records").and_then(|r| r.parse().ok()),
            recipient: party(
                "recipient",
                "recipient_categories",
                "recipient_organisation",
            ),
            on_behalf_of: party(
                "on_behalf_of",
                "on_behalf_of_categories",
                "on_behalf_of_organisation",
            ),
        });
    }
    Ok(out)
}

fn pct(s: &Share) -> String {
    if s.of == 0 {
        "-".to_string()
    } else {
        format!("{:.1}%", s.count as f64 * 100.0 / s.of as f64)
    }
}

fn n(x: u64) -> String {
    super::count(x)
}

/// One table of the summary: a row per name with its sites undisclosed, sites with flows
/// and the share where present; nothing when there are no rows.
fn table<'a>(
    out: &mut dyn Write,
    heading: &str,
    rows: impl Iterator<Item = (&'a str, &'a Share, &'a Share, &'a Share)>,
) -> io::Result<()> {
    let mut rows = rows.peekable();
    if rows.peek().is_none() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(
        out,
        "{:<34} {:>22} {:>22} {:>14}",
        heading, "SITES UNDISCLOSED", "SITES WITH FLOWS", "WHERE PRESENT"
    )?;
    for (name, undisclosed, with_flows, where_present) in rows {
        writeln!(
            out,
            "{:<34} {:>22} {:>22} {:>14}",
            name,
            format!(
                "{} of {} ({})",
                n(undisclosed.count),
                n(undisclosed.of),
                pct(undisclosed)
            ),
            format!("{} ({})", n(with_flows.count), pct(with_flows)),
            pct(where_present)
        )?;
    }
    Ok(())
}

/// The summary a researcher reads (`--summary`, on standard error).
pub fn summary(out: &mut dyn Write, s: &Summary, vocab: &Vocabulary) -> io::Result<()> {
    let j = s.json(vocab);
    writeln!(out, "saydo survey · vocabulary {}", vocab.version)?;
    writeln!(
        out,
        "sites surveyed: {} (a policy and evidence for each); {} without a policy, {} policies without evidence, {} with errors",
        n(j.sites_surveyed),
        n(j.sites_without_policy),
        n(j.policies_without_evidence),
        n(j.sites_with_errors)
    )?;
    writeln!(
        out,
        "sites with at least one undisclosed flow: {} of {} ({}); without any third-party flow: {}",
        n(j.sites_with_undisclosed.count),
        n(j.sites_with_undisclosed.of),
        pct(&j.sites_with_undisclosed),
        n(j.sites_without_flows.count)
    )?;
    writeln!(
        out,
        "flows judged: {}; undisclosed: {} ({})",
        n(j.flows),
        n(j.undisclosed_flows.count),
        pct(&j.undisclosed_flows)
    )?;
    let verdicts: Vec<String> = ["clear", "vague", "ambiguous", "omitted", "incorrect"]
        .iter()
        .map(|v| {
            let sh = j
                .by_verdict
                .get(v)
                .copied()
                .unwrap_or(Share::new(0, j.flows));
            format!("{v} {} ({})", n(sh.count), pct(&sh))
        })
        .collect();
    writeln!(
        out,
        "verdicts (of {} flows): {}",
        n(j.flows),
        verdicts.join(", ")
    )?;
    let categories = j.categories.iter().map(|c| {
        (
            c.category.as_str(),
            &c.sites_undisclosed,
            &c.sites_with_flows,
            &c.undisclosed_where_present,
        )
    });
    table(out, "RECIPIENT CATEGORY", categories)?;
    let organisations = j.top_organisations.iter().map(|o| {
        (
            o.organisation.as_str(),
            &o.sites_undisclosed,
            &o.sites_with_flows,
            &o.undisclosed_where_present,
        )
    });
    table(out, "ORGANISATION (UNDISCLOSED)", organisations)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_header_is_the_check_columns_between_the_survey_ones() {
        let mut want: Vec<&str> = vec!["site", "service", "status"];
        want.extend(FINDING_CSV_HEADS);
        want.extend(super::super::consent::CSV_HEADS);
        want.extend([
            "recipient_organisation",
            "on_behalf_of_organisation",
            "error",
            "vocab_version",
            "schema_version",
        ]);
        assert_eq!(CSV_HEADER.to_vec(), want);
    }
}
