//! The fuzz harness, shared by `tests/fuzz.rs` (proptest: 10 000 generated bad inputs per CI
//! run, and the replay of the committed corpus in `fuzz/corpus/`) and the cargo-fuzz targets in
//! `fuzz/fuzz_targets/` (which include this file by path). See docs/fuzzing.md.
//!
//! [`run`] feeds one input to one reader and judges the outcome:
//! - nothing panics (each input runs under `catch_unwind`) and nothing takes longer than
//!   [`SLOW`];
//! - every rejection is a variant the reader documents, carrying a message; for
//!   [`Error::Invalid`] and [`Error::Rota`] every issue has a code from the reader's code list,
//!   a message and a fix;
//! - what a reader accepts is usable: a scenario that validates builds a [`Model`] (unless it is
//!   absurdly large, see [`MODEL_CELLS_LIMIT`]), serialises and parses back to itself, writes an
//!   empty CSV grid that the rota reader reads back, and can be checked; a roster that parses can
//!   be checked and written as CSV; a rota that parses becomes a scenario and a roster that can
//!   be checked; a sweep spec that parses expands into points.
//!
//! Findings that belong to bugs already known (and being fixed elsewhere) are matched by
//! [`KNOWN_BUGS`]; every other finding fails the test (or crashes the cargo-fuzz target).
//! Remove an entry when its bug is fixed: the replay of its reproducer then proves the fix.

#![allow(dead_code)]

use std::cell::{Cell, RefCell};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Once;
use std::time::{Duration, Instant};

use heltid::roster::{Assignment, Kpis, Origin, Roster, RosterStaff};
use heltid::{check, import, kpi, roster, sweep, validate, Error, Scenario, Status, ValidScenario};

fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// One input taking longer than this is a finding (release build; the slowest seed takes a few
/// milliseconds).
pub const SLOW: Duration = Duration::from_secs(2);

/// A validated scenario whose people × days (staff plus every open-position candidate, times the
/// horizon's days) exceed this is not built: the model alone would take gigabytes, and the
/// solver could never handle it. It is reported as the finding `model-too-large`.
pub const MODEL_CELLS_LIMIT: u64 = 20_000_000;

/// Largest sweep grid whose points the harness expands (each point validates a scenario).
pub const EXPAND_LIMIT: usize = 1_000;

/// The codes `sweep::parse_sweep` reports besides the scenario codes that a `base:` path
/// carries (module doc of `heltid::sweep`).
pub const SWEEP_CODES: &[&str] = &[
    "unknown-field",
    "missing-field",
    "unknown-axis",
    "wrong-type",
    "empty-axis",
    "duplicate-value",
    "grid-too-large",
    "base-unreadable",
    "base-malformed",
];

/// The four readers under test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// `validate::parse_scenario`, then `ValidScenario::new` and the round trips of a valid scenario.
    Scenario,
    /// Roster JSON via serde into `Roster`, then `check::check` against a fixed scenario.
    Roster,
    /// `import::parse_rota_csv` against a fixed scenario, then the merged scenario and roster.
    RotaCsv,
    /// `sweep::parse_sweep`, then `sweep::expand`.
    SweepSpec,
}

impl Target {
    /// Every target.
    pub const ALL: [Target; 4] = [
        Target::Scenario,
        Target::Roster,
        Target::RotaCsv,
        Target::SweepSpec,
    ];

    /// The name of the target, its cargo-fuzz target and its corpus folder.
    pub fn name(self) -> &'static str {
        match self {
            Target::Scenario => "scenario",
            Target::Roster => "roster",
            Target::RotaCsv => "rota_csv",
            Target::SweepSpec => "sweep_spec",
        }
    }

    /// File extension of an input.
    pub fn ext(self) -> &'static str {
        match self {
            Target::RotaCsv => "csv",
            _ => "json",
        }
    }
}

/// What went wrong with one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// `panic`, `slow`, `memory`, `bad-error` or the name of a broken invariant.
    pub kind: &'static str,
    /// What exactly: the panic message, the error, the invariant's numbers.
    pub detail: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut d: String = self.detail.chars().take(600).collect();
        if d.len() < self.detail.len() {
            d.push_str(" …");
        }
        write!(f, "[{}] {d}", self.kind)
    }
}

