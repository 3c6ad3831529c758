//! What the SLA draft says about each SLA key of the evidence format: its name, what it
//! agrees, how its value is written (unit and bound: 以上, 以内, 前まで) and where it goes —
//! a row of the consolidated service-level table, or an article of its own. The order
//! follows Japanese medical SLAs (availability → reliability → data management → support →
//! security → termination), then the contract terms (reporting, credits, 免責, term, 協議);
//! the audit-rights article every hospital asks for has no key.

use crate::i18n::Lang;
use serde_json::Value;

/// How an SLA value is written in the document.
#[derive(Clone, Copy, Debug)]
pub enum Unit {
    /// Free text as given.
    Text,
    /// Percent.
    Percent,
    /// Days (`N日前`, `N日以内` depend on the body text).
    Days,
    /// Hours (fractions become minutes).
    Hours,
    /// Months.
    Months,
    /// Count (backup generations).
    Count,
    /// Yes/no.
    Flag,
    /// Who is responsible.
    Party,
    /// A list of names.
    List,
}

/// How a value binds the vendor, which decides the words after it in contract text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    /// As stated (texts, yes/no, facts).
    Exact,
    /// The value or more: `99.5%以上`, `7世代以上`.
    AtLeast,
    /// The value or less: `2時間以内`.
    Within,
    /// At least this far ahead: `14日前まで`.
    Before,
    /// A period: `24時間ごと`.
    Every,
}

/// The group of a service level, a heading of the consolidated table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// 可用性.
    Availability,
    /// 信頼性（障害・復旧）.
    Reliability,
    /// データ管理（バックアップ・保管場所）.
    Data,
    /// サポート.
    Support,
    /// セキュリティ.
    Security,
    /// 契約終了.
    Termination,
    /// Contract terms stated in articles of their own (premises, reporting, 免責 …).
    Terms,
}

impl Group {
    /// Label in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Group::Availability => lang.pick("可用性", "Availability"),
            Group::Reliability => lang.pick("信頼性", "Reliability"),
            Group::Data => lang.pick("データ管理", "Data"),
            Group::Support => lang.pick("サポート", "Support"),
            Group::Security => lang.pick("セキュリティ", "Security"),
            Group::Termination => lang.pick("契約終了", "Termination"),
            Group::Terms => lang.pick("契約条件", "Terms"),
        }
    }
}

/// One SLA key (or the audit article): its name, what it agrees, how its value is written.
#[derive(Clone, Copy, Debug)]
pub struct Article {
    /// SLA key (`None` for articles without a value).
    pub key: Option<&'static str>,
    /// Title (ja): the row label of the table, or the article's title.
    pub title: &'static str,
    /// Title (en).
    pub title_en: &'static str,
    /// What is agreed (ja): the table's 内容 column, or the article's lead sentence.
    pub body: &'static str,
    /// What is agreed (en).
    pub body_en: &'static str,
    /// How the value is written.
    pub unit: Unit,
    /// The words after the value.
    pub bound: Bound,
    /// Where it is shown.
    pub group: Group,
}

const fn art(
    key: &'static str,
    group: Group,
    unit: Unit,
    bound: Bound,
    title: (&'static str, &'static str),
    body: (&'static str, &'static str),
) -> Article {
    Article {
        key: Some(key),
        title: title.0,
        title_en: title.1,
        body: body.0,
        body_en: body.1,
        unit,
        bound,
        group,
    }
}

