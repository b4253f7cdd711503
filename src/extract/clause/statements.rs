//! Statements against descriptions: a sharing word that names an act without saying it happens
//! ("how we share", "the purpose for selling", "the CCPA defines sale as", "if we sell").

use super::*;

/// "If we sell your data", "to the extent that we sell", "were we ever to sell", "we do not
/// have actual knowledge that we sell": a sale supposed or doubted, not said to happen.
pub(super) fn supposes_a_sale(texts: &[&str], anchor: usize) -> bool {
    let from = anchor.saturating_sub(6);
    (from..anchor).any(|k| {
        texts[k] == "we"
            && k > 0
            && texts[k + 1..anchor]
                .iter()
                .all(|w| is_negation_bridge(w) || matches!(*w, "ever" | "further"))
            && (matches!(texts[k - 1], "if" | "whether" | "were" | "extent")
                || (texts[k - 1] == "that"
                    && k > 1
                    && matches!(texts[k - 2], "extent" | "knowledge")))
    })
}

/// "the business or commercial purpose for collecting or selling", "Purposes for collecting,
/// using, selling, or sharing", "to stop selling": an act named, not one done.
pub(super) fn names_the_act(texts: &[&str], i: usize) -> bool {
    let mut j = i;
    // Back over coordinated gerunds ("collecting, using, selling, or").
    while j > 0
        && (texts[j - 1].ends_with("ing") || matches!(texts[j - 1], "or" | "and" | "and/or"))
        && i - j < 8
    {
        j -= 1;
    }
    if !texts[i].ends_with("ing") || j == 0 {
        return false;
    }
    match texts[j - 1] {
        "for" | "of" => {
            j > 1
                && matches!(
                    texts[j - 2],
                    "purpose" | "purposes" | "reason" | "reasons" | "categories" | "category"
                )
        }
        "stop" | "cease" | "stops" | "ceases" => true,
        _ => false,
    }
}

/// "Processing of personal data is basically any use of personal data - such as collecting,
/// analyzing, sharing", ""Processing" means any operation ..., such as ... disclosure": the
/// definition of processing names sharing as an example of it, not as a practice.
fn defines_processing(texts: &[&str]) -> bool {
    texts.iter().enumerate().any(|(k, w)| {
        matches!(*w, "processing" | "process")
            && texts[k + 1..]
                .iter()
                .take(5)
                .any(|t| matches!(*t, "is" | "means" | "refers" | "includes" | "covers"))
            && texts[k + 1..]
                .iter()
                .take(20)
                .any(|t| matches!(*t, "any" | "every" | "all"))
            && !texts[..k].iter().any(|t| matches!(*t, "we" | "our"))
    })
}

/// Whether the sentence defines a sharing act ("The CCPA defines "sale" as", "a "sale" is the
/// disclosure of", ""sell" means") or names it as an example in a definition of processing,
/// rather than saying it happens.
pub(super) fn defines_a_sharing_term(texts: &[&str]) -> bool {
    if defines_processing(texts) {
        return true;
    }
    let term = |w: &str| {
        matches!(
            w,
            "sale" | "sell" | "selling" | "sold" | "share" | "sharing" | "shared"
        )
    };
    texts.iter().enumerate().any(|(k, w)| {
        (matches!(*w, "defines" | "define")
            && texts[k + 1..].iter().take(3).any(|t| term(t))
            && texts[k + 1..]
                .iter()
                .take(6)
                .any(|t| matches!(*t, "as" | "include" | "includes")))
            || (term(w) && matches!(texts.get(k + 1).copied(), Some("means" | "refers"))
                || (term(w)
                    && k > 0
                    && matches!(texts[k - 1], "a" | "term")
                    && texts.get(k + 1) == Some(&"is")
                    && matches!(texts.get(k + 2).copied(), Some("the" | "any" | "a"))))
    })
}

