//! The TOML and JSON parsers' messages in Japanese sentences.
//!
//! The parsers speak English ("invalid date, expected day between 01 and 28"); a compliance
//! officer reads 「日付が正しくありません（日は 01〜28）」. Known messages are translated piece by
//! piece (what is wrong, then what was expected); an unknown one becomes a general Japanese
//! sentence, so that the Japanese message never has English inside it. The English message
//! keeps the parser's own words.

/// The Japanese sentence for a TOML parser message; `found` is the text at the error's span
/// (the key, for a duplicate key).
pub fn toml_ja(message: &str, found: &str) -> String {
    let (head, expected) = match message.split_once(", expected ") {
        Some((h, e)) => (h, Some(e)),
        None => (message, None),
    };
    let head_ja = match head {
        "duplicate key" => {
            let key = found.trim().trim_matches(['"', '\'']);
            return if key.is_empty() || key.chars().count() > 60 {
                "同じキーが 2 回書かれています。".to_string()
            } else {
                format!(
                    "キー「{}」が重複しています（同じ表に 2 回書かれています）。",
                    crate::diag::visible(key)
                )
            };
        }
        other => head_ja(other),
    };
    let Some(head_ja) = head_ja else {
        return "TOML として読めない書き方です。この位置の前後を確認してください。".to_string();
    };
    match expected.and_then(expected_ja) {
        Some(e) => format!("{head_ja}（{e}）。"),
        None => format!("{head_ja}。"),
    }
}

fn head_ja(head: &str) -> Option<&'static str> {
    Some(match head {
        "invalid date" => "日付が正しくありません",
        "invalid time" => "時刻が正しくありません",
        "invalid offset" => "時差（タイムゾーン）が正しくありません",
        "invalid date-time" | "invalid datetime" => "日時が正しくありません",
        "string values must be quoted" => "文字列は引用符（\"…\"）で囲んでください",
        "invalid basic string" | "invalid literal string" | "invalid string" => {
            "文字列が閉じられていないか、文字列に使えない文字（改行・制御文字）があります"
        }
        "invalid multi-line basic string" | "invalid multi-line literal string" => {
            "複数行の文字列が閉じられていません"
        }
        "unclosed array" => "配列 [ … ] が閉じられていません",
        "unclosed inline table" => "インラインテーブル { … } が閉じられていません",
        "unclosed table" => "表の見出し [ … ] が閉じられていません",
        "unclosed array table" => "表の配列の見出し [[ … ]] が閉じられていません",
        "unexpected leading zero" => {
            "数値の先頭に 0 は書けません（番号や ID なら引用符で囲んでください）"
        }
        "invalid fraction" => "小数点の後に数字が必要です",
        "invalid exponent" => "指数（e）の後に数字が必要です",
        "invalid boolean" => "true か false で書いてください",
        "unquoted keys cannot be empty" => "キーが空です",
        "key with no value" => "キーの後に = と値が必要です",
        "unexpected key or value" => "1 行に書けるのはキーと値の 1 組だけです（改行してください）",
        "extra comma in array" => "配列の中にカンマが余分にあります",
        "extra comma in inline table" => "インラインテーブルの中にカンマが余分にあります",
        "missing escaped value" => {
            "\\ の後のエスケープが正しくありません（\\\\、\\\"、\\n、\\t、\\uXXXX など）"
        }
        "too few unicode value digits" => {
            "\\u の後には 16 進数が 4 桁（\\U の後には 8 桁）必要です"
        }
        "invalid comment character" => "コメントに制御文字があります",
        "carriage return must be followed by newline" => "CR（\\r）の後には改行（LF）が必要です",
        "cannot recurse further; max recursion depth met" => "配列や表の入れ子が深すぎます",
        "keys cannot be multi-line literal strings" | "keys cannot be multi-line basic strings" => {
            "キーに複数行の文字列は使えません"
        }
        "integers with a radix cannot be signed" => "16 進・8 進・2 進の整数に符号は付けられません",
        "radix must be lowercase" => "0x・0o・0b は小文字で書いてください",
        "`_` may only go between digits" => "_ は数字と数字の間にだけ書けます",
        "missing comma between key-value pairs" => "キーと値の組の間にカンマが必要です",
        "missing comma between array elements" => "配列の要素の間にカンマが必要です",
        "invalid unquoted key" => "引用符で囲まないキーに使えるのは英数字・-・_ だけです",
        "missing value for key" | "missing value" => "値がありません",
        "extra `=`" | "extra assignment between key-value pairs" => "= が余分にあります",
        "missing assignment between key-value pairs" => "キーと値の間に = が必要です",
        "invalid key" => "キーが正しくありません",
        "invalid table" => "表の見出しが正しくありません",
        "invalid value" => "値が正しくありません",
        "invalid integer number"
        | "invalid hexadecimal number"
        | "invalid octal number"
        | "invalid binary number" => "整数が正しくありません",
        "invalid float" | "invalid mantissa" => "小数が正しくありません",
        "redundant numeric sign" | "unexpected sign" => "符号（+・-）の位置が正しくありません",
        "redundant integer number prefix" => "数値の接頭辞が重複しています",
        "invalid inline table element" | "missing key for inline table element" => {
            "インラインテーブルの要素が正しくありません"
        }
        "unexpected content" | "unexpected content between comment and newline" => {
            "余分な内容があります"
        }
        "missing table open" | "missing array opening" | "missing inline table opening" => {
            "開き括弧がありません"
        }
        "missing opening quote" => "開きの引用符がありません",
        "missing comment start" => "コメントは # で始めてください",
        "unexpected `=` in array" => "配列の中に = は書けません",
        "integer number overflowed" | "floating-point number overflowed" => "数値が大きすぎます",
        h if h.starts_with("cannot extend value of type") => {
            "ドット付きのキーで、表ではない値に項目を足すことはできません"
        }
        _ => return None,
    })
}

