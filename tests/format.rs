//! Every example of `docs/format.md` is checked here, so the format reference cannot drift from
//! the code.
//!
//! Each fenced example carries its kind after the language, with `key=value` options:
//!
//! - ```` ```json scenario id=NAME ```` — must parse and validate (`validate::parse_scenario`);
//!   other examples refer to it by NAME. With `invalid=CODE,...` it must instead fail with at
//!   least these validation codes.
//! - ```` ```json fragment into=NAME ```` — top-level fields (braces optional), deep-merged into
//!   scenario NAME (objects merge, everything else replaces); the result must validate.
//! - ```` ```json roster scenario=NAME ```` — must parse as a `Roster`, survive a JSON round
//!   trip, and pass `check::check` against scenario NAME.
//! - ```` ```json sweep ```` — must parse with `sweep::parse_sweep` (paths relative to `docs/`),
//!   and every grid point must be a valid scenario; with `invalid=CODE,...` it must fail with
//!   these codes.
//! - ```` ```csv rota scenario=NAME ```` — must import with `import::parse_rota_csv`, and read
//!   the same with a byte-order mark and CRLF line ends; `legal` also judges the rota in CSV rota
//!   mode and requires no violations; `invalid=CODE,...` requires these import codes.
//! - ```` ```csv sweep-output ```` — its header must be `sweep::COLUMNS`.
//!
//! Any other `json` or `csv` fence fails the test, so no example goes unchecked. The doc must
//! also name every validation code, import code, checker rule and sweep column.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use heltid::import::{parse_rota_csv, rota_roster, scenario_for_rota};
use heltid::rule::Rule;
use heltid::sweep::{expand, parse_sweep, COLUMNS};
use heltid::{check, validate, Error, Roster, Scenario};
use serde_json::Value;

/// One fenced example: its info string words after the language, options, and text.
struct Example {
    line: usize,
    lang: String,
    kind: String,
    opts: BTreeMap<String, String>,
    flags: BTreeSet<String>,
    text: String,
}

impl Example {
    fn opt(&self, key: &str) -> Option<&str> {
        self.opts.get(key).map(String::as_str)
    }

    /// The codes of `invalid=a,b`, empty when the example is meant to be valid.
    fn invalid(&self) -> Vec<&str> {
        self.opt("invalid")
            .map(|c| c.split(',').collect())
            .unwrap_or_default()
    }

    fn place(&self) -> String {
        format!("docs/format.md:{} ({} {})", self.line, self.lang, self.kind)
    }
}

fn docs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs")
}

fn doc() -> String {
    std::fs::read_to_string(docs_dir().join("format.md")).expect("docs/format.md is readable")
}

/// Every fenced block of the doc (any language), in order.
fn examples(doc: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut lines = doc.lines().enumerate();
    while let Some((i, line)) = lines.next() {
        let Some(info) = line.strip_prefix("```") else {
            continue;
        };
        let mut words = info.split_whitespace();
        let lang = words.next().unwrap_or_default().to_string();
        let kind = words.next().unwrap_or_default().to_string();
        let mut opts = BTreeMap::new();
        let mut flags = BTreeSet::new();
        for w in words {
            match w.split_once('=') {
                Some((k, v)) => {
                    opts.insert(k.to_string(), v.to_string());
                }
                None => {
                    flags.insert(w.to_string());
                }
            }
        }
        let mut text = String::new();
        for (_, l) in lines.by_ref() {
            if l.starts_with("```") {
                break;
            }
            text.push_str(l);
            text.push('\n');
        }
        out.push(Example {
            line: i + 1,
            lang,
            kind,
            opts,
            flags,
            text,
        });
    }
    out
}

fn codes_of(err: &Error) -> Vec<&'static str> {
    match err {
        Error::Invalid(issues) => issues.iter().map(|i| i.code).collect(),
        Error::Rota(issues) => issues.iter().map(|i| i.code).collect(),
        _ => Vec::new(),
    }
}

fn expect_codes<T>(e: &Example, result: heltid::Result<T>) {
    let want = e.invalid();
    match result {
        Ok(_) => panic!("{}: expected {want:?}, but it was accepted", e.place()),
        Err(err) => {
            let got = codes_of(&err);
            for code in &want {
                assert!(
                    got.contains(code),
                    "{}: expected {code}, got {got:?} ({err})",
                    e.place()
                );
            }
        }
    }
}

