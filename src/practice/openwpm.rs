//! OpenWPM crawl databases (SQLite): the requests each visited site made, and the cookies set
//! during its visits, read site by site.
//!
//! OpenWPM (the field's common web crawler) writes one row per visit in `site_visits`
//! (`visit_id`, `site_url`) and one row per request in `http_requests` (`visit_id`, `url`,
//! `method`, `headers` as a JSON list of `[name, value]` pairs, `post_body`, `time_stamp`).
//! Those columns are the same from OpenWPM v0.10.0 (2020, the WebExtension instrumentation,
//! `crawl_id`) through v0.31.0 (2025, `browser_id`); saydo reads no other column, so both
//! spellings of the browser column work. A database without them is refused by name.
//!
//! Every one of those releases also has `javascript_cookies`, filled by the cookie instrument
//! (`cookie_instrument`): one row per cookie added, changed or deleted during a visit, set by a
//! script or by a response header alike (`visit_id`, `record_type`, `host`, `name`, `path`,
//! `time_stamp`). Where the table is present, a cookie stored for a third party's domain is a
//! flow to that party with a cookie identifier, as a HAR request's cookies are; a crawl without
//! the instrument has the table empty (or, hand-made, missing), and only its requests count.
//!
//! The database is never loaded whole: the visits are read first and the sites a run wants
//! ranked in order of registrable domain; one query then lists the row ids of the wanted
//! visits' requests (and cookies) ordered by that rank, visit and id, and each row's text is
//! fetched by its id when its site comes, so memory holds one site's requests at a time
//! whatever the crawl's size, and a shard sorts only its own sites' rows. Each request goes
//! through the same reading as a HAR capture's ([`super::har::observe`]): third parties by
//! registrable domain and owner, data from query strings, bodies, cookies and the Referer
//! header.

use super::flows::Flows;
use super::har::{self, At, CanaryForms, NameValue, PostData, Request, SiteRef};
use super::{
    Basis, Context, LogReport, Options, Resolver, Term, quote_of, registrable_domain, url,
};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::collections::HashMap;
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

/// Columns of `javascript_cookies` read, besides the needed ones.
#[derive(Debug, Clone, Copy)]
struct CookieColumns {
    record_type: bool,
    path: bool,
    time_stamp: bool,
}

/// `javascript_cookies` columns without which its rows are not read.
const COOKIES_NEEDED: [&str; 3] = ["visit_id", "host", "name"];

/// An open crawl database, checked to have OpenWPM's tables.
pub struct Crawl {
    conn: Connection,
    label: String,
    has_post_body: bool,
    /// `javascript_cookies`, when the crawl has it with the columns read.
    cookies: Option<CookieColumns>,
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

/// One cookie the crawl's cookie instrument saw set during a visit (`javascript_cookies`:
/// despite its name, cookies set by scripts and by `Set-Cookie` headers alike).
#[derive(Debug, Clone)]
pub struct RawCookie {
    pub id: i64,
    /// The cookie's domain, as stored (`.doubleclick.net`).
    pub host: String,
    pub name: String,
    pub path: String,
    pub time_stamp: String,
}

/// Every visit to one site (by registrable domain), the requests they made and the cookies
/// set during them.
#[derive(Debug, Clone, Default)]
pub struct SiteVisits {
    /// The visited site's registrable domain.
    pub site: String,
    /// `site_url` of its first visit.
    pub site_url: String,
    pub visits: u64,
    pub requests: Vec<RawRequest>,
    /// Cookies added or changed (deletions are left out).
    pub cookies: Vec<RawCookie>,
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
        let mut notes: Vec<String> = Vec::new();
        if newer.is_some() {
            notes.push(format!(
                "{label}: written by OpenWPM {}, newer than the releases saydo was checked against ({COVERED}); its tables have the columns saydo reads",
                openwpm_version.as_deref().unwrap_or_default()
            ));
        }
        // Cookies are read where the crawl recorded them (the cookie instrument).
        let found = table_columns(&conn, "javascript_cookies").map_err(|e| describe(&label, &e))?;
        let has = |c: &str| found.iter().any(|f| f.eq_ignore_ascii_case(c));
        let cookies = if found.is_empty() {
            None
        } else if let Some(missing) = COOKIES_NEEDED.iter().find(|c| !has(c)) {
            notes.push(format!(
                "{label}: javascript_cookies has no column {missing}: its cookies are not read"
            ));
            None
        } else {
            Some(CookieColumns {
                record_type: has("record_type"),
                path: has("path"),
                time_stamp: has("time_stamp"),
            })
        };
        Ok(Crawl {
            conn,
            label,
            has_post_body,
            cookies,
            openwpm_version,
            note: (!notes.is_empty()).then(|| notes.join("; ")),
        })
    }

