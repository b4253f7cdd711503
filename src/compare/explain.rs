//! A finding's explanation: one paragraph a reader understands without knowing saydo. It says
//! what the logs show, the verdict, and the statements weighed: those that cover the flow and
//! those against it (denials, exceptions), each cited by line and quoted briefly, with why it did
//! or did not decide. At most [`MAX_QUOTED`] statements are quoted; the rest are counted and cited.

use super::*;

/// At most this many statements are quoted in one explanation; further ones are cited by line.
const MAX_QUOTED: usize = 4;
/// At most this many further statements are cited by line; beyond them, only counted.
const MAX_CITED: usize = 4;
/// How much of the statement the verdict rests on is quoted, and of any other.
const MAIN_QUOTE: usize = 160;
const OTHER_QUOTE: usize = 100;

/// A quote cut to about `max` bytes at a word boundary, marked with "…" where cut.
fn brief_quote(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    let head = &s[..end];
    // Back to the last space, unless that throws away most of the quote.
    let head = match head.rfind(char::is_whitespace) {
        Some(at) if at >= max / 2 => &head[..at],
        _ => head,
    };
    let head = head.trim_end_matches(|c: char| c.is_whitespace() || ",;:(".contains(c));
    format!("{head}…")
}

/// What the judgement an explanation rests on weighed (see [`Weighing`]).
pub(super) struct Weighed<'a> {
    /// Which of the finding's judgements decided it.
    pub judgement: usize,
    pub weighing: &'a Weighing,
    pub decls: &'a [Declaration],
    pub texts: &'a [QuoteText],
}

/// The flow's data categories, as the weighing's item indices count them (see [`facts`]).
fn items(f: &Finding) -> Vec<&str> {
    let mut data: Vec<&str> = Vec::new();
    for t in &f.data {
        if let Some(c) = t.category.as_deref()
            && !data.contains(&c)
        {
            data.push(c);
        }
    }
    data
}

/// A statement as an explanation cites it.
struct Cited<'a> {
    file: &'a str,
    line: u32,
    end_line: u32,
    quote: &'a str,
}

