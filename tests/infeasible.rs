//! Infeasible scenarios are explained in user words, not reported as errors.

mod common;

use common::{scenario, solve_checked};
use heltid::Status;

#[test]
fn can_explain_too_few_positions_for_the_weekends() {
    let mut sc = scenario("ward-6w.json");
    sc.open_positions[0].max_count = 5;
    sc.open_positions[1].max_count = 10;
    let r = solve_checked(&sc, 30.0);
    assert_eq!(r.status, Status::Infeasible);
    assert!(r.assignments.is_empty());
    let text = r.explanation.join("\n");
    assert!(
        text.contains("weekend 2027-01-09: 10 people needed"),
        "{text}"
    );
    assert!(text.contains("max_one_in = 3"), "{text}");
    assert!(text.contains("only 15 are available"), "{text}");
}

/// The Easter ward needs 32 people: the Easter weekend's crew is 12 under "off the Sunday or
/// holiday after a worked one" (its Saturday night and Sunday day and evening are Easter
/// Sunday's work, its Sunday night Easter Monday's), and the explanation says so.
#[test]
fn can_explain_a_weekend_crew_raised_by_the_sunday_rule() {
    let mut sc = scenario("ward-6w-easter.json");
    sc.open_positions[1].max_count = 11;
    let r = solve_checked(&sc, 30.0);
    assert_eq!(r.status, Status::Infeasible);
    let text = r.explanation.join("\n");
    assert!(
        text.contains("need at least 32 people, but only 31 are available"),
        "{text}"
    );
    assert!(
        text.contains("The weekend of 2027-03-27 needs 12 different people where its busiest date needs 10: one person may not work two of its shifts (rules rest, sunday-frequency, holiday-frequency)."),
        "{text}"
    );
}

#[test]
fn can_explain_a_fixed_shift_on_a_date_nobody_may_work() {
    let mut sc = scenario("group-home-6w.json");
    sc.demand.push(heltid::scenario::Demand {
        shift: "N".into(),
        days: None,
        dates: Some(vec!["2027-01-06".into()]),
        min: 0,
        ..Default::default()
    });
    sc.staff[0].fixed.push(heltid::scenario::Fixed {
        date: "2027-01-06".into(),
        shift: "N".into(),
    });
    let r = solve_checked(&sc, 30.0);
    assert_eq!(r.status, Status::Infeasible);
    let text = r.explanation.join("\n");
    assert!(text.contains("ingrid is fixed on N 2027-01-06"), "{text}");
}

#[test]
fn can_explain_a_skill_nobody_holds() {
    let mut sc = scenario("home-care-12w.json");
    sc.open_positions[0].max_count = 0;
    let r = solve_checked(&sc, 30.0);
    assert_eq!(r.status, Status::Infeasible);
    let text = r.explanation.join("\n");
    assert!(
        text.contains("2 RN needed, but only 0 staff or positions hold RN"),
        "{text}"
    );
}

#[test]
fn can_name_the_blocking_rule_with_the_elastic_model() {
    // Three positions have the hours for tiny's 101.5 h, but not in whole shifts under a
    // 100 % cap: the elastic re-solve must name the short demand and the position-size rule.
    let mut sc = scenario("tiny.json");
    sc.open_positions[0].max_count = 3;
    let r = solve_checked(&sc, 30.0);
    assert_eq!(r.status, Status::Infeasible);
    let text = r.explanation.join("\n");
    assert!(text.contains("short 1"), "{text}");
    assert!(text.contains("Blocking rule: position-size"), "{text}");
}

#[test]
fn can_report_how_far_the_explanation_was_proven() {
    // The same unit: the roster's one phase is the explanation, proven, with the shifts short
    // at best (1) as its objective and bound.
    let mut sc = scenario("tiny.json");
    sc.open_positions[0].max_count = 3;
    let r = solve_checked(&sc, 30.0);
    assert_eq!(r.status, Status::Infeasible);
    assert_eq!(r.phases.len(), 1, "{:?}", r.phases);
    let p = &r.phases[0];
    assert_eq!(p.phase, "explanation");
    assert!(p.optimal, "{p:?}");
    assert_eq!(p.objective, Some(1.0));
    assert_eq!(p.bound, Some(1.0));
    assert!(p.columns > 0 && p.rows > 0, "{p:?}");
    // Proven, so the words claim exact numbers.
    let text = r.explanation.join("\n");
    assert!(text.contains("1 shift(s) short in total at best"), "{text}");
    assert!(text.contains("drops from 1 to 0."), "{text}");
}

