//! What query and body parameters of captured requests mean.
//!
//! A short parameter name means nothing on its own: `ln` is Meta Pixel's last name but Burt's
//! language, `db` is Meta's date of birth and anything at all elsewhere, `ti` is a Microsoft
//! tag id and a Webtrends page title. So names of three characters or fewer are read only
//! through [`TRACKERS`], each tracker's parameters as its vendor documents them, and only on
//! requests to that tracker's hosts. Longer names read the same everywhere are in
//! [`GENERIC`], matched against the whole last segment of a name (`cd[first_name]` is
//! `first_name`; `ep.gtm_tag_name` is not `name`).

/// What a parameter carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Meaning {
    /// Personal data of this data category (a vocabulary id).
    Data(&'static str),
    /// The page visited, its title, the referrer or the event: online activity, and its value
    /// is read for what it reveals.
    Activity,
    /// Documented as carrying no personal data (a tag or account id of the site, a flag).
    Nothing,
}

use Meaning::{Activity, Data, Nothing};

/// One tracker's documented parameters.
#[derive(Debug)]
pub struct Tracker {
    /// As a reader knows it: "Meta Pixel".
    pub name: &'static str,
    /// Hosts the protocol is sent to; a subdomain of one counts.
    pub hosts: &'static [&'static str],
    /// Containers whose members are the `params` too: Meta's advanced matching sends `em` as
    /// `ud[em]`, `udff[em]` or `user_data.em`.
    pub containers: &'static [&'static str],
    /// Lower-case names and what they carry.
    pub params: &'static [(&'static str, Meaning)],
    /// Which vendor documentation states the meanings.
    pub documentation: &'static str,
}

/// Trackers whose parameters saydo reads, with only the meanings their documentation states.
pub const TRACKERS: &[Tracker] = &[
    Tracker {
        name: "Meta Pixel",
        hosts: &["facebook.com", "facebook.net"],
        containers: &["ud", "udff", "user_data"],
        params: &[
            ("em", Data("email")),
            ("ph", Data("phone")),
            ("fn", Data("name")),
            ("ln", Data("name")),
            ("ge", Data("gender")),
            ("db", Data("date-of-birth")),
            ("ct", Data("postal-address")),
            ("st", Data("postal-address")),
            ("zp", Data("postal-address")),
            ("country", Data("postal-address")),
            ("external_id", Data("identifier")),
            ("fbp", Data("cookie-id")),
            ("fbc", Data("cookie-id")),
            ("client_ip_address", Data("ip-address")),
            ("ev", Activity),
            ("dl", Activity),
            ("rl", Activity),
            ("cd[content_name]", Activity),
            ("cd[content_category]", Activity),
            ("cd[search_string]", Activity),
            ("id", Nothing),
        ],
        documentation: "Meta Pixel advanced matching and Conversions API customer information parameters; pixel event and custom data parameters",
    },
    Tracker {
        name: "Google Analytics",
        hosts: &["google-analytics.com", "analytics.google.com"],
        containers: &[],
        params: &[
            ("cid", Data("cookie-id")),
            ("uid", Data("identifier")),
            ("uip", Data("ip-address")),
            ("sid", Data("cookie-id")),
            ("dl", Activity),
            ("dp", Activity),
            ("dr", Activity),
            ("dt", Activity),
            ("en", Activity),
            ("ea", Activity),
            ("ec", Activity),
            ("el", Activity),
            ("tid", Nothing),
            ("sr", Nothing),
            ("v", Nothing),
        ],
        documentation: "Google Analytics Measurement Protocol parameter reference (Universal Analytics and GA4)",
    },
    Tracker {
        name: "Microsoft UET",
        hosts: &["bat.bing.com"],
        containers: &[],
        params: &[
            ("ti", Nothing),
            ("p", Activity),
            ("r", Activity),
            ("tl", Activity),
        ],
        documentation: "Microsoft Advertising Universal Event Tracking (UET) tag requests",
    },
    Tracker {
        name: "Webtrends",
        hosts: &["webtrends.com", "webtrendslive.com", "oracleinfinity.io"],
        containers: &[],
        params: &[
            ("wt.ti", Activity),
            ("wt.es", Activity),
            ("dcsuri", Activity),
            ("dcsref", Activity),
            ("wt.vtid", Data("cookie-id")),
            ("wt.co_f", Data("cookie-id")),
            ("wt.ct", Nothing),
            ("wt.co", Nothing),
            ("wt.sr", Nothing),
        ],
        documentation: "Webtrends and Oracle Infinity query parameter reference",
    },
    Tracker {
        name: "Xandr",
        hosts: &["adnxs.com"],
        containers: &[],
        // The member is the Xandr client (the buyer's seat), not the person.
        params: &[("member", Nothing), ("member_id", Nothing)],
        documentation: "Xandr (AppNexus) pixel and user-sync parameters",
    },
    Tracker {
        name: "Magnite",
        hosts: &["rubiconproject.com"],
        containers: &[],
        // The publisher's account, site and ad zone.
        params: &[
            ("account_id", Nothing),
            ("site_id", Nothing),
            ("zone_id", Nothing),
        ],
        documentation: "Magnite (Rubicon Project) ad request parameters",
    },
];

