//! The SLA draft: numbered articles in one sequence, one consolidated service-level table
//! (項目 | 内容 | 設定値 | 備考), the contract terms real medical SLAs carry, gaps handled one
//! way (every missing value is 【要記入】 in place and listed at the end, in words, never as a
//! file key), the profile's shortfalls in contract style and the consistency notes.

use super::{edition_short, fill, given, RenderInput, MAINTENANCE_EDITION};
use crate::catalog::Responsibility;
use crate::i18n::Lang;
use crate::render::escape;
use crate::render::sla::{article, phrase, requirement_phrase, Article, Group, ARTICLES};
use crate::score::FailureCode;
use serde_json::{json, Value};

/// A value still to be filled in, named the way the document names it.
struct Gap {
    place: String,
    item: String,
}

struct Doc<'i, 'a> {
    input: &'i RenderInput<'a>,
    lang: Lang,
    gaps: Vec<Gap>,
    articles: Vec<Value>,
    /// The number of the service-level table's article, once it is placed.
    levels_no: usize,
}

impl Doc<'_, '_> {
    fn heading(&self, no: usize, title: &str) -> String {
        match self.lang {
            Lang::Ja => format!("第{no}条（{title}）"),
            Lang::En => format!("Article {no} {title}"),
        }
    }

    fn next_no(&self) -> usize {
        self.articles.len() + 1
    }

    /// The escaped value of an SLA key in contract words, or 【要記入】 (recorded as a gap
    /// of article `no`).
    fn value(&mut self, a: &Article, no: usize, article_title: &str) -> String {
        let key = a.key.unwrap_or_default();
        let v = self.input.evidence.sla.get(key);
        match phrase(a, &v, self.lang) {
            Some(s) => escape::inline(&s),
            None => {
                self.gaps.push(Gap {
                    place: self.heading(no, article_title),
                    item: self.lang.pick(a.title, a.title_en).to_string(),
                });
                fill(self.lang).to_string()
            }
        }
    }

    fn push(
        &mut self,
        title: &str,
        kind: &str,
        paragraphs: Vec<String>,
        items: Vec<String>,
        note: Option<String>,
    ) {
        let no = self.next_no();
        self.articles.push(json!({
            "no": no,
            "heading": self.heading(no, title),
            "kind": kind,
            "paragraphs": paragraphs,
            "items": items,
            "note": note,
        }));
    }

    /// An article holding one or more text keys: the lead sentence, then the value.
    fn text_article(&mut self, title: &str, keys: &[&str]) {
        let no = self.next_no();
        let mut paragraphs = Vec::new();
        for key in keys {
            let Some(a) = article(key) else { continue };
            let value = sentence(&self.value(a, no, title), self.lang);
            let lead = self.lang.pick(a.body, a.body_en);
            paragraphs.push(format!("{lead}{}{value}", self.lang.pick("", " ")));
        }
        self.push(title, "text", paragraphs, Vec::new(), None);
    }
}

/// Vendor text closed as a sentence (「。」 / "."), unless it already ends in punctuation
/// or is a gap to fill in.
fn sentence(text: &str, lang: Lang) -> String {
    let t = text.trim_end();
    let closed = t.ends_with(['。', '．', '.', '!', '?', '）', ')', '】', ']']);
    if closed || t.is_empty() {
        t.to_string()
    } else {
        format!("{t}{}", lang.pick("。", "."))
    }
}

