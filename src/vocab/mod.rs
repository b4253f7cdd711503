//! The vocabulary: three taxonomies (recipients, purposes, data categories) and the entity
//! registry of named organisations. Defaults are TOML files embedded in the binary; user files
//! given with `--vocab` extend or override them. See `docs/vocabulary.md` for the file format.

pub mod import;
mod lexicon;
mod load;
pub mod parameters;

pub use lexicon::{Lexicon, LexiconMatch, Normalized, Overlapping, WordTable, word_spans};
pub use load::{VocabError, VocabIssue};

use std::collections::HashMap;

/// Which taxonomy a category belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TreeKind {
    Recipient,
    Purpose,
    Data,
}

impl TreeKind {
    pub const ALL: [TreeKind; 3] = [TreeKind::Recipient, TreeKind::Purpose, TreeKind::Data];

    /// The TOML table name of this tree (`[[recipient]]`, ...).
    pub fn table(self) -> &'static str {
        match self {
            TreeKind::Recipient => "recipient",
            TreeKind::Purpose => "purpose",
            TreeKind::Data => "data",
        }
    }
}

/// One node of a taxonomy.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Category {
    pub id: String,
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dpv: Option<String>,
    /// A generic ancestor term does not disclose this category: the policy must name it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub explicit: bool,
    /// Special-category data (GDPR Art. 9, children).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub special: bool,
    /// For a recipient named by its function ("payment processors", "analytics providers"):
    /// the purpose a statement that names no purpose implies by naming it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    pub synonyms: Vec<String>,
}

/// A tree (or forest) of categories, addressed by kebab-case id.
#[derive(Clone, Debug, Default)]
pub struct Taxonomy {
    categories: Vec<Category>,
    by_id: rustc_hash::FxHashMap<String, usize>,
    /// Parent index of each category, resolved once at load time.
    parents: Vec<Option<usize>>,
}

impl Taxonomy {
    pub(crate) fn from_categories(categories: Vec<Category>) -> Taxonomy {
        let by_id: rustc_hash::FxHashMap<String, usize> = categories
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        let parents = categories
            .iter()
            .map(|c| c.parent.as_ref().and_then(|p| by_id.get(p).copied()))
            .collect();
        Taxonomy {
            categories,
            by_id,
            parents,
        }
    }

    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    pub fn len(&self) -> usize {
        self.categories.len()
    }

    pub fn is_empty(&self) -> bool {
        self.categories.is_empty()
    }

    pub fn get(&self, id: &str) -> Option<&Category> {
        self.by_id.get(id).map(|&i| &self.categories[i])
    }

    pub fn contains(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    pub(crate) fn at(&self, index: usize) -> &Category {
        &self.categories[index]
    }

    /// The ids from `id` up to its root, `id` first. Empty for an unknown id.
    pub fn ancestors<'a>(&'a self, id: &str) -> impl Iterator<Item = &'a str> + 'a {
        let mut next = self.by_id.get(id).copied();
        // The loader rejects cycles; the bound guards against a hand-built taxonomy.
        let mut budget = self.categories.len() + 1;
        std::iter::from_fn(move || {
            let i = next?;
            budget = budget.checked_sub(1)?;
            next = self.parents[i];
            Some(self.categories[i].id.as_str())
        })
    }

    /// The purpose a category (or its nearest ancestor that has one) implies.
    pub fn implied_purpose(&self, id: &str) -> Option<&str> {
        self.ancestors(id)
            .find_map(|a| self.get(a).and_then(|c| c.purpose.as_deref()))
    }

    /// How many levels `general` lies above `specific` (0 when equal), or `None` when
    /// `general` does not subsume `specific`.
    pub fn distance(&self, general: &str, specific: &str) -> Option<u32> {
        self.ancestors(specific)
            .position(|a| a == general)
            .map(|d| d as u32)
    }

    /// True when `id` or one of its ancestors carries `explicit` (for recipients and
    /// purposes) or `special` (for data).
    pub fn is_explicit(&self, id: &str) -> bool {
        self.ancestors(id)
            .filter_map(|a| self.get(a))
            .any(|c| c.explicit)
    }

    pub fn is_special(&self, id: &str) -> bool {
        self.ancestors(id)
            .filter_map(|a| self.get(a))
            .any(|c| c.special)
    }

    /// Depth below the root (a root is 0).
    pub fn depth(&self, id: &str) -> usize {
        self.ancestors(id).count().saturating_sub(1)
    }
}

/// A named organisation in the entity registry.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Entity {
    pub name: String,
    pub aliases: Vec<String>,
    pub domains: Vec<String>,
    /// Recipient category ids, most specific first.
    pub categories: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// Everything the extractor and resolver need to name things: taxonomies, entity registry and
