//! The articles of the SLA draft: one per SLA key of the evidence format, in the order of
//! Japanese medical SLAs (availability → reliability → data management → support →
//! security → termination), plus the audit-rights article that every hospital asks for.

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

/// One article: the SLA key it shows, its title and the sentence explaining it.
#[derive(Clone, Copy, Debug)]
pub struct Article {
    /// SLA key (`None` for articles without a value).
    pub key: Option<&'static str>,
    /// Title (ja).
    pub title: &'static str,
    /// Title (en).
    pub title_en: &'static str,
    /// What the article agrees (ja).
    pub body: &'static str,
    /// What the article agrees (en).
    pub body_en: &'static str,
    /// How the value is written.
    pub unit: Unit,
}

/// The service-level articles, numbered from 3 (1 = purpose, 2 = scope).
pub const ARTICLES: &[Article] = &[
    Article { key: Some("service_hours"), title: "サービス提供時間", title_en: "Service hours", body: "乙は、次の時間帯に本サービスを提供する。計画停止の時間は含まない。", body_en: "Party B provides the service during the following hours, excluding planned maintenance.", unit: Unit::Text },
    Article { key: Some("availability_percent"), title: "サービス稼働率", title_en: "Availability", body: "月間の稼働率を次の値以上とする。稼働率は（計画サービス時間 − 停止時間）÷ 計画サービス時間 × 100 により月ごとに算出し、計画停止、甲の責による停止及び不可抗力による停止は停止時間に含めない。", body_en: "Monthly availability is at least the following value, computed as (scheduled time − downtime) ÷ scheduled time × 100; planned maintenance, outages caused by Party A and force majeure are not counted as downtime.", unit: Unit::Percent },
    Article { key: Some("planned_maintenance_notice_days"), title: "計画停止の事前通知", title_en: "Notice of planned maintenance", body: "乙は、計画停止を行う場合、次の日数前までに電子メール等により甲に通知する。緊急のセキュリティ対応はこの限りでないが、速やかに事後報告する。", body_en: "Party B notifies Party A of planned maintenance at least this many days ahead by e-mail or similar; urgent security work is excepted but reported promptly.", unit: Unit::Days },
    Article { key: Some("incident_notice_hours"), title: "障害発生時の通知", title_en: "Incident notification", body: "乙は、本サービスの障害を検知したとき、次の時間以内に甲に第一報を通知し、以後、復旧見込みと原因を報告する。", body_en: "On detecting an outage Party B sends a first notice to Party A within this time, then reports recovery estimates and causes.", unit: Unit::Hours },
    Article { key: Some("rto_hours"), title: "目標復旧時間（RTO）", title_en: "Recovery time objective (RTO)", body: "障害の発生から本サービスを再開するまでの目標時間を次のとおりとする。", body_en: "The target time from an outage to the resumption of the service.", unit: Unit::Hours },
    Article { key: Some("rpo_hours"), title: "目標復旧時点（RPO）", title_en: "Recovery point objective (RPO)", body: "障害からの復旧時に失われうるデータの範囲を、障害発生時点から遡って次の時間以内とする。", body_en: "Data lost on recovery is limited to at most this period before the outage.", unit: Unit::Hours },
    Article { key: Some("backup_frequency"), title: "バックアップの頻度", title_en: "Backup frequency", body: "乙は、甲のデータを次の頻度でバックアップする。", body_en: "Party B backs up Party A's data at this frequency.", unit: Unit::Text },
    Article { key: Some("backup_generations"), title: "バックアップの世代管理", title_en: "Backup generations", body: "乙は、ランサムウェア等による破損に備え、バックアップを次の世代数以上保持する。", body_en: "Party B keeps at least this many backup generations, against corruption by ransomware and the like.", unit: Unit::Count },
    Article { key: Some("backup_offsite"), title: "バックアップの遠隔地保管", title_en: "Off-site backup", body: "乙は、災害に備えたバックアップの遠隔地保管（本番環境と異なる地域での保管）について、次のとおりとする。", body_en: "Off-site storage of backups (in a region other than production), against disasters, is as follows.", unit: Unit::Flag },
    Article { key: Some("backup_offline"), title: "バックアップのオフライン保管", title_en: "Offline backup", body: "乙は、サイバー攻撃に備えたバックアップのオフライン保管（ネットワークから切り離した、又は書換え不能な方式での保管）について、次のとおりとする。", body_en: "Offline storage of backups (disconnected from the network or immutable), against cyber-attacks, is as follows.", unit: Unit::Flag },
    Article { key: Some("support_hours"), title: "問合せ受付時間", title_en: "Support hours", body: "乙は、次の時間帯に甲からの問合せを受け付ける。", body_en: "Party B takes Party A's enquiries during these hours.", unit: Unit::Text },
    Article { key: Some("support_response_hours"), title: "問合せへの回答時間", title_en: "Support response time", body: "乙は、受付時間内に受け付けた問合せに、次の時間以内に回答又は一次回答を行う。", body_en: "Party B answers (or gives a first answer to) enquiries received in support hours within this time.", unit: Unit::Hours },
    Article { key: Some("security_incident_notice_hours"), title: "セキュリティ事故の報告", title_en: "Security incident reporting", body: "乙は、医療情報の漏えい、滅失、毀損又はそのおそれのある事態を知ったとき、次の時間以内に甲に報告し、甲の法令上の報告義務の履行に協力する。", body_en: "On learning of a leak, loss or damage of medical information, or a risk of it, Party B reports to Party A within this time and helps Party A meet its legal reporting duties.", unit: Unit::Hours },
    Article { key: Some("log_retention_days"), title: "ログの保存期間", title_en: "Log retention", body: "乙は、アクセスログ及び操作ログを次の期間保存し、甲の求めに応じて提供する。", body_en: "Party B keeps access and operation logs for this period and provides them on request.", unit: Unit::Days },
    Article { key: Some("patch_critical_days"), title: "重大な脆弱性への対応", title_en: "Critical vulnerabilities", body: "乙は、本サービスに影響する重大な脆弱性を認識した日から次の日数以内に修正又は回避策を適用する。", body_en: "Party B applies a fix or workaround for critical vulnerabilities affecting the service within this many days of learning of them.", unit: Unit::Days },
    Article { key: Some("security_update_responsibility"), title: "セキュリティ更新の責任", title_en: "Responsibility for security updates", body: "本サービスを構成するソフトウェア等のセキュリティ更新を行う責任の所在を次のとおりとする。", body_en: "Who is responsible for security updates of the software making up the service.", unit: Unit::Party },
    Article { key: Some("data_location"), title: "データの保管場所", title_en: "Data location", body: "甲のデータ（バックアップを含む）は、次の場所に保管する。保管場所は国内法の執行が及ぶ範囲とする。", body_en: "Party A's data, backups included, is stored here, within the reach of Japanese law.", unit: Unit::Text },
    Article { key: Some("subcontractors"), title: "再委託先", title_en: "Subcontractors", body: "乙は、本サービスの提供に当たり次の者に業務を再委託する。再委託先には乙と同等の安全管理措置を契約により義務付け、変更するときは事前に甲に通知する。", body_en: "Party B subcontracts work to the following; subcontractors are bound by contract to equivalent safeguards, and changes are notified in advance.", unit: Unit::List },
    Article { key: Some("termination_notice_months"), title: "サービス提供終了の事前通知", title_en: "Notice of end of service", body: "乙は、本サービスの提供を終了する場合、次の期間前までに甲に通知する。", body_en: "Party B gives this much notice before ending the service.", unit: Unit::Months },
    Article { key: Some("data_return_days"), title: "契約終了時のデータ返却", title_en: "Return of data at termination", body: "乙は、契約終了日から次の日数以内に、甲のデータを標準的な形式（CSV 等）で甲に返却する。", body_en: "Party B returns Party A's data in a standard format (such as CSV) within this many days of termination.", unit: Unit::Days },
    Article { key: Some("data_erasure_certificate"), title: "データの消去と証明", title_en: "Erasure and certificate", body: "乙は、データ返却後に甲のデータ（バックアップを含む）を復元不能な方法で消去する。消去証明書の発行は次のとおりとする。", body_en: "After returning Party A's data, Party B erases it irrecoverably, backups included; an erasure certificate is issued as follows.", unit: Unit::Flag },
    Article { key: Some("prerequisites"), title: "前提条件", title_en: "Prerequisites", body: "本サービスは次の前提条件のもとで提供する。", body_en: "The service is provided on the following premises.", unit: Unit::Text },
    Article { key: Some("availability_excludes_maintenance"), title: "稼働率の算定と計画停止", title_en: "Planned maintenance in the availability figure", body: "稼働率の算定において計画停止を停止時間から除くかどうかは次のとおりとする。", body_en: "Whether planned maintenance is left out of the downtime when availability is computed.", unit: Unit::Flag },
    Article { key: Some("outage_definition"), title: "サービス停止の定義", title_en: "Definition of an outage", body: "本合意書において停止とは、次の状態をいう。", body_en: "An outage, in this agreement, is the following.", unit: Unit::Text },
    Article { key: Some("availability_measurement"), title: "稼働率の測定方法", title_en: "Measuring availability", body: "稼働率は次の方法で測定し、集計する。", body_en: "Availability is measured and totalled as follows.", unit: Unit::Text },
    Article { key: Some("maintenance_window"), title: "計画停止の時間帯", title_en: "Maintenance window", body: "乙は、計画停止を原則として次の時間帯に行う。", body_en: "Party B performs planned maintenance in this window as a rule.", unit: Unit::Text },
    Article { key: Some("maintenance_hours_per_month"), title: "計画停止の上限", title_en: "Planned maintenance per month", body: "計画停止の時間は、1か月あたり次の時間以内とする。", body_en: "Planned maintenance takes at most this long per month.", unit: Unit::Hours },
    Article { key: Some("restore_drill_hours"), title: "復旧訓練の実績", title_en: "Restore drill", body: "乙が行った復旧訓練において、サービス全体の復旧に要した時間は次のとおりである。", body_en: "In Party B's restore drill, bringing the whole service back took this long.", unit: Unit::Hours },
    Article { key: Some("backup_interval_hours"), title: "バックアップの取得間隔", title_en: "Backup interval", body: "乙は、次の間隔でバックアップを取得する。", body_en: "Party B takes backups at this interval.", unit: Unit::Hours },
    Article { key: Some("reporting"), title: "報告", title_en: "Reporting", body: "乙は、サービスレベルの達成状況を次のとおり甲に報告する。", body_en: "Party B reports on the service levels to Party A as follows.", unit: Unit::Text },
    Article { key: Some("review"), title: "見直し", title_en: "Review", body: "本合意書のサービスレベルは次のとおり見直す。", body_en: "The service levels are reviewed as follows.", unit: Unit::Text },
    Article { key: Some("service_credits"), title: "サービスクレジット", title_en: "Service credits", body: "サービスレベルが未達の場合の減額・返金（サービスクレジット）の適用は次のとおりとする。", body_en: "Whether fees are reduced or refunded when a level is missed.", unit: Unit::Flag },
    Article { key: Some("service_credits_note"), title: "サービスクレジットの内容", title_en: "Service credit terms", body: "サービスクレジットの内容は次のとおりとする。", body_en: "The service credit terms are as follows.", unit: Unit::Text },
    Article { key: Some("exemptions"), title: "免責", title_en: "Exemptions", body: "次の事由による停止又は未達には、本合意書のサービスレベルを適用しない。", body_en: "The service levels do not apply to outages or misses caused by the following.", unit: Unit::List },
    Article { key: Some("agreement_term"), title: "有効期間", title_en: "Term", body: "本合意書の有効期間は次のとおりとする。", body_en: "The agreement runs as follows.", unit: Unit::Text },
    Article { key: Some("consultation"), title: "協議", title_en: "Consultation", body: "本合意書に定めのない事項の扱いは次のとおりとする。", body_en: "Matters this agreement does not settle are handled as follows.", unit: Unit::Text },
    Article { key: None, title: "監査への協力", title_en: "Audit rights", body: "乙は、甲又は甲が指定する第三者による安全管理措置の確認（書面による報告、第三者認証の報告書の提示、必要に応じた実地確認を含む）に協力する。", body_en: "Party B cooperates with checks of its safeguards by Party A or a third party it appoints (written reports, third-party audit reports, and on-site checks where needed).", unit: Unit::Text },
];

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