/// A bug the harness finds that is already known and being fixed elsewhere; its findings do
/// not fail the test. Delete the entry when the bug is fixed.
pub struct KnownBug {
    /// Short name.
    pub id: &'static str,
    /// Which part of which issue it belongs to.
    pub issue_part: &'static str,
    /// A minimal reproducer in the committed corpus (replayed by `tests/fuzz.rs`).
    pub reproducer: &'static str,
    /// Whether a finding (on this input) is this bug.
    pub matches: fn(&Finding, &str) -> bool,
}

/// Bugs found by the harness that are known and owned by someone else. The 10 000-input run and
/// the corpus replay pass when every finding matches one of these; each entry's reproducer must
/// still show the bug (so an entry left behind after a fix is noticed).
/// Empty since issue 11 fixed `dates-past-9999`, `model-size`, `roster-null-bound` and
/// `roster-quadratic`; their reproducers (`known-*` in the corpus) replay as regressions.
pub const KNOWN_BUGS: &[KnownBug] = &[];

/// The known bug a finding belongs to, if any.
pub fn known_bug(f: &Finding, input: &str) -> Option<&'static KnownBug> {
    KNOWN_BUGS.iter().find(|b| (b.matches)(f, input))
}

/// What the readers need besides the input: the scenarios rosters and rotas are read against,
/// and the folder a sweep spec's relative `base` is resolved in.
pub struct Ctx {
    /// `tests/data/check/ward-3w.json`: the scenario of the roster target.
    pub roster_scenario: Scenario,
    /// `examples/data/group-home-today.json`: the scenario of the rota target.
    pub rota_scenario: Scenario,
    /// `tests/data/sweep`: where a sweep spec's relative base path points.
    pub sweep_dir: PathBuf,
}

impl Ctx {
    /// The context, with `root` the repository root.
    pub fn new(root: &Path) -> Ctx {
        let load =
            |p: &str| validate::load_scenario(root.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
        Ctx {
            roster_scenario: load("tests/data/check/ward-3w.json"),
            rota_scenario: load("examples/data/group-home-today.json"),
            sweep_dir: root.join("tests/data/sweep"),
        }
    }
}

thread_local! {
    /// How inputs ended, per target: `accepted`, `json`, or the issue codes of a rejection.
    static OUTCOMES: RefCell<std::collections::BTreeMap<String, usize>> = RefCell::default();
    static TARGET: Cell<&'static str> = const { Cell::new("") };
    static CAPTURING: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs (once) a panic hook that, while [`run`] is running an input on this thread, keeps
/// the panic message for the finding instead of printing it.
fn install_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if CAPTURING.with(Cell::get) {
                LAST_PANIC.with(|l| *l.borrow_mut() = Some(info.to_string()));
            } else {
                default(info);
            }
        }));
    });
}

/// Runs one input through `target` and returns every finding (empty: the input was handled
/// well). Bytes that are not UTF-8 are read lossily (the file readers reject them earlier).
pub fn run(ctx: &Ctx, target: Target, bytes: &[u8]) -> Vec<Finding> {
    install_hook();
    let text = String::from_utf8_lossy(bytes);
    let mut findings = Vec::new();
    let t0 = Instant::now();
    TARGET.with(|t| t.set(target.name()));
    CAPTURING.with(|c| c.set(true));
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let mut found = Vec::new();
        match target {
            Target::Scenario => scenario(&text, &mut found),
            Target::Roster => roster_json(ctx, &text, &mut found),
            Target::RotaCsv => rota_csv(ctx, &text, &mut found),
            Target::SweepSpec => sweep_spec(ctx, &text, &mut found),
        }
        found
    }));
    CAPTURING.with(|c| c.set(false));
    match outcome {
        Ok(found) => findings.extend(found),
        Err(_) => findings.push(Finding {
            kind: "panic",
            detail: LAST_PANIC
                .with(|l| l.borrow_mut().take())
                .unwrap_or_else(|| "a panic without a message".into()),
        }),
    }
    let took = t0.elapsed();
    if took > SLOW && !findings.iter().any(|f| f.kind.ends_with("-slow")) {
        findings.push(Finding {
            kind: "slow",
            detail: format!(
                "took {:.1} s (limit {} s)",
                took.as_secs_f64(),
                SLOW.as_secs()
            ),
        });
    }
    findings
}

