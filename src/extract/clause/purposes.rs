//! Purposes said by a verb and its object, where the lexicon's phrases do not reach: "to
//! process orders", "to provide and improve the service", "for delivering your purchases".

/// A verb that, done to a noun [`is_service_object`] accepts, provides the service. A `match`,
/// not a list: it runs on the word after every "to" and "for".
fn is_service_verb(w: &str) -> bool {
    matches!(
        w,
        "provide"
            | "providing"
            | "deliver"
            | "delivering"
            | "operate"
            | "operating"
            | "run"
            | "running"
            | "fulfil"
            | "fulfill"
            | "fulfilling"
            | "process"
            | "processing"
            | "complete"
            | "completing"
            | "perform"
            | "performing"
            | "host"
            | "hosting"
            | "ship"
            | "shipping"
            | "handle"
            | "handling"
            | "offer"
            | "offering"
            | "facilitate"
            | "facilitating"
            | "execute"
            | "executing"
    )
}

/// What a service is made of: the head nouns [`is_service_verb`] provides, delivers or processes.
fn is_service_object(w: &str) -> bool {
    matches!(
        w,
        "service"
            | "services"
            | "product"
            | "products"
            | "order"
            | "orders"
            | "transaction"
            | "transactions"
            | "purchase"
            | "purchases"
            | "payment"
            | "payments"
            | "request"
            | "requests"
            | "account"
            | "accounts"
            | "subscription"
            | "subscriptions"
            | "booking"
            | "bookings"
            | "reservation"
            | "reservations"
            | "delivery"
            | "deliveries"
            | "shipment"
            | "shipments"
            | "platform"
            | "website"
            | "site"
            | "app"
            | "apps"
            | "application"
            | "applications"
            | "feature"
            | "features"
            | "functionality"
            | "contract"
            | "contracts"
            | "claim"
            | "claims"
    )
}

/// Words that end the search for an object: a preposition or a clause word starts another
/// phrase ("to process data for our clients" processes no order).
fn ends_phrase(w: &str) -> bool {
    matches!(
        w,
        "to" | "for"
            | "with"
            | "from"
            | "about"
            | "by"
            | "on"
            | "in"
            | "that"
            | "which"
            | "who"
            | "if"
            | "when"
            | "where"
            | "we"
            | "you"
            | "they"
    )
}

/// Purposes of providing the service said by a verb of purpose and its object: an infinitive
/// of purpose ("to process orders", "in order to deliver your purchases"), its coordinated verbs
/// ("to provide and improve the service", "to host, run and support our platform"), or a
/// gerund after "for" ("for processing your payments"). Each is the word index of the verb and
/// of the object's head.
pub(super) fn service_by_verb_and_object(texts: &[&str]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < texts.len() {
        let intro = texts[k];
        let gerund = intro == "for";
        if !(intro == "to" || gerund) {
            k += 1;
            continue;
        }
        let first = k + 1;
        // The verbs: one, or a series joined by "and" / "or" (commas are not words).
        let mut j = first;
        let mut verbs_end = None;
        while j < texts.len() && j < first + 7 {
            let w = texts[j];
            let is_verb = is_service_verb(w) && (w.ends_with("ing") == gerund);
            // Another verb of the series ("provide and improve") need not be a service verb.
            let joined = j > first && matches!(texts[j - 1], "and" | "or");
            if is_verb || (joined && verbs_end.is_some() && verb_like(w, gerund)) {
                if is_verb || verbs_end.is_some() {
                    verbs_end = Some(j);
                }
                j += 1;
                if texts.get(j).is_some_and(|w| matches!(*w, "and" | "or")) {
                    j += 1;
                }
                continue;
            }
            if j == first && !is_verb && verb_like(w, gerund) {
                // "to improve and provide the service": a first verb of another kind.
                j += 1;
                if texts.get(j).is_some_and(|w| matches!(*w, "and" | "or")) {
                    j += 1;
                    continue;
                }
            }
            break;
        }
        let Some(last_verb) = verbs_end else {
            k += 1;
            continue;
        };
        // The object's head: the first object word in the next few, before another phrase.
        let head = (last_verb + 1..texts.len().min(last_verb + 6))
            .take_while(|&h| !ends_phrase(texts[h]))
            .find(|&h| is_service_object(texts[h]))
            // "provide product and service information": a modifier, the head is after it.
            .filter(|&h| {
                let mut after = h + 1;
                // "product and service information": over the coordinated modifiers.
                while texts.get(after).is_some_and(|w| matches!(*w, "and" | "or"))
                    && texts.get(after + 1).is_some_and(|w| is_service_object(w))
                {
                    after += 2;
                }
                !texts.get(after).is_some_and(|w| modified_by(w))
            });
        if let Some(h) = head {
            out.push((first, h));
        }
        k = last_verb + 1;
    }
    out
}

/// A head noun after a service word that makes it a modifier: "service information", "order
/// updates".
fn modified_by(w: &str) -> bool {
    matches!(
        w,
        "information"
            | "data"
            | "details"
            | "content"
            | "communications"
            | "messages"
            | "offers"
            | "updates"
            | "provider"
            | "providers"
            | "charges"
            | "fees"
            | "levels"
            | "usage"
            | "use"
    )
}

/// Whether a word can be a verb of a series in this form: a gerund after "for", a bare word
/// (no "-ing", no "-ed") after "to".
fn verb_like(w: &str, gerund: bool) -> bool {
    if gerund {
        w.ends_with("ing")
    } else {
        !w.ends_with("ing") && !w.ends_with("ed") && w.chars().all(|c| c.is_ascii_alphabetic())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(s: &str) -> Vec<(String, String)> {
        let texts: Vec<&str> = s.split(' ').collect();
        service_by_verb_and_object(&texts)
            .into_iter()
            .map(|(v, h)| (texts[v].to_string(), texts[h].to_string()))
            .collect()
    }

    #[test]
    fn a_verb_of_service_and_its_object() {
        assert_eq!(
            found("we share it to process orders"),
            vec![("process".into(), "orders".into())]
        );
        assert_eq!(
            found("to provide and improve the service"),
            vec![("provide".into(), "service".into())]
        );
        assert_eq!(
            found("to improve and provide our services"),
            vec![("improve".into(), "services".into())]
        );
        assert_eq!(
            found("for processing your payments"),
            vec![("processing".into(), "payments".into())]
        );
        // A preposition before the noun: another phrase.
        assert!(found("to process data for our orders").is_empty());
        // "to" before a noun is no infinitive.
        assert!(found("we provide it to service providers").is_empty());
        assert!(found("to improve the service").is_empty());
        assert!(found("to provide product and service information").is_empty());
    }
}
