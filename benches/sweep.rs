//! Times the shipped ward sweep (`examples/data/ward-sweep.json`: 6-week ward, weekend
//! max_one_in 2/3/4 × complete true/false × min_rest_hours 11/9, 12 scenarios) with the default
//! sweep options (one job per core, no tie-breaks, 60 s per scenario), prints the rows as a
//! table and the wall time: the median of `HELTID_RUNS` runs (default 1).
//!
//! `cargo bench --bench sweep` (or `HELTID_RUNS=3 cargo bench --bench sweep`).

use std::path::PathBuf;
use std::time::Instant;

use heltid::sweep::{self, SweepOptions};

fn opt<T: std::fmt::Display>(x: Option<T>) -> String {
    x.map(|v| v.to_string()).unwrap_or_else(|| "-".into())
}

fn main() {
    let runs: usize = std::env::var("HELTID_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1)
        .max(1);
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/data/ward-sweep.json");
    let spec = match sweep::load_sweep(&path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}: {e}", path.display());
            std::process::exit(2);
        }
    };
    let opts = SweepOptions::default();
    let mut times = Vec::new();
    let mut last = Vec::new();
    for _ in 0..runs {
        let t0 = Instant::now();
        match sweep::run_sweep(&spec, &opts) {
            Ok(rows) => last = rows,
            Err(e) => {
                eprintln!("sweep failed: {e}");
                std::process::exit(1);
            }
        }
        times.push(t0.elapsed().as_secs_f64());
    }
    println!("| # | max_one_in | complete | rest h | status | headcount | bound | instant | avg % | bound % | instant % | s |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for r in &last {
        let p = &r.params;
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.2} |",
            r.index,
            p.weekend_max_one_in,
            p.weekend_complete,
            p.min_rest_hours,
            r.status,
            opt(r.headcount),
            opt(r.headcount_lower_bound),
            opt(r.instant_headcount_bound),
            opt(r.average_position_pct),
            opt(r.average_position_upper_bound_pct),
            opt(r.instant_average_position_bound_pct),
            r.solve_seconds
        );
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "\nward sweep: {} scenarios, {jobs} jobs, wall time median of {runs} run(s): {:.2} s (all: {})",
        last.len(),
        times[times.len() / 2],
        times
            .iter()
            .map(|t| format!("{t:.2}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
}