pub(super) fn context_is_not_a_statement(texts: &[&str], i: usize) -> bool {
    // "if sharing the data would adversely affect others": an act supposed as a subject.
    if i > 0 && matches!(texts[i - 1], "if" | "whether") && texts[i].ends_with("ing") {
        return true;
    }
    // One pass over the twelve words before the verb (this runs for every candidate verb).
    let from = i.saturating_sub(12);
    let before = &texts[from..i];
    let users = |w: &&str| matches!(*w, "you" | "user" | "users" | "customer" | "customers");
    // "prevent our disclosure", "limit the collection, use and sharing": the act is the object
    // of the choice; "to help prevent fraud, we disclose" states it, with its own subject.
    let last_we = before.iter().rposition(|w| *w == "we");
    let mut responsible = false;
    let mut required_to = false;
    for (k, &w) in before.iter().enumerate() {
        let at = from + k;
        let next = before.get(k + 1).copied();
        let said = match w {
            "prevent" | "limit" | "restrict" => last_we.is_none_or(|p| p < k),
            "unauthorized" | "unauthorised" | "inadvertent" | "accidental" | "unlawful"
            | "unlawfully" | "illegally" | "improperly" | "intercept" | "interception"
            | "misuse"
            // The user's choices and rights over sharing: "you may request that we not
            // share".
            | "asked" | "choices" | "inquiries" | "optout" | "opt-out" => true,
            // "you may request that we not share", "residents may request a list of third
            // parties to which we have disclosed", "requests from governments to disclose";
            // but a noun in a series names a topic ("Legal Requests and Duties: Wix may
            // disclose").
            "request" | "requests" => !matches!(next, Some("and" | "or")),
            "opt" => next == Some("out"),
            // "You can ask that we do not sell", "ask us not to": a request.
            "ask" | "asks" => {
                next == Some("that") || (next == Some("us") && before.get(k + 2) == Some(&"not"))
            }
            "such" | "certain" => next == Some("businesses"),
            // "is at risk of being intercepted or disclosed", "there is a risk that": a
            // danger, not a practice.
            "risk" | "risks" => matches!(next, Some("of" | "that")),
            // Shine the Light: "a list of the third parties with whom we shared".
            "list" => next == Some("of"),
            // Disclaimers: "we are not responsible for how third parties use", "we do not
            // control their collection"; "We cannot guarantee that such information may not
            // be disclosed": what is not promised is no practice, either way.
            "not" | "no" | "cannot" | "dont" => {
                matches!(next, Some("responsible" | "control" | "liability"))
                    || (w != "no"
                        && matches!(
                            next,
                            Some("guarantee" | "warrant" | "ensure" | "promise" | "assure")
                        ))
            }
            // "we are not required to disclose": no duty, no statement either way.
            "required" | "obligated" | "obliged" => {
                required_to |= next == Some("to");
                false
            }
            // "Under no circumstances will we be responsible for": a disclaimer.
            "responsible" | "liable" => {
                responsible = true;
                false
            }
            // "you will have an opportunity to choose not to share": the user's choice.
            "choose" | "chose" | "elect" => {
                texts.get(at + 1) == Some(&"not")
                    && texts[at.saturating_sub(10)..at].iter().any(|w| {
                        matches!(*w, "you" | "your" | "user" | "users")
                    })
            }
            // "If you do not wish your data to be shared", "you would prefer": the user's wish.
            "wish" | "want" | "prefer" | "decide" => {
                texts[at.saturating_sub(4)..at].iter().any(users)
                    || (at >= 2 && texts[at - 1] == "not" && matches!(texts[at - 2], "do" | "does"))
            }
            "right" => the_readers_right_to(texts, at),
            // "you are entitled to learn what data we collect": the reader's right, like "the
            // right to"; "we are entitled to share" stays the organisation's statement.
            "entitled" => next == Some("to") && texts[at.saturating_sub(4)..at].iter().any(users),
            // "unless we have lawful reasons not to share this data": a reason for an act is
            // no statement that it happens, either way.
            "reason" | "reasons" => {
                (next == Some("to") && at + 2 == i)
                    || (next == Some("not") && at + 3 == i && texts[at + 2] == "to")
            }
            _ => false,
        };
        if said {
            return true;
        }
    }
    ((required_to || responsible) && before.iter().any(|w| is_negation(w)))
        || (0..from).any(|k| {
            texts[k] == "right" && the_readers_right_to(texts, k)
                // "you are entitled to learn ..., ask to delete your data and not to sell it":
                // the last of a right's coordinated acts may be far from "entitled".
                || texts[k] == "entitled"
                    && texts.get(k + 1) == Some(&"to")
                    && texts[k.saturating_sub(4)..k].iter().any(users)
        })
}

