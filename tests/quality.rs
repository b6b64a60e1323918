//! The rota-quality phase (issue 10): `rules.quality` weights patterns (isolated days, nights
//! without rest, shift changes, backward rotations, long runs, short blocks, weekends without a
//! free weekday, fair shares of nights, evenings and weekends), avoided after every earlier
//! objective is settled. (The phase prices as the key figures count, across a cyclic wrap too:
//! `solve::tests` checks random lines.)

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
    // And a bound, however its search ended: at least the costs' floor, 0.
    let bound = phase.bound.expect("bound");
    assert!((0.0..=objective + 1e-6).contains(&bound), "{bound}");
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

#[test]
fn rejects_a_short_block_limit_outside_two_to_seven() {
    use heltid::scenario::RunLimit;
    let codes = |days| {
        let mut sc = scenario("tiny.json");
        sc.rules.quality = Some(QualityWeights {
            short_blocks: Some(RunLimit { days, weight: 1.0 }),
            ..QualityWeights::default()
        });
        heltid::validate::validate(&sc)
            .iter()
            .map(|i| (i.code, i.path.clone()))
            .collect::<Vec<_>>()
    };
    let path = "rules.quality.short_blocks.days".to_string();
    assert_eq!(codes(1), [("bad-rule-value", path.clone())]);
    assert_eq!(codes(8), [("bad-rule-value", path)]);
    assert!(codes(2).is_empty() && codes(7).is_empty());
}