/// The SLA draft's context.
pub(super) fn build(input: &RenderInput<'_>) -> Value {
    let lang = input.lang;
    let sla = &input.evidence.sla;
    let mut d = Doc {
        input,
        lang,
        gaps: vec![Gap {
            place: lang
                .pick("前文・署名欄", "Parties and signatures")
                .to_string(),
            item: lang
                .pick(
                    "甲（医療機関等）の名称・代表者",
                    "Party A's name and representative",
                )
                .to_string(),
        }],
        articles: Vec::new(),
        levels_no: 0,
    };

    d.push(
        lang.pick("目的と対象", "Purpose and scope"),
        "text",
        vec![lang.pick(
            "本合意書は、本サービスが利用できなくなるリスクを最小化し、医療情報の安全な取扱いを確保するため、甲乙がサービスレベルについて共通の理解を持つことを目的とする。",
            "The purpose is to minimise the risk of the service becoming unavailable and to secure the safe handling of medical information, through a shared understanding of service levels between the parties.",
        ).to_string()],
        Vec::new(),
        None,
    );
    d.push(
        lang.pick("提供範囲", "What the service covers"),
        "scope",
        Vec::new(),
        Vec::new(),
        None,
    );
    d.text_article(lang.pick("前提条件", "Prerequisites"), &["prerequisites"]);

    // Targets or guarantees (filled in once the credits article has its number).
    let basis_at = d.articles.len();
    d.push(
        lang.pick("サービスレベルの適用の考え方", "How the service levels apply"),
        "text",
        vec![
            lang.pick(
                "本合意書と利用契約の定めが異なる場合は、本合意書に別段の定めがない限り利用契約が優先する。",
                "Where this agreement differs from the service contract, the contract prevails unless this agreement says otherwise.",
            )
            .to_string(),
        ],
        Vec::new(),
        None,
    );

    // The consolidated table.
    let levels_no = d.next_no();
    let levels_title = lang.pick("サービスレベル", "Service levels");
    let (rows, shortfalls) = table_rows(&mut d, levels_no, levels_title);
    d.levels_no = levels_no;
    d.push(
        levels_title,
        "levels",
        vec![lang
            .pick(
                "乙は、本サービスを次の水準で提供する。",
                "Party B provides the service at the following levels.",
            )
            .to_string()],
        Vec::new(),
        None,
    );

    // Planned maintenance and how outages are measured.
    let maint_no = d.next_no();
    let maint_title = lang.pick("計画停止", "Planned maintenance");
    let mut maint = vec![match lang {
        Lang::Ja => format!("乙は、計画停止を第{levels_no}条の表の「計画停止の時間帯」に行い、同表の「計画停止の事前通知」の時期までに電子メール等により甲に通知する。緊急のセキュリティ対応のための停止はこの限りでないが、乙は速やかに甲に事後報告する。"),
        Lang::En => format!("Party B performs planned maintenance in the window of the table in Article {levels_no} and notifies Party A by e-mail or similar as that table says; urgent security work is excepted but reported promptly."),
    }];
    if let Some(a) = article("availability_excludes_maintenance") {
        maint.push(match sla.availability_excludes_maintenance {
            Some(false) => lang
                .pick(
                    "稼働率の算定では、計画停止の時間も停止時間に含める。",
                    "Planned maintenance counts as downtime when availability is computed.",
                )
                .to_string(),
            Some(true) => lang.pick(a.body, a.body_en).to_string(),
            None => {
                let v = d.value(a, maint_no, maint_title);
                format!(
                    "{}{v}",
                    lang.pick(
                        "稼働率の算定で計画停止を停止時間から除くか: ",
                        "Whether planned maintenance is left out of availability: "
                    )
                )
            }
        });
    }
    d.push(maint_title, "text", maint, Vec::new(), None);
    d.text_article(
        lang.pick(
            "サービス停止の定義と稼働率の測定",
            "Outages and how availability is measured",
        ),
        &["outage_definition", "availability_measurement"],
    );

    // Security updates, in words.
    security_update_article(&mut d);
    subcontractors_article(&mut d);
    d.text_article(
        lang.pick("報告・見直し", "Reporting and review"),
        &["reporting", "review"],
    );
    let audit = ARTICLES.iter().find(|a| a.key.is_none());
    if let Some(a) = audit {
        d.push(
            lang.pick(a.title, a.title_en),
            "text",
            vec![lang.pick(a.body, a.body_en).to_string()],
            Vec::new(),
            None,
        );
    }
    credits_article(&mut d);
    let credits_no = d.articles.len();
    let basis = match (sla.service_credits, lang) {
        (Some(true), Lang::Ja) => format!("本合意書の各値のうち、第{credits_no}条（サービスクレジット）の対象となるものは乙の保証値とし、その他は乙の目標値（努力目標）とする。"),
        (Some(true), Lang::En) => format!("Values covered by Article {credits_no} (service credits) are Party B's guarantees; the others are its targets."),
        (_, Lang::Ja) => "本合意書の各値は、乙の目標値（努力目標）とする。".to_string(),
        (_, Lang::En) => "Every value of this agreement is Party B's target.".to_string(),
    };
    if let Some(p) = d.articles[basis_at]["paragraphs"].as_array_mut() {
        p.push(basis.into());
    }
    list_article(&mut d, lang.pick("免責", "Exemptions"), "exemptions");
    d.text_article(lang.pick("有効期間", "Term"), &["agreement_term"]);
    d.text_article(lang.pick("協議", "Consultation"), &["consultation"]);

    let checks: Vec<String> = input
        .report
        .sla_checks
        .iter()
        .map(|c| escape::inline(c.message(lang)))
        .collect();
    let fills: Vec<Value> = d
        .gaps
        .iter()
        .map(|g| json!({ "place": g.place, "item": escape::inline(&g.item) }))
        .collect();
    json!({
        "parties": [
            { "role": lang.pick("甲（医療機関等）", "Party A (medical institution)"), "name": fill(lang) },
            { "role": lang.pick("乙（事業者）", "Party B (vendor)"), "name": escape::inline(&input.evidence.vendor.name) },
        ],
        "articles": d.articles,
        "rows": rows,
        "shortfalls": shortfalls,
        "checks": checks,
        "fills": fills,
        "scope": scope_rows(lang),
    })
}

