//! Naming who received data: host -> registrable domain (public suffix list) -> organisation
//! in the entity registry -> recipient categories (following ownership), and free-text ledger
//! fields -> vocabulary categories.

use super::{Party, SharedList, Term};
pub use crate::vocab::name_key;
use crate::vocab::{Entity, Normalized, TreeKind, Vocabulary};
use std::collections::HashMap;

/// Look-up tables over one vocabulary, built once per run and shared by every thread.
pub struct Resolver<'v> {
    pub vocab: &'v Vocabulary,
    by_domain: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
}

/// The registrable domain (eTLD+1) of a host; IP addresses and hosts the list does not know
/// are returned as they are.
pub fn registrable_domain(host: &str) -> String {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[') {
        return host;
    }
    match psl::domain_str(&host) {
        Some(d) => d.to_string(),
        None => host,
    }
}

/// Whether a domain is a public suffix from the private section of the list (a platform that
/// gives each customer a subdomain).
pub fn is_private_suffix(domain: &str) -> bool {
    psl::suffix(domain.as_bytes())
        .is_some_and(|s| s.as_bytes() == domain.as_bytes() && s.typ() == Some(psl::Type::Private))
}

impl<'v> Resolver<'v> {
    pub fn new(vocab: &'v Vocabulary) -> Resolver<'v> {
        let mut by_domain = HashMap::new();
        let mut by_name = HashMap::new();
        for (i, e) in vocab.entities.iter().enumerate() {
            for d in &e.domains {
                by_domain.entry(d.to_ascii_lowercase()).or_insert(i);
            }
            for n in std::iter::once(&e.name).chain(&e.aliases) {
                let key = name_key(n);
                if !key.is_empty() {
                    by_name.entry(key).or_insert(i);
                }
            }
        }
        Resolver {
            vocab,
            by_domain,
            by_name,
        }
    }

    /// The organisation operating a host: the longest registered suffix of the host wins, so a
    /// registry may list a subdomain (`ads.example.com`) apart from its parent domain.
    pub fn entity_for_host(&self, host: &str) -> Option<&'v Entity> {
        self.entity_and_domain(host).map(|(e, _)| e)
    }

    /// [`Resolver::entity_for_host`] and the registered domain that matched.
    fn entity_and_domain(&self, host: &str) -> Option<(&'v Entity, String)> {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let mut rest = host.as_str();
        loop {
            if let Some(&i) = self.by_domain.get(rest) {
                return Some((&self.vocab.entities[i], rest.to_string()));
            }
            match rest.find('.') {
                Some(dot) => rest = &rest[dot + 1..],
                None => return None,
            }
        }
    }

