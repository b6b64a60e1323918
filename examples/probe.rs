use heltid::*;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let tl: f64 = std::env::args()
        .nth(2)
        .map(|s| s.parse().unwrap())
        .unwrap_or(60.0);
    let verbose = std::env::var("V").is_ok();
    let text = std::fs::read_to_string(&path).unwrap();
    let sc: Scenario = serde_json::from_str(&text).unwrap();
    let opts = SolveOptions {
        time_limit: tl,
        verbose,
        tie_breaks: std::env::var("NOTB").is_err(),
        ..Default::default()
    };
    let sol = solve::solve_full(&sc, &opts).unwrap();
    let r = &sol.roster;
    println!("{path}: size {:?} bounds {:?}", sol.size, sol.bounds);
    for p in &sol.phases {
        println!("  {:?}", p);
    }
    println!(
        "  status {} headcount {} lb {} avg {} ub {} t {} expl {:?}",
        r.status,
        r.headcount,
        r.headcount_lower_bound,
        r.average_position_pct,
        r.average_position_upper_bound_pct,
        r.solve_seconds,
        r.explanation
    );
    let v = check::check(&sc, r);
    println!("  violations: {}", v.len());
}
