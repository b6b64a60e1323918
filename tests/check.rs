//! The independent checker against hand-made rosters: one legal roster of a small cyclic ward,
//! then one planted violation per test, each of which must be reported as exactly its rule.
//!
//! Two scenarios:
//! - `tests/data/check/ward-3w.json` with the legal roster `ward-3w-roster.json` (3-week cycle,
//!   D every day, A on weekdays, N on Wednesdays, MED on weekday D, kari and ola plus the
//!   created position hfa-1), for demand, hours, positions and roster-level rules;
//! - a "sandbox" built in code (one person, demand 0..9 on every shift, every limit off unless a
//!   test turns it on) for the per-person time rules, so that each test plants exactly the shifts
//!   it is about.

mod common;

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate};
use heltid::check::{check, format_violations, Violation};
use heltid::kpi::evaluate_roster;
use heltid::roster::{Assignment, Origin, Roster, RosterStaff, Status};
use heltid::rule::Rule;
use heltid::scenario::{Demand, Holidays, Scenario, Staff, SundayWork, WeekendRule};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// Helpers

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// The ward scenario and its legal roster.
fn ward() -> (Scenario, Roster) {
    let s = serde_json::from_str(&read("tests/data/check/ward-3w.json")).expect("ward scenario");
    let r = serde_json::from_str(&read("tests/data/check/ward-3w-roster.json")).expect("roster");
    (s, r)
}

/// Date index `d` from 2027-01-04 as ISO.
fn day(d: u64) -> String {
    let start = NaiveDate::from_ymd_opt(2027, 1, 4).expect("date");
    (start + Days::new(d)).format("%Y-%m-%d").to_string()
}

fn asg(staff: &str, date: &str, shift: &str) -> Assignment {
    Assignment {
        staff: staff.into(),
        date: date.into(),
        shift: shift.into(),
    }
}

fn add(r: &mut Roster, staff: &str, date: &str, shift: &str) {
    r.assignments.push(asg(staff, date, shift));
}

fn remove(r: &mut Roster, staff: &str, date: &str, shift: &str) {
    let before = r.assignments.len();
    r.assignments.retain(|a| *a != asg(staff, date, shift));
    assert_eq!(
        r.assignments.len() + 1,
        before,
        "{staff} {date} {shift} not in roster"
    );
}

/// Rewrites every claim of `r` from its assignments (hours, positions, weekends, headcount,
/// average; bounds equal to the achieved values), as a solver would.
fn refresh_claims(s: &Scenario, r: &mut Roster) {
    let e = evaluate_roster(s, r);
    for (rs, p) in r.staff.iter_mut().zip(&e.people) {
        rs.hours = p.hours;
        rs.position_pct = p.position_pct;
        rs.weekends_worked = p.weekends_worked;
    }
    r.headcount = e.kpis.headcount;
    r.headcount_lower_bound = e.kpis.headcount;
    r.average_position_pct = e.kpis.average_position_pct;
    r.average_position_upper_bound_pct = e.kpis.average_position_pct;
    r.kpis = e.kpis;
}

fn rules(v: &[Violation]) -> BTreeSet<Rule> {
    v.iter().map(|x| x.rule).collect()
}

fn show(v: &[Violation], r: &Roster) -> String {
    format!(
        "violations:\n{}\nroster: {}",
        format_violations(v),
        serde_json::to_string(r).unwrap_or_default()
    )
}

/// Checks and asserts that every violation is of `rule` and that there is at least one.
fn expect_only(s: &Scenario, r: &Roster, rule: Rule) -> Vec<Violation> {
    let v = check(s, r);
    assert!(!v.is_empty(), "expected {rule}, got none; {}", show(&v, r));
    assert_eq!(
        rules(&v),
        BTreeSet::from([rule]),
        "expected only {rule}; {}",
        show(&v, r)
    );
    v
}

/// Checks and asserts there are no violations.
fn expect_legal(s: &Scenario, r: &Roster) {
    let v = check(s, r);
    assert!(v.is_empty(), "expected a legal roster; {}", show(&v, r));
}

/// Asserts there is exactly one violation, of `rule`, for `staff` on `date`, and returns it.
fn expect_one(
    s: &Scenario,
    r: &Roster,
    rule: Rule,
    staff: Option<&str>,
    date: Option<&str>,
) -> Violation {
    let v = expect_only(s, r, rule);
    assert_eq!(v.len(), 1, "expected one violation; {}", show(&v, r));
    assert_eq!(v[0].staff.as_deref(), staff, "{}", show(&v, r));
    assert_eq!(v[0].date.as_deref(), date, "{}", show(&v, r));
    v[0].clone()
}

fn has(v: &Violation, text: &str) {
    assert!(
        v.message.contains(text),
        "message {:?} should contain {text:?}",
        v.message
    );
}

/// A one-person scenario: shifts D 08:00–15:30, A 15:30–23:00, N 22:15–07:45 (9.5 h),
/// E 06:00–14:00, F 16:00–00:00, M 05:00–07:00; demand 0..9 on every shift and date; kari 50 % with a huge
/// hours tolerance; rest 11 h; weekly rest, consecutive days, weekly hours and weekend rules off
/// (`tests/data/check/sandbox.json`, shared with the crew bound's property in `src/bounds.rs`).
fn sandbox(weeks: u32, cyclic: bool) -> Scenario {
    let mut s: Scenario =
        serde_json::from_str(&read("tests/data/check/sandbox.json")).expect("sandbox scenario");
    s.horizon.weeks = i64::from(weeks);
    s.horizon.cyclic = cyclic;
    s
}

/// kari's roster in a sandbox: `shifts` are (date index, shift id); claims are filled in.
fn kari(s: &Scenario, shifts: &[(u64, &str)]) -> Roster {
    let mut r = Roster {
        scenario: "sandbox".into(),
        status: Status::Feasible,
        headcount: 1,
        headcount_lower_bound: 1,
        average_position_pct: 0.0,
        average_position_upper_bound_pct: 0.0,
        solve_seconds: 0.0,
        gap: None,
        staff: vec![RosterStaff {
            id: "kari".into(),
            origin: Origin::Existing,
            template: None,
            hours: 0.0,
            position_pct: 0.0,
            contract_pct: Some(50.0),
            weekends_worked: 0,
        }],
        assignments: shifts
            .iter()
            .map(|(d, sh)| asg("kari", &day(*d), sh))
            .collect(),
        kpis: Default::default(),
        explanation: Vec::new(),
        phases: Vec::new(),
    };
    refresh_claims(s, &mut r);
    r
}

fn weekend(s: &mut Scenario, from: &str, to: &str, n: i64, complete: bool) {
    s.rules.weekend = Some(WeekendRule {
        from: Some(from.into()),
        to: Some(to.into()),
        max_one_in: Some(n),
        complete: Some(complete),
    });
}

fn demand_json(json: &str) -> Demand {
    serde_json::from_str(json).expect("demand entry")
}

// ---------------------------------------------------------------------------------------------
// The legal roster

#[test]
fn can_accept_the_legal_roster() {
    let (s, r) = ward();
    expect_legal(&s, &r);
}

#[test]
fn can_accept_an_optimal_roster_with_matching_bounds() {
    let (s, mut r) = ward();
    r.status = Status::Optimal;
    r.average_position_upper_bound_pct = 91.1;
    expect_legal(&s, &r);
}

#[test]
fn can_agree_with_the_kpi_module_on_the_claims() {
    // The claims in the file are written by hand; the kpi module must give the same numbers.
    let (s, r) = ward();
    let mut refreshed = r.clone();
    refresh_claims(&s, &mut refreshed);
    expect_legal(&s, &refreshed);
    for (a, b) in r.staff.iter().zip(&refreshed.staff) {
        assert!((a.hours - b.hours).abs() < 1e-9, "{} hours", a.id);
        assert_eq!(a.weekends_worked, b.weekends_worked, "{}", a.id);
    }
    assert_eq!(refreshed.kpis.headcount, 3);
    assert!((refreshed.kpis.total_hours - 291.0).abs() < 1e-9);
    // ola wishes 100 % = 106.5 h and has 107; kari wishes 106.5 h and has 97.5.
    assert!((refreshed.kpis.involuntary_part_time_hours - 9.0).abs() < 1e-9);
    assert_eq!(refreshed.kpis.over_coverage_hours, 0.0);
    assert_eq!(refreshed.kpis.weekend_only_positions, 0);
    assert!((refreshed.kpis.full_time_share - 1.0 / 3.0).abs() < 1e-9);
}