/// "the right to receive information about third parties with whom we shared", but not "we
/// reserve the right to share", "we have the right to share".
fn the_readers_right_to(texts: &[&str], k: usize) -> bool {
    texts.get(k + 1) == Some(&"to")
        && !texts[k.saturating_sub(3)..k]
            .iter()
            .any(|w| w.starts_with("reserv") || *w == "we")
}

/// "How we share", "with whom we share", "the ways in which we use and share": a description
/// of the policy's contents, not a statement that data goes somewhere. Words that also open
/// relative clauses ("anyone to whom we transfer", "which may be shared", "when you share")
/// count only where no recipient is written, since there they leave the verb without anyone
/// on the other end.
pub(super) fn descriptive(texts: &[&str], i: usize, strict: bool) -> bool {
    let from = i.saturating_sub(if strict { 7 } else { 8 });
    (from..i).any(|k| {
        matches!(texts[k], "how" | "whether" | "why" | "ways")
            || (!strict
                && (matches!(texts[k], "whom" | "what" | "which" | "when")
                    // "under no circumstances will we": a denial, not a description.
                    || (texts[k] == "circumstances" && (k == 0 || texts[k - 1] != "no"))))
    }) || embedded_question(texts, i)
        || describes_how(texts, i)
        || (from..i).any(|k| {
            // "... how we collect it, with whom we share it": a question, not a relative clause
            // on a recipient ("third parties with whom we share").
            texts[k] == "whom"
                && k >= 1
                && matches!(texts[k - 1], "with" | "to")
                && (k == 1
                    || matches!(
                        texts[k - 2],
                        "it" | "and"
                            | "or"
                            | "know"
                            | "explain"
                            | "explains"
                            | "describe"
                            | "describes"
                            | "about"
                            | "regarding"
                            | "tell"
                            | "tells"
                            | "on"
                    ))
        })
}

/// "For more information on who we might share your data with", "learn about what we
/// disclose": a question asked inside a sentence, as the object of a preposition or of a verb
/// of knowing or telling, with the organisation as its subject. It points to statements and
/// makes none. A relative clause on a noun ("partners who we share data with") is not one:
/// there the word before "who" is the noun.
fn embedded_question(texts: &[&str], i: usize) -> bool {
    (i.saturating_sub(6)..i).any(|k| {
        matches!(texts[k], "who" | "whom" | "what" | "where")
            && k >= 1
            && matches!(
                texts[k - 1],
                "on" | "about"
                    | "regarding"
                    | "concerning"
                    | "of"
                    | "know"
                    | "learn"
                    | "understand"
                    | "explain"
                    | "explains"
                    | "describe"
                    | "describes"
                    | "tell"
                    | "tells"
                    | "see"
                    | "ask"
            )
            && texts.get(k + 1) == Some(&"we")
            && texts[k + 2..i].iter().all(|w| {
                matches!(
                    *w,
                    "may" | "might" | "can" | "could" | "will" | "would" | "do" | "also"
                )
            })
    })
}

/// "This Privacy Policy describes how Acme, including its affiliates and subsidiaries (...),
/// collects, uses and discloses information": the verb is inside the question the document
/// says it answers, however long the subject between. A second main clause ("..., and we
/// share it with partners", its verb right after its subject) states again.
fn describes_how(texts: &[&str], i: usize) -> bool {
    (i.saturating_sub(40)..i).any(|k| {
        matches!(
            texts[k],
            "describes" | "describe" | "explains" | "explain" | "outlines" | "outline" | "details"
        ) && matches!(
            texts.get(k + 1).copied(),
            Some("how" | "what" | "why" | "whether")
        ) && !(k + 2..i).any(|m| {
            matches!(texts[m], "and" | "but" | "however" | "also")
                && matches!(texts.get(m + 1).copied(), Some("we" | "it"))
                && i - m <= 4
        })
    })
}

