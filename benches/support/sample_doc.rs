//! A realistic disclosure-like Markdown document for the PDF engine's bench and example:
//! a header block, a status legend, a chart, notes and long Japanese tables.

/// Builds the sample with `rows` table rows split into sections of up to 50.
pub fn sample_markdown(rows: usize) -> String {
    const TITLES: [&str; 8] = [
        "利用者の識別及び認証",
        "二要素認証の導入",
        "アクセスログの取得と定期点検",
        "通信の暗号化（TLS 1.2 以上）",
        "保存データの暗号化",
        "バックアップの取得と復旧手順の定期的な訓練",
        "委託先（再委託先を含む）の監督",
        "障害発生時の医療機関等への連絡体制",
    ];
    const DONE: [&str; 8] = [
        "全利用者に一意の利用者IDを発行し、ログイン時にパスワードとワンタイムパスワードによる二要素認証を必須としている。共有アカウントは発行しない。",
        "管理者・医療従事者の全アカウントにTOTP方式の二要素認証を適用済み（2025年4月～）。",
        "ログイン日時・操作内容・端末を記録し、改ざん防止のためWORMストレージへ5年間保存している。定期点検は月次で実施しているが、自動検知は2027年度に導入予定。",
        "外部接続はTLS 1.2以上に限定。閉域網（IP-VPN）接続オプションを2027年3月31日までに提供予定。",
        "全データをAES-256で暗号化し、鍵はHSMで管理。証跡：D-ISMS（ISO/IEC 27001 認証登録証、2028年3月31日まで有効、sha256 3f9a9c1d4b7e2a06c5d8e1f0a3b6c9d2e5f8a1b4c7d0e3f6a9b2c5d8e1f4a7b0）。",
        "日次で差分、週次で完全バックアップを取得し、遠隔地（大阪リージョン）に保管。復旧訓練は年2回実施し、結果を https://example.jp/security/reports/backup-drill-2026.pdf に掲載。",
        "「委託先管理規程」に基づき、年1回の監査と、四半期ごとの報告書の提出を求めている。",
        "24時間365日の監視体制を整え、重大障害は検知から30分以内に医療機関等の窓口へ電話とメールで連絡する。",
    ];
    const ASK: [&str; 6] = [
        "利用者の登録・削除を申請書により当社へ依頼すること。（役割分担：共同）",
        "端末紛失時は速やかに当社窓口へ連絡すること。",
        "医療機関側の不審操作の確認依頼には3営業日以内に回答する。",
        "院内ネットワークからの接続元IPアドレスを事前に届け出ること。",
        "－",
        "",
    ];
    const STATUS: [&str; 6] = ["○", "○", "△", "□", "×", "－"];
    const AREAS: [(&str, &str); 5] = [
        ("TEC", "技術的安全管理対策"),
        ("ORG", "組織的安全管理対策"),
        ("PHY", "物理的安全管理対策"),
        ("PER", "人的安全管理対策"),
        ("OPS", "運用管理"),
    ];
    let mut md = String::new();
    md.push_str("# サービス仕様適合開示書\n\n");
    md.push_str("作成日：2026年11月1日　版：1.2\n\n");
    md.push_str("| 項目 | 内容 | 項目 | 内容 |\n|---|---|---|---|\n");
    md.push_str(
        "| 事業者名 | 株式会社サンプルクラウド | サービス名 | サンプル電子カルテ クラウド |\n",
    );
    md.push_str(
        "| 連絡先 | security@example.jp（平日 9:00–18:00） | 評価基準日 | 2026年11月23日 |\n",
    );
    md.push_str("| 準拠するガイドライン | 医療情報システムの安全管理に関するガイドライン 第6.0版（厚生労働省）／医療情報を取り扱う情報システム・サービスの提供事業者における安全管理ガイドライン 第2.0版（総務省・経済産業省） | 総合判定 | **条件付き適合**（総合 91.4 点：必須対策 58 項目中 55 項目 対応、3 項目 対応予定） |\n\n");
    md.push_str(
        "適合状況：○ 対応　△ 一部対応　□ 対応予定（予定日）　× 未対応　－ 該当なし（理由）\n\n",
    );
    md.push_str("```chart\n技術的安全管理対策 | 93.8\n組織的安全管理対策 | 88\n物理的安全管理対策 | 100\n人的安全管理対策 | 72.5\n運用管理 | -\n```\n\n");
    md.push_str("> 注：本書は評価基準日時点の状況を示すものであり、「対応予定」の項目は予定日までに実施します。\n> 証拠ファイルの sha256 は 9c1d4b7e2a06c5d8e1f0a3b6c9d2e5f8a1b4c7d0e3f6a9b2c5d8e1f4a7b007ab です。\n\n");
    let mut n = 0;
    let mut area = 0;
    while n < rows {
        let (prefix, name) = AREAS[area % AREAS.len()];
        let count = (rows - n).min(50);
        md.push_str(&format!("## {}. {}\n\n", area + 1, name));
        md.push_str("| 項番 | 対策項目 | ガイドライン該当箇所 | 適合状況 | 実施内容 | 医療機関等に求める事項 |\n");
        md.push_str("|---|---|---|:---:|---|---|\n");
        for i in 0..count {
            let k = n + i;
            md.push_str(&format!(
                "| {prefix}-{:02} | {} | クラウドGL 3.2.{} 運用編 {}① | {} | {} | {} |\n",
                i + 1,
                TITLES[k % TITLES.len()],
                k % 7 + 1,
                k % 20 + 1,
                STATUS[k % STATUS.len()],
                DONE[k % DONE.len()],
                ASK[k % ASK.len()],
            ));
        }
        md.push('\n');
        n += count;
        area += 1;
    }
    md.push_str("## 備考\n\n- 「対応予定」の項目は、予定日と代替措置を個票に記載しています。\n- 評価の方法：\n  1. 証拠書類の確認\n  2. 担当者への聞き取り\n\n---\n\n");
    md.push_str("```\nsansho render disclosure --catalog jp-medical-3sho@2026.11 --evidence evidence.toml\n```\n");
    md
}
