//! Importing an existing rota from the CSV grid: round trips, one test per issue code, planted
//! violations, demand inferred from a rota, the merged scenario, and the shipped group-home
//! example.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use heltid::import::{
    demand_from_rota, load_rota_csv, parse_rota_csv, rota_roster, scenario_for_rota, Rota,
    RotaIssue,
};
use heltid::roster::Assignment;
use heltid::rule::Rule;
use heltid::{check, kpi, roster, validate, Error, Scenario, SolveOptions, Status};
use proptest::prelude::*;

/// Two calendar weeks from Monday 2027-01-04; D 07:00–15:00 (8 h) and A 14:30–22:00 (7.5 h), so
/// A followed by D the next day leaves 9 h of rest; optional demand 0..3 on every shift (the
/// coverage rule never fires); every 2nd weekend; 71 h is a full-time horizon.
const SMALL: &str = r#"{
  "name": "small",
  "horizon": { "start": "2027-01-04", "weeks": 2, "cyclic": false },
  "full_time_hours_per_week": 35.5,
  "shifts": [ { "id": "D", "start": "07:00", "end": "15:00" },
              { "id": "A", "start": "14:30", "end": "22:00" } ],
  "skills": ["VP", "MED"],
  "demand": [
    { "shift": "D", "days": ["mon","tue","wed","thu","fri","sat","sun"], "min": 0, "max": 3 },
    { "shift": "A", "days": ["mon","tue","wed","thu","fri","sat","sun"], "min": 0, "max": 3 }
  ],
  "staff": [
    { "id": "kari", "skills": ["VP"], "contract_pct": 50, "wish_pct": 60 },
    { "id": "ola", "skills": ["MED"], "contract_pct": 40 }
  ],
  "open_positions": [ { "id": "hfa", "max_count": 3 } ],
  "rules": { "min_rest_hours": 11, "weekly_rest_hours": 35, "max_consecutive_days": 5,
             "hours_tolerance": 4,
             "weekend": { "max_one_in": 2, "complete": true } }
}"#;

/// The 14 dates of [`SMALL`] as a header suffix.
fn small_dates() -> Vec<String> {
    (4..=17).map(|d| format!("2027-01-{d:02}")).collect()
}

/// A CSV for [`SMALL`] from rows of (id, contract, skills, 14 cells).
fn small_csv(rows: &[(&str, &str, &str, [&str; 14])]) -> String {
    let mut out = format!("staff,contract_pct,skills,{}\n", small_dates().join(","));
    for (id, c, s, cells) in rows {
        out.push_str(&format!("{id},{c},{s},{}\n", cells.join(",")));
    }
    out
}

/// A legal rota of [`SMALL`]: kari (50 %, 35.5 ± 4 h, wish 42.6 h) D Monday–Friday of week 1
/// (40 h); ola (40 %, 28.4 ± 4 h) A Monday, Tuesday and the weekend of week 2 (30 h); per, who
/// is only in the CSV (30 %, 21.3 ± 4 h), D on weekend 1 and A on the Wednesday of week 2
/// (23.5 h).
fn legal_rows() -> Vec<(&'static str, &'static str, &'static str, [&'static str; 14])> {
    vec![
        (
            "kari",
            "50",
            "VP",
            ["D", "D", "D", "D", "D", "", "", "", "", "", "", "", "", ""],
        ),
        (
            "ola",
            "40",
            "MED",
            ["", "", "", "", "", "", "", "A", "A", "", "", "", "A", "A"],
        ),
        (
            "per",
            "30",
            "",
            ["", "", "", "", "", "D", "D", "", "", "A", "", "", "", ""],
        ),
    ]
}

fn small() -> Scenario {
    validate::parse_scenario(SMALL).expect("SMALL is valid")
}

/// The issues of an `Error::Rota`, or a failure naming what came instead.
fn rota_issues<T: std::fmt::Debug>(r: heltid::Result<T>) -> Vec<RotaIssue> {
    match r {
        Err(Error::Rota(issues)) => issues,
        other => panic!("expected Error::Rota, got {other:?}"),
    }
}

