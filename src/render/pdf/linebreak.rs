//! Line breaking for Japanese and mixed text: UAX #14 break opportunities
//! (`unicode-linebreak`) narrowed by Japanese kinsoku rules, with a character-level
//! fallback for tokens wider than the line (hashes, URLs) so nothing ever overflows.
//!
//! Widths come from a caller-supplied measure (points per character at the size that
//! will be drawn), so the same code serves paragraphs, table cells and the footer.

use unicode_linebreak::{linebreaks, BreakOpportunity};

/// Characters that may not begin a line (行頭禁則); [`no_start`] is the lookup.
#[cfg_attr(not(test), allow(dead_code))]
const NO_START: &str = "、。，．・：；？！ー」』）］｝〕〉》】〙〗｣’”\
                        ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ々ゝゞヽヾ\
                        )]},.:;!?%";
/// Characters that may not end a line (行末禁則); [`no_end`] is the lookup.
#[cfg_attr(not(test), allow(dead_code))]
const NO_END: &str = "「『（［｛〔〈《【〘〖｢‘“([{";

/// An ASCII run (letters, digits, punctuation, no spaces) up to this many characters is
/// treated as one unbreakable token (IDs such as `TEC-01`, `ISO/IEC`, short URLs); longer
/// runs keep their UAX #14 opportunities and can still be cut at character level.
const ID_TOKEN_MAX: usize = 32;

/// Slack for floating-point comparisons of widths, in points.
const EPS: f32 = 0.01;

/// Whether `c` may not start a line.
/// (A `match` rather than a search of [`NO_START`]: it is asked at every break
/// opportunity, and the string search was a twentieth of a render.)
pub(crate) fn no_start(c: char) -> bool {
    matches!(
        c,
        '、' | '。'
            | '，'
            | '．'
            | '・'
            | '：'
            | '；'
            | '？'
            | '！'
            | 'ー'
            | '」'
            | '』'
            | '）'
            | '］'
            | '｝'
            | '〕'
            | '〉'
            | '》'
            | '】'
            | '〙'
            | '〗'
            | '｣'
            | '’'
            | '”'
            | 'ぁ'
            | 'ぃ'
            | 'ぅ'
            | 'ぇ'
            | 'ぉ'
            | 'っ'
            | 'ゃ'
            | 'ゅ'
            | 'ょ'
            | 'ゎ'
            | 'ゕ'
            | 'ゖ'
            | 'ァ'
            | 'ィ'
            | 'ゥ'
            | 'ェ'
            | 'ォ'
            | 'ッ'
            | 'ャ'
            | 'ュ'
            | 'ョ'
            | 'ヮ'
            | 'ヵ'
            | 'ヶ'
            | '々'
            | 'ゝ'
            | 'ゞ'
            | 'ヽ'
            | 'ヾ'
            | ')'
            | ']'
            | '}'
            | ','
            | '.'
            | ':'
            | ';'
            | '!'
            | '?'
            | '%'
    )
}

/// Whether `c` may not end a line.
pub(crate) fn no_end(c: char) -> bool {
    matches!(
        c,
        '「' | '『'
            | '（'
            | '［'
            | '｛'
            | '〔'
            | '〈'
            | '《'
            | '【'
            | '〘'
            | '〖'
            | '｢'
            | '‘'
            | '“'
            | '('
            | '['
            | '{'
    )
}

/// One laid-out line: the byte range of `text` it shows (trailing spaces and the newline
/// excluded) and its width in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct LineSpan {
    /// First byte of the line.
    pub start: usize,
    /// End byte of the visible part of the line.
    pub end: usize,
    /// Width of `text[start..end]` in points.
    pub width: f32,
}

/// A piece of text between two permitted break positions.
#[derive(Debug, Clone, Copy)]
struct Segment {
    start: usize,
    /// End of the visible part (before trailing spaces / newline).
    content_end: usize,
    w_content: f32,
    w_full: f32,
    /// A mandatory break (newline or end of text) follows.
    hard: bool,
}

fn is_trailing_space(c: char) -> bool {
    c == ' ' || c == '\n' || c == '\t'
}

