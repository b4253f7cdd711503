//! Whether a document reads as English.
//!
//! saydo's lexicon and clause rules are English. A policy in French or German yields no
//! declarations, and without a word about it a corpus row would report a policy that "says
//! nothing", and `check` would call every flow undisclosed. So the reader says whether the text
//! is English. It looks at the share of the commonest English function words. In English prose
//! they make up a third or more of the words. In other languages they are rare: the list leaves
//! out words that other languages share ("a", "in", "on", "an", "die", "is").

/// Words looked at: enough to tell, few enough that the check costs nothing next to the
/// extraction.
const SAMPLE: usize = 500;

/// Fewer words than this cannot be told apart (a cookie banner, a capture of an error page).
pub const MIN_WORDS: usize = 40;

/// The share of function words in the prose at or above which a text is English. Measured on
/// the 307 Open Terms Archive and 66 OPP-115 policies: English ones score 0.15 to 0.44 (all but
/// two above 0.23), the five French ones 0.00, and two pages that are lists (country dialling
/// codes; links to a policy in twenty languages) 0.03 and 0.05.
const THRESHOLD: f64 = 0.10;

/// A word of up to eight ASCII letters, lower-cased, as one number: the function-word test is
/// then one comparison against a sorted table, not a string compare per word.
const fn pack(w: &[u8]) -> u64 {
    let mut v = 0u64;
    let mut i = 0;
    while i < w.len() {
        v = (v << 8) | (w[i] | 0x20) as u64;
        i += 1;
    }
    v
}

const FUNCTION_WORDS: [u64; 32] = {
    let mut t = [
        pack(b"the"),
        pack(b"and"),
        pack(b"of"),
        pack(b"to"),
        pack(b"we"),
        pack(b"you"),
        pack(b"your"),
        pack(b"our"),
        pack(b"us"),
        pack(b"for"),
        pack(b"that"),
        pack(b"with"),
        pack(b"or"),
        pack(b"by"),
        pack(b"this"),
        pack(b"these"),
        pack(b"are"),
        pack(b"may"),
        pack(b"be"),
        pack(b"as"),
        pack(b"not"),
        pack(b"it"),
        pack(b"any"),
        pack(b"from"),
        pack(b"at"),
        pack(b"if"),
        pack(b"can"),
        pack(b"which"),
        pack(b"such"),
        pack(b"have"),
        pack(b"has"),
        pack(b"other"),
    ];
    // Sorted, for the binary search.
    let mut i = 0;
    while i < t.len() {
        let mut j = i + 1;
        while j < t.len() {
            if t[j] < t[i] {
                let x = t[i];
                t[i] = t[j];
                t[j] = x;
            }
            j += 1;
        }
        i += 1;
    }
    t
};

fn is_function_word(w: &[u8]) -> bool {
    (2..=5).contains(&w.len()) && FUNCTION_WORDS.binary_search(&pack(w)).is_ok()
}

/// Words and function words counted.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    words: usize,
    function_words: usize,
}

impl Counts {
    fn english(self) -> Option<bool> {
        (self.words >= MIN_WORDS)
            .then_some(self.function_words as f64 >= THRESHOLD * self.words as f64)
    }
}

/// A block of fewer words is not prose (a menu entry, a language name, a table cell): such
/// blocks are counted only when a document has no prose to go by.
const PROSE_WORDS: usize = 8;

/// Counts the words of a document, block by block, until the sample is full.
#[derive(Debug, Default, Clone, Copy)]
pub struct EnglishSample {
    prose: Counts,
    all: Counts,
}

impl EnglishSample {
    /// Adds the words of one block (runs of ASCII letters; a letter outside ASCII ends a word,
    /// so "données" gives two words, neither an English one) while the sample is not full.
    pub fn add(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut block = Counts::default();
        let mut i = 0;
        while i < bytes.len() && self.prose.words + block.words < SAMPLE {
            if !bytes[i].is_ascii_alphabetic() {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                i += 1;
            }
            block.words += 1;
            block.function_words += usize::from(is_function_word(&bytes[start..i]));
        }
        if block.words >= PROSE_WORDS {
            self.prose.words += block.words;
            self.prose.function_words += block.function_words;
        }
        if self.all.words < SAMPLE {
            self.all.words += block.words;
            self.all.function_words += block.function_words;
        }
    }

