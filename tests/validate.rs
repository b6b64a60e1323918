//! Scenario validation: structural and semantic problems, reported all at once, never a panic.

mod common;

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use heltid::validate::{load_scenario, parse_scenario, validate, Issue, CODES};
use heltid::{Error, Scenario};
use proptest::prelude::*;
use serde_json::{json, Value};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn tiny() -> Value {
    serde_json::from_str(&fs::read_to_string(data("tiny.json")).unwrap()).unwrap()
}

/// The issues of a scenario value; panics if it is accepted or is not JSON.
fn issues(v: &Value) -> Vec<Issue> {
    match parse_scenario(&v.to_string()) {
        Err(Error::Invalid(issues)) => issues,
        Ok(_) => panic!("accepted: {v}"),
        Err(e) => panic!("unexpected error {e}"),
    }
}

fn codes(v: &Value) -> Vec<&'static str> {
    issues(v).iter().map(|i| i.code).collect()
}

fn accepted(v: &Value) -> Scenario {
    match parse_scenario(&v.to_string()) {
        Ok(s) => s,
        Err(e) => panic!("rejected: {e}"),
    }
}

fn with_staff(mut v: Value, staff: Value) -> Value {
    v["staff"] = json!([staff]);
    v
}

fn malformed_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(data("malformed"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn rejects_every_malformed_file_with_its_code() {
    let files = malformed_files();
    assert!(files.len() >= 28, "only {} malformed files", files.len());
    for file in files {
        let stem = file.file_stem().unwrap().to_str().unwrap().to_string();
        match load_scenario(&file) {
            Err(Error::Invalid(issues)) => {
                assert!(
                    issues.iter().any(|i| i.code == stem),
                    "{stem}: no issue with code {stem} in {issues:#?}"
                );
                // Each file breaks one thing, so nothing else may be reported.
                assert!(
                    issues.iter().all(|i| i.code == stem),
                    "{stem}: unexpected extra issues {issues:#?}"
                );
                for i in &issues {
                    assert!(!i.path.is_empty() && !i.message.is_empty() && !i.fix.is_empty());
                }
            }
            Ok(_) => panic!("{stem}: accepted"),
            Err(e) => panic!("{stem}: wrong error {e}"),
        }
    }
}

#[test]
fn can_cover_every_code_with_a_malformed_file_and_the_doc_table() {
    let stems: BTreeSet<String> = malformed_files()
        .iter()
        .map(|f| f.file_stem().unwrap().to_str().unwrap().to_string())
        .collect();
    let codes: BTreeSet<String> = CODES.iter().map(|c| c.to_string()).collect();
    assert_eq!(stems, codes);
    let doc = include_str!("../src/validate.rs");
    for c in CODES {
        assert!(
            doc.contains(&format!("//! | `{c}` |")),
            "{c} is missing from the module doc table"
        );
    }
}

#[test]
fn rejects_text_that_is_not_json() {
    match load_scenario(data("malformed/not-json.txt")) {
        Err(Error::Json { line, column, .. }) => {
            assert_eq!(line, 4);
            assert!(column > 0);
        }
        other => panic!("expected a JSON error, got {other:?}"),
    }
    assert!(matches!(parse_scenario(""), Err(Error::Json { .. })));
}

#[test]
fn rejects_missing_file_with_io_error() {
    let err = load_scenario(data("no-such-file.json")).unwrap_err();
    assert!(matches!(err, Error::Io { .. }), "{err}");
}

#[test]
fn can_accept_every_reference_scenario() {
    let mut n = 0;
    for entry in fs::read_dir(data("")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let s = load_scenario(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert!(validate(&s).is_empty());
            n += 1;
        }
    }
    assert!(n >= 7, "only {n} reference scenarios");
}

#[test]
fn can_report_many_problems_at_once() {
    let mut v = tiny();
    v["horizon"]["colour"] = json!("blue");
    v["shifts"][1]["end"] = json!("22.00");
    v["demand"][0]["skill"] = json!("MED");
    v["staff"] = json!([{ "id": "kari", "contract_pct": 75, "wish_pct": 50 }]);
    let found = issues(&v);
    let got: Vec<_> = found.iter().map(|i| (i.code, i.path.as_str())).collect();
    assert_eq!(
        got,
        vec![
            ("unknown-field", "horizon.colour"),
            ("bad-time", "shifts[id=A].end"),
            ("unknown-skill", "demand[0].skill"),
            ("wish-below-contract", "staff[id=kari].wish_pct"),
        ]
    );
    let skill = &found[2];
    assert!(skill.message.contains("\"MED\""), "{skill:?}");
    assert!(skill.fix.contains("declare \"MED\" in skills"), "{skill:?}");
}

#[test]
fn can_report_several_structural_problems_at_once() {
    let mut v = tiny();
    v["shifts"][0].as_object_mut().unwrap().remove("start");
    v["horizon"]["weeks"] = json!(1.5);
    v["rules"]["hours_tol"] = json!(4);
    v["open_positions"][0]["skills"] = json!("RN");
    let got = codes(&v);
    assert_eq!(
        got.iter().copied().collect::<BTreeSet<_>>(),
        BTreeSet::from(["missing-field", "wrong-type", "unknown-field"])
    );
    assert_eq!(got.len(), 4, "{got:?}");
}

#[test]
fn can_suggest_the_field_that_was_meant() {
    let mut v = tiny();
    let w = v["rules"]["weekend"].as_object_mut().unwrap();
    let n = w.remove("max_one_in").unwrap();
    w.insert("max_one_on".into(), n);
    let found = issues(&v);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].path, "rules.weekend.max_one_on");
    assert!(
        found[0].message.contains("did you mean `max_one_in`?"),
        "{:?}",
        found[0]
    );
    // Nothing close: no suggestion, but the known fields are listed.
    v["rules"]["weekend"]["colour"] = json!(1);
    let found = issues(&v);
    let colour = found.iter().find(|i| i.path.ends_with("colour")).unwrap();
    assert!(!colour.message.contains("did you mean"));
    assert!(colour.fix.contains("max_one_in"));
}

