//! The rota-quality phase (issue 10, first step): `rules.quality` weights isolated working days
//! and isolated days off, avoided after every earlier objective is settled. (The phase counts
//! as the key figures do, across a cyclic wrap too: `solve::tests` checks a fixed line.)

mod common;

use common::{assert_legal, scenario, solve_checked};
use heltid::kpi::evaluate_roster;
use heltid::scenario::QualityWeights;
use heltid::{Roster, Scenario, Status};

fn with_quality(mut sc: Scenario) -> Scenario {
    sc.rules.quality = Some(QualityWeights {
        isolated_work_days: Some(1.0),
        isolated_days_off: Some(1.0),
        ..QualityWeights::default()
    });
    sc
}

/// Isolated working days and days off of a roster, by the key figures.
fn isolated(sc: &Scenario, r: &Roster) -> u32 {
    let k = evaluate_roster(sc, r).kpis;
    k.isolated_work_days + k.isolated_days_off
}

#[test]
fn can_avoid_isolated_days_without_giving_up_a_position() {
    // Easter on a small ward: 9 people either way; the quality phase only rearranges.
    let plain_sc = scenario("easter-2w.json");
    let plain = solve_checked(&plain_sc, 20.0);
    let sc = with_quality(scenario("easter-2w.json"));
    let r = solve_checked(&sc, 20.0);
    assert_legal(&sc, &r);
    assert_eq!((r.status, r.headcount), (Status::Optimal, plain.headcount));
    assert!((r.average_position_pct - plain.average_position_pct).abs() < 1e-9);
    let (before, after) = (isolated(&plain_sc, &plain), isolated(&sc, &r));
    assert!(after < before, "{before} → {after}");
    // The phase reports itself, with the value the key figures count.
    let phase = r
        .phases
        .iter()
        .find(|p| p.phase == "quality")
        .expect("quality phase");
    let objective = phase.objective.expect("objective");
    assert!(
        (objective - after as f64).abs() < 1e-6,
        "{objective} vs {after}"
    );
}

/// Two weeks, cyclic: a day shift and a night shift every day, up to five new positions,
/// weekends free.
fn nights() -> Scenario {
    serde_json::from_value(serde_json::json!({
        "horizon": {"start": "2027-01-04", "weeks": 2, "cyclic": true},
        "full_time_hours_per_week": 35.5,
        "shifts": [
            {"id": "D", "start": "07:30", "end": "15:00"},
            {"id": "N", "start": "22:00", "end": "07:30", "hours": 9}
        ],
        "demand": [
            {"shift": "D", "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "min": 1},
            {"shift": "N", "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "min": 1}
        ],
        "open_positions": [{"id": "p", "max_count": 5}],
        "rules": {"weekend": {"max_one_in": 1, "complete": false}}
    }))
    .unwrap()
}

#[test]
fn can_give_night_blocks_two_days_off_after_them() {
    // Nights followed by a single free date (or by a day shift) cost 1 each; the same people.
    let plain_sc = nights();
    let plain = solve_checked(&plain_sc, 20.0);
    let mut sc = nights();
    sc.rules.quality = Some(QualityWeights {
        night_blocks_without_two_days_off: Some(1.0),
        ..QualityWeights::default()
    });
    let r = solve_checked(&sc, 20.0);
    assert_eq!((r.status, r.headcount), (Status::Optimal, plain.headcount));
    let short = |sc: &Scenario, r: &Roster| {
        evaluate_roster(sc, r)
            .kpis
            .night_blocks_without_two_days_off
    };
    let (before, after) = (short(&plain_sc, &plain), short(&sc, &r));
    // The plain roster has some (two with the default seed); with the weight there are none.
    assert!(before > 0, "the rule does not bind here");
    assert_eq!(after, 0, "{before} → {after}");
    let phase = r.phases.iter().find(|p| p.phase == "quality").unwrap();
    assert!((phase.objective.unwrap() - f64::from(after)).abs() < 1e-6);
}

#[test]
fn can_skip_the_quality_phase_without_weights() {
    let mut sc = scenario("tiny.json");
    sc.rules.quality = Some(QualityWeights::default());
    let r = solve_checked(&sc, 10.0);
    assert!(r.phases.iter().all(|p| p.phase != "quality"));
}

#[test]
fn rejects_a_negative_quality_weight() {
    let mut sc = scenario("tiny.json");
    sc.rules.quality = Some(QualityWeights {
        isolated_work_days: Some(-1.0),
        ..QualityWeights::default()
    });
    let codes: Vec<&str> = heltid::validate::validate(&sc)
        .iter()
        .map(|i| i.code)
        .collect();
    assert_eq!(codes, ["negative-number"]);
    sc.rules.quality = Some(QualityWeights {
        isolated_work_days: Some(1e7),
        ..QualityWeights::default()
    });
    let codes: Vec<&str> = heltid::validate::validate(&sc)
        .iter()
        .map(|i| i.code)
        .collect();
    assert_eq!(codes, ["bad-rule-value"]);
}
