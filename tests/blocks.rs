//! Per-person limits and working blocks (issue 10, for real units and the Curtois–Qu rules):
//! `shifts[].not_followed_by` (`succession`), `min_consecutive_days` and
//! `min_consecutive_days_off` (rule or per person), a person's own `max_consecutive_days`,
//! `max_shifts`, `max_weekends` and `min_hours`/`max_hours`. Each solver test shows the rule
//! binds: the optimum without it breaks it (the checker says so), and with it the optimum
//! changes or the unit becomes infeasible with the rule named.

mod common;

use common::{assert_legal, solve_checked};
use heltid::check::check;
use heltid::rule::Rule;
use heltid::scenario::ShiftLimit;
use heltid::{Roster, Scenario, Status};
use serde_json::json;

/// One week from Monday 2027-01-04 (cyclic or not) with a day shift `D` (08:00–15:30) and an
/// evening shift `A` (15:00–22:00), each paid 5 h (so one 35.5 h position may work every date),
/// one person on each `(shift, day)` listed, up to four new positions of any size, weekends
/// free (no frequency, not complete), no weekly rest and no limit on consecutive days.
fn unit(cyclic: bool, demand: &[(&str, &[&str])]) -> Scenario {
    let demand: Vec<_> = demand
        .iter()
        .map(|(s, days)| json!({"shift": s, "days": days, "min": 1}))
        .collect();
    serde_json::from_value(json!({
        "horizon": {"start": "2027-01-04", "weeks": 1, "cyclic": cyclic},
        "full_time_hours_per_week": 35.5,
        "shifts": [
            {"id": "D", "start": "08:00", "end": "15:30", "hours": 5},
            {"id": "A", "start": "15:00", "end": "22:00", "hours": 5}
        ],
        "demand": demand,
        "open_positions": [{"id": "p", "max_count": 4}],
        "rules": {
            "min_rest_hours": 11,
            "weekly_rest_hours": null,
            "weekend": {"max_one_in": 1, "complete": false}
        }
    }))
    .unwrap()
}

/// Rules the checker reports for `r` under `sc`, once each.
fn broken(sc: &Scenario, r: &Roster) -> Vec<Rule> {
    let mut v: Vec<Rule> = check(sc, r).iter().map(|v| v.rule).collect();
    v.dedup();
    v
}

/// The explanation of an infeasible roster, as one text.
fn explained(r: &Roster) -> String {
    assert_eq!(r.status, Status::Infeasible);
    r.explanation.join("\n")
}

