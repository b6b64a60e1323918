//! Prints a table of every reference scenario: status, headcount and its proven bound,
//! average position and its bound, and seconds (median of `RUNS` solves; `HELTID_RUNS`
//! overrides), for the headcount phase alone and for the full lexicographic solve, and the peak
//! memory of the process while solving it.
//!
//! Then a second table: the **time limit held**, the wall-clock of the whole job (load,
//! validate, build, every phase, the explanation) against short limits, on scenarios where the
//! solver cannot finish early (optional demand, a ward allowed 10 000 positions, a model over
//! the size limit), with the peak memory.
//!
//! A third table, the **hard set** (`benches/data/hard/`, issue 8), runs only when asked for
//! (`cargo bench --bench table -- hard`, about a minute a unit): per unit its known optimum,
//! heltid's status, headcount and bound, when the first roster came, the headcount phase and the
//! whole solve (60 s limit, one run each unless `HELTID_RUNS`). With `HELTID_CPSAT` set to the
//! path of `cpsat_ref.py` (OR-Tools installed), the CP-SAT reference runs beside it, one after
//! the other on the same machine (2 workers, the same limit), and the last column is the ratio
//! of the times to the proven headcount.
//!
//! A fourth table, the **Curtois–Qu nurse-rostering benchmark** (issue 10), runs only when asked
//! for (`cargo bench --bench table -- curtois [N ...]`, a minute an instance and run): each
//! instance imported (`import::curtois::scenario`), solved with a 60 s limit and the whole time
//! for its penalty (the quality phase), and the roster judged by the instance's own rules
//! (`import::curtois::evaluate`), beside the published best value and bound. Instances 1–9 ship
//! in `tests/data/curtois-qu/`, the rest are read from `../shared/benchmarks/` when present.
//! One run an instance unless `HELTID_RUNS` asks for more (run `i` with seed `i`; the value is
//! then the median with the range beside it, the bound the highest any run proved, the status
//! `optimal in k of n` when only some runs proved theirs; see `curtois_row`).
//! `HELTID_MAX_NONZEROS` raises the model size allowed (23 and 24 are over the default 4 M).
//!
//! A fifth table, the **seed table** (`cargo bench --bench table -- seeds [unit ...]`), runs
//! the hard set's units at seeds `0..HELTID_SEEDS` (5 by default) without the tie-breaks: how
//! often and how fast each proves its headcount, whatever the solver's luck (see `seeds`).
//!
//! A sixth table, the **quality table** (`cargo bench --bench table -- quality [unit ...]`),
//! solves four units in full under the norwegian preset of `rules.quality` at seeds
//! `0..HELTID_RUNS` (3 by default): the quality phase's cost, bound and time, and the patterns
//! left (see `quality`).
//!
//! `cargo bench --bench table` (reference and limit tables) or `cargo bench --bench table --
//! ward-6w` (names containing a filter; `limits` selects only the second table).

use std::path::PathBuf;

use heltid::{validate, SolveOptions};

const RUNS: usize = 3;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// Peak resident memory of this process since the last [`reset_peak`], in MB (Linux; 0
/// elsewhere).
fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Resets the peak to the current resident memory (`5` → `/proc/self/clear_refs`).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Jobs of the time-limit table: (scenario file under `tests/data`, variant, time limit). The
/// fuzz corpus's largest plans (0.5–3.5 M nonzeros) find no roster in these limits (the
/// 10 000 candidates now and then one late): they measure whether a command that cannot
/// finish still ends on time.
const LIMIT_JOBS: [(&str, &str, f64); 8] = [
    ("ward-6w-overcover", "", 2.0),
    ("ward-6w-overcover", "", 10.0),
    ("annual-52w", "", 10.0),
    ("ward-6w", "max_count 10000", 10.0),
    ("limits/shifts-200", "", 10.0),
    (FUZZ_52, "", 5.0),
    (FUZZ_520, "", 5.0),
    (FUZZ_CANDIDATES, "", 10.0),
];

