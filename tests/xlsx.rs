//! The Excel questionnaire through the real binary: export → import is lossless for every
//! sample (also after a real LibreOffice save, with edited cells), the output is
//! reproducible, vendor text never becomes a formula, and bad workbooks are refused with
//! the cell named and nothing written.

mod support;

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{Format, Formula, Workbook};
use sansho::catalog::{self, Catalog, CatalogSource};
use sansho::evidence::{self, Evidence, LoadOptions, Status};
use std::io::Cursor;
use std::path::{Path, PathBuf};

const SAMPLES: [&str; 3] = ["strong", "typical", "weak"];
const AS_OF: &str = "2026-12-01";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sansho() -> Command {
    let mut c = Command::cargo_bin("sansho").unwrap();
    c.env("SOURCE_DATE_EPOCH", "1931299200")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .env("NO_COLOR", "1");
    c
}

fn catalog() -> Catalog {
    catalog::load(&CatalogSource::Embedded).expect("catalog")
}

fn load(path: &Path) -> Evidence {
    let opts = LoadOptions {
        check_files: false,
        as_of: chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
    };
    evidence::load(path, &catalog(), &opts)
        .unwrap_or_else(|e| {
            panic!(
                "{}: {}",
                path.display(),
                e.render(sansho::i18n::Lang::En, false)
            )
        })
        .evidence
}

fn sample(name: &str) -> PathBuf {
    root().join("samples").join(name).join("evidence.toml")
}

fn export(evidence: &Path, out: &Path, lang: &str) {
    let o = sansho()
        .args(["--lang", lang, "export", "xlsx"])
        .arg(evidence)
        .arg("-o")
        .arg(out)
        .args(["--as-of", AS_OF])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// Imports a workbook; returns (exit code, stderr).
fn import(workbook: &Path, out: &Path) -> (i32, String) {
    let o = sansho()
        .args(["import", "xlsx"])
        .arg(workbook)
        .arg("-o")
        .arg(out)
        .args(["--as-of", AS_OF])
        .output()
        .unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// Field by field first (a readable failure), then the whole value (so that a field added
/// to the model later and forgotten by the workbook fails here).
fn assert_same(got: &Evidence, want: &Evidence, what: &str) {
    assert_eq!(got.vendor, want.vendor, "{what}: vendor");
    assert_eq!(got.scope, want.scope, "{what}: scope");
    assert_eq!(got.documents, want.documents, "{what}: documents");
    for (id, a) in &want.answers {
        assert_eq!(got.answers.get(id), Some(a), "{what}: answer {id}");
    }
    assert_eq!(got.answers.len(), want.answers.len(), "{what}: answers");
    assert_eq!(got.sla, want.sla, "{what}: sla");
    assert_eq!(got, want, "{what}: the whole evidence");
}

#[test]
fn every_sample_round_trips_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    for name in SAMPLES {
        let want = load(&sample(name));
        for lang in ["ja", "en"] {
            let wb = dir.path().join(format!("{name}-{lang}.xlsx"));
            export(&sample(name), &wb, lang);
            let out = dir.path().join(format!("{name}-{lang}.toml"));
            let (code, err) = import(&wb, &out);
            assert_eq!(code, 0, "{name} {lang}: {err}");
            assert_same(&load(&out), &want, &format!("{name} {lang}"));
        }
    }
}

#[test]
fn the_evidence_file_has_the_init_layout() {
    let dir = tempfile::tempdir().unwrap();
    let wb = dir.path().join("q.xlsx");
    export(&sample("typical"), &wb, "ja");
    let out = dir.path().join("e.toml");
    assert_eq!(import(&wb, &out).0, 0);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.starts_with("#:schema ./evidence.schema.json\n"),
        "{}",
        &text[..200]
    );
    assert!(text.contains("# status:\n#   \"implemented\""));
    assert!(
        text.contains("# 要求事項: "),
        "control comments as in sansho init"
    );
    assert!(text.contains("[answers.ORG-01]\nstatus = "));
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.xlsx"), dir.path().join("b.xlsx"));
    export(&sample("strong"), &a, "ja");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    export(&sample("strong"), &b, "ja");
    let (x, y) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert!(x.len() > 10_000);
    assert!(x == y, "two exports of the same evidence differ");
    // A different as-of date is a different workbook (its creation date comes from it).
    let c = dir.path().join("c.xlsx");
    let o = sansho()
        .args(["export", "xlsx"])
        .arg(sample("strong"))
        .arg("-o")
        .arg(&c)
        .args(["--as-of", "2026-12-02"])
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(std::fs::read(&c).unwrap() != x);
}