/// The consolidated service-level table and the profile's shortfalls in contract words
/// (「障害発生時の通知: 2時間以内（要件: 1時間以内）」).
fn table_rows(d: &mut Doc<'_, '_>, no: usize, title: &str) -> (Vec<Value>, Vec<String>) {
    let lang = d.lang;
    let input = d.input;
    let failures = input.report.profile.as_ref().map(|p| &p.failures);
    let mut rows = Vec::new();
    let mut shortfalls = Vec::new();
    let mut group: Option<Group> = None;
    for a in ARTICLES.iter().filter(|a| a.group != Group::Terms) {
        let Some(key) = a.key else { continue };
        let value = d.value(a, no, title);
        let item = lang.pick(a.title, a.title_en);
        let mut notes: Vec<String> = Vec::new();
        // What the profile requires, and whether it is met.
        if let Some(rule) = input.profile.and_then(|p| p.sla.get(key)) {
            let req = escape::inline(&requirement_phrase(a, rule, lang));
            let failure = failures.and_then(|fs| fs.iter().find(|f| f.key == key));
            match failure {
                Some(f) => {
                    notes.push(format!(
                        "{}{req}{}",
                        lang.pick("要件: ", "required: "),
                        lang.pick("（未達）", " (not met)")
                    ));
                    let shown = if f.code == FailureCode::SlaMissing {
                        lang.pick("値の記載なし", "no value given").to_string()
                    } else {
                        value.clone()
                    };
                    shortfalls.push(match lang {
                        Lang::Ja => format!("第{no}条 {item}: {shown}（要件: {req}）"),
                        Lang::En => format!("Article {no} {item}: {shown} (required: {req})"),
                    });
                }
                None => notes.push(format!("{}{req}", lang.pick("要件: ", "required: "))),
            }
        }
        // Consistency notes about this value.
        for (i, c) in input.report.sla_checks.iter().enumerate() {
            if c.key == key {
                notes.push(match lang {
                    Lang::Ja => format!("整合性の注記{}を参照", i + 1),
                    Lang::En => format!("see consistency note {}", i + 1),
                });
            }
        }
        let group_label = (group != Some(a.group)).then(|| a.group.label(lang));
        group = Some(a.group);
        rows.push(json!({
            "group": group_label,
            "item": item,
            "body": lang.pick(a.body, a.body_en),
            "value": value,
            "note": if notes.is_empty() { "－".to_string() } else { notes.join(lang.pick("。", "; ")) },
        }));
    }
    (rows, shortfalls)
}

