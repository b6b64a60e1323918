//! Benchmarking an existing rota against the optimum (`compare`) and the HTML report.

mod common;

use heltid::compare::{self, CompareOptions, Comparison};
use heltid::roster::Origin;
use heltid::{check, import, report, roster, validate, SolveOptions, Status};

fn example(name: &str) -> String {
    format!("{}/examples/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn fast() -> CompareOptions {
    CompareOptions {
        solve: SolveOptions {
            time_limit: 60.0,
            tie_breaks: false,
            ..SolveOptions::default()
        },
        ..CompareOptions::default()
    }
}

/// Every optimised side has a legal roster that the checker accepts.
fn assert_sides_legal(c: &Comparison) {
    assert_legal_side(&c.new_design);
    assert_legal_side(&c.keep_staff);
}

fn assert_legal_side(side: &compare::Side) {
    let r = side.roster.as_ref().expect("a roster");
    assert_ne!(
        r.status,
        Status::Infeasible,
        "{}: {:?}",
        side.label,
        r.explanation
    );
    let v = check::check(&side.scenario, r);
    assert!(
        v.is_empty(),
        "{} breaks rules:\n{}",
        side.label,
        check::format_violations(&v)
    );
    assert!(side.violations.is_empty());
    assert_eq!(side.short_cells(), 0);
}

/// The tiny scenario with five existing staff, and a legal rota for it from the solver.
fn tiny_with_staff() -> (heltid::Scenario, String) {
    let mut sc = common::scenario("tiny.json");
    sc.staff = serde_json::from_str(
        r#"[ { "id": "kari", "contract_pct": 60, "wish_pct": 100 },
             { "id": "ola", "contract_pct": 60 },
             { "id": "per", "contract_pct": 60 },
             { "id": "liv", "contract_pct": 60 },
             { "id": "mia", "contract_pct": 40 } ]"#,
    )
    .expect("staff");
    sc.open_positions.clear();
    let r = heltid::solve(&sc, &SolveOptions::default()).expect("solves");
    assert_ne!(r.status, Status::Infeasible, "{:?}", r.explanation);
    common::assert_legal(&sc, &r);
    let csv = roster::to_csv(&sc, &r).expect("csv");
    (sc, csv)
}

#[test]
fn can_compare_a_legal_rota_with_the_optimum() {
    let (sc, csv) = tiny_with_staff();
    let rota = import::parse_rota_csv(&sc, &csv).expect("imports");
    let c = compare::compare(&sc, &rota, &fast()).expect("compares");
    assert!(c.today.violations.is_empty(), "{:?}", c.today.violations);
    assert_sides_legal(&c);
    let today = c.today.roster.as_ref().expect("today");
    let new = c.new_design.roster.as_ref().expect("new");
    let kept = c.keep_staff.roster.as_ref().expect("kept");
    // The same exact demand: fewer people means larger positions, and today's rota is itself a
    // candidate for both designs, so neither can be worse.
    assert!(new.headcount <= today.headcount);
    assert!(new.average_position_pct >= today.average_position_pct - 1e-6);
    assert_eq!(
        kept.headcount, today.headcount,
        "everybody stays, nobody is needed"
    );
    assert!(kept.average_position_pct >= today.average_position_pct - 1e-6);
    // Nobody loses hours.
    for p in &c.today.people {
        let after = c
            .keep_staff
            .people
            .iter()
            .find(|q| q.id == p.id)
            .expect("kept");
        assert!(after.hours >= p.hours - 1e-9, "{} lost hours", p.id);
    }
    assert!(new.staff.iter().all(|s| s.origin == Origin::Open));
    assert!(c.instant_bound.is_some_and(|b| b <= new.headcount));
}