/// Break positions of `text`: `(byte offset, mandatory)`, the last one at `text.len()`.
/// UAX #14 opportunities are dropped where the next line would start with a NO_START
/// character, the line would end with a NO_END character, or they fall inside a short
/// ASCII token.
fn break_positions(text: &str) -> Vec<(usize, bool)> {
    // Length (in chars) of the ASCII-graphic run each byte belongs to; 0 outside runs.
    let mut run_len = vec![0u32; text.len() + 1];
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_graphic() {
            let s = i;
            while i < bytes.len() && bytes[i].is_ascii_graphic() {
                i += 1;
            }
            let n = (i - s) as u32;
            run_len[s..i].iter_mut().for_each(|v| *v = n);
        } else {
            i += 1;
        }
    }
    let mut out = Vec::new();
    for (pos, opp) in linebreaks(text) {
        let mandatory = matches!(opp, BreakOpportunity::Mandatory);
        if pos >= text.len() {
            continue;
        }
        if mandatory {
            out.push((pos, true));
            continue;
        }
        let next = text[pos..].chars().next();
        let prev_visible = text[..pos].chars().rev().find(|c| !is_trailing_space(*c));
        if next.is_some_and(no_start) || prev_visible.is_some_and(no_end) {
            continue;
        }
        // Inside an ASCII token: the bytes on both sides belong to the same short run.
        if pos > 0
            && bytes[pos - 1].is_ascii_graphic()
            && bytes[pos].is_ascii_graphic()
            && run_len[pos] as usize <= ID_TOKEN_MAX
        {
            continue;
        }
        out.push((pos, false));
    }
    out.push((text.len(), true));
    out
}

fn segments(text: &str, measure: &dyn Fn(char) -> f32) -> Vec<Segment> {
    let mut segs = Vec::new();
    let mut start = 0;
    for (pos, hard) in break_positions(text) {
        if pos < start {
            continue;
        }
        let piece = &text[start..pos];
        let trimmed = piece.trim_end_matches(is_trailing_space);
        let w_content: f32 = trimmed.chars().map(measure).sum();
        let w_full = w_content
            + piece[trimmed.len()..]
                .chars()
                .filter(|&c| c != '\n')
                .map(measure)
                .sum::<f32>();
        segs.push(Segment {
            start,
            content_end: start + trimmed.len(),
            w_content,
            w_full,
            hard,
        });
        start = pos;
    }
    segs
}

/// Width of the widest piece that can never be broken (the CSS min-content width) and of
/// the widest hard line (max-content width), in points.
pub(crate) fn content_widths(text: &str, measure: &dyn Fn(char) -> f32) -> (f32, f32) {
    let mut min: f32 = 0.0;
    let mut max: f32 = 0.0;
    let mut line: f32 = 0.0;
    for s in segments(text, measure) {
        min = min.max(s.w_content);
        max = max.max(line + s.w_content);
        line += s.w_full;
        if s.hard {
            line = 0.0;
        }
    }
    (min, max)
}

/// Breaks `text` into lines no wider than `max_width` points.
///
/// Lines break only at permitted positions; a token wider than a whole line is cut
/// between characters (still keeping NO_START/NO_END characters off the edges where
/// possible). Every line holds at least one character, so a line can only be wider than
/// `max_width` when a single character is. Empty text gives no lines; a blank line
/// between two newlines is kept as an empty line.
pub(crate) fn break_lines(
    text: &str,
    max_width: f32,
    measure: &dyn Fn(char) -> f32,
) -> Vec<LineSpan> {
    let max_width = if max_width.is_finite() {
        max_width.max(0.0)
    } else {
        0.0
    };
    let mut lines = Vec::new();
    if text.trim_end_matches(is_trailing_space).is_empty() && !text.contains('\n') {
        return lines;
    }
    // The line being filled: start byte, visible end, visible width, width with spaces.
    let mut cur: Option<(usize, usize, f32, f32)> = None;
    for seg in segments(text, measure) {
        if let Some((s, e, wc, wf)) = cur {
            if wf + seg.w_content > max_width + EPS {
                let room = max_width - wf;
                if e == s {
                    // Only spaces so far: they give way to the segment.
                    cur = None;
                } else if seg.w_content > max_width + EPS && room > max_width * 0.3 {
                    // A long token: start it on this line, cut it at character level.
                    cur = Some(split_long(text, &seg, cur, max_width, measure, &mut lines));
                } else {
                    lines.push(LineSpan {
                        start: s,
                        end: e,
                        width: wc,
                    });
                    cur = None;
                }
            } else {
                let (e, wc) = if seg.content_end > seg.start {
                    (seg.content_end, wf + seg.w_content)
                } else {
                    (e, wc)
                };
                cur = Some((s, e, wc, wf + seg.w_full));
            }
        }
        if cur.is_none() {
            cur = Some(if seg.w_content > max_width + EPS {
                split_long(text, &seg, None, max_width, measure, &mut lines)
            } else {
                (seg.start, seg.content_end, seg.w_content, seg.w_full)
            });
        }
        if seg.hard {
            if let Some((s, e, wc, _)) = cur.take() {
                lines.push(LineSpan {
                    start: s,
                    end: e,
                    width: wc,
                });
            }
        }
    }
    if let Some((s, e, wc, _)) = cur {
        lines.push(LineSpan {
            start: s,
            end: e,
            width: wc,
        });
    }
    lines
}