/// Counts one outcome (see [`take_outcomes`]).
fn outcome(what: &str) {
    let key = format!("{}:{what}", TARGET.with(Cell::get));
    OUTCOMES.with(|o| *o.borrow_mut().entry(key).or_default() += 1);
}

/// How the inputs run on this thread so far ended: `<target>:accepted`, `<target>:Json`,
/// `<target>:<issue code>` (once per distinct code of an input), ...; and resets the counts.
pub fn take_outcomes() -> std::collections::BTreeMap<String, usize> {
    OUTCOMES.with(|o| std::mem::take(&mut *o.borrow_mut()))
}

/// Peak resident memory of this process in bytes (`VmHWM`), where /proc exists.
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn finding(kind: &'static str, detail: impl Into<String>) -> Finding {
    Finding {
        kind,
        detail: detail.into(),
    }
}

/// Judges a rejection: a variant `allowed` for this reader, a message, and for issue lists,
/// every issue with a listed code, a message and a fix.
fn judge_error(e: &Error, allowed: &[&str], codes: &dyn Fn(&str) -> bool, out: &mut Vec<Finding>) {
    let variant = match e {
        Error::Io { .. } => "Io",
        Error::Json { .. } => "Json",
        Error::Invalid(_) => "Invalid",
        Error::Rota(_) => "Rota",
        Error::Csv { .. } => "Csv",
        Error::Solver { .. } => "Solver",
        Error::NoSolutionInTime { .. } => "NoSolutionInTime",
        Error::TooLarge { .. } => "TooLarge",
        _ => "unknown",
    };
    if !allowed.contains(&variant) {
        out.push(finding(
            "bad-error",
            format!("unexpected error variant {variant}: {e}"),
        ));
        return;
    }
    match e {
        Error::Invalid(issues) => {
            let codes: std::collections::BTreeSet<&str> = issues.iter().map(|i| i.code).collect();
            codes.into_iter().for_each(outcome);
        }
        Error::Rota(issues) => {
            let codes: std::collections::BTreeSet<&str> = issues.iter().map(|i| i.code).collect();
            codes.into_iter().for_each(outcome);
        }
        _ => outcome(variant),
    }
    if e.to_string().trim().is_empty() {
        out.push(finding(
            "bad-error",
            format!("{variant} with an empty message"),
        ));
    }
    match e {
        Error::Json { message, .. } | Error::Csv { message, .. } if message.trim().is_empty() => {
            out.push(finding("bad-error", format!("{variant} without a message")))
        }
        Error::Invalid(issues) => {
            if issues.is_empty() {
                out.push(finding("bad-error", "Invalid with no issue"));
            }
            for i in issues {
                if !codes(i.code) {
                    out.push(finding(
                        "bad-error",
                        format!("issue code {:?} is not in the code list: {i:?}", i.code),
                    ));
                }
                if i.message.trim().is_empty() || i.fix.trim().is_empty() {
                    out.push(finding(
                        "bad-error",
                        format!("issue without a message or a fix: {i:?}"),
                    ));
                }
            }
        }
        Error::Rota(issues) => {
            if issues.is_empty() {
                out.push(finding("bad-error", "Rota with no issue"));
            }
            for i in issues {
                if !import::CODES.contains(&i.code) {
                    out.push(finding(
                        "bad-error",
                        format!(
                            "rota issue code {:?} is not in import::CODES: {i:?}",
                            i.code
                        ),
                    ));
                }
                if i.message.trim().is_empty() || i.fix.trim().is_empty() || i.line == 0 {
                    out.push(finding(
                        "bad-error",
                        format!("rota issue without a message, a fix or a line: {i:?}"),
                    ));
                }
            }
        }
        _ => {}
    }
}

fn scenario_code(c: &str) -> bool {
    validate::CODES.contains(&c)
}

/// Every violation carries a message.
fn judge_violations(v: &[check::Violation], what: &str, out: &mut Vec<Finding>) {
    if let Some(x) = v.iter().find(|x| x.message.trim().is_empty()) {
        out.push(finding(
            "check-message",
            format!("{what}: a violation without a message: {x:?}"),
        ));
    }
}