/// The fuzz corpus's 52-week plan (0.53 M nonzeros), from `tests/data`.
const FUZZ_52: &str = "../../fuzz/corpus/scenario/hang-52-weeks-weekend-runs";
/// The fuzz corpus's 520-week plan (3.5 M nonzeros).
const FUZZ_520: &str = "../../fuzz/corpus/scenario/hang-520-weeks-weekend-runs";
/// The fuzz corpus's cyclic 520-week plan of 10 000 candidates (2.0 M nonzeros when capped).
const FUZZ_CANDIDATES: &str = "../../fuzz/corpus/scenario/known-model-too-large";

/// Runs one job of the time-limit table in this process and prints `wall peak outcome`.
fn limit_job(dir: &std::path::Path, i: usize) {
    let (file, variant, limit) = LIMIT_JOBS[i];
    reset_peak();
    let t0 = std::time::Instant::now();
    let result = validate::load_scenario(dir.join(format!("{file}.json"))).and_then(|mut sc| {
        if variant == "max_count 10000" {
            for t in &mut sc.open_positions {
                t.max_count = 10_000;
            }
        }
        let opts = SolveOptions {
            time_limit: limit,
            ..SolveOptions::default()
        };
        heltid::solve(&sc, &opts)
    });
    let wall = t0.elapsed().as_secs_f64();
    let outcome = match result {
        Ok(r) => format!(
            "{} {} (bound {})",
            r.status, r.headcount, r.headcount_lower_bound
        ),
        Err(heltid::Error::TooLarge { nonzeros, .. }) => {
            format!(
                "too large (at least about {:.0} M nonzeros)",
                nonzeros as f64 / 1e6
            )
        }
        Err(heltid::Error::NoSolutionInTime { .. }) => "no roster in time".into(),
        Err(e) => format!("error: {e}"),
    };
    println!("{wall} {} {outcome}", peak_mb());
}

/// The time-limit table: each job in a fresh process (so its peak memory is its own), the
/// wall-clock of the whole job, median of `runs`.
fn limits(runs: usize) {
    println!();
    println!("| job | time limit s | wall s (median) | over the limit % | outcome | peak MB |");
    println!("|---|---|---|---|---|---|");
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    for (i, (file, variant, limit)) in LIMIT_JOBS.iter().enumerate() {
        let file = file.trim_start_matches("../../");
        let (mut walls, mut peak, mut outcome) = (Vec::new(), 0.0f64, String::new());
        for _ in 0..runs {
            let out = std::process::Command::new(&exe)
                .env("HELTID_LIMIT_JOB", i.to_string())
                .output();
            let Ok(out) = out else { continue };
            let text = String::from_utf8_lossy(&out.stdout).trim().to_string();
            let mut parts = text.splitn(3, ' ');
            let wall = parts.next().and_then(|w| w.parse::<f64>().ok());
            let mb = parts.next().and_then(|m| m.parse::<f64>().ok());
            if let (Some(w), Some(m)) = (wall, mb) {
                walls.push(w);
                peak = peak.max(m);
                outcome = parts.next().unwrap_or_default().to_string();
            }
        }
        if walls.is_empty() {
            println!("| {file} {variant} | {limit} | failed to run |");
            continue;
        }
        let wall = median(walls);
        println!(
            "| {file} {variant} | {limit} | {wall:.2} | {:+.1} | {outcome} | {peak:.0} |",
            (wall / limit - 1.0) * 100.0
        );
    }
}

/// Reference scenarios of the first table and their time limits. A name ending in `+ks` is the
/// scenario under `rules.working_time: "ks-three-shift"` (issue 9.1).
const SCENARIOS: [(&str, f64); 11] = [
    ("tiny", 60.0),
    ("ward-6w", 60.0),
    ("ward-6w+ks", 60.0),
    ("night-ward-ks", 60.0),
    ("ward-6w-every2", 60.0),
    ("ward-6w-long-weekend", 60.0),
    ("ward-6w-easter", 60.0),
    ("group-home-6w", 60.0),
    ("home-care-12w", 60.0),
    ("annual-52w", 300.0),
    ("annual-52w+ks", 300.0),
];