const WEEK: &[&str] = &["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

#[test]
fn can_keep_a_shift_from_following_another() {
    // Monday's day and Tuesday's evening: one person works both (23.5 h apart) unless the
    // day shift may not be followed by an evening.
    let mut sc = unit(false, &[("D", &["mon"]), ("A", &["tue"])]);
    let free = solve_checked(&sc, 30.0);
    assert_eq!((free.status, free.headcount), (Status::Optimal, 1));
    sc.shifts[0].not_followed_by = vec!["A".into()];
    assert_eq!(broken(&sc, &free), vec![Rule::Succession]);
    let r = solve_checked(&sc, 30.0);
    assert_eq!((r.status, r.headcount), (Status::Optimal, 2));
}

#[test]
fn can_see_a_succession_across_the_wrap_only_when_cyclic() {
    // Sunday's day shift, then Monday's evening: the next date after Sunday is the next
    // cycle's Monday.
    let mut sc = unit(true, &[("D", &["sun"]), ("A", &["mon"])]);
    sc.shifts[0].not_followed_by = vec!["A".into()];
    let r = solve_checked(&sc, 30.0);
    assert_eq!((r.status, r.headcount), (Status::Optimal, 2));
    sc.horizon.cyclic = false;
    let r = solve_checked(&sc, 30.0);
    assert_eq!((r.status, r.headcount), (Status::Optimal, 1));
}

#[test]
fn can_keep_free_runs_at_least_two_dates_long() {
    // Every day but Wednesday: one person works all six unless a single free Wednesday
    // is too short; then the Monday–Tuesday block and the Thursday–Sunday one need two people.
    let days: &[&str] = &["mon", "tue", "thu", "fri", "sat", "sun"];
    let mut sc = unit(false, &[("D", days)]);
    let free = solve_checked(&sc, 30.0);
    assert_eq!((free.status, free.headcount), (Status::Optimal, 1));
    sc.rules.min_consecutive_days_off = Some(Some(2));
    assert_eq!(broken(&sc, &free), vec![Rule::MinConsecutiveDaysOff]);
    let r = solve_checked(&sc, 30.0);
    assert_eq!((r.status, r.headcount), (Status::Optimal, 2));
}

#[test]
fn can_exempt_blocks_at_the_edges_of_a_horizon_that_does_not_repeat() {
    // Monday and Sunday: each a one-date block at an edge of the week, so one person may work
    // both under a minimum of three (and five free dates between them are enough).
    let mut sc = unit(false, &[("D", &["mon", "sun"])]);
    sc.rules.min_consecutive_days = Some(Some(3));
    sc.rules.min_consecutive_days_off = Some(Some(5));
    let r = solve_checked(&sc, 30.0);
    assert_eq!((r.status, r.headcount), (Status::Optimal, 1));
    // When the week repeats, Sunday and Monday are one block of two dates.
    sc.horizon.cyclic = true;
    assert_eq!(broken(&sc, &r), vec![Rule::MinConsecutiveDays]);
    let text = explained(&solve_checked(&sc, 30.0));
    assert!(text.contains("min-consecutive-days"), "{text}");
}

#[test]
fn can_explain_a_block_that_cannot_be_long_enough() {
    // Only Wednesday has work: a one-date block in the middle of the week.
    let mut sc = unit(false, &[("D", &["wed"])]);
    let free = solve_checked(&sc, 30.0);
    sc.rules.min_consecutive_days = Some(Some(2));
    assert_eq!(broken(&sc, &free), vec![Rule::MinConsecutiveDays]);
    let text = explained(&solve_checked(&sc, 30.0));
    assert!(text.contains("min-consecutive-days"), "{text}");
}

#[test]
fn can_give_a_person_a_longer_minimum_block_than_the_rule() {
    // Kari must work 2 day shifts, on Monday–Tuesday or Thursday–Friday; her own minimum of 3
    // leaves the week (mon tue, thu fri, no more work) without a place for her.
    let mut sc = unit(false, &[("D", &["mon", "tue", "thu", "fri"])]);
    sc.staff = vec![serde_json::from_value(json!({
        "id": "kari", "contract_pct": 100, "min_hours": 10, "max_hours": 10
    }))
    .unwrap()];
    sc.rules.min_consecutive_days = Some(Some(2));
    let r = solve_checked(&sc, 30.0);
    assert_eq!((r.status, r.headcount), (Status::Optimal, 2));
    assert_eq!(r.staff[0].hours, 10.0);
    sc.staff[0].min_consecutive_days = Some(3);
    // Monday–Tuesday touches the start of the horizon, so it is exempt even from her 3.
    let r = solve_checked(&sc, 30.0);
    assert_eq!((r.status, r.headcount), (Status::Optimal, 2));
    let kari: Vec<&str> = r
        .assignments
        .iter()
        .filter(|a| a.staff == "kari")
        .map(|a| a.date.as_str())
        .collect();
    assert_eq!(kari, vec!["2027-01-04", "2027-01-05"]);
    sc.horizon.cyclic = true;
    let text = explained(&solve_checked(&sc, 30.0));
    assert!(text.contains("min-consecutive-days"), "{text}");
}

#[test]
fn can_limit_the_shifts_of_a_type() {
    // Day and evening every day of a repeating week: three people (at most 5 dates in a row,
    // so 5 of the 7). At most two evenings each, four.
    let mut sc = unit(true, &[("D", WEEK), ("A", WEEK)]);
    sc.rules.max_consecutive_days = Some(Some(5));
    let free = solve_checked(&sc, 60.0);
    assert_eq!((free.status, free.headcount), (Status::Optimal, 3));
    sc.open_positions[0].max_shifts = vec![ShiftLimit {
        shift: "A".into(),
        max: 2,
    }];
    assert_eq!(broken(&sc, &free), vec![Rule::MaxShifts]);
    let r = solve_checked(&sc, 60.0);
    assert_eq!((r.status, r.headcount), (Status::Optimal, 4));
}

#[test]
fn can_give_a_person_no_shift_of_a_type() {
    // Kari (30 %, 10.65 h ± 4: two shifts) wishes to work Wednesday evening, and gets it...
    let mut sc = unit(
        false,
        &[("D", &["mon", "tue"]), ("A", &["wed", "thu", "fri"])],
    );
    sc.staff = vec![serde_json::from_value(json!({
        "id": "kari", "contract_pct": 30,
        "requests": [{"date": "2027-01-06", "shift": "A", "want": true}]
    }))
    .unwrap()];
    let free = solve_checked(&sc, 30.0);
    assert!(free
        .assignments
        .iter()
        .any(|a| a.staff == "kari" && a.shift == "A"));
    // ... unless she may work no evenings: then the positions take them all.
    sc.staff[0].max_shifts = vec![ShiftLimit {
        shift: "A".into(),
        max: 0,
    }];
    assert_eq!(broken(&sc, &free), vec![Rule::MaxShifts]);
    let r = solve_checked(&sc, 30.0);
    assert_eq!(r.status, Status::Optimal);
    assert!(r
        .assignments
        .iter()
        .all(|a| a.staff != "kari" || a.shift == "D"));
}

#[test]
fn can_limit_a_persons_weekends() {
    // Two weeks of weekend day shifts; kari works exactly two shifts (10 h). With one weekend
    // at most, both are on the same weekend.
    let mut sc = unit(false, &[("D", &["sat", "sun"])]);
    sc.horizon.weeks = 2;
    sc.staff = vec![serde_json::from_value(json!({
        "id": "kari", "contract_pct": 20, "min_hours": 10, "max_hours": 10, "max_weekends": 1
    }))
    .unwrap()];
    let r = solve_checked(&sc, 30.0);
    assert_eq!(r.status, Status::Optimal);
    let weeks: Vec<&str> = r
        .assignments
        .iter()
        .filter(|a| a.staff == "kari")
        .map(|a| {
            if a.date.as_str() < "2027-01-11" {
                "1"
            } else {
                "2"
            }
        })
        .collect();
    assert_eq!(weeks.len(), 2);
    assert_eq!(weeks[0], weeks[1], "{weeks:?}");
    // Four weekend shifts for her alone: not with one weekend.
    sc.staff[0].min_hours = Some(20.0);
    sc.staff[0].max_hours = Some(20.0);
    let text = explained(&solve_checked(&sc, 30.0));
    assert!(text.contains("max-weekends"), "{text}");
    sc.staff[0].max_weekends = None;
    let r = solve_checked(&sc, 30.0);
    assert_eq!((r.status, r.headcount), (Status::Optimal, 1));
    sc.staff[0].max_weekends = Some(1);
    assert_eq!(broken(&sc, &r), vec![Rule::MaxWeekends]);
}

#[test]
fn can_give_a_person_a_longer_run_than_the_rule() {
    // Six day shifts Monday–Saturday for one person: the rule's 5 in a row forbids it, her
    // own 6 allows it.
    let days: &[&str] = &["mon", "tue", "wed", "thu", "fri", "sat"];
    let mut sc = unit(false, &[("D", days)]);
    sc.open_positions[0].max_count = 0;
    sc.staff = vec![serde_json::from_value(json!({
        "id": "kari", "contract_pct": 100, "min_hours": 30, "max_consecutive_days": 6
    }))
    .unwrap()];
    sc.rules.max_consecutive_days = Some(Some(5));
    let r = solve_checked(&sc, 30.0);
    assert_eq!((r.status, r.headcount), (Status::Optimal, 1));
    sc.staff[0].max_consecutive_days = None;
    assert_eq!(broken(&sc, &r), vec![Rule::MaxConsecutiveDays]);
    let text = explained(&solve_checked(&sc, 30.0));
    assert!(text.contains("max-consecutive-days"), "{text}");
}

#[test]
fn can_hold_a_person_to_their_own_hours() {
    let mut sc = unit(false, &[("D", WEEK)]);
    sc.staff = vec![serde_json::from_value(json!({
        "id": "kari", "contract_pct": 50, "min_hours": 30, "max_hours": 30
    }))
    .unwrap()];
    let r = solve_checked(&sc, 30.0);
    assert_eq!(r.status, Status::Optimal);
    assert_eq!(r.staff[0].hours, 30.0);
    // The checker holds her to her own hours, not to 50 % ± 4 h.
    sc.staff[0].min_hours = Some(37.5);
    sc.staff[0].max_hours = Some(45.0);
    let v = check(&sc, &r);
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0].rule, Rule::Hours);
    assert!(
        v[0].message.contains("allowed 37.5–45 h"),
        "{}",
        v[0].message
    );
}