/// Every SLA key in document order, then the audit article.
pub const ARTICLES: &[Article] = {
    use Bound::*;
    use Group::*;
    use Unit::*;
    &[
        art("service_hours", Availability, Text, Exact, ("サービス提供時間", "Service hours"), ("本サービスを提供する時間帯（計画停止の時間を除く）", "When the service is provided, excluding planned maintenance")),
        art("availability_percent", Availability, Percent, AtLeast, ("サービス稼働率", "Availability"), ("月間の稼働率。（計画サービス時間 − 停止時間）÷ 計画サービス時間 × 100 により月ごとに算出する", "Monthly availability: (scheduled time − downtime) ÷ scheduled time × 100, per month")),
        art("maintenance_window", Availability, Text, Exact, ("計画停止の時間帯", "Maintenance window"), ("計画停止を原則として行う時間帯", "When planned maintenance normally takes place")),
        art("maintenance_hours_per_month", Availability, Hours, Within, ("計画停止の上限", "Planned maintenance per month"), ("1か月あたりの計画停止の時間", "Planned maintenance in one month")),
        art("planned_maintenance_notice_days", Availability, Days, Before, ("計画停止の事前通知", "Notice of planned maintenance"), ("計画停止を電子メール等で甲に知らせる時期（緊急のセキュリティ対応を除く）", "How far ahead Party A is told of planned maintenance by e-mail or similar (urgent security work excepted)")),
        art("incident_notice_hours", Reliability, Hours, Within, ("障害発生時の通知", "Incident notification"), ("障害を検知してから甲に第一報を通知するまでの時間。以後、復旧見込みと原因を報告する", "From detecting an outage to the first notice to Party A; recovery estimates and causes follow")),
        art("rto_hours", Reliability, Hours, Within, ("目標復旧時間（RTO）", "Recovery time objective (RTO)"), ("障害の発生から本サービスを再開するまでの目標時間", "Target time from an outage to the resumption of the service")),
        art("restore_drill_hours", Reliability, Hours, Exact, ("復旧訓練の実績", "Restore drill"), ("乙の復旧訓練でサービス全体の復旧に要した時間", "How long Party B's restore drill took to bring the whole service back")),
        art("rpo_hours", Reliability, Hours, Within, ("目標復旧時点（RPO）", "Recovery point objective (RPO)"), ("復旧時に失われうるデータの範囲（障害発生時点から遡った時間）", "How much data may be lost on recovery, counted back from the outage")),
        art("backup_frequency", Data, Text, Exact, ("バックアップの頻度", "Backup frequency"), ("甲のデータのバックアップを取得する頻度", "How often Party A's data is backed up")),
        art("backup_interval_hours", Data, Hours, Every, ("バックアップの取得間隔", "Backup interval"), ("バックアップとバックアップの間の時間", "Time between two backups")),
        art("backup_generations", Data, Count, AtLeast, ("バックアップの世代管理", "Backup generations"), ("ランサムウェア等による破損に備えて保持するバックアップの世代数", "Backup generations kept against corruption by ransomware and the like")),
        art("backup_offsite", Data, Flag, Exact, ("バックアップの遠隔地保管", "Off-site backup"), ("災害に備えた、本番環境と異なる地域でのバックアップの保管", "Backups kept in a region other than production, against disasters")),
        art("backup_offline", Data, Flag, Exact, ("バックアップのオフライン保管", "Offline backup"), ("サイバー攻撃に備えた、ネットワークから切り離した又は書換え不能な方式でのバックアップの保管", "Backups disconnected from the network or immutable, against cyber-attacks")),
        art("data_location", Data, Text, Exact, ("データの保管場所", "Data location"), ("甲のデータ（バックアップを含む）を保管する場所。国内法の執行が及ぶ範囲とする", "Where Party A's data, backups included, is stored, within the reach of Japanese law")),
        art("support_hours", Support, Text, Exact, ("問合せ受付時間", "Support hours"), ("甲からの問合せを受け付ける時間帯", "When Party A's enquiries are taken")),
        art("support_response_hours", Support, Hours, Within, ("問合せへの回答時間", "Support response time"), ("受付時間内に受け付けた問合せに回答又は一次回答するまでの時間", "Time to answer (or first answer) an enquiry received in support hours")),
        art("security_incident_notice_hours", Security, Hours, Within, ("セキュリティ事故の報告", "Security incident reporting"), ("医療情報の漏えい・滅失・毀損又はそのおそれを知ってから甲に報告するまでの時間。甲の法令上の報告義務の履行に協力する", "From learning of a leak, loss or damage of medical information (or a risk of it) to the report to Party A; Party B helps Party A meet its legal reporting duties")),
        art("log_retention_days", Security, Days, AtLeast, ("ログの保存期間", "Log retention"), ("アクセスログ及び操作ログを保存し、甲の求めに応じて提供する期間", "How long access and operation logs are kept and provided on request")),
        art("patch_critical_days", Security, Days, Within, ("重大な脆弱性への対応", "Critical vulnerabilities"), ("本サービスに影響する重大な脆弱性を認識してから修正又は回避策を適用するまでの日数", "Days from learning of a critical vulnerability affecting the service to a fix or workaround")),
        art("termination_notice_months", Termination, Months, Before, ("サービス提供終了の事前通知", "Notice of end of service"), ("本サービスの提供を終了する場合に甲に通知する時期", "How far ahead Party A is told that the service will end")),
        art("data_return_days", Termination, Days, Within, ("契約終了時のデータ返却", "Return of data at termination"), ("契約終了日から甲のデータを標準的な形式（CSV 等）で返却するまでの日数", "Days from termination to the return of Party A's data in a standard format such as CSV")),
        art("data_erasure_certificate", Termination, Flag, Exact, ("データの消去と証明", "Erasure and certificate"), ("データ返却後、甲のデータ（バックアップを含む）を復元不能な方法で消去したことを証明する書面の発行", "A certificate that Party A's data, backups included, was erased irrecoverably after its return")),
        art("prerequisites", Terms, Text, Exact, ("前提条件", "Prerequisites"), ("本サービスは、次の前提条件のもとで提供する。", "The service is provided on the following premises.")),
        art("availability_excludes_maintenance", Terms, Flag, Exact, ("稼働率の算定と計画停止", "Planned maintenance in the availability figure"), ("稼働率の算定において、計画停止の時間を停止時間から除く。", "Planned maintenance is left out of the downtime when availability is computed.")),
        art("outage_definition", Terms, Text, Exact, ("サービス停止の定義", "Definition of an outage"), ("本合意書において停止とは、次の状態をいう。", "An outage, in this agreement, is the following.")),
        art("availability_measurement", Terms, Text, Exact, ("稼働率の測定方法", "Measuring availability"), ("稼働率は、次の方法で測定し集計する。", "Availability is measured and totalled as follows.")),
        art("security_update_responsibility", Terms, Party, Exact, ("セキュリティ更新の責任", "Responsibility for security updates"), ("本サービスを構成するサーバ等のセキュリティ更新を行う責任の所在は次のとおりとする。", "Who is responsible for security updates of the servers making up the service.")),
        art("subcontractors", Terms, List, Exact, ("再委託先", "Subcontractors"), ("乙は、本サービスの提供に当たり次の者に業務を再委託する。再委託先には乙と同等の安全管理措置を契約により義務付け、変更するときは事前に甲に通知する。", "Party B subcontracts work to the following; subcontractors are bound by contract to equivalent safeguards, and changes are notified in advance.")),
        art("reporting", Terms, Text, Exact, ("報告", "Reporting"), ("乙は、サービスレベルの達成状況を次のとおり甲に報告する。", "Party B reports on the service levels to Party A as follows.")),
        art("review", Terms, Text, Exact, ("見直し", "Review"), ("本合意書のサービスレベルは、次のとおり見直す。", "The service levels are reviewed as follows.")),
        art("service_credits", Terms, Flag, Exact, ("サービスクレジット", "Service credits"), ("サービスレベルが未達の場合の利用料の減額・返金（サービスクレジット）の適用は、次のとおりとする。", "Whether fees are reduced or refunded when a service level is missed.")),
        art("service_credits_note", Terms, Text, Exact, ("サービスクレジットの内容", "Service credit terms"), ("サービスクレジットの内容は、次のとおりとする。", "The service credit terms are as follows.")),
        art("exemptions", Terms, List, Exact, ("免責", "Exemptions"), ("次の事由による停止又は未達には、本合意書のサービスレベルを適用しない。", "The service levels do not apply to outages or misses caused by the following.")),
        art("agreement_term", Terms, Text, Exact, ("有効期間", "Term"), ("本合意書の有効期間は、次のとおりとする。", "The agreement runs as follows.")),
        art("consultation", Terms, Text, Exact, ("協議", "Consultation"), ("本合意書に定めのない事項の扱いは、次のとおりとする。", "Matters this agreement does not settle are handled as follows.")),
        Article {
            key: None,
            title: "監査への協力",
            title_en: "Audit rights",
            body: "乙は、甲又は甲が指定する第三者による安全管理措置の確認（書面による報告、第三者認証の報告書の提示、必要に応じた実地確認を含む）に協力する。",
            body_en: "Party B cooperates with checks of its safeguards by Party A or a third party it appoints (written reports, third-party audit reports, and on-site checks where needed).",
            unit: Text,
            bound: Exact,
            group: Terms,
        },
    ]
};

