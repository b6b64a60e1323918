//! Sweeps: expansion order and size, invalid combinations as rows, malformed specs with their
//! codes, monotonicity in the weekend frequency, determinism whatever the parallelism, stable
//! output columns and the chart. Small scenarios only (each solves in well under a second).

mod common;

use std::path::Path;

use heltid::bounds;
use heltid::scenario::WorkingTime;
use heltid::sweep::{self, SweepOptions, SweepRow, SweepSpec, SweepStatus, COLUMNS};
use heltid::Error;

/// A 4-week cyclic flat: one day and one evening shift every day, up to 8 new positions.
const SMALL: &str = r#"{
  "name": "small",
  "horizon": { "start": "2027-01-04", "weeks": 4, "cyclic": true },
  "full_time_hours_per_week": 35.5,
  "shifts": [ { "id": "D", "start": "08:00", "end": "15:30" },
              { "id": "A", "start": "15:00", "end": "22:00" } ],
  "demand": [ { "shift": "D", "days": ["mon","tue","wed","thu","fri","sat","sun"], "min": 1 },
              { "shift": "A", "days": ["mon","tue","wed","thu","fri","sat","sun"], "min": 1 } ],
  "open_positions": [ { "id": "p", "max_count": 8, "max_pct": 100 } ],
  "rules": { "max_consecutive_days": 5 }
}"#;

fn spec(axes: &str) -> SweepSpec {
    let text = format!(r#"{{ "base": {SMALL}, "axes": {axes} }}"#);
    sweep::parse_sweep(&text, Path::new(".")).unwrap_or_else(|e| panic!("{e}"))
}

fn codes(text: &str) -> Vec<&'static str> {
    match sweep::parse_sweep(text, &common::data("")) {
        Err(Error::Invalid(issues)) => issues.iter().map(|i| i.code).collect(),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

fn opts(jobs: usize) -> SweepOptions {
    let mut o = SweepOptions {
        jobs,
        ..SweepOptions::default()
    };
    o.solve.time_limit = 20.0;
    o.solve.threads = Some(1);
    o
}

#[test]
fn can_expand_in_canonical_order_with_the_product_size() {
    // Axes written in a non-canonical order: the grid still runs variant, rest, max_one_in.
    let s = spec(
        r#"{ "weekend.max_one_in": [2, 1], "min_rest_hours": [11, 9],
             "variant": [ { "name": "a" }, { "name": "b" } ] }"#,
    );
    let points = sweep::expand(&s);
    assert_eq!(points.len(), 8);
    let got: Vec<(String, f64, i64)> = points
        .iter()
        .map(|p| {
            (
                p.params.variant.clone(),
                p.params.min_rest_hours,
                p.params.weekend_max_one_in,
            )
        })
        .collect();
    let want: Vec<(String, f64, i64)> = [
        ("a", 11.0, 2),
        ("a", 11.0, 1),
        ("a", 9.0, 2),
        ("a", 9.0, 1),
        ("b", 11.0, 2),
        ("b", 11.0, 1),
        ("b", 9.0, 2),
        ("b", 9.0, 1),
    ]
    .iter()
    .map(|(v, r, n)| (v.to_string(), *r, *n))
    .collect();
    assert_eq!(got, want);
    assert!(points.iter().enumerate().all(|(i, p)| p.index == i));
    let sc = points[3].scenario.as_ref().expect("valid");
    assert_eq!(sc.rules.min_rest_hours, Some(9.0));
    assert_eq!(sc.rules.weekend_max_one_in(), 1);
}

#[test]
fn can_apply_a_variant_replacing_shifts_and_demand() {
    let s = spec(
        r#"{ "variant": [ { "name": "base" },
             { "name": "long", "shifts": [ { "id": "L", "start": "08:00", "end": "20:30", "hours": 12 } ],
               "demand": [ { "shift": "L", "days": ["mon","tue","wed","thu","fri","sat","sun"], "min": 1 } ] } ] }"#,
    );
    let points = sweep::expand(&s);
    assert_eq!(points.len(), 2);
    let long = points[1].scenario.as_ref().expect("valid");
    assert_eq!(long.shifts.len(), 1);
    assert_eq!(long.demand[0].shift, "L");
    assert_eq!(points[1].params.variant, "long");
    assert_eq!(points[0].params.variant, "base");
}