/// Solves one reference scenario `runs` times in this process and prints its table row.
fn row(dir: &std::path::Path, name: &str, limit: f64, runs: usize) {
    let file = name.trim_end_matches("+ks");
    let sc = match validate::load_scenario(dir.join(format!("{file}.json"))) {
        Ok(mut s) => {
            if file != name {
                s.rules.working_time = Some(heltid::scenario::WorkingTime::KsThreeShift);
            }
            s
        }
        Err(e) => {
            println!("| {name} | error: {e} |");
            return;
        }
    };
    let opts = SolveOptions {
        time_limit: limit,
        ..SolveOptions::default()
    };
    let (mut phase1, mut total, mut last) = (Vec::new(), Vec::new(), None);
    let mut peak = 0.0f64;
    for _ in 0..runs {
        reset_peak();
        match heltid::solve(&sc, &opts) {
            Ok(s) => {
                phase1.push(s.phases.first().map_or(0.0, |p| p.seconds));
                total.push(s.solve_seconds);
                peak = peak.max(peak_mb());
                last = Some(s);
            }
            Err(e) => {
                println!("| {name} | error: {e} |");
                return;
            }
        }
    }
    let Some(s) = last else { return };
    let r = &s;
    let (columns, rows) = s.phases.first().map_or((0, 0), |p| (p.columns, p.rows));
    println!(
        "| {name} | {} | {} | {} | {:.2} | {:.2} | {:.2} | {:.2} | {} × {} | {peak:.0} |",
        r.status,
        r.headcount,
        r.headcount_lower_bound,
        r.average_position_pct,
        r.average_position_upper_bound_pct,
        median(phase1),
        median(total),
        rows,
        columns
    );
}

/// Time limit of the hard-set table, seconds.
const HARD_LIMIT: f64 = 60.0;
/// Time limit of the hard set's 52-week calendar plans (issue 8: a legal roster within 60 s,
/// proven within 300 s), seconds.
const HARD_ANNUAL_LIMIT: f64 = 300.0;

/// The time limit of a hard unit.
fn hard_limit(file: &str) -> f64 {
    if file.starts_with("annual") {
        HARD_ANNUAL_LIMIT
    } else {
        HARD_LIMIT
    }
}

/// When a solve first holds a roster (its first headcount report, in seconds since the start),
/// and the progress callback that records it.
fn first_roster_watch() -> (
    std::sync::Arc<std::sync::Mutex<Option<f64>>>,
    heltid::OnProgress,
) {
    let seen = std::sync::Arc::new(std::sync::Mutex::new(None::<f64>));
    let record = seen.clone();
    let watch = heltid::OnProgress::new(move |p| {
        if let Ok(mut s) = record.lock() {
            if s.is_none() && p.phase == "headcount" && p.best.is_finite() {
                *s = Some(p.seconds);
            }
        }
    });
    (seen, watch)
}

/// One unit of the hard set in this process: prints its table row.
fn hard_row(file: &str, optimum: &str, runs: usize) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/data/hard");
    let path = dir.join(file);
    let sc = match validate::load_scenario(&path) {
        Ok(s) => s,
        Err(e) => {
            println!("| {file} | error: {e} |");
            return;
        }
    };
    let (mut first, mut phase1, mut total, mut last) = (Vec::new(), Vec::new(), Vec::new(), None);
    for _ in 0..runs {
        let (seen, watch) = first_roster_watch();
        let opts = SolveOptions {
            time_limit: hard_limit(file),
            progress: Some(watch),
            ..SolveOptions::default()
        };
        match heltid::solve(&sc, &opts) {
            Ok(r) => {
                let seen = seen.lock().ok().and_then(|s| *s);
                first.push(seen.unwrap_or(r.solve_seconds));
                phase1.push(r.phases.first().map_or(r.solve_seconds, |p| p.seconds));
                total.push(r.solve_seconds);
                last = Some(r);
            }
            Err(e) => {
                let cp = match std::env::var("HELTID_CPSAT") {
                    Ok(script) => match cpsat(&script, &path) {
                        Ok((status, headcount, seconds)) => {
                            format!("{status} {headcount} in {seconds:.1} s")
                        }
                        Err(e) => e,
                    },
                    Err(_) => "–".into(),
                };
                let name = file.trim_end_matches(".json");
                println!("| {name} | {optimum} | {e} | | | | | | | {cp} | – |");
                return;
            }
        }
    }
    let Some(r) = last else { return };
    let proven = r.phases.first().is_some_and(|p| p.optimal);
    let heltid_s = median(phase1.clone());
    let cpsat = std::env::var("HELTID_CPSAT")
        .ok()
        .map(|script| cpsat(&script, &path));
    let (cp_cell, ratio) = match &cpsat {
        None => ("–".to_string(), "–".to_string()),
        Some(Err(e)) => (e.clone(), "–".into()),
        Some(Ok((status, headcount, seconds))) => {
            let ratio = if proven && status == "OPTIMAL" {
                format!("{:.1}×", seconds / heltid_s.max(0.01))
            } else {
                "–".into()
            };
            (format!("{status} {headcount} in {seconds:.1} s"), ratio)
        }
    };
    println!(
        "| {} | {optimum} | {} | {} | {} | {:.1} | {:.1}{} | {:.2} ({:.2}) | {:.1} | {cp_cell} | {ratio} |",
        file.trim_end_matches(".json"),
        r.status,
        r.headcount,
        r.headcount_lower_bound,
        median(first),
        heltid_s,
        if proven { "" } else { " (not proven)" },
        r.average_position_pct,
        r.average_position_upper_bound_pct,
        median(total),
    );
}

