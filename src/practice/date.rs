//! Calendar dates as ledgers write them: ISO 8601 (date or date-time), day-first numeric
//! (`03/05/2017`, `3.5.2017`), and month names (`3 May 2017`, `May 3, 2017`, `03-May-17`).
//! Only the day matters to saydo (which policy version was in force), so times and zones are
//! not interpreted, but they must be well-formed: `2020-01-01 junk` or `T25:00` is not a date.

use std::fmt;

/// A valid proleptic Gregorian calendar date, years 1000 to 9999 (four bytes: a flow keeps
/// two).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i16,
    pub month: u8,
    pub day: u8,
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (day >= 1 && day <= days && (1000..=9999).contains(&year)).then_some(Date {
            year: year as i16,
            month,
            day,
        })
    }

    /// Reads a date in any of the accepted forms; `None` when it is not one (or not a real
    /// day, like 31/02/2019). Numeric dates are day-first unless only month-first is valid.
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        let bytes = text.as_bytes();
        // A date starts with a digit or a letter: `-2020-01-01` is not one.
        if !bytes.first().is_some_and(u8::is_ascii_alphanumeric) || text.len() > 64 {
            return None;
        }
        // ISO 8601: YYYY-MM-DD, optionally followed by `T`/space and a time.
        if bytes.len() >= 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes[..4].iter().all(u8::is_ascii_digit)
            && (bytes.len() == 10 || matches!(bytes[10], b'T' | b't' | b' '))
        {
            if bytes.len() > 10 && !is_time(&text[11..]) {
                return None;
            }
            return Date::new(
                parse_num(&text[..4])?,
                parse_num(&text[5..7])? as u8,
                parse_num(&text[8..10])? as u8,
            );
        }
        // Drop a trailing time ("03/05/2017 14:02") and split the rest into words.
        let date_part = match text.find([' ', 'T']) {
            Some(i) if text[i..].contains(':') && !text[..i].contains(' ') => {
                if !is_time(&text[i + 1..]) {
                    return None;
                }
                &text[..i]
            }
            _ => text,
        };
        let parts: Vec<&str> = date_part
            .split(['/', '-', '.', ' ', ','])
            .filter(|p| !p.is_empty())
            .collect();
        if parts.len() != 3 {
            return None;
        }
        let parts = &parts[..3];
        let month_name = |p: &str| {
            let lower = p.to_ascii_lowercase();
            MONTHS
                .iter()
                .position(|m| lower.len() >= 3 && lower.starts_with(m))
                .map(|i| i as u8 + 1)
        };
        if let Some(m) = month_name(parts[1]) {
            // 3 May 2017, 03-May-17
            return Date::new(year(parts[2])?, m, day(parts[0])?);
        }
        if let Some(m) = month_name(parts[0]) {
            // May 3, 2017
            return Date::new(year(parts[2])?, m, day(parts[1])?);
        }
        if parts[0].len() == 4 {
            // 2017/05/03
            return Date::new(
                parse_num(parts[0])?,
                parse_num(parts[1])? as u8,
                day(parts[2])?,
            );
        }
        let (a, b, y) = (parse_num(parts[0])?, parse_num(parts[1])?, year(parts[2])?);
        if !(1..=31).contains(&a) || !(1..=31).contains(&b) {
            return None;
        }
        // Day-first (UK/EU ledgers), unless the first number cannot be a day-first reading.
        Date::new(y, b as u8, a as u8).or_else(|| Date::new(y, a as u8, b as u8))
    }
}