#[test]
fn can_load_a_spec_with_a_base_relative_to_the_spec_file() {
    let s =
        sweep::load_sweep(common::data("sweep/tiny-sweep.json")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sweep::expand(&s).len(), 4);
    let rows = sweep::run_sweep(&s, &opts(2)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rows.len(), 4);
    for r in &rows {
        assert_eq!(r.status, SweepStatus::Optimal, "{r:?}");
        assert_eq!(r.headcount, r.headcount_lower_bound);
        let (h, b) = (
            r.headcount.unwrap_or(0),
            r.instant_headcount_bound.unwrap_or(99),
        );
        assert!(b <= h, "instant bound {b} above the optimum {h}");
    }
}

#[test]
fn can_report_invalid_combinations_as_rows() {
    // A dates entry in week 2 falls outside a 1-week horizon; min_pct 90 is above max_pct 80.
    let base = SMALL
        .replace(r#""max_pct": 100"#, r#""max_pct": 80"#)
        .replace(
            r#""demand": ["#,
            r#""demand": [ { "shift": "D", "dates": ["2027-01-12"], "min": 1 },"#,
        );
    let text = format!(
        r#"{{ "base": {base}, "axes": {{ "horizon.weeks": [1, 4], "open_positions.min_pct": [0, 90] }} }}"#
    );
    let s = sweep::parse_sweep(&text, Path::new(".")).unwrap_or_else(|e| panic!("{e}"));
    let points = sweep::expand(&s);
    assert_eq!(points.len(), 4);
    let issues = |i: usize| -> Vec<&str> {
        match &points[i].scenario {
            Ok(_) => vec![],
            Err(v) => v.iter().map(|x| x.code).collect(),
        }
    };
    assert!(issues(0).contains(&"date-outside-horizon"));
    assert!(issues(1).contains(&"min-pct-above-max-pct"));
    assert!(issues(2).is_empty());
    assert!(issues(3).contains(&"min-pct-above-max-pct"));
    // As rows: invalid ones carry their codes, and are not dropped.
    let rows = sweep::run_sweep(&s, &opts(1)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0].status, SweepStatus::Invalid);
    assert!(rows[0].issues.contains("date-outside-horizon"));
    assert_eq!(rows[1].status, SweepStatus::Invalid);
    assert!(rows[1].issues.contains("min-pct-above-max-pct"));
    assert!(matches!(
        rows[2].status,
        SweepStatus::Optimal | SweepStatus::Infeasible
    ));
    assert_eq!(rows[3].status, SweepStatus::Invalid);
    assert_eq!(rows[3].headcount, None);
}

#[test]
fn rejects_an_unknown_axis_with_a_suggestion() {
    let text = r#"{ "base": "tiny.json", "axes": { "weekend.max_one_on": [2] } }"#;
    assert_eq!(codes(text), ["unknown-axis"]);
    let Err(Error::Invalid(i)) = sweep::parse_sweep(text, &common::data("")) else {
        panic!("expected Invalid");
    };
    assert!(
        i[0].message.contains("weekend.max_one_in"),
        "{}",
        i[0].message
    );
    assert_eq!(i[0].path, "axes.weekend.max_one_on");
}

#[test]
fn rejects_wrong_value_types() {
    let text = r#"{ "base": "tiny.json", "axes": {
        "weekend.max_one_in": [2, "3", 1.5], "weekend.complete": ["yes"],
        "weekly_rest_hours": [35, null], "min_rest_hours": 11 } }"#;
    assert_eq!(
        codes(text),
        ["wrong-type", "wrong-type", "wrong-type", "wrong-type"]
    );
}