/// The security-update article: when the vendor is responsible, the sentence a small
/// institution needs (MHLW 7.0's 保守委託機関編 accepts YES only when the contract, terms or
/// SLA say so); otherwise who is, and that the statement is missing.
fn security_update_article(d: &mut Doc<'_, '_>) {
    let lang = d.lang;
    let no = d.next_no();
    let title = lang.pick(
        "セキュリティ更新の責任",
        "Responsibility for security updates",
    );
    let part = edition_short(d.input.catalog, MAINTENANCE_EDITION, lang)
        .map(|s| escape::inline(&s))
        .unwrap_or_else(|| lang.pick("安全管理GL", "the MHLW guideline").to_string());
    let levels = d.levels_no;
    let (body, note) = match d.input.evidence.sla.security_update_responsibility {
        Some(Responsibility::Vendor) => (
            match lang {
                Lang::Ja => format!("乙は、本サービスを構成するすべてのサーバ（OS、ミドルウェア及びアプリケーションを含む）のセキュリティ更新を行う責任を負い、重大な脆弱性には第{levels}条の表の期間内に修正又は回避策を適用する。"),
                Lang::En => format!("Party B is responsible for the security updates of every server making up the service (operating system, middleware and applications included) and applies fixes or workarounds for critical vulnerabilities within the period of the table in Article {levels}."),
            },
            match lang {
                Lang::Ja => format!("注: 本条は、{part} の保守委託機関編の確認（契約・利用規約・SLA に、事業者がサーバのセキュリティ更新を行う旨の記載があるか）に医療機関等が「はい」と回答するための記載である。"),
                Lang::En => format!("Note: this article is the statement an institution needs to answer \"yes\" in the maintenance-contractor part of {part} (the contract, terms or SLA state that the vendor updates the servers)."),
            },
        ),
        Some(other) => (
            match (other, lang) {
                (Responsibility::Institution, Lang::Ja) => "本サービスを構成するサーバのセキュリティ更新は甲が行い、乙は更新に必要な情報を甲に提供する。".to_string(),
                (Responsibility::Institution, Lang::En) => "Party A applies the security updates of the servers making up the service; Party B provides the information it needs.".to_string(),
                (_, Lang::Ja) => "本サービスを構成するサーバのセキュリティ更新は甲乙で分担し、その分担は責任分界表による。".to_string(),
                (_, Lang::En) => "The security updates of the servers making up the service are shared between the parties as the responsibility matrix says.".to_string(),
            },
            match lang {
                Lang::Ja => format!("注: 乙がすべてのサーバのセキュリティ更新に責任を負うとは定めていないため、{part} の保守委託機関編の確認には「はい」と回答できない。"),
                Lang::En => format!("Note: Party B does not take responsibility for updating every server, so the maintenance-contractor check of {part} cannot be answered \"yes\"."),
            },
        ),
        None => {
            let a = article("security_update_responsibility");
            let value = match a {
                Some(a) => d.value(a, no, title),
                None => fill(lang).to_string(),
            };
            (
                format!("{}{value}", lang.pick("本サービスを構成するサーバのセキュリティ更新を行う者: ", "Who applies the security updates of the service's servers: ")),
                match lang {
                    Lang::Ja => format!("注: {part} の保守委託機関編の確認には、契約・利用規約・SLA に事業者がセキュリティ更新を行う旨の記載が必要である。"),
                    Lang::En => format!("Note: the maintenance-contractor check of {part} needs the contract, terms or SLA to say that the vendor applies security updates."),
                },
            )
        }
    };
    d.push(title, "text", vec![body], Vec::new(), Some(note));
}

