//! The Curtois–Qu nurse-rostering benchmark (issue 10): instances imported into heltid's
//! scenario, solved by the same engine, and judged by the instance's own rules
//! (`import::curtois::evaluate`, which shares nothing with the formulation) as well as by the
//! checker.

mod common;

use common::assert_legal;
use heltid::import::curtois;
use heltid::{SolveOptions, Status};

fn instance(n: usize) -> curtois::Instance {
    curtois::load(common::data(&format!("curtois-qu/Instance{n}.txt"))).unwrap()
}

/// Solves instance `n` with `seconds`, the quality phase (the instance's penalty) given all
/// the time left, and returns (penalty, bound, optimal).
fn solve(n: usize, seconds: f64) -> (i64, Option<f64>, bool) {
    let inst = instance(n);
    let sc = curtois::scenario(&inst).unwrap();
    assert!(
        heltid::validate::validate(&sc).is_empty(),
        "{:?}",
        heltid::validate::validate(&sc)
    );
    let opts = SolveOptions {
        time_limit: seconds,
        tie_break_share: 1.0,
        threads: Some(1),
        ..SolveOptions::default()
    };
    let r = heltid::solve(&sc, &opts).unwrap();
    assert_ne!(r.status, Status::Infeasible, "{:?}", r.explanation);
    assert_legal(&sc, &r);
    let e = curtois::evaluate(&inst, &curtois::grid(&inst, &r));
    assert!(e.violations.is_empty(), "{:?}", e.violations);
    let q = r.phases.iter().find(|p| p.phase == "quality").unwrap();
    eprintln!(
        "instance {n}: penalty {} (cover {}, on {}, off {}), phase {:?}",
        e.penalty, e.cover_penalty, e.on_request_penalty, e.off_request_penalty, q
    );
    assert_eq!(q.objective.map(|x| x.round() as i64), Some(e.penalty));
    // heltid's key figures count the same costs as the instance's evaluator.
    assert_eq!(r.kpis.soft_demand_cost, e.cover_penalty as f64);
    assert_eq!(
        r.kpis.unmet_request_weight,
        (e.on_request_penalty + e.off_request_penalty) as f64
    );
    (e.penalty, q.bound, q.optimal)
}

/// Instances 1–3 reach their published optimum (607, 828, 1001, proven by the bounds of
/// Curtois & Qu) and heltid proves it: the quality phase's bound meets its value.
#[test]
fn can_solve_instances_1_to_3_to_their_published_optimum() {
    for (n, best) in [(1, 607), (2, 828), (3, 1001)] {
        let (penalty, bound, optimal) = solve(n, 60.0);
        assert_eq!(penalty, best, "instance {n}");
        assert!(optimal, "instance {n} not proven (bound {bound:?})");
        assert!(
            bound.is_some_and(|b| (b - best as f64).abs() < 1e-3),
            "{bound:?}"
        );
    }
}

/// Instance 18 (84 days, 22 people, a plan long enough for the first roster to be built line by
/// line) gives a roster its own rules and the checker accept, valued by the instance as heltid
/// values it.
#[test]
fn can_roster_a_twelve_week_instance_legally() {
    let (penalty, bound, _) = solve(18, 20.0);
    assert!(penalty > 0);
    assert!(
        bound.is_none_or(|b| b <= penalty as f64 + 1e-6),
        "{bound:?}"
    );
}

/// What the importer writes is a valid scenario that survives JSON, for every shipped instance.
#[test]
fn can_import_every_shipped_instance_as_a_valid_scenario() {
    for n in (1..=9).chain([18]) {
        let inst = instance(n);
        let sc = curtois::scenario(&inst).unwrap();
        let text = serde_json::to_string(&sc).unwrap();
        let back = heltid::parse_scenario(&text).unwrap_or_else(|e| panic!("instance {n}: {e}"));
        assert_eq!(back, sc);
        assert_eq!(sc.staff.len(), inst.staff.len());
        assert_eq!(sc.horizon.weeks as usize * 7, inst.days);
        // Every cover line is one (date, shift) of one demand entry.
        let dates: usize = sc
            .demand
            .iter()
            .map(|d| d.dates.as_ref().unwrap().len())
            .sum();
        assert_eq!(dates, inst.cover.len());
        let requests: usize = sc.staff.iter().map(|s| s.requests.len()).sum();
        assert_eq!(requests, inst.on_requests.len() + inst.off_requests.len());
    }
}

