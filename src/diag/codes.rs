//! The registry of every diagnostic code sansho emits: one table that the code, `sansho
//! explain CODE` and `docs/diagnostics.md` all come from, so that a code printed in a message
//! can always be looked up and never means two things.
//!
//! **Adding a code is a one-line edit:** append one `e(…)` (error) or `w(…)` (warning) line to
//! [`CODES`] with the code, a one-line summary in Japanese and English, and an explanation in
//! both languages that ends with an example fix (`例:` / `Example:`). Then regenerate the
//! documentation with `cargo run -q -- explain --format md > docs/diagnostics.md`. Tests fail
//! when a code used anywhere in `src/` is missing here, when a code is listed twice, and when
//! `docs/diagnostics.md` is stale; in debug builds [`super::Diagnostic::error`] also asserts
//! that its code is registered.

use super::Severity;
use crate::i18n::Lang;
use std::fmt::Write as _;

/// One diagnostic code with what a user needs to understand and fix it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeInfo {
    /// The stable code (`E-DOC-DATES`).
    pub code: &'static str,
    /// Whether it makes the input invalid.
    pub severity: Severity,
    /// One line, Japanese.
    pub summary_ja: &'static str,
    /// One line, English.
    pub summary_en: &'static str,
    /// What it means, why sansho checks it and how to fix it, Japanese.
    pub explain_ja: &'static str,
    /// The same in English.
    pub explain_en: &'static str,
}

impl CodeInfo {
    /// The summary in `lang`.
    pub fn summary(&self, lang: Lang) -> &'static str {
        lang.pick(self.summary_ja, self.summary_en)
    }

    /// The explanation in `lang`.
    pub fn explanation(&self, lang: Lang) -> &'static str {
        lang.pick(self.explain_ja, self.explain_en)
    }
}

const fn e(
    code: &'static str,
    summary_ja: &'static str,
    summary_en: &'static str,
    explain_ja: &'static str,
    explain_en: &'static str,
) -> CodeInfo {
    CodeInfo {
        code,
        severity: Severity::Error,
        summary_ja,
        summary_en,
        explain_ja,
        explain_en,
    }
}

const fn w(
    code: &'static str,
    summary_ja: &'static str,
    summary_en: &'static str,
    explain_ja: &'static str,
    explain_en: &'static str,
) -> CodeInfo {
    CodeInfo {
        code,
        severity: Severity::Warning,
        summary_ja,
        summary_en,
        explain_ja,
        explain_en,
    }
}