/// Time limit of the Curtois–Qu table, seconds.
const CURTOIS_LIMIT: f64 = 60.0;

/// Where instance `n` of Curtois–Qu lives: shipped (1–9), else in `../shared`.
fn curtois_path(n: usize) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shipped = root.join(format!("tests/data/curtois-qu/Instance{n}.txt"));
    if shipped.exists() {
        return shipped;
    }
    root.join(format!(
        "../shared/benchmarks/curtois-qu-instances1-24/instances/Instance{n}.txt"
    ))
}

/// The model size the Curtois–Qu rows allow: `HELTID_MAX_NONZEROS` where set (instances 23 and
/// 24 are over the default of 4 M; 23 then takes about 2 GB), else the
/// default.
fn most_nonzeros() -> usize {
    let default = SolveOptions::default().max_model_nonzeros;
    match std::env::var("HELTID_MAX_NONZEROS") {
        Ok(v) => v.trim().parse().unwrap_or_else(|_| {
            eprintln!("HELTID_MAX_NONZEROS={v} is not a whole number: the default {default} holds");
            default
        }),
        Err(_) => default,
    }
}

/// One Curtois–Qu instance in this process, solved `runs` times (run `i` with seed `i`):
/// prints its table row. With several runs the value is the median (the upper one for an even
/// count) with the range beside it when the runs differ, the bound the highest proven (each
/// run's is a valid bound), the gap the median's against it, the status how many runs proved
/// their roster, and the seconds the median; a run that fails or breaks the instance's rules
/// is named in the row.
fn curtois_row(n: usize, best: &str, bound: &str, runs: usize) {
    use heltid::import::curtois;
    let path = curtois_path(n);
    let inst = match curtois::load(&path) {
        Ok(i) => i,
        Err(e) => {
            println!("| {n} | – | {best} | {bound} | not read: {e} | | | | |");
            return;
        }
    };
    let size = format!(
        "{} × {} × {}",
        inst.days,
        inst.staff.len(),
        inst.shifts.len()
    );
    // (penalty, bound, optimal, seconds) of each run that solved; what went wrong in the others.
    let mut done: Vec<(i64, Option<f64>, bool, f64)> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    for run in 0..runs.max(1) {
        let result = curtois::scenario(&inst).and_then(|sc| {
            let opts = SolveOptions {
                time_limit: CURTOIS_LIMIT,
                tie_break_share: 1.0,
                seed: run as i32,
                max_model_nonzeros: most_nonzeros(),
                ..SolveOptions::default()
            };
            heltid::solve(&sc, &opts)
        });
        match result {
            Ok(r) => {
                let e = curtois::evaluate(&inst, &curtois::grid(&inst, &r));
                let q = r.phases.iter().find(|p| p.phase == "quality");
                if !e.violations.is_empty() {
                    notes.push(format!("seed {run}: {} violations!", e.violations.len()));
                }
                done.push((
                    e.penalty,
                    q.and_then(|p| p.bound),
                    q.is_some_and(|p| p.optimal),
                    r.solve_seconds,
                ));
            }
            Err(e) => {
                let msg = e.to_string();
                notes.push(format!(
                    "seed {run}: {}",
                    msg.lines().next().unwrap_or_default()
                ));
            }
        }
    }
    let notes = if notes.is_empty() {
        String::new()
    } else {
        format!(" ({})", notes.join("; "))
    };
    if done.is_empty() {
        println!("| {n} | {size} | {best} | {bound} | –{notes} | | | | |");
        return;
    }
    let mut penalties: Vec<i64> = done.iter().map(|d| d.0).collect();
    penalties.sort_unstable();
    let value = penalties[penalties.len() / 2];
    let (low, high) = (penalties[0], penalties[penalties.len() - 1]);
    let lb = done.iter().filter_map(|d| d.1).reduce(f64::max);
    let gap = match lb {
        Some(b) if value > 0 => format!(
            "{:.1}",
            ((value as f64 - b) / value as f64 * 100.0).max(0.0)
        ),
        _ => "–".into(),
    };
    let spread = if low < high {
        format!(" ({low}–{high})")
    } else {
        String::new()
    };
    let proven = done.iter().filter(|d| d.2).count();
    let status = match proven {
        0 => "feasible".to_string(),
        k if k == done.len() => "optimal".to_string(),
        k => format!("optimal in {k} of {}", done.len()),
    };
    println!(
        "| {n} | {size} | {best} | {bound} | {value}{spread}{notes} | {} | {gap} | {status} | {:.1} |",
        lb.map_or("–".into(), |b| format!("{b:.0}")),
        median(done.iter().map(|d| d.3).collect()),
    );
}

