//! Table rows as statements: CCPA-style "Category of personal information | Categories of
//! third parties | Business purpose | Sold or shared?" tables say, row by row, who gets what.

use super::clause::{Draft, analyze};
use super::{Action, Mention};
use crate::document::Block;
use crate::vocab::Vocabulary;

/// What each column of a table holds, read from its header row.
pub(super) struct Columns {
    recipient: Vec<(usize, Option<Action>)>,
    purpose: Vec<usize>,
    data: Vec<usize>,
    /// "Sold?" / "Sold or shared in the last 12 months" columns answered yes or no.
    yes_no: Vec<(usize, Vec<Action>)>,
}

fn named_action(h: &str) -> Vec<Action> {
    let mut actions = Vec::new();
    if h.contains("sold") || h.contains("sell") || h.contains("sale") {
        actions.push(Action::Sell);
    }
    if h.contains("shar") {
        actions.push(Action::Share);
    }
    if h.contains("disclos") {
        actions.push(Action::Disclose);
    }
    actions
}

impl Columns {
    /// Classify a header row; `None` when the table is not about recipients.
    pub fn classify(header: &Block) -> Option<Columns> {
        let mut c = Columns {
            recipient: Vec::new(),
            purpose: Vec::new(),
            data: Vec::new(),
            yes_no: Vec::new(),
        };
        for (i, cell) in header.cells.iter().enumerate() {
            let h = cell.to_lowercase();
            if h.contains("purpose") {
                c.purpose.push(i);
            } else if [
                "third part",
                "recipient",
                "disclosed to",
                "shared with",
                "sold to",
                "sell to",
                "who we share",
                "service provider",
                "parties",
                "partners",
                "to whom",
            ]
            .iter()
            .any(|k| h.contains(k))
                // "Your Coinbase Service Provider": the reader's own provider, the entity
                // that serves them, not someone their data goes to.
                && !h.trim_start().starts_with("your ")
            {
                c.recipient.push((i, named_action(&h).first().copied()));
            } else if !named_action(&h).is_empty() && !h.contains("categor") {
                c.yes_no.push((i, named_action(&h)));
            } else if [
                "categor",
                "personal information",
                "data",
                "information",
                "example",
                "type",
            ]
            .iter()
            .any(|k| h.contains(k))
            {
                c.data.push(i);
            }
        }
        (!c.recipient.is_empty() || !c.yes_no.is_empty()).then_some(c)
    }

    /// The declarations of one row.
    pub fn drafts(
        &self,
        row: &Block,
        vocab: &Vocabulary,
        section_action: Option<Action>,
    ) -> Vec<Draft> {
        let cell = |i: usize| row.cells.get(i).map(String::as_str).unwrap_or("");
        // Column indices ascend, and a cell the row does not have says nothing: a row is read
        // in the time of its own cells, not of its header's (10,000 header cells over 10,000
        // one-cell rows were 10⁸ empty cells).
        let width = row.cells.len();
        let present = |i: &usize| *i < width;
        let mut data = Vec::new();
        for &i in self.data.iter().take_while(|i| present(i)) {
            for m in analyze(cell(i), vocab).all_data() {
                push_unique(&mut data, m);
            }
        }
        let mut purposes = Vec::new();
        for &i in self.purpose.iter().take_while(|i| present(i)) {
            for m in analyze(cell(i), vocab).all_purposes() {
                push_unique(&mut purposes, m);
            }
        }
        let implicit = || {
            vec![Mention {
                term: None,
                category: "third-party".into(),
                entity: None,
            }]
        };
        let mut recipients = Vec::new();
        let mut out = Vec::new();
        for &(i, action) in self.recipient.iter().take_while(|(i, _)| present(i)) {
            let text = cell(i).trim();
            if text.is_empty() {
                continue;
            }
            let negated = says_no(text);
            let mut found = if negated {
                Vec::new()
            } else {
                analyze(text, vocab).all_recipients()
            };
            if found.is_empty() && !negated {
                // A sentence in the column ("To get a detailed list of the recipients, please
                // contact us.") names no one.
                if text.ends_with(['.', '?', '!'])
                    && text.split_whitespace().nth(5).is_some()
                    && !super::names_a_party(text)
                {
                    continue;
                }
                // Whatever the cell names is a recipient, if only a vague one.
                found.push(Mention {
                    term: Some(text.to_string()),
                    category: "third-party".into(),
                    entity: None,
                });
            }
            for m in &found {
                push_unique(&mut recipients, m.clone());
            }
            let mut d = blank(action.or(section_action).unwrap_or(Action::Disclose));
            d.negated = negated;
            d.recipients = if negated { implicit() } else { found };
            d.purposes = purposes.clone();
            d.data = data.clone();
            out.push(d);
        }
        for (i, actions) in self.yes_no.iter().take_while(|(i, _)| present(i)) {
            let text = cell(*i).trim();
            let yes = says_yes(text);
            let no = says_no(text);
            if !yes && !no {
                continue;
            }
            for &action in actions {
                let mut d = blank(action);
                d.negated = no;
                d.recipients = if yes && !recipients.is_empty() {
                    recipients.clone()
                } else {
                    implicit()
                };
                d.purposes = purposes.clone();
                d.data = data.clone();
                out.push(d);
            }
        }
        out
    }
}

fn blank(action: Action) -> Draft {
    Draft {
        action,
        negated: false,
        recipients: Vec::new(),
        purposes: Vec::new(),
        data: Vec::new(),
        condition: None,
        except: Vec::new(),
        implicit_ok: false,
        weak: false,
        implicit_category: "third-party",
    }
}

fn push_unique(into: &mut Vec<Mention>, m: Mention) {
    if !into
        .iter()
        .any(|x| x.category == m.category && x.entity == m.entity)
    {
        into.push(m);
    }
}

/// A cell's text without the list bullets some tables put before each entry ("• None").
fn cell_text(text: &str) -> String {
    text.trim()
        .trim_start_matches(['\u{2022}', '\u{b7}', '*'])
        .trim()
        .to_lowercase()
}

fn says_no(text: &str) -> bool {
    let t = cell_text(text);
    t == "no"
        || t == "none"
        || t == "n/a"
        || t == "-"
        || t == "\u{2014}"
        || t.starts_with("no ")
        || t.starts_with("no.")
        || t.starts_with("no,")
        || t.starts_with("none ")
        || t.starts_with("not ")
        || t.starts_with("we do not")
        || t.starts_with("we don't")
}

fn says_yes(text: &str) -> bool {
    let t = cell_text(text);
    t == "yes"
        || t.starts_with("yes ")
        || t.starts_with("yes,")
        || t.starts_with("yes.")
        || t == "\u{2713}"
        || t == "x"
}