    pub fn label(&self) -> &str {
        &self.label
    }

    /// Calls `each` with every site's visits, requests and cookies, sites in order of
    /// registrable domain; `each` returns false to stop. `keep` is asked first, once for each
    /// site the crawl visited, whether its rows are wanted (a shard, a resumed survey): the
    /// requests and cookies of a site it refuses are neither ordered nor fetched.
    ///
    /// The visits are read first (`site_visits` is one row a visit) and the wanted sites
    /// ranked in order; then one pass over `http_requests` (and `javascript_cookies`) keeps
    /// the row ids of wanted visits only, ordered by site rank, visit and id, and each row's
    /// text is fetched by its id when its site comes. A shard thus sorts its own rows only.
    pub fn sites(
        &self,
        mut keep: impl FnMut(&str) -> bool,
        mut each: impl FnMut(SiteVisits) -> Result<bool, String>,
    ) -> Result<(), String> {
        let label = &self.label;
        let err = |e: rusqlite::Error| describe(label, &e);
        let (wanted, rank_of_visit) = self.wanted_sites(&mut keep)?;
        let ranks = Arc::new(rank_of_visit);
        self.conn
            .create_scalar_function(
                "saydo_rank",
                1,
                rusqlite::functions::FunctionFlags::SQLITE_UTF8
                    | rusqlite::functions::FunctionFlags::SQLITE_DETERMINISTIC,
                move |ctx| {
                    Ok(match ctx.get_raw(0) {
                        rusqlite::types::ValueRef::Integer(v) => ranks.get(&v).copied(),
                        _ => None,
                    })
                },
            )
            .map_err(err)?;
        let ordered = |table: &str, filter: &str| {
            format!(
                "SELECT k, visit_id, id FROM (SELECT saydo_rank(visit_id) AS k, visit_id, id \
                 FROM {table}{filter}) WHERE k IS NOT NULL ORDER BY k, visit_id, id"
            )
        };
        let mut request_order = self
            .conn
            .prepare(&ordered("http_requests", ""))
            .map_err(err)?;
        let fetch_sql = if self.has_post_body {
            "SELECT url, method, headers, post_body, time_stamp FROM http_requests WHERE id = ?1"
        } else {
            "SELECT url, method, headers, NULL, time_stamp FROM http_requests WHERE id = ?1"
        };
        let fetch = self.conn.prepare(fetch_sql).map_err(err)?;
        let mut requests = Pass::new(request_order.query([]).map_err(err)?, fetch, label)?;
        // Cookies where the crawl recorded them; deletions are not cookies set.
        let (mut cookie_order, cookie_fetch) = match &self.cookies {
            Some(c) => {
                let filter = if c.record_type {
                    " WHERE record_type IS NULL OR record_type <> 'deleted'"
                } else {
                    ""
                };
                let fetch = format!(
                    "SELECT host, name, {}, {} FROM javascript_cookies WHERE id = ?1",
                    if c.path { "path" } else { "NULL" },
                    if c.time_stamp { "time_stamp" } else { "NULL" },
                );
                let order = self
                    .conn
                    .prepare(&ordered("javascript_cookies", filter))
                    .map_err(err)?;
                (Some(order), Some(self.conn.prepare(&fetch).map_err(err)?))
            }
            None => (None, None),
        };
        let mut cookies = match (cookie_order.as_mut(), cookie_fetch) {
            (Some(order), Some(fetch)) => {
                Some(Pass::new(order.query([]).map_err(err)?, fetch, label)?)
            }
            _ => None,
        };
        for (rank, w) in wanted.into_iter().enumerate() {
            let rank = rank as u32;
            let requests = requests.take(rank, |r, id| {
                Ok(RawRequest {
                    id,
                    url: text(r, 0)?,
                    method: text(r, 1)?,
                    headers: text(r, 2)?,
                    post_body: r.get::<_, Option<String>>(3).ok().flatten(),
                    time_stamp: text(r, 4)?,
                })
            })?;
            let cookies = match cookies.as_mut() {
                Some(pass) => pass.take(rank, |r, id| {
                    Ok(RawCookie {
                        id,
                        host: text(r, 0)?,
                        name: text(r, 1)?,
                        path: text(r, 2)?,
                        time_stamp: text(r, 3)?,
                    })
                })?,
                None => Vec::new(),
            };
            let visits = SiteVisits {
                site: w.site,
                site_url: w.site_url,
                visits: w.visits,
                requests,
                cookies,
            };
            if !each(visits)? {
                return Ok(());
            }
        }
        Ok(())
    }