/// The sheets of a workbook: name, cell values, formulas.
struct Sheet {
    name: String,
    cells: Vec<Vec<Data>>,
}

fn read_book(path: &Path) -> Vec<Sheet> {
    let bytes = std::fs::read(path).unwrap();
    let mut book = Xlsx::new(Cursor::new(bytes)).unwrap();
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let (r1, c1) = range.end().unwrap_or((0, 0));
        let mut cells = Vec::new();
        for r in 0..=r1 {
            let mut row = Vec::new();
            for c in 0..=c1 {
                let v = if r < r0 || c < c0 {
                    Data::Empty
                } else {
                    range.get_value((r, c)).cloned().unwrap_or(Data::Empty)
                };
                row.push(v);
            }
            cells.push(row);
        }
        out.push(Sheet { name, cells });
    }
    out
}

/// Writes sheets back as a plain workbook (values with their types, dates as date cells),
/// as a spreadsheet user's edits would leave them. `merge` merges one range of one sheet,
/// `formula` puts a formula into one cell.
fn write_book(
    sheets: &[Sheet],
    path: &Path,
    merge: Option<(&str, u32, u16, u32, u16)>,
    formula: Option<(&str, u32, u16, &str)>,
) {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for s in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&s.name).unwrap();
        for (r, row) in s.cells.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match v {
                    Data::String(t) => {
                        ws.write_string(r, c, t).unwrap();
                    }
                    Data::Float(f) => {
                        ws.write_number(r, c, *f).unwrap();
                    }
                    Data::Int(i) => {
                        ws.write_number(r, c, *i as f64).unwrap();
                    }
                    Data::Bool(b) => {
                        ws.write_boolean(r, c, *b).unwrap();
                    }
                    Data::DateTime(d) => {
                        let d = d.as_datetime().unwrap().date();
                        ws.write_date_with_format(r, c, d, &date).unwrap();
                    }
                    Data::DateTimeIso(s) => {
                        let d = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
                        ws.write_date_with_format(r, c, d, &date).unwrap();
                    }
                    _ => {}
                }
            }
        }
        if let Some((name, r0, c0, r1, c1)) = merge {
            if name == s.name {
                ws.merge_range(r0, c0, r1, c1, "", &Format::new()).unwrap();
            }
        }
        if let Some((name, r, c, f)) = formula {
            if name == s.name {
                ws.write_formula(r, c, Formula::new(f)).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

fn sheet<'a>(book: &'a mut [Sheet], name: &str) -> &'a mut Sheet {
    book.iter_mut().find(|s| s.name == name).unwrap()
}

/// The column (0-based) whose header row says `header`.
fn col(s: &Sheet, header: &str) -> usize {
    s.cells[0]
        .iter()
        .position(|h| matches!(h, Data::String(t) if t == header))
        .unwrap_or_else(|| panic!("no column {header} in {}", s.name))
}

/// The row (0-based) of a control id in the controls sheet.
fn row_of(s: &Sheet, id: &str) -> usize {
    s.cells
        .iter()
        .position(|r| matches!(&r[0], Data::String(t) if t == id))
        .unwrap_or_else(|| panic!("no row {id}"))
}

fn cell(row: usize, col: usize) -> String {
    rust_xlsxwriter::utility::row_col_to_cell(row as u32, col as u16)
}