#[test]
fn can_name_the_offending_item_by_id() {
    let mut v = with_staff(
        tiny(),
        json!({ "id": "kari", "contract_pct": 75, "wish_pct": 100.5 }),
    );
    v["shifts"][1]["start"] = json!("25:00");
    let found = issues(&v);
    let paths: Vec<_> = found.iter().map(|i| i.path.as_str()).collect();
    assert_eq!(paths, vec!["shifts[id=A].start", "staff[id=kari].wish_pct"]);
    assert!(found[0].message.contains("\"25:00\""));
}

#[test]
fn rejects_start_not_monday_with_the_monday_before() {
    let mut v = tiny();
    v["horizon"]["start"] = json!("2027-01-07");
    let found = issues(&v);
    assert_eq!(found[0].code, "start-not-monday");
    assert!(found[0].fix.contains("2027-01-04"), "{:?}", found[0]);
}

#[test]
fn rejects_two_days_entries_matching_the_same_date() {
    let mut v = tiny();
    // Split D into weekdays and weekend: two entries, no overlap, fine.
    v["demand"][0]["days"] = json!(["mon", "tue", "wed", "thu", "fri"]);
    let d = v["demand"].as_array_mut().unwrap();
    d.push(json!({ "shift": "D", "days": ["sat", "sun"], "min": 2 }));
    accepted(&v);
    // A third D entry that repeats Sunday clashes with the weekend entry.
    v["demand"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "shift": "D", "days": ["sun"], "min": 3 }));
    let found = issues(&v);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].code, "duplicate-demand");
    assert_eq!(found[0].path, "demand[3].days[0]");
    assert!(
        found[0].message.contains("demand[2] and demand[3]"),
        "{:?}",
        found[0]
    );
    // The same weekday on another shift is fine.
    v["demand"][3]["shift"] = json!("A");
    v["demand"][1]["days"] = json!(["mon"]);
    accepted(&v);
}

#[test]
fn can_replace_a_days_entry_by_a_dates_entry() {
    let mut v = tiny();
    v["demand"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "shift": "D", "dates": ["2027-01-06"], "min": 3 }));
    accepted(&v);
    // But two dates entries for the same (date, shift) are an error.
    v["demand"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "shift": "D", "dates": ["2027-01-07", "2027-01-06"], "min": 2 }));
    let found = issues(&v);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].code, found[0].path.as_str()),
        ("duplicate-demand", "demand[3].dates[1]")
    );
}

#[test]
fn can_key_skill_entries_by_skill() {
    let mut v = tiny();
    v["skills"] = json!(["RN", "MED"]);
    let d = v["demand"].as_array_mut().unwrap();
    // A skill entry on the same days as the total entry, and another skill: all fine.
    d.push(json!({ "shift": "D", "days": ["mon", "tue"], "skill": "RN", "min": 1 }));
    d.push(json!({ "shift": "D", "days": ["mon", "tue"], "skill": "MED", "min": 1 }));
    // A dates skill entry replaces the days skill entry.
    d.push(json!({ "shift": "D", "dates": ["2027-01-04"], "skill": "RN", "min": 2 }));
    accepted(&v);
    // The same skill twice on one weekday is an error.
    v["demand"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "shift": "D", "days": ["tue"], "skill": "RN", "min": 1 }));
    let found = issues(&v);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].code, "duplicate-demand");
    assert!(found[0].message.contains("\"RN\""), "{:?}", found[0]);
}

