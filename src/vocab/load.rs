//! Loading vocabulary TOML (embedded defaults plus user files) and validating it, with every
//! problem reported against the file and line it comes from.

use super::{Category, DomainIndex, Entity, Lexicon, Taxonomy, TreeKind, Vocabulary};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Deserialize;
use std::fmt;
use std::path::Path;
use toml::Spanned;

const EMBEDDED: [(&str, &str); 4] = [
    (
        "vocab/recipients.toml",
        include_str!("../../vocab/recipients.toml"),
    ),
    (
        "vocab/purposes.toml",
        include_str!("../../vocab/purposes.toml"),
    ),
    ("vocab/data.toml", include_str!("../../vocab/data.toml")),
    (
        "vocab/entities.toml",
        include_str!("../../vocab/entities.toml"),
    ),
];

/// One problem in a vocabulary file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VocabIssue {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for VocabIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Line 0: the file as a whole (it could not be read).
        match self.line {
            0 => write!(f, "{}: {}", self.file, self.message),
            line => write!(f, "{}:{line}: {}", self.file, self.message),
        }
    }
}

/// Why a vocabulary could not be loaded: every issue found, not just the first.
#[derive(Debug, thiserror::Error)]
#[error("invalid vocabulary:\n{}", issues.iter().map(|i| format!("  {i}")).collect::<Vec<_>>().join("\n"))]
pub struct VocabError {
    pub issues: Vec<VocabIssue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    meta: Option<RawMeta>,
    #[serde(default)]
    recipient: Vec<RawCategory>,
    #[serde(default)]
    purpose: Vec<RawCategory>,
    #[serde(default)]
    data: Vec<RawCategory>,
    #[serde(default)]
    entity: Vec<RawEntity>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    version: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    id: Spanned<String>,
    parent: Option<Spanned<String>>,
    label: Option<String>,
    dpv: Option<String>,
    explicit: Option<bool>,
    special: Option<bool>,
    purpose: Option<String>,
    #[serde(default)]
    synonyms: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntity {
    name: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    domains: Vec<Spanned<String>>,
    #[serde(default)]
    categories: Vec<Spanned<String>>,
    parent: Option<Spanned<String>>,
    country: Option<String>,
}

/// Where a value was defined, for error messages.
#[derive(Clone, Debug)]
struct Origin {
    file: String,
    line: usize,
}

/// A source file with a byte-offset -> line index.
struct Source<'a> {
    name: String,
    text: &'a str,
    line_starts: Vec<usize>,
    /// One of the embedded defaults: an id it defines twice is an error, where a user file
    /// overrides. Known by this flag, not by name, so a user may check `vocab/recipients.toml`.
    embedded: bool,
}

impl<'a> Source<'a> {
    fn new(name: String, text: &'a str, embedded: bool) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Source {
            name,
            text,
            line_starts,
            embedded,
        }
    }

    fn origin(&self, offset: usize) -> Origin {
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        };
        Origin {
            file: self.name.clone(),
            line,
        }
    }
}

#[derive(Default)]
struct Builder {
    versions: Vec<String>,
    trees: [Vec<(Category, Origin, Vec<Origin>)>; 3],
    tree_index: [HashMap<String, usize>; 3],
    entities: Vec<(Entity, Origin, Vec<Origin>, Vec<Origin>)>,
    entity_index: HashMap<String, usize>,
    /// Whether each entity (by index) comes from a user file: those merge with each other.
    entity_from_user: Vec<bool>,
    /// Name keys and domains of user-file entities, to find the same organisation named by
    /// two registries ("Acme, Inc." and "Acme Inc", or one domain).
    user_keys: HashMap<String, usize>,
    user_domains: HashMap<String, usize>,
    issues: Vec<VocabIssue>,
    /// Merges and alias conflicts between user files: reported, not errors.
    notes: Vec<VocabIssue>,
}

