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
        isolated_days_off: None,
    });
    let codes: Vec<&str> = heltid::validate::validate(&sc)
        .iter()
        .map(|i| i.code)
        .collect();
    assert_eq!(codes, ["negative-number"]);
    sc.rules.quality = Some(QualityWeights {
        isolated_work_days: Some(1e7),
        isolated_days_off: None,
    });
    let codes: Vec<&str> = heltid::validate::validate(&sc)
        .iter()
        .map(|i| i.code)
        .collect();
    assert_eq!(codes, ["bad-rule-value"]);
}