#[test]
fn vendor_text_is_never_a_formula() {
    let dir = tempfile::tempdir().unwrap();
    let mut e = load(&sample("typical"));
    let hostile = [
        "=HYPERLINK(\"http://example.invalid\",\"click\")",
        "+1+1",
        "-2+3",
        "@SUM(A1:A2)",
    ];
    e.vendor.name = hostile[1].to_string();
    e.vendor.contact = Some(hostile[3].to_string());
    let ids: Vec<String> = e.answers.keys().take(4).cloned().collect();
    for (id, text) in ids.iter().zip(hostile) {
        e.answers.get_mut(id).unwrap().statement = Some(text.to_string());
    }
    e.documents[0].title = hostile[2].to_string();
    let src = dir.path().join("hostile.toml");
    let text = sansho::evidence::to_toml(&catalog(), &e, sansho::i18n::Lang::Ja);
    std::fs::write(&src, text).unwrap();
    let wb = dir.path().join("q.xlsx");
    export(&src, &wb, "ja");

    let mut book = Xlsx::new(Cursor::new(std::fs::read(&wb).unwrap())).unwrap();
    let mut strings = 0;
    for name in ["表紙", "管理策", "根拠資料"] {
        let values = book.worksheet_range(name).unwrap();
        let formulas = book.worksheet_formula(name).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{name} has a formula"
        );
        for (_, _, v) in values.used_cells() {
            if let Data::String(s) = v {
                if hostile.contains(&s.as_str()) {
                    strings += 1;
                }
            }
        }
    }
    // Four statements, the vendor's name and contact, a document title.
    assert_eq!(strings, 7, "each hostile text is a string cell");
    let out = dir.path().join("back.toml");
    let (code, err) = import(&wb, &out);
    assert_eq!(code, 0, "{err}");
    assert_same(&load(&out), &e, "hostile");
}

/// Converts a workbook with LibreOffice (a real Calc save) into `outdir`.
fn libreoffice(soffice: &Path, input: &Path, outdir: &Path) -> PathBuf {
    let profile = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
        ])
        .arg("--outdir")
        .arg(outdir)
        .arg(input)
        .output()
        .unwrap();
    let out = outdir.join(input.file_name().unwrap());
    assert!(
        o.status.success() && out.is_file(),
        "soffice failed: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    out
}

#[test]
fn a_workbook_saved_by_libreoffice_reads_back_with_its_edits() {
    let Some(soffice) = support::tool("soffice") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    // Unedited: LibreOffice's own file reads back to the same evidence.
    let wb = dir.path().join("strong.xlsx");
    export(&sample("strong"), &wb, "ja");
    let saved_dir = dir.path().join("lo");
    std::fs::create_dir(&saved_dir).unwrap();
    let saved = libreoffice(&soffice, &wb, &saved_dir);
    assert!(std::fs::read(&saved).unwrap() != std::fs::read(&wb).unwrap());
    let out = dir.path().join("strong.toml");
    let (code, err) = import(&saved, &out);
    assert_eq!(code, 0, "{err}");
    assert_same(&load(&out), &load(&sample("strong")), "LibreOffice save");

    // Edited: a status, a statement, a target date, an SLA value and a scope flag.
    let wb = dir.path().join("typical.xlsx");
    export(&sample("typical"), &wb, "ja");
    let mut book = read_book(&wb);
    let mut want = load(&sample("typical"));
    let (id, _) = want
        .answers
        .iter()
        .find(|(_, a)| a.status == Status::NotImplemented)
        .map(|(k, a)| (k.clone(), a.clone()))
        .unwrap();
    {
        let s = sheet(&mut book, "管理策");
        let r = row_of(s, &id);
        let (st, stmt, date) = (col(s, "対応状況"), col(s, "実施内容"), col(s, "目標日"));
        s.cells[r][st] = Data::String("対応予定".into());
        s.cells[r][stmt] = Data::String("2027年度に導入します。\n2行目".into());
        s.cells[r][date] = Data::DateTimeIso("2027-06-30".into());
    }
    let a = want.answers.get_mut(&id).unwrap();
    a.status = Status::Planned;
    a.statement = Some("2027年度に導入します。\n2行目".into());
    a.planned_date = chrono::NaiveDate::from_ymd_opt(2027, 6, 30);
    {
        let s = sheet(&mut book, "SLA");
        let key = col(s, "キー");
        let value = col(s, "記入欄");
        let r = s
            .cells
            .iter()
            .position(|r| matches!(&r[key], Data::String(k) if k == "sla.rto_hours"))
            .unwrap();
        s.cells[r][value] = Data::Float(2.5);
    }
    want.sla.rto_hours = Some(2.5);
    {
        let s = sheet(&mut book, "表紙");
        let r = s
            .cells
            .iter()
            .position(|r| matches!(&r[2], Data::String(k) if k == "scope.phr"))
            .unwrap();
        s.cells[r][1] = Data::String("はい".into());
    }
    want.scope.phr = true;
    let edited = dir.path().join("edited.xlsx");
    write_book(&book, &edited, None, None);
    let saved = libreoffice(&soffice, &edited, &saved_dir);
    let out = dir.path().join("edited.toml");
    let (code, err) = import(&saved, &out);
    assert_eq!(code, 0, "{err}");
    assert_same(
        &load(&out),
        &want,
        "edited in a spreadsheet, saved by LibreOffice",
    );
}