/// "We do not control these third parties' tracking technologies", "We are not responsible for
/// how they use it", "their own privacy policies govern", "To opt out of ...": a disclaimer about
/// others' practices, or a choice. The parties it names are not, by a
/// sharing heading, receivers of the organisation's data.
pub(super) fn disclaims(texts: &[&str]) -> bool {
    // One pass over the words (this runs on every sentence analysed).
    let (mut governs, mut own_terms) = (false, false);
    for (k, &w) in texts.iter().enumerate() {
        // Only words opening with these letters matter; most words are passed over at once.
        if !matches!(w.as_bytes().first(), Some(b'n' | b'c' | b'd' | b'o' | b'g')) {
            continue;
        }
        let next = texts.get(k + 1).copied().unwrap_or("");
        match w {
            "not" | "no" | "cannot" | "dont"
                if matches!(next, "responsible" | "control" | "liable" | "guarantee") =>
            {
                return true;
            }
            // "To opt out of interest-based advertising by ... data suppliers": a choice.
            "opt" if next == "out" => return true,
            "opt-out" | "optout" => return true,
            // "their own terms and privacy policies will govern your use": others' rules apply.
            "own" => own_terms |= matches!(next, "terms" | "policies" | "privacy" | "policy"),
            _ => governs |= w.starts_with("govern"),
        }
    }
    governs && own_terms
}

/// "they have their own rules about information collection, use, and sharing", "policies
/// regarding data sharing": an act named as the topic of rules, policies or choices (the
/// object of "about", "regarding", "concerning", "on" or "governing" after such a noun, over
/// a coordinated series) is what the rules are about, not an act the sentence states.
pub(super) fn topic_of_rules(texts: &[&str], i: usize) -> bool {
    (i.saturating_sub(8)..i).rev().any(|k| {
        k > 0
            && matches!(
                texts[k],
                "about" | "regarding" | "concerning" | "on" | "governing"
            )
            && matches!(
                texts[k - 1],
                "rules"
                    | "policy"
                    | "policies"
                    | "practices"
                    | "terms"
                    | "guidelines"
                    | "standards"
                    | "choices"
                    | "preferences"
                    | "settings"
            )
            && !texts[k + 1..i].iter().any(|w| {
                matches!(
                    *w,
                    "we" | "you" | "they" | "that" | "which" | "who" | "to" | "with" | "may"
                )
            })
    })
}

/// "not disclosed to anyone who has no right to receive it", "will not be shared with
/// unauthorised persons": a denial whose receivers are only those without the right, the
/// authority or the need to have the data is a safeguard, not a statement of what the
/// organisation does or does not share (read as a denial it would contradict every flow).
/// `i`: the negated sharing verb.
pub(super) fn denies_only_the_unauthorised(texts: &[&str], i: usize) -> bool {
    let after = &texts[i + 1..texts.len().min(i + 13)];
    if after.iter().any(|w| w.starts_with("unauthori")) {
        return true;
    }
    after.iter().enumerate().any(|(k, w)| {
        matches!(*w, "who" | "that" | "which")
            && after[k + 1..after.len().min(k + 5)]
                .iter()
                .position(|w| matches!(*w, "no" | "not"))
                .is_some_and(|n| {
                    after[k + 2 + n..after.len().min(k + 6 + n)]
                        .iter()
                        .any(|w| {
                            w.starts_with("right")
                                || w.starts_with("authori")
                                || w.starts_with("permi")
                                || w.starts_with("need")
                        })
                })
    })
}