/// The tracker whose protocol requests to `host` speak, if saydo knows it.
pub fn tracker_for_host(host: &str) -> Option<&'static Tracker> {
    let host = host.trim_end_matches('.');
    TRACKERS.iter().find(|t| {
        t.hosts.iter().any(|h| {
            host.eq_ignore_ascii_case(h)
                || host.len() > h.len()
                    && host.as_bytes()[host.len() - h.len() - 1] == b'.'
                    && host[host.len() - h.len()..].eq_ignore_ascii_case(h)
        })
    })
}

impl Tracker {
    /// The documented meaning of a parameter (its name in lower case), directly or as a
    /// member of one of the tracker's containers.
    pub fn meaning(&self, name: &str) -> Option<Meaning> {
        let find = |n: &str| self.params.iter().find(|(p, _)| *p == n).map(|(_, m)| *m);
        if let Some(m) = find(name) {
            return Some(m);
        }
        for c in self.containers {
            if let Some(rest) = name.strip_prefix(c) {
                let member = rest
                    .strip_prefix('[')
                    .and_then(|r| r.strip_suffix(']'))
                    .or_else(|| rest.strip_prefix('.'));
                if let Some(m) = member.and_then(find) {
                    return Some(m);
                }
            }
        }
        None
    }
}

/// Names of four characters or more that mean the same in every protocol and form, matched
/// against a whole name segment. (`name` alone is not here: a tag, a product, a file and an
/// event have names.)
pub const GENERIC: &[(&str, Meaning)] = &[
    ("email", Data("email")),
    ("e-mail", Data("email")),
    ("email_address", Data("email")),
    ("emailaddress", Data("email")),
    ("user_email", Data("email")),
    ("hashed_email", Data("email")),
    ("sha256_email_address", Data("email")),
    ("email_hash", Data("email")),
    ("phone", Data("phone")),
    ("phone_number", Data("phone")),
    ("phonenumber", Data("phone")),
    ("sha256_phone_number", Data("phone")),
    ("first_name", Data("name")),
    ("last_name", Data("name")),
    ("firstname", Data("name")),
    ("lastname", Data("name")),
    ("full_name", Data("name")),
    ("fullname", Data("name")),
    ("given_name", Data("name")),
    ("family_name", Data("name")),
    ("zipcode", Data("postal-address")),
    ("postcode", Data("postal-address")),
    ("postal_code", Data("postal-address")),
    ("street", Data("postal-address")),
    ("address", Data("postal-address")),
    ("address1", Data("postal-address")),
    ("birthdate", Data("date-of-birth")),
    ("birthday", Data("date-of-birth")),
    ("date_of_birth", Data("date-of-birth")),
    ("gender", Data("gender")),
    ("external_id", Data("identifier")),
    ("user_id", Data("identifier")),
    ("userid", Data("identifier")),
    ("p_user_id", Data("identifier")),
    ("customer_id", Data("identifier")),
    ("member_id", Data("identifier")),
    ("username", Data("identifier")),
    ("client_id", Data("cookie-id")),
    ("_fbp", Data("cookie-id")),
    ("_fbc", Data("cookie-id")),
    ("anonymous_id", Data("cookie-id")),
    ("anonymousid", Data("cookie-id")),
    ("_ttp", Data("cookie-id")),
    ("li_fat_id", Data("cookie-id")),
    ("twclid", Data("cookie-id")),
    ("gclid", Data("cookie-id")),
    ("fbclid", Data("cookie-id")),
    ("ttclid", Data("cookie-id")),
    ("epik", Data("cookie-id")),
    ("session_id", Data("cookie-id")),
    ("idfa", Data("device-id")),
    ("gaid", Data("device-id")),
    ("adid", Data("device-id")),
    ("aaid", Data("device-id")),
    ("advertising_id", Data("device-id")),
    ("device_id", Data("device-id")),
    ("deviceid", Data("device-id")),
    ("madid", Data("device-id")),
    ("idfv", Data("device-id")),
    ("latitude", Data("precise-location")),
    ("longitude", Data("precise-location")),
    ("client_ip", Data("ip-address")),
    ("ip_address", Data("ip-address")),
    ("ipaddress", Data("ip-address")),
    ("revenue", Data("purchase-history")),
    ("order_id", Data("purchase-history")),
    ("transaction_id", Data("purchase-history")),
    ("purchase_value", Data("purchase-history")),
    ("page", Activity),
    ("page_url", Activity),
    ("pageurl", Activity),
    ("page_location", Activity),
    ("page_path", Activity),
    ("page_title", Activity),
    ("page_type", Activity),
    ("location", Activity),
    ("href", Activity),
    ("referrer", Activity),
    ("referer", Activity),
    ("event_source_url", Activity),
    ("event", Activity),
    ("event_name", Activity),
    ("eventname", Activity),
    ("action", Activity),
    ("events", Activity),
    ("content_name", Activity),
    ("content_category", Activity),
];

