//! Issue 8: the hard benchmark set (`benches/data/hard/`) stays consistent with what is known
//! about it, and heltid's rosters on it are legal and never claim more than is true.

mod common;

use std::path::PathBuf;

use heltid::{bounds, check, validate, Roster, SolveOptions, Status};

fn hard(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("benches/data/hard")
        .join(name)
}

/// One row of `expected.csv`.
struct Expected {
    file: String,
    headcount: u32,
    total_hours: Option<f64>,
    proven: bool,
}

fn expected() -> Vec<Expected> {
    let text = std::fs::read_to_string(hard("expected.csv")).expect("expected.csv");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("file,headcount,total_hours,proven_by,seconds")
    );
    lines
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            assert_eq!(c.len(), 5, "{l}");
            Expected {
                file: c[0].to_string(),
                headcount: c[1].parse().expect("headcount"),
                total_hours: (!c[2].is_empty()).then(|| c[2].parse().expect("hours")),
                proven: c[3] != "unknown",
            }
        })
        .collect()
}

/// Every unit validates, its instant bound never exceeds its known optimum, and every optimum
/// roster shipped with it passes the independent checker with the headcount (and total hours)
/// `expected.csv` states.
#[test]
fn can_read_every_hard_unit_and_its_known_optimum() {
    let rows = expected();
    assert!(rows.len() >= 9, "one unit of each family");
    let mut rosters = 0;
    for e in &rows {
        let sc = validate::load_scenario(hard(&e.file))
            .unwrap_or_else(|err| panic!("{}: {err}", e.file));
        let b = bounds::instant(&sc).expect("bounds");
        assert!(
            b.headcount.is_some_and(|h| h <= e.headcount),
            "{}: instant bound {:?} above the known headcount {}",
            e.file,
            b.headcount,
            e.headcount
        );
        let path = hard(&e.file.replace(".json", ".optimum.json"));
        if !path.exists() {
            assert!(!e.proven, "{}: a proven optimum ships its roster", e.file);
            continue;
        }
        rosters += 1;
        let text = std::fs::read_to_string(&path).expect("roster");
        let r: Roster = serde_json::from_str(&text).expect("roster JSON");
        let violations = check::check(&sc, &r);
        assert!(
            violations.is_empty(),
            "{}: {}",
            e.file,
            check::format_violations(&violations)
        );
        assert_eq!(r.headcount, e.headcount, "{}", e.file);
        if let Some(hours) = e.total_hours {
            let total: f64 = r.staff.iter().map(|s| s.hours).sum();
            assert!((total - hours).abs() < 0.01, "{}: {total} h", e.file);
        }
    }
    assert!(rosters >= 6, "{rosters} optimum rosters");
}

/// Solves a hard unit whose optimum is proven (120 s, no tie-breaks: generous, so that a loaded
/// CI machine does not turn a slow first roster into a failure) and checks that, whatever the
/// time was enough for, the roster is legal, its lower bound never passes the optimum, and a
/// roster it calls optimal has the optimum's headcount. (How fast is the bench's business.)
fn solve_without_overclaiming(file: &str, optimum: u32) -> Roster {
    let sc = validate::load_scenario(hard(file)).expect("scenario");
    let opts = SolveOptions {
        time_limit: 120.0,
        tie_breaks: false,
        ..SolveOptions::default()
    };
    let r = heltid::solve(&sc, &opts).expect("a roster within 120 s");
    common::assert_legal(&sc, &r);
    assert!(
        r.headcount_lower_bound <= optimum,
        "{file}: bound {}",
        r.headcount_lower_bound
    );
    assert!(
        r.headcount >= optimum,
        "{file}: below the optimum: {}",
        r.headcount
    );
    if r.status == Status::Optimal {
        assert_eq!(r.headcount, optimum, "{file}");
    }
    r
}

/// A unit whose weekend bound is slack (16 against an optimum of 23).
#[test]
fn can_solve_a_slack_every2_unit_without_overclaiming() {
    let r = solve_without_overclaiming("every2-slack.json", 23);
    let phase = &r.phases[0];
    assert_eq!(phase.phase, "headcount");
    assert_eq!(phase.objective, Some(f64::from(r.headcount)));
}

/// The ward keeping its 20 existing staff (issue 8.2): no roster at all in 240 s before the
/// repair probe, now its optimum (30, the weekend bound) in seconds.
#[test]
fn can_find_a_roster_for_the_ward_keeping_its_existing_staff() {
    solve_without_overclaiming("ward-existing-staff.json", 30);
}

/// Home care with Monday/Friday peaks: its weekend bound (24) looked slack, and the best known
/// roster had 26 people, until heltid met the bound (`home-care-peaks.optimum.json`). It met
/// it only now and then until the probe with fixed weekend groups; now in about 5 s of the
/// 120.
#[test]
fn can_solve_home_care_peaks_at_its_bound() {
    let r = solve_without_overclaiming("home-care-peaks.json", 24);
    assert_eq!(r.headcount_lower_bound, 24, "the weekend bound is proven");
    assert_eq!(r.headcount, 24, "the roster at the bound");
}

/// The flexible ward (`max > min`): its headcount (19) was proven before, but its total hours
/// stayed between the best roster's 3768 h and the exact search's 3782 h. The bound over whole
/// shifts under the demand's shift supplies (84 nights for everyone's hours) is 3768 h, so
/// the total-hours phase is proven, and with it the average position.
#[test]
fn can_prove_the_hours_of_the_flexible_ward() {
    let r = solve_without_overclaiming("flexible-every2.json", 19);
    assert_eq!(r.status, Status::Optimal, "{:?}", r.phases);
    let hours = r.phases.iter().find(|p| p.phase == "total hours");
    assert!(
        hours.is_some_and(|p| p.optimal && p.objective.is_some_and(|o| (o + 7536.0).abs() < 1e-6)),
        "{hours:?}"
    );
    let total: f64 = r.staff.iter().map(|s| s.hours).sum();
    assert!((total - 3768.0).abs() < 0.01, "{total} h");
}

/// The annual plan with vacations: its weekends over the whole year need 16 people, but in
/// the run of weekends 23–25 five of the 13 staff are on summer vacation, and the crews of 5
/// there (one in 3) need 15 people able to work one of them: 8 staff + 7 positions = 20, which
/// the shipped roster reaches. So 20 is optimal.
#[test]
fn can_bound_the_annual_plan_by_its_summer_weekends() {
    let sc = validate::load_scenario(hard("annual-vacations.json")).expect("scenario");
    let b = bounds::instant(&sc).expect("bounds");
    assert_eq!(b.headcount, Some(20));
    assert_eq!(b.base.weekend, Some(20));
    assert_eq!(b.base.weekend_run, Some(vec![23, 24, 25]));
    let e = expected();
    let row = e.iter().find(|e| e.file == "annual-vacations.json");
    assert!(row.is_some_and(|e| e.proven && e.headcount == 20));
}