    /// The sites `keep` wants, in order of registrable domain, each with its first visit's
    /// `site_url` and its number of visits; and the rank of each wanted visit's site.
    fn wanted_sites(
        &self,
        keep: &mut impl FnMut(&str) -> bool,
    ) -> Result<(Vec<WantedSite>, HashMap<i64, u32>), String> {
        let err = |e: rusqlite::Error| describe(&self.label, &e);
        let mut st = self
            .conn
            .prepare("SELECT visit_id, site_url FROM site_visits")
            .map_err(err)?;
        let mut rows = st.query([]).map_err(err)?;
        // Site -> its index in `sites` when wanted; `None` when refused.
        let mut seen: HashMap<String, Option<u32>> = HashMap::new();
        let mut sites: Vec<WantedSite> = Vec::new();
        let mut visit_site: HashMap<i64, u32> = HashMap::new();
        while let Some(row) = rows.next().map_err(err)? {
            let visit: i64 = row.get(0).map_err(err)?;
            let url = text(row, 1).map_err(err)?;
            let site = site_of_url(&url);
            let index = match seen.get(&site) {
                Some(i) => *i,
                None => {
                    let i = keep(&site).then(|| {
                        sites.push(WantedSite {
                            site: site.clone(),
                            site_url: String::new(),
                            first_visit: i64::MAX,
                            visits: 0,
                        });
                        sites.len() as u32 - 1
                    });
                    seen.insert(site, i);
                    i
                }
            };
            let Some(i) = index else { continue };
            let w = &mut sites[i as usize];
            w.visits += 1;
            if visit < w.first_visit {
                w.first_visit = visit;
                w.site_url = url;
            }
            visit_site.insert(visit, i);
        }
        drop(seen);
        // Rank the wanted sites by domain, and each visit by its site's rank.
        let mut order: Vec<u32> = (0..sites.len() as u32).collect();
        order.sort_by(|a, b| sites[*a as usize].site.cmp(&sites[*b as usize].site));
        let mut rank = vec![0u32; sites.len()];
        for (r, i) in order.iter().enumerate() {
            rank[*i as usize] = r as u32;
        }
        for v in visit_site.values_mut() {
            *v = rank[*v as usize];
        }
        let mut slots: Vec<Option<WantedSite>> = sites.into_iter().map(Some).collect();
        let ranked = order
            .iter()
            .filter_map(|i| slots[*i as usize].take())
            .collect();
        Ok((ranked, visit_site))
    }
}

/// One ordered pass over a table's rows of wanted visits (by site rank, visit and id), each
/// row's text fetched by its id when its site comes.
struct Pass<'s, 'c> {
    rows: rusqlite::Rows<'s>,
    fetch: rusqlite::Statement<'c>,
    /// The next row's (rank, id), read ahead.
    ahead: Option<(u32, i64)>,
    label: &'s str,
}

impl<'s, 'c> Pass<'s, 'c> {
    fn new(
        rows: rusqlite::Rows<'s>,
        fetch: rusqlite::Statement<'c>,
        label: &'s str,
    ) -> Result<Self, String> {
        let mut pass = Pass {
            rows,
            fetch,
            ahead: None,
            label,
        };
        pass.read_ahead()?;
        Ok(pass)
    }

    fn read_ahead(&mut self) -> Result<(), String> {
        let err = |e: rusqlite::Error| describe(self.label, &e);
        self.ahead = match self.rows.next().map_err(err)? {
            Some(r) => Some((r.get(0).map_err(err)?, r.get(2).map_err(err)?)),
            None => None,
        };
        Ok(())
    }

