//! Prints a table of every reference scenario: status, headcount and its proven bound,
//! average position and its bound, and seconds (median of `RUNS` solves; `HELTID_RUNS`
//! overrides), for the headcount phase alone and for the full lexicographic solve.
//!
//! `cargo bench --bench table` (all scenarios) or `cargo bench --bench table -- ward-6w`
//! (names containing a filter).

use std::path::PathBuf;

use heltid::{solve, validate, SolveOptions};

const RUNS: usize = 3;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let runs: usize = std::env::var("HELTID_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(RUNS);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let scenarios = [
        ("tiny", 60.0),
        ("ward-6w", 60.0),
        ("ward-6w-every2", 60.0),
        ("ward-6w-long-weekend", 60.0),
        ("group-home-6w", 60.0),
        ("home-care-12w", 60.0),
        ("annual-52w", 300.0),
    ];
    println!(
        "| scenario | status | headcount | bound | avg position % | bound % | headcount phase s | full solve s | rows × cols |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for (name, limit) in scenarios {
        if !filters.is_empty() && !filters.iter().any(|f| name.contains(f.as_str())) {
            continue;
        }
        let sc = match validate::load_scenario(dir.join(format!("{name}.json"))) {
            Ok(s) => s,
            Err(e) => {
                println!("| {name} | error: {e} |");
                continue;
            }
        };
        let opts = SolveOptions {
            time_limit: limit,
            ..SolveOptions::default()
        };
        let (mut phase1, mut total, mut last) = (Vec::new(), Vec::new(), None);
        for _ in 0..runs {
            match solve::solve_full(&sc, &opts) {
                Ok(s) => {
                    phase1.push(s.phases.first().map_or(0.0, |p| p.seconds));
                    total.push(s.roster.solve_seconds);
                    last = Some(s);
                }
                Err(e) => {
                    println!("| {name} | error: {e} |");
                    break;
                }
            }
        }
        let Some(s) = last else { continue };
        let r = &s.roster;
        println!(
            "| {name} | {} | {} | {} | {:.2} | {:.2} | {:.2} | {:.2} | {} × {} |",
            r.status,
            r.headcount,
            r.headcount_lower_bound,
            r.average_position_pct,
            r.average_position_upper_bound_pct,
            median(phase1),
            median(total),
            s.size.1,
            s.size.0
        );
    }
}
