//! The Tera templates: built into the binary, each replaceable by a file of the same name in
//! a user's `--templates DIR` (the seam mdBook uses for themes).

use crate::error::{Error, Result};
use crate::text;
use std::path::Path;
use tera::Tera;

/// The built-in templates, by name.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "disclosure.md.tera",
        include_str!("../../templates/disclosure.md.tera"),
    ),
    ("sla.md.tera", include_str!("../../templates/sla.md.tera")),
    (
        "report.md.tera",
        include_str!("../../templates/report.md.tera"),
    ),
    (
        "compare.md.tera",
        include_str!("../../templates/compare.md.tera"),
    ),
    (
        "page.html.tera",
        include_str!("../../templates/page.html.tera"),
    ),
];

/// The screen CSS of the built-in HTML page template, without its `@page` rules (which hold
/// the document's running header): the web workbench styles its pages with it, so that they
/// look like the documents they preview.
pub fn document_css() -> String {
    let page = BUILTIN
        .iter()
        .find(|(n, _)| *n == "page.html.tera")
        .map_or("", |(_, s)| s);
    let css = page
        .split_once("<style>")
        .and_then(|(_, rest)| rest.split_once("</style>"))
        .map_or("", |(css, _)| css);
    let mut out = String::with_capacity(css.len());
    let mut depth = 0usize;
    let mut rest = css;
    while !rest.is_empty() {
        if depth == 0 {
            match rest.find("@page") {
                Some(i) => {
                    out.push_str(&rest[..i]);
                    rest = &rest[i..];
                    let open = rest.find('{').map_or(rest.len(), |j| j + 1);
                    rest = &rest[open..];
                    depth = 1;
                }
                None => {
                    out.push_str(rest);
                    rest = "";
                }
            }
        } else {
            let next = rest.find(['{', '}']).unwrap_or(rest.len());
            match rest[next..].chars().next() {
                Some('{') => depth += 1,
                Some('}') => depth -= 1,
                _ => {}
            }
            rest = &rest[(next + 1).min(rest.len())..];
        }
    }
    out.lines()
        .filter(|l| !l.contains("{{") && !l.contains("{%"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Loads the templates named in `wanted` (the document's, and the page's for HTML): the
/// built-in ones, then the user's replacements. Only those are parsed, which is most of a
/// Markdown render's time otherwise; every file of the user's folder is still checked to be a
/// name we know (a file with another name would silently do nothing).
pub fn load(user_dir: Option<&Path>, wanted: &[&str]) -> Result<Tera> {
    let mut tera = Tera::default();
    // Markdown templates are not HTML-escaped (their vendor text is Markdown-escaped in the
    // context instead); the page template is.
    tera.autoescape_on(vec![".html.tera"]);
    let mut sources: Vec<(String, String)> = BUILTIN
        .iter()
        .filter(|(n, _)| wanted.contains(n))
        .map(|(n, s)| (n.to_string(), s.to_string()))
        .collect();
    if let Some(dir) = user_dir {
        let entries = std::fs::read_dir(dir).map_err(|e| {
            Error::Usage(text!(
                [
                    "テンプレートのフォルダ {} を読めません（{e}）。",
                    dir.display()
                ],
                ["cannot read the templates folder {} ({e}).", dir.display()]
            ))
        })?;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if !name.ends_with(".tera") {
                continue;
            }
            if !BUILTIN.iter().any(|(n, _)| *n == name) {
                let known: Vec<&str> = BUILTIN.iter().map(|(n, _)| *n).collect();
                return Err(Error::Usage(text!(
                    [
                        "テンプレート {name} は使われません。置き換えられるのは {} です。",
                        known.join(", ")
                    ],
                    [
                        "template {name} would not be used; replaceable templates are {}.",
                        known.join(", ")
                    ]
                )));
            }
            let Some(slot) = sources.iter_mut().find(|(n, _)| *n == name) else {
                continue; // a known template this render does not use
            };
            slot.1 = std::fs::read_to_string(entry.path()).map_err(|e| {
                Error::Usage(text!(
                    ["テンプレート {name} を読めません（{e}）。"],
                    ["cannot read template {name} ({e})."]
                ))
            })?;
        }
    }
    tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        .map_err(|e| template_error(&e))?;
    Ok(tera)
}

/// A Tera error with its whole cause chain (Tera's top-level message alone is vague).
pub fn template_error(e: &tera::Error) -> Error {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    Error::Render(text!(
        ["テンプレートの処理に失敗しました: {msg}"],
        ["template error: {msg}"]
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_document_css_has_no_page_rules_or_template_tags() {
        let css = super::document_css();
        assert!(css.contains("table {"), "{css}");
        assert!(
            !css.contains("@page") && !css.contains("{{") && !css.contains("@top-left"),
            "{css}"
        );
        assert_eq!(css.matches('{').count(), css.matches('}').count(), "{css}");
    }
}