impl Builder {
    fn issue(&mut self, at: &Origin, message: String) {
        self.issues.push(VocabIssue {
            file: at.file.clone(),
            line: at.line,
            message,
        });
    }

    fn add_file(&mut self, source: &Source) {
        let raw: RawFile = match toml::from_str(source.text) {
            Ok(raw) => raw,
            Err(e) => {
                let line = e.span().map(|s| source.origin(s.start).line).unwrap_or(1);
                self.issues.push(VocabIssue {
                    file: source.name.clone(),
                    line,
                    message: e.message().trim().to_string(),
                });
                return;
            }
        };
        // A file that repeats a version already named (a copy of a built-in file) adds
        // nothing to the combined version.
        if let Some(version) = raw.meta.and_then(|m| m.version)
            && !self.versions.contains(&version)
        {
            self.versions.push(version);
        }
        for (kind, entries) in TreeKind::ALL
            .into_iter()
            .zip([raw.recipient, raw.purpose, raw.data])
        {
            for entry in entries {
                self.add_category(kind, source, entry);
            }
        }
        for entry in raw.entity {
            self.add_entity(source, entry);
        }
    }

    fn add_category(&mut self, kind: TreeKind, source: &Source, raw: RawCategory) {
        let t = kind as usize;
        let at = source.origin(raw.id.span().start);
        let id = raw.id.into_inner();
        if !is_kebab(&id) {
            self.issue(
                &at,
                format!(
                    "{} id {id:?} is not kebab-case (a-z, 0-9, '-')",
                    kind.table()
                ),
            );
            return;
        }
        let mut synonyms = Vec::new();
        let mut synonym_origins = Vec::new();
        for s in raw.synonyms {
            let o = source.origin(s.span().start);
            let text = s.into_inner();
            if text.trim().is_empty() {
                self.issue(&o, format!("empty synonym in {} {id:?}", kind.table()));
                continue;
            }
            // A synonym is a phrase a policy writes; a page-long one is a mistake, and would
            // cost every later step (spelling variants, the matcher) its length many times.
            let words = text.split_whitespace().count();
            if text.len() > MAX_SYNONYM_BYTES || words > MAX_SYNONYM_WORDS {
                self.issue(
                    &o,
                    format!(
                        "synonym of {} {id:?} is too long ({} bytes, {words} words; at most \
                         {MAX_SYNONYM_BYTES} bytes and {MAX_SYNONYM_WORDS} words)",
                        kind.table(),
                        text.len()
                    ),
                );
                continue;
            }
            synonyms.push(text);
            synonym_origins.push(o);
        }
        let parent = raw
            .parent
            .map(|p| (source.origin(p.span().start), p.into_inner()));
        if let Some(&existing) = self.tree_index[t].get(&id) {
            // An override: fields given replace the old ones, synonyms are added.
            if source.embedded {
                self.issue(&at, format!("duplicate {} id {id:?}", kind.table()));
                return;
            }
            let (cat, origin, origins) = &mut self.trees[t][existing];
            if let Some((o, p)) = parent {
                cat.parent = Some(p);
                *origin = o;
            }
            if let Some(l) = raw.label {
                cat.label = l;
            }
            if raw.dpv.is_some() {
                cat.dpv = raw.dpv;
            }
            if let Some(e) = raw.explicit {
                cat.explicit = e;
            }
            if let Some(s) = raw.special {
                cat.special = s;
            }
            if raw.purpose.is_some() {
                cat.purpose = raw.purpose;
            }
            // A synonym the category already has is no news (a copy of a default file
            // re-lists them all); one repeated within this file is still reported.
            let existing: HashSet<String> = cat
                .synonyms
                .iter()
                .map(|s| super::lexicon::normalize_phrase(s))
                .collect();
            for (syn, o) in synonyms.into_iter().zip(synonym_origins) {
                if !existing.contains(&super::lexicon::normalize_phrase(&syn)) {
                    cat.synonyms.push(syn);
                    origins.push(o);
                }
            }
            return;
        }
        let (parent_origin, parent) = match parent {
            Some((o, p)) => (o, Some(p)),
            None => (at.clone(), None),
        };
        let category = Category {
            label: raw.label.unwrap_or_else(|| id.replace('-', " ")),
            id: id.clone(),
            parent,
            dpv: raw.dpv,
            explicit: raw.explicit.unwrap_or(false),
            special: raw.special.unwrap_or(false),
            purpose: raw.purpose,
            synonyms,
        };
        self.tree_index[t].insert(id, self.trees[t].len());
        self.trees[t].push((category, parent_origin, synonym_origins));
    }