#[test]
fn can_explain_too_few_weekends_with_volunteers() {
    // 4-week cycle, one in 2, 2 people on every weekend day: 8 person-weekends. vera works
    // every weekend (4), the one position one in 2 (2): 6 < 8.
    let sc = heltid::validate::parse_scenario(
        r#"{
          "horizon": { "start": "2027-01-04", "weeks": 4, "cyclic": true },
          "full_time_hours_per_week": 35.5,
          "shifts": [ { "id": "D", "start": "08:00", "end": "16:00" } ],
          "demand": [ { "shift": "D", "days": ["sat", "sun"], "min": 2 } ],
          "staff": [ { "id": "vera", "contract_pct": 40, "weekend_max_one_in": 1 } ],
          "open_positions": [ { "id": "hfa", "max_count": 1 } ],
          "rules": { "weekend": { "max_one_in": 2 } }
        }"#,
    )
    .unwrap();
    let r = solve_checked(&sc, 30.0);
    assert_eq!(r.status, Status::Infeasible);
    let text = r.explanation.join("\n");
    assert!(
        text.contains("The 4 weekends need 8 person-weekends"),
        "{text}"
    );
    assert!(
        text.contains("1 of the 2 staff and open positions with their own weekend_max_one_in"),
        "{text}"
    );
    assert!(text.contains("may work at most 6 weekends"), "{text}");
    assert!(text.contains("need at least 3 people"), "{text}");
}

#[test]
fn can_name_the_average_weekly_hours_as_the_blocking_rule() {
    // tiny needs 101.5 h of D and A a week; 4 positions at most 15 h a week on average cannot
    // give it (each takes two shifts at most).
    let mut sc = scenario("tiny.json");
    sc.rules.max_average_hours_per_week = Some(Some(15.0));
    let r = solve_checked(&sc, 30.0);
    assert_eq!(r.status, Status::Infeasible);
    let text = r.explanation.join("\n");
    assert!(
        text.contains(
            "Blocking rule: max-average-hours-per-week (max_average_hours_per_week = 15);"
        ),
        "{text}"
    );
}

#[test]
fn can_keep_the_average_limit_when_explain_drops_the_contract() {
    // Only kari holds RN, and RN is needed on D Monday to Saturday: 45 h, above her 100 %
    // contract (35.5 h + 4 h). Without an average limit her contract is the blocking rule. With
    // at most 40 h a week on average it is not: dropping the contract alone still leaves 40 h.
    let mut sc = scenario("tiny.json");
    sc.skills = vec!["RN".into()];
    let week = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map(String::from);
    sc.demand = vec![
        serde_json::from_value(serde_json::json!(
            {"shift": "D", "days": week, "min": 1}
        ))
        .unwrap(),
        serde_json::from_value(serde_json::json!(
            {"shift": "D", "days": &week[..6], "skill": "RN", "min": 1}
        ))
        .unwrap(),
    ];
    sc.open_positions.clear();
    sc.staff = vec![
        serde_json::from_value(serde_json::json!(
            {"id": "kari", "skills": ["RN"], "contract_pct": 100}
        ))
        .unwrap(),
        serde_json::from_value(serde_json::json!({"id": "ola", "contract_pct": 50})).unwrap(),
    ];
    sc.rules.max_consecutive_days = Some(None);
    sc.rules.weekly_rest_hours = Some(None);
    let r = solve_checked(&sc, 30.0);
    assert_eq!(r.status, Status::Infeasible);
    let text = r.explanation.join("\n");
    assert!(text.contains("Blocking rule: hours"), "{text}");
    sc.rules.max_average_hours_per_week = Some(Some(40.0));
    let r = solve_checked(&sc, 30.0);
    assert_eq!(r.status, Status::Infeasible);
    let text = r.explanation.join("\n");
    assert!(text.contains("short 1"), "{text}");
    assert!(!text.contains("Blocking rule: hours"), "{text}");
}

/// The annual plan with vacations and too few positions: over the year 16 people would do,
/// but five of the staff are away on weekends 23–26, and the run 23–25 needs 15 people able to
/// work one of its weekends. With 19 people available the explanation names that run.
#[test]
fn can_explain_a_summer_with_too_few_people_for_its_weekends() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("benches/data/hard/annual-vacations.json");
    let mut sc = heltid::validate::load_scenario(path).expect("scenario");
    sc.open_positions[1].max_count = 2;
    let r = solve_checked(&sc, 30.0);
    assert_eq!(r.status, Status::Infeasible);
    let text = r.explanation.join("\n");
    assert!(
        text.contains("The 3 weekends from 2027-06-19 to 2027-07-04 need 15 person-weekends"),
        "{text}"
    );
    assert!(text.contains("at least 20 people"), "{text}");
    assert!(text.contains("only 19 are available"), "{text}");
    assert!(
        text.contains("13 unavailable on some of the weekends"),
        "{text}"
    );
    assert!(text.contains("rule unavailable"), "{text}");
}
