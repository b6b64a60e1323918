//! The rule registry (`crate::rule::REGISTRY`) is the one list of rules: every rule has a row,
//! and every row's formulation family, checker file and explanation exist and speak of the rule.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::formulation::{Formulation, Options, RowFamily};
use crate::model::Model;
use crate::rule::{Rule, REGISTRY};

fn scenario(name: &str) -> crate::Scenario {
    crate::validate::load_scenario(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data")
            .join(name),
    )
    .unwrap()
}

fn src(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(dir)
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `Rule::WeeklyRest` as written in the source.
fn spelled(r: Rule) -> String {
    format!("Rule::{r:?}")
}

/// The `.rs` files of a source folder.
fn files(dir: &str) -> BTreeSet<String> {
    fs::read_dir(src(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".rs"))
        .collect()
}

#[test]
fn can_find_one_row_for_every_rule() {
    assert_eq!(REGISTRY.len(), Rule::ALL.len());
    let mut names = BTreeSet::new();
    for (row, r) in REGISTRY.iter().zip(Rule::ALL) {
        assert_eq!(row.rule, r, "rows are in Rule::ALL order");
        assert_eq!(row.name, r.as_str());
        assert_eq!(r.info().rule, r);
        assert!(names.insert(row.name), "{} named twice", row.name);
        assert!(!row.meaning.trim().is_empty(), "{r} has no meaning");
        // Violations and constraint names serialise the rule by the same name.
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            format!("\"{}\"", row.name)
        );
    }
}

#[test]
fn can_find_the_formulation_family_stating_each_rule() {
    let dir = src("formulation");
    let build = read(&dir.join("mod.rs"));
    for row in &REGISTRY {
        let Some(file) = row.formulation else {
            continue;
        };
        let text = read(&dir.join(file));
        assert!(
            text.contains(&spelled(row.rule)),
            "src/formulation/{file} never names {}",
            spelled(row.rule)
        );
        if file != "mod.rs" {
            let family = file.trim_end_matches(".rs");
            assert!(
                build.contains(&format!("{family}::add,")),
                "Formulation::new does not build the family of {} ({family}::add)",
                row.name
            );
        }
    }
    // Conversely, every file that states rule rows is some rule's family.
    let named: BTreeSet<&str> = REGISTRY.iter().filter_map(|r| r.formulation).collect();
    for file in files("formulation") {
        if read(&dir.join(&file)).contains("RowFamily::Rule(") {
            assert!(
                named.contains(file.as_str()),
                "src/formulation/{file} states rule rows but no registry row names it"
            );
        }
    }
}

#[test]
fn can_find_the_checker_file_naming_each_rules_violations() {
    let dir = src("check");
    let driver = read(&dir.join("mod.rs"));
    for row in &REGISTRY {
        let file = row.check;
        let text = read(&dir.join(file));
        assert!(
            text.contains(&spelled(row.rule)),
            "src/check/{file} never names {}",
            spelled(row.rule)
        );
        assert!(
            driver.contains(&format!("mod {};", file.trim_end_matches(".rs"))),
            "src/check/mod.rs does not declare {file}"
        );
    }
    let named: BTreeSet<&str> = REGISTRY.iter().map(|r| r.check).collect();
    for file in files("check") {
        let text = read(&dir.join(&file));
        // The checker stays independent of the formulation and the solver.
        for word in ["formulation::", "good_lp", "solve::"] {
            assert!(!text.contains(word), "src/check/{file} uses {word}");
        }
        assert!(
            file == "mod.rs" || named.contains(file.as_str()),
            "src/check/{file} checks no registry rule"
        );
    }
}

