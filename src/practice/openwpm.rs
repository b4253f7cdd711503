//! OpenWPM crawl databases (SQLite): the requests each visited site made, read site by site.
//!
//! OpenWPM (the field's common web crawler) writes one row per visit in `site_visits`
//! (`visit_id`, `site_url`) and one row per request in `http_requests` (`visit_id`, `url`,
//! `method`, `headers` as a JSON list of `[name, value]` pairs, `post_body`, `time_stamp`).
//! Those columns are the same from OpenWPM v0.10.0 (2020, the WebExtension instrumentation,
//! `crawl_id`) through v0.31.0 (2025, `browser_id`); saydo reads no other column, so both
//! spellings of the browser column work. A database without them is refused by name.
//!
//! The database is never loaded whole: one query lists the requests' row ids ordered by site
//! (the visited site's registrable domain, computed by a SQL function), visit and request,
//! and each request's text is then fetched by its row id, so memory holds one site's requests
//! at a time whatever the crawl's size. Each request goes through the same reading as a HAR
//! capture's ([`super::har::observe`]): third parties by registrable domain and owner, data
//! from query strings, bodies, cookies and the Referer header.

use super::flows::Flows;
use super::har::{self, At, CanaryForms, NameValue, PostData, Request, SiteRef};
use super::{Context, LogReport, Options, Resolver, registrable_domain, url};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::path::Path;
use std::sync::Arc;

/// The OpenWPM releases whose schema saydo was written against (`openwpm/storage/schema.sql`,
/// and `automation/DataAggregator/schema.sql` before v0.13).
pub const COVERED: &str = "v0.10.0 to v0.31.0";
/// The newest release checked (major, minor).
const NEWEST: (u32, u32) = (0, 31);

/// Columns read, by table.
const NEEDED: [(&str, &[&str]); 2] = [
    ("site_visits", &["visit_id", "site_url"]),
    (
        "http_requests",
        &["id", "visit_id", "url", "method", "headers", "time_stamp"],
    ),
];

/// Whether a file starts like an SQLite database.
pub fn is_sqlite(head: &[u8]) -> bool {
    head.starts_with(b"SQLite format 3\0")
}

/// An open crawl database, checked to have OpenWPM's tables.
pub struct Crawl {
    conn: Connection,
    label: String,
    has_post_body: bool,
    /// `task.openwpm_version` of the last task, when recorded.
    pub openwpm_version: Option<String>,
    /// Something the reader should know (a release newer than those checked).
    pub note: Option<String>,
}

/// One raw request of a visit.
#[derive(Debug, Clone)]
pub struct RawRequest {
    pub id: i64,
    pub url: String,
    pub method: String,
    pub headers: String,
    pub post_body: Option<String>,
    pub time_stamp: String,
}

/// Every visit to one site (by registrable domain) and the requests they made.
#[derive(Debug, Clone, Default)]
pub struct SiteVisits {
    /// The visited site's registrable domain.
    pub site: String,
    /// `site_url` of its first visit.
    pub site_url: String,
    pub visits: u64,
    pub requests: Vec<RawRequest>,
}

fn describe(label: &str, e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => format!(
            "{label}: the database is locked by another process (is a crawl still writing to it?): {e}"
        ),
        Some(ErrorCode::DatabaseCorrupt) | Some(ErrorCode::NotADatabase) => {
            format!("{label}: the database is damaged and cannot be read: {e}")
        }
        _ => format!("{label}: cannot read the crawl database: {e}"),
    }
}

/// `v0.31.0`, `0.12.0-12-gabc`: (major, minor).
fn release(text: &str) -> Option<(u32, u32)> {
    let t = text.trim().trim_start_matches(['v', 'V']);
    let mut parts = t.split(['.', '-']);
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    Some((major, minor))
}