/// Imports a bad workbook: exit 2, the code and the cell in the message, nothing written.
fn refused(workbook: &Path, code: &str, at: &str) -> String {
    let out = workbook.with_extension("toml");
    let (exit, err) = import(workbook, &out);
    assert_eq!(exit, 2, "{}: {err}", workbook.display());
    assert!(err.contains(&format!("[{code}]")), "{code} in {err}");
    assert!(err.contains(at), "{at} in {err}");
    assert!(!out.exists(), "nothing is written");
    err
}

#[test]
fn bad_workbooks_are_refused_with_the_cell() {
    let dir = tempfile::tempdir().unwrap();
    let wb = dir.path().join("q.xlsx");
    export(&sample("typical"), &wb, "ja");
    let base = read_book(&wb);
    let e = load(&sample("typical"));
    let fresh = || read_book(&wb);
    let controls = base.iter().find(|s| s.name == "管理策").unwrap();
    let status = col(controls, "対応状況");
    let date = col(controls, "目標日");
    let reason = col(controls, "該当なしの理由");

    // A deleted row: the next control moves up into its place.
    let mut book = fresh();
    let r = row_of(sheet(&mut book, "管理策"), "ORG-03");
    sheet(&mut book, "管理策").cells.remove(r);
    let p = dir.path().join("deleted-row.xlsx");
    write_book(&book, &p, None, None);
    let err = refused(&p, "E-XLSX-ID-CHANGED", &format!("管理策!{}", cell(r, 0)));
    assert!(err.contains("ORG-03"), "{err}");

    // The last rows deleted.
    let mut book = fresh();
    let n = sheet(&mut book, "管理策").cells.len();
    sheet(&mut book, "管理策").cells.truncate(n - 2);
    let p = dir.path().join("truncated.xlsx");
    write_book(&book, &p, None, None);
    refused(&p, "E-XLSX-ROW-MISSING", "管理策!A");

    // A status typed by hand.
    let mut book = fresh();
    sheet(&mut book, "管理策").cells[1][status] = Data::String("対応済み".into());
    let p = dir.path().join("status.xlsx");
    write_book(&book, &p, None, None);
    let err = refused(&p, "E-XLSX-CHOICE", &format!("管理策!{}", cell(1, status)));
    assert!(
        err.contains("対応済、一部対応"),
        "the choices are listed: {err}"
    );

    // A date typed as text.
    let (planned, _) = e
        .answers
        .iter()
        .find(|(_, a)| a.status == Status::Planned)
        .expect("the typical sample plans something");
    let mut book = fresh();
    let r = row_of(sheet(&mut book, "管理策"), planned);
    sheet(&mut book, "管理策").cells[r][date] = Data::String("2027-03-31".into());
    let p = dir.path().join("date-text.xlsx");
    write_book(&book, &p, None, None);
    refused(&p, "E-XLSX-DATE-TEXT", &format!("管理策!{}", cell(r, date)));

    // A planned answer without its date: the evidence check's error, moved to the cell.
    let mut book = fresh();
    sheet(&mut book, "管理策").cells[r][date] = Data::Empty;
    let p = dir.path().join("no-date.xlsx");
    write_book(&book, &p, None, None);
    let err = refused(
        &p,
        "E-ANSWER-PLANNED-NO-DATE",
        &format!("管理策!{}", cell(r, date)),
    );
    assert!(
        err.contains(&format!(
            "管理策!{}: 「対応予定」には目標日が必要です",
            cell(r, date)
        )),
        "{err}"
    );

    // Not applicable without a reason.
    let mut book = fresh();
    sheet(&mut book, "管理策").cells[2][status] = Data::String("該当なし".into());
    sheet(&mut book, "管理策").cells[2][reason] = Data::Empty;
    let p = dir.path().join("no-reason.xlsx");
    write_book(&book, &p, None, None);
    refused(
        &p,
        "E-ANSWER-NA-NO-REASON",
        &format!("管理策!{}", cell(2, reason)),
    );

    // A changed id.
    let mut book = fresh();
    sheet(&mut book, "管理策").cells[3][0] = Data::String("ORG-99".into());
    let p = dir.path().join("id.xlsx");
    write_book(&book, &p, None, None);
    refused(&p, "E-XLSX-ID-CHANGED", "管理策!A4");

    // A merged cell.
    let p = dir.path().join("merged.xlsx");
    write_book(&fresh(), &p, Some(("根拠資料", 1, 1, 2, 1)), None);
    refused(&p, "E-XLSX-MERGED", "根拠資料!B2");

    // A formula in an input cell.
    let p = dir.path().join("formula.xlsx");
    let stmt = col(controls, "実施内容");
    write_book(&fresh(), &p, None, Some(("管理策", 5, stmt as u16, "=1+1")));
    refused(&p, "E-XLSX-FORMULA", &format!("管理策!{}", cell(5, stmt)));

    // A missing sheet.
    let mut book = fresh();
    book.retain(|s| s.name != "SLA");
    let p = dir.path().join("no-sla.xlsx");
    write_book(&book, &p, None, None);
    refused(&p, "E-XLSX-SHEET-MISSING", "SLA");

    // An empty file, and a TOML file renamed .xlsx.
    let p = dir.path().join("empty.xlsx");
    std::fs::write(&p, b"").unwrap();
    refused(&p, "E-XLSX-EMPTY", "empty.xlsx");
    let p = dir.path().join("renamed.xlsx");
    std::fs::copy(sample("typical"), &p).unwrap();
    refused(&p, "E-XLSX-OPEN", "renamed.xlsx");
}