/// The Curtois–Qu table: one process per instance (see [`curtois_row`]).
fn curtois_table(filters: &[String]) {
    let known = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/curtois-qu/best_known.csv"),
    )
    .unwrap_or_default();
    println!("| instance | days × staff × shift types | best known | published bound | heltid | heltid bound | gap % | status | seconds |");
    println!("|---|---|---|---|---|---|---|---|---|");
    let wanted: Vec<usize> = filters.iter().filter_map(|f| f.parse().ok()).collect();
    let exe = std::env::current_exe();
    for n in 1..=24usize {
        if !wanted.is_empty() && !wanted.contains(&n) {
            continue;
        }
        let row = known
            .lines()
            .find(|l| l.starts_with(&format!("Instance{n},")))
            .map(|l| l.split(',').map(str::to_string).collect::<Vec<_>>())
            .unwrap_or_default();
        let cell = |i: usize| {
            row.get(i)
                .filter(|c| !c.is_empty())
                .cloned()
                .unwrap_or("–".into())
        };
        let out = exe.as_ref().ok().and_then(|exe| {
            std::process::Command::new(exe)
                .env("HELTID_CURTOIS_ROW", n.to_string())
                .env("HELTID_CURTOIS_BEST", cell(4))
                .env("HELTID_CURTOIS_BOUND", cell(6))
                .output()
                .ok()
        });
        print_row(&n.to_string(), out);
    }
}

/// Prints the table row a child process wrote for `name`; one that failed, or ended without
/// a row (a panic, a signal), says so with the last line it wrote on stderr instead of
/// vanishing from the table.
fn print_row(name: &str, out: Option<std::process::Output>) {
    match out {
        Some(o) if o.status.success() && !o.stdout.is_empty() => {
            print!("{}", String::from_utf8_lossy(&o.stdout))
        }
        Some(o) => {
            let err = String::from_utf8_lossy(&o.stderr);
            let last = err
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("");
            print!("{}", String::from_utf8_lossy(&o.stdout));
            println!(
                "| {name} | failed: {} {} |",
                o.status,
                last.replace('|', "/")
            );
        }
        None => println!("| {name} | failed to run |"),
    }
}

