//! `--resume` for commands that write rows (JSON Lines or CSV) to a file: which rows an
//! earlier, interrupted output holds whole, and where to cut it before appending. Shared by
//! `scan` (a row per policy, keyed by `path`) and `survey` (rows per site, keyed by `site`).

use std::collections::HashSet;

/// What a command's rows look like, so an earlier output can be checked and keyed.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The fields that name what a row is about: the first that is set is the row's key
    /// (`path`; `site`, else `service`). A key from a later field is written `field:value`.
    pub keys: &'static [&'static str],
    /// The CSV header this version writes.
    pub csv_header: &'static [&'static str],
    /// The exact set of JSON fields every row has, when rows all have the same ones.
    pub json_fields: Option<Vec<String>>,
    /// Fields the first JSON row must have.
    pub json_required: &'static [&'static str],
}

/// What an earlier output (JSON Lines or CSV) holds: the keys of its complete rows, and the
/// byte length of those rows (a row cut off by an interruption is dropped before appending).
#[derive(Debug, Default)]
pub struct Earlier {
    pub done: HashSet<String>,
    pub complete: u64,
    /// The key of the last whole row, and where the run of rows with that key starts: a
    /// command that writes several rows per key redoes the last key from there, since an
    /// interruption may have cut its rows short.
    pub last: Option<(String, u64)>,
}

impl Earlier {
    fn take(&mut self, key: String, start: u64, end: u64) {
        let same = self.last.as_ref().is_some_and(|(k, _)| *k == key);
        if !same {
            self.last = Some((key.clone(), start));
        }
        self.done.insert(key);
        self.complete = end;
    }

    /// Forgets the last key's rows (for commands with several rows per key): `complete`
    /// then ends before them, and the key is not done.
    pub fn drop_last(&mut self) {
        if let Some((key, start)) = self.last.take() {
            self.done.remove(&key);
            self.complete = start;
        }
    }
}

/// Reads an earlier output for `--resume`, streaming. A cut-off last row (even inside a
/// quoted multi-line CSV field) is left out of `complete`; a broken row before the last, or
/// rows in another layout, are an error that says where: appending to them would corrupt the
/// file or hide the damage.
pub fn read_earlier(
    input: impl std::io::Read,
    csv: bool,
    layout: &Layout,
) -> Result<Earlier, String> {
    if csv {
        read_earlier_csv(input, layout)
    } else {
        read_earlier_jsonl(input, layout)
    }
}

/// The key of a JSON row (see [`Layout::keys`]).
fn json_key(row: &serde_json::Map<String, serde_json::Value>, layout: &Layout) -> Option<String> {
    for (i, k) in layout.keys.iter().enumerate() {
        if let Some(serde_json::Value::String(v)) = row.get(*k) {
            return Some(if i == 0 {
                v.clone()
            } else {
                format!("{k}:{v}")
            });
        }
    }
    None
}

fn read_earlier_jsonl(input: impl std::io::Read, layout: &Layout) -> Result<Earlier, String> {
    use std::io::BufRead;
    let mut earlier = Earlier::default();
    let mut reader = std::io::BufReader::new(input);
    let mut line = Vec::new();
    let mut number = 0u64;
    loop {
        line.clear();
        let n = reader
            .read_until(b'\n', &mut line)
            .map_err(|e| e.to_string())?;
        if n == 0 || line.last() != Some(&b'\n') {
            break; // the end, or a last line cut off: it is rewritten
        }
        number += 1;
        if line.trim_ascii().is_empty() {
            earlier.complete += n as u64;
            continue;
        }
        let start = earlier.complete;
        let row = serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(&line);
        if number == 1 {
            let keys: Vec<String> = row
                .as_ref()
                .map_err(|_| "its first line is not a JSON row".to_string())?
                .keys()
                .cloned()
                .collect();
            same_layout(&keys, false, layout)?;
        }
        let key = row.ok().and_then(|r| json_key(&r, layout)).ok_or_else(|| {
            format!(
                "line {number} is not a whole row; the file was cut or edited there. Remove that line and resume, or write into a new file"
            )
        })?;
        earlier.take(key, start, start + n as u64);
    }
    Ok(earlier)
}

/// Remembers the last byte read, so the end of a CSV file can be told from a cut.
struct LastByte<R> {
    inner: R,
    last: Option<u8>,
}

impl<R: std::io::Read> std::io::Read for LastByte<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n > 0 {
            self.last = Some(buf[n - 1]);
        }
        Ok(n)
    }
}

fn read_earlier_csv(input: impl std::io::Read, layout: &Layout) -> Result<Earlier, String> {
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(LastByte {
            inner: input,
            last: None,
        });
    let mut earlier = Earlier::default();
    // The last record read, its line and where it ends: taken once the next one shows it whole.
    let mut pending: Option<(csv::ByteRecord, u64, u64)> = None;
    let mut first = true;
    loop {
        let mut record = csv::ByteRecord::new();
        let line = rdr.position().line();
        let more = rdr
            .read_byte_record(&mut record)
            .map_err(|e| format!("line {line}: {e}"))?;
        if !more {
            break;
        }
        let end = rdr.position().byte();
        if let Some((r, line, end)) = pending.take() {
            take_record(
                &mut earlier,
                &r,
                line,
                end,
                std::mem::take(&mut first),
                layout,
            )?;
        }
        pending = Some((record, line, end));
    }
    // The last record is whole when the file ends with its line break and, for a row, it has
    // every column (a cut inside a quoted multi-line field can end on a line break too, but
    // then columns are missing).
    if let Some((r, line, end)) = pending
        && rdr.get_ref().last == Some(b'\n')
        && (first || r.len() == layout.csv_header.len())
    {
        take_record(&mut earlier, &r, line, end, first, layout)?;
    }
    Ok(earlier)
}

