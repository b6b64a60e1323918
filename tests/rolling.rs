//! A calendar plan long enough for the rolling horizon, solved through the public API (the
//! block-by-block construction itself is unit-tested in `src/solve/rolling.rs`).

mod common;

use common::scenario;
use heltid::Status;

/// The annual plan cut to its first 12 weeks (dates beyond dropped).
fn quarter() -> heltid::Scenario {
    let mut sc = scenario("annual-52w.json");
    sc.horizon.weeks = 12;
    let inside = |d: &String| d.as_str() < "2027-03-29";
    for e in &mut sc.demand {
        if let Some(dates) = e.dates.as_mut() {
            dates.retain(inside);
        }
    }
    sc.demand
        .retain(|e| e.dates.as_ref().is_none_or(|d| !d.is_empty()));
    for st in &mut sc.staff {
        st.unavailable.retain(inside);
    }
    sc
}

#[test]
fn can_solve_a_calendar_plan_through_the_public_api() {
    let sc = quarter();
    let r = common::solve_checked(&sc, 40.0);
    assert_ne!(r.status, Status::Infeasible);
}