#[test]
fn added_sheets_and_columns_are_ignored_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let wb = dir.path().join("q.xlsx");
    export(&sample("weak"), &wb, "ja");
    let mut book = read_book(&wb);
    let s = sheet(&mut book, "管理策");
    for (i, row) in s.cells.iter_mut().enumerate() {
        row.push(if i == 0 {
            Data::String("社内メモ".into())
        } else {
            Data::String("=not a formula, just a note".into())
        });
    }
    book.push(Sheet {
        name: "作業用".into(),
        cells: vec![vec![Data::String("メモ".into())]],
    });
    let p = dir.path().join("extra.xlsx");
    write_book(&book, &p, None, None);
    let out = dir.path().join("extra.toml");
    let (code, err) = import(&p, &out);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("[W-XLSX-COLUMN-UNKNOWN]") && err.contains("社内メモ"),
        "{err}"
    );
    assert!(
        err.contains("[W-XLSX-SHEET-UNKNOWN]") && err.contains("作業用"),
        "{err}"
    );
    assert_same(
        &load(&out),
        &load(&sample("weak")),
        "extra sheet and column",
    );
}

#[test]
fn a_blank_questionnaire_names_the_cells_to_fill() {
    let dir = tempfile::tempdir().unwrap();
    let wb = dir.path().join("blank.xlsx");
    let o = sansho()
        .args(["export", "xlsx", "-o"])
        .arg(&wb)
        .args(["--as-of", AS_OF])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let book = read_book(&wb);
    let names: Vec<&str> = book.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "表紙",
            "管理策",
            "根拠資料",
            "SLA",
            "提供基盤",
            "役割分担",
            "別紙",
            "改訂履歴",
            "集計"
        ]
    );
    let controls = book.iter().find(|s| s.name == "管理策").unwrap();
    assert_eq!(controls.cells.len(), catalog().controls.len() + 1);
    let err = refused(&wb, "E-SCHEMA-REQUIRED", "表紙!B5");
    assert!(err.contains("vendor.name"), "{err}");
}