/// Checks a whole record of an earlier CSV output and counts it done.
fn take_record(
    earlier: &mut Earlier,
    record: &csv::ByteRecord,
    line: u64,
    end: u64,
    header: bool,
    layout: &Layout,
) -> Result<(), String> {
    if header {
        let found: Vec<String> = record
            .iter()
            .map(|f| String::from_utf8_lossy(f).into_owned())
            .collect();
        same_layout(&found, true, layout)?;
        earlier.complete = end;
        return Ok(());
    }
    check_fields(record.len(), line, layout)?;
    let mut key = None;
    for (i, k) in layout.keys.iter().enumerate() {
        let Some(col) = layout.csv_header.iter().position(|c| c == k) else {
            continue;
        };
        let value = record.get(col).unwrap_or_default();
        if !value.is_empty() {
            let v = key_text(value.to_vec(), line)?;
            key = Some(if i == 0 { v } else { format!("{k}:{v}") });
            break;
        }
    }
    let key = key.unwrap_or_default();
    let start = earlier.complete;
    earlier.take(key, start, end);
    Ok(())
}

fn check_fields(fields: usize, line: u64, layout: &Layout) -> Result<(), String> {
    if fields == layout.csv_header.len() {
        return Ok(());
    }
    Err(format!(
        "the row at line {line} has {fields} columns, not {}; the file was cut or edited there. Remove that row and resume, or write into a new file",
        layout.csv_header.len()
    ))
}

fn key_text(key: Vec<u8>, line: u64) -> Result<String, String> {
    String::from_utf8(key).map_err(|_| {
        format!("the row at line {line} names what it is about in bytes that are not UTF-8")
    })
}

/// Whether rows can be appended to an earlier output whose first line has `found` columns
/// (CSV header) or fields (first JSON row): they must be those this version writes, or the
/// file would mix two layouts. The error says what differs.
fn same_layout(found: &[String], csv: bool, layout: &Layout) -> Result<(), String> {
    let want: Vec<String> = if csv {
        layout.csv_header.iter().map(|c| c.to_string()).collect()
    } else {
        match &layout.json_fields {
            Some(f) => f.clone(),
            None => {
                // Rows differ in their fields: only the ones every row has are checked.
                let missing: Vec<&str> = layout
                    .json_required
                    .iter()
                    .copied()
                    .filter(|r| !found.iter().any(|f| f == r))
                    .collect();
                if missing.is_empty() {
                    return Ok(());
                }
                return Err(format!(
                    "it was written with other fields (missing: {}), by another command or version of saydo: resume into a new file",
                    missing.join(", ")
                ));
            }
        }
    };
    let sorted = |v: &[String]| {
        let mut v = v.to_vec();
        v.sort();
        v
    };
    // JSON fields may come in any order; CSV columns may not.
    let same = if csv {
        found == want
    } else {
        sorted(found) == sorted(&want)
    };
    if same {
        return Ok(());
    }
    if csv
        && !found
            .iter()
            .any(|f| layout.csv_header.contains(&f.as_str()))
    {
        return Err("its first line is not a CSV header".into());
    }
    let missing: Vec<&str> = want
        .iter()
        .filter(|w| !found.contains(w))
        .map(String::as_str)
        .collect();
    let extra: Vec<&str> = found
        .iter()
        .filter(|f| !want.contains(f))
        .map(String::as_str)
        .collect();
    Err(format!(
        "it was written with other {} (missing: {}; not written now: {}), by another version of saydo: resume into a new file",
        if csv { "columns" } else { "fields" },
        if missing.is_empty() {
            "none".to_string()
        } else {
            missing.join(", ")
        },
        if extra.is_empty() {
            "none".to_string()
        } else {
            extra.join(", ")
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn survey_like() -> Layout {
        Layout {
            keys: &["site", "service"],
            csv_header: &["site", "service", "status"],
            json_fields: None,
            json_required: &["site", "service", "status"],
        }
    }

    #[test]
    fn several_rows_per_key_redo_the_last_key() {
        let rows = "{\"site\":\"a.example\",\"service\":\"A\",\"status\":\"finding\"}\n\
                    {\"site\":\"b.example\",\"service\":\"B\",\"status\":\"finding\"}\n\
                    {\"site\":\"b.example\",\"service\":\"B\",\"status\":\"finding\"}\n\
                    {\"site\":null,\"service\":\"C\",\"status\":\"no-evidence\"}\n";
        let mut e = read_earlier(rows.as_bytes(), false, &survey_like()).unwrap();
        assert!(e.done.contains("a.example") && e.done.contains("b.example"));
        assert!(e.done.contains("service:C"));
        e.drop_last();
        assert!(!e.done.contains("service:C"));
        let cut = rows.rfind("{\"site\":null").unwrap() as u64;
        assert_eq!(e.complete, cut);
        // Cut inside the third row: b.example's rows start after a.example's line.
        let mut e =
            read_earlier(&rows.as_bytes()[..cut as usize - 5], false, &survey_like()).unwrap();
        e.drop_last();
        assert_eq!(e.complete as usize, rows.find("{\"site\":\"b").unwrap());
        assert_eq!(e.done.len(), 1);
        let csv = "site,service,status\na.example,A,finding\n,C,no-evidence\n";
        let e = read_earlier(csv.as_bytes(), true, &survey_like()).unwrap();
        assert!(e.done.contains("a.example") && e.done.contains("service:C"));
        let err = read_earlier("{\"path\":1}\n".as_bytes(), false, &survey_like()).unwrap_err();
        assert!(err.contains("missing: site"), "{err}");
    }
}