/// What the parser expected, in Japanese; `None` when it would add nothing (or is unknown).
fn expected_ja(exp: &str) -> Option<String> {
    let range = |what: &str, rest: &str| {
        rest.split_once(" and ")
            .map(|(a, b)| format!("{what}は {a}〜{b}"))
    };
    for (prefix, what) in [
        ("day between ", "日"),
        ("month between ", "月"),
        ("hour between ", "時"),
        ("hours between ", "時"),
        ("minute between ", "分"),
        ("minutes between ", "分"),
        ("second between ", "秒"),
    ] {
        if let Some(rest) = exp.strip_prefix(prefix) {
            return range(what, rest);
        }
    }
    let fixed = match exp {
        "a four-digit year (YYYY)" => Some("年は 4 桁（YYYY）"),
        "a two-digit month (MM)" => Some("月は 2 桁（MM）"),
        "a two-digit day (DD)" => Some("日は 2 桁（DD）"),
        "a two-digit hour (HH)" => Some("時は 2 桁（HH）"),
        "a two-digit minute (MM)" => Some("分は 2 桁（MM）"),
        "a two-digit second (SS)" => Some("秒は 2 桁（SS）"),
        "nothing" | "literal string" | "basic string, literal string" => return None,
        _ => None,
    };
    if let Some(f) = fixed {
        return Some(f.to_string());
    }
    let mut items = Vec::new();
    for item in exp.split(", ") {
        let t = match item {
            "newline" => "改行".to_string(),
            "digits" | "numbers" => "数字".to_string(),
            "letters" => "英字".to_string(),
            "value" => "値".to_string(),
            "printable characters"
            | "non-double-quote visible characters"
            | "non-single-quote visible characters"
            | "non-single-quote characters" => "表示できる文字".to_string(),
            "unicode hexadecimal value" => "16 進数".to_string(),
            t if t.len() >= 3 && t.starts_with('`') && t.ends_with('`') => {
                format!("「{}」", &t[1..t.len() - 1])
            }
            _ => return None,
        };
        if !items.contains(&t) {
            items.push(t);
        }
    }
    Some(format!("ここに必要なもの: {}", items.join("・")))
}

