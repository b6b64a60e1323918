//! Sunday and holiday work (issue 9.3, AML §10-10): `rules.sunday_work` in the solver, the
//! checker and the explanations; each test also shows the rule binds: the roster solved without
//! it breaks it. And the week each line earns under the KS three-shift rule (issue 9.1).

mod common;

use common::{assert_legal, scenario, solve_checked};
use heltid::check::check;
use heltid::kpi::evaluate_roster;
use heltid::rule::Rule;
use heltid::scenario::SundayWork;
use heltid::{Roster, Scenario, Status};

fn with(mut sc: Scenario, rule: SundayWork) -> Scenario {
    sc.rules.sunday_work = Some(rule);
    sc
}

/// `tiny` (D 1 + A 1 every day, weekend frequency off) as a cycle of `weeks` weeks.
fn tiny(weeks: i64) -> Scenario {
    let mut sc = scenario("tiny.json");
    sc.horizon.weeks = weeks;
    sc
}

/// Rules the checker reports for `r` under `sc`.
fn broken(sc: &Scenario, r: &Roster) -> Vec<Rule> {
    let mut v: Vec<Rule> = check(sc, r).iter().map(|v| v.rule).collect();
    v.dedup();
    v
}

#[test]
fn can_keep_the_next_sunday_free() {
    let free = solve_checked(&tiny(2), 30.0);
    let rule = SundayWork {
        max_one_in: Some(2),
        ..SundayWork::default()
    };
    let sc = with(tiny(2), rule);
    assert_eq!(broken(&sc, &free), vec![Rule::SundayFrequency]);
    let r = solve_checked(&sc, 30.0);
    assert_legal(&sc, &r);
    assert_eq!(r.status, Status::Optimal);
    // Each Sunday window (Saturday A from 18:00, Sunday D and A) needs two people who are not
    // the same (10 h between Saturday A and Sunday D): four people work one Sunday each.
    assert_eq!((free.headcount, r.headcount), (3, 4));
    let e = evaluate_roster(&sc, &r);
    assert!(e.people.iter().all(|p| p.sundays_worked <= 1), "{e:?}");
    assert_eq!(e.people.iter().map(|p| p.sundays_worked).sum::<u32>(), 4);
}

#[test]
fn can_keep_sundays_within_the_agreed_share() {
    let free = solve_checked(&tiny(2), 30.0);
    let rule = SundayWork {
        max_share: Some(0.5),
        ..SundayWork::default()
    };
    let sc = with(tiny(2), rule);
    assert_eq!(broken(&sc, &free), vec![Rule::SundayShare]);
    let r = solve_checked(&sc, 30.0);
    assert_eq!((r.status, r.headcount), (Status::Optimal, 4));
}

#[test]
fn can_explain_a_cycle_too_short_for_sunday_work() {
    // A one-week cycle: every worked Sunday comes back the next week.
    let rule = SundayWork {
        max_one_in: Some(2),
        ..SundayWork::default()
    };
    let r = solve_checked(&with(tiny(1), rule), 30.0);
    assert_eq!(r.status, Status::Infeasible);
    let text = r.explanation.join("\n");
    assert!(
        text.contains("Blocking rule: sunday-frequency (sunday_work.max_one_in = 2)"),
        "{text}"
    );
}

#[test]
fn can_keep_every_second_holiday_free_over_easter() {
    let free = solve_checked(&scenario("easter-2w.json"), 60.0);
    let rule = SundayWork {
        holidays_max_one_in: Some(2),
        ..SundayWork::default()
    };
    let sc = with(scenario("easter-2w.json"), rule);
    assert!(broken(&sc, &free).contains(&Rule::HolidayFrequency));
    let r = solve_checked(&sc, 60.0);
    assert_legal(&sc, &r);
    assert_eq!((r.status, r.headcount), (Status::Optimal, free.headcount));
    // Maundy Thursday and Good Friday are neighbours: an evening shift on the Thursday is that
    // day's work, so both are staffed, by different people.
    let on = |date: &str| -> std::collections::BTreeSet<&str> {
        r.assignments
            .iter()
            .filter(|a| a.date == date)
            .map(|a| a.staff.as_str())
            .collect()
    };
    let (thu, fri) = (on("2027-03-25"), on("2027-03-26"));
    assert_eq!((thu.len(), fri.len()), (5, 4));
    assert!(thu.is_disjoint(&fri), "{thu:?} {fri:?}");
}

#[test]
fn can_show_each_line_its_three_shift_week() {
    // The proven optimum of the psychiatric ward (continuous three-shift, every 2nd weekend).
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/data/hard/");
    let sc = heltid::validate::load_scenario(format!("{dir}psych-three-shift.json")).unwrap();
    let text = std::fs::read_to_string(format!("{dir}psych-three-shift.optimum.json")).unwrap();
    let r: Roster = serde_json::from_str(&text).unwrap();
    assert_legal(&sc, &r);
    let e = evaluate_roster(&sc, &r);
    // Six weeks: 93.6 night hours (15.6 a week) alone earn the 33.6 h floor; every line
    // works a Sunday in three, so every line gets a week between the floor and 35.5 h.
    for p in &e.people {
        let week = p.three_shift_week_hours.expect("every line qualifies");
        assert!((33.6..=35.5).contains(&week), "{}: {week}", p.id);
        if p.night_hours >= 93.6 {
            assert!((week - 33.6).abs() < 1e-9, "{}: {week}", p.id);
        }
    }
    // The scenario gives every position the 33.6 h week; by the tariff the lines range from
    // 33.6 h (the night-heavy ones) to 35.5 h.
    let week = |id: &str| {
        e.people
            .iter()
            .find(|p| p.id == id)
            .unwrap()
            .three_shift_week_hours
    };
    assert_eq!(week("marianne"), Some(33.6));
    assert_eq!(week("vibeke"), Some(35.5));
    let weeks: Vec<f64> = e
        .people
        .iter()
        .filter_map(|p| p.three_shift_week_hours)
        .collect();
    let side = heltid::compare::side("optimum", &sc, r).unwrap();
    let html = heltid::report::roster_html(&side);
    assert_eq!(html.matches("KS three-shift week").count(), weeks.len());
    assert!(!weeks.is_empty());
}
