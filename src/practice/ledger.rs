//! Sharing ledgers: CSV with a header row, or JSON Lines with the same keys.
//!
//! The file is read in blocks; each block is cut at the last record boundary (for CSV, the
//! last newline outside quotes, found by quote parity, which RFC 4180 escaping preserves),
//! a batch of blocks is parsed in parallel, and the partial flows are merged in block order.
//! Memory is bounded by the batch, whatever the file size.

use super::flows::{Flows, Observation};
use super::{Context, Date, LogFormat, LogReport, Party, SourceRef, Term, period_of, quote_of};
use crate::vocab::TreeKind;
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::Read;

/// Bytes per parallel block.
const BLOCK: usize = 1 << 20;
/// A record longer than this is skipped (and reading resumes at the next line).
const MAX_RECORD: usize = 16 << 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Recipient,
    Date,
    Category,
    OnBehalfOf,
    Purpose,
    Data,
    Records,
    Reference,
}

/// Header names (lower case, punctuation as spaces) and the column each one means.
const HEADERS: &[(&str, Column)] = &[
    ("recipient", Column::Recipient),
    ("recipient name", Column::Recipient),
    ("recipient organisation", Column::Recipient),
    ("recipient organization", Column::Recipient),
    ("third party", Column::Recipient),
    ("third party name", Column::Recipient),
    ("shared with", Column::Recipient),
    ("disclosed to", Column::Recipient),
    ("sold to", Column::Recipient),
    ("organisation", Column::Recipient),
    ("organization", Column::Recipient),
    ("company", Column::Recipient),
    ("partner", Column::Recipient),
    ("vendor", Column::Recipient),
    ("buyer", Column::Recipient),
    ("purchaser", Column::Recipient),
    ("counterparty", Column::Recipient),
    ("date", Column::Date),
    ("date shared", Column::Date),
    ("shared on", Column::Date),
    ("transfer date", Column::Date),
    ("date of transfer", Column::Date),
    ("date of disclosure", Column::Date),
    ("disclosure date", Column::Date),
    ("disclosed on", Column::Date),
    ("date sent", Column::Date),
    ("sent", Column::Date),
    ("timestamp", Column::Date),
    ("datetime", Column::Date),
    ("when", Column::Date),
    ("recipient category", Column::Category),
    ("recipient type", Column::Category),
    ("type of recipient", Column::Category),
    ("third party category", Column::Category),
    ("third party type", Column::Category),
    ("category", Column::Category),
    ("on behalf of", Column::OnBehalfOf),
    ("behalf of", Column::OnBehalfOf),
    ("end user", Column::OnBehalfOf),
    ("end client", Column::OnBehalfOf),
    ("ultimate recipient", Column::OnBehalfOf),
    ("client", Column::OnBehalfOf),
    ("purpose", Column::Purpose),
    ("purposes", Column::Purpose),
    ("purpose s", Column::Purpose),
    ("purpose of sharing", Column::Purpose),
    ("reason", Column::Purpose),
    ("data", Column::Data),
    ("data shared", Column::Data),
    ("data categories", Column::Data),
    ("data category", Column::Data),
    ("categories of data", Column::Data),
    ("data fields", Column::Data),
    ("data items", Column::Data),
    ("fields", Column::Data),
    ("personal data", Column::Data),
    ("information shared", Column::Data),
    ("records", Column::Records),
    ("no of records", Column::Records),
    ("number of records", Column::Records),
    ("record count", Column::Records),
    ("records shared", Column::Records),
    ("number of individuals", Column::Records),
    ("individuals", Column::Records),
    ("count", Column::Records),
    ("volume", Column::Records),
    ("reference", Column::Reference),
    ("ref", Column::Reference),
    ("contract", Column::Reference),
    ("contract reference", Column::Reference),
    ("invoice", Column::Reference),
    ("source document", Column::Reference),
];

fn header_key(name: &str) -> String {
    let mut out = String::new();
    for w in name
        .trim_start_matches('\u{feff}')
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&w.to_lowercase());
    }
    out
}

fn column_of(name: &str) -> Option<Column> {
    let key = header_key(name);
    HEADERS.iter().find(|(h, _)| *h == key).map(|(_, c)| *c)
}

/// The fields of one record, as written.
#[derive(Default)]
struct Fields<'a> {
    recipient: &'a str,
    date: &'a str,
    category: &'a str,
    on_behalf_of: &'a str,
    purpose: &'a str,
    data: &'a str,
    records: &'a str,
    reference: &'a str,
}