/// People × days of the model of a validated scenario.
fn model_cells(sc: &Scenario) -> u64 {
    let people = sc.staff.len() as u64
        + sc.open_positions
            .iter()
            .map(|o| o.max_count.max(0) as u64)
            .sum::<u64>();
    people.saturating_mul(sc.horizon.weeks.max(0) as u64 * 7)
}

/// A busy roster of `sc`: every existing staff member works the first shift on every date of
/// the horizon (most rules break, which is fine: the checker must say so, quickly). `None` when
/// the horizon start is not a date.
fn busy_roster(sc: &Scenario) -> Option<Roster> {
    let start = parse_date(&sc.horizon.start)?;
    let shift = sc.shifts.first().map(|s| s.id.clone());
    let days = sc.horizon.weeks.max(0) as u64 * 7;
    let dates: Vec<String> = (0..days)
        .map_while(|d| start.checked_add_days(chrono::Days::new(d)))
        .map(|d| d.format("%Y-%m-%d").to_string())
        .collect();
    let staff: Vec<RosterStaff> = sc
        .staff
        .iter()
        .map(|s| RosterStaff {
            id: s.id.clone(),
            origin: Origin::Existing,
            template: None,
            hours: 0.0,
            position_pct: 0.0,
            contract_pct: Some(s.contract_pct),
            weekends_worked: 0,
        })
        .collect();
    let assignments = match &shift {
        None => vec![],
        Some(shift) => sc
            .staff
            .iter()
            .flat_map(|s| {
                dates.iter().map(|date| Assignment {
                    staff: s.id.clone(),
                    date: date.clone(),
                    shift: shift.clone(),
                })
            })
            .collect(),
    };
    Some(Roster {
        scenario: sc.name.clone().unwrap_or_default(),
        status: Status::Feasible,
        headcount: staff.len() as u32,
        headcount_lower_bound: 0,
        average_position_pct: 0.0,
        average_position_upper_bound_pct: 100.0,
        solve_seconds: 0.0,
        gap: None,
        staff,
        assignments,
        kpis: Kpis::default(),
        explanation: vec![],
        phases: vec![],
    })
}

/// Writing or checking one roster taking longer than this is the finding `roster-slow`.
pub const ROSTER_SLOW: Duration = Duration::from_millis(1_000);

fn scenario(text: &str, out: &mut Vec<Finding>) {
    match validate::parse_scenario(text) {
        Err(e) => judge_error(&e, &["Json", "Invalid"], &scenario_code, out),
        Ok(sc) => valid_scenario(&sc, out),
    }
}