/// Asserts that `csv` is rejected with exactly one issue of `code` at `line` and `column`.
fn assert_rejected(csv: &str, code: &str, line: usize, column: Option<&str>) -> RotaIssue {
    let issues = rota_issues(parse_rota_csv(&small(), csv));
    assert_eq!(issues.len(), 1, "expected one issue, got {issues:#?}");
    let i = issues[0].clone();
    assert_eq!(i.code, code, "{i:#?}");
    assert_eq!(i.line, line, "{i:#?}");
    assert_eq!(i.column.as_deref(), column, "{i:#?}");
    assert!(!i.message.is_empty() && !i.fix.is_empty());
    i
}

/// Imports a CSV of [`SMALL`] all the way: parse, merged scenario, roster.
fn import_small(csv: &str) -> (Scenario, heltid::Roster) {
    let rota = parse_rota_csv(&small(), csv).expect("the CSV parses");
    let merged = scenario_for_rota(&small(), &rota).expect("the merged scenario validates");
    let roster = rota_roster(&merged, &rota);
    (merged.into_scenario(), roster)
}

/// (rule, staff, date) of every violation.
fn rules_found(
    sc: &Scenario,
    r: &heltid::Roster,
) -> BTreeSet<(Rule, Option<String>, Option<String>)> {
    check::check(sc, r)
        .into_iter()
        .map(|v| (v.rule, v.staff, v.date))
        .collect()
}

fn example(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples/data")
        .join(name)
}

// ---------------------------------------------------------------------------------------------
// Round trips and reading.
// ---------------------------------------------------------------------------------------------

#[test]
fn can_round_trip_a_solved_rota_through_the_csv_grid() {
    let sc = common::scenario("tiny.json");
    let solved = heltid::solve(&sc, &SolveOptions::default()).expect("tiny solves");
    assert_eq!(solved.status, Status::Optimal);
    let csv = roster::to_csv(&sc, &solved).expect("to_csv");
    assert!(csv.starts_with("staff,contract_pct,skills,2027-01-04,"));
    let rota = parse_rota_csv(&sc, &csv).expect("the written grid parses");

    let ids: Vec<&str> = solved.staff.iter().map(|s| s.id.as_str()).collect();
    let read: Vec<&str> = rota.people.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(read, ids);
    for (p, s) in rota.people.iter().zip(&solved.staff) {
        assert_eq!(p.contract_pct, Some(s.position_pct), "{}", p.id);
        assert_eq!(p.skills, Some(vec![]));
    }
    let sorted = |a: &[Assignment]| a.iter().cloned().collect::<BTreeSet<_>>();
    assert_eq!(sorted(&rota.assignments), sorted(&solved.assignments));
    assert_eq!(rota.assignments.len(), solved.assignments.len());

    let merged = scenario_for_rota(&sc, &rota).expect("merged scenario");
    assert!(merged.open_positions.is_empty());
    let imported = rota_roster(&merged, &rota);
    assert_eq!(imported.status, Status::Feasible);
    assert_eq!(imported.headcount, solved.headcount);
    assert_eq!(imported.average_position_pct, solved.average_position_pct);
    common::assert_legal(&merged, &imported);

    let before = kpi::evaluate_roster(&sc, &solved);
    let after = kpi::evaluate_roster(&merged, &imported);
    assert_eq!(before.kpis, after.kpis);
    for (b, a) in before.people.iter().zip(&after.people) {
        assert_eq!(
            (&b.id, b.hours, b.position_pct, b.weekends_worked, b.shifts),
            (&a.id, a.hours, a.position_pct, a.weekends_worked, a.shifts)
        );
    }
    // And once more: the imported roster writes the same grid.
    assert_eq!(roster::to_csv(&merged, &imported).expect("to_csv"), csv);
}

