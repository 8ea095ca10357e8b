//! "Did you mean ...?" suggestions, ported from Python/suggestions.c
//! (`_Py_CalculateSuggestions` and its Levenshtein distance, where a
//! case flip costs less than any other edit).

/// At most this many candidates are compared (`MAX_CANDIDATE_ITEMS`).
const MAX_CANDIDATE_ITEMS: usize = 750;
/// Longer strings (after trimming common affixes) never match
/// (`MAX_STRING_SIZE`).
const MAX_STRING_SIZE: usize = 40;
/// The cost of an insertion, deletion or substitution.
const MOVE_COST: usize = 2;
/// The cost of changing only the case of an ASCII letter.
const CASE_COST: usize = 1;

/// `substitution_cost`: 0, a case flip, or a full move (on UTF-8 bytes).
fn substitution_cost(a: u8, b: u8) -> usize {
    if a & 31 != b & 31 {
        return MOVE_COST;
    }
    if a == b {
        return 0;
    }
    if a.eq_ignore_ascii_case(&b) {
        CASE_COST
    } else {
        MOVE_COST
    }
}

/// `levenshtein_distance`, giving up (returning `max_cost + 1`) as soon as
/// the distance must exceed `max_cost`.
fn levenshtein_distance<'a>(mut a: &'a [u8], mut b: &'a [u8], max_cost: usize) -> usize {
    while let (Some(x), Some(y)) = (a.first(), b.first())
        && x == y
    {
        a = &a[1..];
        b = &b[1..];
    }
    while let (Some(x), Some(y)) = (a.last(), b.last())
        && x == y
    {
        a = &a[..a.len() - 1];
        b = &b[..b.len() - 1];
    }
    if a.is_empty() || b.is_empty() {
        return (a.len() + b.len()) * MOVE_COST;
    }
    if a.len() > MAX_STRING_SIZE || b.len() > MAX_STRING_SIZE {
        return max_cost + 1;
    }
    if b.len() < a.len() {
        core::mem::swap(&mut a, &mut b);
    }
    if (b.len() - a.len()) * MOVE_COST > max_cost {
        return max_cost + 1;
    }
    // One row of the matrix, updated in place: row[i] is the cost from
    // b[..k] to a[..i + 1].
    let mut row: Vec<usize> = (1..=a.len()).map(|i| i * MOVE_COST).collect();
    let mut result = 0;
    for (k, &code) in b.iter().enumerate() {
        let mut distance = k * MOVE_COST;
        result = distance;
        let mut minimum = usize::MAX;
        for (i, &ai) in a.iter().enumerate() {
            let substitute = distance + substitution_cost(code, ai);
            distance = row[i];
            let insert_delete = result.min(distance) + MOVE_COST;
            result = insert_delete.min(substitute);
            row[i] = result;
            minimum = minimum.min(result);
        }
        if minimum > max_cost {
            return max_cost + 1;
        }
    }
    result
}

/// `_Py_CalculateSuggestions`: the candidate closest to `name`, if one is
/// close enough (at most a third of the characters involved changed).
pub fn calculate<'a>(candidates: &[&'a str], name: &str) -> Option<&'a str> {
    if candidates.len() >= MAX_CANDIDATE_ITEMS {
        return None;
    }
    let mut best: Option<(&str, usize)> = None;
    for &item in candidates {
        if item == name {
            continue;
        }
        let mut max_distance = (name.len() + item.len() + 3) * MOVE_COST / 6;
        if let Some((_, d)) = best {
            max_distance = max_distance.min(d.saturating_sub(1));
        }
        let d = levenshtein_distance(name.as_bytes(), item.as_bytes(), max_distance);
        if d > max_distance {
            continue;
        }
        if best.is_none_or(|(_, bd)| d < bd) {
            best = Some((item, d));
        }
    }
    best.map(|(s, _)| s)
}

#[cfg(test)]
mod tests {
    use super::calculate;

    #[test]
    fn suggests_like_cpython() {
        assert_eq!(calculate(&["name", "greeting"], "nme"), Some("name"));
        assert_eq!(calculate(&["Name"], "name"), Some("Name"));
        assert_eq!(calculate(&["alpha", "beta"], "zzzzzz"), None);
        assert_eq!(calculate(&["x"], "x"), None);
    }
}