/// A grid as a heltid roster (through the CSV rota import), with what the checker says of it.
fn judge(
    inst: &curtois::Instance,
    sc: &heltid::Scenario,
    grid: &[Vec<Option<String>>],
) -> (heltid::Roster, Vec<heltid::check::Violation>) {
    let mut csv = String::from("staff");
    for d in 0..inst.days {
        let date =
            chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(d as u64);
        csv.push_str(&format!(",{date}"));
    }
    for (e, row) in inst.staff.iter().zip(grid) {
        csv.push('\n');
        csv.push_str(&e.id);
        for cell in row {
            csv.push(',');
            csv.push_str(cell.as_deref().unwrap_or(""));
        }
    }
    let rota = heltid::import::parse_rota_csv(sc, &csv).unwrap();
    let judged: heltid::Scenario = (*heltid::import::scenario_for_rota(sc, &rota).unwrap()).clone();
    let roster = heltid::import::rota_roster(&judged, &rota);
    let v = heltid::check::check(&judged, &roster);
    (roster, v)
}

/// The published optimal roster of instance 1 is legal in heltid's checker too, and rosters
/// the instance's own rules reject, heltid rejects for the same rule.
#[test]
fn can_judge_a_published_roster_like_the_instance_does() {
    use heltid::rule::Rule;
    let inst = instance(1);
    let sc = curtois::scenario(&inst).unwrap();
    let text =
        std::fs::read_to_string(common::data("curtois-qu/Instance1.Solution.607.tsv")).unwrap();
    let grid = curtois::parse_solution(&inst, &text).unwrap();
    assert_eq!(curtois::evaluate(&inst, &grid).penalty, 607);
    // Employee A's only day off, day 0, is a free run of one at the edge: exempt in both.
    let (roster, v) = judge(&inst, &sc, &grid);
    assert!(v.is_empty(), "{}", heltid::check::format_violations(&v));
    assert_eq!(curtois::grid(&inst, &roster), grid);
    // Each edit breaks one rule of the instance; heltid names the same rule for that person.
    type Edit = fn(&mut Vec<Vec<Option<String>>>, usize);
    let edits: [(&str, Edit, Rule); 3] = [
        // A free run of two cut to one by working its second day.
        (
            "day off",
            |g, e| {
                let d = (1..13)
                    .find(|&d| {
                        g[e][d].is_none()
                            && g[e][d - 1].is_some()
                            && g[e][d + 1].is_none()
                            && d + 2 < 14
                            && g[e][d + 2].is_some()
                    })
                    .unwrap();
                g[e][d] = None;
                g[e][d + 1] = Some("D".into());
            },
            Rule::MinConsecutiveDaysOff,
        ),
        // Every day worked: a run longer than 5 (and more weekends and hours than allowed).
        (
            "run",
            |g, e| {
                for cell in g[e].iter_mut() {
                    *cell = Some("D".into());
                }
            },
            Rule::MaxConsecutiveDays,
        ),
        // Both weekends worked where one is allowed.
        (
            "weekends",
            |g, e| {
                g[e][5] = Some("D".into());
                g[e][12] = Some("D".into());
            },
            Rule::MaxWeekends,
        ),
    ];
    for (what, edit, rule) in edits {
        let e = 1; // employee B
        let mut g = grid.clone();
        edit(&mut g, e);
        let theirs = curtois::evaluate(&inst, &g).violations;
        assert!(!theirs.is_empty(), "{what}: the instance accepts it");
        let (_, v) = judge(&inst, &sc, &g);
        assert!(
            v.iter()
                .any(|x| x.rule == rule && x.staff.as_deref() == Some("B")),
            "{what}: {} vs {theirs:?}",
            heltid::check::format_violations(&v)
        );
    }
}