#[test]
fn can_show_what_the_quality_phase_prices_side_by_side() {
    // Kari wishes to be off on a date today's rota gives her a shift: weight 3 not honoured
    // today; no soft demand anywhere.
    let (mut sc, csv) = tiny_with_staff();
    let rota = import::parse_rota_csv(&sc, &csv).expect("imports");
    let date = rota
        .assignments
        .iter()
        .find(|a| a.staff == "kari")
        .expect("kari works")
        .date
        .clone();
    sc.staff[0].requests =
        vec![
            serde_json::from_value(serde_json::json!({"date": date, "want": false, "weight": 3}))
                .expect("request"),
        ];
    let c = compare::compare(&sc, &rota, &fast()).expect("compares");
    let figures = compare::key_figures(&c);
    let row = |label: &str| {
        figures
            .iter()
            .find(|f| f.label == label)
            .unwrap_or_else(|| panic!("no row {label}"))
            .values
    };
    assert_eq!(row("Requests not honoured (weight)")[0], Some(3.0));
    // What no side's scenario prices gets no row.
    for label in [
        "Soft demand cost",
        "Rota quality cost (rules.quality weights)",
    ] {
        assert!(figures.iter().all(|f| f.label != label), "{label}");
    }
    // With the preset, the quality cost has its row, on every side with a roster.
    sc.rules.quality = Some(heltid::scenario::QualityWeights {
        preset: Some(heltid::scenario::QualityPreset::Norwegian),
        ..Default::default()
    });
    let c = compare::compare(&sc, &rota, &fast()).expect("compares");
    let figures = compare::key_figures(&c);
    let cost = figures
        .iter()
        .find(|f| f.label == "Rota quality cost (rules.quality weights)")
        .expect("a quality row");
    assert!(cost.values[0].is_some(), "{:?}", cost.values);
}

#[test]
fn can_report_todays_violations() {
    let (sc, csv) = tiny_with_staff();
    // Give mia an extra day shift on the first Monday: more staff than demanded, and 4 shifts
    // against a 40 % contract.
    let mut lines: Vec<String> = csv.lines().map(str::to_string).collect();
    let mia = lines
        .iter()
        .position(|l| l.starts_with("mia,"))
        .expect("mia row");
    let mut cells: Vec<String> = lines[mia].split(',').map(str::to_string).collect();
    let free = (3..cells.len())
        .find(|&i| cells[i].is_empty())
        .expect("a free day");
    cells[free] = "D".into();
    lines[mia] = cells.join(",");
    let rota = import::parse_rota_csv(&sc, &(lines.join("\n") + "\n")).expect("imports");
    let c = compare::compare(&sc, &rota, &fast()).expect("compares");
    assert!(
        c.today
            .violations
            .iter()
            .any(|v| v.rule == heltid::rule::Rule::Coverage),
        "{}",
        check::format_violations(&c.today.violations)
    );
    assert!(c.today.over_cells() >= 1);
    assert_legal_side(&c.new_design);
    // mia works more hours than the demand leaves room for: keeping everybody's hours is
    // impossible, and the explanation says so.
    let kept = c.keep_staff.roster.as_ref().expect("a roster");
    assert_eq!(kept.status, Status::Infeasible);
    assert!(
        kept.explanation
            .iter()
            .any(|l| l.contains("rule hours vs coverage")),
        "{:?}",
        kept.explanation
    );
    let table = compare::table(&c);
    assert!(table.contains("| rule violations |"), "{table}");
    let html = report::html(&c);
    // A flagged grid cell (the legend's sample is a <span>, not a cell).
    assert!(
        html.contains(" flag\"") || html.contains("<td class=\"flag"),
        "violation not marked"
    );
}

#[test]
fn can_take_the_demand_from_the_rota() {
    let (sc, csv) = tiny_with_staff();
    let rota = import::parse_rota_csv(&sc, &csv).expect("imports");
    let opts = CompareOptions {
        demand_from_rota: true,
        ..fast()
    };
    let c = compare::compare(&sc, &rota, &opts).expect("compares");
    assert!(c.demand_from_rota);
    assert!(c.today.violations.is_empty());
    assert!(c
        .today
        .coverage
        .iter()
        .all(|x| x.planned == x.min && x.min == x.max));
    assert_sides_legal(&c);
}

