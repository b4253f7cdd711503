//! Sharing ledgers: CSV with a header row, or JSON Lines with the same keys.
//!
//! The file is read in blocks. One sequential pass finds where each record ends ([`scan_csv`]:
//! cheap, a `memchr` per field), so record boundaries never depend on where a block happens
//! to end; a batch of blocks is then parsed in parallel and the partial flows are merged in
//! block order. Memory is bounded by the batch, whatever the file size.
//!
//! A quote that never closes costs only the line it opens on: a record may span lines only
//! when every quoted field in it closes cleanly and it has the header's number of fields;
//! otherwise its first line is skipped (counted, with the reason) and reading resumes at the
//! next line.
//!
//! A ledger with a `site` column (the site each row was shared from, as a survey of many sites
//! has it) can be read [`Grouping::BySite`]: each site's rows then aggregate into flows of
//! their own, never merged with another site's, each split by the versions of that site's
//! policy. `check` and `flows` read the same file [`Grouping::File`], as one organisation's
//! ledger: the column is then not used, and said so, as any other unknown column.

use super::flows::{Flows, Observation};
use super::{
    Context, Date, Interner, LogFormat, LogReport, Party, SourceRef, Term, Terms, period_of,
    quote_of,
};
use crate::vocab::TreeKind;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::sync::Arc;

/// Bytes per parallel block.
const BLOCK: usize = 1 << 20;
/// A record longer than this is skipped (and reading resumes at the next line).
const MAX_RECORD: usize = 16 << 20;
/// A header with more columns than this is refused (a data row with more is skipped).
const MAX_COLUMNS: usize = 10_000;

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
    /// The site a row was shared from (read [`Grouping::BySite`] only).
    Site,
}

impl Column {
    fn describe(self) -> &'static str {
        match self {
            Column::Recipient => "recipient",
            Column::Date => "date",
            Column::Category => "recipient category",
            Column::OnBehalfOf => "end user (on behalf of)",
            Column::Purpose => "purpose",
            Column::Data => "data",
            Column::Records => "record count",
            Column::Reference => "reference",
            Column::Site => "site",
        }
    }
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
    ("site", Column::Site),
    ("site url", Column::Site),
    ("site domain", Column::Site),
    ("visited site", Column::Site),
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

/// The column a header or key names when reading with or without sites: read as one file, a
/// `site` column is not used (as before `survey` read it).
fn column_for(name: &str, by_site: bool) -> Option<Column> {
    column_of(name).filter(|c| by_site || *c != Column::Site)
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
    site: &'a str,
    /// Whether the record has a site column or key at all (empty or not).
    has_site: bool,
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
            Column::Site => {
                self.has_site = true;
                &mut self.site
            }
        };
        // The first column of a kind wins; a second "Category" does not overwrite it.
        if slot.is_empty() {
            *slot = value;
        }
    }
}

/// A record count as ledgers write it: `1065200`, `1,065,200`, `1 065 200`. Separators must
/// group thousands (`1,2,3` and `,5` are not counts).
fn parse_records(text: &str) -> Result<Option<u64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let not_whole = || {
        Err(format!(
            "record count is not a whole number: {:?}",
            quote_of(t)
        ))
    };
    let (negative, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let body = body.strip_suffix(".0").unwrap_or(body);
    let is_sep = |c: char| matches!(c, ',' | '_' | ' ' | '\u{a0}' | '\u{202f}' | '\'');
    let mut groups = body.split(is_sep);
    let first = groups.next().unwrap_or("");
    let mut digits = String::with_capacity(body.len());
    if first.is_empty() || !first.bytes().all(|b| b.is_ascii_digit()) {
        return not_whole();
    }
    let grouped = body.contains(is_sep);
    if grouped && first.len() > 3 {
        return not_whole();
    }
    digits.push_str(first);
    // Every later group is exactly three digits, and one separator is used throughout.
    let sep = body.chars().find(|&c| is_sep(c));
    for g in groups {
        if g.len() != 3 || !g.bytes().all(|b| b.is_ascii_digit()) {
            return not_whole();
        }
        digits.push_str(g);
    }
    if grouped && body.chars().filter(|&c| is_sep(c)).any(|c| Some(c) != sep) {
        return not_whole();
    }
    if negative {
        return Err(format!("negative record count {:?}", quote_of(t)));
    }
    match digits.parse::<u64>() {
        Ok(n) => Ok(Some(n)),
        Err(_) => Err(format!(
            "record count {:?} is larger than {}",
            quote_of(t),
            u64::MAX
        )),
    }
}

/// How a ledger's rows are grouped into flows.
#[derive(Clone, Copy)]
pub(crate) enum Grouping<'g> {
    /// Every row into one set of flows, split by [`super::Options::versions`] (`check`,
    /// `flows`): the ledger is one organisation's.
    File,
    /// Rows kept apart by their `site` column (its registrable domain): each site's flows are
    /// its own. The function says, for a site, whether its rows are wanted (a survey's shard,
    /// sites not yet written) and, if so, the dates of the versions of that site's policy,
    /// which split its flows as `check` splits them.
    BySite(&'g (dyn Fn(&str) -> Option<Arc<[Date]>> + Sync)),
}

/// The flows of one site of a ledger read [`Grouping::BySite`] (the whole file's, with
/// [`Grouping::File`]), and its rows.
#[derive(Debug, Default)]
pub struct SiteLedger {
    pub flows: Flows,
    /// Rows of this site read, and used (the others are skipped, and reported for the file).
    pub read: u64,
    pub used: u64,
}

/// One group's partial flows in a block: a site's, or the file's.
struct Group {
    site: String,
    versions: Arc<[Date]>,
    ledger: SiteLedger,
}

/// What a row's site is, as a block remembers it.
#[derive(Clone)]
enum SiteOf {
    /// The group of its registrable domain.
    Group(u32),
    /// A site whose rows are not wanted.
    PassedOver,
    /// Not a site (the reason).
    Invalid(String),
}