#[test]
fn rejects_dates_outside_the_horizon() {
    // The 1-week horizon is 2027-01-04 ..= 2027-01-10.
    let ok = with_staff(
        tiny(),
        json!({
            "id": "kari", "contract_pct": 20,
            "unavailable": ["2027-01-10"],
            "fixed": [{ "date": "2027-01-04", "shift": "D" }],
            "requests": [{ "date": "2027-01-10", "want": false }]
        }),
    );
    accepted(&ok);
    let mut v = ok.clone();
    v["demand"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "shift": "A", "dates": ["2027-01-03"], "min": 2 }));
    v["staff"][0]["unavailable"] = json!(["2027-01-11"]);
    v["staff"][0]["fixed"][0]["date"] = json!("2026-01-04");
    v["staff"][0]["requests"][0]["date"] = json!("2027-02-10");
    let found = issues(&v);
    let got: Vec<_> = found.iter().map(|i| (i.code, i.path.as_str())).collect();
    assert_eq!(
        got,
        vec![
            ("date-outside-horizon", "demand[2].dates[0]"),
            ("date-outside-horizon", "staff[id=kari].unavailable[0]"),
            ("date-outside-horizon", "staff[id=kari].fixed[0].date"),
            ("date-outside-horizon", "staff[id=kari].requests[0].date"),
        ]
    );
    assert!(found[0].message.contains("2027-01-10"), "{:?}", found[0]);
}

#[test]
fn can_switch_off_nullable_rules_with_null() {
    let mut v = tiny();
    v["rules"]["weekly_rest_hours"] = Value::Null;
    v["rules"]["max_consecutive_days"] = Value::Null;
    v["rules"]["max_hours_per_week"] = Value::Null;
    let s = accepted(&v);
    assert_eq!(s.rules.weekly_rest_hours(), None);
    assert_eq!(s.rules.max_consecutive_days(), None);
    assert_eq!(s.rules.max_hours_per_week(), None);
}

#[test]
fn rejects_null_for_rules_that_cannot_be_switched_off() {
    for field in ["min_rest_hours", "hours_tolerance"] {
        let mut v = tiny();
        v["rules"][field] = Value::Null;
        let found = issues(&v);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].code, "wrong-type");
        assert_eq!(found[0].path, format!("rules.{field}"));
        assert!(found[0].fix.contains("remove the field"), "{:?}", found[0]);
    }
    let mut v = tiny();
    v["skills"] = json!([null]);
    assert_eq!(codes(&v), vec!["wrong-type"]);
}

#[test]
fn rejects_fraction_where_whole_number_expected() {
    let mut v = tiny();
    v["demand"][0]["min"] = json!(1.5);
    let found = issues(&v);
    assert_eq!(
        (found[0].code, found[0].path.as_str()),
        ("wrong-type", "demand[0].min")
    );
    assert!(found[0].message.contains("fraction"));
    // A whole number written with a decimal point is a whole number.
    v["demand"][0]["min"] = json!(1.0);
    assert_eq!(accepted(&v).demand[0].min, 1);
}

#[test]
fn rejects_missing_days_and_dates_and_empty_lists() {
    let mut v = tiny();
    v["demand"][0].as_object_mut().unwrap().remove("days");
    v["demand"][1]["days"] = json!([]);
    assert_eq!(
        codes(&v),
        vec!["demand-days-and-dates", "demand-days-and-dates"]
    );
}

#[test]
fn can_leave_infeasible_situations_to_the_solver() {
    // Rule 8: fixed on a zero-demand date and on an unavailable date; rule 15: a skill minimum
    // where total demand is 0. None of these is a format error.
    let mut v = with_staff(
        tiny(),
        json!({
            "id": "kari", "contract_pct": 20, "skills": ["RN"],
            "unavailable": ["2027-01-05"],
            "fixed": [{ "date": "2027-01-05", "shift": "D" }, { "date": "2027-01-06", "shift": "N" }]
        }),
    );
    v["skills"] = json!(["RN"]);
    v["shifts"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "id": "N", "start": "22:00", "end": "08:00" }));
    v["demand"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "shift": "N", "days": ["mon"], "skill": "RN", "min": 1 }));
    accepted(&v);
}

#[test]
fn rejects_staff_ids_that_clash_with_templates() {
    let v = with_staff(tiny(), json!({ "id": "hfa", "contract_pct": 50 }));
    assert_eq!(codes(&v), vec!["duplicate-id"]);
    let v = with_staff(tiny(), json!({ "id": "hfa-12", "contract_pct": 50 }));
    assert_eq!(codes(&v), vec!["staff-id-like-template"]);
    // Not of the form <template>-<n>, n >= 1.
    for id in ["hfa-0", "hfa-x", "hfa1", "hfa-1b"] {
        accepted(&with_staff(tiny(), json!({ "id": id, "contract_pct": 50 })));
    }
}