/// "See Sharing and Transfer of Information, below", "see this article on Sharing Meetup
/// events on Social Media", "See Our Global Operations and Data Transfers": an action word
/// written with a capital inside a title that the sentence points the reader to names a
/// section or a page, not an act. The title runs back from the word over capitalised words
/// and the short words titles leave in lower case, to a word of reading or of naming.
pub(super) fn in_referenced_title(cased: &str, ws: &[Word], texts: &[&str], i: usize) -> bool {
    let capital = |k: usize| {
        cased
            .as_bytes()
            .get(ws[k].start)
            .is_some_and(u8::is_ascii_uppercase)
    };
    if i == 0 || !capital(i) {
        return false;
    }
    let mut k = i;
    while k > 0 && i - k < 10 {
        let w = texts[k - 1];
        // A verb of reading points there written in lower case or opening the sentence (in
        // a title-case heading, "Who Can See, Share, and Process My Data", it is one of the
        // title's words); a noun for a part of a text does so inside the sentence ("Section
        // A: Our Collection, Use, and Disclosure" opening a heading is its own label).
        if matches!(
            w,
            "see" | "read" | "review" | "consult" | "visit" | "titled" | "entitled" | "called"
        ) {
            return k == 1 || !capital(k - 1) || texts[k - 2] == "please";
        }
        if matches!(
            w,
            "section" | "article" | "heading" | "chapter" | "paragraph"
        ) {
            return k > 1 && !capital(k - 1);
        }
        if !capital(k - 1)
            && !matches!(
                w,
                "and" | "of" | "the" | "for" | "to" | "our" | "your" | "with" | "on" | "in" | "a"
            )
        {
            return false;
        }
        k -= 1;
    }
    false
}

/// "For more information, see this article on ...", "Please refer to our Cookie Policy", "Find
/// out more about opting out of the Firehose": the
/// position of the verb that sends the reader elsewhere, when it is the sentence's main verb.
/// It shows no one anything, and a sentence without another act states nothing, even under a
/// heading on sharing: the parties it names are the other text's topic.
pub(super) fn pointer_verb(texts: &[&str]) -> Option<usize> {
    // "Find out more about opting out", "Learn more about our partners" point as well.
    let k = (0..texts.len().min(6)).find(|&k| {
        matches!(
            texts[k],
            "see" | "refer" | "read" | "review" | "consult" | "visit" | "check"
        ) || matches!(
            (texts[k], texts.get(k + 1).copied()),
            ("find", Some("out")) | ("learn", Some("more" | "about"))
        )
    })?;
    texts[..k]
        .iter()
        .all(|w| {
            matches!(
                *w,
                "please"
                    | "for"
                    | "more"
                    | "further"
                    | "additional"
                    | "information"
                    | "details"
                    | "also"
            )
        })
        .then_some(k)
}

/// In a sentence that sends the reader elsewhere (its verb at `pointer`), the position of
/// "information about" / "details on" / "more regarding" after it: what follows is the other
/// text's topic. "details of the countries where your data may be transferred" is left as it
/// is: "of" there introduces what the other text lists, and the clause after it says the
/// transfer happens.
pub(super) fn topic_after_pointer(texts: &[&str], pointer: usize) -> Option<usize> {
    (pointer + 1..texts.len().saturating_sub(1)).find(|&k| {
        matches!(texts[k], "information" | "details" | "more")
            && matches!(texts[k + 1], "about" | "on" | "regarding" | "concerning")
    })
}

/// Whether the word at bytes `start..end` of `text` (as written) is part of a web address
/// ("https://www.xing.com/app/share?op=data_protection", "example.com/share"): a name in a
/// link, not a verb. Only a word joined to the text around it by "/", "?", "=", "&", "#" or
/// "_" is looked at further, so running text costs a byte test or two.
pub(super) fn in_web_address(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    let joins = |b: Option<&u8>| matches!(b, Some(b'/' | b'?' | b'=' | b'&' | b'#' | b'_'));
    if !(start > 0 && joins(bytes.get(start - 1)) || joins(bytes.get(end))) {
        return false;
    }
    let (Some(before), Some(after)) = (text.get(..start), text.get(end..)) else {
        return false;
    };
    // The token around the word, between whitespace (which may be wider than a byte).
    let from = before
        .char_indices()
        .rfind(|(_, c)| c.is_whitespace())
        .map_or(0, |(k, c)| k + c.len_utf8());
    let to = after
        .find(char::is_whitespace)
        .map_or(text.len(), |k| end + k);
    let Some(token) = text.get(from..to) else {
        return false;
    };
    if token.contains("://") || token.contains("www.") {
        return true;
    }
    // A host name before the first "/": "xing.com/app/share".
    token.split_once('/').is_some_and(|(host, _)| {
        host.rsplit_once('.').is_some_and(|(name, tld)| {
            !name.is_empty() && tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic())
        })
    })
}