/// A ledger row's site: the registrable domain of the domain or URL written. Text that is not
/// a host name (`n/a`, `unknown`) is refused.
fn site_of(text: &str) -> Result<String, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("the row names no site".into());
    }
    let site = super::openwpm::site_of_url(t);
    let is_host = site.contains(['.', ':'])
        && site
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':'));
    if is_host {
        Ok(site)
    } else {
        Err(format!(
            "{:?} is not a site (a domain such as example.com, or a URL)",
            quote_of(t)
        ))
    }
}

/// Per-block state: resolution caches (most ledgers name few recipients many times, so each
/// distinct name, field and flow is resolved once per block) and the partial flows.
struct Block<'c, 'a> {
    ctx: &'c Context<'a>,
    file: &'c str,
    /// The file name every source of this file shares.
    shared_file: &'c Arc<str>,
    grouping: Grouping<'c>,
    /// The partial flows: one group with [`Grouping::File`], one per site otherwise.
    groups: Vec<Group>,
    /// Site text as written -> its group (a ledger names few sites many times).
    site_index: HashMap<String, SiteOf>,
    /// Registrable domain -> group, for the spellings of one site (`www.a.example`, `a.example`).
    domain_index: HashMap<String, u32>,
    /// Records that have a site column or key (JSON Lines: a ledger without any is refused).
    with_site_key: u64,
    report: LogReport,
    parties: Vec<Party>,
    party_index: HashMap<String, u32>,
    /// Recipient category lists: a ledger of many distinct recipients names few kinds.
    categories: Interner<String>,
    terms: Vec<Terms>,
    term_index: [HashMap<String, u32>; 2],
    /// (group, recipient, end user, period) -> (flow slot, last purposes, last data): rows that
    /// repeat the previous row's fields for a flow skip the term merge.
    slots: HashMap<SlotKey, (usize, u32, u32)>,
    key: String,
}

const NO_PARTY: u32 = u32::MAX;

/// (group, recipient, end user, period): what makes a flow in a block.
type SlotKey = (u32, u32, u32, u32);

impl<'c, 'a> Block<'c, 'a> {
    fn new(
        ctx: &'c Context<'a>,
        file: &'c str,
        shared_file: &'c Arc<str>,
        grouping: Grouping<'c>,
    ) -> Self {
        let groups = match grouping {
            Grouping::File => vec![Group {
                site: String::new(),
                versions: Arc::from(ctx.options.versions.as_slice()),
                ledger: SiteLedger::default(),
            }],
            Grouping::BySite(_) => Vec::new(),
        };
        Block {
            ctx,
            file,
            shared_file,
            grouping,
            groups,
            site_index: HashMap::new(),
            domain_index: HashMap::new(),
            with_site_key: 0,
            report: LogReport::new(file),
            parties: Vec::new(),
            party_index: HashMap::new(),
            categories: Interner::default(),
            terms: Vec::new(),
            term_index: [HashMap::new(), HashMap::new()],
            slots: HashMap::new(),
            key: String::new(),
        }
    }

    /// The group a row with this site text goes to.
    fn site_group(&mut self, text: &str) -> SiteOf {
        let Grouping::BySite(wanted) = self.grouping else {
            return SiteOf::Group(0);
        };
        if let Some(s) = self.site_index.get(text) {
            return s.clone();
        }
        let found = match site_of(text) {
            Err(why) => SiteOf::Invalid(why),
            Ok(site) => match self.domain_index.get(&site) {
                Some(&g) => SiteOf::Group(g),
                None => match wanted(&site) {
                    None => SiteOf::PassedOver,
                    Some(versions) => {
                        let g = self.groups.len() as u32;
                        self.domain_index.insert(site.clone(), g);
                        self.groups.push(Group {
                            site,
                            versions,
                            ledger: SiteLedger::default(),
                        });
                        SiteOf::Group(g)
                    }
                },
            },
        };
        self.site_index.insert(text.to_string(), found.clone());
        found
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
        let (mut party, problem) = self
            .ctx
            .resolver
            .party_for_name(name, (!category.is_empty()).then_some(category));
        party.categories = self
            .categories
            .intern(std::mem::take(&mut party.categories));
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
            for mut t in self.ctx.resolver.terms(kind, item) {
                if kind == TreeKind::Data {
                    t.basis = Some(super::Basis::Ledger);
                }
                if !out.contains(&t) {
                    out.push(t);
                }
            }
        }
        let i = self.terms.len() as u32;
        self.terms.push(Terms::new(out));
        // A ledger with free text unique to every row would grow the cache without bound.
        if self.term_index[which].len() < 10_000 {
            self.term_index[which].insert(field.to_string(), i);
        }
        i
    }

    /// Validates and aggregates one record; `quote` builds the source quote on demand.
    fn record(&mut self, line: u64, f: &Fields, quote: impl FnOnce() -> String) {
        self.report.read += 1;
        self.with_site_key += u64::from(f.has_site);
        // A row of a site not wanted is passed over before anything else is checked: another
        // shard reads it.
        let g = match self.site_group(f.site) {
            SiteOf::Group(g) => g,
            SiteOf::PassedOver => return,
            SiteOf::Invalid(why) => {
                self.report.skip(line, format!("site: {why}"));
                return;
            }
        };
        let group = g as usize;
        self.groups[group].ledger.read += 1;
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
        let period = period_of(date, &self.groups[group].versions);
        let (slot, same_terms) = match self.slots.get_mut(&(g, who, for_whom, period)) {
            Some((slot, last_p, last_d)) => {
                let same = (*last_p, *last_d) == (purposes, data);
                (*last_p, *last_d) = (purposes, data);
                (*slot, same)
            }
            None => {
                let behalf_party = self.parties.get(for_whom as usize);
                let slot = self.groups[group].ledger.flows.slot_for(
                    &self.parties[who as usize],
                    behalf_party,
                    period,
                );
                self.slots
                    .insert((g, who, for_whom, period), (slot, purposes, data));
                (slot, false)
            }
        };
        let flows = &mut self.groups[group].ledger.flows;
        if !flows.records_fit(slot, records) {
            self.report.skip(
                line,
                format!(
                    "records: the total for this recipient would pass {}, the largest count saydo keeps",
                    u64::MAX
                ),
            );
            return;
        }
        let source = flows.wants_source(slot).then(|| SourceRef {
            file: self.shared_file.clone(),
            line,
            quote: quote().into_boxed_str(),
            request: None,
        });
        let reference = f.reference.trim();
        let none = Terms::default();
        let (p, d): (&Terms, &Terms) = if same_terms {
            (&none, &none)
        } else {
            (&self.terms[purposes as usize], &self.terms[data as usize])
        };
        flows.add_at(
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
        self.groups[group].ledger.used += 1;
        self.report.used += 1;
    }
}

