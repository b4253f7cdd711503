//! Sales of data: whether "sell" or "rent" sells personal data (not products, advertising space or
//! a recipient's own sale), read from the object of the verb, relative clauses and passives.

use super::*;

/// Whether the sale or rental at word `i` is not a sale of data: "we sell children's products",
/// "companies that sell advertising space", "help businesses sell more", "Badoo Trading
/// Limited", "devices sold by Google", "to sell you anything". An affirmed sale needs data as
/// what is sold: its object after it, the subject of a passive participle, or what follows
/// "sale of". A denial may leave its object unsaid ("we do not sell to anyone"), unless what
/// it names is not data. Restrictions on others ("not permitted to sell", "prohibit them
/// from selling"), acts named without being done ("the purpose for collecting or selling",
/// "to stop selling") are no statement that the organisation sells.
pub(super) fn sale_is_not_of_data(
    lower: &str,
    ws: &[Word],
    texts: &[&str],
    i: usize,
    negated: bool,
    data: &[(usize, Mention)],
    recipients: &[(usize, Mention)],
) -> bool {
    // "sell you anything", "sell them our products": the person is who buys.
    if texts.get(i + 1) == Some(&"you")
        || (!negated
            && matches!(
                texts.get(i + 1).copied(),
                Some("more" | "directly" | "through" | "online" | "in" | "at")
            )
            && !passive_sale_of_data(ws, texts, i, data))
    {
        return true;
    }
    if sells_to_the_data_subjects(texts, i) {
        return true;
    }
    let anchor = act_anchor(texts, i);
    if restricts_others(texts, anchor)
        || names_the_act(texts, i)
        || (!negated && supposes_a_sale(texts, anchor))
        || (!negated && is_sold_by_a_recipient(ws, texts, anchor, recipients))
        // "offer the vehicle for rent": a noun after a preposition, no act.
        || (i > 0 && texts[i - 1] == "for" && matches!(texts[i], "rent" | "sale" | "lease"))
    {
        return true;
    }
    // "phones sold by our partners": a participle with its agent sells what comes before it.
    if texts.get(i + 1) == Some(&"by") && !negated {
        let before = ws[i.saturating_sub(3)].start;
        return !(i > 0 && OBJECT_WORDS.contains(&texts[i - 1])
            || data.iter().any(|(p, _)| *p >= before && *p < ws[i].start)
            || passive_sale_of_data(ws, texts, i, data));
    }
    // What is written as sold: the first object word, non-data noun or data mention after it.
    let data_at = |from: usize, to: usize| data.iter().any(|(p, _)| *p >= from && *p < to);
    let end = ws.get(i + 8).map_or(usize::MAX, |w| w.start);
    // Words inside brackets are an aside ("may have "sold" (using that term as defined by
    // law) or shared the categories ..."), skipped on the way to the object.
    let mut depth = 0usize;
    let mut read = 0;
    let mut past_object = false;
    for k in i + 1..ws.len() {
        let w = &ws[k];
        let gap = &lower[ws[k - 1].start + ws[k - 1].text.len()..w.start];
        for c in gap.bytes() {
            match c {
                b'(' => depth += 1,
                b')' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        if depth > 0 {
            continue;
        }
        read += 1;
        if read > 12 {
            break;
        }
        let next_start = ws.get(k + 1).map_or(end, |n| n.start);
        // A noun after "to" or "with" is who receives ("disclose to any business"), not what.
        if matches!(w.text, "to" | "with" | "from" | "for") {
            past_object = true;
        }
        if !past_object
            && (NON_DATA_OBJECTS.contains(&w.text)
                || matches!(
                    w.text,
                    "devices" | "device" | "packages" | "package" | "plans" | "plan" | "styles"
                ))
        {
            return !data_at(ws[i].start, w.start);
        }
        if OBJECT_WORDS.contains(&w.text)
            || SOLD_DATA_NOUNS.contains(&w.text)
            || data_at(ws[i].start, next_start)
        {
            // "children's products": data modifying a noun that is not data.
            return ws
                .get(k + 1)
                .is_some_and(|n| NON_DATA_OBJECTS.contains(&n.text));
        }
        // The object ends at a clause word or a preposition that starts an adjunct.
        // The object ends where another clause or its verb starts ("Trading LLC are joint
        // controllers of personal information").
        if matches!(
            w.text,
            "if" | "when"
                | "unless"
                | "except"
                | "because"
                | "where"
                | "while"
                | "is"
                | "are"
                | "was"
                | "were"
                | "which"
                | "who"
                | "may"
                | "might"
                | "will"
                | "can"
                | "could"
                | "would"
                | "shall"
                | "must"
        ) {
            break;
        }
    }
    if negated {
        return false;
    }
    !passive_sale_of_data(ws, texts, i, data) && !relative_object_is_data(ws, texts, i, data)
}

/// "lists we sell or rent to third parties", "the information that we sell": the object of a
/// relative clause is the noun before its subject.
pub(super) fn relative_object_is_data(
    ws: &[Word],
    texts: &[&str],
    i: usize,
    data: &[(usize, Mention)],
) -> bool {
    let mut j = i;
    while j > 0
        && (is_negation_bridge(texts[j - 1]) || verb(texts[j - 1]).is_some())
        && !matches!(texts[j - 1], "we" | "they" | "it")
    {
        j -= 1;
    }
    if j == 0 || !matches!(texts[j - 1], "we" | "they") {
        return false;
    }
    j -= 1;
    if j > 0 && matches!(texts[j - 1], "that" | "which") {
        j -= 1;
    }
    j > 0
        && (OBJECT_WORDS.contains(&texts[j - 1])
            || data
                .iter()
                .any(|(p, _)| *p >= ws[j.saturating_sub(3)].start && *p < ws[j].start))
}

/// "data brokers who may further sell your data", "providers that sell it": a recipient
/// sells, which is no sale of the organisation's (its sharing with them is its own statement).
pub(super) fn is_sold_by_a_recipient(
    ws: &[Word],
    texts: &[&str],
    anchor: usize,
    recipients: &[(usize, Mention)],
) -> bool {
    let mut j = anchor;
    while j > 0
        && matches!(
            texts[j - 1],
            "may" | "might" | "can" | "could" | "will" | "also" | "further" | "then" | "to"
        )
    {
        j -= 1;
    }
    if j > 0 && matches!(texts[j - 1], "that" | "who" | "which") {
        j -= 1;
    } else {
        return false;
    }
    let Some(before) = j.checked_sub(1) else {
        return false;
    };
    let end = ws[before].start + ws[before].text.len();
    recipients.iter().any(|(p, m)| {
        m.entity.is_none()
            && m.category != "public"
            && m.term.as_ref().is_some_and(|t| p + t.len() == end)
    })
}

/// Nouns for data about people that the data lexicon leaves to context ("we sell audience
/// segments", "leads we sell").
pub(super) const SOLD_DATA_NOUNS: &[&str] = &[
    "segments",
    "segment",
    "audiences",
    "audience",
    "profiles",
    "leads",
    "inferences",
    "identifiers",
];

/// Whether the participle at `i` is passive with data as its subject: "personal information
/// may be sold", "each category of personal information listed above is "shared" with or
/// "sold" to", "certain transfers ... may constitute a "sale"".
pub(super) fn passive_sale_of_data(
    ws: &[Word],
    texts: &[&str],
    i: usize,
    data: &[(usize, Mention)],
) -> bool {
    let w = texts[i];
    // A named sale ("constitute a sale", "the sale") stands for the transfers it names.
    if matches!(w, "sale" | "sales") {
        let from = ws[i.saturating_sub(12)].start;
        return data.iter().any(|(p, _)| *p >= from);
    }
    if !(w.ends_with("ed") || matches!(w, "sold" | "resold" | "leased")) {
        return false;
    }
    let be = |w: &str| matches!(w, "is" | "are" | "be" | "been" | "being" | "was" | "were");
    // "is shared with or sold to": one auxiliary over coordinated participles.
    let Some(aux) = (i.saturating_sub(6)..i).rev().find(|&k| be(texts[k])) else {
        return false;
    };
    let from = ws[aux.saturating_sub(12)].start;
    data.iter().any(|(p, _)| *p >= from && *p < ws[aux].start)
        || texts[aux.saturating_sub(12)..aux]
            .iter()
            .any(|w| OBJECT_WORDS.contains(w))
}

/// "does not sell or market directly to minors", "we sell to children": a sale to the people
/// the data is about is a sale of goods to them, who buy; data is sold to a party ("sell to
/// advertisers").
fn sells_to_the_data_subjects(texts: &[&str], i: usize) -> bool {
    let mut k = i + 1;
    // A coordinated verb of trade and an adverb may stand between ("sell or market directly").
    if matches!(texts.get(k).copied(), Some("or" | "and"))
        && matches!(
            texts.get(k + 1).copied(),
            Some("market" | "advertise" | "promote" | "offer")
        )
    {
        k += 2;
    }
    if matches!(
        texts.get(k).copied(),
        Some("directly" | "products" | "services")
    ) {
        k += 1;
    }
    if texts.get(k) != Some(&"to") {
        return false;
    }
    k += 1;
    if matches!(texts.get(k).copied(), Some("any" | "our")) {
        k += 1;
    }
    matches!(
        texts.get(k).copied(),
        Some("minors" | "children" | "kids" | "teens" | "teenagers" | "students" | "you")
    )
}
