//! Public holidays (issue 9.2): `horizon.holidays`, demand entries listing `"holiday"`, the
//! checker and the key figures, on Easter 2027 (Maundy Thursday 25 March to Easter Monday
//! 29 March).

mod common;

use std::collections::BTreeMap;

use common::{assert_legal, scenario, solve_checked};
use heltid::check::check;
use heltid::kpi::evaluate_roster;
use heltid::roster::Assignment;
use heltid::rule::Rule;
use heltid::scenario::Holidays;
use heltid::{Roster, Scenario};

/// People per (date, shift) of a roster.
fn crews(r: &Roster) -> BTreeMap<(String, String), usize> {
    let mut out = BTreeMap::new();
    for a in &r.assignments {
        *out.entry((a.date.clone(), a.shift.clone())).or_default() += 1;
    }
    out
}

fn crew(r: &Roster, date: &str, shift: &str) -> usize {
    crews(r)
        .get(&(date.to_string(), shift.to_string()))
        .copied()
        .unwrap_or(0)
}

#[test]
fn can_staff_holidays_by_the_entries_that_list_them() {
    let sc = scenario("easter-2w.json");
    let r = solve_checked(&sc, 30.0);
    assert_legal(&sc, &r);
    // Holidays on weekdays (Maundy Thursday, Good Friday, Easter Monday): like a Sunday, and no
    // Monday-to-Friday M shift.
    for date in ["2027-03-25", "2027-03-26", "2027-03-29"] {
        assert_eq!(crew(&r, date, "D"), 2, "D on {date}");
        assert_eq!(crew(&r, date, "M"), 0, "M on {date}");
    }
    assert_eq!(crew(&r, "2027-03-26", "A"), 2);
    assert_eq!(crew(&r, "2027-03-29", "A"), 2);
    // Ordinary weekdays keep their demand, their skill entries too.
    for date in ["2027-03-24", "2027-03-30"] {
        assert_eq!(crew(&r, date, "D"), 3, "D on {date}");
        assert_eq!(crew(&r, date, "M"), 1, "M on {date}");
        assert!(rn(&sc, &r, date, "D") >= 2, "RN on D on {date}");
    }
    // On holidays the holiday skill entry (exactly 1 RN on D) replaces the weekday one
    // (at least 2), and Maundy Thursday's `dates` entry (A 3) replaces the holiday entry.
    for date in ["2027-03-25", "2027-03-26", "2027-03-28", "2027-03-29"] {
        assert_eq!(rn(&sc, &r, date, "D"), 1, "RN on D on {date}");
    }
    assert_eq!(crew(&r, "2027-03-25", "A"), 3);
    // The key figures count holidays per person: 2 D + 2 A on three holidays and 2 D + 3 A on
    // Maundy Thursday, every shift wholly inside its date.
    let e = evaluate_roster(&sc, &r);
    let worked: u32 = e.people.iter().map(|p| p.holidays_worked).sum();
    let hours: f64 = e.people.iter().map(|p| p.holiday_hours).sum();
    assert_eq!(worked, 17);
    assert!((hours - 17.0 * 7.5).abs() < 1e-9, "{hours}");
    assert_eq!(e.kpis.over_coverage_hours, 0.0);
}

/// RN holders on a (date, shift) of a roster.
fn rn(sc: &Scenario, r: &Roster, date: &str, shift: &str) -> usize {
    let holds = |skills: &[String]| skills.iter().any(|k| k == "RN");
    let rn_ids: Vec<&str> = r
        .staff
        .iter()
        .filter(|s| match &s.template {
            Some(t) => sc
                .open_positions
                .iter()
                .any(|o| &o.id == t && holds(&o.skills)),
            None => sc.staff.iter().any(|p| p.id == s.id && holds(&p.skills)),
        })
        .map(|s| s.id.as_str())
        .collect();
    r.assignments
        .iter()
        .filter(|a| a.date == date && a.shift == shift && rn_ids.contains(&a.staff.as_str()))
        .count()
}

#[test]
fn rejects_a_weekday_crew_on_a_holiday() {
    let sc = scenario("easter-2w.json");
    let mut r = solve_checked(&sc, 30.0);
    // Someone free on Easter Monday takes the Monday-only M shift.
    let busy: Vec<&str> = r
        .assignments
        .iter()
        .filter(|a| a.date == "2027-03-29")
        .map(|a| a.staff.as_str())
        .collect();
    let free = r
        .staff
        .iter()
        .find(|s| !busy.contains(&s.id.as_str()))
        .expect("someone is off on Easter Monday")
        .id
        .clone();
    r.assignments.push(Assignment {
        staff: free,
        date: "2027-03-29".into(),
        shift: "M".into(),
    });
    let v = check(&sc, &r);
    assert!(
        v.iter().any(|v| v.rule == Rule::Coverage
            && v.message.contains("2027-03-29")
            && v.message.contains("M on")),
        "{v:#?}"
    );
    // The key figures read the holiday's demand too: the M shift (6 h) is over it.
    assert_eq!(evaluate_roster(&sc, &r).kpis.over_coverage_hours, 6.0);
}