    fn add_entity(&mut self, source: &Source, raw: RawEntity) {
        let at = source.origin(raw.name.span().start);
        let name = raw.name.into_inner();
        if name.trim().is_empty() {
            self.issue(&at, "entity with an empty name".into());
            return;
        }
        let categories: Vec<(Origin, String)> = raw
            .categories
            .into_iter()
            .map(|c| (source.origin(c.span().start), c.into_inner()))
            .collect();
        // A domain or alias that matches everything (`com`, `""`, `a`) would make every host
        // or every mention this organisation: refused with the file, line and entity.
        let mut domains = Vec::with_capacity(raw.domains.len());
        for d in raw.domains {
            let o = source.origin(d.span().start);
            let written = d.into_inner();
            let domain = written.trim().trim_start_matches('.').to_ascii_lowercase();
            match domain_problem(&domain) {
                Some(why) => self.issue(&o, format!("entity {name:?}: domain {written:?} {why}")),
                None => domains.push(domain),
            }
        }
        let mut aliases = Vec::with_capacity(raw.aliases.len());
        for a in raw.aliases {
            let o = source.origin(a.span().start);
            let alias = a.into_inner();
            if alias.trim().chars().count() < 2 || super::name_key(&alias).is_empty() {
                self.issue(
                    &o,
                    format!(
                        "entity {name:?}: alias {alias:?} is too short to name an organisation (2 characters or more)"
                    ),
                );
            } else {
                aliases.push(alias);
            }
        }
        let entity = Entity {
            name: name.clone(),
            aliases,
            domains,
            categories: categories.iter().map(|(_, c)| c.clone()).collect(),
            parent: raw.parent.as_ref().map(|p| p.get_ref().clone()),
            country: raw.country,
        };
        let parent_origin = raw
            .parent
            .map(|p| source.origin(p.span().start))
            .into_iter()
            .collect();
        let category_origins = categories.into_iter().map(|(o, _)| o).collect();
        if !source.embedded
            && let Some(i) = self.same_user_entity(&entity)
        {
            self.merge_entity(i, entity, at, category_origins);
            return;
        }
        match self.entity_index.get(&name) {
            Some(&i) if !source.embedded => {
                // A user file overrides a built-in organisation of that name.
                self.entities[i] = (entity, at, parent_origin, category_origins);
                self.entity_from_user[i] = true;
                self.index_user_entity(i);
            }
            Some(_) => self.issue(&at, format!("duplicate entity name {name:?}")),
            None => {
                let i = self.entities.len();
                self.entity_index.insert(name, i);
                self.entities
                    .push((entity, at, parent_origin, category_origins));
                self.entity_from_user.push(!source.embedded);
                if !source.embedded {
                    self.index_user_entity(i);
                }
            }
        }
    }

    /// An organisation an earlier user file already names: the same name (as compared for
    /// matching: case and punctuation aside) or a shared domain. Two state registries list
    /// many of the same brokers.
    fn same_user_entity(&self, e: &Entity) -> Option<usize> {
        let key = super::name_key(&e.name);
        self.user_keys
            .get(&key)
            .filter(|_| !key.is_empty())
            .or_else(|| e.domains.iter().find_map(|d| self.user_domains.get(d)))
            .copied()
    }