#[test]
fn rejects_an_empty_axis_and_duplicate_values() {
    assert_eq!(
        codes(r#"{ "base": "tiny.json", "axes": { "min_rest_hours": [] } }"#),
        ["empty-axis"]
    );
    assert_eq!(
        codes(r#"{ "base": "tiny.json", "axes": { "min_rest_hours": [11, 9, 11] } }"#),
        ["duplicate-value"]
    );
    assert_eq!(
        codes(
            r#"{ "base": "tiny.json", "axes": { "variant": [ { "name": "a" }, { "name": "a" } ] } }"#
        ),
        ["duplicate-value"]
    );
}

#[test]
fn rejects_a_missing_base_file() {
    assert_eq!(
        codes(r#"{ "base": "no-such-file.json", "axes": { "min_rest_hours": [11] } }"#),
        ["base-unreadable"]
    );
    assert_eq!(
        codes(r#"{ "axes": { "min_rest_hours": [11] } }"#),
        ["missing-field"]
    );
    assert!(matches!(
        sweep::load_sweep(common::data("no-such-spec.json")),
        Err(Error::Io { .. })
    ));
}

#[test]
fn rejects_unknown_fields() {
    assert_eq!(
        codes(r#"{ "base": "tiny.json", "axis": {}, "axes": { "min_rest_hours": [11] } }"#),
        ["unknown-field"]
    );
    assert_eq!(
        codes(
            r#"{ "base": "tiny.json", "axes": { "variant": [ { "name": "x", "shift": [] } ] } }"#
        ),
        ["unknown-field"]
    );
    // Inside a variant's shifts: the scenario's own structural pass, with the variant's path.
    let text = r#"{ "base": "tiny.json", "axes": { "variant": [ { "name": "x",
        "shifts": [ { "id": "D", "start": "08:00", "end": "15:30", "hour": 7 } ] } ] } }"#;
    let Err(Error::Invalid(i)) = sweep::parse_sweep(text, &common::data("")) else {
        panic!("expected Invalid");
    };
    assert_eq!(i[0].code, "unknown-field");
    assert!(
        i[0].path.starts_with("axes.variant[0].shifts"),
        "{}",
        i[0].path
    );
    assert!(i[0].path.ends_with(".hour"), "{}", i[0].path);
}

#[test]
fn rejects_a_malformed_base() {
    let text = r#"{ "base": { "horizon": { "start": "2027-01-04", "weeks": 1, "cyclic": true },
        "full_time_hours_per_week": 35.5, "shifts": [], "demand": [], "colour": 1 },
        "axes": { "min_rest_hours": [11] } }"#;
    let c = codes(text);
    assert_eq!(c[0], "base-malformed");
    assert!(c.contains(&"unknown-field"));
}

/// Best average position of a row (infeasible counts as the lowest).
fn best(r: &SweepRow) -> f64 {
    match r.status {
        SweepStatus::Optimal => r.average_position_pct.unwrap_or(-1.0),
        SweepStatus::Infeasible => -1.0,
        other => panic!("row {} not solved to optimality: {other}", r.index),
    }
}