/// The Japanese sentence for a serde_json syntax error (its message without the position).
pub fn json_ja(message: &str) -> String {
    let m = message.split(" at line ").next().unwrap_or(message);
    match m {
        m if m.starts_with("EOF while parsing") => {
            "ファイルが途中で終わっています（閉じていない括弧か引用符があります）。"
        }
        "expected `:`" => "キーの後に「:」が必要です。",
        "expected value" => "値が必要です。",
        "expected ident" => {
            "true・false・null のどれかを書いてください（文字列なら引用符で囲みます）。"
        }
        "trailing comma" => "最後の要素の後にカンマは書けません。",
        "key must be a string" => "キーは引用符（\"…\"）で囲んでください。",
        "invalid escape" => {
            "\\ の後のエスケープが正しくありません（\\\\、\\\"、\\n、\\uXXXX など）。"
        }
        "number out of range" => "数値が大きすぎます。",
        "invalid number" => "数値が正しくありません（先頭の 0 や + は書けません）。",
        "expected `,` or `]`" => "配列の要素の間にカンマか、閉じる「]」が必要です。",
        "expected `,` or `}`" => "項目の間にカンマか、閉じる「}」が必要です。",
        "trailing characters" => "JSON の終わりの後に余分な内容があります。",
        "recursion limit exceeded" => "配列やオブジェクトの入れ子が深すぎます（128 段まで）。",
        m if m.starts_with("control character") => {
            "文字列の中に改行やタブなどの制御文字は直接書けません（\\n のように書きます）。"
        }
        m if m.contains("escape") || m.contains("surrogate") || m.contains("code point") => {
            "\\u エスケープが正しくありません。"
        }
        _ => "JSON として読めない書き方です。この位置の前後を確認してください。",
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every message the parsers give for the corpus of mistakes below is translated, with
    /// no English word left in the Japanese.
    #[test]
    fn toml_messages_become_japanese() {
        let cases = [
            ("a = 2026-02-30", "日付が正しくありません（日は 01〜28）。"),
            ("a = 2026-13-01", "日付が正しくありません（月は 01〜12）。"),
            ("a = 10:61:00", "時刻が正しくありません（分は 00〜59）。"),
            ("a = 1\na = 2", "キー「a」が重複しています（同じ表に 2 回書かれています）。"),
            ("a = x", "文字列は引用符（\"…\"）で囲んでください。"),
            ("a = [1, 2", "配列 [ … ] が閉じられていません（ここに必要なもの: 「]」）。"),
            ("a = 1 b = 2", "1 行に書けるのはキーと値の 1 組だけです（改行してください）（ここに必要なもの: 改行・「#」）。"),
        ];
        for (src, want) in cases {
            let (_, errs) = toml::de::DeTable::parse_recoverable(src);
            let e = errs.first().unwrap_or_else(|| panic!("{src} parses"));
            let found = e.span().map_or("", |s| &src[s]);
            assert_eq!(toml_ja(e.message(), found), want, "{src}");
        }
        let corpus = [
            "a =",
            "a = \"x",
            "a = 'x",
            "a = {b = 1",
            "[a\nb=1",
            "a = 01",
            "a = 1.",
            "a = 1e",
            "a = tru",
            "= 1",
            "a b = 1",
            "a = [1,,2]",
            "a = \"\\q\"",
            "a = \"\\u12\"",
            "a = \"\u{7}\"",
            "a = 1 # \u{7}",
            "a = 1\rb = 2",
            "'''\n",
            "a = \"\"\"x",
            "a = -0x1",
            "a = 0X1",
            "a = 1__0",
            "a = 1979-05-27T07:32:00+25:00",
            "a = { b = 1\n c = 2 }",
            "[[a]]\n[a]",
            "a.b = 1\na = 2",
            &format!("x = {}1{}", "[".repeat(1000), "]".repeat(1000)),
        ];
        for src in corpus {
            let (_, errs) = toml::de::DeTable::parse_recoverable(src);
            assert!(!errs.is_empty(), "{src:?} is an error");
            for e in errs.iter() {
                let found = e.span().map_or("", |s| &src[s]);
                let ja = toml_ja(e.message(), found);
                assert!(
                    !ja.starts_with("TOML として読めない"),
                    "{src:?}: untranslated {:?}",
                    e.message()
                );
                assert_eq!(english_words(&ja), Vec::<&str>::new(), "{src:?}: {ja}");
            }
        }
    }

    /// Words of three or more ASCII letters other than TOML/JSON keywords.
    fn english_words(s: &str) -> Vec<&str> {
        s.split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() >= 3)
            .filter(|w| !matches!(*w, "true" | "false" | "null" | "uXXXX" | "TOML" | "JSON"))
            .collect()
    }

    #[test]
    fn json_messages_become_japanese() {
        for src in [
            "{",
            "{\"a\" 1}",
            "{\"a\":}",
            "[1,]",
            "{a:1}",
            "\"\\q\"",
            "1e309",
            "[1 2]",
            "{\"a\":1} x",
            "\"\u{1}\"",
            "01",
            "\"\\ud800\"",
            "tru",
            "{\"a\":1 \"b\":2}",
        ] {
            let e = serde_json::from_str::<serde_json::Value>(src).expect_err(src);
            let ja = json_ja(&e.to_string());
            assert!(
                !ja.starts_with("JSON として読めない"),
                "{src}: untranslated {e}"
            );
            assert_eq!(english_words(&ja), Vec::<&str>::new(), "{src}: {ja}");
        }
        let deep = "[".repeat(200) + &"]".repeat(200);
        let e = serde_json::from_str::<serde_json::Value>(&deep).expect_err("too deep");
        assert!(json_ja(&e.to_string()).contains("入れ子が深すぎます"));
    }
}