#[test]
fn rejects_contract_that_cannot_fit_exactly_at_the_boundary() {
    // 40 h week, no tolerance, 4 available dates with a 7.5 h shift: at most 30 h = 75 %.
    let mut v = tiny();
    v["full_time_hours_per_week"] = json!(40);
    v["rules"]["hours_tolerance"] = json!(0);
    let off = json!(["2027-01-04", "2027-01-05", "2027-01-06"]);
    let fits = with_staff(
        v.clone(),
        json!({ "id": "kari", "contract_pct": 75, "unavailable": off }),
    );
    accepted(&fits);
    let mut over = fits.clone();
    over["staff"][0]["contract_pct"] = json!(75.000000001);
    let found = issues(&over);
    assert_eq!(
        (found[0].code, found[0].path.as_str()),
        ("contract-cannot-fit", "staff[id=kari].contract_pct")
    );
    assert_eq!(found.len(), 1);
    // Only dates with demand count: drop Sunday's demand and 75 % no longer fits.
    let mut no_sunday = fits.clone();
    for d in no_sunday["demand"].as_array_mut().unwrap() {
        d["days"] = json!(["mon", "tue", "wed", "thu", "fri", "sat"]);
    }
    assert_eq!(codes(&no_sunday), vec!["contract-cannot-fit"]);
    // max_hours_per_week caps the week.
    let mut capped = with_staff(v, json!({ "id": "kari", "contract_pct": 50 }));
    capped["rules"]["max_hours_per_week"] = json!(19.5);
    assert_eq!(codes(&capped), vec!["contract-cannot-fit"]);
    capped["rules"]["max_hours_per_week"] = json!(20);
    accepted(&capped);
}

#[test]
fn rejects_open_template_whose_minimum_cannot_fit() {
    let mut v = tiny();
    // One week with demand only Mon-Wed: at most 3 × 7.5 = 22.5 h; 70 % of 35.5 = 24.85 h.
    for d in v["demand"].as_array_mut().unwrap() {
        d["days"] = json!(["mon", "tue", "wed"]);
    }
    v["open_positions"][0]["min_pct"] = json!(70);
    let found = issues(&v);
    assert_eq!(
        (found[0].code, found[0].path.as_str()),
        ("contract-cannot-fit", "open_positions[id=hfa].min_pct")
    );
    v["open_positions"][0]["min_pct"] = json!(60);
    accepted(&v);
}

#[test]
fn rejects_out_of_range_numbers() {
    let mut v = with_staff(
        tiny(),
        json!({ "id": "kari", "contract_pct": 0, "wish_pct": -5,
                "requests": [{ "date": "2027-01-06", "want": true, "weight": -1 }] }),
    );
    v["open_positions"][0]["max_count"] = json!(-1);
    v["open_positions"][0]["max_pct"] = json!(101);
    v["rules"]["max_consecutive_days"] = json!(0);
    v["rules"]["min_rest_hours"] = json!(-11);
    v["rules"]["max_hours_per_week"] = json!(200);
    v["shifts"][0]["hours"] = json!(0);
    let got: Vec<_> = issues(&v).into_iter().map(|i| (i.code, i.path)).collect();
    let want = [
        ("bad-shift-hours", "shifts[id=D].hours"),
        ("negative-number", "rules.min_rest_hours"),
        ("bad-rule-value", "rules.max_consecutive_days"),
        ("bad-rule-value", "rules.max_hours_per_week"),
        ("bad-pct", "staff[id=kari].contract_pct"),
        ("negative-number", "staff[id=kari].wish_pct"),
        ("negative-number", "staff[id=kari].requests[0].weight"),
        ("negative-number", "open_positions[id=hfa].max_count"),
        ("bad-pct", "open_positions[id=hfa].max_pct"),
    ];
    let want: Vec<_> = want.iter().map(|(c, p)| (*c, p.to_string())).collect();
    assert_eq!(got, want);
}

#[test]
fn rejects_values_that_would_overload_the_solver() {
    let mut v = tiny();
    v["horizon"]["weeks"] = json!(10_000);
    v["demand"][0]["min"] = json!(9_223_372_036_854_775_807_i64);
    v["rules"]["weekend"]["max_one_in"] = json!(1e15);
    v["rules"]["hours_tolerance"] = json!(1e300);
    let got: Vec<_> = issues(&v).into_iter().map(|i| (i.code, i.path)).collect();
    let want = [
        "horizon.weeks",
        "demand[0].min",
        "rules.hours_tolerance",
        "rules.weekend.max_one_in",
    ];
    let want: Vec<_> = want
        .iter()
        .map(|p| ("number-too-large", p.to_string()))
        .collect();
    assert_eq!(got, want);
    // Beyond what a whole number can hold: caught in the structural pass.
    v["open_positions"][0]["max_count"] = json!(u64::MAX);
    let found = issues(&v);
    assert_eq!(found[0].path, "open_positions[id=hfa].max_count");
    assert_eq!(found[0].code, "number-too-large");
}

// ---------------------------------------------------------------------------------------------
// Per-person weekend frequency and the weekend bonus ladder

