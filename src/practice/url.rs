//! The few URL operations captures need: the host, the path, and decoded query pairs. Written
//! here rather than pulled from a crate because capture URLs are read tolerantly (a malformed
//! URL still yields what can be read) and nothing is ever fetched.

/// The lower-cased host of a URL (`https://user@Host.example:8443/x` -> `host.example`), or of
/// a bare host name.
pub fn host(url: &str) -> Option<&str> {
    let rest = match url.find("://") {
        Some(i) => &url[i + 3..],
        None if url.starts_with("//") => &url[2..],
        None => url,
    };
    let end = rest
        .find(|c: char| matches!(c, '/' | '?' | '#' | '\\') || c.is_whitespace())
        .unwrap_or(rest.len());
    let authority = &rest[..end];
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let host = if let Some(v6) = authority.strip_prefix('[') {
        // IPv6 literal: keep the brackets' content.
        v6.split(']').next().unwrap_or("")
    } else {
        authority.split(':').next().unwrap_or("")
    };
    (!host.is_empty()).then_some(host)
}

/// The scheme of a URL (`https`, `data`), lower-cased, when it has one.
pub fn scheme(url: &str) -> Option<String> {
    let end = url.find(':')?;
    let s = &url[..end];
    let valid = s.len() <= 32
        && s.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    valid.then(|| s.to_ascii_lowercase())
}

/// Whether a scheme names a request to a server: `http`, `https`, `ws`, `wss`.
pub fn is_network_scheme(scheme: &str) -> bool {
    matches!(scheme, "http" | "https" | "ws" | "wss")
}

/// The host of an `http(s)` or `ws(s)` URL; `None` for other schemes (`data:`, `about:`,
/// `javascript:`, `blob:`), for text that is not a URL, and for URLs without a host.
pub fn network_host(url: &str) -> Option<&str> {
    let s = scheme(url)?;
    if !is_network_scheme(&s) || !url[s.len() + 1..].starts_with("//") {
        return None;
    }
    host(url)
}

/// The path of a URL, without query or fragment.
pub fn path(url: &str) -> &str {
    let rest = match url.find("://") {
        Some(i) => &url[i + 3..],
        None => url,
    };
    let start = rest.find('/').unwrap_or(rest.len());
    let rest = &rest[start..];
    let end = rest.find(['?', '#']).unwrap_or(rest.len());
    &rest[..end]
}

/// The query string of a URL (after `?`, before `#`).
pub fn query(url: &str) -> &str {
    match url.find('?') {
        Some(i) => {
            let q = &url[i + 1..];
            &q[..q.find('#').unwrap_or(q.len())]
        }
        None => "",
    }
}

/// `application/x-www-form-urlencoded` pairs, percent-decoded (invalid escapes kept as written).
pub fn form_pairs(text: &str) -> Vec<(String, String)> {
    form_pairs_iter(text).collect()
}

/// [`form_pairs`] one pair at a time, so a caller that wants the first few of millions
/// decodes only those.
pub fn form_pairs_iter(text: &str) -> impl Iterator<Item = (String, String)> + '_ {
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(p), String::new()),
        })
}

/// Percent-decoding with `+` as space; bytes that are not UTF-8 are replaced.
pub fn decode(text: &str) -> String {
    if !text.contains(['%', '+']) {
        return text.to_string();
    }
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => match (hex(b[i + 1]), hex(b[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encoding as `encodeURIComponent` does it.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for &b in text.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Words of an identifier, path or event name: `PregnancyWeekViewed`, `/pregnancy/week-12`,
/// `filing_status` -> "pregnancy week viewed", "pregnancy week 12", "filing status".
pub fn words(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut prev: Option<char> = None;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if let Some(p) = prev {
                let boundary = (p.is_lowercase() && c.is_uppercase())
                    || (p.is_alphabetic() && c.is_numeric())
                    || (p.is_numeric() && c.is_alphabetic());
                if boundary {
                    out.push(' ');
                }
            }
            out.push(c);
            prev = Some(c);
        } else {
            if !out.ends_with(' ') && !out.is_empty() {
                out.push(' ');
            }
            prev = None;
        }
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_paths_queries() {
        assert_eq!(
            host("https://user@Pixel.Example.com:8443/tr?x=1"),
            Some("Pixel.Example.com")
        );
        assert_eq!(host("//cdn.example.net/a.js"), Some("cdn.example.net"));
        assert_eq!(host("http://[::1]:80/"), Some("::1"));
        assert_eq!(host("https:///nohost"), None);
        assert_eq!(host("https://wikpedia.org run 1"), Some("wikpedia.org"));
        assert_eq!(
            path("https://a.example/pregnancy/week-12?x=1#top"),
            "/pregnancy/week-12"
        );
        assert_eq!(query("https://a.example/p?ev=Lead&x=1#f"), "ev=Lead&x=1");
    }

    #[test]
    fn only_network_urls_have_network_hosts() {
        assert_eq!(network_host("HTTPS://a.example/x"), Some("a.example"));
        assert_eq!(network_host("wss://a.example"), Some("a.example"));
        for other in [
            "data:text/html,<p>x</p>",
            "about:blank",
            "javascript:alert(1)",
            "blob:https://a.example/1234",
            "12345",
            "a.example/x",
            "ftp://a.example/x",
            "https:///nohost",
        ] {
            assert_eq!(network_host(other), None, "{other}");
        }
    }

    #[test]
    fn decoding_is_tolerant() {
        assert_eq!(decode("a%40b.com+x"), "a@b.com x");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz%4"), "%zz%4");
        assert_eq!(
            form_pairs("ud%5Bem%5D=abc&flag&e="),
            vec![
                ("ud[em]".to_string(), "abc".to_string()),
                ("flag".to_string(), String::new()),
                ("e".to_string(), String::new())
            ]
        );
        assert_eq!(encode("jane doe@example.com"), "jane%20doe%40example.com");
    }

    #[test]
    fn words_split_identifiers() {
        assert_eq!(words("PregnancyWeekViewed"), "Pregnancy Week Viewed");
        assert_eq!(words("/pregnancy/week-12"), "pregnancy week 12");
        assert_eq!(words("cd[filing_status]"), "cd filing status");
    }
}