/// the compiled lexicon over both.
#[derive(Debug)]
pub struct Vocabulary {
    pub version: String,
    pub recipients: Taxonomy,
    pub purposes: Taxonomy,
    pub data: Taxonomy,
    pub entities: Vec<Entity>,
    /// What loading settled without an error: organisations that several `--vocab` files
    /// name, merged into one, and aliases two of their organisations claim (kept by the first).
    pub notes: Vec<load::VocabIssue>,
    entity_by_name: HashMap<String, usize>,
    lexicon: Lexicon,
    domains: DomainIndex,
    /// Unique to this built vocabulary in the process, so that work memoised for one
    /// vocabulary (the extractor's sentence cache) is never reused for another.
    id: u64,
}

/// Every entity domain in one automaton: a file name is searched once for all of them, where
/// a substring search per domain walks the whole registry for every policy.
#[derive(Debug)]
pub(crate) struct DomainIndex {
    automaton: aho_corasick::AhoCorasick,
    /// The entity of each non-empty domain, by pattern.
    owners: Vec<usize>,
    /// Entities with an empty domain, which every text contains.
    always: Vec<usize>,
}

impl DomainIndex {
    pub(crate) fn build(entities: &[Entity]) -> DomainIndex {
        let mut patterns = Vec::new();
        let mut owners = Vec::new();
        let mut always = Vec::new();
        for (i, e) in entities.iter().enumerate() {
            for d in &e.domains {
                if d.is_empty() {
                    always.push(i);
                } else {
                    patterns.push(d.as_str());
                    owners.push(i);
                }
            }
        }
        let automaton = aho_corasick::AhoCorasick::new(patterns)
            // Domains are short plain strings, far under any size limit.
            .expect("domain automaton builds");
        DomainIndex {
            automaton,
            owners,
            always,
        }
    }
}

impl Vocabulary {
    pub fn tree(&self, kind: TreeKind) -> &Taxonomy {
        match kind {
            TreeKind::Recipient => &self.recipients,
            TreeKind::Purpose => &self.purposes,
            TreeKind::Data => &self.data,
        }
    }

    /// See the `id` field: no two vocabularies built in one process share it.
    pub fn id(&self) -> u64 {
        self.id
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The entities one of whose domains `text` contains (as `text.contains(domain)`), in
    /// registry order.
    pub fn entities_with_domain_in(&self, text: &str) -> Vec<&Entity> {
        let index = &self.domains;
        let mut found = index.always.clone();
        found.extend(
            index
                .automaton
                .find_overlapping_iter(text)
                .map(|m| index.owners[m.pattern().as_usize()]),
        );
        found.sort_unstable();
        found.dedup();
        found.into_iter().map(|i| &self.entities[i]).collect()
    }

    pub fn entity(&self, name: &str) -> Option<&Entity> {
        self.entity_by_name.get(name).map(|&i| &self.entities[i])
    }

    /// The categories of an entity, falling back to its owners' when it has none of its own.
    pub fn entity_categories<'a>(&'a self, entity: &'a Entity) -> &'a [String] {
        let mut current = entity;
        for _ in 0..8 {
            if !current.categories.is_empty() {
                return &current.categories;
            }
            match current.parent.as_deref().and_then(|p| self.entity(p)) {
                Some(parent) => current = parent,
                None => break,
            }
        }
        &[]
    }

    /// The embedded default vocabulary.
    pub fn embedded() -> Vocabulary {
        // The embedded files are validated by tests, so failure here is a build defect.
        Vocabulary::load(&[]).expect("embedded vocabulary is valid")
    }
}

/// Corporate suffixes that do not tell organisations apart ("Experian Ltd" is "Experian").
const SUFFIXES: &[&str] = &[
    "ltd",
    "limited",
    "llc",
    "l l c",
    "inc",
    "incorporated",
    "plc",
    "corp",
    "corporation",
    "co",
    "company",
    "gmbh",
    "ag",
    "sa",
    "sas",
    "sarl",
    "bv",
    "nv",
    "lp",
    "llp",
    "pty",
    "pte",
    "srl",
    "spa",
    "ab",
    "as",
    "oy",
    "kg",
    "se",
    "group",
    "holdings",
    "uk",
    "us",
    "usa",
];

/// The comparable form of an organisation name: lower case, punctuation dropped, "&" as "and",
/// no leading "the", no trailing corporate suffixes. The resolver matches ledger names by it and
/// importers refuse names that collide under it.
pub fn name_key(name: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else if c == '\'' || c == '\u{2019}' || c == '.' {
            // "McDonald's" and "U.K." keep their letters together.
            continue;
        } else {
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            if c == '&' {
                words.push("and".into());
            }
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    if words.first().is_some_and(|w| w == "the") && words.len() > 1 {
        words.remove(0);
    }
    while words.len() > 1 && words.last().is_some_and(|w| SUFFIXES.contains(&w.as_str())) {
        words.pop();
    }
    if words.iter().all(|w| w == "and") {
        return String::new();
    }
    words.join(" ")
}