/// tiny with a staff member and Songdalen's ladder: valid as it is.
fn volunteers() -> Value {
    let mut v = tiny();
    v["staff"] = json!([{ "id": "kari", "contract_pct": 20, "weekend_max_one_in": 2 }]);
    v["open_positions"][0]["weekend_max_one_in"] = json!(1);
    v["rules"]["weekend_bonus"] = json!([
        { "from_weekends": 18, "to_weekends": 21, "nok_per_hour": 20 },
        { "from_weekends": 22, "to_weekends": 26, "nok_per_hour": 30 }
    ]);
    v
}

fn codes_at(v: &Value) -> Vec<(&'static str, String)> {
    issues(v).into_iter().map(|i| (i.code, i.path)).collect()
}

#[test]
fn can_accept_weekend_overrides_and_songdalens_ladder() {
    let s = accepted(&volunteers());
    assert_eq!(s.staff[0].weekend_max_one_in, Some(2));
    assert_eq!(s.open_positions[0].weekend_max_one_in, Some(1));
    assert_eq!(s.rules.weekend_bonus.len(), 2);
    assert_consumable(&s);
    // Without the new fields the file is what it was: they are optional and not written back.
    let plain = accepted(&tiny());
    let text = serde_json::to_string(&plain).unwrap();
    assert!(!text.contains("weekend_max_one_in") && !text.contains("weekend_bonus"));
    // A single-weekend tier (from == to) is fine.
    let mut v = volunteers();
    v["rules"]["weekend_bonus"] =
        json!([{ "from_weekends": 26, "to_weekends": 26, "nok_per_hour": 0 }]);
    accepted(&v);
}

#[test]
fn rejects_bad_weekend_overrides() {
    let mut v = volunteers();
    v["staff"][0]["weekend_max_one_in"] = json!(0);
    v["open_positions"][0]["weekend_max_one_in"] = json!(-2);
    assert_eq!(
        codes_at(&v),
        [
            (
                "bad-max-one-in",
                "staff[id=kari].weekend_max_one_in".to_string()
            ),
            (
                "bad-max-one-in",
                "open_positions[id=hfa].weekend_max_one_in".to_string()
            ),
        ]
    );
    let mut v = volunteers();
    v["staff"][0]["weekend_max_one_in"] = json!(10_001);
    assert_eq!(
        codes_at(&v),
        [(
            "number-too-large",
            "staff[id=kari].weekend_max_one_in".to_string()
        )]
    );
    let mut v = volunteers();
    v["open_positions"][0]["weekend_max_one_in"] = json!(2.5);
    assert_eq!(
        codes_at(&v),
        [(
            "wrong-type",
            "open_positions[id=hfa].weekend_max_one_in".to_string()
        )]
    );
    let mut v = volunteers();
    v["staff"][0]["weekend_max_one_in"] = Value::Null;
    assert_eq!(codes(&v), ["wrong-type"]);
    let mut v = volunteers();
    v["staff"][0]["weekend_max_one_ni"] = json!(2);
    v["staff"][0]
        .as_object_mut()
        .unwrap()
        .remove("weekend_max_one_in");
    let found = issues(&v);
    assert_eq!(found[0].code, "unknown-field");
    assert!(found[0].message.contains("weekend_max_one_in"), "{found:?}");
}

#[test]
fn rejects_bad_bonus_ladders() {
    let ladder = |tiers: Value| {
        let mut v = volunteers();
        v["rules"]["weekend_bonus"] = tiers;
        codes_at(&v)
    };
    let at = |code: &'static str, path: &str| (code, path.to_string());
    // from > to.
    assert_eq!(
        ladder(json!([{ "from_weekends": 21, "to_weekends": 18, "nok_per_hour": 20 }])),
        [at("bad-bonus-tier", "rules.weekend_bonus[0].to_weekends")]
    );
    // Unsorted.
    assert_eq!(
        ladder(json!([
            { "from_weekends": 22, "to_weekends": 26, "nok_per_hour": 30 },
            { "from_weekends": 18, "to_weekends": 21, "nok_per_hour": 20 }
        ])),
        [at(
            "bonus-tiers-unordered",
            "rules.weekend_bonus[1].from_weekends"
        )]
    );
    // Overlapping at one weekend (both bounds are inclusive).
    assert_eq!(
        ladder(json!([
            { "from_weekends": 18, "to_weekends": 22, "nok_per_hour": 20 },
            { "from_weekends": 22, "to_weekends": 26, "nok_per_hour": 30 }
        ])),
        [at(
            "bonus-tiers-unordered",
            "rules.weekend_bonus[1].from_weekends"
        )]
    );
    // Negative rate and bounds, too many decimals, missing and fractional fields.
    assert_eq!(
        ladder(json!([
            { "from_weekends": -1, "to_weekends": 5, "nok_per_hour": -20 },
            { "from_weekends": 18, "to_weekends": 21, "nok_per_hour": 0.1234567891 }
        ])),
        [
            at("negative-number", "rules.weekend_bonus[0].nok_per_hour"),
            at("negative-number", "rules.weekend_bonus[0].from_weekends"),
            at("too-precise-number", "rules.weekend_bonus[1].nok_per_hour"),
        ]
    );
    assert_eq!(
        ladder(json!([{ "from_weekends": 18.5, "to_weekends": 21 }])),
        [
            at("wrong-type", "rules.weekend_bonus[0].from_weekends"),
            at("missing-field", "rules.weekend_bonus[0].nok_per_hour"),
        ]
    );
    assert_eq!(ladder(json!({})), [at("wrong-type", "rules.weekend_bonus")]);
}