    /// The rows of the site ranked `rank`, each read by `read` (given its row and id).
    fn take<T>(
        &mut self,
        rank: u32,
        read: impl Fn(&rusqlite::Row, i64) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, String> {
        let mut out = Vec::new();
        while let Some((k, id)) = self.ahead
            && k == rank
        {
            let row = self
                .fetch
                .query_row([id], |r| read(r, id))
                .map_err(|e| describe(self.label, &e))?;
            out.push(row);
            self.read_ahead()?;
        }
        Ok(out)
    }
}

/// A site a run wants, before its rows are read.
struct WantedSite {
    site: String,
    site_url: String,
    first_visit: i64,
    visits: u64,
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

/// The flows of one site's requests, cited as `FILE#entry=ID` (the `http_requests` row id),
/// and of the third-party cookies set during its visits, cited as
/// `FILE:javascript_cookies#entry=ID`.
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
    if !visits.cookies.is_empty() {
        report.read += visits.cookies.len() as u64;
        let table: Arc<str> = Arc::from(format!("{crawl_label}:javascript_cookies"));
        for c in &visits.cookies {
            cookie(&ctx, &mut flows, &mut report, &site, &table, c);
        }
    }
    (flows, report)
}

/// A cookie set during a visit: one stored for a third party's domain is a flow to that
/// party's organisation, carrying a cookie identifier (as a HAR request's cookies do). A
/// first-party cookie, even one a third party's script set, names no recipient and is passed
/// over.
fn cookie(
    ctx: &Context,
    flows: &mut Flows,
    report: &mut LogReport,
    site: &SiteRef,
    table: &Arc<str>,
    c: &RawCookie,
) {
    let host = c.host.trim().trim_start_matches('.').to_ascii_lowercase();
    if host.is_empty() || url::host(&host) != Some(host.as_str()) {
        report.skip_at(
            0,
            Some(u64::try_from(c.id).unwrap_or(0)),
            format!("host: not a cookie domain: {:?}", quote_of(&c.host)),
        );
        return;
    }
    let Some(party) = har::third_party(ctx, site, &host) else {
        return;
    };
    report.used += 1;
    let path = if c.path.starts_with('/') {
        c.path.as_str()
    } else {
        "/"
    };
    let at = At {
        file: table,
        shared_file: table,
        line: 0,
        entry: u64::try_from(c.id).unwrap_or(0),
    };
    let seen = har::Seen {
        party: &party,
        host: &host,
        started: &c.time_stamp,
        url: &format!("https://{host}{path}"),
        data: vec![Term::new("cookies", Some("cookie-id".into())).with_basis(Basis::Cookie)],
        canaries: Vec::new(),
    };
    har::add_seen(ctx, flows, &at, seen, || {
        quote_of(&format!(
            "cookie {} set for {}{path}",
            c.name,
            c.host.trim()
        ))
    });
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

    /// A crawl of three sites (two visits to one), requests of visits interleaved.
    fn small_crawl(dir: &Path) -> std::path::PathBuf {
        let path = dir.join("crawl.sqlite");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(
            "CREATE TABLE site_visits (visit_id INTEGER PRIMARY KEY, browser_id INTEGER, site_url TEXT);
             CREATE TABLE http_requests (id INTEGER PRIMARY KEY, visit_id INTEGER, url TEXT,
               method TEXT, headers TEXT, time_stamp TEXT);
             INSERT INTO site_visits VALUES (1, 1, 'https://www.c.example/'), (2, 1, 'https://b.example/'),
               (3, 1, 'https://a.example/x'), (4, 1, 'https://www.b.example/again');",
        )
        .unwrap();
        for i in 0..40 {
            conn.execute(
                "INSERT INTO http_requests (visit_id, url, method, headers, time_stamp) VALUES (?1, ?2, 'GET', '[]', '2024-01-01')",
                rusqlite::params![1 + i % 4, format!("https://t{i}.example/")],
            )
            .unwrap();
        }
        path
    }

    #[test]
    fn a_shard_ranks_and_reads_only_its_own_sites() {
        let dir = tempfile::tempdir().unwrap();
        let crawl = Crawl::open(&small_crawl(dir.path())).unwrap();
        let mut asked: Vec<String> = Vec::new();
        let (wanted, ranks) = crawl
            .wanted_sites(&mut |s: &str| {
                asked.push(s.to_string());
                s == "b.example"
            })
            .unwrap();
        // Asked once a site, in the order visits come.
        assert_eq!(asked, ["c.example", "b.example", "a.example"]);
        assert_eq!(wanted.len(), 1);
        assert_eq!(wanted[0].visits, 2);
        assert_eq!(wanted[0].site_url, "https://b.example/");
        // Only the wanted visits have a rank: the other sites' rows are left out of the sort.
        let mut visits: Vec<i64> = ranks.keys().copied().collect();
        visits.sort();
        assert_eq!(visits, [2, 4]);
        let mut got = Vec::new();
        crawl
            .sites(
                |s| s == "b.example",
                |v| {
                    got.push((
                        v.site.clone(),
                        v.requests.iter().map(|r| r.id).collect::<Vec<_>>(),
                    ));
                    Ok(true)
                },
            )
            .unwrap();
        // By visit, then id.
        let of_visit = |v: i64| (1..=40i64).filter(move |i| 1 + (i - 1) % 4 == v);
        let b_ids: Vec<i64> = of_visit(2).chain(of_visit(4)).collect();
        assert_eq!(got, [("b.example".to_string(), b_ids)]);
        // Every site, in order of domain, with its visits' requests by visit and id.
        let mut all = Vec::new();
        crawl
            .sites(
                |_| true,
                |v| {
                    all.push((v.site.clone(), v.visits, v.requests.len()));
                    Ok(true)
                },
            )
            .unwrap();
        assert_eq!(
            all,
            [
                ("a.example".to_string(), 1, 10),
                ("b.example".to_string(), 2, 20),
                ("c.example".to_string(), 1, 10)
            ]
        );
    }

    #[test]
    fn headers_read_as_pairs() {
        let h = parse_headers(r#"[["Cookie","id=1"],["Referer","https://a.example/"]]"#);
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].name, "Cookie");
        assert!(parse_headers("not json").is_empty());
    }
}