impl<'a> Fields<'a> {
    fn set(&mut self, column: Column, value: &'a str) {
        let slot = match column {
            Column::Recipient => &mut self.recipient,
            Column::Date => &mut self.date,
            Column::Category => &mut self.category,
            Column::OnBehalfOf => &mut self.on_behalf_of,
            Column::Purpose => &mut self.purpose,
            Column::Data => &mut self.data,
            Column::Records => &mut self.records,
            Column::Reference => &mut self.reference,
        };
        // The first column of a kind wins; a second "Category" does not overwrite it.
        if slot.is_empty() {
            *slot = value;
        }
    }
}

/// A record count as ledgers write it: `1065200`, `1,065,200`, `1 065 200`.
fn parse_records(text: &str) -> Result<Option<u64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let digits: String = t
        .chars()
        .filter(|c| !matches!(c, ',' | '_' | ' ' | '\u{a0}' | '\u{202f}' | '\''))
        .collect();
    if digits.starts_with('-') && digits[1..].bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("negative record count {t:?}"));
    }
    let digits = digits.strip_suffix(".0").unwrap_or(&digits);
    match digits.parse::<u64>() {
        Ok(n) => Ok(Some(n)),
        Err(_) => Err(format!("record count is not a whole number: {t:?}")),
    }
}

/// Per-block state: resolution caches (most ledgers name few recipients many times, so each
/// distinct name, field and flow is resolved once per block) and the partial flows.
struct Block<'c, 'a> {
    ctx: &'c Context<'a>,
    file: &'c str,
    flows: Flows,
    report: LogReport,
    parties: Vec<Party>,
    party_index: HashMap<String, u32>,
    terms: Vec<Vec<Term>>,
    term_index: [HashMap<String, u32>; 2],
    /// (recipient, end user, period) -> (flow slot, last purposes, last data): rows that repeat
    /// the previous row's fields for a flow skip the term merge.
    slots: HashMap<(u32, u32, u32), (usize, u32, u32)>,
    key: String,
}

const NO_PARTY: u32 = u32::MAX;

impl<'c, 'a> Block<'c, 'a> {
    fn new(ctx: &'c Context<'a>, file: &'c str) -> Self {
        Block {
            ctx,
            file,
            flows: Flows::default(),
            report: LogReport::new(file),
            parties: Vec::new(),
            party_index: HashMap::new(),
            terms: Vec::new(),
            term_index: [HashMap::new(), HashMap::new()],
            slots: HashMap::new(),
            key: String::new(),
        }
    }

    /// The index of the resolved party for a name (and category) as written; a problem with
    /// the category is reported the first time only.
    fn party(&mut self, name: &str, category: &str, line: u64) -> u32 {
        self.key.clear();
        self.key.push_str(name);
        self.key.push('\u{1f}');
        self.key.push_str(category);
        if let Some(&i) = self.party_index.get(self.key.as_str()) {
            return i;
        }
        let (party, problem) = self
            .ctx
            .resolver
            .party_for_name(name, (!category.is_empty()).then_some(category));
        if let Some(p) = problem {
            self.report.warn(format!(
                "{}:{line}: {p}; resolved by name instead",
                self.file
            ));
        }
        let i = self.parties.len() as u32;
        self.parties.push(party);
        self.party_index.insert(self.key.clone(), i);
        i
    }

    fn terms(&mut self, kind: TreeKind, field: &str) -> u32 {
        let which = (kind == TreeKind::Data) as usize;
        if let Some(&i) = self.term_index[which].get(field) {
            return i;
        }
        let mut out: Vec<Term> = Vec::new();
        for item in field.split([';', '|']) {
            for t in self.ctx.resolver.terms(kind, item) {
                if !out.contains(&t) {
                    out.push(t);
                }
            }
        }
        let i = self.terms.len() as u32;
        self.terms.push(out);
        // A ledger with free text unique to every row would grow the cache without bound.
        if self.term_index[which].len() < 10_000 {
            self.term_index[which].insert(field.to_string(), i);
        }
        i
    }

