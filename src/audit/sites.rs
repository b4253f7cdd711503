//! `saydo audit --sites FILE`: many sites, one after another or `--jobs N` at a time, each into
//! `OUT/<site>/`, with one row a site in `OUT/summary.jsonl`. `--resume` skips the sites whose
//! folder holds a complete audit and keeps their rows.

use super::{Options, Outcome, run};
use crate::vocab::Vocabulary;
use serde_json::{Value, json};
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// The folder name of a site: its host, made safe as a file name.
pub fn folder_name(url: &str) -> String {
    let host = crate::practice::url::network_host(url).unwrap_or(url);
    let mut name: String = host
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() || name.starts_with('.') {
        name.insert(0, '_');
    }
    name
}

/// Reads the list: one address a line; blank lines and `#` comments skipped. A line that is
/// not an http(s) address is an error naming the file and line.
pub fn read_list(path: &Path) -> Result<Vec<String>, String> {
    let bytes = crate::input::read_list(path).map_err(|e| crate::input::cannot_read(path, &e))?;
    let text = String::from_utf8_lossy(&bytes);
    let mut urls = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let url = if l.contains("://") {
            l.to_string()
        } else {
            format!("https://{l}")
        };
        if !(url.starts_with("http://") || url.starts_with("https://"))
            || crate::practice::url::network_host(&url).is_none()
        {
            return Err(format!(
                "{}:{}: not an http or https address: {l:?}",
                path.display(),
                i + 1
            ));
        }
        urls.push(url);
    }
    if urls.is_empty() {
        return Err(format!("{}: no addresses in the list", path.display()));
    }
    Ok(urls)
}

/// Whether `dir` holds a complete audit (its manifest says so).
fn complete(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join("manifest.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<Value>(&t).ok())
        .is_some_and(|m| m["complete"] == Value::Bool(true))
}

/// Audits every site of the list into `base.out/<site>/`. Returns the exit code: 130 on
/// Ctrl-C, 2 when a site's audit failed, 1 when a site has findings at or above `--fail-on`,
/// else 0.
pub fn run_all(
    vocab: &Vocabulary,
    base: &Options,
    urls: &[String],
    jobs: usize,
    resume: bool,
) -> Result<u8, String> {
    let out = &base.out;
    let non_empty = std::fs::read_dir(out).map(|mut e| e.next().is_some());
    match non_empty {
        Ok(true) if !resume && !base.force => {
            return Err(format!(
                "{}: the folder exists and is not empty; add --resume to finish an earlier run, or --force to audit every site again",
                out.display()
            ));
        }
        Ok(_) => {}
        Err(_) => std::fs::create_dir_all(out).map_err(|e| crate::input::cannot_write(out, &e))?,
    }
    // Folder names, made unique in list order.
    let mut seen: HashSet<String> = HashSet::new();
    let mut plan: Vec<(String, PathBuf)> = Vec::new();
    for url in urls {
        let mut name = folder_name(url);
        let mut n = 2;
        while !seen.insert(name.clone()) {
            name = format!("{}-{n}", folder_name(url));
            n += 1;
        }
        plan.push((url.clone(), out.join(name)));
    }
    let summary_path = out.join("summary.jsonl");
    // Rows of sites already complete are kept on --resume; the others are audited again.
    let mut kept: Vec<String> = Vec::new();
    let mut todo: Vec<(String, PathBuf)> = Vec::new();
    let old_rows = if resume {
        std::fs::read_to_string(&summary_path).unwrap_or_default()
    } else {
        String::new()
    };
    let order: Vec<String> = plan.iter().map(|(url, _)| url.clone()).collect();
    for (url, dir) in plan {
        let kept_row = (resume && complete(&dir))
            .then(|| {
                old_rows.lines().find(|l| {
                    serde_json::from_str::<Value>(l)
                        .is_ok_and(|v| v["url"] == Value::String(url.clone()))
                })
            })
            .flatten();
        if let Some(row) = kept_row {
            kept.push(row.to_string());
            continue;
        }
        todo.push((url, dir));
    }
    let mut summary = std::fs::File::create(&summary_path)
        .map_err(|e| crate::input::cannot_write(&summary_path, &e))?;
    for row in &kept {
        writeln!(summary, "{row}").map_err(|e| crate::input::cannot_write(&summary_path, &e))?;
    }
    let summary = Mutex::new(summary);
    let bar = indicatif::ProgressBar::new(todo.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} sites {elapsed} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    if !kept.is_empty() {
        // println on a hidden bar (stderr not a terminal) prints nothing: write around it.
        bar.suspend(|| {
            let _ = writeln!(
                anstream::stderr(),
                "saydo audit: {} site{} already complete (--resume)",
                kept.len(),
                if kept.len() == 1 { "" } else { "s" }
            );
        });
    }
    let next = AtomicUsize::new(0);
    let worst = AtomicUsize::new(0);
    let write_error: OnceLock<String> = OnceLock::new();
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, 16) {
            scope.spawn(|| {
                loop {
                    if super::browser::INTERRUPTED.load(Ordering::Relaxed) {
                        return;
                    }
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some((url, dir)) = todo.get(i) else {
                        return;
                    };
                    let opts = Options {
                        url: url.clone(),
                        out: dir.clone(),
                        // The site's own folder: an incomplete earlier attempt is replaced.
                        force: true,
                        print_report: false,
                        ..base.clone()
                    };
                    let Outcome {
                        code,
                        error,
                        summary: mut row,
                    } = run(vocab, &opts);
                    row["site"] = json!(dir.file_name().map(|n| n.to_string_lossy().into_owned()));
                    if let Some(e) = &error {
                        bar.suspend(|| {
                            let _ = writeln!(anstream::stderr(), "saydo: error: {e}");
                        });
                    }
                    let rank = match code {
                        130 => 3,
                        2 => 2,
                        1 => 1,
                        _ => 0,
                    };
                    worst.fetch_max(rank, Ordering::Relaxed);
                    if code != 130
                        && let Ok(mut f) = summary.lock()
                        && let Err(e) = writeln!(f, "{row}").and_then(|()| f.flush())
                    {
                        let _ = write_error.set(crate::input::cannot_write(&summary_path, &e));
                    }
                    bar.inc(1);
                    bar.set_message(url.clone());
                }
            });
        }
    });
    bar.finish_and_clear();
    if let Some(e) = write_error.get() {
        return Err(e.clone());
    }
    if !super::browser::INTERRUPTED.load(Ordering::Relaxed) {
        // Rows went out as sites finished, so a run cut short keeps them; once all are in, the
        // file is put in list order so the same list gives the same file for any --jobs.
        in_list_order(&summary_path, &order)?;
    }
    let _ = writeln!(
        anstream::stderr(),
        "saydo audit: {} site{} audited into {}; one row a site in {}",
        todo.len(),
        if todo.len() == 1 { "" } else { "s" },
        out.display(),
        summary_path.display()
    );
    Ok(match worst.load(Ordering::Relaxed) {
        3 => 130,
        2 => 2,
        1 => 1,
        _ => 0,
    })
}