impl Crawl {
    /// Opens a crawl database read-only and checks its tables; the error names the file and
    /// says what is wrong (not SQLite, damaged, locked, not OpenWPM's, another schema).
    pub fn open(path: &Path) -> Result<Crawl, String> {
        let label = path.display().to_string();
        let mut head = [0u8; 16];
        {
            use std::io::Read;
            let mut f = crate::input::open(path, crate::input::Kind::Other)
                .map_err(|e| crate::input::cannot_read(path, &e))?;
            let n = f
                .read(&mut head)
                .map_err(|e| crate::input::cannot_read(path, &e))?;
            if !is_sqlite(&head[..n]) {
                return Err(format!(
                    "{label}: not an SQLite database, so not an OpenWPM crawl database"
                ));
            }
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| describe(&label, &e))?;
        conn.busy_timeout(std::time::Duration::from_secs(2))
            .map_err(|e| describe(&label, &e))?;
        let openwpm_version: Option<String> = {
            let has_task = table_columns(&conn, "task")
                .map_err(|e| describe(&label, &e))?
                .iter()
                .any(|c| c == "openwpm_version");
            if has_task {
                conn.query_row(
                    "SELECT openwpm_version FROM task ORDER BY task_id DESC LIMIT 1",
                    [],
                    |r| r.get::<_, Option<String>>(0),
                )
                .optional()
                .map_err(|e| describe(&label, &e))?
                .flatten()
            } else {
                None
            }
        };
        let newer = openwpm_version
            .as_deref()
            .and_then(release)
            .filter(|r| *r > NEWEST);
        let written_by = match &openwpm_version {
            Some(v) => format!(" (written by OpenWPM {v})"),
            None => String::new(),
        };
        let mut has_post_body = false;
        for (table, columns) in NEEDED {
            let found = table_columns(&conn, table).map_err(|e| describe(&label, &e))?;
            if found.is_empty() {
                return Err(format!(
                    "{label}: not an OpenWPM crawl database{written_by}: it has no {table} table (saydo reads OpenWPM {COVERED})"
                ));
            }
            let missing: Vec<&str> = columns
                .iter()
                .copied()
                .filter(|c| !found.iter().any(|f| f.eq_ignore_ascii_case(c)))
                .collect();
            if !missing.is_empty() {
                let why = if newer.is_some() {
                    "a newer schema than the OpenWPM releases saydo reads"
                } else {
                    "not the schema of the OpenWPM releases saydo reads"
                };
                return Err(format!(
                    "{label}: {why} ({COVERED}){written_by}: {table} has no column {}",
                    missing.join(", ")
                ));
            }
            if table == "http_requests" {
                has_post_body = found.iter().any(|f| f.eq_ignore_ascii_case("post_body"));
            }
        }
        let note = newer.map(|_| {
            format!(
                "{label}: written by OpenWPM {}, newer than the releases saydo was checked against ({COVERED}); its tables have the columns saydo reads",
                openwpm_version.as_deref().unwrap_or_default()
            )
        });
        Ok(Crawl {
            conn,
            label,
            has_post_body,
            openwpm_version,
            note,
        })
    }

    pub fn label(&self) -> &str {
        &self.label
    }

    /// Calls `each` with every site's visits and requests, sites in order of registrable
    /// domain; `each` returns false to stop. `keep` is asked first, with the site's domain,
    /// whether its requests are wanted (a shard, a resumed survey): a site it refuses is
    /// passed over without its requests being fetched.
    pub fn sites(
        &self,
        mut keep: impl FnMut(&str) -> bool,
        mut each: impl FnMut(SiteVisits) -> Result<bool, String>,
    ) -> Result<(), String> {
        let label = &self.label;
        let err = |e: rusqlite::Error| describe(label, &e);
        self.conn
            .create_scalar_function(
                "saydo_site",
                1,
                rusqlite::functions::FunctionFlags::SQLITE_UTF8
                    | rusqlite::functions::FunctionFlags::SQLITE_DETERMINISTIC,
                |ctx| {
                    let u: Option<String> = ctx.get(0)?;
                    Ok(site_of_url(u.as_deref().unwrap_or_default()))
                },
            )
            .map_err(err)?;
        // Row ids only: the sort then holds small keys, and each request's text is fetched by
        // its row id when its site comes.
        let mut order = self
            .conn
            .prepare(
                "SELECT saydo_site(s.site_url) AS k, s.visit_id, s.site_url, r.id \
                 FROM site_visits s LEFT JOIN http_requests r ON r.visit_id = s.visit_id \
                 ORDER BY k, s.visit_id, r.id",
            )
            .map_err(err)?;
        let fetch_sql = if self.has_post_body {
            "SELECT url, method, headers, post_body, time_stamp FROM http_requests WHERE id = ?1"
        } else {
            "SELECT url, method, headers, NULL, time_stamp FROM http_requests WHERE id = ?1"
        };
        let mut fetch = self.conn.prepare(fetch_sql).map_err(err)?;
        let mut rows = order.query([]).map_err(err)?;
        let mut current: Option<SiteVisits> = None;
        let mut wanted = false;
        let mut last_visit: Option<i64> = None;
        while let Some(row) = rows.next().map_err(err)? {
            let site: String = row.get(0).map_err(err)?;
            let visit: i64 = row.get(1).map_err(err)?;
            let site_url: String = row
                .get::<_, Option<String>>(2)
                .map_err(err)?
                .unwrap_or_default();
            let id: Option<i64> = row.get(3).map_err(err)?;
            if current.as_ref().is_none_or(|c| c.site != site) {
                if let Some(done) = current.take()
                    && wanted
                    && !each(done)?
                {
                    return Ok(());
                }
                wanted = keep(&site);
                last_visit = None;
                current = Some(SiteVisits {
                    site: site.clone(),
                    site_url,
                    visits: 0,
                    requests: Vec::new(),
                });
            }
            let Some(c) = current.as_mut() else { continue };
            if last_visit != Some(visit) {
                c.visits += 1;
                last_visit = Some(visit);
            }
            let (Some(id), true) = (id, wanted) else {
                continue;
            };
            let r = fetch
                .query_row([id], |r| {
                    Ok(RawRequest {
                        id,
                        url: text(r, 0)?,
                        method: text(r, 1)?,
                        headers: text(r, 2)?,
                        post_body: r.get::<_, Option<String>>(3).ok().flatten(),
                        time_stamp: text(r, 4)?,
                    })
                })
                .map_err(err)?;
            c.requests.push(r);
        }
        if let Some(done) = current.take()
            && wanted
        {
            each(done)?;
        }
        Ok(())
    }
}