// The formats the model builder reads, written out here on their own (not the crate's parsers),
// so that the checks below are an independent statement of what an accepted scenario means.

fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    (s.len() == 10).then(|| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())?
}

fn parse_hhmm(s: &str) -> Option<i64> {
    let (h, m) = s.split_once(':')?;
    let two = |x: &str| x.len() == 2 && x.bytes().all(|b| b.is_ascii_digit());
    let (h, m): (i64, i64) = (
        two(h).then(|| h.parse().ok())??,
        two(m).then(|| m.parse().ok())??,
    );
    (h < 24 && m < 60).then_some(h * 60 + m)
}

fn parse_weekday(s: &str) -> Option<i64> {
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        .iter()
        .position(|d| *d == s)
        .map(|i| i as i64)
}

fn parse_week_point(s: &str) -> Option<i64> {
    let (d, t) = s.split_once(' ')?;
    Some(parse_weekday(d)? * 1440 + parse_hhmm(t)?)
}

/// A decimal with at most 9 decimals, so that hours compare exactly.
fn is_exact(x: f64) -> bool {
    let s = format!("{x}");
    x.is_finite() && x.abs() <= 1e12 && s.split_once('.').is_none_or(|(_, f)| f.len() <= 9)
}

/// What the model builder relies on once a scenario is accepted.
fn assert_consumable(s: &Scenario) {
    let start = parse_date(&s.horizon.start).expect("start");
    assert!((1..=520).contains(&s.horizon.weeks));
    let last = start + chrono::Days::new(s.horizon.weeks as u64 * 7 - 1);
    let in_horizon = |d: &str| {
        let d = parse_date(d).expect("date");
        assert!(start <= d && d <= last, "{d} outside");
    };
    let exact = |x: f64| assert!(is_exact(x), "{x} not exact");
    exact(s.full_time_hours_per_week);
    let shifts: HashSet<&str> = s.shifts.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(shifts.len(), s.shifts.len());
    let skills: HashSet<&str> = s.skills.iter().map(String::as_str).collect();
    for sh in &s.shifts {
        parse_hhmm(&sh.start).expect("start");
        parse_hhmm(&sh.end).expect("end");
        sh.hours.map(exact);
    }
    for d in &s.demand {
        assert!(shifts.contains(d.shift.as_str()));
        assert!(d.skill.as_deref().is_none_or(|k| skills.contains(k)));
        assert!(d.days.is_some() != d.dates.is_some());
        d.days.iter().flatten().for_each(|w| {
            parse_weekday(w).expect("weekday");
        });
        d.dates.iter().flatten().for_each(|x| in_horizon(x));
        assert!(d.min >= 0 && d.effective_max().is_none_or(|m| m >= d.min));
    }
    for p in &s.staff {
        assert!(p.skills.iter().all(|k| skills.contains(k.as_str())));
        assert!(p.contract_pct > 0.0 && p.contract_pct <= 100.0);
        assert!(p.wish_pct() >= p.contract_pct && p.wish_pct() <= 100.0);
        p.unavailable.iter().for_each(|x| in_horizon(x));
        for f in &p.fixed {
            in_horizon(&f.date);
            assert!(shifts.contains(f.shift.as_str()));
        }
        for r in &p.requests {
            in_horizon(&r.date);
            assert!(r.shift.as_deref().is_none_or(|x| shifts.contains(x)));
            assert!(r.weight() >= 0.0);
        }
        assert!(p
            .weekend_max_one_in
            .is_none_or(|n| (1..=10_000).contains(&n)));
    }
    for o in &s.open_positions {
        assert!(o.max_count >= 0);
        assert!(0.0 <= o.min_pct() && o.min_pct() <= o.max_pct() && o.max_pct() <= 100.0);
        assert!(o
            .weekend_max_one_in
            .is_none_or(|n| (1..=10_000).contains(&n)));
    }
    let r = &s.rules;
    assert!(r.min_rest_hours() >= 0.0 && r.hours_tolerance() >= 0.0);
    assert!(r.max_consecutive_days().is_none_or(|n| n >= 1));
    assert!(r.weekend_max_one_in() >= 1);
    let (from, to) = (
        parse_week_point(r.weekend_from()).expect("from"),
        parse_week_point(r.weekend_to()).expect("to"),
    );
    assert_ne!(from, to);
    let mut last_to = -1;
    for t in &r.weekend_bonus {
        assert!(t.from_weekends > last_to && t.from_weekends <= t.to_weekends);
        assert!(t.nok_per_hour >= 0.0);
        exact(t.nok_per_hour);
        last_to = t.to_weekends;
    }
}