#[test]
fn can_read_people_contracts_skills_and_cells() {
    let csv = small_csv(&legal_rows());
    let rota = parse_rota_csv(&small(), &csv).expect("parses");
    assert_eq!(rota.people.len(), 3);
    assert_eq!(rota.people[0].id, "kari");
    assert_eq!(rota.people[0].contract_pct, Some(50.0));
    assert_eq!(rota.people[0].skills, Some(vec!["VP".to_string()]));
    assert_eq!(rota.people[0].line, 2);
    assert_eq!(rota.people[2].skills, Some(vec![]));
    assert_eq!(rota.people[2].line, 4);
    assert_eq!(rota.assignments.len(), 5 + 4 + 3);
    assert_eq!(
        rota.assignments[0],
        Assignment {
            staff: "kari".into(),
            date: "2027-01-04".into(),
            shift: "D".into()
        }
    );
}

#[test]
fn can_read_without_the_optional_columns_and_with_spaces_dashes_and_a_bom() {
    let dates = small_dates();
    let cells = |first: &str| {
        let mut c = vec!["-"; 14];
        c[0] = first;
        c.join(" , ")
    };
    // staff,<dates>
    let csv = format!("staff,{}\n kari , {}\n", dates.join(","), cells("D"));
    let rota = parse_rota_csv(&small(), &csv).expect("staff,<dates> parses");
    assert_eq!(rota.people[0].id, "kari");
    assert_eq!(rota.people[0].contract_pct, None);
    assert_eq!(rota.people[0].skills, None);
    assert_eq!(rota.assignments.len(), 1);
    // staff,contract_pct,<dates>, a byte-order mark, blank lines and trailing empty cells.
    let csv = format!(
        "\u{feff}staff,contract_pct,{}\n\nkari, 50 ,{},,\n,,,\n",
        dates.join(","),
        cells("A")
    );
    let rota = parse_rota_csv(&small(), &csv).expect("staff,contract_pct,<dates> parses");
    assert_eq!(rota.people.len(), 1);
    assert_eq!(rota.people[0].contract_pct, Some(50.0));
    assert_eq!(rota.people[0].line, 3);
    assert_eq!(rota.assignments[0].shift, "A");
    // Skills separated by `;` with spaces, repeated ones once; a quoted contract with a comma.
    let csv = format!(
        "staff,contract_pct,skills,{}\nkari,\"50,5\", VP ; MED;VP ,{}\n",
        dates.join(","),
        cells("")
    );
    let rota = parse_rota_csv(&small(), &csv).expect("parses");
    assert_eq!(rota.people[0].contract_pct, Some(50.5));
    assert_eq!(
        rota.people[0].skills,
        Some(vec!["VP".to_string(), "MED".to_string()])
    );
    assert!(rota.assignments.is_empty());
}

#[test]
fn can_read_crlf_line_endings_and_quoted_cells() {
    let csv = small_csv(&legal_rows()).replace('\n', "\r\n").replacen(
        "kari,50,VP,",
        "\"kari\",\"50\",\"VP\",",
        1,
    );
    let rota = parse_rota_csv(&small(), &csv).expect("parses");
    assert_eq!(
        rota,
        parse_rota_csv(&small(), &small_csv(&legal_rows())).expect("parses")
    );
    let bad = csv.replacen("ola,40,MED,,,,,,,,A,", "ola,40,MED,,,,,,,,X,", 1);
    let i = assert_rejected(&bad, "unknown-shift", 3, Some("2027-01-11"));
    assert!(i.message.contains("\"X\""));
}