/// What a record in a chunk is: its bytes (`start..end` in the chunk) and the line it starts
/// on, or a line skipped because a quote in it never closes cleanly.
struct Rec {
    start: usize,
    end: usize,
    line: u64,
    broken: Option<&'static str>,
}

/// A block of whole records.
struct Chunk {
    bytes: Vec<u8>,
    recs: Vec<Rec>,
}

/// How the record starting at some offset ends.
#[derive(Debug, PartialEq, Eq)]
enum Scan {
    /// It ends at this offset (after its line break, or at the end of the input).
    Record(usize),
    /// It is broken: skip its first line, which ends at this offset, and resume there.
    Broken(usize, &'static str),
    /// The buffer ends inside it.
    More,
}

/// Finds the end of the CSV record starting at `start`. A `"` opens a quoted field only at
/// the start of a field (`6" screen` is text); a quoted field may hold line breaks, but a
/// record that spans lines must close each quote cleanly and have `expect` fields (when
/// known), or it is [`Scan::Broken`] and costs only its first line.
fn scan_csv(buf: &[u8], start: usize, eof: bool, expect: Option<usize>) -> Scan {
    let first_line_end =
        |from: usize| memchr::memchr(b'\n', &buf[from..]).map_or(buf.len(), |i| from + i + 1);
    let mut i = start;
    let mut fields = 1usize;
    let mut spans_lines = false;
    let mut field_start = true;
    loop {
        if field_start && buf.get(i) == Some(&b'"') {
            let open = i;
            let mut j = i + 1;
            let close = loop {
                match memchr::memchr(b'"', &buf[j..]) {
                    None if !eof => return Scan::More,
                    None => return Scan::Broken(first_line_end(start), "unclosed quote"),
                    Some(k) => {
                        let q = j + k;
                        match buf.get(q + 1) {
                            Some(b'"') => j = q + 2,
                            None if !eof => return Scan::More,
                            _ => break q,
                        }
                    }
                }
            };
            if memchr::memchr(b'\n', &buf[open..close]).is_some() {
                spans_lines = true;
            }
            i = close + 1;
            let clean = matches!(buf.get(i), None | Some(b',' | b'\n' | b'\r'));
            if !clean && spans_lines {
                return Scan::Broken(
                    first_line_end(start),
                    "a quote opened here closes on a later line in the middle of a field",
                );
            }
            field_start = false;
            continue;
        }
        match memchr::memchr2(b',', b'\n', &buf[i..]) {
            None if !eof => return Scan::More,
            None => return finish(buf.len(), fields, spans_lines, expect, start, buf),
            Some(k) => {
                let p = i + k;
                if buf[p] == b',' {
                    fields += 1;
                    i = p + 1;
                    field_start = true;
                } else {
                    return finish(p + 1, fields, spans_lines, expect, start, buf);
                }
            }
        }
    }
}

fn finish(
    end: usize,
    fields: usize,
    spans_lines: bool,
    expect: Option<usize>,
    start: usize,
    buf: &[u8],
) -> Scan {
    if spans_lines && expect.is_some_and(|n| n != fields) {
        let line_end = memchr::memchr(b'\n', &buf[start..]).map_or(buf.len(), |i| start + i + 1);
        return Scan::Broken(
            line_end,
            "a quote opened here spans lines into a record with the wrong number of fields",
        );
    }
    Scan::Record(end)
}

/// Splits one CSV record into fields (at most `keep` of them stored; the rest only counted),
/// unescaping `""` inside quoted fields. Returns the field count.
fn split_fields<'b>(
    rec: &'b [u8],
    keep: usize,
    out: &mut Vec<std::borrow::Cow<'b, [u8]>>,
) -> usize {
    use std::borrow::Cow;
    out.clear();
    let mut rec = rec;
    while let [rest @ .., b'\n' | b'\r'] = rec {
        rec = rest;
    }
    let mut count = 0usize;
    let mut i = 0usize;
    loop {
        count += 1;
        let field: Cow<'b, [u8]>;
        if rec.get(i) == Some(&b'"') {
            let mut owned: Option<Vec<u8>> = None;
            let mut j = i + 1;
            let mut from = j;
            loop {
                match memchr::memchr(b'"', &rec[j..]) {
                    None => {
                        // Unclosed at the end of the record: the rest is the field.
                        j = rec.len();
                        break;
                    }
                    Some(k) => {
                        let q = j + k;
                        if rec.get(q + 1) == Some(&b'"') {
                            owned
                                .get_or_insert_with(Vec::new)
                                .extend_from_slice(&rec[from..=q]);
                            j = q + 2;
                            from = j;
                        } else {
                            j = q;
                            break;
                        }
                    }
                }
            }
            let quoted = &rec[from..j];
            let after = (j + 1).min(rec.len());
            // Text between a closing quote and the next comma is kept, as most readers do.
            let tail_end = memchr::memchr(b',', &rec[after..]).map_or(rec.len(), |k| after + k);
            let tail = &rec[after..tail_end];
            field = match owned {
                None if tail.is_empty() => Cow::Borrowed(quoted),
                o => {
                    let mut v = o.unwrap_or_default();
                    v.extend_from_slice(quoted);
                    v.extend_from_slice(tail);
                    Cow::Owned(v)
                }
            };
            i = tail_end;
        } else {
            let end = memchr::memchr(b',', &rec[i..]).map_or(rec.len(), |k| i + k);
            field = Cow::Borrowed(&rec[i..end]);
            i = end;
        }
        if out.len() < keep {
            out.push(field);
        }
        if i >= rec.len() {
            return count;
        }
        i += 1; // past the comma
        if i == rec.len() {
            count += 1;
            if out.len() < keep {
                out.push(Cow::Borrowed(&rec[i..]));
            }
            return count;
        }
    }
}

