//! `heltid`: a thin command-line front end over the library.
//!
//! ```text
//! heltid solve SCENARIO.json [--time-limit S] [--gap G] [--threads N] [--seed N]
//!                            [--max-nonzeros N] [--start ROSTER.json] [--out ROSTER.json] [--csv FILE]
//!                            [--html FILE] [--verbose] [--quiet]
//! heltid check SCENARIO.json ROSTER.json [--html PAGE.html]
//! heltid compare SCENARIO.json ROTA.csv [--demand-from-rota] [--html REPORT.html]
//!                                       [--out RESULT.json] [--time-limit S]
//!                                       [--max-nonzeros N] [--quiet]
//! heltid sweep SWEEP.json [--out RESULTS.csv] [--jsonl] [--svg CHART.svg] [--jobs N]
//!                         [--time-limit S] [--max-nonzeros N] [--quiet]
//! ```
//!
//! Exit codes: 0 success (a legal roster / no violations / a finished sweep), 1 infeasible
//! scenario or roster with violations, 2 bad input (unreadable file, invalid scenario or sweep
//! spec, usage).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use heltid::{
    check, compare, import, kpi, report, roster, sweep, validate, OnProgress, Roster, SolveOptions,
    Status, ValidScenario,
};

#[derive(Parser)]
#[command(
    name = "heltid",
    version,
    about = "Care-service rotas with the largest possible positions"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Design the rota with the largest average position size for a scenario.
    Solve {
        /// Scenario JSON file.
        scenario: PathBuf,
        /// Wall-clock limit in seconds for the whole command, reading the scenario included.
        #[arg(long, default_value_t = 60.0)]
        time_limit: f64,
        /// Stop when the headcount is within this relative gap of the bound (0 = prove optimality).
        #[arg(long, default_value_t = 0.0)]
        gap: f64,
        /// Solver threads.
        #[arg(long)]
        threads: Option<u32>,
        /// Solver random seed.
        #[arg(long, default_value_t = 0)]
        seed: i32,
        /// Most nonzeros the model may have (default 4 000 000, about 1 GB while solving); a
        /// larger scenario is refused before it is built.
        #[arg(long, default_value_t = heltid::DEFAULT_MAX_MODEL_NONZEROS)]
        max_nonzeros: usize,
        /// Start from this roster JSON (e.g. an earlier solve): the result is never worse when
        /// it is legal.
        #[arg(long)]
        start: Option<PathBuf>,
        /// Write the roster JSON here.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Write the roster as a CSV grid (people × dates) here.
        #[arg(long)]
        csv: Option<PathBuf>,
        /// Write a self-contained HTML page of the roster here.
        #[arg(long)]
        html: Option<PathBuf>,
        /// Print the solver log.
        #[arg(long)]
        verbose: bool,
        /// Do not print progress on stderr.
        #[arg(long)]
        quiet: bool,
    },
    /// Check a roster against a scenario: every rule violation, then the KPIs.
    Check {
        /// Scenario JSON file.
        scenario: PathBuf,
        /// Roster JSON file.
        roster: PathBuf,
        /// Write a self-contained HTML page of the roster, broken rules outlined, here.
        #[arg(long)]
        html: Option<PathBuf>,
    },
    /// Compare the rota a unit runs today (CSV grid) with the best rotas for the same demand.
    Compare {
        /// Scenario JSON file (shifts, rules, demand; `staff` may be omitted).
        scenario: PathBuf,
        /// Today's rota as a CSV grid: staff,contract_pct,skills,<dates...>.
        rota: PathBuf,
        /// Take the demand from what today's rota covers per date and shift.
        #[arg(long)]
        demand_from_rota: bool,
        /// Write a self-contained HTML report here.
        #[arg(long)]
        html: Option<PathBuf>,
        /// Write the whole comparison as JSON here.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Wall-clock limit in seconds for the whole comparison: today's staff kept gets half
        /// of what is left after judging today's rota, the new design the rest.
        #[arg(long, default_value_t = 120.0)]
        time_limit: f64,
        /// Solver threads.
        #[arg(long)]
        threads: Option<u32>,
        /// Solver random seed.
        #[arg(long, default_value_t = 0)]
        seed: i32,
        /// Most nonzeros the model may have (default 4 000 000, about 1 GB while solving); a
        /// larger scenario is refused before it is built.
        #[arg(long, default_value_t = heltid::DEFAULT_MAX_MODEL_NONZEROS)]
        max_nonzeros: usize,
        /// Do not print progress on stderr.
        #[arg(long)]
        quiet: bool,
    },
    /// Solve a whole grid of scenarios (a sweep spec: base scenario + axes) and tabulate them.
    Sweep {
        /// Sweep spec JSON file.
        spec: PathBuf,
        /// Write the results here instead of stdout (CSV, or JSON lines with --jsonl).
        #[arg(long)]
        out: Option<PathBuf>,
        /// JSON lines (one object per scenario) instead of CSV.
        #[arg(long)]
        jsonl: bool,
        /// Also draw an SVG chart of the average position against the weekend frequency.
        #[arg(long)]
        svg: Option<PathBuf>,
        /// Scenarios solved at once (default: one per core).
        #[arg(long)]
        jobs: Option<usize>,
        /// Wall-clock limit in seconds per scenario.
        #[arg(long, default_value_t = 60.0)]
        time_limit: f64,
        /// Most nonzeros the model may have (default 4 000 000, about 1 GB while solving); a
        /// larger scenario is refused before it is built.
        #[arg(long, default_value_t = heltid::DEFAULT_MAX_MODEL_NONZEROS)]
        max_nonzeros: usize,
        /// Do not print progress on stderr.
        #[arg(long)]
        quiet: bool,
    },
}

