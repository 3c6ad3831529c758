//! The fixed words of the documents, in Japanese and English. Templates say `{{ t.key }}`,
//! so one template serves both languages and a user's template can reuse the same words.

use crate::i18n::Lang;
use std::collections::BTreeMap;

/// (key, Japanese, English).
const LABELS: &[(&str, &str, &str)] = &[
    ("disclosure_title", "サービス仕様適合開示書", "Service Specification Conformance Disclosure"),
    ("sla_title", "サービス・レベル合意書（SLA）案", "Service Level Agreement (SLA) — draft"),
    ("sla_subtitle", "対象サービス", "Service"),
    ("report_title", "評価報告書", "Assessment Report"),
    ("field", "項目", "Item"),
    ("value", "内容", "Details"),
    ("vendor_name", "事業者名", "Vendor"),
    ("service_name", "サービス名", "Service"),
    ("service_model", "提供形態", "Service model"),
    ("version", "版", "Version"),
    ("prepared_on", "作成日", "Prepared on"),
    ("contact", "連絡先", "Contact"),
    ("as_of", "評価基準日", "As of"),
    ("as_of_inline", "評価基準日", "as of"),
    ("scope", "対象範囲", "Scope"),
    ("guidelines", "準拠・参照するガイドライン等", "Guidelines and references"),
    ("verdict", "総合判定", "Verdict"),
    ("overall_score", "総合スコア", "Overall score"),
    ("overall", "全体", "Overall"),
    ("score", "スコア", "Score"),
    ("legend_title", "凡例", "Legend"),
    ("legend_note", "記号と判定は sansho による整理であり、ガイドラインが定める様式ではありません。", "The symbols and verdicts are sansho's own summary, not a form prescribed by the guidelines."),
    ("mic_short", "クラウドGL", "MIC cloud GL"),
    ("col_no", "項番", "No."),
    ("col_item", "対策項目", "Control"),
    ("col_refs", "ガイドライン該当箇所", "Guideline refs"),
    ("col_status", "適合状況", "Status"),
    ("col_statement", "実施内容", "What the vendor does"),
    ("col_customer", "医療機関等に求める事項", "Required of the institution"),
    ("documents_title", "エビデンス文書一覧", "Evidence documents"),
    ("col_doc_id", "文書ID", "ID"),
    ("col_doc_title", "文書名", "Title"),
    ("col_issued", "発行日", "Issued"),
    ("col_expires", "有効期限", "Expires"),
    ("col_sha", "SHA-256（先頭16桁）", "SHA-256 (first 16)"),
    ("col_doc_state", "状態", "State"),
    ("col_cited", "引用数", "Cited by"),
    ("no_documents", "エビデンス文書の登録はありません。", "No evidence documents are listed."),
    ("summary_title", "評価の概要", "Scoring summary"),
    ("col_area", "領域", "Area"),
    ("col_applicable", "対象項目数", "Applicable"),
    ("col_counts", "内訳", "Breakdown"),
    ("provenance", "来歴", "Provenance"),
    ("catalog", "カタログ", "catalog"),
    ("sep", "／", "/"),
    ("lp", "（", " ("),
    ("rp", "）", ")"),
    ("gap", "　", " · "),
    ("evidence_sha", "エビデンスファイル SHA-256", "evidence file SHA-256"),
    ("party_a", "甲（医療機関等）", "Party A (medical institution)"),
    ("party_a_value", "（契約締結時に記入）", "(entered at signing)"),
    ("party_b", "乙（事業者）", "Party B (vendor)"),
    ("profile", "要件プロファイル", "Requirement profile"),
    ("sla_preamble", "本合意書は、甲乙間の利用契約に基づき乙が甲に提供するサービスの品質水準を定めるものである。本合意書と利用契約の定めが異なる場合は、本合意書に別段の定めがない限り利用契約が優先する。各数値は、特記のない限り乙の目標値（努力目標）として示す。", "This agreement sets the service levels of the service Party B provides to Party A under their service contract. Where it differs from the contract, the contract prevails unless this agreement says otherwise. Values are Party B's targets unless stated otherwise."),
    ("sla_purpose_title", "第1条 目的と対象", "Article 1 Purpose and scope"),
    ("sla_purpose", "本合意書は、本サービスが利用できなくなるリスクを最小化し、医療情報の安全な取扱いを確保するため、甲乙がサービスレベルについて共通の理解を持つことを目的とする。", "The purpose is to minimise the risk of the service becoming unavailable and to secure the safe handling of medical information, through a shared understanding of service levels between the parties."),
    ("sla_scope_title", "第2条 提供範囲", "Article 2 What the service covers"),
    ("sla_scope_item", "区分", "Component"),
    ("sla_scope_in", "本合意書の対象", "Covered"),
    ("sla_scope_note", "備考", "Note"),
    ("sla_levels_title", "サービスレベル項目", "Service levels"),
    ("article_prefix", "第", "Article "),
    ("article_suffix", "条", ""),
    ("sla_col_item", "サービスレベル項目", "Service level"),
    ("sla_col_value", "設定値", "Value"),
    ("sla_col_required", "要件（プロファイル）", "Required (profile)"),
    ("sla_fill_title", "記入が必要な項目", "Items to fill in"),
    ("sla_fill_intro", "次の項目はエビデンスファイルに値がないため、本文では記入欄のままとしている。契約前に乙が記入し、甲が確認すること。", "The following items have no value in the evidence file and are marked [to be filled in]; the vendor fills them in and the institution checks them before signing."),
    ("sla_fill_none", "記入が必要な項目はない。", "Every item has a value."),
    ("sla_profile_title", "要件プロファイルとの差異", "Differences from the requirement profile"),
    ("sla_profile_intro", "次の項目は甲の要件プロファイルの水準を満たしていない（本文中に【要件未達】と表示）。", "These items miss the institution's requirement profile (marked [below requirement] above)."),
    ("sla_profile_none", "要件プロファイルの SLA 水準はすべて満たしている。", "Every SLA threshold of the requirement profile is met."),
    ("sla_signature_title", "署名欄", "Signatures"),
    ("sign_name", "名称・代表者", "Name and representative"),
    ("sign_date", "日付", "Date"),
    ("sign_seal", "記名押印／電子署名", "Signature / seal"),
    ("result_title", "評価結果", "Result"),
    ("findings_count", "指摘件数", "Findings"),
    ("areas_title", "領域別スコア", "Scores by area"),
    ("findings_title", "指摘事項", "Findings"),
    ("col_finding", "内容", "Finding"),
    ("none", "なし", "None"),
    ("profile_title", "要件プロファイルとの照合", "Requirement profile check"),
    ("profile_all_met", "すべての要件を満たしている。", "Every requirement is met."),
    ("method_title", "評価方法", "Method"),
    ("method", "各管理策の回答状況とエビデンス文書の有効性から、領域ごと・全体の加重スコア（0〜100）を算出した。対応済みで有効な文書があるものを 1.0、文書のない対応済みと一部対応を 0.5、対応予定・未対応・未回答を 0 とし、該当なしは分母から除外する。必須の管理策がすべて 1.0 なら「適合」、すべて対応・一部対応・1年以内の対応予定なら「条件付き適合」、それ以外は「不適合」と判定する。", "Each control's credit comes from its answer and the validity of its evidence: 1.0 for implemented with a valid document, 0.5 for implemented without one or partial, 0 for planned, not implemented or unanswered; not applicable is excluded. Scores are weighted averages (0–100) per area and overall. Conformant when every required control has credit 1.0; conditional when each is implemented, partial or planned within a year; otherwise nonconformant."),
];

/// The labels of `lang` as a map for the template context.
pub fn labels(lang: Lang) -> BTreeMap<&'static str, &'static str> {
    LABELS
        .iter()
        .map(|(k, ja, en)| (*k, lang.pick(ja, en)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_both_languages_filled() {
        let mut keys: Vec<&str> = LABELS.iter().map(|l| l.0).collect();
        keys.sort_unstable();
        let before = keys.len();
        keys.dedup();
        assert_eq!(before, keys.len(), "duplicate label key");
        assert!(LABELS.iter().all(|(_, ja, _)| !ja.is_empty()));
        assert!(LABELS
            .iter()
            .filter(|(k, ..)| *k != "article_suffix")
            .all(|(_, _, en)| !en.is_empty()));
    }
}