    fn index_user_entity(&mut self, i: usize) {
        let e = &self.entities[i].0;
        let key = super::name_key(&e.name);
        if !key.is_empty() {
            self.user_keys.entry(key).or_insert(i);
        }
        for d in &e.domains {
            self.user_domains.entry(d.clone()).or_insert(i);
        }
    }

    /// Folds `new` into entity `i`: the union of names, aliases, domains and categories, in
    /// first-seen order; the first file's name, parent and country stand.
    fn merge_entity(&mut self, i: usize, new: Entity, at: Origin, category_origins: Vec<Origin>) {
        let (old, old_at, _, old_category_origins) = &mut self.entities[i];
        let note = format!(
            "entity {:?} is the same organisation as {:?} ({}:{}): merged into it",
            new.name, old.name, old_at.file, old_at.line
        );
        for a in std::iter::once(new.name).chain(new.aliases) {
            if a != old.name && !old.aliases.contains(&a) {
                old.aliases.push(a);
            }
        }
        for d in new.domains {
            if !old.domains.contains(&d) {
                old.domains.push(d);
            }
        }
        for (c, o) in new.categories.into_iter().zip(category_origins) {
            if !old.categories.contains(&c) {
                old.categories.push(c);
                old_category_origins.push(o);
            }
        }
        if old.parent.is_none() {
            old.parent = new.parent;
        }
        if old.country.is_none() {
            old.country = new.country;
        }
        self.index_user_entity(i);
        self.notes.push(VocabIssue {
            file: at.file,
            line: at.line,
            message: note,
        });
    }