/// Reads one ledger into flows.
pub(super) fn read(
    input: impl Read,
    format: LogFormat,
    file: &str,
    ctx: &Context,
    report: &mut LogReport,
) -> Result<Flows, String> {
    let mut groups = read_blocks(input, format, file, ctx, report, BLOCK, Grouping::File)?;
    Ok(groups.remove("").map(|g| g.flows).unwrap_or_default())
}

/// Reads one ledger with a `site` column into each site's flows, by registrable domain and in
/// its order (see [`Grouping::BySite`]). A row with no site, or text that is not one, is
/// skipped with its line; a CSV header without a site column, or a JSON Lines file none of
/// whose records has a site key, is an error naming the file.
pub(super) fn read_by_site(
    input: impl Read,
    format: LogFormat,
    file: &str,
    ctx: &Context,
    report: &mut LogReport,
    wanted: &(dyn Fn(&str) -> Option<Arc<[Date]>> + Sync),
) -> Result<BTreeMap<String, SiteLedger>, String> {
    read_blocks(
        input,
        format,
        file,
        ctx,
        report,
        BLOCK,
        Grouping::BySite(wanted),
    )
}

/// [`read`] with the block size and grouping as parameters, so tests can check that results
/// do not depend on where blocks end: the flows of each group (the key `""` for
/// [`Grouping::File`]).
fn read_blocks(
    mut input: impl Read,
    format: LogFormat,
    file: &str,
    ctx: &Context,
    report: &mut LogReport,
    block: usize,
    grouping: Grouping,
) -> Result<BTreeMap<String, SiteLedger>, String> {
    let by_site = matches!(grouping, Grouping::BySite(_));
    let mut with_site_key = 0u64;
    let io_err = |e: std::io::Error| format!("{file}: cannot read: {e}");
    let mut carry: Vec<u8> = Vec::with_capacity(block * 2);
    let mut eof = false;
    let mut next_line: u64 = 1;
    let threads = rayon::current_num_threads().max(1);
    let mut header: Option<Vec<Option<Column>>> = None;
    let mut header_len = 0usize;
    let mut groups: BTreeMap<String, SiteLedger> = BTreeMap::new();
    let shared_file: Arc<str> = Arc::from(file);
    let mut started = false;
    // Inside an over-long line: bytes are dropped until it ends.
    let mut discarding = false;
    // Whether lines end in a lone CR (classic Mac OS, "CSV (Macintosh)" from Excel): decided
    // at the first line break. Such a file is read with every CR as a line break, so its rows
    // are its lines; in any other file lines end at LF (a CRLF's CR is dropped with the row's
    // end) and a stray CR inside a row does not shift the line count.
    let mut cr_lines: Option<bool> = None;
    let mut fill = |carry: &mut Vec<u8>, want: usize, eof: &mut bool| -> Result<(), String> {
        while !*eof && carry.len() < want {
            let from = carry.len();
            let n = (&mut input)
                .take((want - carry.len()) as u64)
                .read_to_end(carry)
                .map_err(io_err)?;
            if n == 0 {
                *eof = true;
            }
            let translate_from = match cr_lines {
                Some(true) => Some(from),
                Some(false) => None,
                None => {
                    cr_lines = match (memchr::memchr(b'\r', carry), memchr::memchr(b'\n', carry)) {
                        (_, Some(_)) => Some(false),
                        // A CR before any LF, not cut from its LF by the end of the read.
                        (Some(c), None) if c + 1 < carry.len() || *eof => Some(true),
                        _ => None,
                    };
                    (cr_lines == Some(true)).then_some(0)
                }
            };
            if let Some(start) = translate_from {
                for b in &mut carry[start..] {
                    if *b == b'\r' {
                        *b = b'\n';
                    }
                }
            }
        }
        Ok(())
    };
    loop {
        let mut chunks: Vec<Chunk> = Vec::new();
        while chunks.len() < threads * 2 {
            fill(&mut carry, block, &mut eof)?;
            if !started {
                started = true;
                if carry.starts_with(b"\xef\xbb\xbf") {
                    carry.drain(..3);
                }
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
            if format == LogFormat::Csv && header.is_none() {
                let end = match scan_csv(&carry, 0, eof, None) {
                    Scan::Record(end) => end,
                    Scan::More if carry.len() < MAX_RECORD => {
                        let want = carry.len() + block;
                        fill(&mut carry, want, &mut eof)?;
                        continue;
                    }
                    _ => {
                        return Err(format!(
                            "{file}:1: cannot read the header row (an unclosed quote, or longer than {} MiB)",
                            MAX_RECORD >> 20
                        ));
                    }
                };
                let columns = read_header(&carry[..end], file, report, by_site)?;
                header_len = columns.len();
                header = Some(columns);
                next_line += bytecount(&carry[..end]);
                carry.drain(..end);
                continue;
            }
            let expect = (format == LogFormat::Csv).then_some(header_len);
            let mut recs = Vec::new();
            let mut pos = 0usize;
            let mut need_more = false;
            while pos < carry.len() && pos < block {
                let scan = match format {
                    LogFormat::Csv => scan_csv(&carry, pos, eof, expect),
                    _ => match memchr::memchr(b'\n', &carry[pos..]) {
                        Some(i) => Scan::Record(pos + i + 1),
                        None if eof => Scan::Record(carry.len()),
                        None => Scan::More,
                    },
                };
                match scan {
                    Scan::Record(end) => {
                        recs.push(Rec {
                            start: pos,
                            end,
                            line: next_line,
                            broken: None,
                        });
                        next_line += bytecount(&carry[pos..end]);
                        pos = end;
                    }
                    Scan::Broken(line_end, why) => {
                        recs.push(Rec {
                            start: pos,
                            end: line_end,
                            line: next_line,
                            broken: Some(why),
                        });
                        next_line += 1;
                        pos = line_end;
                    }
                    Scan::More => {
                        need_more = true;
                        break;
                    }
                }
            }
            if !recs.is_empty() {
                let bytes: Vec<u8> = carry.drain(..pos).collect();
                chunks.push(Chunk { bytes, recs });
                continue;
            }
            if need_more {
                if carry.len() < MAX_RECORD {
                    let want = carry.len() + block;
                    fill(&mut carry, want, &mut eof)?;
                    continue;
                }
                // A record larger than any sane ledger row: skip its first line.
                report.read += 1;
                report.skip(
                    next_line,
                    format!(
                        "fields: a record longer than {} MiB (or a quote that does not close)",
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
            }
        }
        if chunks.is_empty() {
            break;
        }
        let columns = header.as_deref().unwrap_or(&[]);
        let parts: Vec<(Vec<Group>, LogReport, u64)> = chunks
            .par_iter()
            .map(|chunk| {
                let mut block = Block::new(ctx, file, &shared_file, grouping);
                match format {
                    LogFormat::Csv => csv_block(&mut block, chunk, columns, header_len),
                    _ => jsonl_block(&mut block, chunk, by_site),
                }
                (block.groups, block.report, block.with_site_key)
            })
            .collect();
        // Merged in block order, site by site: a site's flows never meet another's.
        for (part, r, keyed) in parts {
            for g in part {
                let into = groups.entry(g.site).or_default();
                into.read += g.ledger.read;
                into.used += g.ledger.used;
                for name in into.flows.merge(g.ledger.flows) {
                    report.warn(format!(
                        "{file}: the record count for {name} passes {}; shown as that",
                        u64::MAX
                    ));
                }
            }
            report.absorb(r);
            with_site_key += keyed;
        }
    }
    if format == LogFormat::Csv && header.is_none() {
        return Err(format!("{file}: the file is empty"));
    }
    if by_site && format != LogFormat::Csv && report.read > 0 && with_site_key == 0 {
        return Err(format!(
            "{file}: no record has a \"site\" key, so which site each row was shared from is not known; give each record a \"site\" (a domain or URL), or give this ledger to saydo check"
        ));
    }
    if report.read == 0 {
        report.warn(format!("{file}: no records after the header"));
    }
    Ok(groups)
}

fn bytecount(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

/// Maps the header row to columns. Two header fields for the same column are an error: which
/// one holds the data cannot be guessed.
fn read_header(
    bytes: &[u8],
    file: &str,
    report: &mut LogReport,
    by_site: bool,
) -> Result<Vec<Option<Column>>, String> {
    let mut fields = Vec::new();
    split_fields(bytes, MAX_COLUMNS + 1, &mut fields);
    if fields.len() > MAX_COLUMNS {
        return Err(format!(
            "{file}:1: the header has more than {MAX_COLUMNS} columns"
        ));
    }
    let names: Vec<String> = fields
        .iter()
        .map(|f| String::from_utf8_lossy(f).trim().to_string())
        .collect();
    let mut columns = Vec::with_capacity(names.len());
    let mut unknown = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let col = column_for(name, by_site);
        if col.is_none() && !name.is_empty() {
            unknown.push(name.clone());
        }
        if let Some(c) = col
            && let Some(first) = columns.iter().position(|x| *x == Some(c))
        {
            return Err(format!(
                "{file}:1: columns {:?} ({}) and {:?} ({}) both give the {}; keep one",
                names[first],
                first + 1,
                name,
                i + 1,
                c.describe()
            ));
        }
        columns.push(col);
    }
    if !columns.contains(&Some(Column::Recipient)) {
        return Err(format!(
            "{file}:1: no recipient column in the header ({}); name one \"recipient\" (or \"third party\", \"shared with\", \"organisation\")",
            quote_of(&names.join(", "))
        ));
    }
    if by_site && !columns.contains(&Some(Column::Site)) {
        return Err(format!(
            "{file}:1: no site column in the header ({}), so which site each row was shared from is not known; name one \"site\" (a domain or URL for each row), or give this ledger to saydo check",
            quote_of(&names.join(", "))
        ));
    }
    if !unknown.is_empty() {
        report.warn(format!(
            "{file}:1: columns not used by saydo: {}",
            quote_of(&unknown.join(", "))
        ));
    }
    Ok(columns)
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
    let mut fields_raw: Vec<std::borrow::Cow<[u8]>> = Vec::new();
    let mut decoded: Vec<(usize, String)> = Vec::new();
    for rec in &chunk.recs {
        let line = rec.line;
        let bytes = &chunk.bytes[rec.start..rec.end];
        if let Some(why) = rec.broken {
            block.report.read += 1;
            block.report.skip(line, format!("fields: {why}"));
            continue;
        }
        if bytes.iter().all(u8::is_ascii_whitespace) {
            continue; // a blank line
        }
        let n = split_fields(bytes, header_len, &mut fields_raw);
        if n != header_len {
            block.report.read += 1;
            block.report.skip(
                line,
                format!(
                    "fields: {} where the header has {header_len}",
                    if n == 1 {
                        "1 field".to_string()
                    } else {
                        format!("{n} fields")
                    }
                ),
            );
            continue;
        }
        // Fields are borrowed from the chunk; only bytes that are not UTF-8 are copied.
        decoded.clear();
        for (i, col) in columns.iter().enumerate() {
            if col.is_some()
                && let Some(f) = fields_raw.get(i)
                && std::str::from_utf8(f).is_err()
            {
                decoded.push((i, field_text(f, line, block).into_owned()));
            }
        }
        let mut fields = Fields::default();
        for (i, col) in columns.iter().enumerate() {
            let Some(c) = col else { continue };
            let text = match decoded.iter().find(|(k, _)| *k == i) {
                Some((_, t)) => t.as_str(),
                None => fields_raw
                    .get(i)
                    .and_then(|b| std::str::from_utf8(b).ok())
                    .unwrap_or(""),
            };
            fields.set(*c, text);
        }
        block.record(line, &fields, || {
            let end = memchr::memchr(b'\n', bytes).unwrap_or(bytes.len());
            quote_of(&String::from_utf8_lossy(&bytes[..end]))
        });
    }
}

/// One JSON Lines record: the values of the keys saydo reads (others are skipped unparsed),
/// and the first key that names a column already given.
struct JsonRecord {
    values: Vec<(Column, serde_json::Value)>,
    duplicate: Option<String>,
}

/// Reads a [`JsonRecord`], with the `site` key read or not (see [`column_for`]).
struct JsonSeed {
    by_site: bool,
}

impl<'de> serde::de::DeserializeSeed<'de> for JsonSeed {
    type Value = JsonRecord;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<JsonRecord, D::Error> {
        use serde::de::{IgnoredAny, MapAccess, Visitor};
        struct V {
            by_site: bool,
        }
        impl<'de> Visitor<'de> for V {
            type Value = JsonRecord;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<JsonRecord, A::Error> {
                let mut values: Vec<(Column, serde_json::Value)> = Vec::new();
                let mut duplicate = None;
                while let Some(key) = map.next_key::<std::borrow::Cow<str>>()? {
                    match column_for(&key, self.by_site) {
                        Some(c) => {
                            let v = map.next_value::<serde_json::Value>()?;
                            if values.iter().any(|(x, _)| *x == c) {
                                duplicate.get_or_insert_with(|| key.into_owned());
                            } else {
                                values.push((c, v));
                            }
                        }
                        None => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(JsonRecord { values, duplicate })
            }
        }
        d.deserialize_map(V {
            by_site: self.by_site,
        })
    }
}

/// Parses one JSON Lines record (the whole line: nothing may follow the object).
fn json_record(line: &[u8], by_site: bool) -> serde_json::Result<JsonRecord> {
    use serde::de::DeserializeSeed;
    let mut de = serde_json::Deserializer::from_slice(line);
    let record = JsonSeed { by_site }.deserialize(&mut de)?;
    de.end()?;
    Ok(record)
}

fn jsonl_block(block: &mut Block, chunk: &Chunk, by_site: bool) {
    for rec in &chunk.recs {
        let this = rec.line;
        let raw = &chunk.bytes[rec.start..rec.end];
        let trimmed = raw.trim_ascii();
        if trimmed.is_empty() {
            continue;
        }
        let record: JsonRecord = match json_record(trimmed, by_site) {
            Ok(v) => v,
            Err(e) if e.is_data() => {
                block.report.read += 1;
                block
                    .report
                    .skip(this, "fields: the line is JSON but not an object".into());
                continue;
            }
            Err(e) => {
                block.report.read += 1;
                block
                    .report
                    .skip(this, format!("fields: not a JSON object ({e})"));
                continue;
            }
        };
        if let Some(key) = record.duplicate {
            block.report.read += 1;
            block.report.skip(
                this,
                format!(
                    "fields: key {} repeats a column given earlier in the record",
                    quote_of(&key)
                ),
            );
            continue;
        }
        let mut texts: Vec<(Column, String)> = Vec::with_capacity(record.values.len());
        for (col, v) in record.values {
            let text = match v {
                serde_json::Value::String(s) => s,
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

    /// Reads `bytes` as the ledger `t` with the embedded vocabulary.
    fn read_t(
        bytes: &[u8],
        format: LogFormat,
        report: &mut LogReport,
        block: usize,
        grouping: Grouping,
    ) -> Result<BTreeMap<String, SiteLedger>, String> {
        let vocab = crate::vocab::Vocabulary::embedded();
        let resolver = super::super::Resolver::new(&vocab);
        let options = super::super::Options::default();
        let ctx = Context {
            resolver: &resolver,
            options: &options,
        };
        read_blocks(bytes, format, "t", &ctx, report, block, grouping)
    }

    /// Reads `bytes` as a ledger with the given block size: flows (recipient, records) and
    /// the report's counts and skips.
    fn read_with(
        bytes: &[u8],
        format: LogFormat,
        block: usize,
    ) -> (Vec<(String, u64)>, u64, Vec<super::super::Skip>) {
        let mut report = LogReport::new("t");
        let mut groups = read_t(bytes, format, &mut report, block, Grouping::File).unwrap();
        let flows = groups
            .remove("")
            .unwrap_or_default()
            .flows
            .into_vec()
            .into_iter()
            .map(|f| (f.recipient.name, f.records))
            .collect();
        (flows, report.read, report.skips)
    }

    /// What reading by site gives: per site, its rows read and used and its flows (recipient,
    /// records, period); the file's skips and warnings.
    type BySite = (
        Vec<(String, u64, u64, Vec<(String, u64, u32)>)>,
        Vec<super::super::Skip>,
        Vec<String>,
    );

    fn read_sites(
        bytes: &[u8],
        format: LogFormat,
        block: usize,
        wanted: &(dyn Fn(&str) -> Option<Arc<[Date]>> + Sync),
    ) -> Result<BySite, String> {
        let mut report = LogReport::new("t");
        let groups = read_t(bytes, format, &mut report, block, Grouping::BySite(wanted))?;
        let sites = groups
            .into_iter()
            .map(|(site, g)| {
                let flows = g
                    .flows
                    .into_vec()
                    .into_iter()
                    .map(|f| (f.recipient.name, f.records, f.period))
                    .collect();
                (site, g.read, g.used, flows)
            })
            .collect();
        Ok((sites, report.skips, report.warnings))
    }

    fn every_site(_: &str) -> Option<Arc<[Date]>> {
        Some(Arc::from(&[][..]))
    }

    #[test]
    fn sites_keep_their_own_flows_whatever_the_blocks() {
        let mut csv = String::from("Site,recipient,date,records\n");
        for i in 0..120 {
            match i % 17 {
                4 => csv.push_str(",Acxiom,2024-01-01,1\n"),
                9 => csv.push_str("n/a,Acxiom,2024-01-01,1\n"),
                _ => csv.push_str(&format!(
                    "{},Acxiom,2024-0{}-01,{i}\n",
                    [
                        "https://www.a.example/x",
                        "a.example",
                        "b.example",
                        "www.c.co.uk"
                    ][i % 4],
                    1 + i % 9
                )),
            }
        }
        // Sites a and c's policies have a version from 2024-05-01: their flows split there.
        let versions = |site: &str| -> Option<Arc<[Date]>> {
            match site {
                "a.example" | "c.co.uk" => {
                    Some(Arc::from(&[Date::parse("2024-05-01").unwrap()][..]))
                }
                "b.example" => Some(Arc::from(&[][..])),
                _ => None,
            }
        };
        let whole = read_sites(csv.as_bytes(), LogFormat::Csv, 1 << 20, &versions).unwrap();
        let sites: Vec<&str> = whole.0.iter().map(|s| s.0.as_str()).collect();
        assert_eq!(sites, ["a.example", "b.example", "c.co.uk"]);
        // Acxiom is one flow per site and period, never one across sites.
        let (_, read_a, used_a, flows_a) = &whole.0[0];
        assert_eq!(flows_a.len(), 2, "{flows_a:?}");
        assert!(flows_a.iter().all(|f| f.0 == "Acxiom"));
        assert_eq!(read_a, used_a);
        let b = &whole.0[1].3;
        assert_eq!(b.len(), 1, "{b:?}");
        let total: u64 = whole.0.iter().flat_map(|s| s.3.iter().map(|f| f.1)).sum();
        let want: u64 = (0..120u64).filter(|i| ![4, 9].contains(&(i % 17))).sum();
        assert_eq!(total, want);
        // The rows with no site, or not a site, are skipped with their lines.
        assert_eq!(whole.1.len(), 14, "{:?}", whole.1);
        assert_eq!(whole.1[0].line, 6);
        assert!(
            whole.1[0].reason.contains("names no site"),
            "{:?}",
            whole.1[0]
        );
        assert_eq!(whole.1[1].line, 11);
        assert!(whole.1[1].reason.contains("not a site"), "{:?}", whole.1[1]);
        for block in [1, 7, 64, 333] {
            assert_eq!(
                read_sites(csv.as_bytes(), LogFormat::Csv, block, &versions).unwrap(),
                whole,
                "block {block}"
            );
        }
        // The same rows as JSON Lines.
        let mut jsonl = String::new();
        for line in csv.lines().skip(1) {
            let f: Vec<&str> = line.split(',').collect();
            let site = if f[0].is_empty() {
                String::new()
            } else {
                format!("\"site\": {:?}, ", f[0])
            };
            jsonl.push_str(&format!(
                "{{{site}\"recipient\": {:?}, \"date\": {:?}, \"records\": {}}}\n",
                f[1], f[2], f[3]
            ));
        }
        let from_json = read_sites(jsonl.as_bytes(), LogFormat::Jsonl, 1 << 20, &versions).unwrap();
        assert_eq!(from_json.0, whole.0);
        assert_eq!(
            from_json.1.iter().map(|s| s.line - 1).collect::<Vec<_>>(),
            whole.1.iter().map(|s| s.line - 1 - 1).collect::<Vec<_>>(),
            "the same rows skipped, one line earlier without a header"
        );
        // A site not wanted (another shard's) is passed over, its rows not even checked.
        let only_b = |site: &str| (site == "b.example").then(|| Arc::from(&[][..]));
        let b_only = read_sites(csv.as_bytes(), LogFormat::Csv, 64, &only_b).unwrap();
        assert_eq!(b_only.0.len(), 1);
        assert_eq!(b_only.0[0], whole.0[1]);
    }

    #[test]
    fn reading_by_site_needs_a_site_column() {
        let err = read_sites(b"recipient\nAcxiom\n", LogFormat::Csv, 64, &every_site).unwrap_err();
        assert!(err.contains("t:1: no site column"), "{err}");
        let err = read_sites(
            b"{\"recipient\": \"Acxiom\"}\n",
            LogFormat::Jsonl,
            64,
            &every_site,
        )
        .unwrap_err();
        assert!(err.contains("no record has a \"site\" key"), "{err}");
        // One record with a site is enough: the others are skipped, each with its line.
        let (sites, skips, _) = read_sites(
            b"{\"recipient\": \"Acxiom\"}\n{\"recipient\": \"Acxiom\", \"site_url\": \"https://a.example/\"}\n",
            LogFormat::Jsonl,
            64,
            &every_site,
        )
        .unwrap();
        assert_eq!(sites.len(), 1);
        assert_eq!(skips.len(), 1);
        assert_eq!(skips[0].line, 1);
    }

    #[test]
    fn read_as_one_file_a_site_column_is_not_used() {
        let csv = "site,recipient,records\na.example,Acxiom,2\nb.example,Acxiom,3\n";
        let (flows, read, skips) = read_with(csv.as_bytes(), LogFormat::Csv, 1 << 20);
        assert_eq!(flows, vec![("Acxiom".to_string(), 5)]);
        assert_eq!((read, skips.len()), (2, 0));
        // Both spellings of the column stand as before: no clash.
        let csv = "site,site url,recipient\na.example,https://a.example/,Acxiom\n";
        let (flows, _, _) = read_with(csv.as_bytes(), LogFormat::Csv, 1 << 20);
        assert_eq!(flows.len(), 1);
        let jsonl = "{\"site\": \"a.example\", \"site_url\": \"x\", \"recipient\": \"Acxiom\"}\n";
        let (flows, _, skips) = read_with(jsonl.as_bytes(), LogFormat::Jsonl, 1 << 20);
        assert_eq!((flows.len(), skips.len()), (1, 0));
    }

    #[test]
    fn line_endings_do_not_change_rows_lines_or_skips() {
        let mut csv = String::from("recipient,records,notes\n");
        for i in 0..60 {
            match i % 11 {
                3 => csv.push_str("Acxiom,x,bad count\n"),
                7 => csv.push_str("\"Experian\nMarketing\",3,\"two\nlines\"\n"),
                _ => csv.push_str(&format!("Company {},{},\"a, b\"\n", i % 4, i)),
            }
        }
        let lf = read_with(csv.as_bytes(), LogFormat::Csv, 1 << 20);
        assert_eq!(lf.2.len(), 6, "{:?}", lf.2);
        for (ending, text) in [
            ("CRLF", csv.replace('\n', "\r\n")),
            ("CR", csv.replace('\n', "\r")),
        ] {
            for block in [1, 2, 7, 64, 1 << 20] {
                assert_eq!(
                    read_with(text.as_bytes(), LogFormat::Csv, block),
                    lf,
                    "{ending}, block {block}"
                );
            }
        }
        // A lone CR inside a row of an LF file is not a line break: later lines keep their
        // numbers.
        let stray = csv.replacen("a, b", "a,\rb", 1);
        assert_eq!(read_with(stray.as_bytes(), LogFormat::Csv, 1 << 20).2, lf.2);
    }

    #[test]
    fn results_do_not_depend_on_where_blocks_end() {
        let mut csv = String::from("\u{feff}recipient,records,notes\n");
        for i in 0..300 {
            match i % 37 {
                5 => csv.push_str("Acxiom,1,\"oops\n"),
                9 => csv.push_str("Acxiom,2,6\" screen\n"),
                13 => csv.push_str("\"Experian\nMarketing\",3,\"multi\nline\"\n"),
                17 => csv.push_str("Acxiom,1,\"x\"y\n"),
                _ => csv.push_str(&format!("Company {},{},\"a, b\"\n", i % 7, i)),
            }
        }
        csv.push_str("Acxiom,1,\"open to the end\n");
        let whole = read_with(csv.as_bytes(), LogFormat::Csv, 1 << 20);
        assert!(
            whole.2.iter().any(|s| s.reason.contains("quote")),
            "{:?}",
            whole.2
        );
        for block in [1, 2, 7, 64, 333, 4096] {
            assert_eq!(
                read_with(csv.as_bytes(), LogFormat::Csv, block),
                whole,
                "block {block}"
            );
        }
        let mut jsonl = String::new();
        for i in 0..100 {
            jsonl.push_str(&format!(
                "{{\"recipient\": \"C{}\", \"records\": {i}}}\n",
                i % 5
            ));
        }
        let whole = read_with(jsonl.as_bytes(), LogFormat::Jsonl, 1 << 20);
        for block in [1, 5, 64] {
            assert_eq!(
                read_with(jsonl.as_bytes(), LogFormat::Jsonl, block),
                whole,
                "block {block}"
            );
        }
    }

    #[test]
    fn counts_group_thousands_or_not_at_all() {
        assert!(parse_records("1,2,3").is_err());
        assert!(parse_records(",5").is_err());
        assert!(parse_records("5,").is_err());
        assert!(parse_records("1,234,56").is_err());
        assert!(
            parse_records("1,234 567").is_err(),
            "one separator throughout"
        );
        assert!(parse_records("1234,567").is_err());
        assert_eq!(parse_records("1,234,567"), Ok(Some(1_234_567)));
        assert_eq!(parse_records("12.0"), Ok(Some(12)));
        assert!(
            parse_records("99999999999999999999")
                .unwrap_err()
                .contains("larger")
        );
    }

    #[test]
    fn a_broken_quote_costs_only_its_line() {
        let buf = b"a,\"oops,1\nb,c,2\nd,\"x\ny\",3\n";
        assert_eq!(
            scan_csv(buf, 0, true, Some(3)),
            Scan::Broken(
                10,
                "a quote opened here closes on a later line in the middle of a field"
            )
        );
        assert_eq!(scan_csv(buf, 10, true, Some(3)), Scan::Record(16));
        assert_eq!(scan_csv(buf, 16, true, Some(3)), Scan::Record(buf.len()));
        // `6" screen` is text, not an opening quote.
        assert_eq!(
            scan_csv(b"a,6\" screen,1\nb", 0, false, Some(3)),
            Scan::Record(14)
        );
        // A quote left open to the end of the input.
        assert_eq!(
            scan_csv(b"a,\"open\nb,c,d\n", 0, true, Some(3)),
            Scan::Broken(8, "unclosed quote")
        );
        assert_eq!(
            scan_csv(b"a,\"open\nb,c,d\n", 0, false, Some(3)),
            Scan::More
        );
        // A quoted field over lines that closes cleanly but gives the wrong field count.
        assert!(matches!(
            scan_csv(b"a,\"x\ny\"\nb,c,d\n", 0, true, Some(3)),
            Scan::Broken(5, _)
        ));
    }

    #[test]
    fn fields_unescape_quotes() {
        let mut out = Vec::new();
        let n = split_fields(b"a,\"b \"\"q\"\", c\",,\"x\"y\r\n", 10, &mut out);
        assert_eq!(n, 4);
        let got: Vec<&[u8]> = out.iter().map(|c| c.as_ref()).collect();
        assert_eq!(got, vec![&b"a"[..], b"b \"q\", c", b"", b"xy"]);
        assert_eq!(split_fields(b"a,b,", 10, &mut out), 3);
        let wide = b",".repeat(1_000_000);
        let mut out = Vec::new();
        assert_eq!(split_fields(&wide, 3, &mut out), 1_000_001);
        assert_eq!(
            out.len(),
            3,
            "fields past the header's count are only counted"
        );
    }
}