impl<'a> Cited<'a> {
    fn of_quote(q: &'a PolicyQuote) -> Cited<'a> {
        Cited {
            file: &q.file,
            line: q.line,
            end_line: q.end_line,
            quote: &q.quote,
        }
    }
    fn of_decl(w: &Weighed<'a>, i: usize) -> Option<Cited<'a>> {
        let d = w.decls.get(i)?;
        let t = w.texts.get(i)?;
        Some(Cited {
            file: &t.file,
            line: d.evidence.line,
            end_line: d.evidence.end_line.max(d.evidence.line),
            quote: &t.quote,
        })
    }
    fn same(&self, other: &Cited) -> bool {
        self.file == other.file && self.line == other.line
    }
}

/// Writes the paragraph, counting the statements it quotes.
struct Paragraph<'a> {
    /// With several files in force, a line number alone does not say where.
    files: bool,
    quoted: Vec<Cited<'a>>,
    /// Statements past [`MAX_QUOTED`], cited by line only.
    more: Vec<Cited<'a>>,
    sentences: Vec<String>,
}

impl<'a> Paragraph<'a> {
    /// "line 52", "lines 59-60", "cookies.md line 12".
    fn place(&self, c: &Cited) -> String {
        let lines = if c.end_line > c.line {
            format!("lines {}-{}", c.line, c.end_line)
        } else {
            format!("line {}", c.line)
        };
        if self.files {
            format!("{} {lines}", c.file)
        } else {
            lines
        }
    }
    /// `line 52: "We may share …"`, for the statement the verdict rests on.
    fn main(&mut self, c: Cited<'a>) -> String {
        let s = format!(
            "{}: \"{}\"",
            self.place(&c),
            brief_quote(c.quote, MAIN_QUOTE)
        );
        self.quoted.push(c);
        s
    }
    /// `line 13 ("We share your delivery address …")`, for the statement the verdict rests on
    /// inside a sentence.
    fn main_inline(&mut self, c: Cited<'a>) -> String {
        let s = format!(
            "{} (\"{}\")",
            self.place(&c),
            brief_quote(c.quote, MAIN_QUOTE)
        );
        self.quoted.push(c);
        s
    }
    /// `Line 11 ("We never sell …")` at the start of a sentence, or `None` when the paragraph
    /// already cites it or quotes enough (the statement is then cited at the end).
    fn lead(&mut self, c: Cited<'a>) -> Option<String> {
        self.brief(c).map(|s| capitalised(&s))
    }
    /// [`Paragraph::lead`] inside a sentence: `line 11 ("We never sell …")`; a statement over
    /// several lines, or in one of several files, is `the statement at lines 59-60 (…)`, `the
    /// statement at cookies.md line 12 (…)`: it takes a singular verb, and a file name is never
    /// capitalised at the start of a sentence.
    fn brief(&mut self, c: Cited<'a>) -> Option<String> {
        if self.cites(&c) {
            return None;
        }
        if self.quoted.len() >= MAX_QUOTED {
            self.more.push(c);
            return None;
        }
        let the = if c.end_line > c.line || self.files {
            "the statement at "
        } else {
            ""
        };
        let s = format!(
            "{the}{} (\"{}\")",
            self.place(&c),
            brief_quote(c.quote, OTHER_QUOTE)
        );
        self.quoted.push(c);
        Some(s)
    }
    fn cites(&self, c: &Cited) -> bool {
        self.quoted.iter().chain(&self.more).any(|q| q.same(c))
    }
    fn say(&mut self, s: String) {
        self.sentences.push(end_sentence(s));
    }
    fn finish(mut self) -> String {
        if !self.more.is_empty() {
            let n = self.more.len();
            let mut places: Vec<String> = self
                .more
                .iter()
                .take(MAX_CITED)
                .map(|c| self.place(c))
                .collect();
            if n > MAX_CITED {
                places.push(format!("{} more", n - MAX_CITED));
            }
            let (count, verb) = if n == 1 {
                ("1 more statement".to_string(), "was")
            } else {
                (format!("{n} more statements"), "were")
            };
            let s = format!("{count} {verb} weighed: {}", and_list(&places));
            self.say(s);
        }
        self.sentences.join(" ")
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// "a", "a and b", "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The labels of data categories, without repeats.
fn data_labels<'s>(vocab: &Vocabulary, ids: impl IntoIterator<Item = &'s str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in ids {
        let l = label(&vocab.data, id);
        if !out.contains(&l) {
            out.push(l);
        }
    }
    out
}

/// An exception as written ("our mailing provider" is written "mailing provider").
fn except_term(vocab: &Vocabulary, d: &Declaration, mention: usize) -> String {
    d.except
        .get(mention)
        .map(|m| {
            m.term
                .clone()
                .unwrap_or_else(|| label(&vocab.recipients, &m.category))
        })
        .unwrap_or_default()
}

/// What a statement that named the party said instead of covering or denying the flow.
fn aside_reason(vocab: &Vocabulary, w: &Weighed, i: usize, aside: Aside, flow: &Finding) -> String {
    let Some(d) = w.decls.get(i) else {
        return String::new();
    };
    let verb = if d.negated {
        "does not apply"
    } else {
        "does not cover it"
    };
    match aside {
        Aside::NotASale => format!("{verb}: the flow is not a sale"),
        Aside::Excepted(m) => format!(
            "{verb}: it makes an exception for \"{}\"",
            except_term(vocab, d, m)
        ),
        Aside::OtherPurpose => {
            let said: Vec<String> = d
                .purposes
                .iter()
                .filter(|m| m.term.is_some())
                .map(|m| label(&vocab.purposes, &m.category))
                .fold(Vec::new(), |mut v, l| {
                    if !v.contains(&l) {
                        v.push(l);
                    }
                    v
                });
            let flow_purposes: Vec<String> = flow
                .purposes
                .iter()
                .filter_map(|t| t.category.as_deref())
                .map(|c| label(&vocab.purposes, c))
                .fold(Vec::new(), |mut v, l| {
                    if !v.contains(&l) {
                        v.push(l);
                    }
                    v
                });
            format!(
                "{verb}: it is about {}, and this flow is for {}",
                and_list(&said),
                and_list(&flow_purposes)
            )
        }
        Aside::OtherData => {
            let said = data_labels(
                vocab,
                d.data
                    .iter()
                    .filter(|m| vocab.data.depth(&m.category) > 0)
                    .map(|m| m.category.as_str()),
            );
            if d.negated {
                format!(
                    "{verb}: it is about {}, which this flow does not carry",
                    and_list(&said)
                )
            } else {
                format!("{verb}: it is about {} only", and_list(&said))
            }
        }
        Aside::ParticularData => {
            let said: Vec<String> = d
                .data
                .iter()
                .filter_map(|m| m.term.as_deref())
                .map(|t| format!("\u{201c}{t}\u{201d}"))
                .collect();
            format!(
                "{verb}: it is about {} only, data no category names, so it neither covers nor \
                 contradicts this flow",
                and_list(&said)
            )
        }
        Aside::Outweighed => format!(
            "{verb}: it names no data, and a denial that names this flow's data outweighs it"
        ),
    }
}

/// The explanation of a finding.
pub(super) fn explain(vocab: &Vocabulary, f: &Finding, no_version: bool, w: Weighed) -> String {
    let observed = observed(vocab, f);
    if no_version {
        return format!(
            "{observed} No version of the policy was in force then, so nothing disclosed it."
        );
    }
    let Some(j) = f.judgements.get(w.judgement).or(f.judgements.first()) else {
        return observed;
    };
    let who = if j.role == "on_behalf_of" {
        format!("{} (the end user)", j.name)
    } else {
        j.name.clone()
    };
    let data = items(f);
    let mut p = Paragraph {
        files: f.policy_files.len() > 1,
        quoted: Vec::new(),
        more: Vec::new(),
        sentences: vec![observed],
    };
    // The statements quoted first are the ones the verdict rests on, as the reports' "policy
    // says".
    fn main<'a>(p: &mut Paragraph<'a>, j: &'a PartyJudgement, negated: bool) -> String {
        j.decided_by
            .iter()
            .find(|q| q.negated == negated)
            .map(|q| p.main(Cited::of_quote(q)))
            .unwrap_or_default()
    }
    let about_data = j
        .deciding_data
        .as_deref()
        .map(|d| format!(" for {}", label(&vocab.data, d)))
        .unwrap_or_default();
    let missing = and_list(&data_labels(
        vocab,
        j.undisclosed_data.iter().map(String::as_str),
    ));
    match (j.verdict, j.undisclosed) {
        (Verdict::Clear, _) => {
            let s = format!("The policy discloses this: {}", main(&mut p, j, false));
            p.say(s);
        }
        (Verdict::Vague, false) if j.partly => {
            let covers = partial_covers(vocab, &w, &data, &mut p, j);
            p.say(format!(
                "The policy discloses this only in part: {covers}, but no statement discloses {missing} going to {who}"
            ));
        }
        (Verdict::Vague, false) => {
            let s = format!(
                "The policy covers it only in broader terms ({} broader): {}",
                counted(u64::from(j.levels.unwrap_or(0)), "level"),
                main(&mut p, j, false)
            );
            p.say(s);
        }
        (Verdict::Vague, true) => {
            let s = format!(
                "The policy's only cover for {who}{about_data} is a generic statement ({}), which does not disclose {}.",
                main(&mut p, j, false),
                sensitive_names(vocab, f)
            );
            p.say(s);
        }
        (Verdict::Ambiguous, _) => {
            let allows = main(&mut p, j, false);
            let denies = main(&mut p, j, true);
            p.say(format!(
                "The policy both allows and denies it: {allows} but {denies}"
            ));
            if j.partly {
                p.say(format!("No statement discloses {missing} going to {who}"));
            }
        }
        (Verdict::Omitted, _) => {
            if collected(f) {
                p.say(format!(
                    "No statement in the policy says that it collects {}.",
                    and_list(&data_labels(vocab, data.iter().copied()))
                ));
            } else {
                p.say(format!(
                    "No statement in the policy covers sharing with {who}{about_data}."
                ));
            }
            // Statements that cover the flow's other data.
            for (i, items) in &w.weighing.partial {
                let Some(c) = Cited::of_decl(&w, *i) else {
                    continue;
                };
                let labels = data_labels(vocab, items.iter().filter_map(|k| data.get(*k).copied()));
                if let Some(lead) = p.lead(c) {
                    p.say(format!("{lead} is about {} only", and_list(&labels)));
                }
            }
            // Why the flow is not partly disclosed, when other data were covered.
            if let Some(d) = j.deciding_data.as_deref()
                && !w.weighing.partial.is_empty()
                && !ordinary_data(vocab, d)
            {
                p.say(format!(
                    "A policy must name sensitive data such as {}",
                    label(&vocab.data, d)
                ));
            }
        }
        (Verdict::Incorrect, _) => {
            let s = format!(
                "The policy says this does not happen: {}",
                main(&mut p, j, true)
            );
            p.say(s);
        }
    }
    // Other statements that cover or deny the flow as well as the deciding ones do.
    let mut also: Vec<(Cited, bool)> = Vec::new();
    for q in &j.policy_evidence {
        let c = Cited::of_quote(q);
        if !p.cites(&c) && !also.iter().any(|(a, _)| a.same(&c)) {
            also.push((c, q.negated));
        }
    }
    for (c, negated) in also {
        // A denial's exception is a permission of its own ("we will not share … other than
        // with our mailing provider"): said as such.
        let exception = w
            .weighing
            .asides
            .iter()
            .find_map(|&(i, aside)| match aside {
                Aside::Excepted(m) if !negated => {
                    let d = w.decls.get(i)?;
                    let at = Cited::of_decl(&w, i)?;
                    (d.negated && at.same(&c)).then(|| except_term(vocab, d, m))
                }
                _ => None,
            });
        if let Some(lead) = p.lead(c) {
            let verb = match (negated, exception) {
                (true, _) => "also denies it".to_string(),
                (false, Some(term)) => {
                    format!("makes an exception for \"{term}\" that covers it too")
                }
                // Under a vague verdict no statement was specific enough: another cover is
                // no better, and must not read as a disclosure.
                (false, None) if j.verdict == Verdict::Vague => {
                    "covers it no more specifically".to_string()
                }
                (false, None) => "also covers it".to_string(),
            };
            p.say(format!("{lead} {verb}"));
        }
    }
    // Statements that name the party but neither cover nor deny the flow: denials and
    // exceptions always (the reader wants to know why a promise does not apply), permissions
    // about other data or purposes only when nothing covers the flow.
    // Denials of sale that do not apply are said together: policies repeat "we do not sell".
    let mut not_sales: Vec<String> = Vec::new();
    for &(i, aside) in &w.weighing.asides {
        let Some(d) = w.decls.get(i) else { continue };
        let shown = d.negated
            || matches!(aside, Aside::Excepted(_) | Aside::Outweighed)
            || j.verdict == Verdict::Omitted;
        if !shown {
            continue;
        }
        let Some(c) = Cited::of_decl(&w, i) else {
            continue;
        };
        if aside == Aside::NotASale && d.negated {
            not_sales.extend(p.brief(c));
        } else if let Some(lead) = p.lead(c) {
            let reason = aside_reason(vocab, &w, i, aside, f);
            p.say(format!("{lead} {reason}"));
        }
    }
    match not_sales.len() {
        0 => {}
        1 => p.say(format!(
            "{} does not apply: the flow is not a sale",
            capitalised(&not_sales[0])
        )),
        _ => p.say(format!(
            "{} do not apply: the flow is not a sale",
            capitalised(&and_list(&not_sales))
        )),
    }
    p.finish()
}

/// `line 12: "We share your delivery address …" covers postal address`, for each statement
/// that covers some of a partly disclosed flow's data (the deciding one first).
fn partial_covers<'a>(
    vocab: &Vocabulary,
    w: &Weighed<'a>,
    data: &[&str],
    p: &mut Paragraph<'a>,
    j: &PartyJudgement,
) -> String {
    let deciding = j.decided_by.iter().find(|q| !q.negated);
    let mut entries: Vec<(Cited<'a>, Vec<String>)> = w
        .weighing
        .partial
        .iter()
        .filter_map(|(i, items)| {
            let c = Cited::of_decl(w, *i)?;
            let labels = data_labels(vocab, items.iter().filter_map(|k| data.get(*k).copied()));
            Some((c, labels))
        })
        .collect();
    // The statement the verdict rests on comes first.
    if let Some(q) = deciding {
        let key = Cited::of_quote(q);
        if let Some(at) = entries.iter().position(|(c, _)| c.same(&key)) {
            let e = entries.remove(at);
            entries.insert(0, e);
        }
    }
    let mut parts: Vec<String> = Vec::new();
    for (n, (c, labels)) in entries.into_iter().enumerate() {
        if n == 0 {
            let cited = p.main_inline(c);
            parts.push(format!("{cited} covers {}", and_list(&labels)));
        } else if let Some(brief) = p.brief(c) {
            parts.push(format!("{brief} covers {}", and_list(&labels)));
        }
    }
    if parts.is_empty() {
        // Nothing cited (cannot happen for a partly disclosed judgement): say what is known.
        return "statements cover some of its data".into();
    }
    parts.join("; ")
}

/// Whether the finding is about the organisation's own collection (see
/// [`crate::practice::OriginKind::Collected`]).
fn collected(f: &Finding) -> bool {
    f.origin
        .as_ref()
        .is_some_and(|o| o.kind == crate::practice::OriginKind::Collected)
}

/// "The logs show 1,840 records carrying name, postal address going to Brookside Couriers Ltd
/// (service providers and processors)."
fn observed(vocab: &Vocabulary, f: &Finding) -> String {
    if collected(f) {
        let data = and_list(&data_labels(
            vocab,
            f.data.iter().filter_map(|t| t.category.as_deref()),
        ));
        let app = f
            .origin
            .as_ref()
            .map_or(f.recipient.name.as_str(), |o| o.first_party.name.as_str());
        return format!(
            "The App Privacy Report shows {app} accessing {data} on the phone ({}).",
            counted(f.records, "time")
        );
    }
    let unit = if f.log_evidence.iter().any(|s| s.quote.contains("http")) {
        "request"
    } else {
        "record"
    };
    let what = counted(f.records, unit);
    // Categories grouped by what they rest on, so a reader sees which were read from a
    // tracker's documented parameter, which from a value and which from a ledger's own words.
    type Grounds<'t> = Option<(crate::practice::Basis, Option<&'t str>)>;
    let mut groups: Vec<(Grounds, Vec<String>)> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for t in &f.data {
        if let Some(c) = &t.category {
            let l = label(&vocab.data, c);
            if seen.contains(&l) {
                continue;
            }
            seen.push(l.clone());
            let basis = t
                .basis
                .filter(|b| *b != crate::practice::Basis::Ledger)
                .map(|b| (b, t.tracker));
            match groups.iter_mut().find(|(b, _)| *b == basis) {
                Some((_, labels)) => labels.push(l),
                None => groups.push((basis, vec![l])),
            }
        }
    }
    let data = if groups.is_empty() {
        String::new()
    } else {
        let parts: Vec<String> = groups
            .iter()
            .map(|(basis, labels)| match basis {
                Some((b, tracker)) => format!(
                    "{} ({})",
                    labels.join(", "),
                    b.describe_n(*tracker, labels.len())
                ),
                None => labels.join(", "),
            })
            .collect();
        format!(" carrying {}", parts.join("; "))
    };
    let to = describe_party(vocab, &f.recipient);
    let behalf = f
        .on_behalf_of
        .as_ref()
        .map(|b| format!(" on behalf of {}", describe_party(vocab, b)))
        .unwrap_or_default();
    format!("The logs show {what}{data} going to {to}{behalf}.")
}

