//! Bytes to text. Policies arrive as UTF-8 (with or without a BOM), UTF-16 from Windows tools,
//! or Windows-1252 from old sites; binary files are refused rather than read as noise.

/// Decoded text, with a note when it was not plain UTF-8.
pub struct Decoded {
    pub text: String,
    pub note: Option<String>,
}

/// Decode policy bytes, normalising line endings to `\n`. The error is a reason to show after
/// the file name.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    let (text, note) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        match std::str::from_utf8(rest) {
            Ok(s) => (s.to_string(), None),
            // The mark says UTF-8: bad bytes are strays, read one run at a time.
            Err(_) => mostly_utf8(rest),
        }
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let enc = if bytes[0] == 0xFF {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        utf16(enc, &bytes[2..])?
    } else if let Some(enc) = bomless_utf16(bytes) {
        utf16(enc, bytes)?
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => (s.to_string(), None),
            Err(e) => {
                if looks_binary(bytes) {
                    return Err("binary content, not a text policy".into());
                }
                if is_mostly_utf8(bytes) {
                    mostly_utf8(bytes)
                } else {
                    legacy(bytes, e.valid_up_to())
                }
            }
        }
    };
    finish(text, note)
}

/// Whether text that is not valid UTF-8 is UTF-8 with stray bytes rather than a legacy
/// encoding: at least half of its non-ASCII characters are valid UTF-8. (Legacy text rarely
/// forms valid multi-byte sequences; UTF-8 text with a stray `\xa9` pasted in from elsewhere
/// must not be read as Windows-1252 whole, which turns every `’` into `â€™`.)
fn is_mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        // Lead bytes of valid text: its non-ASCII characters.
        valid += chunk.valid().bytes().filter(|&b| b >= 0xC0).count();
        invalid += chunk.invalid().len();
    }
    valid >= invalid
}

/// UTF-8 with each run of invalid bytes read as Windows-1252 (what a stray byte in a Western
/// page almost always is), and a note naming the first one by line.
fn mostly_utf8(bytes: &[u8]) -> (String, Option<String>) {
    let mut text = String::with_capacity(bytes.len() + 16);
    let mut bad = 0usize;
    let mut first_bad = None;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        let invalid = chunk.invalid();
        if invalid.is_empty() {
            continue;
        }
        if first_bad.is_none() {
            first_bad = Some(text.len());
        }
        bad += invalid.len();
        let (run, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(invalid);
        text.push_str(&run);
    }
    let at = first_bad.unwrap_or(0);
    let line = memchr::memchr_iter(b'\n', &text.as_bytes()[..at]).count() + 1;
    let note = format!(
        "{bad} byte{} not valid UTF-8 (the first on line {line}) read as windows-1252; the rest is UTF-8",
        if bad == 1 { "" } else { "s" }
    );
    (text, Some(note))
}

/// Text in a legacy encoding, which chardetng guesses from the whole file.
fn legacy(bytes: &[u8], first_bad: usize) -> (String, Option<String>) {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let enc = detector.guess(None, chardetng::Utf8Detection::Deny);
    let enc = if enc == encoding_rs::UTF_8 {
        encoding_rs::WINDOWS_1252
    } else {
        enc
    };
    let (text, _, _) = enc.decode(bytes);
    (
        text.into_owned(),
        Some(format!(
            "not valid UTF-8 (first bad byte at offset {first_bad}); decoded as {}",
            enc.name()
        )),
    )
}

/// As [`decode`], owning the bytes: plain UTF-8 (most policies) becomes the text without a
/// copy of the file.
pub fn decode_owned(bytes: Vec<u8>) -> Result<Decoded, String> {
    let plain = !bytes.starts_with(b"\xEF\xBB\xBF")
        && !bytes.starts_with(b"\xFF\xFE")
        && !bytes.starts_with(b"\xFE\xFF")
        && bomless_utf16(&bytes).is_none();
    if !plain {
        return decode(&bytes);
    }
    match String::from_utf8(bytes) {
        Ok(text) => finish(text, None),
        Err(e) => decode(e.as_bytes()),
    }
}

fn finish(text: String, note: Option<String>) -> Result<Decoded, String> {
    if looks_binary(text.as_bytes()) {
        return Err("binary content, not a text policy".into());
    }
    Ok(Decoded {
        text: normalize_newlines(text),
        note,
    })
}

fn utf16(
    enc: &'static encoding_rs::Encoding,
    bytes: &[u8],
) -> Result<(String, Option<String>), String> {
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(format!("invalid {} text", enc.name()));
    }
    Ok((
        text.into_owned(),
        Some(format!("decoded from {}", enc.name())),
    ))
}