    /// The organisation that owns a host, as opposed to a platform the host's site runs on:
    /// when the registry matched a domain that is itself a public suffix in the list's private
    /// section (`herokuapp.com`, `myshopify.com`, `cloudfront.net`), the host below it is a
    /// customer's site with its own operator, so nobody is named.
    pub fn owner_of_host(&self, host: &str) -> Option<&'v Entity> {
        let (entity, matched) = self.entity_and_domain(host)?;
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        (host == matched || !is_private_suffix(&matched)).then_some(entity)
    }

    /// The organisation a written name refers to, tolerant of case, punctuation and
    /// corporate suffixes; a name that is a domain or URL is resolved as a host.
    pub fn entity_for_name(&self, name: &str) -> Option<&'v Entity> {
        if let Some(&i) = self.by_name.get(&name_key(name)) {
            return Some(&self.vocab.entities[i]);
        }
        let trimmed = name.trim();
        if !trimmed.contains(' ') && trimmed.contains('.') {
            let host = super::url::host(trimmed).unwrap_or(trimmed);
            return self.entity_for_host(host);
        }
        None
    }

    /// A recipient category written in a ledger: an id, or a phrase the lexicon knows.
    pub fn recipient_category(&self, text: &str) -> Option<String> {
        let t = text.trim();
        if self.vocab.recipients.contains(t) {
            return Some(t.to_string());
        }
        let n = Normalized::new(t);
        let m = self
            .vocab
            .lexicon()
            .find(TreeKind::Recipient, &n)
            .into_iter()
            .max_by_key(|m| m.end - m.start)?;
        Some(self.vocab.recipients.categories()[m.index].id.clone())
    }

    /// Builds the party for a recipient as written (and its category as written, if any).
    pub fn party_for_name(&self, name: &str, category: Option<&str>) -> (Party, Option<String>) {
        let name = name.trim();
        let entity = self.entity_for_name(name);
        let mut categories: Vec<String> = Vec::new();
        let mut problem = None;
        if let Some(c) = category.filter(|c| !c.trim().is_empty()) {
            match self.recipient_category(c) {
                Some(id) => categories.push(id),
                None => problem = Some(format!("unknown recipient category {:?}", c.trim())),
            }
        }
        let mut party = match entity {
            Some(e) => self.party_for_entity(e, None),
            None => Party {
                name: name.to_string(),
                organisation: None,
                domain: None,
                categories: SharedList::default(),
                unresolved: false,
            },
        };
        if entity.is_none() && categories.is_empty() {
            // A name that states its kind ("Springfield Police Department") still says
            // something; otherwise the recipient stays an unresolved third party.
            match self.recipient_category(name) {
                Some(id) if id != "third-party" => categories.push(id),
                _ => party.unresolved = true,
            }
        }
        for c in party.categories.iter() {
            if !categories.contains(c) {
                categories.push(c.clone());
            }
        }
        if categories.is_empty() {
            categories.push("third-party".into());
        }
        party.categories = SharedList::new(categories);
        (party, problem)
    }

    /// The party for a registry entity; `domain` is the domain actually seen, if any.
    pub fn party_for_entity(&self, e: &Entity, domain: Option<String>) -> Party {
        let mut categories: Vec<String> = self.vocab.entity_categories(e).to_vec();
        if categories.is_empty() {
            categories.push("third-party".into());
        }
        Party {
            name: e.name.clone(),
            organisation: Some(e.name.clone()),
            domain: domain.or_else(|| e.domains.first().cloned()),
            categories: SharedList::new(categories),
            unresolved: false,
        }
    }

    /// The party behind a host seen in a capture. A customer's site on a platform
    /// (`evil.herokuapp.com`) is its own unnamed third party, not the platform.
    pub fn party_for_host(&self, host: &str) -> Party {
        let domain = registrable_domain(host);
        match self.owner_of_host(host) {
            Some(e) => self.party_for_entity(e, Some(domain)),
            None => Party {
                name: domain.clone(),
                organisation: None,
                domain: Some(domain),
                categories: SharedList::new(vec!["third-party".into()]),
                unresolved: true,
            },
        }
    }

    /// Data or purpose terms from one `;`-separated ledger item: a vocabulary id, or every
    /// category the lexicon finds in the words ("child date of birth" is both `children` and
    /// `date-of-birth`). Data nobody can name is still personal data; a purpose nobody can name
    /// keeps its words with no category.
    pub fn terms(&self, kind: TreeKind, item: &str) -> Vec<Term> {
        let item = item.trim();
        if item.is_empty() {
            return Vec::new();
        }
        let tree = self.vocab.tree(kind);
        if tree.contains(item) {
            return vec![Term::new(item, Some(item.to_string()))];
        }
        let n = Normalized::new(item);
        let mut out: Vec<Term> = Vec::new();
        for m in self.vocab.lexicon().find(kind, &n) {
            let id = &tree.categories()[m.index].id;
            if !out.iter().any(|t| t.category.as_deref() == Some(id)) {
                out.push(Term::new(item, Some(id.clone())));
            }
        }
        if out.is_empty() {
            let fallback = match kind {
                TreeKind::Data => Some("personal-data".to_string()),
                _ => None,
            };
            out.push(Term::new(item, fallback));
        }
        out
    }

    /// Categories of one tree named in running words (an event name, a page path), keeping
    /// only those `keep` accepts.
    pub fn categories_in(
        &self,
        kind: TreeKind,
        words: &str,
        keep: impl Fn(&str) -> bool,
    ) -> Vec<String> {
        self.categories_in_terms(kind, words, 0, keep)
    }

    /// [`Resolver::categories_in`], counting only terms of at least `min_len` bytes: in a page
    /// path or title, `rx` or `son` is too short to be read as a category.
    pub fn categories_in_terms(
        &self,
        kind: TreeKind,
        words: &str,
        min_len: usize,
        keep: impl Fn(&str) -> bool,
    ) -> Vec<String> {
        let n = Normalized::new(words);
        let tree = self.vocab.tree(kind);
        let mut out: Vec<String> = Vec::new();
        for m in self.vocab.lexicon().find(kind, &n) {
            let id = &tree.categories()[m.index].id;
            if m.end - m.start >= min_len && keep(id) && !out.contains(id) {
                out.push(id.clone());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_without_case_punctuation_or_suffixes() {
        assert_eq!(
            name_key("Experian Marketing Services Ltd."),
            "experian marketing services"
        );
        assert_eq!(name_key("The Labour Party"), "labour party");
        assert_eq!(name_key("ACXIOM, LLC"), "acxiom");
        assert_eq!(name_key("Procter & Gamble Co"), "procter and gamble");
        assert_eq!(name_key("Inc"), "inc", "a suffix alone is still a name");
    }

    #[test]
    fn registrable_domains_follow_the_public_suffix_list() {
        assert_eq!(
            registrable_domain("securepubads.g.doubleclick.net"),
            "doubleclick.net"
        );
        assert_eq!(registrable_domain("www.bbc.co.uk"), "bbc.co.uk");
        assert_eq!(registrable_domain("192.168.0.1"), "192.168.0.1");
        assert_eq!(registrable_domain("localhost"), "localhost");
    }

    #[test]
    fn hosts_and_names_resolve_through_the_registry_and_ownership() {
        let vocab = Vocabulary::embedded();
        let r = Resolver::new(&vocab);
        let dc = r.party_for_host("securepubads.g.doubleclick.net");
        assert!(!dc.unresolved, "{dc:?}");
        assert_eq!(dc.domain.as_deref(), Some("doubleclick.net"));
        let (ems, _) = r.party_for_name("EXPERIAN MARKETING SERVICES LTD", None);
        assert_eq!(
            ems.organisation.as_deref(),
            Some("Experian Marketing Services")
        );
        assert!(ems.categories.iter().any(|c| c == "data-broker"), "{ems:?}");
        let (labour, _) = r.party_for_name("The Labour Party", None);
        assert_eq!(
            labour.categories.first().map(String::as_str),
            Some("political-party")
        );
        let (nobody, _) = r.party_for_name("Zyxw Holdings Ltd", None);
        assert!(nobody.unresolved);
        assert_eq!(nobody.categories[..], ["third-party"]);
        let (police, _) = r.party_for_name("Springfield Police Department", None);
        assert_eq!(police.categories[..], ["law-enforcement"]);
        let (stated, problem) = r.party_for_name("Zyxw Holdings Ltd", Some("list broker"));
        assert_eq!(stated.categories[..], ["data-broker"]);
        assert!(!stated.unresolved && problem.is_none());
        let (_, problem) = r.party_for_name("Zyxw", Some("frobnicators"));
        assert!(problem.unwrap().contains("frobnicators"));
    }

    #[test]
    fn platform_subdomains_are_not_the_platform() {
        let vocab = Vocabulary::embedded();
        let r = Resolver::new(&vocab);
        assert!(is_private_suffix("herokuapp.com"));
        assert!(!is_private_suffix("com"));
        assert!(!is_private_suffix("heroku.com"));
        assert_eq!(
            registrable_domain("evil.herokuapp.com"),
            "evil.herokuapp.com"
        );
        assert!(r.owner_of_host("evil.herokuapp.com").is_none());
        assert!(r.owner_of_host("shop.myshopify.com").is_none());
        assert_eq!(
            r.owner_of_host("www.heroku.com").map(|e| e.name.as_str()),
            Some("Heroku")
        );
        assert_eq!(
            r.owner_of_host("herokuapp.com").map(|e| e.name.as_str()),
            Some("Heroku")
        );
        let p = r.party_for_host("evil.herokuapp.com");
        assert_eq!(p.name, "evil.herokuapp.com");
        assert!(p.unresolved && p.organisation.is_none(), "{p:?}");
    }

    #[test]
    fn ledger_fields_become_categories() {
        let vocab = Vocabulary::embedded();
        let r = Resolver::new(&vocab);
        let cats = |s: &str| -> Vec<String> {
            r.terms(TreeKind::Data, s)
                .into_iter()
                .filter_map(|t| t.category)
                .collect()
        };
        let child_dob = cats("child date of birth");
        assert!(child_dob.contains(&"children".to_string()), "{child_dob:?}");
        assert!(
            child_dob.contains(&"date-of-birth".to_string()),
            "{child_dob:?}"
        );
        assert_eq!(cats("home address"), vec!["postal-address".to_string()]);
        assert_eq!(cats("email"), vec!["email".to_string()]);
        assert_eq!(cats("shoe size"), vec!["personal-data".to_string()]);
        let purposes: Vec<_> = r.terms(TreeKind::Purpose, "political campaigning");
        assert_eq!(
            purposes[0].category.as_deref(),
            Some("political-campaigning")
        );
    }
}