/// The article of an SLA key.
pub fn article(key: &str) -> Option<&'static Article> {
    ARTICLES.iter().find(|a| a.key == Some(key))
}

/// A value in contract words: `99.5%以上`, `2時間以内`, `14日前まで`, `24時間ごと`; `None`
/// when the value is missing.
pub fn phrase(a: &Article, value: &Value, lang: Lang) -> Option<String> {
    let v = format_value(a.unit, value, lang)?;
    Some(bound_words(a.bound, v, lang))
}

fn bound_words(bound: Bound, v: String, lang: Lang) -> String {
    match (bound, lang) {
        (Bound::Exact, _) => v,
        (Bound::AtLeast, Lang::Ja) => format!("{v}以上"),
        (Bound::Within, Lang::Ja) => format!("{v}以内"),
        (Bound::Before, Lang::Ja) => format!("{v}前まで"),
        (Bound::Every, Lang::Ja) => format!("{v}ごと"),
        (Bound::AtLeast, Lang::En) => format!("at least {v}"),
        (Bound::Within, Lang::En) => format!("within {v}"),
        (Bound::Before, Lang::En) => format!("{v} ahead"),
        (Bound::Every, Lang::En) => format!("every {v}"),
    }
}

/// A profile's requirement in the same contract words as the value: `1時間以内`,
/// `99.9%以上`, `14日前まで`, `あり`.
pub fn requirement_phrase(a: &Article, rule: &crate::profile::SlaRule, lang: Lang) -> String {
    use crate::profile::SlaRule;
    let value = |v: f64| format_value(a.unit, &Value::from(v), lang).unwrap_or_default();
    match rule {
        SlaRule::Min(v) if a.bound == Bound::Before => bound_words(Bound::Before, value(*v), lang),
        SlaRule::Min(v) => bound_words(Bound::AtLeast, value(*v), lang),
        SlaRule::Max(v) => bound_words(Bound::Within, value(*v), lang),
        SlaRule::Equals(v) => format_value(a.unit, v, lang).unwrap_or_else(|| v.to_string()),
    }
}

