//! The rolling horizon builds long calendar plans block by block; its roster must be legal.

mod common;

use common::{assert_legal, scenario};
use heltid::bounds;
use heltid::formulation::{Formulation, Options};
use heltid::model::Model;
use heltid::solve::output::{self, Claims};
use heltid::solve::rolling;
use heltid::{SolveOptions, Status};

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
fn can_build_a_legal_calendar_plan_block_by_block() {
    let sc = quarter();
    let m = Model::new(&sc).unwrap();
    let f = Formulation::new(&m, Options::default());
    assert!(
        rolling::applies(&f),
        "12 weeks, not cyclic: the rolling horizon applies"
    );
    let lb = bounds::bounds(&m).headcount().unwrap();
    let opts = SolveOptions::default();
    let values = (lb..lb + 3)
        .find_map(|h| rolling::roster(&f, h, &opts, 120.0).unwrap())
        .expect("a roster within three people of the bound");
    let assign = f.assignments(&values);
    let claims = Claims {
        average_upper_bound_pct: None,
        status: Status::Feasible,
        headcount_lower_bound: lb,
        hours_upper_bound_units: None,
        seconds: 0.0,
    };
    let r = output::from_solution(&m, &sc, &assign, claims);
    assert_legal(&sc, &r);
    assert!(r.headcount >= lb);
}

#[test]
fn can_solve_a_calendar_plan_through_the_public_api() {
    let sc = quarter();
    let r = common::solve_checked(&sc, 40.0);
    assert_ne!(r.status, Status::Infeasible);
}
