//! The versions of one file in a git repository, through the `git` command: `git log
//! --follow` lists the commits that touched it (with its path at each, across renames), and
//! one `git cat-file --batch` reads every version's bytes.

use crate::practice::Date;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// A commit that changed the file.
#[derive(Clone, Debug)]
pub(crate) struct Commit {
    pub hash: String,
    pub date: Option<Date>,
    /// The file's path at that commit, relative to the repository root.
    pub path: String,
}

/// A git command run in `repo`, with settings that make its output parseable and with the
/// repository given only by `-C` (no inherited `GIT_DIR`).
fn git(repo: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("-C")
        .arg(repo)
        .args(["-c", "core.quotePath=false", "--literal-pathspecs"])
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env("LC_ALL", "C")
        .stdin(Stdio::null());
    c
}

fn run(repo: &Path, file: &str, cmd: &mut Command) -> Result<Vec<u8>, String> {
    let out = cmd.output().map_err(|e| spawn_error(repo, file, &e))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(first_line(&out.stderr))
    }
}

fn spawn_error(repo: &Path, file: &str, e: &std::io::Error) -> String {
    if e.kind() == std::io::ErrorKind::NotFound {
        format!(
            "{}: cannot read the history of {file}: the git command is not installed",
            repo.display()
        )
    } else {
        format!(
            "{}: cannot read the history of {file}: cannot run git: {e}",
            repo.display()
        )
    }
}

fn first_line(stderr: &[u8]) -> String {
    let s = String::from_utf8_lossy(stderr);
    let line = s
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("git failed");
    line.trim_start_matches("fatal: ").to_string()
}

/// Every committed version of `file` in `repo`, oldest first, with its bytes. Commits where
/// the file was deleted are left out. Each is dated by its author date (when the change was
/// written: `git commit --date` sets it, rebases keep it), or by its committer date.
pub(crate) fn versions(
    repo: &Path,
    file: &str,
    committer_date: bool,
) -> Result<Vec<(Commit, Vec<u8>)>, String> {
    let name = repo.display();
    if file.is_empty() {
        return Err(format!("{name}: no file named to read the history of"));
    }
    if !repo.is_dir() {
        return Err(format!(
            "{name}: not a folder (the repository holding {file})"
        ));
    }
    run(repo, file, git(repo).args(["rev-parse", "--git-dir"]))
        .map_err(|e| format!("{name}: not a git repository ({e}); cannot read {file}"))?;
    let log = run(
        repo,
        file,
        git(repo)
            .args([
                "log",
                "--follow",
                "--name-only",
                if committer_date {
                    "--format=%x01%H %cI"
                } else {
                    "--format=%x01%H %aI"
                },
                "--",
            ])
            .arg(file),
    )
    .map_err(|e| format!("{name}: cannot read the history of {file}: {e}"))?;
    let mut commits = parse_log(&String::from_utf8_lossy(&log), file)
        .map_err(|e| format!("{name}: cannot read the history: {e}"))?;
    if commits.is_empty() {
        return Err(format!(
            "{name}: {file} was never committed (git log --follow finds no commit touching it)"
        ));
    }
    commits.reverse();
    let blobs = cat_blobs(repo, file, &commits)?;
    let out: Vec<(Commit, Vec<u8>)> = commits
        .into_iter()
        .zip(blobs)
        .filter_map(|(c, b)| b.map(|b| (c, b)))
        .collect();
    if out.is_empty() {
        return Err(format!(
            "{name}: {file} has no committed content (every commit touching it deletes it)"
        ));
    }
    Ok(out)
}

/// `\x01HASH DATE` headers, each followed by the file's path at that commit. A commit listing
/// several paths means `file` is a folder or a pattern, not one file.
fn parse_log(log: &str, file: &str) -> Result<Vec<Commit>, String> {
    let mut out = Vec::new();
    let mut last_path = file.trim_start_matches("./").to_string();
    for chunk in log.split('\x01').skip(1) {
        let mut lines = chunk.lines();
        let Some(header) = lines.next() else { continue };
        let mut parts = header.split_whitespace();
        let Some(hash) = parts.next().filter(|h| h.len() >= 7) else {
            continue;
        };
        let date = parts.next().and_then(Date::parse);
        let paths: Vec<&str> = lines.map(str::trim_end).filter(|l| !l.is_empty()).collect();
        if paths.len() > 1 {
            return Err(format!(
                "{file} names {} files at commit {hash}, not one file",
                paths.len()
            ));
        }
        // Paths are listed newest commit first; a commit that lists none (a merge) keeps the
        // path of the commit after it.
        if let Some(p) = paths.first() {
            last_path = p.to_string();
        }
        out.push(Commit {
            hash: hash.to_string(),
            date,
            path: last_path.clone(),
        });
    }
    Ok(out)
}

/// The file's bytes at each commit (`None` where it does not exist there), read through one
/// `git cat-file --batch` process.
fn cat_blobs(repo: &Path, file: &str, commits: &[Commit]) -> Result<Vec<Option<Vec<u8>>>, String> {
    let name = repo.display().to_string();
    let mut child = git(repo)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| spawn_error(repo, file, &e))?;
    let requests: String = commits
        .iter()
        .map(|c| format!("{}:{}\n", c.hash, c.path))
        .collect();
    let mut stdin = child.stdin.take().ok_or("git cat-file: no stdin")?;
    // Write from another thread: git answers while it reads, and both pipes must keep moving.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(requests.as_bytes());
    });
    let stdout = child.stdout.take().ok_or("git cat-file: no stdout")?;
    let mut reader = BufReader::new(stdout);
    let mut out = Vec::with_capacity(commits.len());
    let fail = |what: String| format!("{name}: cannot read {file} from git: {what}");
    for c in commits {
        let mut header = String::new();
        let n = reader
            .read_line(&mut header)
            .map_err(|e| fail(e.to_string()))?;
        if n == 0 {
            let _ = child.wait();
            return Err(fail(format!("git stopped before commit {}", c.hash)));
        }
        let fields: Vec<&str> = header.split_whitespace().collect();
        match fields.as_slice() {
            [_, "blob", size] => {
                let size: usize = size
                    .parse()
                    .map_err(|_| fail(format!("unexpected answer {header:?}")))?;
                let mut buf = vec![0; size + 1];
                reader
                    .read_exact(&mut buf)
                    .map_err(|e| fail(e.to_string()))?;
                buf.pop();
                out.push(Some(buf));
            }
            // Deleted at this commit, or the path is a folder there.
            [.., "missing"] | [.., "ambiguous"] | [_, "tree" | "commit" | "tag", _] => {
                if let [_, _, size] = fields.as_slice()
                    && let Ok(size) = size.parse::<usize>()
                {
                    let mut skip = vec![0; size + 1];
                    reader
                        .read_exact(&mut skip)
                        .map_err(|e| fail(e.to_string()))?;
                }
                out.push(None);
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(fail(format!("unexpected answer {header:?}")));
            }
        }
    }
    let _ = writer.join();
    drop(reader);
    let _ = child.wait();
    Ok(out)
}