    /// Validates and aggregates one record; `quote` builds the source quote on demand.
    fn record(&mut self, line: u64, f: &Fields, quote: impl FnOnce() -> String) {
        self.report.read += 1;
        let recipient = f.recipient.trim();
        if recipient.is_empty() {
            self.report
                .skip(line, "recipient: the recipient is empty".into());
            return;
        }
        let date = match f.date.trim() {
            "" => None,
            d => match Date::parse(d) {
                Some(d) => Some(d),
                None => {
                    self.report
                        .skip(line, format!("date: {d:?} is not a date saydo can read"));
                    return;
                }
            },
        };
        let records = match parse_records(f.records) {
            Ok(n) => n.unwrap_or(1),
            Err(why) => {
                self.report.skip(line, format!("records: {why}"));
                return;
            }
        };
        let who = self.party(recipient, f.category.trim(), line);
        let behalf = f.on_behalf_of.trim();
        let for_whom = if behalf.is_empty() {
            NO_PARTY
        } else {
            self.party(behalf, "", line)
        };
        let purposes = self.terms(TreeKind::Purpose, f.purpose);
        let data = self.terms(TreeKind::Data, f.data);
        let period = period_of(date, &self.ctx.options.versions);
        let (slot, same_terms) = match self.slots.get_mut(&(who, for_whom, period)) {
            Some((slot, last_p, last_d)) => {
                let same = (*last_p, *last_d) == (purposes, data);
                (*last_p, *last_d) = (purposes, data);
                (*slot, same)
            }
            None => {
                let behalf_party = self.parties.get(for_whom as usize);
                let slot = self
                    .flows
                    .slot_for(&self.parties[who as usize], behalf_party, period);
                self.slots
                    .insert((who, for_whom, period), (slot, purposes, data));
                (slot, false)
            }
        };
        let source = self.flows.wants_source(slot).then(|| SourceRef {
            file: self.file.to_string(),
            line,
            quote: quote(),
        });
        let reference = f.reference.trim();
        let (p, d): (&[Term], &[Term]) = if same_terms {
            (&[], &[])
        } else {
            (&self.terms[purposes as usize], &self.terms[data as usize])
        };
        self.flows.add_at(
            slot,
            Observation {
                purposes: p,
                data: d,
                records,
                date,
                reference: (!reference.is_empty()).then_some(reference),
                host: None,
                source,
                canaries: Vec::new(),
            },
        );
        self.report.used += 1;
    }
}

/// A block of whole records and the line its first byte is on.
struct Chunk {
    bytes: Vec<u8>,
    first_line: u64,
}

/// Reads one ledger into flows.
pub(super) fn read(
    mut input: impl Read,
    format: LogFormat,
    file: &str,
    ctx: &Context,
    report: &mut LogReport,
) -> Result<Flows, String> {
    let io_err = |e: std::io::Error| format!("{file}: {e}");
    let mut carry: Vec<u8> = Vec::with_capacity(BLOCK * 2);
    let mut eof = false;
    let mut next_line: u64 = 1;
    let threads = rayon::current_num_threads().max(1);
    let mut header: Option<Vec<Option<Column>>> = None;
    let mut header_len = 0usize;
    let mut flows = Flows::default();
    // Inside an over-long record: bytes are dropped until its line ends.
    let mut discarding = false;
    loop {
        let mut chunks: Vec<Chunk> = Vec::new();
        while chunks.len() < threads * 2 {
            while !eof && carry.len() < BLOCK {
                let want = (BLOCK - carry.len()) as u64;
                if (&mut input)
                    .take(want)
                    .read_to_end(&mut carry)
                    .map_err(io_err)?
                    == 0
                {
                    eof = true;
                }
            }
            if next_line == 1 && carry.starts_with(b"\xef\xbb\xbf") {
                carry.drain(..3);
            }
            if discarding {
                match memchr::memchr(b'\n', &carry) {
                    Some(i) => {
                        carry.drain(..=i);
                        next_line += 1;
                        discarding = false;
                    }
                    None => {
                        carry.clear();
                        if eof {
                            break;
                        }
                        continue;
                    }
                }
            }
            if carry.is_empty() {
                break;
            }
            let cut = if eof {
                carry.len()
            } else if let Some(c) = boundary(&carry, format) {
                c
            } else if carry.len() < MAX_RECORD {
                // No whole record yet: read on.
                if (&mut input)
                    .take(BLOCK as u64)
                    .read_to_end(&mut carry)
                    .map_err(io_err)?
                    == 0
                {
                    eof = true;
                }
                continue;
            } else {
                // An unclosed quote or a record larger than any sane ledger row: skip that
                // line and resynchronise after it.
                report.read += 1;
                report.skip(
                    next_line,
                    format!(
                        "fields: unclosed quote or a record longer than {} MiB",
                        MAX_RECORD >> 20
                    ),
                );
                match memchr::memchr(b'\n', &carry) {
                    Some(i) => {
                        carry.drain(..=i);
                        next_line += 1;
                    }
                    None => {
                        carry.clear();
                        discarding = true;
                    }
                }
                continue;
            };
            let mut bytes: Vec<u8> = carry.drain(..cut).collect();
            let first_line = next_line;
            next_line += bytecount(&bytes);
            if header.is_none() && format == LogFormat::Csv {
                // The header is the first record of the first block.
                let (columns, used, line_count) = read_header(&bytes, file, report)?;
                header_len = columns.len();
                header = Some(columns);
                bytes.drain(..used);
                chunks.push(Chunk {
                    bytes,
                    first_line: first_line + line_count,
                });
                continue;
            }
            chunks.push(Chunk { bytes, first_line });
        }
        if chunks.is_empty() {
            break;
        }
        let columns = header.as_deref().unwrap_or(&[]);
        let parts: Vec<(Flows, LogReport)> = chunks
            .par_iter()
            .map(|chunk| {
                let mut block = Block::new(ctx, file);
                match format {
                    LogFormat::Csv => csv_block(&mut block, chunk, columns, header_len),
                    _ => jsonl_block(&mut block, chunk),
                }
                (block.flows, block.report)
            })
            .collect();
        for (f, r) in parts {
            flows.merge(f);
            report.absorb(r);
        }
    }
    if format == LogFormat::Csv && header.is_none() {
        return Err(format!("{file}: the file is empty"));
    }
    if report.read == 0 {
        report.warn(format!("{file}: no records after the header"));
    }
    Ok(flows)
}