/// Runs the CP-SAT reference on one scenario: (status, headcount, seconds).
fn cpsat(script: &str, path: &std::path::Path) -> Result<(String, String, f64), String> {
    let out = std::process::Command::new("python3")
        .arg(script)
        .arg(path)
        .args(["--time-limit", &HARD_LIMIT.to_string(), "--workers", "2"])
        .output()
        .map_err(|e| format!("CP-SAT did not run: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .rev()
        .find(|l| l.trim_start().starts_with('{'))
        .ok_or("CP-SAT printed no result")?;
    let v: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
    Ok((
        v["status"].as_str().unwrap_or("?").to_string(),
        v["headcount"].to_string(),
        v["seconds"].as_f64().unwrap_or(f64::NAN),
    ))
}

/// The hard-set table: one process per unit (see [`hard_row`]).
fn hard(filters: &[String]) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/data/hard");
    let Ok(text) = std::fs::read_to_string(dir.join("expected.csv")) else {
        println!("benches/data/hard/expected.csv is missing");
        return;
    };
    println!(
        "| unit | known optimum | status | headcount | bound | first roster s | headcount phase s | avg position % (bound) | full solve s | CP-SAT (2 workers) | CP-SAT time ÷ heltid time |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    let exe = std::env::current_exe();
    for line in text.lines().skip(1) {
        let c: Vec<&str> = line.split(',').collect();
        if c.len() < 4 {
            continue;
        }
        let named = filters
            .iter()
            .filter(|f| f.as_str() != "hard")
            .collect::<Vec<_>>();
        if !named.is_empty() && !named.iter().any(|f| c[0].contains(f.as_str())) {
            continue;
        }
        let optimum = if c[3] == "unknown" {
            format!("≤ {} (open)", c[1])
        } else {
            c[1].to_string()
        };
        let out = exe.as_ref().ok().and_then(|exe| {
            std::process::Command::new(exe)
                .env("HELTID_HARD_ROW", c[0])
                .env("HELTID_HARD_OPTIMUM", &optimum)
                .output()
                .ok()
        });
        print_row(c[0], out);
    }
}

/// Seeds the seed table runs by default (`HELTID_SEEDS` overrides).
const SEEDS: i32 = 5;

/// The **seed table**: the hard set's units (named ones, or all with the 60 s limit) at seeds
/// `0..HELTID_SEEDS`, one run each, without the tie-breaks (the headcount is what differs
/// from seed to seed): per unit how many seeds proved the headcount, the first roster's median
/// and worst time, and each seed's time to the proven headcount (or `h (bound) unproven`).
/// The other tables run each unit at seed 0 only, so their medians show the machine's noise,
/// not how much the solver's luck matters. The median of an even count is the upper middle
/// one (unproven counts as the longest); the first roster's columns cover the seeds that
/// ended without an error.
fn seeds(filters: &[String]) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/data/hard");
    let Ok(text) = std::fs::read_to_string(dir.join("expected.csv")) else {
        println!("benches/data/hard/expected.csv is missing");
        return;
    };
    let n = std::env::var("HELTID_SEEDS")
        .ok()
        .and_then(|s| s.parse::<i32>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(SEEDS);
    let named: Vec<&String> = filters.iter().filter(|f| f.as_str() != "seeds").collect();
    println!(
        "| unit | proven | first roster s, median (worst) | headcount phase s at seeds 0–{} | median s | worst s |",
        n - 1
    );
    println!("|---|---|---|---|---|---|");
    for line in text.lines().skip(1) {
        let Some(file) = line.split(',').next().filter(|f| !f.is_empty()) else {
            continue;
        };
        let wanted = if named.is_empty() {
            hard_limit(file) <= HARD_LIMIT
        } else {
            named.iter().any(|f| file.contains(f.as_str()))
        };
        if !wanted {
            continue;
        }
        let name = file.trim_end_matches(".json");
        let sc = match validate::load_scenario(dir.join(file)) {
            Ok(s) => s,
            Err(e) => {
                println!("| {name} | error: {e} |");
                continue;
            }
        };
        let (mut first, mut cells, mut times, mut proven) = (Vec::new(), Vec::new(), Vec::new(), 0);
        for seed in 0..n {
            let (seen, watch) = first_roster_watch();
            let opts = SolveOptions {
                time_limit: hard_limit(file),
                seed,
                tie_breaks: false,
                progress: Some(watch),
                ..SolveOptions::default()
            };
            match heltid::solve(&sc, &opts) {
                Ok(r) => {
                    let phase = r.phases.first();
                    let seconds = phase.map_or(r.solve_seconds, |p| p.seconds);
                    first.push(seen.lock().ok().and_then(|s| *s).unwrap_or(r.solve_seconds));
                    if phase.is_some_and(|p| p.optimal) {
                        proven += 1;
                        times.push(seconds);
                        cells.push(format!("{seconds:.1}"));
                    } else {
                        times.push(f64::INFINITY);
                        cells.push(format!(
                            "{} ({}) unproven",
                            r.headcount, r.headcount_lower_bound
                        ));
                    }
                }
                Err(e) => {
                    times.push(f64::INFINITY);
                    cells.push(cell(&e));
                }
            }
        }
        let shown = |t: f64| {
            if t.is_finite() {
                format!("{t:.1}")
            } else {
                "unproven".into()
            }
        };
        let (first_median, first_worst) = if first.is_empty() {
            ("–".to_string(), "–".to_string())
        } else {
            let worst = first.iter().copied().fold(0.0, f64::max);
            (shown(median(first)), shown(worst))
        };
        let worst = times.iter().copied().fold(0.0, f64::max);
        println!(
            "| {name} | {proven} of {n} | {first_median} ({first_worst}) | {} | {} | {} |",
            cells.join(" / "),
            shown(median(times)),
            shown(worst),
        );
    }
}

/// The units of the quality table: reference scenarios and hard-set units, as files under the
/// crate.
const QUALITY_UNITS: [&str; 4] = [
    "tests/data/ward-6w.json",
    "tests/data/group-home-6w.json",
    "benches/data/hard/ward-existing-staff.json",
    "benches/data/hard/big-three-wards.json",
];

/// Seconds a unit of the quality table is solved for (the default limit, every tie-break).
const QUALITY_LIMIT: f64 = 60.0;

/// The **quality table** (`cargo bench --bench table -- quality [unit ...]`): each unit of
/// [`QUALITY_UNITS`] with `rules.quality` set to the norwegian preset, solved in full (every
/// tie-break, 60 s) at seeds `0..HELTID_RUNS` (3 by default): the quality phase's cost at
/// each seed and their median, the median run's bound, the phase's median seconds, and the
/// patterns of the median run's roster by the key figures.
fn quality(filters: &[String]) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let runs = runs_or(RUNS).max(1);
    let named: Vec<&String> = filters.iter().filter(|f| f.as_str() != "quality").collect();
    println!(
        "| unit | quality cost at seeds 0–{} | median | bound | phase s | isolated work days | isolated days off | night blocks without two days off | shift changes | weekends without a free weekday |",
        runs - 1
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for file in QUALITY_UNITS {
        if !named.is_empty() && !named.iter().any(|f| file.contains(f.as_str())) {
            continue;
        }
        let name = file
            .rsplit('/')
            .next()
            .unwrap_or(file)
            .trim_end_matches(".json");
        let mut sc = match validate::load_scenario(root.join(file)) {
            Ok(s) => s,
            Err(e) => {
                println!("| {name} | error: {} |", cell(&e));
                continue;
            }
        };
        sc.rules.quality = Some(heltid::scenario::QualityWeights {
            preset: Some(heltid::scenario::QualityPreset::Norwegian),
            ..Default::default()
        });
        // Each run's cost, bound, seconds and key figures. (Where an earlier tie-break is not
        // proven, each run keeps its own levels, so a run's bound is its own alone.)
        let mut got: Vec<(f64, Option<f64>, f64, heltid::roster::Kpis)> = Vec::new();
        let mut cells = Vec::new();
        for seed in 0..runs as i32 {
            let opts = SolveOptions {
                time_limit: QUALITY_LIMIT,
                seed,
                ..SolveOptions::default()
            };
            let r = match heltid::solve(&sc, &opts) {
                Ok(r) => r,
                Err(e) => {
                    cells.push(cell(&e));
                    continue;
                }
            };
            let Some(phase) = r.phases.iter().find(|p| p.phase == "quality") else {
                cells.push("no quality phase".into());
                continue;
            };
            let cost = phase.objective.unwrap_or(f64::INFINITY);
            cells.push(format!("{cost:.1}"));
            let k = heltid::kpi::evaluate_roster(&sc, &r).kpis;
            got.push((cost, phase.bound, phase.seconds, k));
        }
        if got.is_empty() {
            println!("| {name} | {} |", cells.join(" / "));
            continue;
        }
        let seconds = median(got.iter().map(|g| g.2).collect());
        // The median run (the upper one of an even count, as `median`).
        got.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (cost, bound, _, k) = &got[got.len() / 2];
        let bound = bound.map_or("–".into(), |b| format!("{b:.1}"));
        println!(
            "| {name} | {} | {cost:.1} | {bound} | {seconds:.1} | {} | {} | {} | {} | {} |",
            cells.join(" / "),
            k.isolated_work_days,
            k.isolated_days_off,
            k.night_blocks_without_two_days_off,
            k.shift_changes,
            k.weekends_without_free_weekday,
        );
    }
}

/// An error as a table cell: its first line (a message of several would break the table), with
/// no `|`.
fn cell(e: &impl std::fmt::Display) -> String {
    let e = e.to_string();
    e.lines().next().unwrap_or_default().replace('|', "/")
}

/// The runs `HELTID_RUNS` asks for, or `default` when it is unset or does not parse.
fn runs_or(default: usize) -> usize {
    std::env::var("HELTID_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let runs = runs_or(RUNS);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    // Each row runs in a fresh process of this binary, so that its peak memory is its own.
    if let Some(i) = std::env::var("HELTID_LIMIT_JOB")
        .ok()
        .and_then(|s| s.parse::<usize>().ok())
        .filter(|&i| i < LIMIT_JOBS.len())
    {
        limit_job(&dir, i);
        return;
    }
    if let Ok(file) = std::env::var("HELTID_HARD_ROW") {
        let optimum = std::env::var("HELTID_HARD_OPTIMUM").unwrap_or_default();
        // One run a unit unless HELTID_RUNS asks for more (a unit takes up to a minute).
        hard_row(&file, &optimum, runs_or(1));
        return;
    }
    if filters.iter().any(|f| f == "seeds") {
        seeds(&filters);
        return;
    }
    if filters.iter().any(|f| f == "hard") {
        hard(&filters);
        return;
    }
    if filters.iter().any(|f| f == "quality") {
        quality(&filters);
        return;
    }
    if let Some(n) = std::env::var("HELTID_CURTOIS_ROW")
        .ok()
        .and_then(|s| s.parse::<usize>().ok())
    {
        let best = std::env::var("HELTID_CURTOIS_BEST").unwrap_or_default();
        let bound = std::env::var("HELTID_CURTOIS_BOUND").unwrap_or_default();
        // One run an instance unless HELTID_RUNS asks for more (each takes a minute).
        curtois_row(n, &best, &bound, runs_or(1));
        return;
    }
    if filters.iter().any(|f| f == "curtois") {
        curtois_table(&filters);
        return;
    }
    if let Some(i) = std::env::var("HELTID_TABLE_ROW")
        .ok()
        .and_then(|s| s.parse::<usize>().ok())
        .filter(|&i| i < SCENARIOS.len())
    {
        let (name, limit) = SCENARIOS[i];
        row(&dir, name, limit, runs);
        return;
    }
    let only_limits = filters.iter().any(|f| f == "limits");
    if !only_limits {
        println!(
            "| scenario | status | headcount | bound | avg position % | bound % | headcount phase s | full solve s | rows × cols | peak MB |"
        );
        println!("|---|---|---|---|---|---|---|---|---|---|");
        let exe = std::env::current_exe();
        for (i, (name, _)) in SCENARIOS.iter().enumerate() {
            if !filters.is_empty() && !filters.iter().any(|f| name.contains(f.as_str())) {
                continue;
            }
            let out = exe.as_ref().ok().and_then(|exe| {
                std::process::Command::new(exe)
                    .env("HELTID_TABLE_ROW", i.to_string())
                    .output()
                    .ok()
            });
            print_row(name, out);
        }
    }
    if filters.is_empty() || only_limits {
        limits(runs);
    }
}
