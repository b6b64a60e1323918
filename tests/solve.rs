//! Every reference scenario (but the 52-week one, which is a benchmark) solved and checked.

mod common;

use common::{scenario, solve_checked};
use heltid::bounds;
use heltid::model::Model;
use heltid::Status;

/// Solves a reference scenario, checks the roster, and when the solver proves optimality
/// compares the headcount with the optimum measured for that scenario (see README).
fn reference(name: &str, optimum: u32) {
    let sc = scenario(name);
    let r = solve_checked(&sc, 60.0);
    let b = bounds::bounds(&Model::new(&sc).unwrap());
    let lb = b.headcount().unwrap();
    assert!(
        r.headcount >= lb,
        "{name}: headcount {} below the analytic bound {lb}",
        r.headcount
    );
    assert!(
        r.headcount_lower_bound >= lb,
        "{name}: reported bound weaker than the analytic one"
    );
    assert_eq!(r.scenario, sc.name.clone().unwrap_or_default());
    if r.status == Status::Optimal {
        assert_eq!(r.headcount, optimum, "{name}: optimal headcount");
        assert_eq!(r.headcount_lower_bound, r.headcount);
        assert!((r.average_position_upper_bound_pct - r.average_position_pct).abs() <= 0.05);
    } else {
        assert_eq!(r.status, Status::Feasible, "{name}: has a roster");
        assert!(r.headcount_lower_bound <= optimum && optimum <= r.headcount);
    }
    // The roster survives a JSON round trip unchanged.
    let text = serde_json::to_string(&r).unwrap();
    let back: heltid::Roster = serde_json::from_str(&text).unwrap();
    assert_eq!(back, r);
}

#[test]
fn can_solve_tiny() {
    reference("tiny.json", 4);
}

#[test]
fn can_solve_ward_6w() {
    reference("ward-6w.json", 30);
}

#[test]
fn can_solve_ward_6w_every2() {
    reference("ward-6w-every2.json", 20);
}

#[test]
fn can_solve_ward_6w_long_weekend() {
    reference("ward-6w-long-weekend.json", 24);
}

#[test]
fn can_solve_group_home_6w() {
    reference("group-home-6w.json", 21);
}

#[test]
fn can_solve_home_care_12w() {
    reference("home-care-12w.json", 27);
}

#[test]
fn can_prove_tiny_optimal_with_its_average() {
    let sc = scenario("tiny.json");
    let r = solve_checked(&sc, 60.0);
    assert_eq!(r.status, Status::Optimal);
    // 7 D (7.5 h) + 7 A (7 h) = 101.5 h over 4 positions of 35.5 h.
    assert!((r.average_position_pct - 101.5 / (4.0 * 35.5) * 100.0).abs() < 0.01);
    assert_eq!(r.assignments.len(), 14);
}

#[test]
fn can_write_the_csv_grid() {
    let sc = scenario("tiny.json");
    let r = solve_checked(&sc, 60.0);
    let csv = heltid::roster::to_csv(&sc, &r).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "staff,contract_pct,skills,2027-01-04,2027-01-05,2027-01-06,2027-01-07,2027-01-08,2027-01-09,2027-01-10"
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), r.staff.len());
    let cells: usize = rows
        .iter()
        .map(|l| l.split(',').skip(3).filter(|c| !c.is_empty()).count())
        .sum();
    assert_eq!(cells, r.assignments.len());
}

#[test]
fn can_round_trip_float_claims_exactly() {
    // serde_json's default float parser may be one ulp off; rosters must read back exactly.
    let kpis = heltid::roster::Kpis {
        average_position_pct: 94.71830985915491,
        ..Default::default()
    };
    let back: heltid::roster::Kpis =
        serde_json::from_str(&serde_json::to_string(&kpis).unwrap()).unwrap();
    assert_eq!(back, kpis);
}
