//! Soft demand (issue 10): `under_weight` and `over_weight` on total demand entries make the
//! minimum a target and over-coverage allowed, priced in the quality phase together with the
//! requests, never by creating positions.

mod common;

use common::solve_checked;
use heltid::check::check;
use heltid::rule::Rule;
use heltid::{Roster, Scenario, Status};
use serde_json::json;

/// One week, not repeating, a day shift D paid 5 h; kari on `hours` exactly; D demand `min`
/// every day with the given weights; up to two new positions.
fn unit(hours: f64, min: i64, under: Option<f64>, over: Option<f64>) -> Scenario {
    let mut d = json!({"shift": "D", "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "min": min});
    if let Some(w) = under {
        d["under_weight"] = json!(w);
    }
    if let Some(w) = over {
        d["over_weight"] = json!(w);
    }
    serde_json::from_value(json!({
        "horizon": {"start": "2027-01-04", "weeks": 1, "cyclic": false},
        "full_time_hours_per_week": 35.5,
        "shifts": [{"id": "D", "start": "08:00", "end": "15:30", "hours": 5}],
        "demand": [d],
        "staff": [{"id": "kari", "contract_pct": 50, "min_hours": hours, "max_hours": hours}],
        "open_positions": [{"id": "p", "max_count": 2}],
        "rules": {"weekly_rest_hours": null, "weekend": {"max_one_in": 1, "complete": false}}
    }))
    .unwrap()
}

fn quality(r: &Roster) -> Option<f64> {
    r.phases
        .iter()
        .find(|p| p.phase == "quality")
        .and_then(|p| p.objective)
}

#[test]
fn can_leave_soft_demand_short_at_its_cost() {
    // Kari works 4 of 7 days; the demand of 1 a day is soft: no position is created for the
    // other 3, each costing 100.
    let sc = unit(20.0, 1, Some(100.0), None);
    let r = solve_checked(&sc, 30.0);
    // The hours soft demand takes are priced, not maximised: never `optimal` (rule 15a); the
    // quality phase proves its costs.
    assert_eq!((r.status, r.headcount), (Status::Feasible, 1));
    assert_eq!(quality(&r), Some(300.0));
    assert_eq!(r.kpis.soft_demand_cost, 300.0);
    assert!(r.phases.iter().any(|p| p.phase == "quality" && p.optimal));
    // The same roster under hard demand is 3 days short.
    let hard = unit(20.0, 1, None, None);
    let v: Vec<Rule> = check(&hard, &r).iter().map(|v| v.rule).collect();
    assert_eq!(v, vec![Rule::Coverage; 3]);
}

#[test]
fn can_price_over_coverage() {
    // Demand 0 a day with over-coverage at 1 each: kari's 4 shifts cost 4; without the weight
    // nobody may work at all, so kari's hours cannot fit.
    let sc = unit(20.0, 0, None, Some(1.0));
    let r = solve_checked(&sc, 30.0);
    assert_eq!(r.status, Status::Feasible);
    assert_eq!(quality(&r), Some(4.0));
    let hard = unit(20.0, 0, None, None);
    let codes: Vec<&str> = heltid::validate::validate(&hard)
        .iter()
        .map(|i| i.code)
        .collect();
    assert_eq!(codes, vec!["contract-cannot-fit"]);
}

#[test]
fn can_weigh_requests_against_soft_demand() {
    // Kari works 6 of 7 days and wishes Monday off. Demand 1 a day, short at 100: one day is
    // short whichever she leaves, so the cheapest roster leaves Monday and keeps her wish.
    let mut sc = unit(30.0, 1, Some(100.0), None);
    sc.staff[0].requests =
        vec![
            serde_json::from_value(json!({"date": "2027-01-04", "want": false, "weight": 5}))
                .unwrap(),
        ];
    let r = solve_checked(&sc, 30.0);
    assert_eq!(quality(&r), Some(100.0));
    assert!(!r.assignments.iter().any(|a| a.date == "2027-01-04"));
    assert_eq!(
        (r.kpis.soft_demand_cost, r.kpis.unmet_request_weight),
        (100.0, 0.0)
    );
    // Kari works one shift over a demand of 0 (10 wherever it is); her wish to work Monday
    // (5) decides where: one phase, one sum.
    let mut sc = unit(5.0, 0, None, Some(10.0));
    sc.staff[0].requests = vec![serde_json::from_value(
        json!({"date": "2027-01-04", "shift": "D", "want": true, "weight": 5}),
    )
    .unwrap()];
    let r = solve_checked(&sc, 30.0);
    assert_eq!(quality(&r), Some(10.0));
    assert_eq!(
        (r.kpis.soft_demand_cost, r.kpis.unmet_request_weight),
        (10.0, 0.0)
    );
    // Had she worked Tuesday instead, her wish would count 5.
    let mut moved = r.clone();
    moved.assignments[0].date = "2027-01-05".into();
    let k = heltid::kpi::evaluate_roster(&sc, &moved).kpis;
    assert_eq!((k.soft_demand_cost, k.unmet_request_weight), (10.0, 5.0));
    let kari: Vec<&str> = r.assignments.iter().map(|a| a.date.as_str()).collect();
    assert_eq!(kari, vec!["2027-01-04"]);
}

#[test]
fn can_price_soft_demand_without_tie_breaks() {
    // Sweeps solve without tie-breaks; soft demand is still priced, since its costs are the
    // staffing itself. Kari's four shifts over a demand of 0 at 1 each cost 4, whichever.
    let sc = unit(20.0, 0, None, Some(1.0));
    let opts = heltid::SolveOptions {
        time_limit: 30.0,
        tie_breaks: false,
        ..heltid::SolveOptions::default()
    };
    let r = heltid::solve(&sc, &opts).unwrap();
    common::assert_legal(&sc, &r);
    let phases: Vec<&str> = r.phases.iter().map(|p| p.phase.as_str()).collect();
    assert_eq!(phases, vec!["headcount", "quality"]);
    assert_eq!(quality(&r), Some(4.0));
    // Without soft demand the phase is a tie-break: a request alone does not run it.
    let mut hard = unit(20.0, 1, None, None);
    hard.staff[0].requests =
        vec![
            serde_json::from_value(json!({"date": "2027-01-04", "want": false, "weight": 2}))
                .unwrap(),
        ];
    let r = heltid::solve(&hard, &opts).unwrap();
    assert!(r.phases.iter().all(|p| p.phase != "quality"));
    let with = heltid::solve(
        &hard,
        &heltid::SolveOptions {
            tie_breaks: true,
            ..opts
        },
    )
    .unwrap();
    assert!(with.phases.iter().any(|p| p.phase == "quality"));
}
