//! Writes N fictional vendors' evidence files for benchmarks (`scripts/bench-compare.sh`).
//!
//! `cargo run --release --example gen_vendors -- N OUT_DIR`. Each file starts from one of the
//! three samples (in turn) and gets its own company name, a few answers moved up or down one
//! status and SLA values nudged, from a fixed-seed generator so that every run writes the
//! same files. Document paths are dropped: the benchmark compares without `--check-files`.

use sansho::catalog::{self, CatalogSource};
use sansho::evidence::{self, LoadOptions, Status};
use std::path::{Path, PathBuf};

/// xorshift64*: deterministic and good enough to vary test data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(n), Some(out)) = (
        args.next().and_then(|s| s.parse::<usize>().ok()),
        args.next(),
    ) else {
        eprintln!("usage: gen_vendors N OUT_DIR");
        std::process::exit(2);
    };
    let out = PathBuf::from(out);
    std::fs::create_dir_all(&out).expect("output folder");
    let catalog = catalog::load(&CatalogSource::Embedded).expect("embedded catalog");
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let samples: Vec<evidence::Evidence> = ["strong", "typical", "weak"]
        .iter()
        .map(|s| {
            evidence::load(
                &root.join(s).join("evidence.toml"),
                &catalog,
                &LoadOptions {
                    check_files: false,
                    as_of,
                },
            )
            .expect("sample loads")
            .evidence
        })
        .collect();
    let mut rng = Rng(0x5EED_0F5A_454F);
    for i in 0..n {
        let mut e = samples[i % samples.len()].clone();
        e.vendor.name = format!("株式会社ベンチ{:05}", i + 1);
        e.vendor.service = format!("ベンチクラウド {}", i + 1);
        for d in &mut e.documents {
            d.path = None;
        }
        let ids: Vec<String> = e.answers.keys().cloned().collect();
        for _ in 0..8 {
            let id = &ids[rng.below(ids.len() as u64) as usize];
            if let Some(a) = e.answers.get_mut(id) {
                // Move between states that need no extra fields.
                a.status = match (a.status, rng.below(2)) {
                    (Status::Implemented, _) => Status::Partial,
                    (Status::Partial, 0) => Status::Implemented,
                    (Status::Partial, _) => Status::NotImplemented,
                    (Status::NotImplemented, _) => Status::Partial,
                    (other, _) => other,
                };
            }
        }
        if let Some(a) = e.sla.availability_percent.as_mut() {
            *a = [99.0, 99.5, 99.9, 99.95][rng.below(4) as usize];
        }
        if let Some(r) = e.sla.rto_hours.as_mut() {
            *r = [2.0, 4.0, 8.0, 24.0][rng.below(4) as usize];
        }
        let text = toml::to_string(&e).expect("serializes");
        std::fs::write(out.join(format!("vendor-{:05}.toml", i + 1)), text).expect("write");
    }
}