/// The Easter scenario with holidays named but no entry listing them.
fn without_holiday_entries() -> Scenario {
    let mut sc = scenario("easter-2w.json");
    for e in &mut sc.demand {
        if let Some(days) = &mut e.days {
            days.retain(|d| d != "holiday");
        }
    }
    sc.demand
        .retain(|e| e.days.as_ref().is_none_or(|d| !d.is_empty()));
    sc
}

#[test]
fn can_keep_weekday_demand_on_holidays_without_holiday_entries() {
    let sc = without_holiday_entries();
    let r = solve_checked(&sc, 30.0);
    assert_legal(&sc, &r);
    assert_eq!(crew(&r, "2027-03-29", "D"), 3);
    assert_eq!(crew(&r, "2027-03-29", "M"), 1);
    assert!(rn(&sc, &r, "2027-03-29", "D") >= 2);
    // Holidays still count in the key figures: D 3 + M 1 + A 2 on Thursday, Friday and
    // Monday, D 2 + A 3 on Easter Sunday.
    let e = evaluate_roster(&sc, &r);
    assert_eq!(
        e.people.iter().map(|p| p.holidays_worked).sum::<u32>(),
        3 * 6 + 5
    );
}

#[test]
fn can_name_holidays_as_dates() {
    // Only Easter Monday, listed by hand: Maundy Thursday is an ordinary Thursday again.
    let mut sc = scenario("easter-2w.json");
    sc.horizon.holidays = Some(Holidays::Dates(vec!["2027-03-29".into()]));
    let r = solve_checked(&sc, 30.0);
    assert_legal(&sc, &r);
    assert_eq!(crew(&r, "2027-03-29", "M"), 0);
    assert_eq!(crew(&r, "2027-03-25", "M"), 1);
    assert_eq!(crew(&r, "2027-03-25", "D"), 3);
    assert!(rn(&sc, &r, "2027-03-25", "D") >= 2);
}

#[test]
fn can_round_trip_the_holidays_field() {
    for holidays in [
        Holidays::Calendar("NO".into()),
        Holidays::Dates(vec!["2027-03-29".into(), "2027-03-25".into()]),
    ] {
        let mut sc = scenario("easter-2w.json");
        sc.horizon.holidays = Some(holidays);
        let text = serde_json::to_string(&sc).unwrap();
        let back = heltid::parse_scenario(&text).unwrap();
        assert_eq!(back, sc);
    }
}

#[test]
fn can_keep_holiday_demand_when_inferring_demand_from_a_rota() {
    // The rota's crews become `dates` entries; the weekday skill entry (at least 2 RN on D)
    // must still not apply on holidays, where the holiday skill entry (exactly 1) does.
    let sc = scenario("easter-2w.json");
    inferred_from_a_solved_rota(&sc);
}

/// Solves `sc`, writes the roster as a rota CSV, reads it back and infers the demand from it
/// (`--demand-from-rota`); the rota must be legal under the inferred demand.
fn inferred_from_a_solved_rota(sc: &Scenario) -> Scenario {
    let r = solve_checked(sc, 30.0);
    let csv = heltid::roster::to_csv(sc, &r).unwrap();
    let rota = heltid::import::parse_rota_csv(sc, &csv).unwrap();
    let merged = heltid::import::scenario_for_rota(sc, &rota).unwrap();
    let inferred = heltid::import::demand_from_rota(merged.scenario(), &rota);
    assert!(heltid::validate::validate(&inferred).is_empty());
    assert_legal(&inferred, &heltid::import::rota_roster(&inferred, &rota));
    inferred
}

#[test]
fn can_keep_the_holiday_switch_when_only_totals_listed_holidays() {
    // Without the holiday skill entry only total entries list "holiday"; the inferred demand
    // replaces them by dates entries and must keep the switch on, or the Monday-to-Friday RN
    // entry would apply on Maundy Thursday, Good Friday and Easter Monday.
    let mut sc = scenario("easter-2w.json");
    sc.demand
        .retain(|e| !(e.is_skill() && e.days.iter().flatten().any(|d| d == "holiday")));
    let inferred = inferred_from_a_solved_rota(&sc);
    let lists_holiday = inferred
        .demand
        .iter()
        .any(|e| e.days.iter().flatten().any(|d| d == "holiday"));
    assert!(lists_holiday, "{:#?}", inferred.demand);
}

#[test]
fn can_mark_holidays_in_the_report() {
    let sc = scenario("easter-2w.json");
    let r = solve_checked(&sc, 30.0);
    let side = heltid::compare::side("new design", &sc, r).unwrap();
    let html = heltid::report::roster_html(&side);
    assert!(html.contains("public holiday"), "legend");
    // The four holidays of Easter 2027 are marked with their names, the other dates not.
    assert_eq!(html.matches("<th class=\"hol").count(), 4);
    for name in [
        "skjærtorsdag",
        "langfredag",
        "første påskedag",
        "andre påskedag",
    ] {
        assert!(html.contains(name), "{name}");
    }
    // Without holidays, no mark and no legend entry.
    let mut plain = sc.clone();
    plain.horizon.holidays = None;
    plain
        .demand
        .retain(|e| !e.days.iter().flatten().any(|d| d == "holiday"));
    let r = solve_checked(&plain, 30.0);
    let html = heltid::report::roster_html(&heltid::compare::side("x", &plain, r).unwrap());
    assert!(!html.contains("class=\"hol"));
    assert!(!html.contains("public holiday"));
}
