//! `--redact`: the person's own identifiers replaced in a rendered report, whatever its format.
//!
//! Replaced: the identifiers the inputs name as the person's (a Meta export's profile: name,
//! email addresses, phone numbers), the `--canary` values the journalist typed, in plain,
//! URL-encoded and hashed (MD5, SHA-1, SHA-256) form, and anything shaped like an email
//! address, an international phone number or a device id (a UUID such as an advertising id).
//! Organisation names, domains and bundle ids stay: a finding needs them.

use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;
use std::io::{self, Write};

/// What replaces an identifier.
pub const MARK: &str = "[redacted]";

pub struct Redactor {
    known: Option<AhoCorasick>,
    shapes: Regex,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Redactor {
    /// A redactor for these values of the person's (names, emails, phone numbers, ids).
    pub fn new<'v>(values: impl IntoIterator<Item = &'v str>) -> Redactor {
        use sha2::Digest;
        let mut patterns: Vec<String> = Vec::new();
        for v in values {
            let v = v.trim();
            if v.chars().count() < 3 {
                continue;
            }
            let lower = v.to_lowercase();
            let mut forms = vec![
                v.to_string(),
                crate::practice::url::encode(v),
                crate::practice::url::encode(v).replace("%20", "+"),
            ];
            for x in [v, lower.as_str()] {
                forms.push(hex(&md5::Md5::digest(x.as_bytes())));
                forms.push(hex(&sha1::Sha1::digest(x.as_bytes())));
                forms.push(hex(&sha2::Sha256::digest(x.as_bytes())));
            }
            // A name is also written in parts ("Jane Q. Donor" as "Jane" and "Donor").
            if v.contains(' ') && !v.contains('@') {
                forms.extend(
                    v.split_whitespace()
                        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                        .filter(|w| w.chars().count() >= 3)
                        .map(str::to_string),
                );
            }
            for f in forms {
                if !patterns.contains(&f) {
                    patterns.push(f);
                }
            }
        }
        let known = (!patterns.is_empty())
            .then(|| {
                AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(&patterns)
                    .ok()
            })
            .flatten();
        let shapes = Regex::new(concat!(
            // email addresses
            r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}",
            // device ids and advertising ids (UUIDs)
            r"|\b[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\b",
            // international phone numbers
            r"|\+[0-9][0-9 ().-]{7,18}[0-9]",
        ))
        .expect("a valid pattern");
        Redactor { known, shapes }
    }

    /// `text` with every identifier replaced by [`MARK`].
    pub fn apply(&self, text: &str) -> String {
        let first = match &self.known {
            Some(m) => {
                let mut out = String::with_capacity(text.len());
                let mut last = 0;
                let bytes = text.as_bytes();
                for hit in m.find_iter(text) {
                    // Whole words only: "Jane" is not redacted inside "Janet".
                    let before = hit.start().checked_sub(1).map(|i| bytes[i]);
                    let after = bytes.get(hit.end()).copied();
                    if before.is_some_and(|b| b.is_ascii_alphanumeric())
                        || after.is_some_and(|b| b.is_ascii_alphanumeric())
                    {
                        continue;
                    }
                    out.push_str(&text[last..hit.start()]);
                    out.push_str(MARK);
                    last = hit.end();
                }
                out.push_str(&text[last..]);
                out
            }
            None => text.to_string(),
        };
        self.shapes.replace_all(&first, MARK).into_owned()
    }

    /// Renders into memory, then writes the redacted text to `out`.
    pub fn render(
        &self,
        out: &mut dyn Write,
        render: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut buf: Vec<u8> = Vec::new();
        render(&mut buf)?;
        let text = String::from_utf8_lossy(&buf);
        out.write_all(self.apply(&text).as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_replaced_in_every_form() {
        let r = Redactor::new(["Jane Q. Donor", "jane.donor@example.net"]);
        let t = r.apply("Jane Q. Donor (jane.donor%40example.net) met Janet; Donor said");
        assert!(!t.contains("Jane Q"), "{t}");
        assert!(!t.contains("jane.donor"), "{t}");
        assert!(t.contains("Janet"), "{t}");
        assert!(!t.contains("Donor said"), "{t}");
        let t = r.apply("device 6F2C1E0A-0000-4000-8000-000000000001, call +44 7700 900123, mail x.y@mail.example.org");
        assert_eq!(t, "device [redacted], call [redacted], mail [redacted]");
        assert_eq!(
            r.apply("graph.facebook.com ShopRight"),
            "graph.facebook.com ShopRight"
        );
    }
}