fn bytecount(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

/// The end of the last whole record in `buf` (just after a line break that is not inside a
/// quoted field), if there is one.
fn boundary(buf: &[u8], format: LogFormat) -> Option<usize> {
    if format != LogFormat::Csv {
        return memchr::memrchr(b'\n', buf).map(|i| i + 1);
    }
    let mut in_quotes = false;
    let mut last = None;
    for i in memchr::memchr2_iter(b'"', b'\n', buf) {
        if buf[i] == b'"' {
            in_quotes = !in_quotes;
        } else if !in_quotes {
            last = Some(i + 1);
        }
    }
    last
}

/// Maps the header row to columns; returns the columns, the bytes it used and its line count.
fn read_header(
    bytes: &[u8],
    file: &str,
    report: &mut LogReport,
) -> Result<(Vec<Option<Column>>, usize, u64), String> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rec = csv::ByteRecord::new();
    let found = rdr
        .read_byte_record(&mut rec)
        .map_err(|e| format!("{file}:1: cannot read the header row: {e}"))?;
    if !found {
        return Err(format!("{file}: the file is empty"));
    }
    let used = rdr.position().byte() as usize;
    let lines = bytecount(&bytes[..used]);
    let mut columns = Vec::with_capacity(rec.len());
    let mut unknown = Vec::new();
    for field in rec.iter() {
        let name = String::from_utf8_lossy(field);
        let col = column_of(&name);
        if col.is_none() && !name.trim().is_empty() {
            unknown.push(name.trim().to_string());
        }
        columns.push(col);
    }
    if !columns.contains(&Some(Column::Recipient)) {
        let names: Vec<String> = rec
            .iter()
            .map(|f| String::from_utf8_lossy(f).trim().to_string())
            .collect();
        return Err(format!(
            "{file}:1: no recipient column in the header ({}); name one \"recipient\" (or \"third party\", \"shared with\", \"organisation\")",
            names.join(", ")
        ));
    }
    if !unknown.is_empty() {
        report.warn(format!(
            "{file}:1: columns not used by saydo: {}",
            unknown.join(", ")
        ));
    }
    Ok((columns, used, lines))
}

/// Field text: UTF-8, or Windows-1252 (with a warning) when the bytes are not UTF-8.
fn field_text<'b>(bytes: &'b [u8], line: u64, block: &mut Block) -> std::borrow::Cow<'b, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => std::borrow::Cow::Borrowed(s),
        Err(_) => {
            block.report.warn(format!(
                "{}:{line}: not valid UTF-8; read as Windows-1252",
                block.file
            ));
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            std::borrow::Cow::Owned(text.into_owned())
        }
    }
}