#[test]
fn can_write_a_self_contained_report() {
    let (sc, csv) = tiny_with_staff();
    let rota = import::parse_rota_csv(&sc, &csv).expect("imports");
    let c = compare::compare(&sc, &rota, &fast()).expect("compares");
    let html = report::html(&c);
    assert!(html.starts_with("<!DOCTYPE html>"));
    for needle in [
        "Key figures",
        "Rota: Today",
        "keeping today",
        "new design",
        "On D",
    ] {
        assert!(html.contains(needle), "missing {needle:?}");
    }
    // No network, no scripts, no external assets.
    for banned in [
        "http://", "https://", "<script", "<link", "src=", "@import", "url(",
    ] {
        assert!(!html.contains(banned), "report contains {banned:?}");
    }
    // Deterministic bytes.
    assert_eq!(html, report::html(&c));
}

#[test]
fn can_compare_the_shipped_group_home_deterministically() {
    let sc = validate::load_scenario(example("group-home-today.json")).expect("scenario");
    let rota = import::load_rota_csv(&sc, example("group-home-today.csv")).expect("rota");
    let opts = fast();
    let a = compare::compare(&sc, &rota, &opts).expect("compares");
    assert!(
        a.today.violations.is_empty(),
        "the shipped rota must be legal:\n{}",
        check::format_violations(&a.today.violations)
    );
    assert_sides_legal(&a);
    let today = a.today.roster.as_ref().expect("today");
    assert_eq!(today.headcount, 33);
    for side in [&a.new_design, &a.keep_staff] {
        let r = side.roster.as_ref().expect("roster");
        assert!(
            r.average_position_pct >= today.average_position_pct - 1e-6,
            "{} is worse than today",
            side.label
        );
    }
    let b = compare::compare(&sc, &rota, &opts).expect("compares again");
    let strip = |c: &Comparison| {
        let mut v = serde_json::to_value(c).expect("json");
        for side in ["today", "new_design", "keep_staff"] {
            if let Some(r) = v[side]["roster"].as_object_mut() {
                r.remove("solve_seconds");
                for p in r
                    .get_mut("phases")
                    .and_then(|p| p.as_array_mut())
                    .into_iter()
                    .flatten()
                {
                    p["seconds"] = 0.into();
                }
            }
        }
        v
    };
    assert_eq!(strip(&a), strip(&b));
}

#[test]
fn can_write_a_page_for_one_roster() {
    let sc = common::scenario("tiny.json");
    let r = heltid::solve(&sc, &SolveOptions::default()).expect("solves");
    let side = compare::side("Rota", &sc, r.clone()).expect("judged");
    assert!(side.violations.is_empty());
    let html = report::roster_html(&side);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("proven the fewest possible"), "{html}");
    assert!(html.contains("<h2>The rota</h2>"));
    let flagged = |h: &str| h.contains(" flag\"") || h.contains("<td class=\"flag");
    assert!(!flagged(&html));
    // A second shift for someone on a date they already work is flagged in the grid.
    let mut broken = r;
    let first = broken.assignments[0].clone();
    let other = if first.shift == "D" { "A" } else { "D" };
    broken.assignments.push(heltid::roster::Assignment {
        shift: other.into(),
        ..first
    });
    let side = compare::side("Rota", &sc, broken).expect("judged");
    assert!(!side.violations.is_empty());
    let html = report::roster_html(&side);
    assert!(flagged(&html), "no violation outlined");
    assert!(html.contains("outlined in red below"));
}

/// The created positions of a side's roster: (id, template).
fn created(side: &compare::Side) -> Vec<(String, String)> {
    side.roster
        .as_ref()
        .expect("a roster")
        .staff
        .iter()
        .filter(|s| s.origin == Origin::Open)
        .map(|s| (s.id.clone(), s.template.clone().unwrap_or_default()))
        .collect()
}