/// UTF-16 without a byte-order mark shows as ASCII with every other byte zero.
fn bomless_utf16(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let sample = &bytes[..bytes.len().min(512) & !1];
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let zero_odd = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    let zero_even = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    if zero_odd * 10 >= pairs * 9 && zero_even * 10 < pairs {
        Some(encoding_rs::UTF_16LE)
    } else if zero_even * 10 >= pairs * 9 && zero_odd * 10 < pairs {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// NUL bytes, or more than 1 in 50 control characters, in the first 64 KiB.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(65536)];
    // memchr's vectorised search: `contains` goes a byte at a time.
    if memchr::memchr(0, sample).is_some() {
        return true;
    }
    // Counted in u8 lanes over blocks of 255 bytes, without branches, so the loop vectorises:
    // this runs over the first 64 KiB of every policy.
    let control: usize = sample
        .chunks(255)
        .map(|block| {
            let n = block.iter().fold(0u8, |n, &b| {
                n + u8::from((b < 0x20) & (b != b'\n') & (b != b'\r') & (b != b'\t') & (b != 0x0C))
            });
            usize::from(n)
        })
        .sum();
    control * 50 > sample.len().max(1)
}

fn normalize_newlines(text: String) -> String {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owned_bytes_decode_as_borrowed_ones_do() {
        let utf16: Vec<u8> = "We share data."
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let mut with_bom = vec![0xFF, 0xFE];
        with_bom.extend(&utf16);
        for bytes in [
            b"We share.\r\nWith partners.\n".to_vec(),
            b"\xEF\xBB\xBFWe share.\r\n".to_vec(),
            b"\xEF\xBB\xBFWe \xa9 share.\r\n".to_vec(),
            ["\u{2019}\u{2019} x".as_bytes(), b"\xa9"].concat(),
            b"Caf\xe9 partners\n".to_vec(),
            b"\x00\x01\x02binary\x00".to_vec(),
            utf16,
            with_bom,
            Vec::new(),
        ] {
            let borrowed = decode(&bytes).map(|d| (d.text, d.note));
            let owned = decode_owned(bytes.clone()).map(|d| (d.text, d.note));
            assert_eq!(owned, borrowed, "{bytes:?}");
        }
    }

    #[test]
    fn utf8_bom_and_crlf() {
        let d = decode(b"\xEF\xBB\xBFWe share.\r\nWith partners.\r\n").unwrap();
        assert_eq!(d.text, "We share.\nWith partners.\n");
        assert!(d.note.is_none());
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let mut le = vec![0xFF, 0xFE];
        for c in "We never sell data.".encode_utf16() {
            le.extend(c.to_le_bytes());
        }
        assert_eq!(decode(&le).unwrap().text, "We never sell data.");
        let be: Vec<u8> = "We never sell data."
            .encode_utf16()
            .flat_map(|c| c.to_be_bytes())
            .collect();
        assert_eq!(decode(&be).unwrap().text, "We never sell data.");
    }

    #[test]
    fn windows_1252_is_decoded_with_a_note() {
        let d = decode(b"Caf\xe9 \x93partners\x94 \x96 we share.").unwrap();
        assert_eq!(d.text, "Café “partners” – we share.");
        assert!(d.note.unwrap().contains("windows-1252"));
    }

    #[test]
    fn a_stray_byte_in_utf8_is_read_alone() {
        let bytes = [
            "We don\u{2019}t sell.\n\u{a9} 2020 Caf\u{e9}\nx ".as_bytes(),
            b"\xa9 y\n",
        ]
        .concat();
        let d = decode(&bytes).unwrap_or_else(|_| unreachable!());
        assert_eq!(
            d.text,
            "We don\u{2019}t sell.\n\u{a9} 2020 Caf\u{e9}\nx \u{a9} y\n"
        );
        let note = d.note.unwrap_or_default();
        assert!(
            note.contains("1 byte not valid UTF-8 (the first on line 3)"),
            "{note}"
        );
        // After a UTF-8 byte-order mark too, where it used to refuse the file.
        let d =
            decode(b"\xEF\xBB\xBFWe share.\r\n\x93Quoted\x94 \xe2\x80\x99\xe2\x80\x99\xe2\x80\x99")
                .unwrap_or_else(|_| unreachable!());
        assert_eq!(
            d.text,
            "We share.\n\u{201c}Quoted\u{201d} \u{2019}\u{2019}\u{2019}"
        );
        // Mostly legacy: decoded whole as before.
        let d = decode(b"Caf\xe9 cr\xe8me \xe2\x80\x99").unwrap_or_else(|_| unreachable!());
        assert!(d.text.starts_with("Café crème"), "{}", d.text);
    }

    #[test]
    fn binary_is_refused() {
        assert!(decode(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00").is_err());
        let noise: Vec<u8> = (0..2000u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert!(decode(&noise).is_err());
    }
}
