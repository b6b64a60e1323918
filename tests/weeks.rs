//! Own full-time weeks (issue 9.1): `staff[]` and `open_positions[]` with a
//! `full_time_hours_per_week` of their own, through the solver, the checker and the key figures.

mod common;

use common::{assert_legal, scenario, solve_checked};
use heltid::check::check;
use heltid::kpi::evaluate_roster;
use heltid::rule::Rule;
use heltid::{Roster, Scenario, Status};

/// `tiny` (D 7.5 h + A 7 h every day) as a 2-week cycle with its positions on `week` hours.
fn tiny_on(week: Option<f64>) -> Scenario {
    let mut sc = scenario("tiny.json");
    sc.horizon.weeks = 2;
    sc.open_positions[0].full_time_hours_per_week = week;
    sc
}

#[test]
fn can_size_positions_by_their_own_week() {
    // 101.5 h a week: three positions of 35.5 h can hold it, of 33.6 h they cannot.
    let plain = solve_checked(&tiny_on(None), 30.0);
    let sc = tiny_on(Some(33.6));
    let r = solve_checked(&sc, 30.0);
    assert_legal(&sc, &r);
    assert_eq!((plain.headcount, r.headcount), (3, 4));
    assert_eq!(r.status, Status::Optimal);
    let e = evaluate_roster(&sc, &r);
    for (p, claimed) in e.people.iter().zip(&r.staff) {
        assert_eq!(p.full_time_week_hours, 33.6);
        assert!(p.hours <= 2.0 * 33.6 + 1e-9, "{}: {} h", p.id, p.hours);
        assert!((claimed.position_pct - p.hours / 67.2 * 100.0).abs() < 0.006);
    }
    // The report shows the week beside the position.
    let side = heltid::compare::side("new", &sc, r.clone()).unwrap();
    let html = heltid::report::roster_html(&side);
    assert_eq!(html.matches("100 % = 33.6 h a week").count(), 4);
    // The plain roster read under the shorter week: its claims and sizes are wrong now.
    let v = check(&sc, &plain);
    assert!(v.iter().any(|v| v.rule == Rule::Claim), "{v:?}");
    assert!(v.iter().any(|v| v.rule == Rule::PositionSize), "{v:?}");
}

/// Two staff members wishing more than their 50 %, one on a 33.6 h week, one on 35.5 h, and
/// exact demand they can share any way within their bands.
fn two_weeks() -> Scenario {
    let mut sc = scenario("tiny.json");
    sc.horizon.weeks = 1;
    sc.open_positions.clear();
    sc.staff = serde_json::from_str(
        r#"[{"id": "natt", "contract_pct": 50, "wish_pct": 100, "full_time_hours_per_week": 33.6},
            {"id": "dag", "contract_pct": 50, "wish_pct": 100},
            {"id": "tre", "contract_pct": 50, "wish_pct": 100}]"#,
    )
    .unwrap();
    sc
}

#[test]
fn can_give_hours_to_the_shorter_week_for_the_larger_average() {
    let sc = two_weeks();
    let r = solve_checked(&sc, 30.0);
    assert_legal(&sc, &r);
    assert_eq!(r.status, Status::Optimal);
    // The proven average is the achieved one.
    assert!((r.average_position_upper_bound_pct - r.average_position_pct).abs() < 0.05);
    let e = evaluate_roster(&sc, &r);
    let hours = |id: &str| e.people.iter().find(|p| p.id == id).unwrap().hours;
    // Every hour moved to natt's shorter week adds more to the average: natt gets as many as
    // the band allows (33.6 h + 4 h tolerance, in whole shifts), the others share the rest.
    assert!(hours("natt") >= hours("dag").max(hours("tre")), "{e:?}");
    assert!(hours("natt") > 33.6 - 4.0, "{e:?}");
    let mean: f64 = e.people.iter().map(|p| p.position_pct).sum::<f64>() / 3.0;
    assert!((e.kpis.average_position_pct - mean).abs() < 1e-9);
    assert!((r.average_position_pct - mean).abs() < 0.006);
}

