//! Helpers shared by the integration tests and properties.
#![allow(dead_code)]

use std::path::PathBuf;

use heltid::{check, validate, Roster, Scenario, SolveOptions, Status};

/// Path of a file in `tests/data`.
pub fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// Loads and validates a scenario from `tests/data`.
pub fn scenario(name: &str) -> Scenario {
    validate::load_scenario(data(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Fails with the scenario and the roster when the independent checker finds a violation.
pub fn assert_legal(sc: &Scenario, r: &Roster) {
    let v = check::check(sc, r);
    if !v.is_empty() {
        panic!(
            "the checker rejects the roster:\n{}\n--- scenario ---\n{}\n--- roster ---\n{}",
            check::format_violations(&v),
            serde_json::to_string_pretty(sc).unwrap_or_default(),
            serde_json::to_string_pretty(r).unwrap_or_default()
        );
    }
}

/// Solves with a time limit and checks the result; infeasible rosters are returned as they are.
pub fn solve_checked(sc: &Scenario, time_limit: f64) -> Roster {
    let opts = SolveOptions {
        time_limit,
        ..SolveOptions::default()
    };
    let r = heltid::solve(sc, &opts).unwrap_or_else(|e| panic!("solve failed: {e}"));
    if r.status != Status::Infeasible {
        assert_legal(sc, &r);
        assert!(
            r.headcount_lower_bound <= r.headcount,
            "bound above headcount"
        );
        assert!(r.average_position_upper_bound_pct + 0.05 >= r.average_position_pct);
    }
    r
}

/// A proptest configuration that saves failing cases next to the test file
/// (`tests/<file>.proptest-regressions`, to be committed) and replays them first. Proptest's
/// default looks for `lib.rs` beside the source, which `tests/` has not, so it saved nothing.
pub fn proptest_config(cases: u32) -> proptest::test_runner::Config {
    proptest::test_runner::Config {
        cases,
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"),
        )),
        ..proptest::test_runner::Config::default()
    }
}