/// "Experian Marketing Services (a data broker)".
fn describe_party(vocab: &Vocabulary, p: &Party) -> String {
    let kind = p
        .categories
        .first()
        .map(|c| label(&vocab.recipients, c))
        .unwrap_or_else(|| "third parties".into());
    if p.unresolved {
        format!("{} (not in the registry)", p.name)
    } else {
        format!("{} ({kind})", p.name)
    }
}

/// What a generic statement failed to disclose: "data brokers, political parties and children's data".
fn sensitive_names(vocab: &Vocabulary, f: &Finding) -> String {
    let mut out: Vec<String> = Vec::new();
    for p in std::iter::once(&f.recipient).chain(f.on_behalf_of.as_deref()) {
        if let Some(c) = p
            .categories
            .iter()
            .find(|c| vocab.recipients.is_explicit(c))
        {
            let l = label(&vocab.recipients, c);
            if !out.contains(&l) {
                out.push(l);
            }
        }
    }
    for t in f.purposes.iter().chain(&f.data) {
        if let Some(c) = &t.category {
            let sensitive = vocab.purposes.is_explicit(c) || vocab.data.is_special(c);
            let l = if vocab.purposes.contains(c) {
                label(&vocab.purposes, c)
            } else {
                label(&vocab.data, c)
            };
            if sensitive && !out.contains(&l) {
                out.push(l);
            }
        }
    }
    match out.len() {
        0 => "this recipient".into(),
        1 => out.remove(0),
        n => format!("{} or {}", out[..n - 1].join(", "), out[n - 1]),
    }
}
