//! Criterion benchmarks of the headcount phase on `tiny` and `ward-6w` (the full lexicographic
//! solve with tie-breaks is timed by the `table` bench, which prints medians for every
//! reference scenario).

use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};
use heltid::{validate, SolveOptions, Status};

fn scenario(name: &str) -> heltid::Scenario {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    validate::load_scenario(path).expect("reference scenario")
}

fn bench(c: &mut Criterion) {
    let opts = SolveOptions {
        time_limit: 60.0,
        tie_breaks: false,
        ..SolveOptions::default()
    };
    let mut g = c.benchmark_group("headcount");
    g.sample_size(10);
    for name in ["tiny.json", "ward-6w.json"] {
        let sc = scenario(name);
        g.bench_function(name.trim_end_matches(".json"), |b| {
            b.iter(|| {
                let r = heltid::solve(&sc, &opts).expect("solve");
                assert_eq!(r.status, Status::Optimal);
                r.headcount
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