#[test]
fn can_explain_every_rule_explain_switches_off() {
    let m = Model::new(&scenario("ward-6w.json")).unwrap();
    let relaxable = Rule::relaxable();
    assert!(!relaxable.is_empty());
    let orders: BTreeSet<u8> = relaxable.iter().map(|(_, x)| x.order).collect();
    assert_eq!(orders.len(), relaxable.len(), "two rules share an order");
    for (r, relax) in relaxable {
        let detail = (relax.detail)(&m);
        assert!(
            !detail.is_empty() && detail.ends_with(';'),
            "{r}: explanation detail {detail:?}"
        );
        let row = r.info();
        assert!(
            row.formulation.is_some(),
            "explain switches {r} off, but the formulation never states it"
        );
        // Switched off, the rule states no row.
        let f = Formulation::new(
            &m,
            Options {
                relax: BTreeSet::from([r]),
                ..Options::default()
            },
        );
        assert!(
            !f.lp.rows.iter().any(|x| x.family == RowFamily::Rule(r)),
            "{r} switched off still states rows"
        );
    }
    // The detail texts are the settings (byte-identical to what explain printed before).
    assert_eq!(
        (Rule::Rest.info().explain.unwrap().detail)(&m),
        " (min_rest_hours = 11);"
    );
    assert_eq!(
        (Rule::WeekendFrequency.info().explain.unwrap().detail)(&m),
        " (max_one_in = 3);"
    );
    let order: Vec<Rule> = Rule::relaxable().into_iter().map(|(r, _)| r).collect();
    assert_eq!(
        order,
        [
            Rule::WeekendFrequency,
            Rule::WeekendComplete,
            Rule::Rest,
            Rule::WeeklyRest,
            Rule::MaxConsecutiveDays,
            Rule::MaxHoursPerWeek,
            Rule::MaxAverageHoursPerWeek,
            Rule::Hours,
            Rule::PositionSize,
            Rule::Unavailable,
            Rule::Fixed,
            Rule::SundayFrequency,
            Rule::SundayShare,
            Rule::HolidayFrequency,
            Rule::Succession,
            Rule::MinConsecutiveDays,
            Rule::MinConsecutiveDaysOff,
            Rule::MaxShifts,
            Rule::MaxWeekends,
        ]
    );
    // The Sunday rules are off on the ward: on, each states rows, and none when switched off.
    let mut sc = scenario("ward-6w.json");
    sc.horizon.holidays = Some(crate::scenario::Holidays::Dates(vec![
        "2027-01-06".into(),
        "2027-01-08".into(),
    ]));
    sc.rules.sunday_work = Some(crate::scenario::SundayWork {
        max_one_in: Some(2),
        max_share: Some(0.5),
        holidays_max_one_in: Some(2),
    });
    // So are the block rules and the per-person limits.
    sc.shifts[2].not_followed_by = vec![sc.shifts[0].id.clone()];
    sc.rules.min_consecutive_days = Some(Some(2));
    sc.rules.min_consecutive_days_off = Some(Some(2));
    sc.staff.push(crate::scenario::Staff {
        id: "kari".into(),
        contract_pct: 50.0,
        max_shifts: vec![crate::scenario::ShiftLimit {
            shift: sc.shifts[2].id.clone(),
            max: 1,
        }],
        max_weekends: Some(1),
        ..Default::default()
    });
    let m = Model::new(&sc).unwrap();
    for r in [
        Rule::SundayFrequency,
        Rule::SundayShare,
        Rule::HolidayFrequency,
        Rule::Succession,
        Rule::MinConsecutiveDays,
        Rule::MinConsecutiveDaysOff,
        Rule::MaxShifts,
        Rule::MaxWeekends,
    ] {
        let states = |relax: BTreeSet<Rule>| {
            let f = Formulation::new(
                &m,
                Options {
                    relax,
                    ..Options::default()
                },
            );
            f.lp.rows.iter().any(|x| x.family == RowFamily::Rule(r))
        };
        assert!(states(BTreeSet::new()), "{r} states no rows");
        assert!(
            !states(BTreeSet::from([r])),
            "{r} switched off still states rows"
        );
    }
}