    fn validate(&mut self) {
        for kind in TreeKind::ALL {
            let t = kind as usize;
            let mut problems = Vec::new();
            // A recipient's implied purpose must be a purpose.
            for (cat, origin, _) in &self.trees[t] {
                if let Some(p) = &cat.purpose
                    && !self.tree_index[TreeKind::Purpose as usize].contains_key(p)
                {
                    problems.push((
                        origin.clone(),
                        format!("{} {:?} has unknown purpose {p:?}", kind.table(), cat.id),
                    ));
                }
            }
            // Unknown parents, cycles and depth, from one memoised walk of the parent chains.
            let chains = chains(&self.trees[t], &self.tree_index[t]);
            for ((cat, origin, _), chain) in self.trees[t].iter().zip(&chains) {
                if let Some(p) = &cat.parent {
                    if !self.tree_index[t].contains_key(p) {
                        problems.push((
                            origin.clone(),
                            format!("{} {:?} has unknown parent {p:?}", kind.table(), cat.id),
                        ));
                        continue;
                    }
                    match *chain {
                        Chain::Cycle => problems.push((
                            origin.clone(),
                            format!("{} {:?} is in a parent cycle", kind.table(), cat.id),
                        )),
                        // Only the first category too deep is named, not each one below it.
                        Chain::Depth(d) if d == MAX_DEPTH + 1 => problems.push((
                            origin.clone(),
                            format!(
                                "{} {:?} is nested {d} levels deep (at most {MAX_DEPTH})",
                                kind.table(),
                                cat.id
                            ),
                        )),
                        _ => {}
                    }
                }
            }
            // A phrase, in every form it is matched in, names one category per tree.
            let mut phrases: HashMap<String, &str> = HashMap::default();
            for (cat, _, origins) in &self.trees[t] {
                let mut own = HashSet::default();
                for (syn, origin) in cat.synonyms.iter().zip(origins) {
                    if !own.insert(super::lexicon::normalize_phrase(syn)) {
                        problems.push((
                            origin.clone(),
                            format!("synonym {syn:?} repeated in {} {:?}", kind.table(), cat.id),
                        ));
                        continue;
                    }
                    for form in super::lexicon::variants(syn) {
                        match phrases.insert(form, &cat.id) {
                            Some(other) if other != cat.id => {
                                problems.push((
                                    origin.clone(),
                                    format!(
                                        "synonym {syn:?} of {} {:?} already names {other:?}",
                                        kind.table(),
                                        cat.id
                                    ),
                                ));
                                break;
                            }
                            _ => {}
                        }
                    }
                }
            }
            for (o, m) in problems {
                self.issue(&o, m);
            }
        }
        let mut problems = Vec::new();
        // Alias -> the entity (index) that claims it first.
        let mut aliases: HashMap<&str, usize> = HashMap::default();
        // (entity, alias) an alias conflict between two user files takes from the later one.
        let mut dropped: Vec<(usize, String)> = Vec::new();
        let mut notes = Vec::new();
        for (i, (e, origin, parent_origin, category_origins)) in self.entities.iter().enumerate() {
            for (c, o) in e.categories.iter().zip(category_origins) {
                if !self.tree_index[TreeKind::Recipient as usize].contains_key(c) {
                    problems.push((
                        o.clone(),
                        format!("entity {:?} has unknown recipient category {c:?}", e.name),
                    ));
                }
            }
            if let Some(p) = &e.parent
                && !self.entity_index.contains_key(p)
            {
                let o = parent_origin.first().unwrap_or(origin);
                problems.push((
                    o.clone(),
                    format!("entity {:?} has unknown parent entity {p:?}", e.name),
                ));
            }
            for a in std::iter::once(&e.name).chain(e.aliases.iter()) {
                let first = *aliases.entry(a.as_str()).or_insert(i);
                if first == i {
                    continue;
                }
                let (other, other_at, ..) = &self.entities[first];
                // Two registries (user files) naming different organisations alike: the
                // first loaded keeps the alias, deterministically, and the clash is noted. A
                // clash within one file or with the built-in registry stays an error.
                let between_files = self.entity_from_user[i]
                    && self.entity_from_user[first]
                    && other_at.file != origin.file;
                if between_files {
                    // A name cannot be dropped: when `a` is this entity's name, the earlier
                    // entity, which has it as an alias only, gives it up.
                    dropped.push((if *a == e.name { first } else { i }, a.clone()));
                    notes.push(VocabIssue {
                        file: origin.file.clone(),
                        line: origin.line,
                        message: format!(
                            "entity {:?}: {a:?} also names {:?} ({}:{}), a different organisation (no shared name or domain): {a:?} is kept as {:?}'s name or alias only",
                            e.name,
                            other.name,
                            other_at.file,
                            other_at.line,
                            if *a == e.name { &e.name } else { &other.name }
                        ),
                    });
                } else {
                    problems.push((
                        origin.clone(),
                        format!(
                            "entity {:?}: name or alias {a:?} already names {:?}",
                            e.name, other.name
                        ),
                    ));
                }
            }
        }
        for (o, m) in problems {
            self.issue(&o, m);
        }
        for (i, a) in dropped {
            self.entities[i].0.aliases.retain(|x| *x != a);
        }
        self.notes.extend(notes);
    }

    fn finish(mut self) -> Result<Vocabulary, VocabError> {
        self.validate();
        if !self.issues.is_empty() {
            return Err(VocabError {
                issues: self.issues,
            });
        }
        let [r, p, d] = self.trees;
        let take = |v: Vec<(Category, Origin, Vec<Origin>)>| {
            Taxonomy::from_categories(v.into_iter().map(|(c, _, _)| c).collect())
        };
        let (recipients, purposes, data) = (take(r), take(p), take(d));
        let entities: Vec<Entity> = self.entities.into_iter().map(|(e, ..)| e).collect();
        let entity_by_name = entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.name.clone(), i))
            .collect();
        let lexicon = Lexicon::build(&recipients, &purposes, &data, &entities);
        let domains = DomainIndex::build(&entities);
        let version = if self.versions.is_empty() {
            "unversioned".to_string()
        } else {
            self.versions.join("+")
        };
        Ok(Vocabulary {
            version,
            recipients,
            purposes,
            data,
            entities,
            notes: self.notes,
            entity_by_name,
            lexicon,
            domains,
            id: NEXT_VOCABULARY_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        })
    }
}