/// Writes an SLA value the way a contract does; `None` when the value is missing.
pub fn format_value(unit: Unit, value: &Value, lang: Lang) -> Option<String> {
    let num = |v: &Value| v.as_f64().map(trim_number);
    Some(match (unit, value) {
        (_, Value::Null) => return None,
        (Unit::Percent, v) => format!("{}%", num(v)?),
        (Unit::Days, v) => {
            let days = v.as_f64()?;
            let years = days / 365.0;
            let whole_years = days >= 365.0 && (days - years.round() * 365.0).abs() <= 2.0;
            match (lang, whole_years) {
                (Lang::Ja, true) => format!("{}年（{}日）", years.round(), trim_number(days)),
                (Lang::Ja, false) => format!("{}日", trim_number(days)),
                (Lang::En, true) => {
                    format!("{} year(s) ({} days)", years.round(), trim_number(days))
                }
                (Lang::En, false) => format!("{} day(s)", trim_number(days)),
            }
        }
        (Unit::Hours, v) => {
            let h = v.as_f64()?;
            match (lang, h < 1.0) {
                (Lang::Ja, true) => format!("{}分", trim_number(h * 60.0)),
                (Lang::Ja, false) => format!("{}時間", trim_number(h)),
                (Lang::En, true) => format!("{} minutes", trim_number(h * 60.0)),
                (Lang::En, false) => format!("{} hour(s)", trim_number(h)),
            }
        }
        (Unit::Months, v) => match lang {
            Lang::Ja => format!("{}か月", num(v)?),
            Lang::En => format!("{} month(s)", num(v)?),
        },
        (Unit::Count, v) => match lang {
            Lang::Ja => format!("{}世代", num(v)?),
            Lang::En => format!("{} generation(s)", num(v)?),
        },
        (Unit::Flag, Value::Bool(b)) => lang
            .pick(
                if *b { "あり" } else { "なし" },
                if *b { "yes" } else { "no" },
            )
            .to_string(),
        (Unit::Party, Value::String(s)) => match s.as_str() {
            "vendor" => lang.pick("乙（事業者）", "Party B (vendor)").to_string(),
            "institution" => lang
                .pick("甲（医療機関等）", "Party A (institution)")
                .to_string(),
            "shared" => lang
                .pick(
                    "甲乙で分担（分担は別途定める）",
                    "shared (split defined separately)",
                )
                .to_string(),
            other => other.to_string(),
        },
        (Unit::List, Value::Array(items)) => items
            .iter()
            .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
            .collect::<Vec<_>>()
            .join(lang.pick("、", ", ")),
        (_, Value::String(s)) => s.clone(),
        (_, other) => other.to_string(),
    })
}