#[test]
fn can_never_lower_the_best_average_by_allowing_more_weekends() {
    let s = spec(r#"{ "weekend.complete": [true, false], "weekend.max_one_in": [4, 2, 1] }"#);
    let rows = sweep::run_sweep(&s, &opts(2)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rows.len(), 6);
    for group in rows.chunks(3) {
        // max_one_in 4 → 2 → 1 allows more and more weekends.
        for pair in group.windows(2) {
            assert!(
                best(&pair[1]) + 1e-9 >= best(&pair[0]),
                "{:?} then {:?}",
                pair[0],
                pair[1]
            );
        }
        // And the instant bound is a bound.
        for r in group {
            if let (Some(a), Some(b)) =
                (r.average_position_pct, r.instant_average_position_bound_pct)
            {
                assert!(b + 0.01 >= a, "{r:?}");
            }
        }
    }
    // The weekend frequency binds here: every 2nd weekend beats one weekend in 4.
    assert!(best(&rows[1]) > best(&rows[0]));
}

#[test]
fn can_sweep_deterministically_whatever_the_jobs() {
    let s = spec(r#"{ "min_rest_hours": [11, 9], "weekend.max_one_in": [2, 1] }"#);
    let strip = |mut rows: Vec<SweepRow>| {
        for r in &mut rows {
            r.solve_seconds = 0.0;
        }
        rows
    };
    let one = strip(sweep::run_sweep(&s, &opts(1)).unwrap_or_else(|e| panic!("{e}")));
    let two = strip(sweep::run_sweep(&s, &opts(2)).unwrap_or_else(|e| panic!("{e}")));
    assert_eq!(one, two);
    assert_eq!(sweep::to_csv(&one).ok(), sweep::to_csv(&two).ok());
}

#[test]
fn can_write_stable_csv_and_jsonl_columns() {
    let header = "index,variant,horizon_weeks,full_time_hours_per_week,min_rest_hours,\
weekly_rest_hours,open_min_pct,weekend_complete,weekend_max_one_in,status,headcount,\
headcount_lower_bound,average_position_pct,average_position_upper_bound_pct,\
instant_headcount_bound,instant_average_position_bound_pct,full_time_share,\
positions_below_50,weekend_only_positions,average_weekends_worked,solve_seconds,issues,\
working_time";
    assert_eq!(COLUMNS.join(","), header);
    // An invalid point (no solve) and a solved one.
    let s = spec(r#"{ "weekend.max_one_in": [0, 2] }"#);
    let rows: Vec<SweepRow> = sweep::run_sweep(&s, &opts(1)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rows[0].status, SweepStatus::Invalid);
    assert_eq!(rows[0].issues, "bad-max-one-in");
    let csv = sweep::to_csv(&rows).unwrap_or_default();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some(header));
    assert!(lines
        .next()
        .is_some_and(|l| l.starts_with("0,base,4,35.5,11,35,0,true,0,invalid,")));
    let jsonl = sweep::to_jsonl(&rows).unwrap_or_default();
    assert_eq!(jsonl.lines().count(), 2);
    for line in jsonl.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
        let keys: Vec<&str> = v
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let mut want: Vec<&str> = COLUMNS.to_vec();
        want.sort_unstable();
        assert_eq!(keys, want);
        // And in the line itself, in the order of COLUMNS.
        let at: Vec<usize> = COLUMNS
            .iter()
            .map(|c| line.find(&format!("\"{c}\":")).unwrap_or(usize::MAX))
            .collect();
        assert!(at.windows(2).all(|w| w[0] < w[1]), "{line}");
    }
}

#[test]
fn can_draw_an_svg_chart() {
    let s = spec(r#"{ "weekend.complete": [true, false], "weekend.max_one_in": [4, 2] }"#);
    let rows = sweep::run_sweep(&s, &opts(2)).unwrap_or_else(|e| panic!("{e}"));
    let svg = sweep::chart(&rows, "Small <flat> & co");
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.trim_end().ends_with("</svg>"));
    assert!(svg.contains("Small &lt;flat&gt; &amp; co"));
    assert!(svg.contains("complete weekends") && svg.contains("partial weekends"));
    assert!(svg.contains("stroke-dasharray"));
    assert!(svg.contains("every 2nd (1 in 2)"));
    // Two series, each a solid and a dashed line.
    assert_eq!(svg.matches("<polyline").count(), 4);
}

#[test]
fn can_bound_the_ward_instantly() {
    let b = bounds::instant(&common::scenario("ward-6w.json")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(b.headcount, Some(30));
    assert_eq!(b.average_position_upper_bound_pct, Some(55.45));
    // RN on every D, A and N: 3 holders each weekend day, 2 weekends in 6 each → 9 nurses.
    assert_eq!(b.skills.len(), 1);
    assert_eq!(b.skills[0].weekend, Some(9));
    assert_eq!(b.skill_headcount, Some(9));
    let mut sc = common::scenario("ward-6w.json");
    sc.rules
        .weekend
        .get_or_insert_with(Default::default)
        .max_one_in = Some(2);
    let b = bounds::instant(&sc).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(b.headcount, Some(20));
    assert_eq!(b.average_position_upper_bound_pct, Some(83.17));
}

#[test]
fn can_load_the_shipped_specs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    for (name, size) in [("ward-sweep.json", 12), ("ward-levers.json", 4)] {
        let s = sweep::load_sweep(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let points = sweep::expand(&s);
        assert_eq!(points.len(), size, "{name}");
        assert!(points
            .iter()
            .all(|p| p.scenario.is_ok() || p.params.weekend_max_one_in == 4));
    }
}

/// `count` values of an axis as JSON: `0, 1, 2, ...` plus `extra` written after them.
fn axis_values(count: usize, extra: &str) -> String {
    let mut s: String = (0..count).map(|i| format!("{i},")).collect();
    s.push_str(extra);
    s
}

#[test]
fn rejects_an_axis_longer_than_the_grid_limit_at_once() {
    // 200 000 distinct values, then a duplicate and a wrong type: the size alone rejects it,
    // without one issue per value (the per-value checks are not even run).
    let text = format!(
        r#"{{ "base": "tiny.json", "axes": {{ "min_rest_hours": [{}] }} }}"#,
        axis_values(200_000, r#"11, "x""#)
    );
    let Err(Error::Invalid(i)) = sweep::parse_sweep(&text, &common::data("")) else {
        panic!("expected Invalid");
    };
    let c: Vec<&str> = i.iter().map(|x| x.code).collect();
    assert_eq!(c, ["grid-too-large"]);
    assert_eq!(i[0].path, "axes");
    assert!(
        i[0].message.contains("200002 scenarios") && i[0].message.contains("10000"),
        "{}",
        i[0].message
    );
    // A variant axis too: no variant is checked against the base.
    let variants: String = (0..=sweep::MAX_POINTS)
        .map(|i| format!(r#"{{ "name": "v{}", "shift": [] }},"#, i % 3))
        .collect();
    let text = format!(
        r#"{{ "base": "tiny.json", "axes": {{ "variant": [{}] }} }}"#,
        variants.trim_end_matches(',')
    );
    assert_eq!(codes(&text), ["grid-too-large"]);
}

#[test]
fn rejects_a_grid_too_large_before_its_values_but_not_its_axes() {
    // 30 × 30 × 30 = 27 000 points: one grid-too-large, no per-value issues; axis-level problems
    // (an unknown axis, an empty one) are still reported.
    let text = format!(
        r#"{{ "base": "tiny.json", "axes": {{ "min_rest_hours": [{}],
             "full_time_hours_per_week": [{}], "weekend.max_one_in": [{}],
             "weekend.complete": [], "weekend.max_one_on": [2] }} }}"#,
        axis_values(29, "1"),
        axis_values(29, "\"x\""),
        axis_values(30, "").trim_end_matches(',')
    );
    let Err(Error::Invalid(i)) = sweep::parse_sweep(&text, &common::data("")) else {
        panic!("expected Invalid");
    };
    let c: Vec<&str> = i.iter().map(|x| x.code).collect();
    assert_eq!(c, ["empty-axis", "unknown-axis", "grid-too-large"]);
    assert!(i[2].message.contains("27000 scenarios"), "{}", i[2].message);
    // At the limit exactly: every value is checked, each duplicate found once.
    let text = format!(
        r#"{{ "base": "tiny.json", "axes": {{ "min_rest_hours": [{}] }} }}"#,
        axis_values(sweep::MAX_POINTS - 2, "5, 7")
    );
    let Err(Error::Invalid(i)) = sweep::parse_sweep(&text, &common::data("")) else {
        panic!("expected Invalid");
    };
    let paths: Vec<(&str, &str)> = i.iter().map(|x| (x.code, x.path.as_str())).collect();
    assert_eq!(
        paths,
        [
            ("duplicate-value", "axes.min_rest_hours[9998]"),
            ("duplicate-value", "axes.min_rest_hours[9999]")
        ]
    );
    let text = format!(
        r#"{{ "base": "tiny.json", "axes": {{ "min_rest_hours": [{}] }} }}"#,
        axis_values(sweep::MAX_POINTS, "").trim_end_matches(',')
    );
    let s = sweep::parse_sweep(&text, &common::data("")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.axes.min_rest_hours.len(), sweep::MAX_POINTS);
}

#[test]
fn can_report_a_grid_of_only_invalid_points_quickly() {
    // 10 000 points, every one with weeks < 1: nothing is solved, every point is a row with its
    // code, and the outputs and the chart are written for all of them.
    let weeks = (0..sweep::MAX_POINTS as i64)
        .map(|w| (-w).to_string())
        .collect::<Vec<_>>()
        .join(",");
    let s = spec(&format!(r#"{{ "horizon.weeks": [{weeks}] }}"#));
    let rows = sweep::run_sweep(&s, &opts(2)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rows.len(), sweep::MAX_POINTS);
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r.index, i);
        assert_eq!(r.params.horizon_weeks, -(i as i64));
        assert_eq!(r.status, SweepStatus::Invalid, "{r:?}");
        assert_eq!(r.issues, "weeks-too-small", "{r:?}");
        assert_eq!(r.headcount, None);
    }
    let csv = sweep::to_csv(&rows).unwrap_or_default();
    assert_eq!(csv.lines().count(), sweep::MAX_POINTS + 1);
    let jsonl = sweep::to_jsonl(&rows).unwrap_or_default();
    assert_eq!(jsonl.lines().count(), sweep::MAX_POINTS);
    // One series per horizon (the weekend frequency is not an axis), each marked × once.
    let svg = sweep::chart(&rows, "all invalid");
    assert_eq!(svg.matches("<polyline").count(), 2 * sweep::MAX_POINTS);
    assert_eq!(
        svg.matches("<title>invalid</title>").count(),
        sweep::MAX_POINTS
    );
    assert!(svg.contains(">-9999 weeks</text>"));
}

/// The grid's size is known without building it, and equals the number of points.
#[test]
fn can_count_the_grid_without_expanding_it() {
    let spec = sweep::load_sweep(
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/data/ward-sweep.json"),
    )
    .unwrap();
    assert_eq!(spec.grid_size(), sweep::expand(&spec).len());
    assert_eq!(spec.grid_size(), 12);
}

/// Issue 9.6: the working-time rule as an axis. Each point says which rule it ran under, in
/// the column after the results (every earlier column keeps its place), and a value that is
/// no rule is refused as a spec error.
#[test]
fn can_sweep_the_working_time_rule() {
    let base = common::data("night-ward-ks.json");
    let text = format!(
        r#"{{ "base": {:?}, "axes": {{ "working_time": ["fixed", "ks-three-shift"] }} }}"#,
        base.display().to_string()
    );
    let s = sweep::parse_sweep(&text, Path::new(".")).unwrap_or_else(|e| panic!("{e}"));
    let rows = sweep::run_sweep(&s, &opts(1)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rows.len(), 2);
    let rules: Vec<_> = rows.iter().map(|r| r.params.working_time).collect();
    assert_eq!(rules, [WorkingTime::Fixed, WorkingTime::KsThreeShift]);
    for r in &rows {
        assert_eq!(r.headcount, r.headcount_lower_bound, "{r:?}");
        assert!(r.headcount.is_some(), "{r:?}");
    }
    let csv = sweep::to_csv(&rows).unwrap_or_default();
    let ends: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.rsplit(',').next().unwrap_or(""))
        .collect();
    assert_eq!(ends, ["fixed", "ks-three-shift"]);
    let bad = r#"{ "base": "tiny.json", "axes": { "working_time": ["ks"] } }"#;
    assert_eq!(codes(bad), ["wrong-type"]);
}
