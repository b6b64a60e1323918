//! The budget mode (`budget_fte`): the exact ratio objective.

use heltid::{check, validate, SolveOptions, Status};

/// One week, cyclic, one 7.5 h day shift. The weekend needs exactly one person per day,
/// weekdays may take up to two (optional demand). Two existing 50 % staff can each work exactly
/// two shifts (17.75 h ± 4 h); created positions hold at most four (30 h of a 35.5 h week).
fn scenario(budget: Option<f64>) -> heltid::Scenario {
    let budget = budget.map_or(String::new(), |b| format!(r#", "budget_fte": {b}"#));
    validate::parse_scenario(&format!(
        r#"{{
          "name": "budget",
          "horizon": {{ "start": "2027-01-04", "weeks": 1, "cyclic": true }},
          "full_time_hours_per_week": 35.5,
          "shifts": [ {{ "id": "D", "start": "08:00", "end": "15:30" }} ],
          "demand": [
            {{ "shift": "D", "days": ["sat", "sun"], "min": 1 }},
            {{ "shift": "D", "days": ["mon", "tue", "wed", "thu", "fri"], "min": 0, "max": 2 }}
          ],
          "staff": [ {{ "id": "kari", "contract_pct": 50 }}, {{ "id": "ola", "contract_pct": 50 }} ],
          "open_positions": [ {{ "id": "hfa", "max_count": 5 }} ],
          "rules": {{ "weekend": {{ "max_one_in": 1, "complete": false }} }}
          {budget}
        }}"#
    ))
    .expect("budget scenario is valid")
}

fn solve(budget: Option<f64>) -> heltid::Roster {
    let sc = scenario(budget);
    let opts = SolveOptions {
        tie_breaks: false,
        ..SolveOptions::default()
    };
    let r = heltid::solve(&sc, &opts).expect("solves");
    let v = check::check(&sc, &r);
    assert!(
        v.is_empty(),
        "{}\n{}",
        check::format_violations(&v),
        serde_json::to_string_pretty(&r).unwrap_or_default()
    );
    r
}

#[test]
fn can_keep_the_default_objective_without_a_budget() {
    // Fewest people first: the two staff cover the weekend and two weekdays alone.
    let r = solve(None);
    assert_eq!(r.status, Status::Optimal);
    assert_eq!(r.headcount, 2);
    assert!((r.kpis.total_hours - 30.0).abs() < 1e-9);
}

#[test]
fn can_maximise_the_true_ratio_within_a_budget() {
    // T(2) = 30 h (15 h each), T(3) = 60 h (20 h each), T(4) = 90 h (22.5 h each: all demand),
    // T(5) = 90 h (18 h each). A budget of 3 FTE (106.5 h) allows 90 h: four people.
    let r = solve(Some(3.0));
    assert_eq!(r.status, Status::Optimal);
    assert_eq!(r.headcount, 4);
    assert!((r.kpis.total_hours - 90.0).abs() < 1e-9);
    assert_eq!(r.headcount_lower_bound, 4);
    assert!((r.average_position_pct - 22.5 / 35.5 * 100.0).abs() < 0.01);
    assert!((r.average_position_upper_bound_pct - r.average_position_pct).abs() < 0.05);
}

#[test]
fn can_stop_at_the_budget() {
    // 2 FTE = 71 h: four people could plan only 67.5 h (16.9 h each) and three plan 60 h
    // (20 h each), so three people are best.
    let r = solve(Some(2.0));
    assert_eq!(r.status, Status::Optimal);
    assert_eq!(r.headcount, 3);
    assert!((r.kpis.total_hours - 60.0).abs() < 1e-9);
}

#[test]
fn rejects_a_budget_below_the_demand() {
    // The weekend alone needs 15 h; 0.4 FTE is 14.2 h.
    let sc = scenario(Some(0.4));
    let r = heltid::solve(&sc, &SolveOptions::default()).expect("solves");
    assert_eq!(r.status, Status::Infeasible);
    assert!(
        r.explanation.iter().any(|l| l.contains("rule budget")),
        "{:?}",
        r.explanation
    );
}

#[test]
fn rejects_a_roster_over_the_budget() {
    let r = solve(Some(3.0));
    // The same roster judged against a smaller budget.
    let mut sc = scenario(Some(2.0));
    sc.name = Some("budget".into());
    let v = check::check(&sc, &r);
    assert!(
        v.iter().any(|x| x.rule == heltid::rule::Rule::Budget),
        "{}",
        check::format_violations(&v)
    );
}