/// A time of day after a date: `HH:MM[:SS[.fff]]`, optionally `AM`/`PM`, then an optional
/// zone (`Z`, `UTC`, `GMT`, `+HH`, `+HH:MM`, `+HHMM`), with hours, minutes and offsets in range.
fn is_time(t: &str) -> bool {
    let t = t.trim();
    let b = t.as_bytes();
    let two = |i: usize| -> Option<u32> {
        let d = b.get(i..i + 2)?;
        d.iter()
            .all(u8::is_ascii_digit)
            .then(|| u32::from(d[0] - b'0') * 10 + u32::from(d[1] - b'0'))
    };
    // The hour may have one digit ("9:05").
    let (hour, mut i) = match (b.first(), b.get(1)) {
        (Some(h), Some(b':')) if h.is_ascii_digit() => (u32::from(h - b'0'), 1),
        _ => match two(0) {
            Some(h) => (h, 2),
            None => return false,
        },
    };
    if b.get(i) != Some(&b':') {
        return false;
    }
    let Some(minute) = two(i + 1) else {
        return false;
    };
    i += 3;
    if hour > 23 || minute > 59 {
        return false;
    }
    if b.get(i) == Some(&b':') {
        match two(i + 1) {
            Some(s) if s <= 60 => i += 3,
            _ => return false,
        }
        if matches!(b.get(i), Some(b'.' | b',')) {
            i += 1;
            let digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            if digits == 0 {
                return false;
            }
            i += digits;
        }
    }
    let mut rest = t[i..].trim_start();
    for ampm in ["AM", "PM", "am", "pm"] {
        if let Some(r) = rest.strip_prefix(ampm) {
            if hour == 0 || hour > 12 {
                return false;
            }
            rest = r.trim_start();
            break;
        }
    }
    match rest {
        "" | "Z" | "z" | "UTC" | "GMT" => true,
        _ => {
            let Some(offset) = rest.strip_prefix(['+', '-']) else {
                return false;
            };
            let o = offset.as_bytes();
            let num = |d: &[u8]| -> Option<u32> {
                (d.len() == 2 && d.iter().all(u8::is_ascii_digit))
                    .then(|| u32::from(d[0] - b'0') * 10 + u32::from(d[1] - b'0'))
            };
            let (h, m) = match o.len() {
                2 => (num(o), Some(0)),
                4 => (num(&o[..2]), num(&o[2..])),
                5 if o[2] == b':' => (num(&o[..2]), num(&o[3..])),
                _ => (None, None),
            };
            matches!((h, m), (Some(h), Some(m)) if h <= 14 && m <= 59)
        }
    }
}

fn parse_num(s: &str) -> Option<i32> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn day(s: &str) -> Option<u8> {
    // Allow ordinal suffixes: 3rd, 21st.
    let digits = s.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let d = parse_num(digits)?;
    (1..=31).contains(&d).then_some(d as u8)
}

fn year(s: &str) -> Option<i32> {
    let y = parse_num(s)?;
    match s.len() {
        4 => Some(y),
        // Two-digit years: 00-69 are 2000s, 70-99 are 1900s (the POSIX strptime rule).
        2 if y < 70 => Some(2000 + y),
        2 => Some(1900 + y),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::Date;

    fn d(s: &str) -> Option<String> {
        Date::parse(s).map(|d| d.to_string())
    }

    #[test]
    fn iso_and_datetime() {
        assert_eq!(d("2017-05-03").as_deref(), Some("2017-05-03"));
        assert_eq!(d("2017-05-03T10:22:00Z").as_deref(), Some("2017-05-03"));
        assert_eq!(d("2017-05-03 10:22").as_deref(), Some("2017-05-03"));
        assert_eq!(d("2017/05/03").as_deref(), Some("2017-05-03"));
    }

    #[test]
    fn day_first_and_month_names() {
        assert_eq!(d("03/05/2017").as_deref(), Some("2017-05-03"));
        assert_eq!(d("3.5.2017").as_deref(), Some("2017-05-03"));
        assert_eq!(
            d("12/25/2017").as_deref(),
            Some("2017-12-25"),
            "month-first when only that is valid"
        );
        assert_eq!(d("3 May 2017").as_deref(), Some("2017-05-03"));
        assert_eq!(d("May 3, 2017").as_deref(), Some("2017-05-03"));
        assert_eq!(d("3rd September 2017").as_deref(), Some("2017-09-03"));
        assert_eq!(d("03-May-17").as_deref(), Some("2017-05-03"));
        assert_eq!(d("03/05/2017 14:02").as_deref(), Some("2017-05-03"));
    }

    #[test]
    fn impossible_or_unreadable_dates_are_refused() {
        for bad in [
            "31/02/2019",
            "2019-02-29",
            "yesterday",
            "",
            "2017-13-01",
            "1/2",
            "99999-01-01",
            "May 2017",
        ] {
            assert_eq!(d(bad), None, "{bad}");
        }
        assert_eq!(d("2020-02-29").as_deref(), Some("2020-02-29"));
    }

    #[test]
    fn junk_around_a_date_is_refused() {
        for bad in [
            "-2020-01-01",
            "2020-01-01 junk",
            "2020-01-01T25:00:00Z",
            "2020-01-01T10:61",
            "2020-01-01T10:00:00+99:00",
            "2020-01-01T10:00:00+0960",
            "03/05/2017 14:02 junk",
            "3 May 2017 and more",
            "/03/05/2017",
        ] {
            assert_eq!(d(bad), None, "{bad}");
        }
        for good in [
            "2020-01-01T10:00:00Z",
            "2020-01-01T10:00:00.123+01:00",
            "2020-01-01 10:00:00 UTC",
            "2020-01-01T10:00:00-0500",
            "2020-01-01 9:05 PM",
            "03/05/2017 14:02:59",
        ] {
            assert!(d(good).is_some(), "{good}");
        }
    }
}