#[test]
fn can_load_a_file_and_report_a_missing_one() {
    let dir = std::env::temp_dir().join(format!("heltid-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("rota.csv");
    std::fs::write(&path, small_csv(&legal_rows())).expect("write");
    let rota = load_rota_csv(&small(), &path).expect("loads");
    assert_eq!(rota.people.len(), 3);
    match load_rota_csv(&small(), dir.join("nope.csv")) {
        Err(Error::Io { path, .. }) => assert!(path.ends_with("nope.csv")),
        other => panic!("expected Error::Io, got {other:?}"),
    }
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------------------------------------
// One test per issue code.
// ---------------------------------------------------------------------------------------------

#[test]
fn rejects_an_empty_file_as_missing_header() {
    assert_rejected("", "missing-header", 1, None);
    assert_rejected("\n\n", "missing-header", 1, None);
}

#[test]
fn rejects_a_file_that_starts_with_data_as_missing_header() {
    let csv = "kari,50,VP,D,D\nola,40,MED,A,A\n";
    let i = assert_rejected(csv, "missing-header", 1, None);
    assert!(i.message.contains("kari"), "{}", i.message);
}

#[test]
fn rejects_a_misnamed_first_column_as_bad_header() {
    let csv = small_csv(&legal_rows()).replacen("staff,", "name,", 1);
    assert_rejected(&csv, "bad-header", 1, Some("name"));
}

#[test]
fn rejects_an_unknown_column_before_the_dates_as_bad_header() {
    let csv = small_csv(&legal_rows()).replacen("contract_pct", "contract", 1);
    let i = assert_rejected(&csv, "bad-header", 1, Some("contract"));
    assert!(
        i.message.contains("contract_pct"),
        "suggests: {}",
        i.message
    );
}

#[test]
fn rejects_a_header_that_is_not_a_date() {
    let csv = small_csv(&legal_rows()).replacen("2027-01-05", "2027-01-5", 1);
    let issues = rota_issues(parse_rota_csv(&small(), &csv));
    let codes: Vec<(&str, usize, Option<&str>)> = issues
        .iter()
        .map(|i| (i.code, i.line, i.column.as_deref()))
        .collect();
    assert_eq!(
        codes,
        vec![
            ("not-a-date", 1, Some("2027-01-5")),
            ("missing-date", 1, Some("2027-01-05"))
        ]
    );
}

/// The legal grid with one more (empty) column named `name` at the end.
fn with_extra_column(name: &str) -> String {
    small_csv(&legal_rows())
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("{l},{name}\n")
            } else {
                format!("{l},\n")
            }
        })
        .collect()
}

#[test]
fn rejects_a_date_outside_the_horizon() {
    let csv = with_extra_column("2027-01-18");
    let i = assert_rejected(&csv, "date-outside-horizon", 1, Some("2027-01-18"));
    assert!(i.message.contains("2027-01-04"), "{}", i.message);
}

#[test]
fn rejects_a_duplicate_date() {
    let csv = with_extra_column("2027-01-04");
    assert_rejected(&csv, "duplicate-date", 1, Some("2027-01-04"));
}

#[test]
fn rejects_missing_dates_once_per_run() {
    // Drop the last column (2027-01-17).
    let csv: String = small_csv(&legal_rows())
        .lines()
        .map(|l| format!("{}\n", &l[..l.rfind(',').unwrap_or(0)]))
        .collect();
    let i = assert_rejected(&csv, "missing-date", 1, Some("2027-01-17"));
    assert!(i.message.contains("2027-01-17"));
    // A 1-week grid against a 2-week horizon: one issue for the 7 missing dates.
    let csv =
        "staff,2027-01-04,2027-01-05,2027-01-06,2027-01-07,2027-01-08,2027-01-09,2027-01-10\n";
    let i = assert_rejected(csv, "missing-date", 1, Some("2027-01-11"));
    assert!(i.message.contains("7 dates"), "{}", i.message);
}

#[test]
fn rejects_a_ragged_row() {
    let mut csv = small_csv(&legal_rows());
    csv = csv.replacen("kari,50,VP,D,", "kari,50,VP,", 1);
    assert_rejected(&csv, "ragged-row", 2, None);
    let csv = format!("{},X\n", small_csv(&legal_rows()).trim_end());
    assert_rejected(&csv, "ragged-row", 4, None);
}