/// A column as text whatever its storage class (OpenWPM writes some numbers as text and a
/// hand-made database may do the opposite); NULL as empty.
fn text(r: &rusqlite::Row, i: usize) -> rusqlite::Result<String> {
    use rusqlite::types::ValueRef;
    Ok(match r.get_ref(i)? {
        ValueRef::Null => String::new(),
        ValueRef::Integer(n) => n.to_string(),
        ValueRef::Real(x) => x.to_string(),
        ValueRef::Text(b) | ValueRef::Blob(b) => String::from_utf8_lossy(b).into_owned(),
    })
}

/// The site a visit is of: the registrable domain of its URL's host (the URL itself when it
/// has no host).
pub fn site_of_url(site_url: &str) -> String {
    let t = site_url.trim();
    let with_scheme;
    let u = if t.contains("://") {
        t
    } else {
        with_scheme = format!("https://{t}");
        &with_scheme
    };
    match url::network_host(u) {
        Some(h) => registrable_domain(h),
        None => t.to_ascii_lowercase(),
    }
}

/// OpenWPM's `headers`: a JSON list of `[name, value]` pairs (objects of `name` and `value`
/// are read too). Anything else reads as no headers.
fn parse_headers(text: &str) -> Vec<NameValue> {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    let as_text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    };
    let mut out = Vec::new();
    if let serde_json::Value::Array(items) = v {
        for item in items {
            match &item {
                serde_json::Value::Array(pair) if pair.len() == 2 => out.push(NameValue {
                    name: as_text(&pair[0]),
                    value: as_text(&pair[1]),
                }),
                serde_json::Value::Object(m) => out.push(NameValue {
                    name: m.get("name").map(as_text).unwrap_or_default(),
                    value: m.get("value").map(as_text).unwrap_or_default(),
                }),
                _ => {}
            }
        }
    }
    out
}

/// The flows of one site's requests, cited as `FILE#entry=ID` (the `http_requests` row id).
pub fn flows_of(
    crawl_label: &Arc<str>,
    visits: &SiteVisits,
    resolver: &Resolver,
    options: &Options,
) -> (Flows, LogReport) {
    let ctx = Context { resolver, options };
    let mut report = LogReport::new(crawl_label);
    report.format = None;
    report.read = visits.requests.len() as u64;
    let site_host = url::network_host(&visits.site_url)
        .map(str::to_ascii_lowercase)
        .unwrap_or_else(|| visits.site.clone());
    let site_entity = resolver.owner_of_host(&site_host).map(|e| &e.name);
    report.site = Some(visits.site.clone());
    let site = SiteRef {
        domain: &visits.site,
        entity: site_entity,
    };
    let canary_forms = CanaryForms::new(&options.canaries);
    let mut flows = Flows::default();
    for r in &visits.requests {
        let headers = parse_headers(&r.headers);
        let mime = headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case("content-type"))
            .map(|h| h.value.clone())
            .unwrap_or_default();
        let req = Request {
            method: r.method.clone(),
            url: r.url.clone(),
            headers,
            cookies: Vec::new(),
            post_data: r
                .post_body
                .as_ref()
                .filter(|b| !b.is_empty())
                .map(|b| PostData {
                    text: b.clone(),
                    params: Vec::new(),
                    mime_type: mime,
                }),
        };
        let id = u64::try_from(r.id).unwrap_or(0);
        har::observe(
            &ctx,
            &mut flows,
            &mut report,
            &site,
            &canary_forms,
            At {
                file: crawl_label,
                shared_file: crawl_label,
                line: 0,
                entry: id,
            },
            &req,
            &r.time_stamp,
        );
    }
    (flows, report)
}

/// Columns of a table, empty when there is no such table.
fn table_columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut st = conn.prepare("SELECT name FROM pragma_table_info(?1)")?;
    let names = st.query_map([table], |r| r.get::<_, String>(0))?;
    names.collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sites_are_registrable_domains() {
        assert_eq!(
            site_of_url("https://www.example.co.uk/news"),
            "example.co.uk"
        );
        assert_eq!(site_of_url("http://example.com"), "example.com");
        assert_eq!(site_of_url("example.org"), "example.org");
    }

    #[test]
    fn releases_compare() {
        assert_eq!(release("v0.31.0"), Some((0, 31)));
        assert_eq!(release("0.12.0-12-gabcdef"), Some((0, 12)));
        assert!(release("v0.40.0").unwrap() > NEWEST);
        assert!(release("v0.31.2").unwrap() <= NEWEST);
    }

    #[test]
    fn headers_read_as_pairs() {
        let h = parse_headers(r#"[["Cookie","id=1"],["Referer","https://a.example/"]]"#);
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].name, "Cookie");
        assert!(parse_headers("not json").is_empty());
    }
}