/// A profile's SLA requirement in the same words and units as the value it applies to:
/// `99.9% 以上`, `4時間 以内`, `あり`.
pub fn format_requirement(unit: Unit, rule: &crate::profile::SlaRule, lang: Lang) -> String {
    use crate::profile::SlaRule;
    match rule {
        SlaRule::Min(v) => format!(
            "{}{}",
            format_value(unit, &Value::from(*v), lang).unwrap_or_default(),
            lang.pick(" 以上", " or more")
        ),
        SlaRule::Max(v) => format!(
            "{}{}",
            format_value(unit, &Value::from(*v), lang).unwrap_or_default(),
            lang.pick(" 以内", " or less")
        ),
        SlaRule::Equals(v) => format_value(unit, v, lang).unwrap_or_else(|| v.to_string()),
    }
}

/// 99.90 → "99.9", 4.0 → "4".
fn trim_number(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_sla_key_has_exactly_one_article() {
        for key in crate::evidence::SLA_KEYS {
            assert_eq!(
                ARTICLES.iter().filter(|a| a.key == Some(key)).count(),
                1,
                "{key}"
            );
        }
    }

    #[test]
    fn table_rows_and_articles_read_like_a_contract() {
        let a = |k: &str| article(k).unwrap();
        assert_eq!(
            phrase(a("incident_notice_hours"), &json!(2), Lang::Ja).unwrap(),
            "2時間以内"
        );
        assert_eq!(
            phrase(a("availability_percent"), &json!(99.5), Lang::Ja).unwrap(),
            "99.5%以上"
        );
        assert_eq!(
            phrase(a("planned_maintenance_notice_days"), &json!(14), Lang::Ja).unwrap(),
            "14日前まで"
        );
        assert_eq!(
            phrase(a("backup_interval_hours"), &json!(24), Lang::En).unwrap(),
            "every 24 hour(s)"
        );
        assert!(phrase(a("rpo_hours"), &Value::Null, Lang::Ja).is_none());
        use crate::profile::SlaRule;
        assert_eq!(
            requirement_phrase(a("incident_notice_hours"), &SlaRule::Max(1.0), Lang::Ja),
            "1時間以内"
        );
        assert_eq!(
            requirement_phrase(
                a("planned_maintenance_notice_days"),
                &SlaRule::Min(30.0),
                Lang::Ja
            ),
            "30日前まで"
        );
        assert_eq!(
            requirement_phrase(a("log_retention_days"), &SlaRule::Min(1825.0), Lang::Ja),
            "5年（1825日）以上"
        );
    }

    #[test]
    fn values_are_written_like_a_contract() {
        assert_eq!(
            format_value(Unit::Percent, &json!(99.90), Lang::Ja).unwrap(),
            "99.9%"
        );
        assert_eq!(
            format_value(Unit::Hours, &json!(0.5), Lang::Ja).unwrap(),
            "30分"
        );
        assert_eq!(
            format_value(Unit::Hours, &json!(4), Lang::En).unwrap(),
            "4 hour(s)"
        );
        assert_eq!(
            format_value(Unit::Flag, &json!(true), Lang::Ja).unwrap(),
            "あり"
        );
        assert_eq!(
            format_value(Unit::List, &json!(["A社", "B社"]), Lang::Ja).unwrap(),
            "A社、B社"
        );
        assert!(format_value(Unit::Days, &Value::Null, Lang::Ja).is_none());
        assert_eq!(
            format_value(Unit::Days, &json!(2555), Lang::Ja).unwrap(),
            "7年（2555日）"
        );
        assert_eq!(
            format_value(Unit::Days, &json!(1825), Lang::Ja).unwrap(),
            "5年（1825日）"
        );
        assert_eq!(
            format_value(Unit::Days, &json!(30), Lang::Ja).unwrap(),
            "30日"
        );
        use crate::profile::SlaRule;
        assert_eq!(
            format_requirement(Unit::Percent, &SlaRule::Min(99.9), Lang::Ja),
            "99.9% 以上"
        );
        assert_eq!(
            format_requirement(Unit::Hours, &SlaRule::Max(4.0), Lang::Ja),
            "4時間 以内"
        );
        assert_eq!(
            format_requirement(Unit::Flag, &SlaRule::Equals(json!(true)), Lang::Ja),
            "あり"
        );
    }
}