#[test]
fn the_summary_counts_with_live_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let wb = dir.path().join("q.xlsx");
    export(&sample("typical"), &wb, "ja");
    let mut book = Xlsx::new(Cursor::new(std::fs::read(&wb).unwrap())).unwrap();
    let formulas = book.worksheet_formula("集計").unwrap();
    let all: Vec<&String> = formulas.used_cells().map(|(_, _, f)| f).collect();
    assert!(
        all.iter().any(|f| f.starts_with("COUNTIFS('管理策'!")),
        "{all:?}"
    );
    let values = book.worksheet_range("集計").unwrap();
    // Cached results are the sample's counts: the first area's implemented count.
    let e = load(&sample("typical"));
    let cat = catalog();
    let first = &cat.areas[0];
    let want = cat
        .controls_in(&first.id)
        .filter(|c| {
            e.answers
                .get(c.id.as_str())
                .is_some_and(|a| a.status == Status::Implemented)
        })
        .count();
    let got = values.get_value((1, 2)).cloned();
    assert!(
        matches!(got, Some(Data::Float(f)) if f as usize == want)
            || matches!(got, Some(Data::Int(i)) if i as usize == want)
            || matches!(&got, Some(Data::String(s)) if s == &want.to_string()),
        "{got:?} vs {want}"
    );
}

#[test]
fn compare_writes_a_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("vendors.xlsx");
    let run = |out: &Path| {
        sansho()
            .arg("compare")
            .args(SAMPLES.map(sample))
            .args(["--profile", "samples/profiles/university-hospital.toml"])
            .args(["--format", "xlsx", "--as-of", AS_OF, "-o"])
            .arg(out)
            .current_dir(root())
            .output()
            .unwrap()
    };
    let o = run(&out);
    // Exit 1: two of the samples do not meet the profile (the workbook is written anyway).
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let book = read_book(&out);
    let names: Vec<&str> = book.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["順位", "管理策", "SLA"]);
    let ranking = &book[0];
    assert!(matches!(&ranking.cells[1][1], Data::String(s) if s.contains("しらかば")));
    let matrix = &book[1];
    let symbols = matrix
        .cells
        .iter()
        .flatten()
        .filter(|v| matches!(v, Data::String(s) if s.starts_with("○ ")))
        .count();
    assert!(symbols > 100, "status symbols in the matrix: {symbols}");
    let sla = &book[2];
    assert!(sla
        .cells
        .iter()
        .flatten()
        .any(|v| matches!(v, Data::String(s) if s == "99.9% 以上")));
    let again = dir.path().join("again.xlsx");
    assert_eq!(run(&again).status.code(), Some(1));
    assert!(std::fs::read(&out).unwrap() == std::fs::read(&again).unwrap());
    // Without -o it is a usage error.
    let o = sansho()
        .arg("compare")
        .args(SAMPLES.map(sample))
        .args(["--format", "xlsx", "--as-of", AS_OF])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}