/// Why a registry domain cannot be used, if it cannot: empty, not made of host-name labels,
/// a single label, or a public suffix (`com`, `co.uk`) that every site under it would match.
fn domain_problem(domain: &str) -> Option<&'static str> {
    if domain.is_empty() {
        return Some("is empty");
    }
    let labels_ok = domain.split('.').all(|l| {
        !l.is_empty()
            && l.len() <= 63
            && l.chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    });
    if !labels_ok || domain.len() > 253 {
        return Some("is not a host name (letters, digits, '-' and '.' between non-empty labels)");
    }
    if !domain.contains('.') {
        return Some("is a single label; give the organisation's own domain, such as example.com");
    }
    if psl::suffix(domain.as_bytes())
        .is_some_and(|s| s.as_bytes() == domain.as_bytes() && s.typ() == Some(psl::Type::Icann))
    {
        return Some(
            "is a public suffix that every site under it shares; give the organisation's own domain",
        );
    }
    None
}

/// The longest synonym accepted, in bytes and in words (the longest default has 54 bytes and
/// 8 words).
const MAX_SYNONYM_BYTES: usize = 200;
const MAX_SYNONYM_WORDS: usize = 20;
/// The most ancestors a category may have (the defaults have at most 3): every subsumption
/// test walks the chain.
const MAX_DEPTH: usize = 32;

/// What the walk up from a category finds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Chain {
    Unvisited,
    /// On the chain being walked.
    OnPath,
    /// How many ancestors it has (a category whose parent is unknown counts as a root).
    Depth(usize),
    /// The chain runs into a cycle (the category is on it or below it).
    Cycle,
}

/// For every category of a tree, whether its parent chain ends at a root (and how far up) or
/// runs into a cycle. Each category is visited once: walking every chain from its own start
/// cost the sum of all depths, quadratic for one deep chain.
fn chains(cats: &[(Category, Origin, Vec<Origin>)], index: &HashMap<String, usize>) -> Vec<Chain> {
    let parent: Vec<Option<usize>> = cats
        .iter()
        .map(|(c, ..)| c.parent.as_ref().and_then(|p| index.get(p).copied()))
        .collect();
    let mut state = vec![Chain::Unvisited; cats.len()];
    let mut path = Vec::new();
    for start in 0..cats.len() {
        let mut cur = Some(start);
        // Ancestors of the last category on the path, or None for a cycle.
        let above = loop {
            let Some(i) = cur else { break Some(0) };
            match state[i] {
                Chain::Unvisited => {
                    state[i] = Chain::OnPath;
                    path.push(i);
                    cur = parent[i];
                }
                Chain::OnPath | Chain::Cycle => break None,
                Chain::Depth(d) => break Some(d + 1),
            }
        };
        let mut depth = above;
        while let Some(i) = path.pop() {
            state[i] = depth.map_or(Chain::Cycle, Chain::Depth);
            depth = depth.map(|d| d + 1);
        }
    }
    state
}