#[test]
fn can_consume_every_reference_scenario() {
    for name in [
        "tiny.json",
        "ward-6w.json",
        "annual-52w.json",
        "group-home-6w.json",
    ] {
        assert_consumable(&load_scenario(data(name)).unwrap());
    }
}

/// Every JSON pointer in a value (the root is "").
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                pointers(c, format!("{at}/{k}"), out);
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                pointers(c, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

fn mutate(v: &mut Value, pick: usize, kind: u8, n: i64) {
    let mut all = Vec::new();
    pointers(v, String::new(), &mut all);
    let at = &all[pick % all.len()];
    let (parent, last) = at.rsplit_once('/').unwrap_or(("", ""));
    let replacement = match kind {
        0 | 1 => {
            // Drop or rename the field / element.
            match v.pointer_mut(parent) {
                Some(Value::Object(m)) => {
                    if let Some(x) = m.remove(last) {
                        if kind == 1 {
                            m.insert(format!("{last}x"), x);
                        }
                    }
                }
                Some(Value::Array(a)) => {
                    if let Ok(i) = last.parse::<usize>() {
                        if i < a.len() {
                            a.remove(i);
                        }
                    }
                }
                _ => {}
            }
            return;
        }
        2 => json!("oops"),
        3 => json!(-(n.unsigned_abs() as i128 % 1000) - 1),
        4 => json!(1e300),
        5 => json!(u64::MAX),
        6 => Value::Null,
        7 => json!(2.5),
        8 => json!(0),
        9 => json!(n),
        10 => json!([]),
        11 => json!({}),
        12 => json!(""),
        13 => json!(["2027-01-05", "sun", "24:00"][(n.unsigned_abs() % 3) as usize]),
        14 => json!(0.1234567891),
        _ => json!(n as f64 / 7.0),
    };
    if let Some(x) = v.pointer_mut(at) {
        *x = replacement;
    }
}

proptest! {
    #![proptest_config(common::proptest_config(512))]
    #[test]
    fn can_survive_any_mutation_without_panicking(
        base in 0usize..3,
        muts in prop::collection::vec((any::<usize>(), 0u8..16, any::<i64>()), 1..5),
    ) {
        let name = ["tiny.json", "ward-6w.json", "annual-52w.json"][base];
        let mut v: Value = serde_json::from_str(&fs::read_to_string(data(name)).unwrap()).unwrap();
        if base == 0 {
            // Give tiny a person so staff fields get mutated too.
            v["staff"] = json!([{ "id": "kari", "contract_pct": 50, "wish_pct": 60,
                "unavailable": ["2027-01-06"], "fixed": [{ "date": "2027-01-05", "shift": "D" }],
                "requests": [{ "date": "2027-01-08", "shift": "A", "want": false, "weight": 2 }] }]);
            v["rules"]["max_hours_per_week"] = json!(40);
            v["staff"][0]["weekend_max_one_in"] = json!(2);
            v["open_positions"][0]["weekend_max_one_in"] = json!(1);
            v["rules"]["weekend_bonus"] = json!([
                { "from_weekends": 18, "to_weekends": 21, "nok_per_hour": 20 },
                { "from_weekends": 22, "to_weekends": 26, "nok_per_hour": 30 }
            ]);
        }
        for (pick, kind, n) in muts {
            mutate(&mut v, pick, kind, n);
        }
        match parse_scenario(&v.to_string()) {
            Ok(s) => assert_consumable(&s),
            Err(Error::Invalid(issues)) => {
                prop_assert!(!issues.is_empty());
                for i in &issues {
                    prop_assert!(CODES.contains(&i.code), "unlisted code {}", i.code);
                }
            }
            Err(e) => prop_assert!(false, "unexpected error {e}"),
        }
    }
}

#[test]
fn can_accept_holidays_as_a_calendar_or_dates() {
    let mut v = tiny();
    v["horizon"]["holidays"] = json!("NO");
    v["demand"][0]["days"] = json!(["mon", "tue", "wed", "thu", "fri", "sat", "sun", "holiday"]);
    accepted(&v);
    v["horizon"]["holidays"] = json!(["2027-01-06"]);
    accepted(&v);
    // No holiday falls in the first week of 2027 after New Year: an empty set is fine.
    v["horizon"]["holidays"] = json!([]);
    accepted(&v);
}

#[test]
fn rejects_bad_holidays() {
    let mut v = tiny();
    v["horizon"]["holidays"] = json!(["2027-01-06", "2027-13-01", "2027-02-01"]);
    let got = issues(&v);
    let at = |code: &str| -> Vec<String> {
        got.iter()
            .filter(|i| i.code == code)
            .map(|i| i.path.clone())
            .collect()
    };
    assert_eq!(at("bad-date"), ["horizon.holidays[1]"]);
    assert_eq!(at("date-outside-horizon"), ["horizon.holidays[2]"]);
    let mut v = tiny();
    v["horizon"]["holidays"] = json!(7);
    assert_eq!(codes(&v), ["wrong-type"]);
    v["horizon"]["holidays"] = json!("no");
    assert_eq!(codes(&v), ["unknown-holiday-calendar"]);
    // Two total entries of one shift listing `holiday` overlap on every holiday.
    let mut v = tiny();
    v["horizon"]["holidays"] = json!("NO");
    v["demand"][0]["days"] = json!(["sat", "sun", "holiday"]);
    v["demand"][1]["shift"] = json!("D");
    v["demand"][1]["days"] = json!(["mon", "holiday"]);
    assert_eq!(codes(&v), ["duplicate-demand"]);
}

#[test]
fn rejects_bad_holidays_beside_a_bad_horizon() {
    // Every problem at once: the holidays' own problems are reported though the horizon's
    // start is broken.
    let mut v = tiny();
    v["horizon"]["start"] = json!("2027-02-30");
    v["horizon"]["holidays"] = json!("SE");
    let got = codes(&v);
    assert!(got.contains(&"bad-date"), "{got:?}");
    assert!(got.contains(&"unknown-holiday-calendar"), "{got:?}");
    v["horizon"]["holidays"] = json!(["2027-13-01"]);
    let got = issues(&v);
    assert!(
        got.iter()
            .any(|i| i.code == "bad-date" && i.path == "horizon.holidays[0]"),
        "{got:#?}"
    );
}

#[test]
fn rejects_an_average_weekly_limit_beyond_a_week() {
    let mut v = tiny();
    v["rules"]["max_average_hours_per_week"] = json!(169);
    assert_eq!(codes(&v), ["bad-rule-value"]);
    v["rules"]["max_average_hours_per_week"] = json!(-1);
    assert_eq!(codes(&v), ["negative-number"]);
    v["rules"]["max_average_hours_per_week"] = json!(null);
    accepted(&v);
    // 4 h a week on average cannot hold kari's 50 % (17.75 h − 4 h tolerance).
    v["rules"]["max_average_hours_per_week"] = json!(4);
    let v = with_staff(v, json!({"id": "kari", "contract_pct": 50}));
    let got = issues(&v);
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(got[0].code, "contract-cannot-fit");
    assert!(
        got[0].message.contains("max_average_hours_per_week"),
        "{}",
        got[0].message
    );
}

#[test]
fn rejects_sunday_work_limits_that_mean_nothing() {
    let mut v = tiny();
    v["rules"]["sunday_work"] = json!({"max_one_in": 2, "max_share": 0.5});
    accepted(&v);
    v["rules"]["sunday_work"] = json!({"max_one_in": 0});
    assert_eq!(codes(&v), ["bad-max-one-in"]);
    for share in [0.0, 1.5] {
        v["rules"]["sunday_work"] = json!({ "max_share": share });
        assert_eq!(codes(&v), ["bad-rule-value"], "{share}");
    }
    v["rules"]["sunday_work"] = json!({"max_share": -0.5});
    assert_eq!(codes(&v), ["negative-number"]);
    v["rules"]["sunday_work"] = json!({"every": 2});
    assert_eq!(codes(&v), ["unknown-field"]);
    // A holiday limit needs holidays; "one in 1" is off and needs none.
    v["rules"]["sunday_work"] = json!({"holidays_max_one_in": 2});
    let got = issues(&v);
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(got[0].code, "holiday-without-holidays");
    assert_eq!(got[0].path, "rules.sunday_work.holidays_max_one_in");
    v["rules"]["sunday_work"] = json!({"holidays_max_one_in": 1});
    accepted(&v);
    v["rules"]["sunday_work"] = json!({"holidays_max_one_in": 2});
    v["horizon"]["holidays"] = json!("NO");
    accepted(&v);
}

#[test]
fn can_accept_long_shifts_only_when_agreed() {
    // 12.5 h exactly is allowed; 12 h 31 min is not, unless agreed.
    let mut v = tiny();
    v["shifts"][0] = json!({"id": "D", "start": "07:45", "end": "20:15"});
    v["shifts"][1] = json!({"id": "A", "start": "20:15", "end": "07:45"});
    accepted(&v);
    v["shifts"][0]["end"] = json!("20:16");
    let got = issues(&v);
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(got[0].code, "long-shift-not-agreed");
    assert_eq!(got[0].path, "shifts[id=D]");
    // The paid hours do not make it shorter.
    v["shifts"][0]["hours"] = json!(11.5);
    assert_eq!(codes(&v), ["long-shift-not-agreed"]);
    v["rules"]["long_shifts_agreed"] = json!(true);
    accepted(&v);
    // A 24 h shift (end = start) too.
    v["shifts"][0] = json!({"id": "D", "start": "08:00", "end": "08:00"});
    accepted(&v);
    v["rules"]["long_shifts_agreed"] = json!(false);
    assert_eq!(codes(&v), ["long-shift-not-agreed"]);
}