fn csv_block(block: &mut Block, chunk: &Chunk, columns: &[Option<Column>], header_len: usize) {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(&chunk.bytes[..]);
    let mut rec = csv::ByteRecord::new();
    loop {
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line =
                    chunk.first_line + e.position().map_or(0, |p| p.line().saturating_sub(1));
                block.report.read += 1;
                block.report.skip(line, format!("fields: {e}"));
                break;
            }
        }
        let pos = rec.position().cloned().unwrap_or_else(csv::Position::new);
        let line = chunk.first_line + pos.line().saturating_sub(1);
        if rec.len() == 1
            && rec
                .get(0)
                .is_some_and(|f| f.iter().all(u8::is_ascii_whitespace))
        {
            continue; // a blank line
        }
        if rec.len() != header_len {
            block.report.read += 1;
            block.report.skip(
                line,
                format!(
                    "fields: {} field(s) where the header has {header_len}",
                    rec.len()
                ),
            );
            continue;
        }
        // Fields are borrowed from the record; only bytes that are not UTF-8 are copied.
        let mut decoded: Vec<(usize, String)> = Vec::new();
        for (i, col) in columns.iter().enumerate() {
            if col.is_some()
                && let Some(bytes) = rec.get(i)
                && std::str::from_utf8(bytes).is_err()
            {
                decoded.push((i, field_text(bytes, line, block).into_owned()));
            }
        }
        let mut fields = Fields::default();
        for (i, col) in columns.iter().enumerate() {
            let Some(c) = col else { continue };
            let text = match decoded.iter().find(|(k, _)| *k == i) {
                Some((_, t)) => t.as_str(),
                None => rec
                    .get(i)
                    .and_then(|b| std::str::from_utf8(b).ok())
                    .unwrap_or(""),
            };
            fields.set(*c, text);
        }
        let start = pos.byte() as usize;
        let bytes = &chunk.bytes;
        block.record(line, &fields, || {
            let end = memchr::memchr(b'\n', &bytes[start.min(bytes.len())..])
                .map_or(bytes.len(), |i| start + i);
            quote_of(&String::from_utf8_lossy(&bytes[start.min(end)..end]))
        });
    }
}

fn jsonl_block(block: &mut Block, chunk: &Chunk) {
    for (this, raw) in (chunk.first_line..).zip(chunk.bytes.split(|&b| b == b'\n')) {
        let trimmed = raw.trim_ascii();
        if trimmed.is_empty() {
            continue;
        }
        let value: serde_json::Value = match serde_json::from_slice(trimmed) {
            Ok(v) => v,
            Err(e) => {
                block.report.read += 1;
                block
                    .report
                    .skip(this, format!("fields: not a JSON object ({e})"));
                continue;
            }
        };
        let Some(object) = value.as_object() else {
            block.report.read += 1;
            block
                .report
                .skip(this, "fields: the line is JSON but not an object".into());
            continue;
        };
        let mut texts: Vec<(Column, String)> = Vec::new();
        for (k, v) in object {
            let Some(col) = column_of(k) else { continue };
            let text = match v {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Number(n) => n.to_string(),
                serde_json::Value::Array(items) => items
                    .iter()
                    .map(|i| match i {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join("; "),
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            };
            texts.push((col, text));
        }
        let mut fields = Fields::default();
        for (c, t) in &texts {
            fields.set(*c, t);
        }
        block.record(this, &fields, || {
            quote_of(&String::from_utf8_lossy(trimmed))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_whole_non_negative_numbers() {
        assert_eq!(parse_records("1,065,200"), Ok(Some(1_065_200)));
        assert_eq!(parse_records("1 065 200"), Ok(Some(1_065_200)));
        assert_eq!(parse_records(""), Ok(None));
        assert!(parse_records("-5").unwrap_err().contains("negative"));
        assert!(
            parse_records("lots")
                .unwrap_err()
                .contains("not a whole number")
        );
        assert!(parse_records("2.5").is_err());
    }

    #[test]
    fn header_aliases() {
        assert_eq!(column_of("Third party"), Some(Column::Recipient));
        assert_eq!(column_of("Date shared"), Some(Column::Date));
        assert_eq!(column_of("No. of records"), Some(Column::Records));
        assert_eq!(column_of("Purpose(s)"), Some(Column::Purpose));
        assert_eq!(column_of("RECIPIENT_CATEGORY"), Some(Column::Category));
        assert_eq!(column_of("on_behalf_of"), Some(Column::OnBehalfOf));
        assert_eq!(column_of("Notes"), None);
    }

    #[test]
    fn boundaries_respect_quotes() {
        let buf = b"a,\"x\ny\"\nb,c\n\"open\nfield";
        assert_eq!(boundary(buf, LogFormat::Csv), Some(12));
        assert_eq!(boundary(b"no newline", LogFormat::Csv), None);
        assert_eq!(boundary(b"{}\n{", LogFormat::Jsonl), Some(3));
    }
}