static NEXT_VOCABULARY_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl Vocabulary {
    /// The embedded defaults extended, in order, by the given user files.
    pub fn load(extra: &[&Path]) -> Result<Vocabulary, VocabError> {
        let mut builder = Builder::default();
        for (name, text) in EMBEDDED {
            builder.add_file(&Source::new(name.to_string(), text, true));
        }
        for path in extra {
            let name = path.display().to_string();
            // Through the input cap, and refusing FIFOs and devices: `--vocab /dev/zero` hung.
            let text = crate::input::read_all(path, crate::input::Kind::Other).and_then(|b| {
                String::from_utf8(b)
                    .map_err(|_| std::io::Error::other("the file is not UTF-8 text"))
            });
            match text {
                Ok(text) => builder.add_file(&Source::new(name, &text, false)),
                Err(e) => builder.issues.push(VocabIssue {
                    file: name,
                    line: 0,
                    message: format!("cannot read: {e}"),
                }),
            }
        }
        builder.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_vocabulary_file_that_is_a_device_is_refused_not_read_forever() {
        let err = Vocabulary::load(&[Path::new("/dev/zero")]).unwrap_err();
        assert!(format!("{err}").contains("/dev/zero"), "{err}");
    }

    fn load_extra(text: &str) -> Result<Vocabulary, VocabError> {
        let mut f = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
        f.write_all(text.as_bytes()).unwrap();
        Vocabulary::load(&[f.path()])
    }

    #[test]
    fn domain_index_agrees_with_a_search_per_domain() {
        let vocab = Vocabulary::embedded();
        let mut names: Vec<String> = vec![
            String::new(),
            "privacy policy.md".into(),
            "aol.com.md".into(),
            "www.aol.com-privacy.md".into(),
        ];
        for e in vocab.entities.iter().take(200) {
            for d in &e.domains {
                names.push(format!("{d}.md"));
                names.push(format!("x{d}y"));
            }
        }
        for name in &names {
            let reference: Vec<&str> = vocab
                .entities
                .iter()
                .filter(|e| e.domains.iter().any(|d| name.contains(d.as_str())))
                .map(|e| e.name.as_str())
                .collect();
            let found: Vec<&str> = vocab
                .entities_with_domain_in(name)
                .iter()
                .map(|e| e.name.as_str())
                .collect();
            assert_eq!(found, reference, "{name:?}");
        }
    }

    #[test]
    fn a_default_file_checked_by_its_repository_path_is_valid() {
        // Tests run from the crate root, where the defaults live under `vocab/`.
        for file in ["recipients", "purposes", "data", "entities"] {
            let path = format!("vocab/{file}.toml");
            let loaded = Vocabulary::load(&[Path::new(&path)]);
            assert!(loaded.is_ok(), "{path}: {:?}", loaded.err());
        }
    }

    #[test]
    fn embedded_defaults_are_valid_and_have_the_design_ids() {
        let v = Vocabulary::load(&[]).unwrap_or_else(|e| panic!("{e}"));
        for id in [
            "third-party",
            "service-provider",
            "affiliate",
            "advertiser",
            "analytics-provider",
            "social-network",
            "marketing-partner",
            "data-broker",
            "credit-reference-agency",
            "political-organisation",
            "political-party",
            "political-campaign",
            "political-consultancy",
            "government",
            "law-enforcement",
            "business-transferee",
            "public",
            "researcher",
            "insurer",
            "financial-institution",
            "healthcare-provider",
            "employer",
        ] {
            assert!(v.recipients.contains(id), "recipient {id}");
        }
        for id in [
            "service-provision",
            "security-fraud",
            "legal-compliance",
            "analytics-research",
            "personalisation",
            "marketing",
            "third-party-marketing",
            "advertising",
            "targeted-advertising",
            "political-campaigning",
            "credit-risk",
            "merger-acquisition",
            "research",
            "data-sale",
        ] {
            assert!(v.purposes.contains(id), "purpose {id}");
        }
        for id in [
            "personal-data",
            "contact",
            "name",
            "email",
            "phone",
            "postal-address",
            "identifier",
            "device-id",
            "ip-address",
            "cookie-id",
            "hashed-identifier",
            "online-activity",
            "location",
            "precise-location",
            "demographic",
            "date-of-birth",
            "age",
            "gender",
            "financial",
            "purchase-history",
            "health",
            "pregnancy",
            "reproductive-health",
            "prescription",
            "children",
            "political-opinion",
            "ethnic-origin",
            "religion",
            "sexual-orientation",
            "biometric",
            "genetic",
            "user-content",
        ] {
            assert!(v.data.contains(id), "data {id}");
        }
        assert_eq!(
            v.recipients.distance("third-party", "political-party"),
            Some(2)
        );
        assert_eq!(
            v.recipients
                .distance("data-broker", "credit-reference-agency"),
            Some(1)
        );
        assert_eq!(v.recipients.distance("advertiser", "political-party"), None);
        assert!(v.recipients.is_explicit("political-party"));
        assert!(v.recipients.is_explicit("credit-reference-agency"));
        assert!(!v.recipients.is_explicit("advertiser"));
        assert!(v.purposes.is_explicit("political-campaigning"));
        assert!(v.data.is_special("pregnancy"));
        assert!(!v.data.is_special("email"));
        assert_ne!(v.version, "unversioned");
    }

    #[test]
    fn user_file_extends_and_overrides() {
        let v = load_extra(
            "[meta]\nversion = \"mine-1\"\n\
             [[recipient]]\nid = \"pollster\"\nparent = \"political-consultancy\"\nsynonyms = [\"polling firm\"]\n\
             [[recipient]]\nid = \"advertiser\"\nsynonyms = [\"adtech vendor\"]\n",
        )
        .unwrap();
        assert_eq!(
            v.recipients.distance("political-organisation", "pollster"),
            Some(2)
        );
        assert!(
            v.recipients.is_explicit("pollster"),
            "explicit is inherited"
        );
        assert!(
            v.recipients
                .get("advertiser")
                .unwrap()
                .synonyms
                .iter()
                .any(|s| s == "adtech vendor")
        );
        assert!(v.version.ends_with("+mine-1"));
    }

    #[test]
    fn a_repeated_version_is_named_once() {
        let built_in = Vocabulary::embedded().version.clone();
        let v = load_extra(&format!("[meta]\nversion = \"{built_in}\"\n")).unwrap();
        assert_eq!(v.version, built_in);
    }

    #[test]
    fn problems_are_reported_with_lines() {
        let err = load_extra(
            "[[recipient]]\nid = \"a-thing\"\nparent = \"nowhere\"\n\
             [[recipient]]\nid = \"loop-a\"\nparent = \"loop-b\"\n\
             [[recipient]]\nid = \"loop-b\"\nparent = \"loop-a\"\n\
             [[purpose]]\nid = \"x\"\nsynonyms = [\"  \"]\n\
             [[entity]]\nname = \"Acme\"\ncategories = [\"no-such-category\"]\n\
             [[recipient]]\nid = \"odd-kind\"\nparent = \"third-party\"\npurpose = \"nothing\"\n",
        )
        .unwrap_err();
        let text: Vec<String> = err
            .issues
            .iter()
            .map(|i| format!("{}: {}", i.line, i.message))
            .collect();
        let joined = text.join("\n");
        assert!(
            joined.contains("3: recipient \"a-thing\" has unknown parent \"nowhere\""),
            "{joined}"
        );
        assert!(
            joined.contains("6: recipient \"loop-a\" is in a parent cycle"),
            "{joined}"
        );
        assert!(
            joined.contains("recipient \"odd-kind\" has unknown purpose \"nothing\""),
            "{joined}"
        );
        assert!(joined.contains("12: empty synonym"), "{joined}");
        assert!(
            joined.contains("15: entity \"Acme\" has unknown recipient category"),
            "{joined}"
        );
    }

    #[test]
    fn toml_syntax_error_names_the_line() {
        let err = load_extra("[[recipient]]\nid = \"ok\"\n\n[[recipient]\nid = \"broken\"\n")
            .unwrap_err();
        assert_eq!(err.issues.len(), 1);
        assert_eq!(err.issues[0].line, 4, "{:?}", err.issues);
    }

    #[test]
    fn duplicate_synonym_across_categories_is_an_error() {
        let err = load_extra(
            "[[recipient]]\nid = \"one\"\nsynonyms = [\"shared phrase\"]\n\
             [[recipient]]\nid = \"two\"\nsynonyms = [\"shared phrases\"]\n",
        )
        .unwrap_err();
        assert!(
            err.issues
                .iter()
                .any(|i| i.line == 6 && i.message.contains("already names")),
            "{:?}",
            err.issues
        );
    }
}
