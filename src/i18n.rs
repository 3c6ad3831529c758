//! Languages and bilingual text.
//!
//! Messages and documents are Japanese by default (the users are Japanese compliance
//! officers) with English on request. The library stores both languages side by side in
//! [`Text`] so that lower layers never need to know which one the user asked for; the edge
//! (CLI, renderer) picks one.

use serde::Serialize;

/// The language of messages and documents.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// 日本語 (default).
    #[default]
    Ja,
    /// English.
    En,
}

impl Lang {
    /// Picks the Japanese or the English variant.
    pub fn pick<'a>(self, ja: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }

    /// Picks between optional variants, falling back to the other language when one is missing.
    pub fn pick_opt<'a>(self, ja: Option<&'a str>, en: Option<&'a str>) -> Option<&'a str> {
        match self {
            Lang::Ja => ja.or(en),
            Lang::En => en.or(ja),
        }
    }

    /// The BCP 47 code, for `lang=` attributes.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }
}

/// A date as Japanese documents write it (`2026年11月1日`), or ISO 8601 in English.
pub fn format_date(d: chrono::NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Ja => d.format("%Y年%-m月%-d日").to_string(),
        Lang::En => d.format("%Y-%m-%d").to_string(),
    }
}

/// A message in both languages, so that it can be rendered once at the edge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Text {
    /// Japanese.
    pub ja: String,
    /// English.
    pub en: String,
}

impl Text {
    /// Builds a bilingual text.
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            ja: ja.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.ja, &self.en)
    }
}

/// Builds a [`Text`] from two `format!` argument lists: `text!(["ja {}", x], ["en {}", x])`.
#[macro_export]
macro_rules! text {
    ([$($ja:tt)*], [$($en:tt)*]) => {
        $crate::i18n::Text::new(format!($($ja)*), format!($($en)*))
    };
}
