//! The same inputs and as-of date give byte-identical outputs, whatever the time zone and
//! the locale: every document in every format, and the JSON, CSV, Markdown and text outputs of
//! score, validate, controls, compare and init, each run twice under different `TZ` and
//! `LANG` and compared byte for byte (standard output, standard error and exit code).

use assert_cmd::Command;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Two environments as different as a machine can make them.
const ENVS: [[(&str, &str); 3]; 2] = [
    [("TZ", "UTC"), ("LANG", "C.UTF-8"), ("LC_ALL", "C.UTF-8")],
    [
        ("TZ", "Pacific/Kiritimati"),
        ("LANG", "en_US.UTF-8"),
        ("LC_ALL", "ja_JP.UTF-8"),
    ],
];

fn run(args: &[String], env: &[(&str, &str)]) -> (Option<i32>, Vec<u8>, Vec<u8>) {
    let mut c = Command::cargo_bin("sansho").unwrap();
    c.current_dir(root())
        .env("NO_COLOR", "1")
        // init's preparation date: "today", pinned for reproducible runs.
        .env("SOURCE_DATE_EPOCH", "1796083200")
        .envs(env.iter().copied())
        .args(args);
    let out = c.output().unwrap();
    (out.status.code(), out.stdout, out.stderr)
}

fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn outputs_do_not_depend_on_time_zone_or_locale() {
    let typical = "samples/typical/evidence.toml";
    let profile = "samples/profiles/university-hospital.toml";
    let as_of = ["--as-of", "2026-12-01"];
    let mut commands: Vec<Vec<String>> = Vec::new();
    for doc in ["disclosure", "sla", "report"] {
        for format in ["md", "html", "pdf"] {
            commands.push(strs(
                &[
                    &["render", typical, "--doc", doc, "--format", format][..],
                    &["--profile", profile, "-o", "-"],
                    &as_of,
                ]
                .concat(),
            ));
        }
    }
    commands.push(strs(
        &[
            &["--lang", "en", "render", typical, "--doc", "disclosure"][..],
            &["--format", "pdf", "-o", "-"],
            &as_of,
        ]
        .concat(),
    ));
    for format in ["json", "md", "text"] {
        commands.push(strs(
            &[
                &["score", typical, "--profile", profile, "--format", format][..],
                &as_of,
            ]
            .concat(),
        ));
    }
    for format in ["json", "text"] {
        commands.push(strs(
            &[&["validate", typical, "--format", format][..], &as_of].concat(),
        ));
    }
    for format in ["json", "csv", "table"] {
        commands.push(strs(&["controls", "list", "--format", format]));
    }
    commands.push(strs(&["controls", "coverage", "--format", "json"]));
    for format in ["json", "csv", "md", "text"] {
        commands.push(strs(
            &[
                &[
                    "compare",
                    "samples/weak/evidence.toml",
                    "samples/strong/evidence.toml",
                ][..],
                &[typical, "--profile", profile, "--format", format],
                &as_of,
            ]
            .concat(),
        ));
    }
    // Interchange: the questionnaire, the comparison workbook and every OSCAL model.
    commands.push(strs(
        &[
            &["export", "xlsx", typical, "--profile", profile, "-o", "-"][..],
            &as_of,
        ]
        .concat(),
    ));
    commands.push(strs(
        &[
            &["export", "oscal", "--model", "catalog", "-o", "-"][..],
            &as_of,
        ]
        .concat(),
    ));
    commands.push(strs(
        &[
            &["export", "oscal", "--model", "profile", profile, "-o", "-"][..],
            &as_of,
        ]
        .concat(),
    ));
    for model in ["assessment-results", "poam"] {
        commands.push(strs(
            &[
                &["export", "oscal", "--model", model, typical][..],
                &["--profile", profile, "-o", "-"],
                &as_of,
            ]
            .concat(),
        ));
    }
    commands.push(strs(&[
        "init",
        "--vendor",
        "株式会社A",
        "--service",
        "S",
        "--scope",
        "phr",
    ]));
    commands.push(strs(&["explain", "--format", "md"]));
    commands.push(strs(&["man"]));

    let mut differ = Vec::new();
    for args in &commands {
        let a = run(args, &ENVS[0]);
        let b = run(args, &ENVS[1]);
        assert!(
            a.0 == Some(0) || a.0 == Some(1),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&a.2)
        );
        assert!(
            !a.1.is_empty() || !a.2.is_empty(),
            "{args:?} printed nothing"
        );
        if a != b {
            differ.push(args.join(" "));
        }
    }
    assert!(
        differ.is_empty(),
        "outputs differ across TZ/LANG:\n{}",
        differ.join("\n")
    );
    // The preparation date comes from SOURCE_DATE_EPOCH (2026-12-01 UTC), not the zone.
    let init = run(&commands[commands.len() - 3], &ENVS[1]);
    assert!(String::from_utf8_lossy(&init.1).contains("prepared_on = 2026-12-01"));
}