#[test]
fn rejects_an_empty_id() {
    let csv = small_csv(&legal_rows()).replacen("ola,", " ,", 1);
    assert_rejected(&csv, "empty-id", 3, Some("staff"));
}

#[test]
fn rejects_an_id_with_a_separator() {
    let csv = small_csv(&legal_rows()).replacen("ola,", "o;la,", 1);
    assert_rejected(&csv, "bad-id", 3, Some("staff"));
}

#[test]
fn rejects_a_duplicate_person() {
    let csv = small_csv(&legal_rows()).replacen("per,", "kari,", 1);
    let i = assert_rejected(&csv, "duplicate-person", 4, Some("staff"));
    assert!(i.message.contains("line 2"), "{}", i.message);
}

#[test]
fn rejects_a_bad_contract() {
    for bad in ["abc", "0", "-5", "100.5", "NaN", "inf", "33.3333333333"] {
        let csv = small_csv(&legal_rows()).replacen("ola,40,", &format!("ola,{bad},"), 1);
        assert_rejected(&csv, "bad-contract", 3, Some("contract_pct"));
    }
}

#[test]
fn rejects_an_unknown_skill() {
    let csv = small_csv(&legal_rows()).replacen("ola,40,MED,", "ola,40,MED;RN,", 1);
    let i = assert_rejected(&csv, "unknown-skill", 3, Some("skills"));
    assert!(i.message.contains("RN"));
}

#[test]
fn rejects_an_unknown_shift_naming_line_column_and_cell_with_a_suggestion() {
    let csv = small_csv(&legal_rows()).replacen("ola,40,MED,,,,,,,,A,", "ola,40,MED,,,,,,,,a,", 1);
    let i = assert_rejected(&csv, "unknown-shift", 3, Some("2027-01-11"));
    assert!(i.message.contains("line 3"), "{}", i.message);
    assert!(i.message.contains("2027-01-11"), "{}", i.message);
    assert!(i.message.contains("\"a\""), "{}", i.message);
    assert!(i.fix.contains("Did you mean `A`?"), "{}", i.fix);
}

#[test]
fn rejects_a_contract_that_disagrees_with_the_scenario() {
    let csv = small_csv(&legal_rows()).replacen("ola,40,", "ola,45,", 1);
    let rota = parse_rota_csv(&small(), &csv).expect("the grid itself is fine");
    let issues = rota_issues(scenario_for_rota(&small(), &rota));
    assert_eq!(issues.len(), 1, "{issues:#?}");
    assert_eq!(
        (issues[0].code, issues[0].line, issues[0].column.as_deref()),
        ("contract-mismatch", 3, Some("contract_pct"))
    );
}

#[test]
fn rejects_skills_that_disagree_with_the_scenario() {
    let csv = small_csv(&legal_rows()).replacen("kari,50,VP,", "kari,50,VP;MED,", 1);
    let rota = parse_rota_csv(&small(), &csv).expect("the grid itself is fine");
    let issues = rota_issues(scenario_for_rota(&small(), &rota));
    assert_eq!(issues.len(), 1, "{issues:#?}");
    assert_eq!(
        (issues[0].code, issues[0].line, issues[0].column.as_deref()),
        ("skills-mismatch", 2, Some("skills"))
    );
    // The same skills in another order agree.
    let csv = small_csv(&legal_rows()).replacen("ola,40,MED,", "ola,40, MED ,", 1);
    let rota = parse_rota_csv(&small(), &csv).expect("parses");
    scenario_for_rota(&small(), &rota).expect("agrees");
}

#[test]
fn rejects_a_new_person_without_contract_or_shifts() {
    let mut rows = legal_rows();
    rows.push(("siri", "", "", [""; 14]));
    let rota = parse_rota_csv(&small(), &small_csv(&rows)).expect("parses");
    let issues = rota_issues(scenario_for_rota(&small(), &rota));
    assert_eq!(
        issues
            .iter()
            .map(|i| (i.code, i.line, i.column.as_deref()))
            .collect::<Vec<_>>(),
        vec![("missing-contract", 5, Some("contract_pct"))]
    );
}