/// Objects merge field by field; anything else replaces.
fn merge(base: &mut Value, add: Value) {
    match (base, add) {
        (Value::Object(b), Value::Object(a)) => {
            for (k, v) in a {
                match b.get_mut(&k) {
                    Some(slot) => merge(slot, v),
                    None => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (slot, v) => *slot = v,
    }
}

fn scenario_named<'a>(
    e: &Example,
    key: &str,
    scenarios: &'a BTreeMap<String, (Scenario, String)>,
) -> &'a (Scenario, String) {
    let name = e
        .opt(key)
        .unwrap_or_else(|| panic!("{}: needs {key}=<scenario id>", e.place()));
    scenarios
        .get(name)
        .unwrap_or_else(|| panic!("{}: no ```json scenario id={name}``` example", e.place()))
}

/// Checks one example against the code.
fn check_example(e: &Example, scenarios: &mut BTreeMap<String, (Scenario, String)>) {
    match (e.lang.as_str(), e.kind.as_str()) {
        ("json", "scenario") => {
            if !e.invalid().is_empty() {
                expect_codes(e, validate::parse_scenario(&e.text));
                return;
            }
            let s = validate::parse_scenario(&e.text)
                .unwrap_or_else(|err| panic!("{}: {err}", e.place()));
            if let Some(id) = e.opt("id") {
                scenarios.insert(id.to_string(), (s, e.text.clone()));
            }
        }
        ("json", "fragment") => {
            let trimmed = e.text.trim();
            let wrapped = if trimmed.starts_with('{') {
                trimmed.to_string()
            } else {
                format!("{{{trimmed}}}")
            };
            let add: Value = serde_json::from_str(&wrapped)
                .unwrap_or_else(|err| panic!("{}: not JSON: {err}", e.place()));
            if e.opt("into").is_some() {
                let (_, text) = scenario_named(e, "into", scenarios);
                let mut base: Value = serde_json::from_str(text).unwrap();
                merge(&mut base, add);
                let merged = base.to_string();
                if e.invalid().is_empty() {
                    validate::parse_scenario(&merged)
                        .unwrap_or_else(|err| panic!("{}: merged: {err}", e.place()));
                } else {
                    expect_codes(e, validate::parse_scenario(&merged));
                }
            }
        }
        ("json", "roster") => {
            let roster: Roster = serde_json::from_str(&e.text)
                .unwrap_or_else(|err| panic!("{}: not a roster: {err}", e.place()));
            let again: Roster = serde_json::from_str(&serde_json::to_string(&roster).unwrap())
                .unwrap_or_else(|err| panic!("{}: does not round-trip: {err}", e.place()));
            assert_eq!(roster, again, "{}: round trip", e.place());
            let (scenario, _) = scenario_named(e, "scenario", scenarios);
            let v = check::check(scenario, &roster);
            assert!(
                v.is_empty(),
                "{}: the checker objects:\n{}",
                e.place(),
                check::format_violations(&v)
            );
        }
        ("json", "sweep") => {
            let result = parse_sweep(&e.text, &docs_dir());
            if !e.invalid().is_empty() {
                expect_codes(e, result);
                return;
            }
            let spec = result.unwrap_or_else(|err| panic!("{}: {err}", e.place()));
            let points = expand(&spec);
            assert!(!points.is_empty(), "{}: an empty grid", e.place());
            for p in &points {
                if let Err(issues) = &p.scenario {
                    panic!(
                        "{}: point {} is invalid:\n{}",
                        e.place(),
                        p.index,
                        validate::format_issues(issues)
                    );
                }
            }
        }
        ("csv", "rota") => {
            let (scenario, _) = scenario_named(e, "scenario", scenarios);
            if !e.invalid().is_empty() {
                expect_codes(e, parse_rota_csv(scenario, &e.text));
                return;
            }
            let rota = parse_rota_csv(scenario, &e.text)
                .unwrap_or_else(|err| panic!("{}: {err}", e.place()));
            let exported = format!("\u{feff}{}", e.text.replace('\n', "\r\n"));
            let again = parse_rota_csv(scenario, &exported)
                .unwrap_or_else(|err| panic!("{}: with BOM and CRLF: {err}", e.place()));
            assert_eq!(
                rota,
                again,
                "{}: BOM and CRLF change the reading",
                e.place()
            );
            if e.flags.contains("legal") {
                let merged = scenario_for_rota(scenario, &rota)
                    .unwrap_or_else(|err| panic!("{}: rota mode: {err}", e.place()));
                let roster = rota_roster(&merged, &rota);
                let v = check::check(&merged, &roster);
                assert!(
                    v.is_empty(),
                    "{}: the checker objects:\n{}",
                    e.place(),
                    check::format_violations(&v)
                );
            }
        }
        ("csv", "sweep-output") => {
            let header = e.text.lines().next().unwrap_or_default();
            assert_eq!(header, COLUMNS.join(","), "{}", e.place());
        }
        ("json" | "csv", _) => panic!(
            "{}: unknown example kind; use scenario, fragment, roster, sweep, rota or sweep-output",
            e.place()
        ),
        _ => {}
    }
}

#[test]
fn every_example_in_the_format_reference_holds() {
    let doc = doc();
    let all = examples(&doc);
    let mut scenarios = BTreeMap::new();
    let mut count: BTreeMap<String, usize> = BTreeMap::new();
    // Scenarios first, so an example may refer to a scenario given further down the page.
    let (first, rest): (Vec<&Example>, Vec<&Example>) =
        all.iter().partition(|e| e.kind == "scenario");
    for e in first.into_iter().chain(rest) {
        check_example(e, &mut scenarios);
        if e.lang == "json" || e.lang == "csv" {
            let kind = if e.invalid().is_empty() {
                e.kind.clone()
            } else {
                format!("{} (invalid)", e.kind)
            };
            *count.entry(kind).or_default() += 1;
        }
    }
    // The test must be able to fail: a doc that lost its examples (or a broken fence parser)
    // does not pass.
    let at_least = [
        ("scenario", 2),
        ("scenario (invalid)", 1),
        ("fragment", 4),
        ("roster", 3),
        ("sweep", 2),
        ("sweep (invalid)", 1),
        ("rota", 2),
        ("rota (invalid)", 1),
        ("sweep-output", 1),
    ];
    for (kind, n) in at_least {
        let got = count.get(kind).copied().unwrap_or(0);
        assert!(
            got >= n,
            "expected at least {n} {kind} examples, found {got}: {count:?}"
        );
    }
    let total: usize = count.values().sum();
    assert!(total >= 17, "only {total} examples: {count:?}");
    eprintln!("checked {total} examples: {count:?}");
}

#[test]
fn the_format_reference_names_every_code_rule_and_column() {
    let doc = doc();
    let named = |s: &str| doc.contains(&format!("`{s}`"));
    let mut missing = Vec::new();
    for code in validate::CODES {
        if !named(code) {
            missing.push(format!("validation code {code}"));
        }
    }
    for code in heltid::import::CODES {
        if !named(code) {
            missing.push(format!("import code {code}"));
        }
    }
    for rule in Rule::ALL {
        if !named(rule.as_str()) {
            missing.push(format!("checker rule {rule}"));
        }
    }
    for column in COLUMNS {
        if !named(column) {
            missing.push(format!("sweep column {column}"));
        }
    }
    for axis in heltid::sweep::AXES {
        if !named(axis) {
            missing.push(format!("sweep axis {axis}"));
        }
    }
    assert!(
        missing.is_empty(),
        "docs/format.md does not name: {missing:?}"
    );
}

#[test]
fn the_precise_semantics_keep_their_rule_numbers() {
    // Code comments cite "rule 10" and "§12"; the numbering 1–26 must stay as it is.
    let doc = doc();
    let anchors = [
        (1, "**One shift start per person and date**"),
        (2, "**No overlap**"),
        (3, "**Minimum rest**"),
        (4, "**Weekly rest**"),
        (5, "**Consecutive days**"),
        (6, "**Hours per week**"),
        (7, "**Unavailable dates**"),
        (8, "**Fixed assignments**"),
        (9, "**Staff hours**"),
        (10, "**Created positions**"),
        (11, "**Headcount**"),
        (12, "**`dates` replaces `days`, per kind**"),
        (13, "**Skill entries without `max` have no upper bound.**"),
        (14, "**Overlapping entries and stray dates are errors.**"),
        (
            15,
            "A skill minimum on a (date, shift) whose total demand is 0",
        ),
        (16, "**Windows.**"),
        (17, "**Working a weekend.**"),
        (18, "**One in n**"),
        (19, "**Complete weekends**"),
        (20, "**First, the fewest people.**"),
        (21, "**Optional demand (`max` > `min`) is lexicographic:**"),
        (22, "**Status.**"),
        (23, "**Tie-breaks**"),
        (24, "An `infeasible` roster has empty `assignments`"),
        (25, "**Claims**"),
        (26, "**Key figures**"),
    ];
    for (n, start) in anchors {
        let item = format!("\n{n}. {start}");
        assert!(doc.contains(&item), "rule {n} should start with {start:?}");
    }
}