fn subcontractors_article(d: &mut Doc<'_, '_>) {
    let lang = d.lang;
    let no = d.next_no();
    let title = lang.pick("再委託", "Subcontracting");
    let Some(a) = article("subcontractors") else {
        return;
    };
    let lead = lang.pick(a.body, a.body_en).to_string();
    let items: Vec<String> = match d.input.evidence.sla.subcontractors.as_deref() {
        Some(list) if !list.is_empty() => list.iter().map(|s| escape::inline(s)).collect(),
        _ => vec![d.value(a, no, title)],
    };
    d.push(title, "text", vec![lead], items, None);
}

fn credits_article(d: &mut Doc<'_, '_>) {
    let lang = d.lang;
    let no = d.next_no();
    let title = lang.pick("サービスクレジット", "Service credits");
    let sla = &d.input.evidence.sla;
    let mut paragraphs = Vec::new();
    match sla.service_credits {
        Some(true) => paragraphs.push(lang.pick("サービスレベルが未達の場合、乙は次のとおり利用料を減額する。", "When a service level is missed, Party B reduces the fee as follows.").to_string()),
        Some(false) => paragraphs.push(lang.pick("サービスレベルが未達の場合の利用料の減額・返金（サービスクレジット）は適用しない。", "No fee reduction or refund (service credit) applies when a service level is missed.").to_string()),
        None => {
            if let Some(a) = article("service_credits") {
                let v = d.value(a, no, title);
                paragraphs.push(format!("{}{v}", lang.pick("サービスクレジット（減額・返金）の適用: ", "Service credits (fee reductions or refunds): ")));
            }
        }
    }
    match given(sla.service_credits_note.as_deref()) {
        Some(note) => paragraphs.push(sentence(&note, lang)),
        None if sla.service_credits == Some(true) => {
            if let Some(a) = article("service_credits_note") {
                let v = d.value(a, no, title);
                paragraphs.push(format!(
                    "{}{v}",
                    lang.pick("減額の内容: ", "Credit terms: ")
                ));
            }
        }
        None => {}
    }
    d.push(title, "text", paragraphs, Vec::new(), None);
}

fn list_article(d: &mut Doc<'_, '_>, title: &str, key: &str) {
    let lang = d.lang;
    let no = d.next_no();
    let Some(a) = article(key) else { return };
    let lead = lang.pick(a.body, a.body_en).to_string();
    let value = d.input.evidence.sla.get(key);
    let items: Vec<String> = match value.as_array() {
        Some(list) if !list.is_empty() => list
            .iter()
            .filter_map(|v| v.as_str())
            .map(escape::inline)
            .collect(),
        _ => vec![d.value(a, no, title)],
    };
    d.push(title, "text", vec![lead], items, None);
}

fn scope_rows(lang: Lang) -> Vec<Value> {
    let rows: [(&str, &str, bool, &str, &str); 4] = [
        (
            "クラウドサービス（アプリケーション及び技術サポート）",
            "Cloud service (application and technical support)",
            true,
            "本合意書の対象",
            "covered",
        ),
        (
            "ネットワーク（回線・VPN）",
            "Network (lines, VPN)",
            false,
            "甲又は通信事業者の管理とする",
            "managed by Party A or the carrier",
        ),
        (
            "使用機器（端末PC・ネットワーク機器）",
            "Devices (PCs, network equipment)",
            false,
            "甲の管理とする",
            "managed by Party A",
        ),
        (
            "ソフトウェア（OS・ブラウザ）",
            "Software (OS, browser)",
            false,
            "本サービスの利用に必要な範囲で技術支援を行う",
            "technical support only as needed to use the service",
        ),
    ];
    rows.iter()
        .map(|(ja, en, inside, nja, nen)| {
            json!({
                "item": lang.pick(ja, en),
                "included": if *inside { "○" } else { "×" },
                "note": lang.pick(nja, nen),
            })
        })
        .collect()
}