#[test]
fn can_collect_every_problem_at_once() {
    let csv = small_csv(&legal_rows())
        .replacen("ola,40,MED,,,,,,,,A,", "ola,x,MED,,,,,,,,Q,", 1)
        .replacen("per,30,,", "kari,30,XY,", 1);
    let issues = rota_issues(parse_rota_csv(&small(), &csv));
    let got: Vec<(&str, usize)> = issues.iter().map(|i| (i.code, i.line)).collect();
    assert_eq!(
        got,
        vec![
            ("bad-contract", 3),
            ("unknown-shift", 3),
            ("duplicate-person", 4),
            ("unknown-skill", 4)
        ]
    );
    let shown = Error::Rota(issues).to_string();
    assert!(shown.starts_with("the rota has 4 problem(s):\n"), "{shown}");
    assert!(
        shown.contains("[unknown-shift] line 3, column 2027-01-11:"),
        "{shown}"
    );
}

// ---------------------------------------------------------------------------------------------
// The merged scenario and the imported roster.
// ---------------------------------------------------------------------------------------------

#[test]
fn can_take_people_missing_from_the_scenario_from_the_csv() {
    let (merged, roster) = import_small(&small_csv(&legal_rows()));
    let ids: Vec<&str> = merged.staff.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["kari", "ola", "per"]);
    assert_eq!(merged.staff[0].wish_pct, Some(60.0), "kari keeps her wish");
    assert_eq!(merged.staff[2].contract_pct, 30.0);
    assert!(merged.staff[2].skills.is_empty());
    assert!(merged.open_positions.is_empty());
    assert_eq!(roster.headcount, 3);
    assert_eq!(roster.scenario, "small");
    assert_eq!(roster.headcount_lower_bound, 0);
    assert_eq!(roster.average_position_upper_bound_pct, 100.0);
    assert_eq!(roster.staff[1].hours, 30.0);
    assert_eq!(roster.staff[1].weekends_worked, 1);
    assert_eq!(roster.staff[2].contract_pct, Some(30.0));
    common::assert_legal(&merged, &roster);
}

#[test]
fn can_size_a_new_person_without_contract_from_their_hours() {
    let rows: Vec<_> = legal_rows()
        .into_iter()
        .map(|(id, c, s, cells)| (id, if id == "per" { "" } else { c }, s, cells))
        .collect();
    let (merged, roster) = import_small(&small_csv(&rows));
    // 23.5 h of 71 h = 33.098... %.
    assert_eq!(merged.staff[2].contract_pct, 33.1);
    common::assert_legal(&merged, &roster);
}

#[test]
fn can_report_scenario_staff_missing_from_the_csv_as_a_violation() {
    let rows: Vec<_> = legal_rows().into_iter().filter(|r| r.0 != "ola").collect();
    let (merged, roster) = import_small(&small_csv(&rows));
    assert_eq!(merged.staff.len(), 3, "ola stays in the scenario");
    let found = rules_found(&merged, &roster);
    assert_eq!(
        found,
        BTreeSet::from([(Rule::RosterFormat, Some("ola".to_string()), None)])
    );
}

#[test]
fn can_find_exactly_the_planted_violations() {
    let legal = small_csv(&legal_rows());
    let (merged, roster) = import_small(&legal);
    assert!(rules_found(&merged, &roster).is_empty());

    let mut rows = legal_rows();
    // Rest: kari works A on Wednesday and D on Thursday (22:00 → 07:00 is 9 h).
    rows[0].3[2] = "A";
    // Weekend frequency: ola moves her Monday and Tuesday of week 2 to weekend 1, so she works
    // both weekends of an every-2nd-weekend rule.
    rows[1].3[7] = "";
    rows[1].3[8] = "";
    rows[1].3[5] = "A";
    rows[1].3[6] = "A";
    // Hours: per drops the Wednesday of week 2 and has 15 h of 21.3 ± 4.
    rows[2].3[9] = "";
    let (merged, roster) = import_small(&small_csv(&rows));
    let found = rules_found(&merged, &roster);
    let s = |x: &str| Some(x.to_string());
    let expected = BTreeSet::from([
        (Rule::Rest, s("kari"), s("2027-01-06")),
        (Rule::WeekendFrequency, s("ola"), s("2027-01-09")),
        (Rule::Hours, s("per"), None),
    ]);
    assert_eq!(
        found,
        expected,
        "{}",
        check::format_violations(&check::check(&merged, &roster))
    );
}