/// Imports a legal CSV rota and compares it: today's side has no violation and both designs
/// are legal rosters (or say why there is none).
fn compare_legal_rota(sc: &heltid::Scenario, csv: &str) -> compare::Comparison {
    let rota = import::parse_rota_csv(sc, csv).expect("imports the CSV");
    let c = compare::compare(sc, &rota, &fast()).expect("compares the rota");
    assert!(
        c.today.violations.is_empty(),
        "{}",
        check::format_violations(&c.today.violations)
    );
    assert_sides_legal(&c);
    c
}

/// A rota designed by heltid (created positions `hfa-1`, `hfa-2`, ...) is what a unit brings to
/// `compare` a year later: it must import and compare, though its people carry position ids.
#[test]
fn can_compare_a_rota_heltid_designed() {
    let sc = common::scenario("tiny.json");
    let designed = common::solve_checked(&sc, 30.0);
    assert_ne!(designed.status, Status::Infeasible);
    assert!(designed.staff.iter().any(|s| s.id == "hfa-1"));
    let csv = roster::to_csv(&sc, &designed).expect("csv");
    let c = compare_legal_rota(&sc, &csv);
    // The template is renamed for the designs, and the report says so.
    assert!(
        c.notes
            .iter()
            .any(|n| n.contains("\"hfa\"") && n.contains("\"hfa-new\"")),
        "{:?}",
        c.notes
    );
    assert!(compare::table(&c).contains("hfa-new"));
    let today: Vec<&str> = c.today.people.iter().map(|p| p.id.as_str()).collect();
    for side in [&c.new_design, &c.keep_staff] {
        for (id, template) in created(side) {
            assert_eq!(template, "hfa-new", "{}", side.label);
            assert!(!today.contains(&id.as_str()), "{id} is also a person");
        }
    }
    // Today's people stay as they are in the kept-staff design.
    let kept = c.keep_staff.roster.as_ref().expect("kept");
    for id in &today {
        assert!(
            kept.staff
                .iter()
                .any(|s| &s.id == id && s.origin == Origin::Existing),
            "{id} missing from the kept staff"
        );
    }
}

/// People literally named like positions (`hfa`, `hfa-1`, `hfa-new-1`, `hfa-new2`) push the
/// renamed template on to a free id; derived templates (`new`) are renamed the same way.
#[test]
fn can_compare_a_rota_whose_people_are_named_like_positions() {
    let (_, csv) = tiny_with_staff();
    let renamed = [
        ("kari", "hfa"),
        ("ola", "hfa-1"),
        ("per", "hfa-new-1"),
        ("liv", "hfa-new2"),
    ];
    let rename = |csv: &str, pairs: &[(&str, &str)]| {
        csv.lines()
            .map(|l| {
                let (id, rest) = l.split_once(',').expect("a row");
                let id = pairs
                    .iter()
                    .find(|(from, _)| *from == id)
                    .map_or(id, |(_, to)| to);
                format!("{id},{rest}\n")
            })
            .collect::<String>()
    };
    // The scenario has no staff: everybody comes from the CSV, with its contract.
    let mut sc = common::scenario("tiny.json");
    assert!(sc.staff.is_empty());
    let c = compare_legal_rota(&sc, &rename(&csv, &renamed));
    assert!(
        c.notes.iter().any(|n| n.contains("\"hfa-new3\"")),
        "{:?}",
        c.notes
    );
    let new = created(&c.new_design);
    assert!(!new.is_empty());
    assert!(new.iter().all(|(_, t)| t == "hfa-new3"), "{new:?}");
    assert_eq!(c.new_design.scenario.open_positions[0].id, "hfa-new3");

    // Without templates in the scenario the designs derive `new`; a person "new-1" moves it.
    sc.open_positions.clear();
    let derived = [("kari", "new"), ("ola", "new-1")];
    let rota = import::parse_rota_csv(&sc, &rename(&csv, &derived)).expect("imports");
    let c = compare::compare(&sc, &rota, &fast()).expect("compares");
    assert!(c.today.violations.is_empty());
    assert_sides_legal(&c);
    assert_eq!(c.new_design.scenario.open_positions.len(), 1);
    assert_eq!(c.new_design.scenario.open_positions[0].id, "new-new");
    assert!(created(&c.new_design).iter().all(|(_, t)| t == "new-new"));
}