    pub fn is_full(&self) -> bool {
        self.prose.words >= SAMPLE
    }

    /// Whether the text is English, going by its prose when it has enough; `None` when it has
    /// too few words to tell.
    pub fn english(&self) -> Option<bool> {
        if self.prose.words >= MIN_WORDS {
            self.prose.english()
        } else {
            self.all.english()
        }
    }

    /// The share of function words in the prose (for the tests).
    #[cfg(test)]
    fn share(&self) -> f64 {
        self.prose.function_words as f64 / self.prose.words.max(1) as f64
    }
}

/// Whether `text` is English (see [`EnglishSample`]), as one block (for the tests).
#[cfg(test)]
fn english(text: &str) -> Option<bool> {
    let mut s = EnglishSample::default();
    s.add(text);
    s.english()
}

#[cfg(test)]
mod tests {
    use super::*;

    const EN: &str = "We may share your personal information with service providers who \
        process it on our behalf, and with advertising partners if you have agreed to this. \
        We do not sell your data to any third party. You can ask us at any time which \
        information we hold about you and have it corrected or deleted.";
    const FR: &str = "Nous pouvons partager vos données personnelles avec des prestataires \
        qui les traitent pour notre compte, et avec des partenaires publicitaires si vous y \
        avez consenti. Nous ne vendons pas vos données à des tiers. Vous pouvez nous demander \
        à tout moment quelles informations nous détenons sur vous et les faire corriger.";
    const DE: &str = "Wir können Ihre personenbezogenen Daten an Dienstleister weitergeben, \
        die sie in unserem Auftrag verarbeiten, und an Werbepartner, wenn Sie dem zugestimmt \
        haben. Wir verkaufen Ihre Daten nicht an Dritte. Sie können uns jederzeit fragen, \
        welche Informationen wir über Sie speichern, und sie berichtigen oder löschen lassen.";

    #[test]
    fn english_prose_is_english_and_french_and_german_are_not() {
        assert_eq!(english(EN), Some(true));
        assert_eq!(
            english(&EN.to_uppercase()),
            Some(true),
            "case does not matter"
        );
        assert_eq!(english(FR), Some(false));
        assert_eq!(english(DE), Some(false));
    }

    #[test]
    fn every_function_word_is_found_whatever_its_case_and_others_are_not() {
        for w in ["the", "The", "THE", "and", "your", "which", "other", "us"] {
            assert!(is_function_word(w.as_bytes()), "{w}");
        }
        for w in [
            "a",
            "in",
            "on",
            "is",
            "die",
            "les",
            "nous",
            "theirs",
            "thee",
            "informations",
        ] {
            assert!(!is_function_word(w.as_bytes()), "{w}");
        }
    }

    #[test]
    fn menus_and_language_lists_do_not_outweigh_the_prose() {
        let mut s = EnglishSample::default();
        for name in [
            "Deutsch",
            "Français",
            "Español",
            "Italiano",
            "Nederlands",
            "Português",
        ] {
            for _ in 0..40 {
                s.add(name);
            }
        }
        s.add(EN);
        assert_eq!(s.english(), Some(true));
        // With no prose at all, the short blocks are what there is to go by.
        let mut menu = EnglishSample::default();
        for _ in 0..20 {
            menu.add("Accueil Produits Tarifs Contact");
        }
        assert_eq!(menu.english(), Some(false));
    }

    #[test]
    fn too_few_words_cannot_be_told() {
        assert_eq!(english("Please enable JavaScript to view this page."), None);
        assert_eq!(english(""), None);
    }

    #[test]
    fn the_sample_stops_at_its_size() {
        let mut s = EnglishSample::default();
        for _ in 0..1000 {
            s.add(EN);
        }
        assert!(s.is_full());
        assert_eq!(s.prose.words, SAMPLE);
        assert!(s.share() > 0.3, "{}", s.share());
        // A French text after a full English sample changes nothing.
        let before = s.share();
        s.add(FR);
        assert_eq!(s.share(), before);
    }
}