#[test]
fn rejects_an_own_week_the_contract_cannot_fit_or_a_budget() {
    let mut sc = two_weeks();
    sc.staff[0].full_time_hours_per_week = Some(0.0);
    let codes = |sc: &Scenario| -> Vec<&'static str> {
        heltid::validate::validate(sc)
            .iter()
            .map(|i| i.code)
            .collect()
    };
    assert_eq!(codes(&sc), ["bad-full-time-hours"]);
    sc.staff[0].full_time_hours_per_week = Some(169.0);
    assert_eq!(codes(&sc), ["bad-full-time-hours"]);
    sc.staff[0].full_time_hours_per_week = Some(33.6);
    sc.budget_fte = Some(3.0);
    assert_eq!(codes(&sc), ["budget-with-own-weeks"]);
    // A 100 % contract of a 120 h week cannot fit in one week of 7 shifts.
    sc.budget_fte = None;
    sc.staff[0].full_time_hours_per_week = Some(120.0);
    sc.staff[0].contract_pct = 100.0;
    sc.staff[0].wish_pct = None;
    assert_eq!(codes(&sc), ["contract-cannot-fit"]);
}

#[test]
fn can_read_back_a_roster_on_own_weeks() {
    let sc = tiny_on(Some(33.6));
    let r = solve_checked(&sc, 30.0);
    let back: Roster = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
    assert_eq!(back, r);
    assert!(check(&sc, &back).is_empty());
}

/// Issue 9.1, the three-shift rule: the night-heavy test ward (6-week calendar plan over
/// Easter 2027, four dedicated night nurses) is solved with its headcount proven, and every
/// person's week, recomputed by the key figures from the clock, sizes their position: the
/// roster's claims (which the checker recomputes too) and the contract bands agree with it.
#[test]
fn can_solve_a_night_heavy_ward_on_the_weeks_its_lines_earn() {
    let sc = scenario("night-ward-ks.json");
    let r = solve_checked(&sc, 30.0);
    assert_eq!(r.headcount, r.headcount_lower_bound, "{:?}", r.phases);
    let e = evaluate_roster(&sc, &r);
    let weeks = sc.horizon.weeks as f64;
    let mut shortened = 0;
    for (p, claimed) in e.people.iter().zip(&r.staff) {
        // The week is the one the line earns when it qualifies, else the fixed one.
        let week = p.three_shift_week_hours.unwrap_or(35.5);
        assert!((p.full_time_week_hours - week).abs() < 1e-9, "{}", p.id);
        assert!(
            (33.6 - 1e-9..=35.5 + 1e-9).contains(&week),
            "{}: {week}",
            p.id
        );
        shortened += usize::from(week < 35.5 - 1e-9);
        assert!(
            (claimed.position_pct - p.hours / (week * weeks) * 100.0).abs() < 0.006,
            "{}: claims {} %, {} h of {week} h a week",
            p.id,
            claimed.position_pct,
            p.hours
        );
        if let Some(c) = p.contract_pct {
            let full = c / 100.0 * week * weeks;
            assert!(
                (p.hours - full).abs() <= 4.0 + 1e-9,
                "{}: {} h against {full}",
                p.id,
                p.hours
            );
        }
    }
    // The dedicated night nurses earn shorter weeks (their nights credit 15 minutes an hour).
    assert!(shortened >= 2, "{shortened} shortened weeks");
    let natt: Vec<f64> = e
        .people
        .iter()
        .filter(|p| p.id.starts_with("natt-"))
        .map(|p| p.full_time_week_hours)
        .collect();
    assert!(natt.iter().any(|&w| w < 35.0), "{natt:?}");
    // The average position is the phase's objective, each position against its line's week,
    // under a bound that knows short weeks are bought with the demand's scarce credit (58.58 %
    // if every hour could be on the shortest week).
    let phase = r.phases.iter().find(|p| p.phase == "average position");
    let phase = phase.unwrap_or_else(|| panic!("{:?}", r.phases));
    let objective = phase.objective.expect("a roster");
    assert!(
        (objective - r.average_position_pct).abs() < 0.01,
        "{objective} against {}",
        r.average_position_pct
    );
    assert!(phase.bound.expect("a bound") >= objective - 1e-6);
    // The analytic bound, computed without solving, holds for the roster found.
    let instant = heltid::bounds::instant(&sc).unwrap();
    let analytic = instant.average_position_upper_bound_pct.expect("a bound");
    assert!(analytic >= r.average_position_pct - 0.01, "{analytic} %");
    assert!(r.average_position_upper_bound_pct < 58.5, "{r:?}");
    // Read on the fixed week the same roster's claims are wrong: the checker tells the two
    // readings apart.
    let mut fixed = sc.clone();
    fixed.rules.working_time = None;
    let v = check(&fixed, &r);
    assert!(v.iter().any(|v| v.rule == Rule::Claim), "{v:?}");
}