/// `println!` that ends the program quietly when stdout is closed (`heltid solve … | head`),
/// where `println!` would panic; any other write error ends it with that error.
macro_rules! out {
    () => {
        out!("")
    };
    ($($t:tt)*) => {{
        use std::io::Write as _;
        stdout_result(writeln!(std::io::stdout(), $($t)*));
    }};
}

/// Ends the program after a failed write to stdout: quietly (success) when the reader went
/// away, with the error otherwise.
fn stdout_result(r: std::io::Result<()>) {
    match r {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => {
            eprintln!("error: cannot write to stdout: {e}");
            std::process::exit(2);
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// Reads a roster JSON file.
fn read_roster(path: &Path) -> heltid::Result<Roster> {
    serde_json::from_str(&read(path)?).map_err(|e| heltid::Error::json("roster", e))
}

fn run(cli: Cli) -> heltid::Result<ExitCode> {
    match cli.cmd {
        Cmd::Solve {
            scenario,
            time_limit,
            gap,
            threads,
            seed,
            max_nonzeros,
            start,
            out,
            csv,
            html,
            verbose,
            quiet,
        } => {
            // The limit is for the whole command: reading and checking the scenario count too
            // (0.04-0.06 s for a 52-week plan of 100-150 people, Curtois-Qu 23 and 24).
            let deadline = std::time::Instant::now()
                + std::time::Duration::from_secs_f64(if time_limit.is_nan() {
                    0.0
                } else {
                    time_limit.clamp(0.0, 1e9)
                });
            let sc = ValidScenario::new(validate::load_scenario(&scenario)?)?;
            let warm_start = match start {
                Some(path) => Some(read_roster(&path)?),
                None => None,
            };
            let progress = OnProgress::new(|p| {
                eprintln!(
                    "  {:>7.1} s  {:<17} best {:>10}  bound {:>10}",
                    p.seconds,
                    p.phase,
                    fmt_num(p.best),
                    fmt_num(p.bound)
                );
            });
            let opts = SolveOptions {
                time_limit,
                gap,
                threads,
                seed,
                verbose,
                warm_start,
                max_model_nonzeros: max_nonzeros,
                progress: (!quiet).then_some(progress),
                deadline: Some(deadline),
                ..SolveOptions::default()
            };
            let r = heltid::solve(&sc, &opts)?;
            print_summary(&r);
            if let Some(path) = out {
                let text = serde_json::to_string_pretty(&r)
                    .map_err(|e| heltid::Error::json("roster", e))?;
                write(&path, &(text + "\n"))?;
                out!("roster written to {}", path.display());
            }
            if let Some(path) = csv {
                write(&path, &roster::to_csv(&sc, &r)?)?;
                out!("CSV grid written to {}", path.display());
            }
            if let Some(path) = html {
                let side = compare::side("Rota", &sc, r.clone())?;
                write(&path, &report::roster_html(&side))?;
                out!("HTML page written to {}", path.display());
            }
            Ok(if r.status == Status::Infeasible {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Cmd::Sweep {
            spec,
            out,
            jsonl,
            svg,
            jobs,
            time_limit,
            max_nonzeros,
            quiet,
        } => {
            let spec_v = match sweep::load_sweep(&spec) {
                Ok(s) => s,
                Err(heltid::Error::Invalid(issues)) => {
                    eprintln!(
                        "error: the sweep spec {} has {} problem(s):\n{}",
                        spec.display(),
                        issues.len(),
                        validate::format_issues(&issues)
                    );
                    return Ok(ExitCode::from(2));
                }
                Err(e) => return Err(e),
            };
            let mut opts = sweep::SweepOptions {
                jobs: jobs.unwrap_or(0),
                ..sweep::SweepOptions::default()
            };
            opts.solve.time_limit = time_limit;
            opts.solve.max_model_nonzeros = max_nonzeros;
            let total = spec_v.grid_size();
            if !quiet {
                eprintln!("{total} scenario(s)");
            }
            let progress = |p: &sweep::SweepProgress| {
                if !quiet {
                    eprint!(
                        "\r[{:>3}/{total}] {:>6.1} s  last: #{} {}   ",
                        p.done, p.seconds, p.row.index, p.row.status
                    );
                    if p.done == p.total {
                        eprintln!();
                    }
                }
            };
            let rows = sweep::run_sweep_with_progress(&spec_v, &opts, &progress)?;
            let text = if jsonl {
                sweep::to_jsonl(&rows)?
            } else {
                sweep::to_csv(&rows)?
            };
            match &out {
                Some(path) => write(path, &text)?,
                None => {
                    use std::io::Write as _;
                    stdout_result(std::io::stdout().write_all(text.as_bytes()));
                }
            }
            if let Some(path) = svg {
                let title = spec_v
                    .name
                    .clone()
                    .or_else(|| spec_v.base.name.clone())
                    .unwrap_or_else(|| "Sweep".into());
                write(&path, &sweep::chart(&rows, &title))?;
                if !quiet {
                    eprintln!("chart written to {}", path.display());
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Check {
            scenario,
            roster,
            html,
        } => {
            let sc = ValidScenario::new(validate::load_scenario(&scenario)?)?;
            let r = read_roster(&roster)?;
            let violations = check::check(&sc, &r);
            let ev = kpi::evaluate_roster(&sc, &r);
            if violations.is_empty() {
                out!("no violations");
            } else {
                out!("{} violation(s):", violations.len());
                out!("{}", check::format_violations(&violations));
            }
            print_kpis(
                &ev,
                !sc.rules.weekend_bonus.is_empty(),
                sc.rules.quality.is_some(),
            );
            if let Some(path) = html {
                let side = compare::side("Rota", &sc, r)?;
                write(&path, &report::roster_html(&side))?;
                out!("HTML page written to {}", path.display());
            }
            Ok(if violations.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Cmd::Compare {
            scenario,
            rota,
            demand_from_rota,
            html,
            out,
            time_limit,
            threads,
            seed,
            max_nonzeros,
            quiet,
        } => {
            let sc = ValidScenario::new(validate::load_scenario(&scenario)?)?;
            let today = import::load_rota_csv(&sc, &rota)?;
            let progress = OnProgress::new(|p| {
                eprintln!(
                    "  {:<20} {:>7.1} s  {:<17} best {:>10}  bound {:>10}",
                    p.side,
                    p.seconds,
                    p.phase,
                    fmt_num(p.best),
                    fmt_num(p.bound)
                );
            });
            let opts = compare::CompareOptions {
                solve: SolveOptions {
                    time_limit,
                    threads,
                    seed,
                    max_model_nonzeros: max_nonzeros,
                    progress: (!quiet).then_some(progress),
                    ..SolveOptions::default()
                },
                demand_from_rota,
                ..compare::CompareOptions::default()
            };
            let c = compare::compare(&sc, &today, &opts)?;
            out!("{}", compare::table(&c));
            if !c.today.violations.is_empty() {
                out!("today's rota breaks {} rule(s):", c.today.violations.len());
                out!("{}", check::format_violations(&c.today.violations));
            }
            if let Some(path) = html {
                write(&path, &report::html(&c))?;
                out!("HTML report written to {}", path.display());
            }
            if let Some(path) = out {
                let text = serde_json::to_string_pretty(&c)
                    .map_err(|e| heltid::Error::json("comparison", e))?;
                write(&path, &(text + "\n"))?;
                out!("comparison written to {}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn fmt_num(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.1}")
    } else {
        "-".into()
    }
}

fn read(path: &Path) -> heltid::Result<String> {
    std::fs::read_to_string(path).map_err(|source| heltid::Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn write(path: &Path, text: &str) -> heltid::Result<()> {
    std::fs::write(path, text).map_err(|source| heltid::Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn print_summary(r: &Roster) {
    out!("scenario          {}", r.scenario);
    out!("status            {}", r.status);
    if r.status == Status::Infeasible {
        out!("no roster exists:");
        for line in &r.explanation {
            out!("  - {line}");
        }
        return;
    }
    out!(
        "headcount         {} (lower bound {})",
        r.headcount,
        r.headcount_lower_bound
    );
    out!(
        "average position  {:.2} % (upper bound {:.2} %)",
        r.average_position_pct,
        r.average_position_upper_bound_pct
    );
    // The quality phase's cost (soft rules, requests, soft demand), with its bound: under soft
    // demand (the imported Curtois–Qu instances) it is the main objective.
    if let Some((q, cost)) = r
        .phases
        .iter()
        .find(|p| p.phase == "quality")
        .and_then(|q| q.objective.map(|cost| (q, cost)))
    {
        let bound = match (q.optimal, q.bound) {
            (true, _) => "optimal".to_string(),
            (false, Some(b)) => format!("lower bound {}", number(b)),
            (false, None) => "no bound".to_string(),
        };
        out!("quality cost      {} ({bound})", number(cost));
    }
    out!(
        "full-time share   {:.0} %   positions < 50 %: {}   weekend-only: {}",
        r.kpis.full_time_share * 100.0,
        r.kpis.positions_below_50,
        r.kpis.weekend_only_positions
    );
    out!("solve time        {:.1} s", r.solve_seconds);
}

/// A cost as a whole number when it is one, else with two decimals.
fn number(x: f64) -> String {
    if (x - x.round()).abs() < 1e-6 {
        // (`+ 0.0` turns a negative zero into zero.)
        format!("{:.0}", x.round() + 0.0)
    } else {
        format!("{x:.2}")
    }
}

fn print_kpis(ev: &kpi::Evaluation, ladder: bool, quality: bool) {
    let k = &ev.kpis;
    out!("headcount                 {}", k.headcount);
    out!("average position          {:.2} %", k.average_position_pct);
    out!(
        "full-time share           {:.0} %",
        k.full_time_share * 100.0
    );
    out!("positions below 50 %      {}", k.positions_below_50);
    out!("weekend-only positions    {}", k.weekend_only_positions);
    out!(
        "involuntary part time     {:.1} h",
        k.involuntary_part_time_hours
    );
    out!("over-coverage             {:.1} h", k.over_coverage_hours);
    if ladder {
        out!(
            "weekend bonus             {:.0} NOK a year",
            k.weekend_bonus_nok_per_year
        );
    }
    if quality {
        out!(
            "rota quality cost         {:.1} (rules.quality)",
            k.quality_cost
        );
        out!(
            "  isolated days {} worked, {} off; nights without two days off {}; shift changes {}; \
             backward rotations {}; dates beyond run limits {}; dates short of blocks {}; \
             weekends without a free weekday {}; beyond fair shares {:.1}",
            k.isolated_work_days,
            k.isolated_days_off,
            k.night_blocks_without_two_days_off,
            k.shift_changes,
            k.backward_rotations,
            k.long_block_days + k.long_night_run_days + k.long_evening_run_days,
            k.short_block_days,
            k.weekends_without_free_weekday,
            k.unfair_nights + k.unfair_evenings + k.unfair_weekends
        );
    }
    out!(
        "{:<16} {:>8} {:>9} {:>9} {:>10}{}",
        "person",
        "hours",
        "position",
        "weekends",
        "a year",
        if ladder { "  bonus NOK/year" } else { "" }
    );
    for p in &ev.people {
        let bonus = if ladder {
            format!("  {:>15.0}", p.weekend_bonus_nok_per_year)
        } else {
            String::new()
        };
        out!(
            "{:<16} {:>8.1} {:>8.1}% {:>9} {:>10.1}{bonus}",
            p.id,
            p.hours,
            p.position_pct,
            p.weekends_worked,
            p.weekends_per_year
        );
    }
}