/// What a validated scenario must allow.
pub fn valid_scenario(sc: &Scenario, out: &mut Vec<Finding>) {
    outcome("accepted");
    let again = validate::validate(sc);
    if !again.is_empty() {
        out.push(finding(
            "validate-disagrees",
            format!("parse_scenario accepted it, validate reports {again:?}"),
        ));
        return;
    }
    // The last date must be writable as YYYY-MM-DD (and so readable by every reader).
    if let Some(start) = parse_date(&sc.horizon.start) {
        let last =
            start.checked_add_days(chrono::Days::new((sc.horizon.weeks.max(1) * 7 - 1) as u64));
        if last.is_none_or(|d| d.format("%Y-%m-%d").to_string().len() != 10) {
            out.push(finding(
                "horizon-past-9999",
                format!(
                    "a valid scenario's horizon ({} + {} weeks) ends past 9999-12-31",
                    sc.horizon.start, sc.horizon.weeks
                ),
            ));
        }
    }
    let cells = model_cells(sc);
    if cells > MODEL_CELLS_LIMIT {
        // heltid must refuse it up front (Error::TooLarge) or bound it, quickly and without
        // taking the machine's memory; not solve it for real.
        let t0 = Instant::now();
        let opts = heltid::SolveOptions {
            time_limit: 1.0,
            tie_breaks: false,
            ..heltid::SolveOptions::default()
        };
        let result = heltid::solve(sc, &opts);
        let took = t0.elapsed();
        let bounded = matches!(
            result,
            Err(Error::TooLarge { .. }) | Err(Error::NoSolutionInTime { .. }) | Ok(_)
        );
        if !bounded || took > SLOW + Duration::from_secs(1) {
            out.push(finding(
                "model-too-large",
                format!(
                    "a valid scenario's model has {cells} people × days (limit \
                     {MODEL_CELLS_LIMIT}); solve took {took:?}: {result:?}"
                ),
            ));
        }
        return;
    }
    if let Err(e) = ValidScenario::new(sc.clone()) {
        out.push(finding(
            "model-failed",
            format!("a valid scenario does not build a model: {e}"),
        ));
    }
    // Scenario → JSON → scenario is the identity.
    match serde_json::to_string(sc) {
        Err(e) => out.push(finding(
            "scenario-roundtrip",
            format!("cannot serialise: {e}"),
        )),
        Ok(json) => match validate::parse_scenario(&json) {
            Ok(back) if &back == sc => {}
            Ok(back) => out.push(finding(
                "scenario-roundtrip",
                format!("parses back differently: {back:?} vs {sc:?}"),
            )),
            Err(e) => out.push(finding(
                "scenario-roundtrip",
                format!("its own serialisation is rejected: {e}"),
            )),
        },
    }
    // A busy roster: its CSV grid reads back with every person and every shift, and the
    // checker can judge it; both in time.
    let Some(busy) = busy_roster(sc) else {
        out.push(finding(
            "grid-roundtrip",
            "a valid scenario's horizon start is not a date",
        ));
        return;
    };
    let t0 = Instant::now();
    let csv = roster::to_csv(sc, &busy);
    let write = t0.elapsed();
    match csv {
        Err(e) => out.push(finding("grid-roundtrip", format!("to_csv fails: {e}"))),
        Ok(csv) => match import::parse_rota_csv(sc, &csv) {
            Err(e) => out.push(finding(
                "grid-roundtrip",
                format!("the grid it writes is rejected: {e}"),
            )),
            Ok(rota) => {
                let people: Vec<&str> = rota.people.iter().map(|p| p.id.as_str()).collect();
                let staff: Vec<&str> = busy.staff.iter().map(|p| p.id.as_str()).collect();
                if people != staff || rota.assignments.len() != busy.assignments.len() {
                    out.push(finding(
                        "grid-roundtrip",
                        format!(
                            "the grid reads back {} people and {} shifts, not {} and {}",
                            people.len(),
                            rota.assignments.len(),
                            staff.len(),
                            busy.assignments.len()
                        ),
                    ));
                }
            }
        },
    }
    let t0 = Instant::now();
    let v = check::check(sc, &busy);
    let checking = t0.elapsed();
    judge_violations(&v, "busy roster", out);
    if let Some(x) = v
        .iter()
        .find(|x| x.message.contains("the scenario cannot be checked"))
    {
        out.push(finding(
            "check-refuses-valid-scenario",
            format!("the checker cannot read a valid scenario: {}", x.message),
        ));
    }
    if write > ROSTER_SLOW || checking > ROSTER_SLOW {
        out.push(finding(
            "roster-slow",
            format!(
                "a roster of {} people and {} shifts over {} weeks: roster::to_csv took {:.1} s, \
                 check::check {:.1} s",
                busy.staff.len(),
                busy.assignments.len(),
                sc.horizon.weeks,
                write.as_secs_f64(),
                checking.as_secs_f64()
            ),
        ));
    }
    // Growth, which unlike a time does not depend on the machine: a roster ten times longer
    // should take about ten times as long to write and check, not a hundred.
    if busy.assignments.len() >= GROWTH_MIN_SHIFTS && sc.horizon.weeks >= 20 {
        let mut short = sc.clone();
        short.horizon.weeks = sc.horizon.weeks / 10;
        if let Some(small) = busy_roster(&short) {
            let t0 = Instant::now();
            let _ = roster::to_csv(&short, &small);
            let _ = check::check(&short, &small);
            let base = t0.elapsed().max(Duration::from_millis(1));
            let ratio = (write + checking).as_secs_f64() / base.as_secs_f64();
            if ratio > GROWTH_LIMIT {
                out.push(finding(
                    "roster-slow",
                    format!(
                        "writing and checking a roster of {} shifts over {} weeks took {ratio:.0} \
                         times as long as over {} weeks ({} ms vs {} ms): more than linear",
                        busy.assignments.len(),
                        sc.horizon.weeks,
                        short.horizon.weeks,
                        (write + checking).as_millis(),
                        base.as_millis()
                    ),
                ));
            }
        }
    }
}