/// Rewrites `summary.jsonl` with its rows in the order of `order` (the list's addresses);
/// a row naming no listed address goes last, in the order it was.
fn in_list_order(path: &Path, order: &[String]) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| crate::input::cannot_read(path, &e))?;
    let rank = |line: &str| {
        serde_json::from_str::<Value>(line)
            .ok()
            .and_then(|v| v["url"].as_str().map(str::to_owned))
            .and_then(|u| order.iter().position(|o| *o == u))
            .unwrap_or(usize::MAX)
    };
    let mut rows: Vec<(usize, &str)> = text.lines().map(|l| (rank(l), l)).collect();
    rows.sort_by_key(|(r, _)| *r);
    let mut sorted = String::with_capacity(text.len());
    for (_, l) in rows {
        sorted.push_str(l);
        sorted.push('\n');
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".saydo-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // open(2) applies the umask, as for any new file (a temporary file is private).
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(|e| crate::input::cannot_write(path, &e))?;
    tmp.write_all(sorted.as_bytes())
        .map_err(|e| crate::input::cannot_write(path, &e))?;
    tmp.persist(path)
        .map_err(|e| crate::input::cannot_write(path, &e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_are_hosts() {
        assert_eq!(
            folder_name("https://www.Example.com/a?b"),
            "www.example.com"
        );
        // `:` and other characters a file name cannot safely hold become `_`.
        assert_eq!(folder_name("http://[::1]:8080/"), "__1");
        assert!(!folder_name("http://a..b/").contains('/'));
    }

    #[test]
    fn the_summary_ends_in_list_order_whatever_order_sites_finished_in() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("summary.jsonl");
        std::fs::write(
            &p,
            "{\"url\":\"https://c.example\"}\n{\"url\":\"https://a.example\"}\n{\"other\":1}\n{\"url\":\"https://b.example\"}\n",
        )
        .unwrap();
        let order = [
            "https://a.example",
            "https://b.example",
            "https://c.example",
        ]
        .map(String::from);
        in_list_order(&p, &order).unwrap();
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            "{\"url\":\"https://a.example\"}\n{\"url\":\"https://b.example\"}\n{\"url\":\"https://c.example\"}\n{\"other\":1}\n"
        );
    }

    #[test]
    fn lists_name_the_bad_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sites.txt");
        std::fs::write(&p, "# news\nexample.com\nhttps://b.example/\nftp://x\n").unwrap();
        let err = read_list(&p).unwrap_err();
        assert!(
            err.ends_with(":4: not an http or https address: \"ftp://x\""),
            "{err}"
        );
        std::fs::write(&p, "example.com\n\nhttps://b.example/\n").unwrap();
        assert_eq!(
            read_list(&p).unwrap(),
            vec!["https://example.com", "https://b.example/"]
        );
    }
}
