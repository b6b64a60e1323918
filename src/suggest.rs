//! "Did you mean ...?": the candidate closest to a misspelt word, by edit distance.
//!
//! One helper for every suggestion heltid makes. What counts as close differs by call site
//! (field names forgive case and separators, axis names a missing prefix, ids only case), so
//! each call site passes its [`Rule`]; the rules live here, side by side.

/// How one call site compares a word with its candidates.
pub(crate) struct Rule {
    /// The form both sides are compared in (e.g. lower case without separators).
    pub norm: fn(&str) -> String,
    /// A distance decided without counting edits, from the normalised word and candidate
    /// (e.g. 0 when one ends with the other); `None` counts edits.
    pub shortcut: fn(word: &str, candidate: &str) -> Option<usize>,
    /// The largest distance still suggested, from the candidate as written.
    pub max: fn(candidate: &str) -> usize,
}

/// Known field names of a scenario (validation): case, `_`, `-` and spaces do not count; a word
/// of 4 or more characters that starts the field is 1 edit away; up to a quarter of the field's
/// length (1 to 3) edits.
pub(crate) const FIELDS: Rule = Rule {
    norm: |s| {
        s.chars()
            .filter(|c| *c != '_' && *c != '-' && *c != ' ')
            .flat_map(char::to_lowercase)
            .collect()
    },
    shortcut: |k, n| {
        if n == k {
            Some(0)
        } else if k.len() >= 4 && n.starts_with(k) {
            Some(1)
        } else {
            None
        }
    },
    max: |name| (name.len() / 4).clamp(1, 3),
};

/// Sweep axis names: only letters and digits count, in lower case; a word that ends the axis
/// name (or that the name ends) is a match; up to a quarter of the axis name's length (1 to 4)
/// edits.
pub(crate) const AXES: Rule = Rule {
    norm: |s| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    },
    shortcut: |k, n| (n.ends_with(k) || k.ends_with(n)).then_some(0),
    max: |name| (name.len() / 4).clamp(1, 4),
};

/// Ids and CSV column names (rota import): case does not count; up to a third of the
/// candidate's characters (at least 1) edits.
pub(crate) const IDS: Rule = Rule {
    norm: str::to_lowercase,
    shortcut: |_, _| None,
    max: |c| (c.chars().count() / 3).max(1),
};

/// The candidate closest to `word` under `rule`, when one is close enough to be a plausible
/// typo (the first of equally close ones).
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    rule: &Rule,
) -> Option<&'a str> {
    let w = (rule.norm)(word);
    candidates
        .into_iter()
        .map(|c| {
            let n = (rule.norm)(c);
            let d = (rule.shortcut)(&w, &n).unwrap_or_else(|| levenshtein(&w, &n));
            (d, c)
        })
        .filter(|(d, c)| *d <= (rule.max)(c))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance (in characters).
pub(crate) fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
