//! "Did you mean …?" suggestions for mistyped identifiers.

/// The candidate closest to `input`, when it is close enough to be a likely typo.
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = input.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::osa_distance(&lower, &c.to_ascii_lowercase()), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn finds_typos_and_ignores_strangers() {
        let ids = ["TEC-01", "TEC-10", "ORG-01"];
        assert_eq!(closest("TEC-1O", ids), Some("TEC-10"));
        assert_eq!(closest("tec-01", ids), Some("TEC-01"));
        assert_eq!(closest("XYZ-99", ids), None);
        assert_eq!(
            closest("implemnted", ["implemented", "partial"]),
            Some("implemented")
        );
    }
}