/// Every code, grouped by the input it concerns. One line per code (see the module doc).
#[rustfmt::skip]
pub const CODES: &[CodeInfo] = &[
    // Reading files.
    e("E-INPUT-READ", "ファイルを読めない", "the file cannot be read", "指定したファイルが見つからないか、読む権限がないか、標準入力（-）を二度読もうとしました。\n例: パスの綴りを確かめ、`ls -l evidence.toml` で存在と権限を確認してください。標準入力は 1 回の実行で 1 つの入力にしか使えません。", "The file does not exist, cannot be read, or standard input (-) was named for two inputs.\nExample: check the spelling with `ls -l evidence.toml`; use - for one input only."),
    e("E-INPUT-DIR", "ファイルではなくフォルダを指定した", "a folder was given instead of a file", "入力にはファイルを指定します。フォルダは --controls や --templates にだけ使えます。\n例: `sansho validate vendor/` ではなく `sansho validate vendor/evidence.toml`。", "Inputs are files; only --controls and --templates take folders.\nExample: `sansho validate vendor/evidence.toml`, not `sansho validate vendor/`."),
    e("E-INPUT-TOO-LARGE", "ファイルが 10 MiB を超える", "the file exceeds 10 MiB", "エビデンスファイルやプロファイルはテキストで、10 MiB あれば十分です。それより大きい入力（/dev/zero や誤って指定した PDF など）は読み込みを途中でやめて拒否します。\n例: 文書そのものではなく、文書のパスと sha256 を [[documents]] に書いてください。", "Evidence files and profiles are text; 10 MiB is generous. Larger inputs (/dev/zero, a PDF given by mistake) are refused after reading at most the limit.\nExample: list documents by path and sha256 in [[documents]] instead of pasting them."),
    e("E-BATCH-EMPTY", "フォルダにエビデンスファイルがない", "no evidence files in the folder", "score --batch に指定したフォルダ（とその下のフォルダ）に .toml・.json のファイルが 1 つもありません。別のフォルダを指定した可能性があります。\n例: `ls vendors/` で中身を確かめ、`sansho score --batch vendors/ --format csv > scores.csv` のようにエビデンスファイルのあるフォルダを指定してください。", "The folder given to score --batch (and its subfolders) holds no .toml or .json file; most likely it is the wrong folder.\nExample: check with `ls vendors/`, then run `sansho score --batch vendors/ --format csv > scores.csv` on the folder that holds the evidence files."),
    e("E-INPUT-EMPTY", "ファイルが空", "the file is empty", "ファイルに空白以外の内容がありません。保存し忘れや、別のファイルを指定した可能性があります。\n例: `sansho init -o evidence.toml` で記入用のひな形を作れます。", "The file holds nothing but white space: it was not saved, or it is the wrong file.\nExample: `sansho init -o evidence.toml` writes a template to fill in."),
    e("E-INPUT-BINARY", "テキストではない（NUL などのバイナリを含む）", "not text (contains NUL or other binary data)", "ファイルに NUL バイトなど、テキストにはない内容が含まれています。位置が分かるときは行:列で示します。PDF や Excel ファイルを指定した可能性があります。\n例: Excel から書き出した場合は「CSV UTF-8」ではなく、TOML か JSON のエビデンスファイルを指定してください。", "The file contains a NUL byte or other data that text never holds (the position is given when known). It may be a PDF or a spreadsheet.\nExample: give the TOML or JSON evidence file, not the workbook it was copied from."),
    e("E-INPUT-UTF8", "UTF-8 として正しくないバイトがある", "a byte that is not valid UTF-8", "ファイルは UTF-8 で書かれていますが、示した行:列に UTF-8 として正しくないバイトがあります（別の文字コードの文字を貼り付けた、ファイルが途中で壊れたなど）。\n例: エディタで該当の行を開き、文字を入力し直して UTF-8 で保存してください。", "The file is UTF-8 but the byte at the line:column shown is not (text pasted from another encoding, a truncated file).\nExample: retype the character on that line and save the file as UTF-8."),
    w("W-INPUT-ENCODING", "UTF-8 以外の文字コードを読み替えた", "decoded from an encoding other than UTF-8", "Shift_JIS（CP932）や UTF-16（BOM 付き・なし、LE・BE）のファイルは UTF-8 に読み替えて受け付けます。UTF-8 の BOM と CRLF の改行はそのまま受け付け、警告しません。\n例: エディタで「UTF-8（BOM なし）」を選んで保存し直すと警告は消えます。", "Shift_JIS (CP932) and UTF-16 (with or without BOM, LE or BE) files are decoded and accepted. A UTF-8 BOM and CRLF line breaks are accepted without a warning.\nExample: save the file as UTF-8 (without BOM) and the warning goes away."),
    w("W-INPUT-LINE-ENDINGS", "改行が CR だけ（古い Mac 形式）", "line breaks are bare CRs (classic Mac)", "改行が CR（\\r）だけで書かれていたため、LF に読み替えました。位置（行:列）は読み替えた後の行で数えます。\n例: エディタで改行コードを LF（または CRLF）にして保存し直してください。", "Line breaks were bare CRs (\\r); they are read as LF and positions count those lines.\nExample: save the file with LF (or CRLF) line breaks."),
    // Syntax.
    e("E-TOML-SYNTAX", "TOML の書き方の誤り", "TOML syntax error", "TOML として読めない箇所があります。示した行:列で、引用符の閉じ忘れ、= の抜け、ありえない日付（2026-02-30）、同じキーの重複などを確認してください。\n例: `name = 株式会社A` → `name = \"株式会社A\"`（文字列は引用符で囲みます）。", "Part of the file is not valid TOML: check the line:column for an unclosed quote, a missing =, an impossible date (2026-02-30) or a duplicated key.\nExample: `name = Acme` → `name = \"Acme\"` (strings are quoted)."),
    e("E-TOML-NUMBER", "数値が大きすぎる・数値でない（nan・inf）", "a number that is too large or not a number (nan, inf)", "TOML の整数は ±9223372036854775807 まで、小数は有限の値だけを受け付けます。1e309 や nan、inf は JSON でも表せず、採点に使えません。\n例: `rto_hours = 1e309` → `rto_hours = 4`。", "TOML integers go up to ±9223372036854775807 and floats must be finite; 1e309, nan and inf cannot be scored.\nExample: `rto_hours = 1e309` → `rto_hours = 4`."),
    e("E-JSON-SYNTAX", "JSON の書き方の誤り", "JSON syntax error", "JSON として読めない箇所があります。示した行:列で、カンマの過不足、キーの引用符、閉じ括弧、深すぎる入れ子（128 段まで）を確認してください。\n例: `{\"a\": 1,}` → `{\"a\": 1}`（最後の要素の後にカンマは書けません）。", "Part of the file is not valid JSON: check the line:column for a missing or extra comma, an unquoted key, a missing bracket or nesting deeper than 128 levels.\nExample: `{\"a\": 1,}` → `{\"a\": 1}` (no comma after the last item)."),
    // Schema.
    e("E-SCHEMA", "値の型・範囲・形式がスキーマに合わない", "a value does not match the schema (type, range, format)", "値の型（文字列・数値・整数・true/false）、範囲（0 以上など）、形式（日付 YYYY-MM-DD、SHA-256）がファイル形式の定義に合っていません。`sansho schema evidence` で定義を確認できます。\n例: `backup_generations = \"7\"` → `backup_generations = 7`、`rto_hours = -1` → `rto_hours = 4`。", "A value has the wrong type (string, number, integer, boolean), range (at least 0, …) or form (date YYYY-MM-DD, SHA-256); see `sansho schema evidence`.\nExample: `backup_generations = \"7\"` → `backup_generations = 7`; `rto_hours = -1` → `rto_hours = 4`."),
    e("E-SCHEMA-REQUIRED", "必須の項目がない", "a required field is missing", "必ず書く項目が抜けています（[vendor] の name・service・prepared_on、回答の status など）。\n例: [vendor] に `prepared_on = 2026-11-01` を追加してください。", "A field that must be present is missing ([vendor] name, service, prepared_on; an answer's status; …).\nExample: add `prepared_on = 2026-11-01` to [vendor]."),
    e("E-SCHEMA-UNKNOWN-FIELD", "知らない項目がある", "an unknown field", "ファイル形式にない項目があります。多くは綴りの誤りで、そのままでは書いた内容が無視されてしまうため拒否します。\n例: `statment = \"…\"` → `statement = \"…\"`。", "The file has a field the format does not define, usually a misspelling; sansho refuses it rather than silently ignore what was written.\nExample: `statment = \"…\"` → `statement = \"…\"`."),
    e("E-SCHEMA-KEY", "キーの形式が正しくない（管理策 ID など）", "a key of the wrong form (control id, …)", "[answers] のキーは管理策 ID（大文字の接頭辞・ハイフン・2〜3 桁の番号）でなければなりません。制御文字などの見えない文字は \\u{…} の形で表示します。\n例: `[answers.tec-1]` → `[answers.TEC-01]`。", "Keys of [answers] must be control ids (upper-case prefix, hyphen, 2–3 digits); invisible characters in a key are shown as \\u{…}.\nExample: `[answers.tec-1]` → `[answers.TEC-01]`."),
    // Evidence: meaning.
    e("E-EVIDENCE-MODEL", "値を読み取れない（スキーマと内部の型の不一致）", "a value cannot be read (schema and internal types disagree)", "スキーマの検査は通ったのに、sansho の内部の型がその値を受け付けませんでした。示した項目の値を、スキーマの説明どおりの形（整数は 7 のように小数点なし）に直すと読み込めます。sansho の不具合なので報告してください。\n例: `backup_generations = 7.5` → `backup_generations = 7`。", "The value passed the schema but sansho's internal types refuse it; write the field as the schema describes (integers without a fraction) and please report the bug.\nExample: `backup_generations = 7.5` → `backup_generations = 7`."),
    e("E-ANSWER-UNKNOWN-CONTROL", "カタログにない管理策への回答", "an answer to a control that is not in the catalog", "回答のキーが管理策カタログにありません。ID の打ち間違いか、カタログの別の版の ID です。`sansho controls list` で一覧できます。\n例: `[answers.TEC-1O]` → `[answers.TEC-10]`。", "The answer's key is not a control of the catalog: a typo or an id from another catalog version; see `sansho controls list`.\nExample: `[answers.TEC-1O]` → `[answers.TEC-10]`."),
    e("E-ANSWER-UNKNOWN-DOCUMENT", "回答が存在しない文書を引用している", "an answer cites a document that is not declared", "evidence に書いた文書 ID が [[documents]] にありません。\n例: [[documents]] に `id = \"D-ISMS\"` の文書を追加するか、ID の綴りを直してください。", "The answer's evidence names a document id that [[documents]] does not declare.\nExample: add a [[documents]] entry with `id = \"D-ISMS\"` or fix the spelling."),
    e("E-ANSWER-PLANNED-NO-DATE", "対応予定なのに予定日がない", "planned without a planned_date", "status = \"planned\" の回答には、医療機関等が計画を確かめられるよう対応予定日が必要です。\n例: `planned_date = 2027-03-31` を追加してください。", "A planned answer needs the date by which it will be done, so that the hospital can hold the vendor to it.\nExample: add `planned_date = 2027-03-31`."),
    e("E-ANSWER-NA-NO-REASON", "該当なしなのに理由がない", "not applicable without a reason", "status = \"not_applicable\" の管理策は採点から外れるため、理由を書く必要があります。\n例: `na_reason = \"紙の媒体を扱わないため\"`。", "A not-applicable control leaves the score, so the reason must be stated.\nExample: `na_reason = \"the service handles no paper media\"`."),
    w("W-ANSWER-WITHDRAWN", "廃止された管理策への回答", "an answer to a withdrawn control", "この管理策はカタログの新しい版で廃止され、後継の管理策に統合されました。回答は評価に使われません。\n例: `sansho migrate evidence.toml -o evidence-new.toml` で回答を後継の管理策へ移せます（内容は失われません）。", "The control was withdrawn in a newer catalog and merged into its replacements; the answer is not scored.\nExample: `sansho migrate evidence.toml -o evidence-new.toml` moves the answer to the replacements (nothing is lost)."),
    w("W-ANSWER-OUT-OF-SCOPE", "適用範囲外の管理策への回答", "an answer to a control outside the declared scope", "この管理策は [scope] の該当フラグが true のときだけ適用されるため、回答は評価に使われません。\n例: サービスが外部保存に該当するなら [scope] に `external_storage = true` を書き、該当しないなら回答を削除してください。", "The control applies only when its [scope] flag is true, so the answer is not used.\nExample: set `external_storage = true` in [scope] if it applies; otherwise delete the answer."),
    w("W-ANSWER-PLANNED-OVERDUE", "対応予定日を過ぎている", "the planned date has passed", "対応予定日が基準日（--as-of、既定は今日）より前です。\n例: 対応が済んだなら `status = \"implemented\"` に、まだなら新しい planned_date にしてください。", "The planned date is before the as-of date (--as-of, default today).\nExample: set `status = \"implemented\"` if it is done, or give a new planned_date."),
    w("W-ANSWER-NO-EVIDENCE", "対応済みなのに根拠文書がない", "implemented without evidence", "対応済みの回答が文書を 1 つも引用していません。採点では減点になります。\n例: `evidence = [\"D-ISMS\"]` を追加してください。", "An implemented answer cites no document; the score counts it at a discount.\nExample: add `evidence = [\"D-ISMS\"]`."),
    w("W-ANSWER-NO-STATEMENT", "実施内容が書かれていない", "no statement of what is done", "対応済み・一部対応・対応予定の回答には、何をしているかを statement に書きます。開示書に載る文章です。\n例: `statement = \"管理者アカウントは多要素認証を必須としている。\"`。", "Implemented, partial and planned answers should say what is done; the statement goes into the disclosure.\nExample: `statement = \"Administrators must use multi-factor authentication.\"`."),
    w("W-ANSWERS-MISSING", "回答のない管理策がある", "applicable controls without an answer", "適用される管理策のうち回答のないものは未対応として採点されます。\n例: `sansho init` で全管理策の記入欄を含むひな形を作り、回答を写してください。", "Applicable controls without an answer are scored as not implemented.\nExample: `sansho init` writes a template with every applicable control."),
    e("E-ATTACHMENT-UNKNOWN-DOCUMENT", "別紙が存在しない文書を指している", "an attachment names a document that is not declared", "[[disclosure.attachments]] の document に書いた文書 ID が [[documents]] にありません。開示書の別紙一覧は文書の ID・題名・有効期限をそこから載せます。\n例: [[documents]] に `id = \"D-RACI\"` の文書を追加するか、document の綴りを直すか削除してください。", "An attachment's document names an id that [[documents]] does not declare; the disclosure's list of attachments takes the id, title and expiry from there.\nExample: add a [[documents]] entry with `id = \"D-RACI\"`, fix the spelling, or remove document."),
    w("W-ANSWER-NO-CUSTOMER-ACTION", "医療機関等の分担があるのに求める事項がない", "the institution shares the duty but is asked to do nothing", "責任が共同（shared）又は医療機関等（institution）の管理策に customer_actions がありません。開示書の「医療機関等に実施していただく対応」に何も載らず、医療機関等は自分の分担を知ることができません。\n例: `customer_actions = \"職員の異動・退職に合わせてアカウントを削除してください。\"` を追加するか、事業者だけで行うなら `responsibility = \"vendor\"` にしてください。", "The control's responsibility is shared or the institution's, but the answer has no customer_actions, so the disclosure's list of what the institution must do says nothing about it.\nExample: add `customer_actions = \"Remove accounts when staff leave.\"`, or set `responsibility = \"vendor\"` if the vendor does it all."),
    w("W-SLA-RPO-BACKUP", "RPO がバックアップの取得間隔より短い", "the RPO is shorter than the backup interval", "目標復旧時点（rpo_hours）がバックアップの取得間隔（backup_interval_hours）より短いと、バックアップから復旧したとき RPO より多くのデータが失われます。SLA の約束が守れません。\n例: `rpo_hours = 24`（日次バックアップなら 24 以上）にするか、`backup_interval_hours` を RPO 以下に縮めてください。", "With a recovery point objective (rpo_hours) shorter than the backup interval (backup_interval_hours), a restore from backup loses more data than the RPO allows, so the SLA promises what it cannot keep.\nExample: `rpo_hours = 24` for daily backups, or shorten `backup_interval_hours` to the RPO."),
    w("W-SLA-RTO-DRILL", "RTO が復旧訓練の実績より短い", "the RTO is shorter than the drill's restore time", "目標復旧時間（rto_hours）が、事業者自身の復旧訓練で記録した所要時間（restore_drill_hours）より短くなっています。訓練の実績では約束した時間内に復旧できません。\n例: `rto_hours = 12` のように訓練の実績以上にするか、RTO 以内に復旧できることを訓練で確かめて `restore_drill_hours` を更新してください。", "The recovery time objective (rto_hours) is shorter than the time the vendor's own restore drill took (restore_drill_hours), so the drill does not support the promise.\nExample: `rto_hours = 12` (at least the drill's time), or run a drill that meets the RTO and update `restore_drill_hours`."),
    w("W-SLA-AVAILABILITY-MAINTENANCE", "計画停止だけで稼働率の目標を下回る", "planned maintenance alone breaks the availability target", "計画停止を停止時間に含めて稼働率を算定する（availability_excludes_maintenance = false）とき、1か月を 730 時間として許される停止時間より計画停止の上限（maintenance_hours_per_month）が長いと、目標は達成できません。\n例: `availability_percent = 98.5` にするか、`maintenance_hours_per_month` を減らすか、`availability_excludes_maintenance = true` にしてください。", "When planned maintenance counts as downtime (availability_excludes_maintenance = false), a maintenance limit (maintenance_hours_per_month) longer than the downtime the target allows in a 730-hour month makes the target impossible.\nExample: `availability_percent = 98.5`, fewer maintenance hours, or `availability_excludes_maintenance = true`."),
    w("W-SLA-OFFLINE-CONTROL", "オフラインバックアップの SLA と回答が食い違う", "the offline backup of the SLA contradicts the answer", "SLA の backup_offline と、オフライン・書換え不能なバックアップの管理策（カタログで backup_offline に結び付いた管理策）への回答が食い違っています（「なし」なのに対応済み、又は「あり」なのに未対応・対応予定・未回答）。\n例: 書換え不能なバックアップがあるなら `backup_offline = true`、ないなら管理策の回答を `status = \"not_implemented\"` にしてください。", "The SLA's backup_offline and the answer to the offline-backup control (the control the catalog links to backup_offline) disagree: none declared but the control implemented, or one declared but the control not implemented, planned or unanswered.\nExample: `backup_offline = true` if an immutable backup exists; otherwise set the control's `status = \"not_implemented\"`."),
    w("W-SLA-LOG-RETENTION", "ログの保存期間が要件より短い", "logs are kept for less than required", "ログの保存期間（log_retention_days）が、要件プロファイル（[sla] の min）又はカタログの最小値（catalog.toml の [[sla_floors]]）より短くなっています。\n例: `log_retention_days = 1825`（5 年）のように要件以上にしてください。", "Logs are kept (log_retention_days) for less than the requirement profile's min or the catalog's minimum ([[sla_floors]] in catalog.toml).\nExample: `log_retention_days = 1825` (five years), at least the requirement."),
    w("W-SLA-INCIDENT-NOTICE", "障害・事故の通知が要件より遅い", "incidents are notified later than required", "障害通知（incident_notice_hours）又はセキュリティ事故の報告（security_incident_notice_hours）までの時間が、要件プロファイルの上限（max）を超えています。\n例: 要件が 1 時間以内なら `incident_notice_hours = 1` にしてください。", "The time to notify an outage (incident_notice_hours) or report a security incident (security_incident_notice_hours) exceeds the requirement profile's max.\nExample: `incident_notice_hours = 1` when the profile asks for one hour."),
    e("E-DOC-DUPLICATE-ID", "文書 ID の重複", "duplicate document id", "[[documents]] の id は回答から引用するための名前なので、ファイルの中で一意でなければなりません。\n例: 2 つ目を `id = \"D-ISMS-2025\"` のように別の ID にしてください。", "Document ids are what answers cite, so each must be unique in the file.\nExample: rename the second one, e.g. `id = \"D-ISMS-2025\"`."),
    e("E-DOC-DATES", "有効期限が発行日より前", "expires before it was issued", "文書の expires が issued より前の日付です。どちらかの日付の誤りです。\n例: `issued = 2026-05-01`、`expires = 2027-04-30`。", "The document's expires date is before its issued date; one of them is wrong.\nExample: `issued = 2026-05-01`, `expires = 2027-04-30`."),
    e("E-DATE-RANGE", "ありえない日付（1900〜2199 年の外）", "an implausible date (outside 1900–2199)", "0000-01-01 や 9999-12-31 のような日付は、形式は正しくても開示書や契約に載せられません。期限のない文書は expires を書かずに省略します。\n例: `expires = 9999-12-31` → この行を削除、`prepared_on = 0000-01-01` → `prepared_on = 2026-11-01`。", "Dates such as 0000-01-01 or 9999-12-31 are well-formed but cannot go into a disclosure or a contract; leave expires out for a document that does not expire.\nExample: delete `expires = 9999-12-31`; `prepared_on = 0000-01-01` → `prepared_on = 2026-11-01`."),
    w("W-DOC-EXPIRED", "文書の有効期限切れ", "the document has expired", "文書の有効期限が基準日より前です。期限切れの文書は根拠として数えられません。\n例: 更新後の証明書に差し替え、issued と expires を直してください。", "The document expired before the as-of date and no longer counts as evidence.\nExample: replace it with the renewed certificate and update issued and expires."),
    w("W-DOC-NOT-YET-ISSUED", "発行日が基準日より後", "issued after the as-of date", "文書の発行日が基準日より後です。日付の誤りか、--as-of の指定漏れです。\n例: `--as-of 2027-01-15` で基準日を指定するか、issued を直してください。", "The document is issued after the as-of date: a wrong date, or --as-of was not given.\nExample: pass `--as-of 2027-01-15` or fix issued."),
    w("W-DOC-UNUSED", "どの回答からも引用されていない文書", "a document no answer cites", "[[documents]] に書いた文書がどの回答の evidence にもありません。引用し忘れの可能性があります。\n例: 該当する回答に `evidence = [\"D-PENTEST\"]` を追加するか、文書を削除してください。", "A declared document is cited by no answer's evidence, perhaps by oversight.\nExample: add `evidence = [\"D-PENTEST\"]` to the answer it supports, or delete the document."),
    e("E-DOC-PATH-ABSOLUTE", "文書のパスが絶対パス", "the document path is absolute", "文書のパスはエビデンスファイルのあるフォルダからの相対パスで書きます。絶対パスはほかの人の環境で通用せず、フォルダの外のファイル（/etc/passwd など）を開かせないためにも拒否します。\n例: `path = \"/home/a/docs/isms.pdf\"` → `path = \"docs/isms.pdf\"`。", "Document paths are relative to the evidence file's folder: an absolute path works nowhere else and could make sansho open files outside the folder (/etc/passwd), so it is refused.\nExample: `path = \"/home/a/docs/isms.pdf\"` → `path = \"docs/isms.pdf\"`."),
    e("E-DOC-PATH-ESCAPES", "文書のパスがフォルダの外を指す（../ やリンク）", "the document path leads outside the folder (../, a link)", "`..` やシンボリックリンクでエビデンスファイルのフォルダの外に出るパスは拒否します。提出物一式をフォルダごと渡せるようにするためです。\n例: 文書をフォルダの中（docs/ など）にコピーし、`path = \"docs/isms.pdf\"` と書いてください。", "Paths that climb out of the evidence folder with `..` or through a symbolic link are refused, so that a submission is one self-contained folder.\nExample: copy the document into the folder and write `path = \"docs/isms.pdf\"`."),
    e("E-DOC-FILE-MISSING", "文書ファイルがない（--check-files）", "the document file does not exist (--check-files)", "--check-files を付けると、各文書の path のファイルを開いて確かめます。ファイルが見つかりませんでした。\n例: ファイル名の綴りと置き場所を確認してください（パスはエビデンスファイルのフォルダからの相対パス）。", "With --check-files every document's path is opened; this one does not exist.\nExample: check the file name and where it is (paths are relative to the evidence file's folder)."),
    e("E-DOC-FILE-READ", "文書ファイルを読めない（--check-files）", "the document file cannot be read (--check-files)", "文書ファイルはありますが、権限などの理由で読めませんでした。\n例: `chmod a+r docs/isms.pdf` で読めるようにしてください。", "The document file exists but cannot be read (permissions, …).\nExample: `chmod a+r docs/isms.pdf`."),
    e("E-DOC-NOT-FILE", "文書のパスが通常のファイルでない（フォルダ・FIFO など）", "the document path is not a regular file (folder, FIFO, …)", "文書のパスがフォルダ、名前付きパイプ（FIFO）、デバイスなどを指しています。ハッシュを計算できるのは通常のファイルだけです。\n例: `path = \"docs\"` → `path = \"docs/isms.pdf\"`。", "The document path names a folder, a named pipe (FIFO), a device or similar; only regular files can be hashed.\nExample: `path = \"docs\"` → `path = \"docs/isms.pdf\"`."),
    e("E-DOC-TOO-LARGE", "文書ファイルが大きすぎる（256 MiB 超）", "the document file is too large (over 256 MiB)", "証明書や報告書は数 MiB です。256 MiB を超えるファイルは誤ったファイルとみなし、ハッシュを計算しません。\n例: path が正しい文書を指しているか確認してください。", "Certificates and reports are a few MiB; a file over 256 MiB is taken to be the wrong one and is not hashed.\nExample: check that path names the right document."),
    w("W-DOC-NO-SHA256", "文書に sha256 がない", "the document has no sha256", "sha256 がないと、文書が後から差し替えられても気づけません。ヒントに実際のハッシュ値を示します。\n例: `sha256 = \"9f86d081…\"`（`sha256sum docs/isms.pdf` でも計算できます）。", "Without sha256 a replaced document would go unnoticed; the help line gives the actual hash.\nExample: `sha256 = \"9f86d081…\"` (or compute it with `sha256sum docs/isms.pdf`)."),
    e("E-DOC-SHA256-MISMATCH", "文書の SHA-256 が記載と違う", "the document's SHA-256 differs from the one written", "ファイルの中身が sha256 を書いたときと変わっています。古い版か、別のファイルです。\n例: 正しい版ならヒントの値で sha256 を更新し、そうでなければ正しいファイルに戻してください。", "The file's content changed since its sha256 was written: an old version or another file.\nExample: if it is the right version, update sha256 to the value in the help line; otherwise restore the right file."),
    w("W-VENDOR-PREPARED-FUTURE", "作成日が基準日より後", "prepared after the as-of date", "[vendor] の prepared_on が基準日より後です。日付の誤りか、--as-of の指定漏れです。\n例: `--as-of 2026-12-01` を付けるか、prepared_on を直してください。", "The preparation date is after the as-of date: a wrong date, or --as-of was not given.\nExample: pass `--as-of 2026-12-01` or fix prepared_on."),
    w("W-TEXT-CONTROL-CHAR", "文章に制御文字（ESC・NUL など）がある", "control characters (ESC, NUL, …) in a text", "文章に制御文字（エスケープシーケンス、NUL、DEL、C1 制御文字、双方向の上書き文字）が含まれています。端末の表示を書き換えたり文書の見た目を偽ったりできるため、端末には \\u{1b} のように見える形で表示し、文書からは取り除きます。\n例: 該当の項目を開き、見えない文字を削除してください（`cat -v evidence.toml` で見えます）。", "A text contains control characters (escape sequences, NUL, DEL, C1 controls, bidirectional overrides) that could rewrite a terminal or disguise a document; terminals show them as \\u{1b} and documents drop them.\nExample: delete the invisible characters in that field (`cat -v evidence.toml` shows them)."),
    // Profiles.
    e("E-PROFILE", "プロファイルの値を読み取れない", "a profile value cannot be read", "スキーマの検査は通ったのに、プロファイルの値を内部の型に読み込めませんでした。示した項目をスキーマの説明どおりに直してください。sansho の不具合なので報告してください。\n例: `\"TEC-03\" = 8.5` → `\"TEC-03\" = 8`（重みは整数）。", "A profile value passed the schema but could not be read; write it as the schema describes and please report the bug.\nExample: `\"TEC-03\" = 8.5` → `\"TEC-03\" = 8` (weights are integers)."),
    e("E-PROFILE-UNKNOWN-CONTROL", "カタログにない管理策を必須にしている", "a required control that is not in the catalog", "[requirements] controls に、管理策カタログにない ID があります。\n例: `controls = [\"TEC-1O\"]` → `controls = [\"TEC-10\"]`。", "[requirements] controls names an id that is not in the catalog.\nExample: `controls = [\"TEC-1O\"]` → `controls = [\"TEC-10\"]`."),
    e("E-PROFILE-UNKNOWN-AREA", "カタログにない領域の下限", "a minimum for an area that is not in the catalog", "[requirements.min_area] のキーは領域 ID（technical、organizational など）です。\n例: `tech = 90` → `technical = 90`。", "Keys of [requirements.min_area] are area ids (technical, organizational, …).\nExample: `tech = 90` → `technical = 90`."),
    e("E-PROFILE-UNKNOWN-WEIGHT-KEY", "重みのキーが管理策 ID でも領域 ID でもない", "a weight key that is neither a control nor an area", "[weights] のキーは管理策 ID（TEC-03）か領域 ID（exchange）です。\n例: `TEC3 = 5` → `\"TEC-03\" = 5`。", "Keys of [weights] are control ids (TEC-03) or area ids (exchange).\nExample: `TEC3 = 5` → `\"TEC-03\" = 5`."),
    e("E-PROFILE-UNKNOWN-SLA", "エビデンスの SLA にない項目", "an SLA key the evidence format does not have", "[sla] のキーはエビデンスファイルの [sla] の項目名です（`sansho schema evidence` で一覧できます）。\n例: `rto = { max = 4 }` → `rto_hours = { max = 4 }`。", "Keys of [sla] are the evidence format's SLA keys (see `sansho schema evidence`).\nExample: `rto = { max = 4 }` → `rto_hours = { max = 4 }`."),
    e("E-PROFILE-SLA-RULE", "SLA の条件が min・max・equals のちょうど 1 つでない", "an SLA rule without exactly one of min, max, equals", "SLA の各条件には min（以上）、max（以下）、equals（一致）のどれか 1 つだけを書きます。\n例: `rto_hours = { min = 1, max = 4 }` → `rto_hours = { max = 4 }`。", "Each SLA rule is exactly one of min (at least), max (at most) or equals.\nExample: `rto_hours = { min = 1, max = 4 }` → `rto_hours = { max = 4 }`."),
    e("E-PROFILE-SLA-NOT-NUMERIC", "数値でない SLA 項目に min・max", "min or max on an SLA key that is not numeric", "min と max は数値の項目（時間、日数、%）だけに使えます。文字列や true/false の項目には equals を使います。\n例: `data_location = { min = \"日本\" }` → `data_location = { equals = \"日本国内\" }`。", "min and max apply to numeric keys only (hours, days, %); use equals for texts and flags.\nExample: `data_location = { min = \"Japan\" }` → `data_location = { equals = \"Japan\" }`."),
    e("E-PROFILE-SLA-TYPE", "equals の値の型が SLA 項目と違う", "an equals value of the wrong type for the SLA key", "equals の値は項目の型（数値、true/false、文字列、文字列の配列、vendor・institution・shared）に合わせます。\n例: `backup_offsite = { equals = \"あり\" }` → `backup_offsite = { equals = true }`。", "The equals value must have the key's type (number, boolean, string, list of strings, vendor/institution/shared).\nExample: `backup_offsite = { equals = \"yes\" }` → `backup_offsite = { equals = true }`."),
    // Catalogs (`--controls DIR`).
    e("E-CATALOG-FILE", "カタログのファイルがない・読めない", "a catalog file is missing or unreadable", "--controls で指定したフォルダに catalog.toml か、catalog.toml が挙げる領域のファイルがありません。\n例: `sansho --controls my-controls/ controls list` の前に my-controls/catalog.toml を用意してください（controls/README.md 参照）。", "The folder given to --controls lacks catalog.toml or an area file it lists.\nExample: create my-controls/catalog.toml first (see controls/README.md)."),
    e("E-CATALOG-MANIFEST", "catalog.toml の内容が正しくない", "catalog.toml is not valid", "catalog.toml の領域や版の定義を読めませんでした。\n例: controls/catalog.toml を手本に、[[areas]] と [[editions]] を書いてください。", "The areas and editions in catalog.toml could not be read.\nExample: follow controls/catalog.toml for [[areas]] and [[editions]]."),
    e("E-CATALOG-DUPLICATE-ID", "管理策 ID の重複", "duplicate control id", "同じ管理策 ID が 2 度定義されています。ID はエビデンスの回答のキーなので一意でなければなりません。\n例: 2 つ目を新しい番号（TEC-31 など）にしてください。", "A control id is defined twice; ids key the vendors' answers and must be unique.\nExample: give the second one a new number (TEC-31)."),
    e("E-CATALOG-UNKNOWN-AREA", "管理策の領域が catalog.toml にない", "a control's area is not in catalog.toml", "管理策の area が catalog.toml の [[areas]] にありません。\n例: `area = \"tech\"` → `area = \"technical\"`。", "The control's area is not one of catalog.toml's [[areas]].\nExample: `area = \"tech\"` → `area = \"technical\"`."),
    e("E-CATALOG-PREFIX", "管理策 ID が領域の接頭辞で始まらない", "a control id without its area's prefix", "管理策 ID は領域の接頭辞（technical なら TEC）で始めます。\n例: technical の管理策 `ORG-40` → `TEC-40`。", "Control ids start with their area's prefix (TEC for technical).\nExample: a technical control `ORG-40` → `TEC-40`."),
    e("E-CATALOG-WRONG-FILE", "管理策が別の領域のファイルにある", "a control is in another area's file", "管理策は領域ごとのファイル（controls/<area>.toml）に書きます。\n例: TEC-40 を organizational.toml から technical.toml に移してください。", "Controls live in their area's file (controls/<area>.toml).\nExample: move TEC-40 from organizational.toml to technical.toml."),
    e("E-CATALOG-UNKNOWN-EDITION", "引用している版が catalog.toml にない", "a cited edition is not in catalog.toml", "refs の edition が catalog.toml の [[editions]] にありません。\n例: `edition = \"mhlw-6\"` → `edition = \"mhlw-6.0\"`。", "A ref's edition is not one of catalog.toml's [[editions]].\nExample: `edition = \"mhlw-6\"` → `edition = \"mhlw-6.0\"`."),
    e("E-CATALOG-LEGACY-ONLY", "2018 年の旧構成しか引用していない", "only the legacy 2018 structure is cited", "有効な管理策は、2018 年の旧構成（status = \"legacy\" の版）以外の版を 1 つ以上引用します。\n例: refs に `{ edition = \"mhlw-6.0\", section = \"システム運用編 14\" }` を追加してください。", "Every active control cites at least one edition that is not the legacy 2018 structure (status = \"legacy\").\nExample: add `{ edition = \"mhlw-6.0\", section = \"…\" }` to refs."),
    e("E-CATALOG-PRACTICE-REQUIRED", "本文に根拠のない管理策が必須になっている", "a required control rests on practice only", "引用がすべて basis = \"practice\"（本文に書かれていない良い慣行）の管理策は必須にできません。\n例: `level = \"recommended\"` にするか、要求している本文の項目を引用してください。", "A control whose references are all basis = \"practice\" (not stated in the text) cannot be required.\nExample: set `level = \"recommended\"`, or cite the item that requires it."),
    e("E-CATALOG-CHECKED-NO-SOURCE", "checked = true なのに出典（source）がない", "checked = true without a source", "本文を読んで確かめた引用（checked = true）には、どこで読んだか（URL とページ）を source に書きます。\n例: `source = \"https://…（47 ページ）\"` を追加するか、読んでいなければ `checked = false` にしてください。", "A reference checked in the text must say where it was read (URL and page) in source.\nExample: add `source = \"https://… (page 47)\"`, or set `checked = false`."),
    e("E-CATALOG-CHECKED-ITEM", "項目一覧で未確認の項目を checked にしている", "checked, but the inventory has not read the item", "引用を checked = true にできるのは、版の項目一覧（controls/sources/<版>.toml）でその項目の本文が確認済みのときだけです。\n例: 項目一覧で本文を確かめて checked にするか、引用を `checked = false` に戻してください。", "A reference can be checked only if the edition's inventory (controls/sources/<edition>.toml) read that item in the final text.\nExample: read the item and mark it checked in the inventory, or set the reference back to `checked = false`."),
    e("E-CATALOG-UNKNOWN-ITEM", "項目一覧にない項目を引用している", "an item that is not in the inventory", "引用の item は、その版の項目一覧（controls/sources/<版>.toml）の ID でなければなりません。一覧のない版には item を書けません。\n例: `item = \"S14(5)\"` → `item = \"S14⑤\"`（ヒントの候補を参照）。", "A reference's item must be an id of the edition's inventory (controls/sources/<edition>.toml); editions without one take no item.\nExample: `item = \"S14(5)\"` → `item = \"S14⑤\"` (see the suggestion)."),
    e("E-CATALOG-DUPLICATE-ITEM", "項目一覧で項目 ID が重複している", "duplicate item in an inventory", "項目一覧（controls/sources/<版>.toml）の各項目 ID は一意です。\n例: 2 つ目の項目の id を直すか、1 つにまとめてください。", "Each item id of an inventory (controls/sources/<edition>.toml) is unique.\nExample: fix the second item's id or merge the two."),
    e("E-CATALOG-NO-LEVEL-NOTE", "水準の理由（note）がない", "no note explaining the level", "有効な管理策の note と note_en は、最初の一文で必須・推奨の理由を、根拠の項目を挙げて書きます。\n例: `note = \"必須: 6.0 システム運用編14②（本文確認済）がこれを求めるため。\"` と `note_en = \"Required: MHLW 6.0 S14② (read in the text) requires it.\"`。", "An active control's note and note_en open with one sentence saying why it is required or recommended, citing the item.\nExample: `note_en = \"Required: MHLW 6.0 S14② (read in the text) requires it.\"` (and the Japanese note)."),
    e("E-CATALOG-CHECKED-REPORTED", "報告のみの版を checked にしている", "an edition known only from reports cited as read", "status = \"reported\" の版（本文を読めず二次情報でしか知らない版）への引用は checked = true にできません。\n例: `checked = false` にして、source に情報の出典（二次資料）を書いてください。", "References to an edition with status = \"reported\" (known only from second-hand reports) cannot be checked = true.\nExample: set `checked = false` and name the second-hand source in source."),
    e("E-CATALOG-WITHDRAWN", "廃止した管理策の記述が正しくない", "a withdrawn control is described inconsistently", "廃止した管理策（withdrawn = true）には有効な後継 replaced_by が必要で、有効な管理策には replaced_by・withdrawn_in を書けません。ID は永久に使い回しません。\n例: `withdrawn = true`、`withdrawn_in = \"2026.12.0\"`、`replaced_by = [\"TEC-30\"]`。", "A withdrawn control (withdrawn = true) names active replacements in replaced_by; an active control has no replaced_by or withdrawn_in. Ids are never reused.\nExample: `withdrawn = true`, `withdrawn_in = \"2026.12.0\"`, `replaced_by = [\"TEC-30\"]`."),
    w("W-CATALOG-EMPTY-AREA", "管理策のない領域", "an area without controls", "catalog.toml に書いた領域に管理策が 1 つもありません。\n例: 領域のファイルに管理策を書くか、[[areas]] から領域を削除してください。", "An area of catalog.toml has no controls.\nExample: add controls to the area's file or remove the area from [[areas]]."),
    // Excel questionnaires (`sansho import xlsx`); every message starts with the cell (管理策!L12).
    e("E-XLSX-EMPTY", "質問票のファイルが空", "the workbook file is empty", "読み込んだファイルが 0 バイトでした。保存に失敗したか、別のファイルを指定しています。\n例: Excel で質問票を開き直し、.xlsx 形式で保存してから `sansho import xlsx 質問票.xlsx -o evidence.toml` を実行してください。", "The file has no bytes: the save failed or it is the wrong file.\nExample: open the questionnaire again, save it as .xlsx and run `sansho import xlsx questionnaire.xlsx -o evidence.toml`."),
    e("E-XLSX-OPEN", "Excel ブック（.xlsx）として読めない", "not a readable .xlsx workbook", "ファイルが .xlsx（Office Open XML）ではないか、壊れています。拡張子だけを .xlsx に変えたファイル、.xls や .ods のままのファイルは読めません。\n例: Excel の「名前を付けて保存」で「Excel ブック (*.xlsx)」を選んでください。", "The file is not an .xlsx (Office Open XML) workbook or is damaged; a file merely renamed to .xlsx, or still .xls/.ods, cannot be read.\nExample: use Save As → Excel Workbook (*.xlsx)."),
    e("E-XLSX-SHEET-MISSING", "質問票のシートがない", "a questionnaire sheet is missing", "表紙・管理策・根拠資料・SLA の 4 シートが必要です（英語版は Cover・Controls・Documents・SLA）。シート名を変えたり削除したりすると読み込めません。\n例: シート名を「管理策」に戻すか、`sansho export xlsx` で質問票を作り直してください。", "The Cover, Controls, Documents and SLA sheets are required (表紙・管理策・根拠資料・SLA in Japanese); renamed or deleted sheets cannot be read.\nExample: rename the sheet back to Controls, or export a new questionnaire."),
    w("W-XLSX-SHEET-UNKNOWN", "質問票にないシートを読み飛ばした", "a sheet that is not part of the questionnaire was ignored", "利用者が追加したシート（メモ・作業用など）は読み込みません。内容はエビデンスファイルに入りません。\n例: 残したい情報は管理策シートの「実施内容」欄に書いてください。", "Sheets added by the user (notes, scratch work) are not read and do not reach the evidence file.\nExample: put what matters into the statement column of the Controls sheet."),
    e("E-XLSX-FORMULA", "入力欄に数式がある", "a formula in an input cell", "質問票の値は数式にできません。数式は開いた人の環境で計算され、外部へのリンクや細工に使われることがあるため、sansho はキャッシュされた値も使わずに拒否します。\n例: セルを選んでコピーし、「値として貼り付け」で数式を値に置き換えてください。", "Questionnaire values cannot be formulas: a formula runs on whoever opens the workbook and can link out or disguise content, so sansho refuses it rather than use its cached value.\nExample: copy the cell and paste it back as values only."),
    e("E-XLSX-MERGED", "結合されたセルがある", "merged cells", "結合されたセルは値がどの行・列のものか決められないため読み込めません。\n例: セルを選んで「セルの結合を解除」してから保存してください。", "Merged cells cannot be attributed to one row and column.\nExample: select the cells, choose Unmerge, and save."),
    e("E-XLSX-ERROR-VALUE", "セルがエラー値（#N/A など）", "a cell holds an error value (#N/A, …)", "セルの値が #N/A・#VALUE! などのエラーです。\n例: エラーのセルに正しい値を入力し直してください。", "The cell holds an error such as #N/A or #VALUE!.\nExample: type the correct value into the cell."),
    e("E-XLSX-DATE-TEXT", "日付の欄が日付になっていない", "a date column holds something other than a date", "目標日・作成日・発行日・有効期限の欄は日付のセルでなければなりません。文字列として入力された日付（先頭に ' を付けたもの、書式が文字列のセル）や数値は読み込みません。\n例: セルの書式を日付に戻し、2027-03-31 のように入力し直してください。", "Target, prepared, issued and expiry dates must be date cells; dates typed as text (a leading ', a text-formatted cell) and plain numbers are refused.\nExample: set the cell format to a date and type 2027-03-31 again."),
    w("W-XLSX-DATE-AS-TEXT", "文章の欄の日付を文字列として読んだ", "a date in a text column was read as text", "文章の欄（版など）に日付のセルがあったため、YYYY-MM-DD の文字列として読みました。\n例: 意図した値でなければ、セルの書式を文字列にして入力し直してください。", "A text column (version, …) held a date cell; it was read as YYYY-MM-DD text.\nExample: if that is not what you meant, set the cell format to text and type the value again."),
    e("E-XLSX-CHOICE", "選択肢にない値", "a value that is not one of the choices", "対応状況・責任・はい／いいえの欄はドロップダウンの値だけを受け付けます（日本語・英語どちらの質問票の語も可）。手で入力した別の語は読み込みません。\n例: 「対応済み」→ ドロップダウンから「対応済」を選んでください。", "Status, responsibility and yes/no cells accept only the drop-down values (the Japanese or the English questionnaire's words); other words typed by hand are refused.\nExample: choose \"implemented\" from the drop-down instead of typing \"done\"."),
    e("E-XLSX-TYPE", "欄に合わない種類の値", "a value of the wrong kind for the cell", "数値の欄に文字、文章の欄に真偽値など、欄の種類と合わない値があります。\n例: 稼働率の欄には 99.9 のように数値だけを入力してください。", "The cell holds a value of the wrong kind (text in a number cell, …).\nExample: enter only a number such as 99.9 in the availability cell."),
    w("W-XLSX-NUMBER-TEXT", "数値の欄の文字列を数値として読んだ", "a number typed as text was read as a number", "数値の欄に数字が文字列として入力されていたため、数値として読みました。\n例: セルの書式を数値にして入力し直すと警告は出なくなります。", "A number cell held digits typed as text; they were read as a number.\nExample: set the cell format to a number and type it again."),
    e("E-XLSX-COLUMN-MISSING", "質問票の列がない", "a questionnaire column is missing", "管理策・根拠資料シートの入力列は見出しで探します。見出しを書き換えたり列を削除したりすると、その列の値を読めません。\n例: 見出しを「目標日」に戻すか、`sansho export xlsx` で質問票を作り直してください。", "Input columns are found by their headers; an edited header or a deleted column cannot be read.\nExample: restore the header (Target date) or export a new questionnaire."),
    w("W-XLSX-COLUMN-UNKNOWN", "質問票にない列を読み飛ばした", "a column that is not part of the questionnaire was ignored", "利用者が追加した列（社内メモなど）は読み込みません。\n例: 残したい内容は「実施内容」欄に書いてください。", "Columns added by the user (internal notes, …) are not read.\nExample: put what matters into the statement column."),
    w("W-XLSX-ROW-UNKNOWN", "質問票にない項目の行を読み飛ばした", "a row that is not part of the questionnaire was ignored", "表紙・SLA シートの行はキーの列（vendor.name、sla.rto_hours など）で見分けます。知らないキーの行は読み込みません。\n例: キーの列を書き換えないでください。", "Cover and SLA rows are recognised by their key (vendor.name, sla.rto_hours, …); rows with unknown keys are not read.\nExample: leave the key column as exported."),
    w("W-XLSX-CATALOG-VERSION", "質問票が別の版のカタログで作られている", "the questionnaire was made with another catalog version", "表紙のカタログの版が今の sansho のカタログと違います。管理策の行が一致しなければ読み込めません。\n例: 読み込めたら、その evidence.toml から `sansho export xlsx evidence.toml -o 新しい質問票.xlsx` で作り直してください。", "The cover's catalog version differs from sansho's; the control rows must still match.\nExample: import what you can, then export a new questionnaire from the evidence file."),
    e("E-XLSX-ID-CHANGED", "管理策の行の ID が変わっている", "a control row's ID changed", "管理策シートの行は出力した順のまま、ID も書き換えずに残す必要があります。行を削除・挿入・並べ替えすると、どの回答がどの管理策のものか分からなくなります。\n例: 元に戻す（元に戻せなければ `sansho export xlsx` で作り直して回答を写す）。", "The Controls sheet keeps its rows in the exported order with their IDs; deleting, inserting or sorting rows loses which answer belongs to which control.\nExample: undo the change, or export a new questionnaire and copy the answers over."),
    e("E-XLSX-ROW-MISSING", "管理策の行が足りない", "control rows are missing", "管理策シートには全管理策の行が必要です。最後の行から先が削除されています。\n例: 削除した行を元に戻してください。", "The Controls sheet needs a row for every control; rows at the end were deleted.\nExample: restore the deleted rows."),
    e("E-XLSX-STATUS-MISSING", "記入があるのに対応状況が空欄", "entries without a status", "実施内容などに記入があるのに対応状況が選ばれていない行は、回答として扱えません。\n例: 対応状況のドロップダウンから「対応済」などを選んでください。", "A row with entries but no status is not an answer.\nExample: pick a status such as implemented from the drop-down."),
    e("E-XLSX-INTERNAL", "書き出すファイルが読み込んだ内容と一致しない（不具合）", "the file to be written differs from what was read (a bug)", "読み込んだ内容を TOML に書き、もう一度読み込んで比べたところ一致しませんでした。何も書き出していません。sansho の不具合なので質問票を添えて報告してください。\n例: 報告までの間は、質問票の内容を手でエビデンスファイルに写してください。", "The evidence was written as TOML and read back, and the two differ; nothing was written. Please report this bug with the workbook.\nExample: until it is fixed, copy the answers into the evidence file by hand."),
    // Audit: diff, verify, manifests and signed bundles.
    e("E-AUDIT-GIT", "git から版を読めない（git:REV:PATH）", "a version cannot be read from git (git:REV:PATH)", "`sansho diff` の git:リビジョン:パス は、現在の git リポジトリにコミットされた版を `git cat-file` で読みます。git がない、リポジトリの外で実行した、リビジョンやパスが存在しない、のいずれかです。パスは現在のフォルダからの相対パスです。\n例: `sansho diff git:HEAD~1:evidence.toml evidence.toml`（リポジトリの中で実行）。", "`sansho diff` reads git:REV:PATH as committed in the current git repository with `git cat-file`. Git is missing, the command ran outside a repository, or the revision or path does not exist; the path is relative to the current folder.\nExample: `sansho diff git:HEAD~1:evidence.toml evidence.toml`, run inside the repository."),
    e("E-AUDIT-MANIFEST", "sansho のマニフェストとして読めない", "not a readable sansho manifest", "`sansho verify --manifest M` が読むのは、`sansho verify FILE --manifest M` が書いた JSON（format = \"sansho-manifest/1\"）だけです。別のファイルを指定したか、マニフェストが壊れています。\n例: `sansho verify evidence.toml --manifest audit.json` で作り直してください。", "`sansho verify --manifest M` reads only the JSON written by `sansho verify FILE --manifest M` (format \"sansho-manifest/1\"); another file was given or the manifest is damaged.\nExample: write it again with `sansho verify evidence.toml --manifest audit.json`."),
    e("E-AUDIT-BUNDLE-READ", "バンドルを zip として読めない", "the bundle cannot be read as a zip", "`sansho verify BUNDLE` は `sansho bundle` が作った zip を確かめます。ファイルが zip でないか、途中で切れています（終了コード 2）。\n例: 受け取ったファイルをもう一度ダウンロードし、`sansho verify disclosure.sansho.zip --pubkey vendor.pub` を実行してください。", "`sansho verify BUNDLE` checks a zip written by `sansho bundle`; the file is not a zip or is truncated (exit code 2).\nExample: download the file again and run `sansho verify disclosure.sansho.zip --pubkey vendor.pub`."),
    e("E-AUDIT-BUNDLE-ENTRY", "バンドルに危険な項目がある（../・絶対パス・リンク・巨大なサイズ）", "a hostile bundle entry (../, absolute path, link, huge size)", "バンドルの中身を読む前に、すべての項目名と大きさを確かめます。フォルダの外を指す名前（../）、絶対パス、シンボリックリンク、暗号化、重複した名前、展開すると上限（1 項目 256 MiB・合計 2 GiB）を超える大きさ（zip 爆弾）があれば、何も展開せずに拒否します。sansho が作ったバンドルにはこれらは含まれません。\n例: 事業者に `sansho bundle` で作り直したバンドルを求めてください。", "Every entry name and size is checked before anything is read: a name leading outside (../), an absolute path, a symbolic link, encryption, a duplicate name or an uncompressed size over the limits (256 MiB per entry, 2 GiB in all; a zip bomb) refuses the bundle with nothing extracted. Bundles written by sansho never contain these.\nExample: ask the vendor for a bundle written again with `sansho bundle`."),
    e("E-AUDIT-BUNDLE-CHANGED", "バンドル作成中にエビデンスファイルが変わった", "the evidence file changed while bundling", "バンドルに入れるエビデンスファイルが、検証してから読み直すまでの間に変更されました。検証した内容と違うものに署名しないよう中止しました。\n例: 編集を終えてから、もう一度 `sansho bundle` を実行してください。", "The evidence file changed between being checked and being read into the bundle; sansho stopped rather than sign something other than what it checked.\nExample: finish editing, then run `sansho bundle` again."),
    e("E-AUDIT-BUNDLE-DOCUMENT", "文書のパスをバンドルに入れられない", "a document path cannot be bundled", "バンドルには、エビデンスファイルのフォルダの中にある文書だけを入れます（検証と同じ規則）。\n例: 文書をフォルダの中（docs/ など）に置き、`path = \"docs/isms.pdf\"` と書いてください。", "Only documents inside the evidence file's folder go into a bundle (the same rule as validation).\nExample: keep the document in the folder and write `path = \"docs/isms.pdf\"`."),
    e("E-AUDIT-BUNDLE-WRITE", "バンドルを書き出せない", "the bundle cannot be written", "zip を組み立てる途中で失敗しました（メモリ不足など）。\n例: 空き容量とメモリを確かめて、もう一度 `sansho bundle` を実行してください。", "Assembling the zip failed (out of memory, for example).\nExample: check free space and memory, then run `sansho bundle` again."),
    // The web workbench (`sansho serve`).
    e("E-SERVE-CONFLICT", "開いた後にファイルが変更された（sansho serve）", "the file changed on disk since it was opened (sansho serve)", "sansho serve で編集中のファイルを、ほかのエディタやプログラムが書き換えました。そのまま保存すると相手の変更が失われるため、保存を止めて両方の版を示します。\n例: 画面の「変更を破棄」でディスクの版を開き直してから編集し直すか、相手の変更が不要なら上書きしてください（直前の版は .bak に残ります）。", "Another editor or program wrote the file while it was being edited in sansho serve; saving would lose those changes, so sansho stops and shows both versions.\nExample: discard this page's changes to reopen the disk version and redo the edit, or overwrite if the other changes are not wanted (the previous version is kept as .bak)."),
];