/// One full-time staff member, one week, tolerance 0, under the three-shift rule: `week` h
/// is the scenario's week, `shifts` and `demand` the rest of the scenario (JSON).
fn one_full_timer(week: f64, shifts: &str, demand: &str) -> Scenario {
    let json = format!(
        r#"{{
  "horizon": {{ "start": "2027-01-04", "weeks": 1, "cyclic": true }},
  "full_time_hours_per_week": {week},
  "shifts": {shifts},
  "demand": {demand},
  "staff": [ {{ "id": "kari", "contract_pct": 100 }} ],
  "open_positions": [],
  "rules": {{
    "min_rest_hours": 11, "weekly_rest_hours": 35, "max_consecutive_days": 6,
    "hours_tolerance": 0,
    "weekend": {{ "max_one_in": 1, "complete": false }},
    "working_time": "ks-three-shift"
  }}
}}"#
    );
    serde_json::from_str(&json).expect("a scenario")
}

/// The bounds under the three-shift rule stay above a full-time position: on a week at the
/// cap with no credit (a line that cannot qualify plans `hi·B`, not `hi·L`, hours), and on a
/// 37.5 h week whose line qualifies with a sliver of credit (its week is the 35.5 h cap, so
/// 35.5 h is 100 %). Both once came out at 94.6 %.
#[test]
fn can_bound_a_full_time_position_under_the_three_shift_rule() {
    let days = r#"["mon", "tue", "wed", "thu", "fri"]"#;
    let no_credit = one_full_timer(
        35.5,
        r#"[{ "id": "D", "start": "08:00", "end": "15:06" }]"#,
        &format!(r#"[{{ "shift": "D", "days": {days}, "min": 1 }}]"#),
    );
    let sliver = one_full_timer(
        37.5,
        r#"[{ "id": "D", "start": "08:00", "end": "15:06" },
            { "id": "E", "start": "15:00", "end": "22:06" }]"#,
        r#"[{ "shift": "D", "days": ["tue", "wed", "thu", "fri"], "min": 1 },
            { "shift": "E", "days": ["sun"], "min": 1 }]"#,
    );
    for (what, sc) in [("no credit", no_credit), ("a sliver of credit", sliver)] {
        let b = heltid::bounds::instant(&sc).unwrap();
        let bound = b
            .average_position_upper_bound_pct
            .unwrap_or_else(|| panic!("{what}: {b:?}"));
        assert!(bound >= 100.0 - 1e-9, "{what}: bound {bound} %");
        let r = solve_checked(&sc, 30.0);
        assert_eq!(r.status, Status::Optimal, "{what}: {:?}", r.phases);
        assert!(
            (r.average_position_pct - 100.0).abs() < 0.01,
            "{what}: {}",
            r.average_position_pct
        );
        assert!(r.average_position_upper_bound_pct >= 100.0 - 0.01);
    }
}
