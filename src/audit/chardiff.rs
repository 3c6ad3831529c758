//! A readable diff of two statements. Japanese has no spaces between words, so a word diff
//! splits nothing and a line diff marks the whole statement; we diff by characters (the
//! `similar` crate's Myers diff, no time limit so the result is reproducible) and then
//! group the characters into runs, folding a one- or two-character stretch left unchanged
//! between two edits (a particle such as の or を) into the edit, as a person would mark it.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};

/// Above this many bytes on either side, statements are compared by lines: a character diff
/// of two long, unrelated texts costs time quadratic in their length.
const CHAR_DIFF_MAX_BYTES: usize = 8 * 1024;

/// Unchanged stretches this short between two edits are shown as part of the edit.
const FOLD_CHARS: usize = 2;

/// What a run of text is in the diff.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    /// In both versions.
    Equal,
    /// Only in the old version.
    Delete,
    /// Only in the new version.
    Insert,
}

/// A run of characters with one [`Op`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Run {
    /// What happened to the text.
    pub op: Op,
    /// The text.
    pub text: String,
}

/// A stretch of the diff: text kept, or text replaced (either side may be empty).
enum Piece {
    Same(String),
    Edit(String, String),
}

/// The runs that turn `old` into `new`: equal, deleted and inserted text in reading order,
/// a deletion before the insertion that replaces it.
pub fn diff(old: &str, new: &str) -> Vec<Run> {
    let large = old.len() > CHAR_DIFF_MAX_BYTES || new.len() > CHAR_DIFF_MAX_BYTES;
    let d = if large {
        TextDiff::from_lines(old, new)
    } else {
        TextDiff::from_chars(old, new)
    };
    let mut pieces: Vec<Piece> = Vec::new();
    for change in d.iter_all_changes() {
        let v = change.value();
        match (change.tag(), pieces.last_mut()) {
            (ChangeTag::Equal, Some(Piece::Same(s))) => s.push_str(v),
            (ChangeTag::Equal, _) => pieces.push(Piece::Same(v.to_string())),
            (ChangeTag::Delete, Some(Piece::Edit(del, _))) => del.push_str(v),
            (ChangeTag::Insert, Some(Piece::Edit(_, ins))) => ins.push_str(v),
            (ChangeTag::Delete, _) => pieces.push(Piece::Edit(v.to_string(), String::new())),
            (ChangeTag::Insert, _) => pieces.push(Piece::Edit(String::new(), v.to_string())),
        }
    }
    // Fold short unchanged stretches between two edits into one edit.
    let mut folded: Vec<Piece> = Vec::new();
    let mut it = pieces.into_iter().peekable();
    while let Some(p) = it.next() {
        match p {
            Piece::Same(s)
                if s.chars().count() <= FOLD_CHARS
                    && matches!(folded.last(), Some(Piece::Edit(..)))
                    && matches!(it.peek(), Some(Piece::Edit(..))) =>
            {
                let Some(Piece::Edit(d2, i2)) = it.next() else {
                    unreachable!("peeked an edit")
                };
                if let Some(Piece::Edit(d1, i1)) = folded.last_mut() {
                    d1.push_str(&s);
                    d1.push_str(&d2);
                    i1.push_str(&s);
                    i1.push_str(&i2);
                }
            }
            other => folded.push(other),
        }
    }
    let mut runs = Vec::new();
    for p in folded {
        match p {
            Piece::Same(text) => runs.push(Run {
                op: Op::Equal,
                text,
            }),
            Piece::Edit(del, ins) => {
                if !del.is_empty() {
                    runs.push(Run {
                        op: Op::Delete,
                        text: del,
                    });
                }
                if !ins.is_empty() {
                    runs.push(Run {
                        op: Op::Insert,
                        text: ins,
                    });
                }
            }
        }
    }
    runs
}

/// The old text again, from the runs (equal + deleted).
pub fn old_text(runs: &[Run]) -> String {
    runs.iter()
        .filter(|r| r.op != Op::Insert)
        .map(|r| r.text.as_str())
        .collect()
}

/// The new text again, from the runs (equal + inserted).
pub fn new_text(runs: &[Run]) -> String {
    runs.iter()
        .filter(|r| r.op != Op::Delete)
        .map(|r| r.text.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn show(runs: &[Run]) -> String {
        runs.iter()
            .map(|r| match r.op {
                Op::Equal => r.text.clone(),
                Op::Delete => format!("[-{}-]", r.text),
                Op::Insert => format!("{{+{}+}}", r.text),
            })
            .collect()
    }

    #[test]
    fn japanese_is_diffed_by_characters() {
        let runs = diff(
            "全職員に年1回の研修を実施している。",
            "全職員に年2回の研修と理解度テストを実施している。",
        );
        assert_eq!(
            show(&runs),
            "全職員に年[-1-]{+2+}回の研修{+と理解度テスト+}を実施している。"
        );
    }

    #[test]
    fn a_particle_between_two_edits_joins_them() {
        // Without folding the の would stand alone between two edits.
        let runs = diff("週次のバックアップ", "日次かバックアップ");
        assert_eq!(show(&runs), "[-週次の-]{+日次か+}バックアップ");
        let runs = diff("AのB", "XのY");
        assert_eq!(show(&runs), "[-AのB-]{+XのY+}");
    }

    #[test]
    fn equal_and_empty_texts() {
        assert_eq!(show(&diff("同じ", "同じ")), "同じ");
        assert_eq!(show(&diff("", "追加")), "{+追加+}");
        assert_eq!(show(&diff("削除", "")), "[-削除-]");
        assert!(diff("", "").is_empty());
    }

    #[test]
    fn long_texts_fall_back_to_lines() {
        let a = "あ".repeat(5000) + "\n終わり\n";
        let b = "い".repeat(5000) + "\n終わり\n";
        let runs = diff(&a, &b);
        assert_eq!(runs.last().map(|r| r.text.as_str()), Some("終わり\n"));
        assert_eq!(old_text(&runs), a);
    }

    proptest! {
        #[test]
        fn runs_rebuild_both_texts(a in "[あいうえおかきくけこ。、ab ]{0,40}", b in "[あいうえおかきくけこ。、ab ]{0,40}") {
            let runs = diff(&a, &b);
            prop_assert_eq!(old_text(&runs), a);
            prop_assert_eq!(new_text(&runs), b);
            prop_assert!(runs.iter().all(|r| !r.text.is_empty()));
        }
    }
}