/// The entry of a code, `None` when it is not registered.
pub fn lookup(code: &str) -> Option<&'static CodeInfo> {
    CODES.iter().find(|c| c.code.eq_ignore_ascii_case(code))
}

/// `sansho explain CODE`: the code, its severity, summary and explanation.
pub fn explain(info: &CodeInfo, lang: Lang) -> String {
    let sev = match (info.severity, lang) {
        (Severity::Error, Lang::Ja) => "エラー",
        (Severity::Error, Lang::En) => "error",
        (Severity::Warning, Lang::Ja) => "警告",
        (Severity::Warning, Lang::En) => "warning",
    };
    format!(
        "{} ({sev}): {}\n\n{}\n",
        info.code,
        info.summary(lang),
        info.explanation(lang)
    )
}

/// Every code with its summary, one per line (`sansho explain` without a code).
pub fn list(lang: Lang) -> String {
    let width = CODES.iter().map(|c| c.code.len()).max().unwrap_or(0);
    let mut out = String::new();
    for c in CODES {
        let _ = writeln!(out, "{:<width$}  {}", c.code, c.summary(lang));
    }
    out
}

/// `docs/diagnostics.md`: the table of every code and each explanation in both languages.
pub fn markdown() -> String {
    let cell = |s: &str| s.replace('|', "\\|");
    let mut out = String::from(
        "# 診断コード一覧 / Diagnostic codes\n\n\
         <!-- Generated from src/diag/codes.rs: cargo run -q -- explain --format md > docs/diagnostics.md -->\n\n\
         sansho のエラー・警告には安定したコードが付きます。`sansho explain CODE` で同じ説明を表示できます。\n\
         Every error and warning carries a stable code; `sansho explain CODE` prints the same explanation.\n\n\
         | コード / code | 種別 / severity | 概要 | summary |\n|---|---|---|---|\n",
    );
    for c in CODES {
        let sev = match c.severity {
            Severity::Error => "エラー / error",
            Severity::Warning => "警告 / warning",
        };
        let _ = writeln!(
            out,
            "| [`{}`](#{}) | {sev} | {} | {} |",
            c.code,
            c.code.to_ascii_lowercase(),
            cell(c.summary_ja),
            cell(c.summary_en)
        );
    }
    for c in CODES {
        let _ = write!(
            out,
            "\n## {}\n\n{}\n\n{}\n",
            c.code,
            c.explain_ja.replace('\n', "\n\n"),
            c.explain_en.replace('\n', "\n\n")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::path::Path;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for c in CODES {
            assert!(seen.insert(c.code), "{} is registered twice", c.code);
            let want = if c.code.starts_with("E-") {
                Severity::Error
            } else {
                assert!(c.code.starts_with("W-"), "{}", c.code);
                Severity::Warning
            };
            assert_eq!(c.severity, want, "{}: E- is an error, W- a warning", c.code);
            assert!(
                c.code[2..]
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-'),
                "{}",
                c.code
            );
            for (lang, s) in [("ja", c.explain_ja), ("en", c.explain_en)] {
                assert!(
                    s.contains("例:") || s.contains("Example:"),
                    "{} ({lang}): the explanation gives an example fix",
                    c.code
                );
            }
            assert!(!c.summary_ja.contains('\n') && !c.summary_en.contains('\n'));
        }
    }

    /// Every `"E-…"` / `"W-…"` literal in the sources, with the file it is in.
    fn codes_in_sources() -> Vec<(String, String)> {
        fn walk(dir: &Path, out: &mut Vec<(String, String)>) {
            let mut entries: Vec<_> = std::fs::read_dir(dir)
                .expect("src is readable")
                .map(|e| e.expect("entry").path())
                .collect();
            entries.sort();
            for p in entries {
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|e| e == "rs") && !p.ends_with("diag/codes.rs")
                {
                    let text = std::fs::read_to_string(&p).expect("source is UTF-8");
                    for (i, _) in text.match_indices("\"E-").chain(text.match_indices("\"W-")) {
                        let rest = &text[i + 1..];
                        let end = rest
                            .find(|c: char| {
                                !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-')
                            })
                            .unwrap_or(rest.len());
                        if rest[end..].starts_with('"') && end > 2 {
                            out.push((rest[..end].to_string(), p.display().to_string()));
                        }
                    }
                }
            }
        }
        let mut out = Vec::new();
        walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
        out
    }

    #[test]
    fn every_code_in_the_sources_is_registered() {
        let found = codes_in_sources();
        assert!(
            found.len() > 50,
            "the scan finds the codes ({})",
            found.len()
        );
        for (code, file) in &found {
            assert!(
                lookup(code).is_some_and(|c| c.code == code),
                "{code} (used in {file}) is not in src/diag/codes.rs: add one line to CODES"
            );
        }
    }

    #[test]
    fn every_registered_code_is_used() {
        let found: HashSet<String> = codes_in_sources().into_iter().map(|(c, _)| c).collect();
        for c in CODES {
            assert!(
                found.contains(c.code),
                "{} is registered but no longer used in src/: remove its line from CODES",
                c.code
            );
        }
    }

    #[test]
    fn the_documentation_is_current() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diagnostics.md");
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == markdown(),
            "docs/diagnostics.md is stale; regenerate it with:\n  cargo run -q -- explain --format md > docs/diagnostics.md"
        );
    }

    #[test]
    fn lookup_ignores_case_and_explains() {
        let c = lookup("e-doc-dates").expect("registered");
        assert_eq!(c.code, "E-DOC-DATES");
        let s = explain(c, Lang::Ja);
        assert!(s.starts_with("E-DOC-DATES (エラー): "), "{s}");
        assert!(s.contains("例:"), "{s}");
        assert!(lookup("E-NOPE").is_none());
        assert_eq!(list(Lang::En).lines().count(), CODES.len());
    }
}