/// A rota of 2 000 people (far more than the ward needs) is judged completely: every person,
/// every over-staffed cell and the planted rule breaks are found, and the designs, whatever
/// the solver manages in the small time limit, never turn into an error.
#[test]
fn can_judge_a_rota_of_two_thousand_people() {
    let sc = common::scenario("ward-6w.json");
    let days = 42;
    let start = chrono::NaiveDate::from_ymd_opt(2027, 1, 4).expect("date");
    let dates: Vec<String> = (0..days)
        .map(|d| {
            (start + chrono::Days::new(d))
                .format("%Y-%m-%d")
                .to_string()
        })
        .collect();
    let mut csv = format!("staff,contract_pct,skills,{}\n", dates.join(","));
    let mut shifts = 0;
    for i in 1..=2000u64 {
        let skills = if i % 3 == 0 { "RN" } else { "" };
        let cells: Vec<&str> = (0..days)
            .map(|d| match i {
                // Evening, then the early shift 9 hours later: too little rest.
                1 if d == 0 => "A",
                1 if d == 1 => "D",
                1 => "",
                // Nothing at all: far below the contract.
                2 => "",
                _ if (d + i) % 3 == 0 => "D",
                _ => "",
            })
            .collect();
        shifts += cells.iter().filter(|c| !c.is_empty()).count();
        csv.push_str(&format!("p{i},50,{skills},{}\n", cells.join(",")));
    }
    let rota = import::parse_rota_csv(&sc, &csv).expect("imports");
    assert_eq!(rota.assignments.len(), shifts);
    let opts = CompareOptions {
        solve: SolveOptions {
            time_limit: 2.0,
            tie_breaks: false,
            ..SolveOptions::default()
        },
        ..CompareOptions::default()
    };
    let c = compare::compare(&sc, &rota, &opts).expect("compares");
    let today = c.today.roster.as_ref().expect("today's roster");
    assert_eq!(today.headcount, 2000);
    assert_eq!(c.today.people.len(), 2000);
    let planned: u32 = c.today.coverage.iter().map(|x| x.planned).sum();
    assert_eq!(planned as usize, shifts);
    // Every (date, shift) of the ward has demand: every day shift is over-staffed, and the
    // evenings and nights (all but one evening empty) are short.
    assert_eq!(c.today.coverage.len(), 3 * days as usize);
    assert_eq!(c.today.over_cells(), days as usize);
    assert_eq!(c.today.short_cells(), 2 * days as usize);
    let of = |rule: heltid::rule::Rule| {
        c.today
            .violations
            .iter()
            .filter(move |v| v.rule == rule)
            .collect::<Vec<_>>()
    };
    assert_eq!(of(heltid::rule::Rule::Coverage).len(), 3 * days as usize);
    let rest = of(heltid::rule::Rule::Rest);
    assert!(!rest.is_empty());
    assert!(
        rest.iter().all(|v| v.staff.as_deref() == Some("p1")),
        "{rest:?}"
    );
    assert!(of(heltid::rule::Rule::Hours)
        .iter()
        .any(|v| v.staff.as_deref() == Some("p2")));
    // The same verdict as the checker on its own.
    assert_eq!(check::check(&c.today.scenario, today), c.today.violations);
    // The designs: a roster the checker accepts, or a message, never an error.
    for side in [&c.new_design, &c.keep_staff] {
        match &side.roster {
            Some(r) if r.status != Status::Infeasible => common::assert_legal(&side.scenario, r),
            Some(r) => assert!(!r.explanation.is_empty()),
            None => assert!(side.failure.is_some(), "{}", side.label),
        }
    }
}