/// Rosters of at least this many shifts are also written and checked at a tenth of their
/// horizon, to measure how the time grows.
pub const GROWTH_MIN_SHIFTS: usize = 10_000;
/// A roster ten times as long may take at most this many times as long (linear: 10).
pub const GROWTH_LIMIT: f64 = 35.0;

fn roster_json(ctx: &Ctx, text: &str, out: &mut Vec<Finding>) {
    let r: Roster = match serde_json::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            judge_error(&Error::json("roster", e), &["Json"], &scenario_code, out);
            return;
        }
    };
    outcome("accepted");
    let sc = &ctx.roster_scenario;
    let v = check::check(sc, &r);
    judge_violations(&v, "roster", out);
    let _ = kpi::evaluate_roster(sc, &r);
    if let Err(e) = roster::to_csv(sc, &r) {
        judge_error(&e, &["Csv"], &scenario_code, out);
    }
    // Roster → JSON → roster is the identity.
    match serde_json::to_string(&r).map(|j| serde_json::from_str::<Roster>(&j)) {
        Ok(Ok(back)) if back == r => {}
        other => out.push(finding(
            "roster-roundtrip",
            format!("a parsed roster does not read back as itself: {other:?}"),
        )),
    }
}

fn rota_csv(ctx: &Ctx, text: &str, out: &mut Vec<Finding>) {
    let sc = &ctx.rota_scenario;
    let rota = match import::parse_rota_csv(sc, text) {
        Ok(r) => r,
        Err(e) => {
            judge_error(&e, &["Rota", "Csv"], &scenario_code, out);
            return;
        }
    };
    outcome("accepted");
    if let Some(p) = rota.people.iter().find(|p| p.id.trim().is_empty()) {
        out.push(finding(
            "rota-empty-id",
            format!("a person without an id: {p:?}"),
        ));
    }
    let merged = match import::scenario_for_rota(sc, &rota) {
        Ok(m) => m,
        Err(e) => {
            judge_error(&e, &["Rota", "Invalid"], &scenario_code, out);
            return;
        }
    };
    let r = import::rota_roster(&merged, &rota);
    let v = check::check(&merged, &r);
    judge_violations(&v, "rota roster", out);
    // Scenario staff missing from the CSV are reported by design; anything else of the
    // roster's form (an unknown person, date or shift) means the reader let something through.
    if let Some(x) = v.iter().find(|x| {
        x.rule == heltid::rule::Rule::RosterFormat && !x.message.contains("missing from the roster")
    }) {
        out.push(finding(
            "rota-roster-format",
            format!("the roster of a rota that parsed has a format violation: {x:?}"),
        ));
    }
}

fn sweep_spec(ctx: &Ctx, text: &str, out: &mut Vec<Finding>) {
    let spec = match sweep::parse_sweep(text, &ctx.sweep_dir) {
        Ok(s) => s,
        Err(e) => {
            let codes = |c: &str| SWEEP_CODES.contains(&c) || validate::CODES.contains(&c);
            judge_error(&e, &["Json", "Invalid"], &codes, out);
            return;
        }
    };
    outcome("accepted");
    let a = &spec.axes;
    let size = [
        a.variant.len(),
        a.horizon_weeks.len(),
        a.full_time_hours_per_week.len(),
        a.min_rest_hours.len(),
        a.weekly_rest_hours.len(),
        a.open_min_pct.len(),
        a.weekend_complete.len(),
        a.weekend_max_one_in.len(),
    ]
    .iter()
    .fold(1usize, |n, &k| n.saturating_mul(k.max(1)));
    if size > sweep::MAX_POINTS {
        out.push(finding(
            "sweep-grid",
            format!("a spec with {size} points was accepted"),
        ));
        return;
    }
    if size > EXPAND_LIMIT {
        return;
    }
    let points = sweep::expand(&spec);
    if points.len() != size {
        out.push(finding(
            "sweep-grid",
            format!("{} points expanded from a grid of {size}", points.len()),
        ));
    }
    for p in &points {
        // A point's scenario is a `ValidScenario`: its model was built when it was expanded.
        match &p.scenario {
            Ok(_) => {}
            Err(issues) => judge_error(
                &Error::Invalid(issues.clone()),
                &["Invalid"],
                &scenario_code,
                out,
            ),
        }
    }
}