/// Cuts the segment `seg` at character level. `cur` is the line being filled when the
/// segment starts on it (start, visible end, visible width, width with spaces). Full
/// lines are pushed to `lines`; the last, partial line is returned in the same form.
fn split_long(
    text: &str,
    seg: &Segment,
    cur: Option<(usize, usize, f32, f32)>,
    max_width: f32,
    measure: &dyn Fn(char) -> f32,
    lines: &mut Vec<LineSpan>,
) -> (usize, usize, f32, f32) {
    let chars: Vec<(usize, char, f32)> = text[seg.start..seg.content_end]
        .char_indices()
        .map(|(i, c)| (seg.start + i, c, measure(c)))
        .collect();
    let (mut start, mut vis_end, mut vis_w, mut w) =
        cur.unwrap_or((seg.start, seg.start, 0.0, 0.0));
    // Width of the line before its first character from this segment.
    let mut w_first = w;
    // Index in `chars` of the first character of the current line.
    let mut first = 0usize;
    let mut k = 0usize;
    while k < chars.len() {
        let cw = chars[k].2;
        let has_prev = first == 0 && vis_end > start;
        if w + cw > max_width + EPS && (k > first || has_prev) {
            // Break before chars[b]; step back (at most twice) to honour kinsoku while
            // the line keeps something to show.
            let min_b = if has_prev { first } else { first + 1 };
            let mut b = k;
            for _ in 0..2 {
                let bad = no_start(chars[b].1) || (b > 0 && no_end(chars[b - 1].1));
                if bad && b > min_b {
                    b -= 1;
                } else {
                    break;
                }
            }
            if b == first {
                lines.push(LineSpan {
                    start,
                    end: vis_end,
                    width: vis_w,
                });
            } else {
                let width = w_first + chars[first..b].iter().map(|x| x.2).sum::<f32>();
                lines.push(LineSpan {
                    start,
                    end: chars[b].0,
                    width,
                });
            }
            start = chars[b].0;
            vis_end = start;
            vis_w = 0.0;
            first = b;
            k = b;
            w = 0.0;
            w_first = 0.0;
            continue;
        }
        w += cw;
        k += 1;
    }
    let trailing = seg.w_full - seg.w_content;
    (start, seg.content_end, w, w + trailing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinsoku_matches_agree_with_the_lists() {
        for c in NO_START.chars() {
            assert!(no_start(c) && !no_end(c), "{c:?}");
        }
        for c in NO_END.chars() {
            assert!(no_end(c) && !no_start(c), "{c:?}");
        }
        // Every other character of the ranges the lists come from is neither.
        let ranges = [
            '\u{20}'..='\u{7e}',
            '\u{3000}'..='\u{30ff}',
            '\u{ff00}'..='\u{ffef}',
        ];
        for c in ranges
            .into_iter()
            .flatten()
            .chain(['\u{2018}', '\u{201d}', '漢'])
        {
            assert_eq!(no_start(c), NO_START.contains(c), "{c:?}");
            assert_eq!(no_end(c), NO_END.contains(c), "{c:?}");
        }
    }

    /// Monospace-ish test measure: wide characters 10 pt, others 5 pt.
    fn m(c: char) -> f32 {
        use unicode_width::UnicodeWidthChar;
        match c.width() {
            Some(2) => 10.0,
            _ => 5.0,
        }
    }

    fn lines_of(text: &str, w: f32) -> Vec<String> {
        break_lines(text, w, &m)
            .iter()
            .map(|l| text[l.start..l.end].to_string())
            .collect()
    }

    fn check_kinsoku(lines: &[String]) {
        for (i, l) in lines.iter().enumerate() {
            if let Some(c) = l.chars().next() {
                assert!(!no_start(c) || i == 0, "line starts with {c:?}: {lines:?}");
            }
            if i + 1 < lines.len() {
                if let Some(c) = l.chars().last() {
                    assert!(!no_end(c), "line ends with {c:?}: {lines:?}");
                }
            }
        }
    }

    #[test]
    fn japanese_wraps_at_width() {
        let l = lines_of("あいうえおかきくけこ", 40.0);
        assert_eq!(l, vec!["あいうえ", "おかきく", "けこ"]);
    }

    #[test]
    fn kinsoku_closing_punctuation_pulls_previous_char() {
        // 。 would start line 2: the previous character moves down with it.
        let l = lines_of("あいうえ。かき", 40.0);
        assert_eq!(l, vec!["あいう", "え。かき"]);
        let l = lines_of("あいう「えお」", 40.0);
        check_kinsoku(&l);
        assert_eq!(l[0], "あいう");
        let l = lines_of("あいうっかきく", 30.0);
        check_kinsoku(&l);
        let l = lines_of("データー）です", 40.0);
        check_kinsoku(&l);
        let l = lines_of("ああ（いい）うう、ええ。", 30.0);
        check_kinsoku(&l);
    }

    #[test]
    fn kinsoku_long_vowel_and_small_kana() {
        // From three characters a line up, "チェッ" (no break inside) always fits.
        for w in [30.0, 40.0, 50.0, 60.0, 70.0] {
            let l = lines_of("サーバーのログイン・ログアウトをチェックする。", w);
            check_kinsoku(&l);
        }
    }

    #[test]
    fn id_tokens_are_not_broken() {
        let l = lines_of("対策TEC-01と TEC-A1 を参照", 60.0);
        assert!(l.iter().any(|x| x.contains("TEC-01")), "{l:?}");
        assert!(l.iter().any(|x| x.contains("TEC-A1")), "{l:?}");
        let (min, _) = content_widths("TEC-01", &m);
        assert_eq!(min, 30.0);
    }

    #[test]
    fn long_tokens_break_at_character_level() {
        let hex = "9c1d".repeat(16);
        let l = lines_of(&hex, 100.0);
        assert!(l.len() > 1);
        assert_eq!(l.concat(), hex);
        assert!(l.iter().all(|x| x.len() <= 20));
        let a = "a".repeat(500);
        let l = lines_of(&format!("値: {a}です。"), 100.0);
        assert_eq!(l.concat().replace(' ', ""), format!("値:{a}です。"));
        check_kinsoku(&l);
        let url = "https://example.jp/very/long/path/that/goes/on/and/on/index.html?q=1";
        let l = lines_of(url, 80.0);
        assert!(l.len() > 1);
        assert_eq!(l.concat(), url);
    }

    #[test]
    fn hard_breaks_and_blank_lines() {
        assert_eq!(lines_of("ab\n\ncd", 100.0), vec!["ab", "", "cd"]);
        assert_eq!(lines_of("ab\n", 100.0), vec!["ab"]);
        assert!(lines_of("", 100.0).is_empty());
        assert!(lines_of("   ", 100.0).is_empty());
    }

    #[test]
    fn spaces_do_not_start_lines() {
        let l = lines_of("hello world foo bar", 50.0);
        assert_eq!(l, vec!["hello", "world foo", "bar"]);
    }

    #[test]
    fn leading_spaces_are_kept() {
        assert_eq!(lines_of("    code", 100.0), vec!["    code"]);
    }

    /// A small deterministic random source for the property loops (no dependency, same
    /// cases on every run).
    fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
        move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        }
    }

    /// Deterministic pseudo-random strings from a mixed alphabet: width never exceeded
    /// (except by a lone character), nothing lost, kinsoku held where the text allows it.
    #[test]
    fn property_width_and_coverage() {
        let alphabet: Vec<char> =
            "あいうえおかきくけこ漢字仕様「」（）。、ー・ッャabcXYZ012-_/.,:;!? 　TEC%\n"
                .chars()
                .collect();
        let mut next = xorshift(0x2545_F491_4F6C_DD1D);
        for _ in 0..2000 {
            let len = (next() % 80) as usize;
            let s: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            let width = 10.0 + (next() % 120) as f32;
            let lines = break_lines(&s, width, &m);
            let mut prev_end = 0;
            for l in &lines {
                assert!(l.start >= prev_end && l.end >= l.start && l.end <= s.len());
                let shown = &s[l.start..l.end];
                let w: f32 = shown.chars().map(m).sum();
                assert!((w - l.width).abs() < 0.1, "{s:?} {l:?}");
                assert!(
                    w <= width + EPS || shown.chars().count() == 1,
                    "overflow {shown:?} ({w} > {width}) in {s:?}"
                );
                // Nothing but spaces/newlines is skipped between lines.
                assert!(s[prev_end..l.start].chars().all(is_trailing_space));
                prev_end = l.end;
            }
            assert!(s[prev_end..].chars().all(is_trailing_space), "{s:?}");
        }
    }

    /// With enough room per line, kinsoku always holds.
    #[test]
    fn property_kinsoku_japanese() {
        let alphabet: Vec<char> = "あいうかきく漢字「」（）。、ーッャ".chars().collect();
        let mut next = xorshift(88172645463325252);
        for _ in 0..2000 {
            let len = (next() % 60) as usize;
            let s: String = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            // No run of more than 3 consecutive bracket/punctuation characters, so a
            // legal break always exists within 5 characters.
            let mut run = 0;
            if s.chars().any(|c| {
                run = if no_start(c) || no_end(c) { run + 1 } else { 0 };
                run > 2
            }) {
                continue;
            }
            let width = 50.0 + (next() % 100) as f32;
            let l = lines_of(&s, width);
            check_kinsoku(&l);
        }
    }
}