/// Two weeks, cyclic: heavy weekdays (three day shifts, two evenings), light weekends (one
/// each), a night every day, up to ten new positions, every second weekend, 9 h rest (so an
/// evening may be followed by a day: the quick return Norwegian agreements allow, and a
/// backward rotation). Eight people near full time, so the plain roster has every pattern.
fn three_shifts() -> Scenario {
    serde_json::from_value(serde_json::json!({
        "horizon": {"start": "2027-01-04", "weeks": 2, "cyclic": true},
        "full_time_hours_per_week": 35.5,
        "shifts": [
            {"id": "D", "start": "07:30", "end": "15:00"},
            {"id": "A", "start": "15:00", "end": "22:30"},
            {"id": "N", "start": "22:15", "end": "07:45", "hours": 9}
        ],
        "demand": [
            {"shift": "D", "days": ["mon", "tue", "wed", "thu", "fri"], "min": 3},
            {"shift": "A", "days": ["mon", "tue", "wed", "thu", "fri"], "min": 2},
            {"shift": "D", "days": ["sat", "sun"], "min": 1},
            {"shift": "A", "days": ["sat", "sun"], "min": 1},
            {"shift": "N", "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "min": 1}
        ],
        "open_positions": [{"id": "p", "max_count": 10}],
        "rules": {"min_rest_hours": 9, "weekend": {"max_one_in": 2, "complete": false}}
    }))
    .unwrap()
}

/// The days and nights unit run by five existing staff of 100, 100, 60, 60 and 20 %: the plain
/// roster gives them 5, 5, 1, 3 and 0 nights (measured), far from shares by hours.
fn nights_staffed() -> Scenario {
    let mut sc = nights();
    sc.open_positions.clear();
    sc.staff = [
        ("kari", 100.0),
        ("ola", 100.0),
        ("per", 60.0),
        ("lise", 60.0),
        ("anne", 20.0),
    ]
    .into_iter()
    .map(|(id, pct)| heltid::scenario::Staff {
        id: id.into(),
        contract_pct: pct,
        ..Default::default()
    })
    .collect();
    sc
}

/// Each newer pattern, priced alone, is avoided where the plain roster has it, never at the
/// cost of a position or an hour, and the phase's value is what the key figures price.
#[test]
fn can_avoid_each_pattern_when_free_to() {
    use heltid::scenario::{FairShare, RunLimit};
    // The plain rosters of the two units, judged under each rule.
    let plain = [
        solve_checked(&three_shifts(), 20.0),
        solve_checked(&nights_staffed(), 20.0),
    ];
    type Count = fn(&heltid::roster::Kpis) -> f64;
    // (what, unit: 0 = three shifts, 1 = days and nights with staff, weights, count)
    let rules: [(&str, usize, QualityWeights, Count); 10] = [
        (
            "shift changes",
            0,
            QualityWeights {
                shift_changes: Some(1.0),
                ..QualityWeights::default()
            },
            |k| f64::from(k.shift_changes),
        ),
        (
            "backward rotations",
            0,
            QualityWeights {
                backward_rotations: Some(1.0),
                ..QualityWeights::default()
            },
            |k| f64::from(k.backward_rotations),
        ),
        (
            "long blocks",
            0,
            QualityWeights {
                long_blocks: Some(RunLimit {
                    days: 3,
                    weight: 1.0,
                }),
                ..QualityWeights::default()
            },
            |k| f64::from(k.long_block_days),
        ),
        (
            "long night runs",
            0,
            QualityWeights {
                long_night_runs: Some(RunLimit {
                    days: 1,
                    weight: 1.0,
                }),
                ..QualityWeights::default()
            },
            |k| f64::from(k.long_night_run_days),
        ),
        (
            "long evening runs",
            0,
            QualityWeights {
                long_evening_runs: Some(RunLimit {
                    days: 1,
                    weight: 1.0,
                }),
                ..QualityWeights::default()
            },
            |k| f64::from(k.long_evening_run_days),
        ),
        (
            "weekends without a free weekday",
            0,
            QualityWeights {
                weekends_without_free_weekday: Some(1.0),
                ..QualityWeights::default()
            },
            |k| f64::from(k.weekends_without_free_weekday),
        ),
        (
            "fair nights",
            1,
            QualityWeights {
                fair_nights: Some(FairShare {
                    band: 0.0,
                    weight: 1.0,
                }),
                ..QualityWeights::default()
            },
            |k| k.unfair_nights,
        ),
        (
            "fair evenings",
            0,
            QualityWeights {
                fair_evenings: Some(FairShare {
                    band: 0.5,
                    weight: 1.0,
                }),
                ..QualityWeights::default()
            },
            |k| k.unfair_evenings,
        ),
        (
            "short blocks",
            0,
            QualityWeights {
                short_blocks: Some(RunLimit {
                    days: 3,
                    weight: 1.0,
                }),
                ..QualityWeights::default()
            },
            |k| f64::from(k.short_block_days),
        ),
        (
            "fair weekends",
            1,
            QualityWeights {
                fair_weekends: Some(FairShare {
                    band: 0.25,
                    weight: 1.0,
                }),
                ..QualityWeights::default()
            },
            |k| k.unfair_weekends,
        ),
    ];
    for (what, unit, weights, count) in rules {
        let (mut sc, plain) = if unit == 0 {
            (three_shifts(), &plain[0])
        } else {
            (nights_staffed(), &plain[1])
        };
        sc.rules.quality = Some(weights);
        let r = solve_checked(&sc, 10.0);
        assert_eq!(
            (r.status, r.headcount),
            (Status::Optimal, plain.headcount),
            "{what}: {:?}",
            r.phases
        );
        assert!(
            (r.average_position_pct - plain.average_position_pct).abs() < 1e-9,
            "{what}"
        );
        let (before, after) = (
            count(&evaluate_roster(&sc, plain).kpis),
            count(&evaluate_roster(&sc, &r).kpis),
        );
        assert!(before > 0.0, "{what}: the rule does not bind here");
        assert!(
            after < before - 1e-6,
            "{what}: {before} → {after} ({:?})",
            r.phases
        );
        let phase = r.phases.iter().find(|p| p.phase == "quality");
        let phase = phase.unwrap_or_else(|| panic!("{what}: no quality phase in {:?}", r.phases));
        let cost = evaluate_roster(&sc, &r).kpis.quality_cost;
        assert!(
            (phase.objective.unwrap() - cost).abs() < 1e-6,
            "{what}: the phase's {:?} against {cost}",
            phase.objective
        );
        assert!(
            (cost - after).abs() < 1e-9,
            "{what}: {cost} against {after}"
        );
    }
}

#[test]
fn can_rota_by_the_norwegian_preset_and_override_it() {
    use heltid::scenario::QualityPreset;
    let mut sc = three_shifts();
    sc.rules.quality = Some(QualityWeights {
        preset: Some(QualityPreset::Norwegian),
        shift_changes: Some(0.0),
        ..QualityWeights::default()
    });
    // The preset survives JSON, and the override switches one pattern off.
    let text = serde_json::to_string(&sc).unwrap();
    assert!(text.contains(r#""preset":"norwegian""#), "{text}");
    let plain = solve_checked(&three_shifts(), 20.0);
    let r = solve_checked(&sc, 12.0);
    assert_legal(&sc, &r);
    assert_eq!(r.headcount, plain.headcount);
    let (before, after) = (
        evaluate_roster(&sc, &plain).kpis,
        evaluate_roster(&sc, &r).kpis,
    );
    assert!(
        after.quality_cost < before.quality_cost,
        "{} → {}",
        before.quality_cost,
        after.quality_cost
    );
    // Shift changes cost nothing, so the cost is the other patterns' alone.
    let mut without = sc.clone();
    without.rules.quality = Some(QualityWeights {
        preset: Some(QualityPreset::Norwegian),
        ..QualityWeights::default()
    });
    let full = evaluate_roster(&without, &r).kpis;
    assert!(
        (full.quality_cost - after.quality_cost - 0.5 * f64::from(full.shift_changes)).abs() < 1e-9
    );
    // The page marks the plain roster's priced patterns, apart from broken rules, and says
    // what they cost; without `rules.quality` nothing is marked.
    let side = heltid::compare::side("plain", &sc, plain.clone()).unwrap();
    let marks: usize = side.people.iter().map(|p| p.quality_marks.len()).sum();
    assert!(marks > 0);
    let html = heltid::report::roster_html(&side);
    let cells =
        html.matches("<td class=\"qual\"").count() + html.matches("<td class=\"wk qual\"").count();
    assert!(
        cells > 0 && cells <= marks,
        "{cells} cells for {marks} marks"
    );
    assert!(html.contains("dashed amber below"), "{html}");
    assert!(html.contains("(costs "), "no pattern named on hover");
    let side = heltid::compare::side("plain", &three_shifts(), plain).unwrap();
    let html = heltid::report::roster_html(&side);
    assert!(!html.contains(" qual\"") && !html.contains("\"qual\"") && !html.contains("amber"));
}

#[test]
fn rejects_a_run_limit_below_one_date() {
    use heltid::scenario::RunLimit;
    let mut sc = scenario("tiny.json");
    sc.rules.quality = Some(QualityWeights {
        long_night_runs: Some(RunLimit {
            days: 0,
            weight: 1.0,
        }),
        ..QualityWeights::default()
    });
    let issues = heltid::validate::validate(&sc);
    let found: Vec<(&str, &str)> = issues.iter().map(|i| (i.code, i.path.as_str())).collect();
    assert_eq!(
        found,
        [("bad-rule-value", "rules.quality.long_night_runs.days")]
    );
    let mut json = serde_json::to_value(scenario("tiny.json")).unwrap();
    json["rules"]["quality"] = serde_json::json!({"preset": "danish"});
    match heltid::parse_scenario(&json.to_string()) {
        Err(heltid::Error::Invalid(issues)) => {
            let found: Vec<(&str, &str)> =
                issues.iter().map(|i| (i.code, i.path.as_str())).collect();
            assert_eq!(found, [("unknown-choice", "rules.quality.preset")]);
        }
        other => panic!("{other:?}"),
    }
}