#[test]
fn can_order_violations_deterministically() {
    let (s, mut r) = ward();
    remove(&mut r, "ola", "2027-01-05", "A");
    add(&mut r, "nobody", "2027-01-05", "A");
    r.headcount = 7;
    let v = check(&s, &r);
    let mut sorted = v.clone();
    sorted.sort_by(|a, b| {
        (a.rule, &a.staff, &a.date, &a.shift, &a.message)
            .cmp(&(b.rule, &b.staff, &b.date, &b.shift, &b.message))
    });
    assert_eq!(v, sorted);
    assert_eq!(v, check(&s, &r));
    assert_eq!(format_violations(&v).lines().count(), v.len());
    assert!(v.len() >= 4, "{}", format_violations(&v));
}

// ---------------------------------------------------------------------------------------------
// Coverage (rules 12–15)

#[test]
fn rejects_coverage_short() {
    let (s, mut r) = ward();
    remove(&mut r, "ola", "2027-01-05", "A");
    refresh_claims(&s, &mut r);
    let v = expect_one(&s, &r, Rule::Coverage, None, Some("2027-01-05"));
    assert_eq!(v.shift.as_deref(), Some("A"));
    has(&v, "A on 2027-01-05: 0 staff, demand 1..1");
    has(&v, "1 short");
}

#[test]
fn rejects_coverage_over_a_dates_entry() {
    // A dates entry with min 0 replaces the weekday A demand on 2027-01-13: nobody may work it.
    let (s, mut r) = ward();
    add(&mut r, "hfa-1", "2027-01-13", "A");
    refresh_claims(&s, &mut r);
    let v = expect_one(&s, &r, Rule::Coverage, None, Some("2027-01-13"));
    has(&v, "A on 2027-01-13: 1 staff, demand 0..0");
    has(&v, "1 too many");
}

#[test]
fn rejects_a_shift_without_demand_entry() {
    let (s, mut r) = ward();
    add(&mut r, "kari", "2027-01-11", "L");
    refresh_claims(&s, &mut r);
    let v = expect_one(&s, &r, Rule::Coverage, None, Some("2027-01-11"));
    has(&v, "L on 2027-01-11: 1 staff, demand 0..0");
    has(&v, "no demand entry");
}

#[test]
fn can_fill_optional_demand_up_to_max() {
    // X (00:00–02:00) has demand 0..2 every day: planting it is legal; with max 0 it is not.
    let (mut s, mut r) = ward();
    add(&mut r, "kari", "2027-01-04", "X");
    add(&mut r, "hfa-1", "2027-01-22", "X");
    refresh_claims(&s, &mut r);
    expect_legal(&s, &r);
    let x = s
        .demand
        .iter_mut()
        .find(|d| d.shift == "X")
        .expect("X demand");
    x.max = Some(0);
    let v = expect_only(&s, &r, Rule::Coverage);
    let dates: Vec<&str> = v.iter().filter_map(|x| x.date.as_deref()).collect();
    assert_eq!(dates, ["2027-01-04", "2027-01-22"]);
    has(&v[0], "X on 2027-01-04: 1 staff, demand 0..0 (1 too many)");
}

#[test]
fn rejects_skill_short_on_a_dates_entry() {
    // The dates entry (MED ≥ 2) replaces the weekday entry (MED ≥ 1) on 2027-01-05.
    let (mut s, r) = ward();
    s.demand.push(demand_json(
        r#"{"shift": "D", "dates": ["2027-01-05"], "skill": "MED", "min": 2}"#,
    ));
    let v = expect_one(&s, &r, Rule::SkillCoverage, None, Some("2027-01-05"));
    assert_eq!(v.shift.as_deref(), Some("D"));
    has(&v, "1 staff with MED, demand 2..");
}

#[test]
fn rejects_skill_over_its_max() {
    let (mut s, r) = ward();
    s.demand.push(demand_json(
        r#"{"shift": "D", "dates": ["2027-01-05"], "skill": "MED", "min": 0, "max": 0}"#,
    ));
    let v = expect_one(&s, &r, Rule::SkillCoverage, None, Some("2027-01-05"));
    has(&v, "1 staff with MED, demand 0..0");
}

#[test]
fn can_leave_skill_entries_without_max_unbounded() {
    // kari (RN) works D on 2027-01-09/10: "RN min 0" must not mean "exactly 0 RN".
    let (mut s, r) = ward();
    s.demand.push(demand_json(
        r#"{"shift": "D", "days": ["sat", "sun"], "skill": "RN", "min": 0}"#,
    ));
    expect_legal(&s, &r);
}

#[test]
fn can_keep_other_skills_when_a_dates_entry_replaces_one() {
    // hfa-1 loses MED: the weekday MED entry is short on hfa-1's four weekday D shifts. A RN
    // dates entry on 2027-01-05 does not replace the MED entry there; a MED dates entry does.
    let (mut s, r) = ward();
    s.open_positions[0].skills.clear();
    s.demand.push(demand_json(
        r#"{"shift": "D", "dates": ["2027-01-05"], "skill": "RN", "min": 0}"#,
    ));
    let v = expect_only(&s, &r, Rule::SkillCoverage);
    let dates: Vec<&str> = v.iter().filter_map(|x| x.date.as_deref()).collect();
    assert_eq!(
        dates,
        ["2027-01-04", "2027-01-05", "2027-01-11", "2027-01-12"],
        "{}",
        format_violations(&v)
    );
    s.demand.push(demand_json(
        r#"{"shift": "D", "dates": ["2027-01-05"], "skill": "MED", "min": 0}"#,
    ));
    let v = check(&s, &r);
    let dates: Vec<&str> = v.iter().filter_map(|x| x.date.as_deref()).collect();
    assert_eq!(dates, ["2027-01-04", "2027-01-11", "2027-01-12"]);
}

// ---------------------------------------------------------------------------------------------
// One per date, overlap, rest (rules 1–3)

#[test]
fn rejects_two_shifts_on_one_date() {
    // D 08:00–15:30 and A 15:30–23:00 only touch (no overlap); rest 0 allows them otherwise.
    let mut s = sandbox(2, true);
    s.rules.min_rest_hours = Some(0.0);
    let r = kari(&s, &[(2, "D"), (2, "A")]);
    let v = expect_one(&s, &r, Rule::OnePerDate, Some("kari"), Some("2027-01-06"));
    has(&v, "starts 2 shifts on 2027-01-06 (D, A), at most 1");
}

#[test]
fn rejects_overlap_even_without_minimum_rest() {
    // N 22:15–07:45 then E 06:00 the next day: 1.75 h overlap, on different dates.
    let mut s = sandbox(2, true);
    s.rules.min_rest_hours = Some(0.0);
    let r = kari(&s, &[(0, "N"), (1, "E")]);
    let v = expect_one(&s, &r, Rule::Overlap, Some("kari"), Some("2027-01-04"));
    has(&v, "N on 2027-01-04 and E on 2027-01-05 overlap by 1.75 h");
}

#[test]
fn rejects_overlap_across_the_cyclic_wrap() {
    // Last Sunday N runs into the first Monday E of the next cycle.
    let s = sandbox(2, true);
    let r = kari(&s, &[(0, "E"), (13, "N")]);
    let v = expect_one(&s, &r, Rule::Overlap, Some("kari"), Some("2027-01-04"));
    has(&v, "overlap by 1.75 h");
    has(&v, "cycle");
    let s = sandbox(2, false);
    let r = kari(&s, &[(0, "E"), (13, "N")]);
    expect_legal(&s, &r);
}

#[test]
fn can_rest_exactly_the_minimum() {
    // A ends 23:00, D starts 08:00 the next day: 9 h rest.
    let mut s = sandbox(2, true);
    s.rules.min_rest_hours = Some(9.0);
    let r = kari(&s, &[(0, "A"), (1, "D")]);
    expect_legal(&s, &r);
}

#[test]
fn rejects_rest_just_under_the_minimum() {
    let mut s = sandbox(2, true);
    s.rules.min_rest_hours = Some(9.25);
    let r = kari(&s, &[(0, "A"), (1, "D")]);
    let v = expect_one(&s, &r, Rule::Rest, Some("kari"), Some("2027-01-04"));
    has(
        &v,
        "rest 9 h between A on 2027-01-04 and D on 2027-01-05, minimum 9.25 h",
    );
}