#[test]
fn rejects_limits_that_cannot_be_read() {
    let mut sc = unit(false, &[("D", WEEK)]);
    sc.shifts[0].not_followed_by = vec!["X".into()];
    sc.rules.min_consecutive_days = Some(Some(0));
    sc.staff = vec![serde_json::from_value(json!({
        "id": "kari", "contract_pct": 50, "min_hours": 20, "max_hours": 10,
        "max_shifts": [{"shift": "D", "max": 1}, {"shift": "D", "max": 2}, {"shift": "Y", "max": -1}],
        "min_consecutive_days_off": 0, "max_weekends": -1
    }))
    .unwrap()];
    let issues = heltid::validate::validate(&sc);
    let codes: Vec<(&str, &str)> = issues.iter().map(|i| (i.code, i.path.as_str())).collect();
    for want in [
        ("unknown-shift", "shifts[id=D].not_followed_by[0]"),
        ("bad-rule-value", "rules.min_consecutive_days"),
        ("min-hours-above-max-hours", "staff[id=kari].min_hours"),
        ("duplicate-id", "staff[id=kari].max_shifts[1].shift"),
        ("unknown-shift", "staff[id=kari].max_shifts[2].shift"),
        ("negative-number", "staff[id=kari].max_shifts[2].max"),
        ("bad-rule-value", "staff[id=kari].min_consecutive_days_off"),
        ("negative-number", "staff[id=kari].max_weekends"),
    ] {
        assert!(codes.contains(&want), "{want:?} not in {codes:?}");
    }
    // A minimum without a maximum above what the contract allows.
    let mut sc = unit(false, &[("D", WEEK)]);
    sc.staff = vec![serde_json::from_value(json!({
        "id": "kari", "contract_pct": 20, "min_hours": 30
    }))
    .unwrap()];
    let issues = heltid::validate::validate(&sc);
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(issues[0].code, "min-hours-above-max-hours");
    // A maximum without a minimum below what the contract asks.
    sc.staff = vec![serde_json::from_value(json!({
        "id": "kari", "contract_pct": 100, "max_hours": 10
    }))
    .unwrap()];
    let issues = heltid::validate::validate(&sc);
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(
        (issues[0].code, issues[0].path.as_str()),
        ("min-hours-above-max-hours", "staff[id=kari].max_hours")
    );
}

#[test]
fn can_round_trip_the_new_fields() {
    let mut sc = unit(true, &[("D", WEEK)]);
    sc.shifts[1].not_followed_by = vec!["D".into()];
    sc.rules.min_consecutive_days = Some(Some(2));
    sc.rules.min_consecutive_days_off = Some(None);
    sc.staff = vec![serde_json::from_value(json!({
        "id": "kari", "contract_pct": 50, "min_hours": 10, "max_hours": 20,
        "max_shifts": [{"shift": "A", "max": 0}], "max_consecutive_days": 4,
        "min_consecutive_days": 2, "min_consecutive_days_off": 2, "max_weekends": 1
    }))
    .unwrap()];
    assert!(heltid::validate::validate(&sc).is_empty());
    let text = serde_json::to_string(&sc).unwrap();
    let parsed = heltid::parse_scenario(&text).unwrap();
    assert_eq!(parsed, sc);
    let r = solve_checked(&sc, 30.0);
    assert_legal(&sc, &r);
}