// ---------------------------------------------------------------------------------------------
// Demand from the rota.
// ---------------------------------------------------------------------------------------------

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

fn date(s: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// Total demand (min, max) of every (date index, shift) of a scenario with per-date or
/// per-weekday total entries; absent pairs have demand 0.
fn total_demand(sc: &Scenario) -> BTreeMap<(i64, String), (i64, i64)> {
    let start = date(&sc.horizon.start).expect("start");
    let days = sc.horizon.weeks * 7;
    let mut by_days = BTreeMap::new();
    let mut by_dates = BTreeMap::new();
    for e in sc.demand.iter().filter(|e| !e.is_skill()) {
        let max = e.effective_max().expect("total max");
        for d in 0..days {
            let date = (start + chrono::Days::new(d as u64))
                .format("%Y-%m-%d")
                .to_string();
            if let Some(ds) = &e.days {
                if ds.iter().any(|w| w == WEEKDAYS[(d % 7) as usize]) {
                    by_days.insert((d, e.shift.clone()), (e.min, max));
                }
            }
            if let Some(ds) = &e.dates {
                if ds.contains(&date) {
                    by_dates.insert((d, e.shift.clone()), (e.min, max));
                }
            }
        }
    }
    by_days.extend(by_dates);
    by_days.retain(|_, v| *v != (0, 0));
    by_days
}

/// Head count of every covered (date index, shift) of a rota.
fn coverage(sc: &Scenario, rota: &Rota) -> BTreeMap<(i64, String), (i64, i64)> {
    let start = date(&sc.horizon.start).expect("start");
    let mut out = BTreeMap::new();
    for a in &rota.assignments {
        let d = (date(&a.date).expect("date") - start).num_days();
        let e = out.entry((d, a.shift.clone())).or_insert((0, 0));
        e.0 += 1;
        e.1 += 1;
    }
    out
}

#[test]
fn can_infer_exact_demand_from_a_legal_rota() {
    let sc = validate::load_scenario(example("group-home-today.json")).expect("scenario");
    let rota = load_rota_csv(&sc, example("group-home-today.csv")).expect("rota");
    let merged = scenario_for_rota(&sc, &rota).expect("merged");
    let inferred = demand_from_rota(&merged, &rota);
    assert!(validate::validate(&inferred).is_empty());
    // The rota covers exactly the written demand, so the inferred demand is that demand.
    assert_eq!(total_demand(&inferred), coverage(&sc, &rota));
    assert_eq!(total_demand(&inferred), total_demand(&sc));
    // Skill entries are kept as they are.
    let skill = |s: &Scenario| {
        s.demand
            .iter()
            .filter(|e| e.is_skill())
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(skill(&inferred), skill(&sc));
    // Shift order, then count ascending.
    let order: Vec<(&str, i64)> = inferred
        .demand
        .iter()
        .filter(|e| !e.is_skill())
        .map(|e| (e.shift.as_str(), e.min))
        .collect();
    assert_eq!(
        order,
        [("D", 4), ("D", 5), ("D", 6), ("A", 4), ("A", 5), ("N", 2)]
    );
    common::assert_legal(&inferred, &rota_roster(&inferred, &rota));
}

#[test]
fn can_infer_zero_demand_where_nobody_works() {
    let (merged, _) = import_small(&small_csv(&legal_rows()));
    let rota = parse_rota_csv(&small(), &small_csv(&legal_rows())).expect("parses");
    let inferred = demand_from_rota(&merged, &rota);
    let demand = total_demand(&inferred);
    assert_eq!(demand, coverage(&merged, &rota));
    // Nobody works D on Monday of week 2 (day 7): no entry, so demand 0.
    assert!(!demand.contains_key(&(7, "D".to_string())));
    assert_eq!(demand.get(&(0, "D".to_string())), Some(&(1, 1)));
    common::assert_legal(&inferred, &rota_roster(&inferred, &rota));
    // Working that shift now breaks coverage (demand 0 means nobody may work it).
    let mut extra = rota.clone();
    extra.assignments.push(Assignment {
        staff: "per".into(),
        date: "2027-01-11".into(),
        shift: "D".into(),
    });
    let found = rules_found(&inferred, &rota_roster(&inferred, &extra));
    assert!(
        found.contains(&(Rule::Coverage, None, Some("2027-01-11".to_string()))),
        "{found:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// The shipped group-home example.
// ---------------------------------------------------------------------------------------------

#[test]
fn can_import_the_group_home_as_a_legal_rota_of_33_positions() {
    let sc = validate::load_scenario(example("group-home-today.json")).expect("scenario");
    let rota = load_rota_csv(&sc, example("group-home-today.csv")).expect("rota");
    let merged = scenario_for_rota(&sc, &rota).expect("merged");
    assert_eq!(
        merged.staff.len(),
        sc.staff.len(),
        "every CSV person is scenario staff"
    );
    let roster = rota_roster(&merged, &rota);
    common::assert_legal(&merged, &roster);
    assert_eq!(roster.headcount, 33);
    let fte: f64 = sc.staff.iter().map(|s| s.contract_pct).sum::<f64>() / 100.0;
    assert!((fte - 18.68).abs() < 1e-9, "{fte}");
    assert!(roster.kpis.weekend_only_positions > 0, "{:?}", roster.kpis);
    // Every third weekend: nobody works more than 2 of the 6.
    assert!(roster.staff.iter().all(|s| s.weekends_worked <= 2));
}

// ---------------------------------------------------------------------------------------------
// Never panics.
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(common::proptest_config(256))]

    #[test]
    fn never_panics_on_random_text(text in "(?s).{0,400}") {
        let sc = small();
        if let Ok(rota) = parse_rota_csv(&sc, &text) {
            if let Ok(m) = scenario_for_rota(&sc, &rota) {
                let _ = check::check(&m, &rota_roster(&m, &rota));
            }
            let _ = demand_from_rota(&sc, &rota);
        }
    }

    #[test]
    fn never_panics_on_mutated_grids(
        edits in proptest::collection::vec((0usize..2000, "[-,;\"\n\r A-Za-z0-9.%\u{feff}é]{0,4}", 0usize..4), 0..8)
    ) {
        let sc = small();
        let mut text = small_csv(&legal_rows());
        for (at, insert, remove) in edits {
            let mut chars: Vec<char> = text.chars().collect();
            let at = at % (chars.len() + 1);
            let end = (at + remove).min(chars.len());
            chars.splice(at..end, insert.chars());
            text = chars.into_iter().collect();
        }
        match parse_rota_csv(&sc, &text) {
            Ok(rota) => {
                let _ = demand_from_rota(&sc, &rota);
                if let Ok(m) = scenario_for_rota(&sc, &rota) {
                    let r = rota_roster(&m, &rota);
                    let _ = check::check(&m, &r);
                    let _ = roster::to_csv(&m, &r);
                }
            }
            Err(Error::Rota(issues)) => {
                prop_assert!(!issues.is_empty());
                prop_assert!(issues.iter().all(|i| i.line >= 1 && heltid::import::CODES.contains(&i.code)));
            }
            Err(e) => prop_assert!(false, "unexpected error {e}"),
        }
    }
}
