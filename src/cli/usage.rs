//! Command-line usage errors in the user's language.
//!
//! clap writes its errors in English only; a compliance officer who mistypes an option
//! should read 「--format に「xml」は使えません」. The language is decided before the arguments
//! are understood: `--lang` on the command line if present, else the locale (`LC_ALL`,
//! `LC_MESSAGES`, `LANG`) when it is English, else Japanese. English errors are clap's own.

use crate::i18n::Lang;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use std::ffi::OsString;
use std::io::Write;

/// The language for usage errors: `--lang X` / `--lang=X` wins, then an English locale.
pub(super) fn lang_of(args: &[OsString]) -> Lang {
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        let value = match a.strip_prefix("--lang=") {
            Some(v) => Some(v.to_string()),
            None if a == "--lang" => it.next().map(|v| v.to_string()),
            None => None,
        };
        match value.as_deref() {
            Some("en") => return Lang::En,
            Some("ja") => return Lang::Ja,
            _ => {}
        }
    }
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
    match locale {
        Some(l) if l.starts_with("en") => Lang::En,
        _ => Lang::Ja,
    }
}

/// Prints a clap error (or the help or version it stands for) and returns the exit code:
/// 0 for help and version, 2 for a usage error.
pub(super) fn report(e: &clap::Error, lang: Lang) -> i32 {
    if !e.use_stderr() {
        let _ = e.print();
        return 0;
    }
    match (lang, japanese(e)) {
        (Lang::Ja, Some(msg)) => {
            let _ = std::io::stderr().write_all(msg.as_bytes());
        }
        _ => {
            let _ = e.print();
        }
    }
    2
}

fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    e.get(kind).map(|v| match v {
        ContextValue::String(s) => s.clone(),
        ContextValue::Strings(v) => v.join(", "),
        ContextValue::StyledStr(s) => s.to_string(),
        ContextValue::StyledStrs(v) => v
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        ContextValue::Number(n) => n.to_string(),
        ContextValue::Bool(b) => b.to_string(),
        _ => String::new(),
    })
}

/// The error as Japanese sentences with the usage line, `None` for kinds clap words best
/// (a missing subcommand prints the help, which is bilingual already).
fn japanese(e: &clap::Error) -> Option<String> {
    let arg = context(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = context(e, ContextKind::InvalidValue).unwrap_or_default();
    let suggestion = context(e, ContextKind::SuggestedArg)
        .or_else(|| context(e, ContextKind::SuggestedSubcommand))
        .or_else(|| context(e, ContextKind::SuggestedValue))
        .map(|s| format!("「{s}」のことですか？"))
        .unwrap_or_default();
    let msg = match e.kind() {
        ErrorKind::InvalidValue if value.is_empty() => {
            format!("{arg} に値を指定してください。")
        }
        ErrorKind::InvalidValue => {
            let valid = context(e, ContextKind::ValidValue)
                .map(|v| format!("使える値: {v}。"))
                .unwrap_or_default();
            format!("{arg} に「{value}」は使えません。{valid}{suggestion}")
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e)
                .map(|s| s.to_string())
                .unwrap_or_default();
            let why = why.split(" / ").next().unwrap_or_default();
            format!("{arg} の値「{value}」が正しくありません。{why}。")
        }
        ErrorKind::UnknownArgument => {
            format!("知らない引数「{arg}」があります。{suggestion}")
        }
        ErrorKind::InvalidSubcommand => {
            let sub = context(e, ContextKind::InvalidSubcommand).unwrap_or(arg);
            format!("知らないサブコマンド「{sub}」です。{suggestion}")
        }
        ErrorKind::NoEquals => format!("{arg} の値は = を付けて指定してください。"),
        ErrorKind::TooManyValues => format!("余分な引数「{value}」があります。"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("{arg} の値の数が正しくありません。")
        }
        ErrorKind::ArgumentConflict => {
            let prior = context(e, ContextKind::PriorArg).unwrap_or_default();
            if prior.is_empty() || prior == arg {
                format!("{arg} は 1 回だけ指定できます。")
            } else {
                format!("{arg} と {prior} は一緒に指定できません。")
            }
        }
        ErrorKind::MissingRequiredArgument => {
            format!("必須の引数 {arg} がありません。")
        }
        ErrorKind::InvalidUtf8 => "引数に UTF-8 として正しくない文字があります。".to_string(),
        _ => return None,
    };
    let usage = context(e, ContextKind::Usage)
        .map(|u| {
            let u = u.trim();
            format!(
                "\n\n使い方: {}",
                u.strip_prefix("Usage:").unwrap_or(u).trim()
            )
        })
        .unwrap_or_default();
    Some(format!(
        "エラー: {msg}{usage}\n\n詳しくは --help を付けて実行してください。\n"
    ))
}