/// The generic meaning of a name segment (lower case), for names longer than three
/// characters.
pub fn generic(segment: &str) -> Option<Meaning> {
    if segment.chars().count() <= 3 {
        return None;
    }
    GENERIC.iter().find(|(n, _)| *n == segment).map(|(_, m)| *m)
}

/// Words that may stand before a data term in a parameter name and leave it about the person:
/// `customer_email`, `billing_postcode`. Anything else makes it about something else:
/// `gtm_tag_name` is a tag's name.
pub const PERSON_WORDS: &[&str] = &[
    "user",
    "customer",
    "member",
    "client",
    "buyer",
    "account",
    "billing",
    "shipping",
    "contact",
    "patient",
    "subscriber",
    "external",
    "hashed",
    "your",
    "my",
    "owner",
    "donor",
    "applicant",
    "parent",
    "guardian",
    "child",
    "mother",
    "father",
    "home",
    "mobile",
    "personal",
];

/// Whether a parameter value is a placeholder that carries nothing: empty, `NA`, `null`,
/// `undefined`, `0`, `-1`, `no_zip_code`, or a template macro left unfilled (`%DID%`,
/// `{{email}}`, `${uid}`, `[timestamp]`, `__EMAIL__`).
pub fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    if !v.chars().any(char::is_alphanumeric) {
        return true;
    }
    let lower = v.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "na" | "n/a"
            | "n.a."
            | "null"
            | "nil"
            | "none"
            | "undefined"
            | "unknown"
            | "unset"
            | "not set"
            | "(not set)"
            | "false"
            | "true"
            | "0"
            | "-1"
            | "[object object]"
    ) || lower.starts_with("no_")
        || lower.starts_with("not_")
    {
        return true;
    }
    let wrapped = |open: &str, close: &str| v.starts_with(open) && v.ends_with(close);
    v.len() >= 3
        && (wrapped("%", "%")
            || wrapped("{", "}")
            || wrapped("${", "}")
            || wrapped("[", "]")
            || wrapped("__", "__")
            || v.contains("%%")
            || v.contains("{{"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_mean_something_only_for_their_tracker() {
        let meta = tracker_for_host("www.facebook.com").unwrap();
        assert_eq!(meta.name, "Meta Pixel");
        assert_eq!(meta.meaning("ud[em]"), Some(Data("email")));
        assert_eq!(meta.meaning("udff[ln]"), Some(Data("name")));
        assert_eq!(meta.meaning("user_data.db"), Some(Data("date-of-birth")));
        assert_eq!(meta.meaning("em"), Some(Data("email")));
        assert_eq!(
            meta.meaning("cd[ln]"),
            None,
            "custom data is the site's own"
        );
        let ga = tracker_for_host("region1.google-analytics.com").unwrap();
        assert_eq!(ga.meaning("uid"), Some(Data("identifier")));
        assert_eq!(ga.meaning("ln"), None);
        assert!(tracker_for_host("beacon.krxd.net").is_none());
        assert!(tracker_for_host("notfacebook.com").is_none());
        assert_eq!(
            tracker_for_host("bat.bing.com").unwrap().meaning("ti"),
            Some(Nothing)
        );
    }

    #[test]
    fn generic_names_are_long_whole_segments() {
        assert_eq!(generic("first_name"), Some(Data("name")));
        assert_eq!(generic("gtm_tag_name"), None);
        assert_eq!(generic("name"), None);
        for short in [
            "ge", "db", "rx", "ti", "ln", "dob", "zip", "sex", "age", "uid",
        ] {
            assert_eq!(generic(short), None, "{short}");
        }
        // Every generic name is longer than three characters.
        assert!(GENERIC.iter().all(|(n, _)| n.chars().count() > 3));
    }

    #[test]
    fn placeholders_carry_nothing() {
        for v in [
            "NA",
            "",
            " ",
            "null",
            "undefined",
            "0",
            "-1",
            "%DID%",
            "{{email}}",
            "${uid}",
            "[timestamp]",
            "__EMAIL__",
            "no_zip_code",
            "(not set)",
            "--",
        ] {
            assert!(is_placeholder(v), "{v:?}");
        }
        for v in ["jane@example.com", "f", "1990-04-12", "12", "Krux", "10115"] {
            assert!(!is_placeholder(v), "{v:?}");
        }
    }
}