#[test]
fn rejects_rest_across_the_cyclic_wrap() {
    // Last Sunday N ends Monday 07:45, the first Monday D (next cycle) starts 08:00.
    let s = sandbox(2, true);
    let r = kari(&s, &[(0, "D"), (13, "N")]);
    let v = expect_one(&s, &r, Rule::Rest, Some("kari"), Some("2027-01-17"));
    has(
        &v,
        "rest 0.25 h between N on 2027-01-17 and D on 2027-01-04 (next cycle), minimum 11 h",
    );
}

#[test]
fn can_run_past_the_end_of_a_calendar_horizon() {
    // Non-cyclic: the last-date night runs past the end, nothing wraps. The cyclic twin breaks
    // rest (into next Monday's D) and the weekend limit (a 1-week cycle repeats every week).
    for cyclic in [false, true] {
        let mut s = sandbox(1, cyclic);
        s.rules.weekly_rest_hours = Some(Some(35.0));
        s.rules.max_consecutive_days = Some(Some(6));
        weekend(&mut s, "sat 00:00", "mon 00:00", 3, false);
        let r = kari(&s, &[(0, "D"), (1, "D"), (6, "N")]);
        assert!((r.staff[0].hours - 24.5).abs() < 1e-9, "the N counts whole");
        assert_eq!(r.staff[0].weekends_worked, 1);
        let v = check(&s, &r);
        if cyclic {
            assert_eq!(
                rules(&v),
                BTreeSet::from([Rule::Rest, Rule::WeekendFrequency]),
                "{}",
                show(&v, &r)
            );
        } else {
            assert!(v.is_empty(), "{}", show(&v, &r));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Weekly rest (rule 4)

fn weekly(s: &mut Scenario, hours: f64) {
    s.rules.weekly_rest_hours = Some(Some(hours));
}

#[test]
fn rejects_weekly_rest_short() {
    let mut s = sandbox(2, true);
    weekly(&mut s, 35.0);
    let r = kari(
        &s,
        &[
            (0, "D"),
            (1, "D"),
            (2, "D"),
            (3, "D"),
            (4, "D"),
            (5, "D"),
            (6, "D"),
        ],
    );
    // Week 1 has no shift and passes.
    let v = expect_one(&s, &r, Rule::WeeklyRest, Some("kari"), Some("2027-01-04"));
    has(&v, "is 16.5 h, minimum 35 h");
}

#[test]
fn can_rest_exactly_the_weekly_minimum() {
    // Longest gap: Monday D ends 15:30, Wednesday D starts 08:00 = 40.5 h.
    let shifts = [(0, "D"), (2, "D"), (3, "D"), (4, "D"), (5, "D"), (6, "D")];
    let mut s = sandbox(2, true);
    weekly(&mut s, 40.5);
    expect_legal(&s, &kari(&s, &shifts));
    weekly(&mut s, 40.6);
    let v = expect_one(
        &s,
        &kari(&s, &shifts),
        Rule::WeeklyRest,
        Some("kari"),
        Some("2027-01-04"),
    );
    has(&v, "is 40.5 h, minimum 40.6 h");
}

#[test]
fn rejects_a_sunday_night_that_keeps_next_monday_busy() {
    // Week 1: D Tuesday to Sunday; free from Monday 00:00 to Tuesday 08:00 = 32 h, unless the
    // Sunday night of week 0 keeps Monday busy until 07:45 (then 24.25 h).
    let week1 = [
        (8, "D"),
        (9, "D"),
        (10, "D"),
        (11, "D"),
        (12, "D"),
        (13, "D"),
    ];
    let mut s = sandbox(2, true);
    weekly(&mut s, 30.0);
    expect_legal(&s, &kari(&s, &week1));
    let mut with_night = week1.to_vec();
    with_night.push((6, "N"));
    let v = expect_one(
        &s,
        &kari(&s, &with_night),
        Rule::WeeklyRest,
        Some("kari"),
        Some("2027-01-11"),
    );
    has(&v, "is 24.25 h, minimum 30 h");
}

#[test]
fn rejects_a_sunday_night_across_the_wrap_only_when_cyclic() {
    // Week 0: D Tuesday to Sunday; the last Sunday night of the cycle keeps week 0's Monday busy.
    let shifts = [
        (1, "D"),
        (2, "D"),
        (3, "D"),
        (4, "D"),
        (5, "D"),
        (6, "D"),
        (13, "N"),
    ];
    let mut s = sandbox(2, true);
    weekly(&mut s, 30.0);
    let v = expect_one(
        &s,
        &kari(&s, &shifts),
        Rule::WeeklyRest,
        Some("kari"),
        Some("2027-01-04"),
    );
    has(&v, "is 24.25 h");
    let mut s = sandbox(2, false);
    weekly(&mut s, 30.0);
    expect_legal(&s, &kari(&s, &shifts));
}

#[test]
fn rejects_a_free_period_split_across_two_weeks() {
    // Free from Saturday 15:30 (week 0) to Tuesday 08:00 (week 1): 64.5 h in all, but only
    // 32.5 h inside week 0 and 32 h inside week 1.
    let shifts = [
        (0, "D"),
        (1, "D"),
        (2, "D"),
        (3, "D"),
        (4, "D"),
        (5, "D"),
        (8, "D"),
        (9, "D"),
        (10, "D"),
        (11, "D"),
        (12, "D"),
        (13, "D"),
    ];
    let mut s = sandbox(2, true);
    weekly(&mut s, 35.0);
    let r = kari(&s, &shifts);
    let v = expect_only(&s, &r, Rule::WeeklyRest);
    assert_eq!(v.len(), 2, "{}", show(&v, &r));
    assert_eq!(v[0].date.as_deref(), Some("2027-01-04"));
    has(&v[0], "is 32.5 h");
    assert_eq!(v[1].date.as_deref(), Some("2027-01-11"));
    has(&v[1], "is 32 h");
}

#[test]
fn can_switch_weekly_rest_off_with_null() {
    let shifts: Vec<(u64, &str)> = (0..7).map(|d| (d, "D")).collect();
    let mut s = sandbox(1, true);
    s.rules.weekly_rest_hours = None; // missing: default 35 h
    expect_only(&s, &kari(&s, &shifts), Rule::WeeklyRest);
    s.rules.weekly_rest_hours = Some(None); // null: off
    expect_legal(&s, &kari(&s, &shifts));
}

// ---------------------------------------------------------------------------------------------
// Consecutive days and weekly hours (rules 5–6)

fn ds(days: impl IntoIterator<Item = u64>) -> Vec<(u64, &'static str)> {
    days.into_iter().map(|d| (d, "D")).collect()
}

#[test]
fn rejects_too_many_consecutive_days() {
    let mut s = sandbox(2, true);
    s.rules.max_consecutive_days = Some(Some(6));
    expect_legal(&s, &kari(&s, &ds(0..6)));
    let v = expect_one(
        &s,
        &kari(&s, &ds(0..7)),
        Rule::MaxConsecutiveDays,
        Some("kari"),
        Some("2027-01-04"),
    );
    has(
        &v,
        "works 7 consecutive dates, 2027-01-04 to 2027-01-10, maximum 6",
    );
}

#[test]
fn rejects_consecutive_days_across_the_wrap_only_when_cyclic() {
    let shifts = ds([0, 1, 2, 10, 11, 12, 13]);
    let mut s = sandbox(2, true);
    s.rules.max_consecutive_days = Some(Some(6));
    let v = expect_one(
        &s,
        &kari(&s, &shifts),
        Rule::MaxConsecutiveDays,
        Some("kari"),
        Some("2027-01-14"),
    );
    has(&v, "works 7 consecutive dates, 2027-01-14 to 2027-01-06");
    let mut s = sandbox(2, false);
    s.rules.max_consecutive_days = Some(Some(6));
    expect_legal(&s, &kari(&s, &shifts));
}

#[test]
fn rejects_working_every_date_of_a_cycle_whatever_the_limit() {
    let mut s = sandbox(2, true);
    s.rules.max_consecutive_days = Some(Some(30));
    let v = expect_one(
        &s,
        &kari(&s, &ds(0..14)),
        Rule::MaxConsecutiveDays,
        Some("kari"),
        Some("2027-01-04"),
    );
    has(&v, "every date");
    let mut s = sandbox(2, false);
    s.rules.max_consecutive_days = Some(Some(30));
    expect_legal(&s, &kari(&s, &ds(0..14)));
}

#[test]
fn can_count_start_dates_only() {
    // Six nights Monday to Saturday end on Sunday morning; Sunday is not a worked date, so the
    // following Monday starts a new run.
    let mut shifts: Vec<(u64, &str)> = (0..6).map(|d| (d, "N")).collect();
    shifts.push((7, "D"));
    let mut s = sandbox(2, true);
    s.rules.max_consecutive_days = Some(Some(6));
    expect_legal(&s, &kari(&s, &shifts));
}

#[test]
fn rejects_too_many_hours_in_a_week() {
    let mut s = sandbox(2, true);
    s.rules.max_hours_per_week = Some(Some(30.0));
    expect_legal(&s, &kari(&s, &ds(0..4)));
    let mut shifts = ds(0..4);
    shifts.push((4, "N"));
    let v = expect_one(
        &s,
        &kari(&s, &shifts),
        Rule::MaxHoursPerWeek,
        Some("kari"),
        Some("2027-01-04"),
    );
    has(
        &v,
        "39.5 h in shifts starting in the week from 2027-01-04, maximum 30 h (9.5 h over)",
    );
}

#[test]
fn can_count_weekly_hours_by_start() {
    // The Sunday night of week 0 counts in week 0 only.
    let mut s = sandbox(2, true);
    s.rules.max_hours_per_week = Some(Some(30.0));
    let mut shifts = ds(8..12);
    shifts.push((6, "N"));
    expect_legal(&s, &kari(&s, &shifts));
}

#[test]
fn rejects_too_many_hours_on_average() {
    // Two weeks at most 20 h a week on average: 40 h in all, however the weeks are split.
    let mut s = sandbox(2, true);
    s.rules.max_average_hours_per_week = Some(Some(20.0));
    // 37.5 h in the first week alone (D is 7.5 h), nothing in the second: legal.
    expect_legal(&s, &kari(&s, &ds(0..5)));
    // 45 h over the two weeks: 5 h over.
    let v = expect_one(
        &s,
        &kari(&s, &ds(0..6)),
        Rule::MaxAverageHoursPerWeek,
        Some("kari"),
        None,
    );
    has(
        &v,
        "45 h over 2 week(s), 22.5 h a week on average, maximum 20 h (5 h over)",
    );
    // Off (null): legal again.
    s.rules.max_average_hours_per_week = Some(None);
    expect_legal(&s, &kari(&s, &ds(0..6)));
}

// ---------------------------------------------------------------------------------------------
// Hours and positions (rules 9–10)

#[test]
fn rejects_hours_below_the_contract() {
    // kari 100 %: 106.5 h − 8 = 98.5 h at least; she has 97.5 h.
    let (mut s, mut r) = ward();
    s.staff[0].contract_pct = 100.0;
    r.staff[0].contract_pct = Some(100.0);
    let v = expect_one(&s, &r, Rule::Hours, Some("kari"), None);
    has(&v, "kari planned 97.5 h, allowed 98.5–114.5 h (1 h short)");
}

#[test]
fn rejects_hours_above_the_wish() {
    // ola wishes 90 %: 95.85 h + 11.1 = 106.95 h at most; he has 107 h.
    let (mut s, r) = ward();
    s.staff[1].wish_pct = Some(90.0);
    s.rules.hours_tolerance = Some(11.1);
    let v = expect_one(&s, &r, Rule::Hours, Some("ola"), None);
    has(&v, "ola planned 107 h, allowed 74.1–106.95 h (0.05 h over)");
}

#[test]
fn can_meet_the_hours_bounds_exactly() {
    // Upper: 0.9 × 35.5 × 3 + 11.15 = 107 exactly (in floats this is not exact).
    let (mut s, r) = ward();
    s.staff[1].wish_pct = Some(90.0);
    s.rules.hours_tolerance = Some(11.15);
    expect_legal(&s, &r);
    // Lower: 1.0 × 35.5 × 3 − 9 = 97.5 exactly; 8.99 misses by 0.01 h.
    let (mut s, mut r) = ward();
    s.staff[0].contract_pct = 100.0;
    r.staff[0].contract_pct = Some(100.0);
    s.rules.hours_tolerance = Some(9.0);
    expect_legal(&s, &r);
    s.rules.hours_tolerance = Some(8.99);
    let v = expect_one(&s, &r, Rule::Hours, Some("kari"), None);
    has(&v, "(0.01 h short)");
}

#[test]
fn can_ignore_unavailable_dates_for_the_hours_target() {
    // Unavailable dates do not reduce the target: kari 100 % with three unavailable dates
    // still needs 98.5 h.
    let (mut s, mut r) = ward();
    s.staff[0].contract_pct = 100.0;
    r.staff[0].contract_pct = Some(100.0);
    s.staff[0].unavailable = vec![
        "2027-01-11".into(),
        "2027-01-12".into(),
        "2027-01-16".into(),
    ];
    let v = expect_one(&s, &r, Rule::Hours, Some("kari"), None);
    has(&v, "allowed 98.5–114.5 h");
}

#[test]
fn rejects_a_position_below_its_template_without_tolerance() {
    // hfa-1 has 86.5 h of 106.5 h = 81.2207 %.
    let (mut s, r) = ward();
    s.open_positions[0].min_pct = Some(81.22);
    expect_legal(&s, &r);
    s.open_positions[0].min_pct = Some(81.23);
    let v = expect_one(&s, &r, Rule::PositionSize, Some("hfa-1"), None);
    has(
        &v,
        "hfa-1 is a 81.2207 % position (86.5 h), template hfa allows 81.23–100 %",
    );
}

#[test]
fn rejects_a_position_above_its_template() {
    let (mut s, r) = ward();
    s.open_positions[0].max_pct = Some(81.22);
    let v = expect_one(&s, &r, Rule::PositionSize, Some("hfa-1"), None);
    has(&v, "allows 50–81.22 %");
}

#[test]
fn rejects_an_empty_position_unless_its_minimum_is_zero() {
    // A listed position with no shifts counts in the headcount; 0 % is legal only if min_pct is 0.
    let (mut s, mut r) = ward();
    r.staff.push(RosterStaff {
        id: "hfa-4".into(),
        origin: Origin::Open,
        template: Some("hfa".into()),
        hours: 0.0,
        position_pct: 0.0,
        contract_pct: None,
        weekends_worked: 0,
    });
    refresh_claims(&s, &mut r);
    assert_eq!(r.headcount, 4);
    let v = expect_one(&s, &r, Rule::PositionSize, Some("hfa-4"), None);
    has(
        &v,
        "hfa-4 is a 0 % position (0 h), template hfa allows 50–100 %",
    );
    s.open_positions[0].min_pct = Some(0.0);
    expect_legal(&s, &r);
}

#[test]
fn rejects_more_positions_than_max_count() {
    let (mut s, r) = ward();
    s.open_positions[0].max_count = 0;
    let v = expect_one(&s, &r, Rule::PositionCount, None, None);
    has(&v, "1 positions created from template hfa, at most 0");
}

/// The ward roster with hfa-1 renamed (assignments too) and its template set.
fn renamed(id: &str, template: Option<&str>) -> Roster {
    let (_, mut r) = ward();
    for a in &mut r.assignments {
        if a.staff == "hfa-1" {
            a.staff = id.into();
        }
    }
    r.staff[2].id = id.into();
    r.staff[2].template = template.map(str::to_string);
    r
}

#[test]
fn rejects_malformed_position_ids() {
    let (s, _) = ward();
    for id in [
        "hfa-0", "hfa1", "hfa-01", "hfa-x", "hfa", "hfa-1a", "rn-1", "",
    ] {
        let r = renamed(id, Some("hfa"));
        let v = expect_one(&s, &r, Rule::PositionCount, Some(id), None);
        has(&v, "is not of the form hfa-<n>");
    }
}

#[test]
fn rejects_unknown_or_missing_templates() {
    // Without a template the position holds no skills, so hfa-1's four weekday D shifts also
    // lack MED: that is the only other rule reported.
    let (s, _) = ward();
    for (id, template, text) in [
        (
            "nope-1",
            Some("nope"),
            "\"nope\", which the scenario does not have",
        ),
        ("hfa-1", None, "names no template"),
    ] {
        let r = renamed(id, template);
        let v = check(&s, &r);
        let found: Vec<&Violation> = v.iter().filter(|x| x.rule == Rule::PositionCount).collect();
        assert_eq!(found.len(), 1, "{}", show(&v, &r));
        assert_eq!(found[0].staff.as_deref(), Some(id));
        has(found[0], text);
        assert_eq!(
            rules(&v),
            BTreeSet::from([Rule::SkillCoverage, Rule::PositionCount]),
            "{}",
            show(&v, &r)
        );
    }
}

#[test]
fn can_accept_template_ids_with_dashes_and_gaps() {
    let (mut s, _) = ward();
    s.open_positions[0].id = "hfa-natt".into();
    expect_legal(&s, &renamed("hfa-natt-7", Some("hfa-natt")));
}

// ---------------------------------------------------------------------------------------------
// Unavailable and fixed (rules 7–8)

#[test]
fn rejects_a_shift_on_an_unavailable_date() {
    let (mut s, r) = ward();
    s.staff[0].unavailable.push("2027-01-07".into());
    let v = expect_one(&s, &r, Rule::Unavailable, Some("kari"), Some("2027-01-07"));
    assert_eq!(v.shift.as_deref(), Some("D"));
}

#[test]
fn can_let_a_night_run_into_an_unavailable_date() {
    // ola is unavailable on 2027-01-14; his Wednesday night runs into it (the legal roster).
    let (s, r) = ward();
    assert_eq!(s.staff[1].unavailable, ["2027-01-14"]);
    assert!(r.assignments.contains(&asg("ola", "2027-01-13", "N")));
    expect_legal(&s, &r);
}

#[test]
fn rejects_a_missing_fixed_assignment() {
    let (mut s, r) = ward();
    s.staff[0]
        .fixed
        .push(serde_json::from_str(r#"{"date": "2027-01-07", "shift": "A"}"#).expect("fixed"));
    let v = expect_one(&s, &r, Rule::Fixed, Some("kari"), Some("2027-01-07"));
    assert_eq!(v.shift.as_deref(), Some("A"));
    has(&v, "fixed assignment A on 2027-01-07 for kari is missing");
}

// ---------------------------------------------------------------------------------------------
// Weekends (rules 16–19)

fn sat(week: u64) -> u64 {
    week * 7 + 5
}

#[test]
fn rejects_weekends_too_close_across_the_wrap() {
    // 4-week cycle, one in 3: weekends 3 and 0 are neighbours across the wrap.
    let shifts = [(sat(0), "D"), (sat(3), "D")];
    let mut s = sandbox(4, true);
    weekend(&mut s, "sat 00:00", "mon 00:00", 3, false);
    let v = expect_one(
        &s,
        &kari(&s, &shifts),
        Rule::WeekendFrequency,
        Some("kari"),
        Some("2027-01-30"),
    );
    has(
        &v,
        "weekends from 2027-01-30 and from 2027-01-09 in the next cycle, 1 week(s) apart",
    );
    let mut s = sandbox(4, false);
    weekend(&mut s, "sat 00:00", "mon 00:00", 3, false);
    expect_legal(&s, &kari(&s, &shifts));
}

#[test]
fn rejects_any_weekend_when_the_cycle_is_shorter_than_the_limit() {
    // A 2-week cycle repeats every 2 weeks: one weekend is two in every 3.
    let mut s = sandbox(2, true);
    weekend(&mut s, "sat 00:00", "mon 00:00", 3, false);
    let v = expect_one(
        &s,
        &kari(&s, &[(sat(1), "D")]),
        Rule::WeekendFrequency,
        Some("kari"),
        Some("2027-01-16"),
    );
    has(&v, "every 2 week(s)");
    let mut s = sandbox(3, true);
    weekend(&mut s, "sat 00:00", "mon 00:00", 3, false);
    expect_legal(&s, &kari(&s, &[(sat(1), "D")]));
}

#[test]
fn rejects_weekends_too_close_in_a_calendar_plan() {
    let mut s = sandbox(4, false);
    weekend(&mut s, "sat 00:00", "mon 00:00", 3, false);
    let v = expect_one(
        &s,
        &kari(&s, &[(sat(0), "D"), (sat(2), "D")]),
        Rule::WeekendFrequency,
        Some("kari"),
        Some("2027-01-09"),
    );
    has(&v, "2 week(s) apart; at most one weekend in every 3");
    expect_legal(&s, &kari(&s, &[(sat(0), "D"), (sat(3), "D")]));
    // Shorter than n: the whole horizon is one run.
    let mut s = sandbox(2, false);
    weekend(&mut s, "sat 00:00", "mon 00:00", 3, false);
    expect_only(
        &s,
        &kari(&s, &[(sat(0), "D"), (sat(1), "D")]),
        Rule::WeekendFrequency,
    );
    expect_legal(&s, &kari(&s, &[(sat(1), "D")]));
}

#[test]
fn can_switch_the_weekend_limit_off_with_one() {
    let mut s = sandbox(1, true);
    weekend(&mut s, "sat 00:00", "mon 00:00", 1, true);
    expect_legal(&s, &kari(&s, &[(5, "D"), (6, "D")]));
}

// Per-person weekend frequency (`weekend_max_one_in` on staff and templates)

/// One person's plan: (id, template for a created position, shifts as (date index, shift)).
type Planned<'a> = (&'a str, Option<&'a str>, &'a [(u64, &'a str)]);

/// A roster of several people in a sandbox: (id, template for a created position, shifts);
/// existing staff take their contract from the scenario, and staff not named are listed with
/// no shifts. Claims are filled in.
fn crew(s: &Scenario, people: &[Planned<'_>]) -> Roster {
    let mut r = kari(s, &[]);
    r.staff.clear();
    let mut people = people.to_vec();
    for st in &s.staff {
        if !people.iter().any(|(id, _, _)| *id == st.id) {
            people.push((st.id.as_str(), None, &[]));
        }
    }
    for (id, template, shifts) in &people {
        let contract = s.staff.iter().find(|x| x.id == *id).map(|x| x.contract_pct);
        r.staff.push(RosterStaff {
            id: (*id).into(),
            origin: if template.is_some() {
                Origin::Open
            } else {
                Origin::Existing
            },
            template: template.map(str::to_string),
            hours: 0.0,
            position_pct: 0.0,
            contract_pct: contract,
            weekends_worked: 0,
        });
        for (d, sh) in shifts.iter() {
            add(&mut r, id, &day(*d), sh);
        }
    }
    refresh_claims(s, &mut r);
    r
}

/// A sandbox with kari (own `weekend_max_one_in`) and ola (the scenario's `n`), and two
/// templates: `helg` with its own `weekend_max_one_in` and `vikar` without.
fn volunteers(weeks: u32, cyclic: bool, n: i64, own: i64) -> Scenario {
    let mut s = sandbox(weeks, cyclic);
    weekend(&mut s, "sat 00:00", "mon 00:00", n, false);
    s.staff[0].weekend_max_one_in = Some(own);
    let mut ola = s.staff[0].clone();
    ola.id = "ola".into();
    ola.weekend_max_one_in = None;
    s.staff.push(ola);
    s.open_positions = serde_json::from_str(&format!(
        r#"[{{"id": "helg", "max_count": 1, "weekend_max_one_in": {own}}},
            {{"id": "vikar", "max_count": 1}}]"#
    ))
    .expect("templates");
    s
}

/// The same shifts for kari, ola, helg-1 and vikar-1.
fn all_four<'a>(shifts: &'a [(u64, &'a str)]) -> Vec<Planned<'a>> {
    vec![
        ("kari", None, shifts),
        ("ola", None, shifts),
        ("helg-1", Some("helg"), shifts),
        ("vikar-1", Some("vikar"), shifts),
    ]
}

/// The people with a weekend-frequency violation.
fn flagged(s: &Scenario, r: &Roster) -> BTreeSet<String> {
    let v = check(s, r);
    assert_eq!(
        rules(&v),
        if v.is_empty() {
            BTreeSet::new()
        } else {
            BTreeSet::from([Rule::WeekendFrequency])
        },
        "{}",
        show(&v, r)
    );
    v.iter().filter_map(|x| x.staff.clone()).collect()
}

fn names(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|x| x.to_string()).collect()
}

#[test]
fn can_let_a_volunteer_work_every_second_weekend() {
    // 6-week cycle, one in 3 for everybody but kari and the helg template (one in 2). Every
    // 2nd weekend: fine for kari and helg-1, too often for ola and vikar-1.
    let s = volunteers(6, true, 3, 2);
    let shifts = [(sat(0), "D"), (sat(2), "D"), (sat(4), "D")];
    let r = crew(&s, &all_four(&shifts));
    assert_eq!(flagged(&s, &r), names(&["ola", "vikar-1"]));
    let v = check(&s, &r);
    assert!(v.iter().all(|x| !x.message.contains("their own")));
    // The same pattern in a one-in-2 scenario with no overrides is legal for all four.
    let s = volunteers(6, true, 2, 2);
    expect_legal(&s, &r);
}

#[test]
fn can_limit_a_volunteer_by_their_own_frequency() {
    // kari and helg-1 at one in 2 still may not work two weekends in a row; the message
    // names their own limit. ola and vikar-1 (one in 1: off) may.
    let s = volunteers(6, true, 1, 2);
    let shifts = [(sat(0), "D"), (sat(1), "D")];
    let r = crew(&s, &all_four(&shifts));
    assert_eq!(flagged(&s, &r), names(&["kari", "helg-1"]));
    let v = check(&s, &r);
    assert!(v.iter().all(|x| x
        .message
        .contains("at most one weekend in every 2 (their own weekend_max_one_in)")));
    // An override of 1 switches the limit off for that person only.
    let s = volunteers(6, true, 3, 1);
    let r = crew(&s, &all_four(&shifts));
    assert_eq!(flagged(&s, &r), names(&["ola", "vikar-1"]));
}

#[test]
fn can_apply_volunteer_frequencies_at_the_cyclic_boundaries() {
    // Every 2nd weekend of a 6-week cycle wraps cleanly (weekend 4 → 0 is 2 apart) ...
    let s = volunteers(6, true, 3, 2);
    let even = [(sat(0), "D"), (sat(2), "D"), (sat(4), "D")];
    let r = crew(
        &s,
        &[("kari", None, &even), ("helg-1", Some("helg"), &even)],
    );
    expect_legal(&s, &r);
    // ... weekends 0, 2 and 5 do not (5 → 0 is 1 apart across the wrap).
    let wrap = [(sat(0), "D"), (sat(2), "D"), (sat(5), "D")];
    let r = crew(
        &s,
        &[("kari", None, &wrap), ("helg-1", Some("helg"), &wrap)],
    );
    assert_eq!(flagged(&s, &r), names(&["kari", "helg-1"]));
    // In a 5-week cycle every 2nd weekend cannot wrap: 0, 2, 4 puts 4 → 0 one week apart.
    let s = volunteers(5, true, 1, 2);
    let r = crew(
        &s,
        &[("kari", None, &even), ("helg-1", Some("helg"), &even)],
    );
    assert_eq!(flagged(&s, &r), names(&["kari", "helg-1"]));
    // An override longer than the cycle allows no weekend at all (it comes back too soon),
    // while ola on the scenario's one in 3 may work one weekend of a 4-week cycle.
    let s = volunteers(4, true, 3, 5);
    let one = [(sat(1), "D")];
    let r = crew(&s, &all_four(&one));
    assert_eq!(flagged(&s, &r), names(&["kari", "helg-1"]));
}

#[test]
fn can_apply_volunteer_frequencies_at_the_calendar_boundaries() {
    // 5-week calendar plan: one in 2 allows weekends 0, 2, 4 (⌈5/2⌉ = 3) with no wrap.
    let s = volunteers(5, false, 3, 2);
    let even = [(sat(0), "D"), (sat(2), "D"), (sat(4), "D")];
    let r = crew(&s, &all_four(&even));
    assert_eq!(flagged(&s, &r), names(&["ola", "vikar-1"]));
    // Neighbouring weekends are too close for one in 2.
    let close = [(sat(3), "D"), (sat(4), "D")];
    let r = crew(
        &s,
        &[("kari", None, &close), ("helg-1", Some("helg"), &close)],
    );
    assert_eq!(flagged(&s, &r), names(&["kari", "helg-1"]));
    // An override longer than the plan: one weekend is fine (no look-back), two are not.
    let s = volunteers(5, false, 1, 9);
    let r = crew(
        &s,
        &[
            ("kari", None, &[(sat(4), "D")]),
            ("helg-1", Some("helg"), &[(sat(0), "D")]),
        ],
    );
    expect_legal(&s, &r);
    let ends = [(sat(0), "D"), (sat(4), "D")];
    let r = crew(&s, &all_four(&ends));
    assert_eq!(flagged(&s, &r), names(&["kari", "helg-1"]));
}

#[test]
fn can_count_a_friday_night_as_working_the_weekend() {
    let mut s = sandbox(4, true);
    weekend(&mut s, "sat 00:00", "mon 00:00", 3, false);
    // Friday N of week 0 ends Saturday 07:45: weekend 0 is worked, too close to weekend 1.
    let r = kari(&s, &[(4, "N"), (sat(1), "D")]);
    assert_eq!(r.staff[0].weekends_worked, 2);
    let v = expect_one(
        &s,
        &r,
        Rule::WeekendFrequency,
        Some("kari"),
        Some("2027-01-09"),
    );
    has(&v, "1 week(s) apart");
    // Friday F ends exactly at Saturday 00:00: not in the window.
    let r = kari(&s, &[(4, "F"), (sat(1), "D")]);
    assert_eq!(r.staff[0].weekends_worked, 1);
    expect_legal(&s, &r);
}

#[test]
fn can_reach_into_the_next_cycle_with_the_last_window() {
    // Window Friday 18:00 to Monday 06:00: a Monday 05:00 shift of week 0 lies in the last
    // window of the previous cycle when cyclic (weekends 0 and 1 worked, one in 2 broken), and in
    // no window of a calendar plan.
    let shifts = [(0, "M"), (5, "D")];
    let mut s = sandbox(2, true);
    weekend(&mut s, "fri 18:00", "mon 06:00", 2, false);
    let r = kari(&s, &shifts);
    assert_eq!(r.staff[0].weekends_worked, 2);
    expect_only(&s, &r, Rule::WeekendFrequency);
    let mut s = sandbox(2, false);
    weekend(&mut s, "fri 18:00", "mon 06:00", 2, false);
    let r = kari(&s, &shifts);
    assert_eq!(r.staff[0].weekends_worked, 1);
    expect_legal(&s, &r);
}

#[test]
fn rejects_an_incomplete_weekend() {
    let mut s = sandbox(2, true);
    weekend(&mut s, "sat 00:00", "mon 00:00", 1, true);
    let v = expect_one(
        &s,
        &kari(&s, &[(5, "D")]),
        Rule::WeekendComplete,
        Some("kari"),
        Some("2027-01-09"),
    );
    has(&v, "no shift on Sunday 2027-01-10");
    expect_legal(&s, &kari(&s, &[(5, "D"), (6, "D")]));
}

#[test]
fn rejects_a_friday_night_alone_as_incomplete() {
    let mut s = sandbox(2, true);
    weekend(&mut s, "sat 00:00", "mon 00:00", 1, true);
    let v = expect_one(
        &s,
        &kari(&s, &[(4, "N")]),
        Rule::WeekendComplete,
        Some("kari"),
        Some("2027-01-09"),
    );
    has(&v, "no shift on Sunday");
}

#[test]
fn can_complete_a_weekend_with_one_saturday_night() {
    let mut s = sandbox(2, true);
    weekend(&mut s, "sat 00:00", "mon 00:00", 1, true);
    expect_legal(&s, &kari(&s, &[(5, "N")]));
}

#[test]
fn rejects_incomplete_weekends_by_calendar_days_whatever_the_window() {
    // Window Friday 18:00 to Monday 06:00: a Friday A (to 23:00) works the weekend but covers
    // neither Saturday nor Sunday.
    let mut s = sandbox(2, true);
    weekend(&mut s, "fri 18:00", "mon 06:00", 1, true);
    let v = expect_one(
        &s,
        &kari(&s, &[(4, "A")]),
        Rule::WeekendComplete,
        Some("kari"),
        Some("2027-01-09"),
    );
    has(&v, "no shift on Saturday 2027-01-09 or Sunday 2027-01-10");
}

// ---------------------------------------------------------------------------------------------
// Sundays and holidays (rules 19a–19c, AML §10-10)

fn sun(week: u64) -> u64 {
    week * 7 + 6
}

fn sunday_work(s: &mut Scenario, max_one_in: Option<i64>, share: Option<f64>, hol: Option<i64>) {
    s.rules.sunday_work = Some(SundayWork {
        max_one_in,
        max_share: share,
        holidays_max_one_in: hol,
    });
}

#[test]
fn rejects_two_sundays_in_a_row_under_the_act() {
    let mut s = sandbox(4, false);
    sunday_work(&mut s, Some(2), None, None);
    let v = expect_one(
        &s,
        &kari(&s, &[(sun(0), "D"), (sun(1), "D")]),
        Rule::SundayFrequency,
        Some("kari"),
        Some("2027-01-10"),
    );
    has(
        &v,
        "Sunday 2027-01-10 and Sunday 2027-01-17, 1 Sunday(s) and holiday(s) apart",
    );
    expect_legal(&s, &kari(&s, &[(sun(0), "D"), (sun(2), "D")]));
    // Off: the same roster is legal.
    s.rules.sunday_work = None;
    expect_legal(&s, &kari(&s, &[(sun(0), "D"), (sun(1), "D")]));
}

#[test]
fn can_count_sunday_work_from_saturday_18_to_sunday_22() {
    let mut s = sandbox(4, false);
    sunday_work(&mut s, Some(2), None, None);
    // A 15:30–23:00 on Saturday reaches into the window from 18:00: Sunday work.
    expect_one(
        &s,
        &kari(&s, &[(sun(0) - 1, "A"), (sun(1), "D")]),
        Rule::SundayFrequency,
        Some("kari"),
        Some("2027-01-10"),
    );
    // D 08:00–15:30 on Saturday ends before 18:00, and N 22:15 on Sunday starts after 22:00.
    expect_legal(&s, &kari(&s, &[(sun(0) - 1, "D"), (sun(1), "D")]));
    expect_legal(&s, &kari(&s, &[(sun(0), "N"), (sun(1), "D")]));
    // F 16:00–00:00 on Sunday works until 22:00 inside the window.
    expect_one(
        &s,
        &kari(&s, &[(sun(0), "F"), (sun(1), "D")]),
        Rule::SundayFrequency,
        Some("kari"),
        Some("2027-01-10"),
    );
}

#[test]
fn can_leave_shifts_ending_at_18_or_starting_at_22_outside_sunday() {
    let mut s = sandbox(4, false);
    sunday_work(&mut s, Some(2), None, None);
    for (id, start, end) in [("X", "10:00", "18:00"), ("Y", "22:00", "06:00")] {
        s.shifts.push(
            serde_json::from_str(&format!(
                r#"{{"id":"{id}","start":"{start}","end":"{end}"}}"#
            ))
            .expect("shift"),
        );
        s.demand.push(demand_json(&format!(
            r#"{{"shift":"{id}","days":["mon","tue","wed","thu","fri","sat","sun"],"min":0,"max":9}}"#
        )));
    }
    // Saturday 10:00–18:00 ends as the window opens; Sunday 22:00–06:00 starts as it closes.
    expect_legal(&s, &kari(&s, &[(sun(0) - 1, "X"), (sun(1), "D")]));
    expect_legal(&s, &kari(&s, &[(sun(0), "Y"), (sun(1), "D")]));
    // One minute more on either side is Sunday work.
    s.shifts[6].end = "18:01".into();
    expect_one(
        &s,
        &kari(&s, &[(sun(0) - 1, "X"), (sun(1), "D")]),
        Rule::SundayFrequency,
        Some("kari"),
        Some("2027-01-10"),
    );
}

#[test]
fn rejects_a_sunday_that_comes_back_too_soon_in_the_cycle() {
    let mut s = sandbox(1, true);
    sunday_work(&mut s, Some(2), None, None);
    let v = expect_one(
        &s,
        &kari(&s, &[(sun(0), "D")]),
        Rule::SundayFrequency,
        Some("kari"),
        Some("2027-01-10"),
    );
    has(&v, "comes back after 1 Sundays and holidays in the cycle");
    // Across the wrap of a 3-week cycle: the last Sunday and the first are neighbours.
    let mut s = sandbox(3, true);
    sunday_work(&mut s, Some(2), None, None);
    let v = expect_one(
        &s,
        &kari(&s, &[(sun(0), "D"), (sun(2), "D")]),
        Rule::SundayFrequency,
        Some("kari"),
        Some("2027-01-24"),
    );
    has(
        &v,
        "Sunday 2027-01-24 and Sunday 2027-01-10 in the next cycle",
    );
}

#[test]
fn rejects_more_sundays_than_the_agreed_share() {
    let mut s = sandbox(4, false);
    sunday_work(&mut s, None, Some(0.5), None);
    // Two of four Sundays in a row are within the share (the frequency rule is off).
    expect_legal(&s, &kari(&s, &[(sun(0), "D"), (sun(1), "D")]));
    let v = expect_one(
        &s,
        &kari(&s, &[(sun(0), "D"), (sun(1), "D"), (sun(3), "D")]),
        Rule::SundayShare,
        Some("kari"),
        None,
    );
    has(
        &v,
        "works 3 of the horizon's 4 Sundays and holidays; at most 2",
    );
}

#[test]
fn rejects_two_holidays_in_a_row_and_counts_them_as_sundays() {
    // Two weekday holidays in the first week: Wednesday 6 and Friday 8 January.
    let mut s = sandbox(2, false);
    s.horizon.holidays = Some(Holidays::Dates(vec![
        "2027-01-06".into(),
        "2027-01-08".into(),
    ]));
    sunday_work(&mut s, None, None, Some(2));
    let v = expect_one(
        &s,
        &kari(&s, &[(2, "D"), (4, "D"), (sun(0), "D")]),
        Rule::HolidayFrequency,
        Some("kari"),
        Some("2027-01-06"),
    );
    has(
        &v,
        "the holidays 2027-01-06 and 2027-01-08, 1 holiday(s) apart",
    );
    // The Sunday between is no holiday. A on Thursday (15:30–23:00) reaches past 18:00 into
    // the Friday holiday's window.
    expect_legal(&s, &kari(&s, &[(2, "D"), (sun(0), "D")]));
    expect_one(
        &s,
        &kari(&s, &[(2, "D"), (3, "A")]),
        Rule::HolidayFrequency,
        Some("kari"),
        Some("2027-01-06"),
    );
    // Under the Sunday rule the holidays are in the sequence too: Friday 8 and Sunday 10.
    sunday_work(&mut s, Some(2), None, None);
    let v = expect_one(
        &s,
        &kari(&s, &[(4, "D"), (sun(0), "D")]),
        Rule::SundayFrequency,
        Some("kari"),
        Some("2027-01-08"),
    );
    has(&v, "holiday 2027-01-08 and Sunday 2027-01-10");
}

// ---------------------------------------------------------------------------------------------
// Roster format (rules 11, 24)

#[test]
fn rejects_assignments_of_unknown_people_and_shifts() {
    let (s, mut r) = ward();
    add(&mut r, "nobody", "2027-01-11", "D");
    let v = expect_one(
        &s,
        &r,
        Rule::RosterFormat,
        Some("nobody"),
        Some("2027-01-11"),
    );
    has(&v, "no such person");
    let (s, mut r) = ward();
    add(&mut r, "kari", "2027-01-11", "Z");
    let v = expect_one(&s, &r, Rule::RosterFormat, Some("kari"), Some("2027-01-11"));
    has(&v, "shift \"Z\"");
}

#[test]
fn rejects_bad_and_outside_dates() {
    for date in [
        "2027-13-01",
        "2027-1-4",
        "",
        "04.01.2027",
        "2027-01-25",
        "2027-01-03",
        "02027-1-04",
    ] {
        let (s, mut r) = ward();
        add(&mut r, "kari", date, "D");
        let v = expect_one(&s, &r, Rule::RosterFormat, Some("kari"), None);
        has(&v, &format!("date {date:?}"));
    }
}

#[test]
fn rejects_duplicates() {
    let (s, mut r) = ward();
    add(&mut r, "kari", "2027-01-06", "D");
    let v = expect_one(&s, &r, Rule::RosterFormat, Some("kari"), Some("2027-01-06"));
    has(&v, "listed more than once");
    let (s, mut r) = ward();
    let again = r.staff[0].clone();
    r.staff.push(again);
    let v = expect_one(&s, &r, Rule::RosterFormat, Some("kari"), None);
    has(&v, "listed more than once");
}

#[test]
fn rejects_scenario_staff_missing_from_the_roster() {
    let (mut s, r) = ward();
    s.staff.push(Staff {
        id: "nils".into(),
        skills: vec![],
        contract_pct: 10.0,
        ..Staff::default()
    });
    let v = expect_one(&s, &r, Rule::RosterFormat, Some("nils"), None);
    has(&v, "missing from the roster's staff");
}

#[test]
fn rejects_wrong_origins() {
    let (s, mut r) = ward();
    r.staff[0].origin = Origin::Open;
    let v = expect_one(&s, &r, Rule::RosterFormat, Some("kari"), None);
    has(&v, "existing staff but is listed with origin \"open\"");
    let (s, mut r) = ward();
    r.staff.push(RosterStaff {
        id: "guest".into(),
        origin: Origin::Existing,
        template: None,
        hours: 0.0,
        position_pct: 0.0,
        contract_pct: Some(50.0),
        weekends_worked: 0,
    });
    refresh_claims(&s, &mut r);
    let v = expect_one(&s, &r, Rule::RosterFormat, Some("guest"), None);
    has(&v, "the scenario has no such staff member");
}

#[test]
fn rejects_an_infeasible_roster_with_assignments() {
    let (s, mut r) = ward();
    r.status = Status::Infeasible;
    let v = expect_only(&s, &r, Rule::RosterFormat);
    assert_eq!(v.len(), 2, "{}", show(&v, &r));
    assert!(v.iter().any(|x| x.message.contains("38")));
    assert!(v.iter().any(|x| x.message.contains("no explanation")));
    r.assignments.clear();
    r.explanation = vec!["Nobody can work weekend 2 without breaking the rest rule.".into()];
    expect_legal(&s, &r);
}

// ---------------------------------------------------------------------------------------------
// Claims (rules 22, 25)

#[test]
fn rejects_wrong_person_claims() {
    let (s, mut r) = ward();
    r.staff[0].hours = 97.54;
    r.staff[0].position_pct = 91.59;
    expect_legal(&s, &r);
    r.staff[0].hours = 97.6;
    let v = expect_one(&s, &r, Rule::Claim, Some("kari"), None);
    has(&v, "kari claims 97.6 h, the assignments give 97.5 h");
    let (s, mut r) = ward();
    r.staff[1].position_pct = 100.0;
    let v = expect_one(&s, &r, Rule::Claim, Some("ola"), None);
    has(
        &v,
        "claims a 100 % position, the assignments give 100.4695 %",
    );
    let (s, mut r) = ward();
    r.staff[2].weekends_worked = 2;
    let v = expect_one(&s, &r, Rule::Claim, Some("hfa-1"), None);
    has(&v, "claims 2 weekends worked, the assignments give 1");
    let (s, mut r) = ward();
    r.staff[2].hours = f64::NAN;
    expect_one(&s, &r, Rule::Claim, Some("hfa-1"), None);
}

#[test]
fn rejects_a_wrong_contract_claim() {
    let (s, mut r) = ward();
    r.staff[1].contract_pct = Some(75.0);
    let v = expect_one(&s, &r, Rule::Claim, Some("ola"), None);
    has(&v, "claims contract 75 %, the scenario says 80 %");
    r.staff[1].contract_pct = None;
    expect_one(&s, &r, Rule::Claim, Some("ola"), None);
}

#[test]
fn rejects_wrong_roster_claims() {
    let (s, mut r) = ward();
    r.headcount = 4;
    let v = expect_one(&s, &r, Rule::Claim, None, None);
    has(&v, "headcount 4, its staff list has 3");
    let (s, mut r) = ward();
    r.average_position_pct = 91.2;
    let v = expect_one(&s, &r, Rule::Claim, None, None);
    has(
        &v,
        "average position of 91.2 %, the assignments give 91.0798 %",
    );
    let (s, mut r) = ward();
    r.scenario = "another ward".into();
    let v = expect_one(&s, &r, Rule::Claim, None, None);
    has(&v, "\"another ward\"");
}

#[test]
fn rejects_bounds_that_contradict_the_status() {
    let (s, mut r) = ward();
    r.status = Status::Optimal;
    r.average_position_upper_bound_pct = 91.08;
    expect_legal(&s, &r);
    r.headcount_lower_bound = 2;
    expect_one(&s, &r, Rule::Claim, None, None);
    r.headcount_lower_bound = 3;
    r.average_position_upper_bound_pct = 95.0;
    expect_one(&s, &r, Rule::Claim, None, None);
    let (s, mut r) = ward();
    r.headcount_lower_bound = 4;
    let v = expect_one(&s, &r, Rule::Claim, None, None);
    has(&v, "above the headcount 3");
    let (s, mut r) = ward();
    r.headcount_lower_bound = 1;
    r.average_position_upper_bound_pct = 91.04;
    expect_legal(&s, &r);
    r.average_position_upper_bound_pct = 90.0;
    let v = expect_one(&s, &r, Rule::Claim, None, None);
    has(&v, "below the average 91.0798 %");
}

// ---------------------------------------------------------------------------------------------
// Never panics

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("kari".to_string()),
        Just("ola".to_string()),
        Just("hfa-1".to_string()),
        Just("hfa-0".to_string()),
        Just("D".to_string()),
        Just("N".to_string()),
        Just("2027-01-24".to_string()),
        Just("2027-01-04".to_string()),
        Just("9999-12-31".to_string()),
        Just("-262144-01-01".to_string()),
        (0u64..30).prop_map(day),
        "[0-9a-zA-Z:.\\- ]{0,12}",
        any::<String>(),
    ]
}

fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(0.0),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(-1.0),
        any::<f64>(),
        0.0..200.0
    ]
}

proptest! {
    #![proptest_config(common::proptest_config(300))]

    #[test]
    fn can_survive_garbage_rosters(
        assignments in prop::collection::vec((text(), text(), text()), 0..40),
        people in prop::collection::vec((text(), any::<bool>(), prop::option::of(text()), number(), number(), any::<u32>()), 0..6),
        status in 0u8..3,
        headcount in any::<u32>(),
        bound in any::<u32>(),
        avg in number(),
        ub in number(),
        cyclic in any::<bool>(),
    ) {
        let (mut s, base) = ward();
        s.horizon.cyclic = cyclic;
        let mut r = base.clone();
        for (id, open, template, hours, pct, weekends) in people {
            r.staff.push(RosterStaff {
                id,
                origin: if open { Origin::Open } else { Origin::Existing },
                template,
                hours,
                position_pct: pct,
                contract_pct: None,
                weekends_worked: weekends,
            });
        }
        for (staff, date, shift) in assignments {
            r.assignments.push(Assignment { staff, date, shift });
        }
        r.status = [Status::Optimal, Status::Feasible, Status::Infeasible][status as usize];
        r.headcount = headcount;
        r.headcount_lower_bound = bound;
        r.average_position_pct = avg;
        r.average_position_upper_bound_pct = ub;
        let v = check(&s, &r);
        prop_assert_eq!(&v, &check(&s, &r));
        let _ = format_violations(&v);
        let _ = evaluate_roster(&s, &r);
    }
}

#[test]
fn can_survive_an_unreadable_scenario() {
    let (mut s, r) = ward();
    s.horizon.start = "not a date".into();
    let v = expect_one(&s, &r, Rule::RosterFormat, None, None);
    has(&v, "cannot be checked");
    let (mut s, r) = ward();
    s.horizon.weeks = 0;
    expect_one(&s, &r, Rule::RosterFormat, None, None);
    let (mut s, r) = ward();
    s.shifts[0].end = "25:00".into();
    expect_one(&s, &r, Rule::RosterFormat, None, None);
    let (mut s, r) = ward();
    s.horizon.start = "+262142-12-31".into();
    let _ = check(&s, &r);
    let (mut s, r) = ward();
    s.full_time_hours_per_week = 0.0;
    let _ = check(&s, &r);
    let _ = evaluate_roster(&s, &r);
}
