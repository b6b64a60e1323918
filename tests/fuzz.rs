//! Our own fuzzer, run by `cargo test --release` in CI (see docs/fuzzing.md):
//!
//! - [`survives_10_000_generated_bad_inputs`]: 10 000 inputs a run, from a fixed proptest seed,
//!   through the scenario parser and validator, the roster reader and checker, the CSV rota
//!   reader and the sweep spec parser ([`fuzz_harness::run`]). Inputs are the shipped files
//!   (tests/data, examples/data, tests/data/malformed, fuzz/corpus) mutated at the byte level
//!   (flips, insertions of awkward tokens, deletions, truncation, duplication), at the JSON level
//!   (keys deleted, duplicated and renamed, values swapped for other types, huge and tiny
//!   numbers, NaN-like strings, extreme dates, deep nesting, unicode, long strings and arrays),
//!   at the CSV level (cells, columns, rows, separators, a byte-order mark), and built field by
//!   field: every field of the scenario format set to wrong (and right) values. No input may
//!   panic, take longer than [`fuzz_harness::SLOW`], or push the process above 1 GB; every
//!   rejection must carry a listed code and a message. A failing input is written to
//!   `target/tmp/fuzz-failures/` (named in the failure message) to be committed to
//!   `fuzz/corpus/<target>/` as a regression; proptest shrinks it first and records its seed in
//!   `tests/fuzz.proptest-regressions`.
//! - [`replays_the_committed_corpus`]: every seed and every file of `fuzz/corpus/` through the same
//!   harness, and every [`fuzz_harness::KNOWN_BUGS`] reproducer still showing its bug.
//! - [`solves_a_sample_of_tiny_generated_scenarios`]: a few tiny valid generated scenarios
//!   solved with a 1 s limit; the roster must pass the checker.

mod fuzz_harness;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fuzz_harness::{known_bug, peak_rss_bytes, run, Ctx, Finding, Target, KNOWN_BUGS};
use heltid::{check, validate, Roster, SolveOptions, Status};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::strategy::ValueTree;
use proptest::test_runner::{
    Config, FileFailurePersistence, RngSeed, TestCaseError, TestError, TestRunner,
};
use serde_json::Value;

/// Generated inputs per run (`HELTID_FUZZ_CASES` overrides it for a longer local run).
const CASES: u32 = 10_000;
/// The fixed seed: every CI run sees the same 10 000 inputs (`HELTID_FUZZ_SEED` overrides it
/// locally, to explore other inputs).
const SEED: u64 = 0x4845_4c54_4944;

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
/// Peak resident memory allowed for the whole run.
const MEMORY_LIMIT: u64 = 1 << 30;
/// An input still running after this long is a hang: the watchdog writes it out and exits.
const HANG: Duration = Duration::from_secs(60);
/// Largest generated input (a few mutations of the largest seed stay far below).
const MAX_INPUT: usize = 1 << 20;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

// ---------------------------------------------------------------------------------------------
// Seeds
// ---------------------------------------------------------------------------------------------

/// The files mutations start from.
struct Seeds {
    /// Per target (in [`Target::ALL`] order): (path relative to the root, contents).
    by_target: Vec<Vec<(String, Vec<u8>)>>,
    /// The same without the reproducers of [`KNOWN_BUGS`]: their mutants mostly find the known
    /// bug again, and some (the ten-year roster) take seconds each.
    to_mutate: Vec<Vec<(String, Vec<u8>)>>,
    /// Valid scenarios the field-by-field generator edits.
    valid: Vec<(String, Value)>,
}

/// Files of `dir` (relative to the root) with one of `exts`, sorted by name.
fn files(dir: &str, exts: &[&str]) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(root().join(dir)) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        let ext = p.extension().and_then(|x| x.to_str()).unwrap_or("");
        if p.is_file() && (exts.is_empty() || exts.contains(&ext)) {
            let rel = format!("{dir}/{}", e.file_name().to_string_lossy());
            out.push((rel, std::fs::read(&p).expect("read a seed")));
        }
    }
    out.sort();
    out
}

impl Seeds {
    fn load() -> Seeds {
        let corpus = |t: Target| files(&format!("fuzz/corpus/{}", t.name()), &[]);
        let mut scenario = files("tests/data", &["json"]);
        scenario.extend(
            files("tests/data/check", &["json"])
                .into_iter()
                .filter(|f| !f.0.contains("roster")),
        );
        scenario.extend(
            files("examples/data", &["json"])
                .into_iter()
                .filter(|f| f.0.contains("group-home")),
        );
        scenario.extend(files("tests/data/malformed", &[]));
        scenario.extend(corpus(Target::Scenario));
        let mut roster = files("tests/data/check", &["json"]);
        roster.retain(|f| f.0.contains("roster"));
        roster.extend(corpus(Target::Roster));
        let mut rota = files("examples/data", &["csv"]);
        rota.extend(corpus(Target::RotaCsv));
        let mut sweep = files("tests/data/sweep", &["json"]);
        sweep.extend(corpus(Target::SweepSpec));
        let valid = [
            "tests/data/tiny.json",
            "fuzz/corpus/scenario/all-fields.json",
            "tests/data/check/ward-3w.json",
            "tests/data/ward-6w.json",
        ]
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(root().join(p)).expect("read a valid seed");
            validate::parse_scenario(&text).unwrap_or_else(|e| panic!("{p} must be valid: {e}"));
            (p.to_string(), serde_json::from_str(&text).expect("JSON"))
        })
        .collect();
        let by_target = vec![scenario, roster, rota, sweep];
        let to_mutate = by_target
            .iter()
            .map(|files| {
                files
                    .iter()
                    .filter(|(name, _)| !KNOWN_BUGS.iter().any(|b| b.reproducer == name))
                    .cloned()
                    .collect()
            })
            .collect();
        Seeds {
            by_target,
            to_mutate,
            valid,
        }
    }

    /// Every seed of a target.
    fn of(&self, t: Target) -> &[(String, Vec<u8>)] {
        &self.by_target[Self::index(t)]
    }

    /// The seeds of a target that mutations start from.
    fn to_mutate(&self, t: Target) -> &[(String, Vec<u8>)] {
        &self.to_mutate[Self::index(t)]
    }

    fn index(t: Target) -> usize {
        Target::ALL.iter().position(|x| *x == t).expect("a target")
    }
}

// ---------------------------------------------------------------------------------------------
// Value pools: right and wrong values, as JSON text
// ---------------------------------------------------------------------------------------------

const DATES: &[&str] = &[
    r#""2027-01-04""#,
    r#""2027-01-05""#,
    r#""2027-01-17""#,
    r#""2027-01-18""#,
    r#""2026-12-28""#,
    r#""9999-12-27""#,
    r#""9999-12-31""#,
    r#""0000-01-01""#,
    r#""0001-01-01""#,
    r#""+10000-01-01""#,
    r#""-0001-12-27""#,
    r#""2027-02-29""#,
    r#""2028-02-29""#,
    r#""2027-1-4""#,
    r#""2027-01-04T00:00:00""#,
    r#"" 2027-01-04""#,
    r#""2027-13-01""#,
    r#""2027-00-10""#,
    r#""04.01.2027""#,
    r#""２０２７-01-04""#,
];
const TIMES: &[&str] = &[
    r#""00:00""#,
    r#""07:00""#,
    r#""15:00""#,
    r#""23:59""#,
    r#""24:00""#,
    r#""7:00""#,
    r#""07:60""#,
    r#""-1:00""#,
    r#""99:99""#,
    r#""07:00:00""#,
    r#""0700""#,
    r#"" 07:00""#,
    r#""١٢:٠٠""#,
];
const WEEK_POINTS: &[&str] = &[
    r#""sat 00:00""#,
    r#""mon 00:00""#,
    r#""fri 23:59""#,
    r#""fri 15:00""#,
    r#""sun 24:00""#,
    r#""sat""#,
    r#""saturday 00:00""#,
    r#""SAT 00:00""#,
    r#""sat  00:00""#,
    r#""xyz 00:00""#,
    r#""sat 7:00""#,
];
const WEEKDAYS: &[&str] = &[
    r#""mon""#,
    r#""sun""#,
    r#""sat""#,
    r#""Mon""#,
    r#""monday""#,
    r#""man""#,
    r#""søn""#,
    r#"" mon""#,
];
const IDS: &[&str] = &[
    r#""D""#,
    r#""A""#,
    r#""N""#,
    r#""RN""#,
    r#""hfa""#,
    r#""hfa-1""#,
    r#""hfa-0""#,
    r#""hfa-01""#,
    r#""kari""#,
    r#""ola""#,
    r#""-""#,
    r#"" D""#,
    r#""a,b""#,
    r#""a;b""#,
    r#""a\"b""#,
    r#""\u0000""#,
    r#""\t""#,
    r#""\ud83d\ude00""#,
    r#""e\u0301""#,
    r#""\u202eD""#,
    r#""\ufeffD""#,
    r#""Ｄ""#,
    // Roster enums: a status of another roster, an origin that does not fit.
    r#""optimal""#,
    r#""infeasible""#,
    r#""open""#,
    r#""existing""#,
];
const WHOLE: &[&str] = &[
    "0",
    "1",
    "2",
    "3",
    "6",
    "-1",
    "52",
    "520",
    "521",
    "10000",
    "10001",
    "2.5",
    "1e3",
    "1.0",
    "9223372036854775807",
    "-9223372036854775808",
    "18446744073709551616",
    "1e20",
    "4294967296",
];
const DECIMALS: &[&str] = &[
    "0",
    "-0",
    "0.5",
    "7.5",
    "11",
    "24",
    "24.000000001",
    "35.5",
    "37.5",
    "48",
    "50",
    "99.95",
    "100",
    "100.0000000001",
    "100.5",
    "168",
    "168.5",
    "1000000000000.5",
    "1e12",
    "1e13",
    "1e308",
    "-1e308",
    "5e-324",
    "0.1234567891",
    "0.123456789",
    "-1",
    "-35.5",
    "1e-9",
];
const BOOLS: &[&str] = &["true", "false", "0", "1", r#""true""#];
/// Values of every type, for any field.
const ANY: &[&str] = &[
    "null",
    "[]",
    "{}",
    r#""""#,
    r#"" ""#,
    r#""NaN""#,
    r#""Infinity""#,
    r#""-inf""#,
    r#""1e309""#,
    r#""null""#,
    "[null]",
    r#"{"x": 1}"#,
    "[[[]]]",
    "true",
    "0",
    "-1",
    "1e308",
    r#""\ud800""#,
];
const DAY_LISTS: &[&str] = &[
    "[]",
    r#"["mon", "mon"]"#,
    r#"["mon", "tue", "wed", "thu", "fri", "sat", "sun", "mon"]"#,
    r#"["sat", "sun"]"#,
    r#"[1, 2]"#,
];
const DATE_LISTS: &[&str] = &[
    "[]",
    r#"["2027-01-05", "2027-01-05"]"#,
    r#"["9999-12-31"]"#,
    r#"["2027-01-04", "2027-01-17"]"#,
];
/// Well-formed dates at the edges of the calendar (Mondays, so that a horizon may start there).
const EXTREME_DATES: &[&str] = &[
    "9999-12-27",
    "9999-12-20",
    "9999-12-31",
    "0001-01-01",
    "0000-01-03",
    "1970-01-05",
    "2000-02-28",
    "2027-01-04",
];
/// Tokens inserted at random byte positions.
const TOKENS: &[&str] = &[
    "\"",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "null",
    "-",
    "1e999",
    "\\u0000",
    "\\",
    "\"9999-12-27\"",
    "NaN",
    "Infinity",
    "\u{feff}",
    "\n",
    "\r",
    "\0",
    "\"staff\":",
    ",\"x\":1",
    "🙂",
    "e\u{301}",
    "\u{202e}",
    "-0",
    "0x10",
    "1e-400",
    "//",
    "/*",
    ",,",
    "]]",
    "}}",
    "\t",
    "'",
];
/// CSV cell values (also header names).
const CELLS: &[&str] = &[
    "",
    "-",
    "D",
    "A",
    "N",
    "X",
    "d",
    " D ",
    "D;A",
    "\"D\"",
    "\"",
    "\"a,b\"",
    "100",
    "0",
    "-5",
    "100.0000000001",
    "1e3",
    "NaN",
    "inf",
    "VP;MED",
    "VP;;",
    "UNKNOWN",
    "2027-01-04",
    "2027-02-14",
    "2027-02-15",
    "9999-12-27",
    "+10000-01-01",
    "staff",
    "contract_pct",
    "skills",
    "SKILLS",
    "é",
    "\u{0}",
    "\u{feff}staff",
];

/// The pool of a scenario field.
#[derive(Debug, Clone, Copy)]
enum Pool {
    Date,
    Time,
    WeekPoint,
    Weekday,
    Id,
    Whole,
    Decimal,
    Bool,
    Name,
    DayList,
    DateList,
}

fn pool(p: Pool) -> &'static [&'static str] {
    match p {
        Pool::Date => DATES,
        Pool::Time => TIMES,
        Pool::WeekPoint => WEEK_POINTS,
        Pool::Weekday => WEEKDAYS,
        Pool::Id => IDS,
        Pool::Whole => WHOLE,
        Pool::Decimal => DECIMALS,
        Pool::Bool => BOOLS,
        Pool::Name => IDS,
        Pool::DayList => DAY_LISTS,
        Pool::DateList => DATE_LISTS,
    }
}

/// Every field of the scenario format (`#` is an array index), with its pool.
const FIELDS: &[(&str, Pool)] = &[
    ("/name", Pool::Name),
    ("/horizon/start", Pool::Date),
    ("/horizon/weeks", Pool::Whole),
    ("/horizon/cyclic", Pool::Bool),
    ("/full_time_hours_per_week", Pool::Decimal),
    ("/shifts/#/id", Pool::Id),
    ("/shifts/#/start", Pool::Time),
    ("/shifts/#/end", Pool::Time),
    ("/shifts/#/hours", Pool::Decimal),
    ("/skills/#", Pool::Id),
    ("/demand/#/shift", Pool::Id),
    ("/demand/#/days", Pool::DayList),
    ("/demand/#/days/#", Pool::Weekday),
    ("/demand/#/dates", Pool::DateList),
    ("/demand/#/dates/#", Pool::Date),
    ("/demand/#/skill", Pool::Id),
    ("/demand/#/min", Pool::Whole),
    ("/demand/#/max", Pool::Whole),
    ("/staff/#/id", Pool::Id),
    ("/staff/#/skills/#", Pool::Id),
    ("/staff/#/contract_pct", Pool::Decimal),
    ("/staff/#/wish_pct", Pool::Decimal),
    ("/staff/#/unavailable/#", Pool::Date),
    ("/staff/#/fixed/#/date", Pool::Date),
    ("/staff/#/fixed/#/shift", Pool::Id),
    ("/staff/#/requests/#/date", Pool::Date),
    ("/staff/#/requests/#/shift", Pool::Id),
    ("/staff/#/requests/#/want", Pool::Bool),
    ("/staff/#/requests/#/weight", Pool::Decimal),
    ("/staff/#/weekend_max_one_in", Pool::Whole),
    ("/open_positions/#/id", Pool::Id),
    ("/open_positions/#/skills/#", Pool::Id),
    ("/open_positions/#/max_count", Pool::Whole),
    ("/open_positions/#/min_pct", Pool::Decimal),
    ("/open_positions/#/max_pct", Pool::Decimal),
    ("/open_positions/#/weekend_max_one_in", Pool::Whole),
    ("/rules/min_rest_hours", Pool::Decimal),
    ("/rules/weekly_rest_hours", Pool::Decimal),
    ("/rules/max_consecutive_days", Pool::Whole),
    ("/rules/max_hours_per_week", Pool::Decimal),
    ("/rules/hours_tolerance", Pool::Decimal),
    ("/rules/weekend/from", Pool::WeekPoint),
    ("/rules/weekend/to", Pool::WeekPoint),
    ("/rules/weekend/max_one_in", Pool::Whole),
    ("/rules/weekend/complete", Pool::Bool),
    ("/rules/weekend_bonus/#/from_weekends", Pool::Whole),
    ("/rules/weekend_bonus/#/to_weekends", Pool::Whole),
    ("/rules/weekend_bonus/#/nok_per_hour", Pool::Decimal),
    ("/budget_fte", Pool::Decimal),
];

/// A new element for an array of the format, by the array's field name.
fn template(array: &str) -> Value {
    let t = match array {
        "shifts" => r#"{"id": "X", "start": "06:00", "end": "12:00"}"#,
        "skills" => r#""RN""#,
        "demand" => r#"{"shift": "D", "days": ["tue"], "min": 1}"#,
        "days" => r#""wed""#,
        "dates" | "unavailable" => r#""2027-01-06""#,
        "staff" => r#"{"id": "new", "contract_pct": 40}"#,
        "fixed" => r#"{"date": "2027-01-05", "shift": "D"}"#,
        "requests" => r#"{"date": "2027-01-05", "want": true}"#,
        "open_positions" => r#"{"id": "tpl", "max_count": 2}"#,
        "weekend_bonus" => r#"{"from_weekends": 30, "to_weekends": 40, "nok_per_hour": 10}"#,
        _ => "null",
    };
    serde_json::from_str(t).expect("a template")
}

/// The pool a value is replaced from, guessed from its current shape.
fn pool_of(v: &Value) -> &'static [&'static str] {
    match v {
        Value::String(s) => {
            let b = s.as_bytes();
            if s.len() == 10 && b[4] == b'-' && b[7] == b'-' {
                DATES
            } else if s.len() == 5 && b[2] == b':' {
                TIMES
            } else if s.len() == 9 && b[3] == b' ' {
                WEEK_POINTS
            } else if s.len() == 3 && s.chars().all(|c| c.is_ascii_lowercase()) {
                WEEKDAYS
            } else {
                IDS
            }
        }
        Value::Number(n) if n.is_i64() => WHOLE,
        Value::Number(_) => DECIMALS,
        Value::Bool(_) => BOOLS,
        _ => ANY,
    }
}

fn lit(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or(Value::Null)
}

// ---------------------------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------------------------

/// One mutation. Positions and choices are proptest indices, so that shrinking moves them
/// toward the first byte, node or value.
#[derive(Debug, Clone)]
enum Op {
    // Bytes.
    FlipByte {
        at: Index,
        xor: u8,
    },
    Insert {
        at: Index,
        token: Index,
    },
    Delete {
        at: Index,
        len: u16,
    },
    Truncate {
        at: Index,
    },
    Duplicate {
        at: Index,
        len: u16,
    },
    // JSON values (skipped when the text is not JSON any more).
    DeleteKey {
        node: Index,
    },
    DuplicateKey {
        node: Index,
        value: Index,
    },
    RenameKey {
        node: Index,
        how: u8,
    },
    Set {
        node: Index,
        value: Index,
    },
    Retype {
        node: Index,
        value: Index,
    },
    Tweak {
        node: Index,
        how: u8,
    },
    Nest {
        node: Index,
        depth: u8,
    },
    Repeat {
        node: Index,
        times: u16,
    },
    // A scenario field set to a value of its pool (or of any type).
    Field {
        field: Index,
        elem: bool,
        value: Index,
        any: bool,
    },
    // A date field set to an extreme date.
    Date {
        field: Index,
        elem: bool,
        value: Index,
    },
    // CSV grid.
    Cell {
        row: Index,
        col: Index,
        value: Index,
    },
    DropColumn {
        col: Index,
    },
    DupColumn {
        col: Index,
    },
    SwapColumns {
        a: Index,
        b: Index,
    },
    DropRow {
        row: Index,
    },
    DupRow {
        row: Index,
    },
    Layout {
        how: u8,
    },
}

fn byte_op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (any::<Index>(), 1u8..).prop_map(|(at, xor)| Op::FlipByte { at, xor }),
        (any::<Index>(), any::<Index>()).prop_map(|(at, token)| Op::Insert { at, token }),
        (any::<Index>(), 1u16..64).prop_map(|(at, len)| Op::Delete { at, len }),
        any::<Index>().prop_map(|at| Op::Truncate { at }),
        (any::<Index>(), 1u16..256).prop_map(|(at, len)| Op::Duplicate { at, len }),
    ]
}

fn json_op() -> impl Strategy<Value = Op> {
    let value_op = prop_oneof![
        any::<Index>().prop_map(|node| Op::DeleteKey { node }),
        (any::<Index>(), any::<Index>()).prop_map(|(node, value)| Op::DuplicateKey { node, value }),
        (any::<Index>(), any::<u8>()).prop_map(|(node, how)| Op::RenameKey { node, how }),
        (any::<Index>(), any::<Index>()).prop_map(|(node, value)| Op::Set { node, value }),
        (any::<Index>(), any::<Index>()).prop_map(|(node, value)| Op::Retype { node, value }),
        (any::<Index>(), any::<u8>()).prop_map(|(node, how)| Op::Tweak { node, how }),
        (any::<Index>(), 1u8..=200).prop_map(|(node, depth)| Op::Nest { node, depth }),
        (any::<Index>(), 2u16..=600).prop_map(|(node, times)| Op::Repeat { node, times }),
    ];
    prop_oneof![3 => value_op, 1 => byte_op()]
}

fn field_op() -> impl Strategy<Value = Op> {
    (
        any::<Index>(),
        any::<bool>(),
        any::<Index>(),
        prop::bool::weighted(0.15),
    )
        .prop_map(|(field, elem, value, any)| Op::Field {
            field,
            elem,
            value,
            any,
        })
}

fn csv_op() -> impl Strategy<Value = Op> {
    let grid_op = prop_oneof![
        4 => (any::<Index>(), any::<Index>(), any::<Index>())
            .prop_map(|(row, col, value)| Op::Cell { row, col, value }),
        1 => any::<Index>().prop_map(|col| Op::DropColumn { col }),
        1 => any::<Index>().prop_map(|col| Op::DupColumn { col }),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Op::SwapColumns { a, b }),
        1 => any::<Index>().prop_map(|row| Op::DropRow { row }),
        1 => any::<Index>().prop_map(|row| Op::DupRow { row }),
        2 => any::<u8>().prop_map(|how| Op::Layout { how }),
    ];
    prop_oneof![3 => grid_op, 1 => byte_op()]
}

/// Where a case starts.
#[derive(Debug, Clone)]
enum Source {
    /// A seed file of the target.
    Seed(Index),
    /// A valid scenario, edited field by field.
    Valid(Index),
}

/// One generated input: a target, a start and the mutations.
#[derive(Debug, Clone)]
struct Case {
    target: Target,
    source: Source,
    ops: Vec<Op>,
}

fn cases() -> impl Strategy<Value = Case> {
    let case = |target: Target, ops: BoxedStrategy<Op>, n: std::ops::RangeInclusive<usize>| {
        (any::<Index>(), prop::collection::vec(ops, n)).prop_map(move |(seed, ops)| Case {
            target,
            source: Source::Seed(seed),
            ops,
        })
    };
    let structured = (
        any::<Index>(),
        prop::collection::vec(field_op(), 1..=3),
        prop::collection::vec(json_op(), 0..=1),
    )
        .prop_map(|(seed, mut ops, more)| {
            ops.extend(more);
            Case {
                target: Target::Scenario,
                source: Source::Valid(seed),
                ops,
            }
        });
    let dates = (
        any::<Index>(),
        any::<Index>(),
        any::<bool>(),
        any::<Index>(),
    )
        .prop_map(|(seed, field, elem, value)| Case {
            target: Target::Scenario,
            source: Source::Valid(seed),
            ops: vec![Op::Date { field, elem, value }],
        });
    prop_oneof![
        32 => case(Target::Scenario, json_op().boxed(), 1..=4),
        24 => structured,
        4 => dates,
        15 => case(Target::Roster, json_op().boxed(), 1..=4),
        15 => case(Target::RotaCsv, csv_op().boxed(), 1..=5),
        10 => case(Target::SweepSpec, json_op().boxed(), 1..=4),
    ]
}

/// JSON pointers of every node, in document order.
fn pointers(v: &Value) -> Vec<String> {
    fn walk(v: &Value, at: String, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                out.push(at.clone());
                for (k, x) in m {
                    walk(
                        x,
                        format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                        out,
                    );
                }
            }
            Value::Array(a) => {
                out.push(at.clone());
                for (i, x) in a.iter().enumerate() {
                    walk(x, format!("{at}/{i}"), out);
                }
            }
            _ => out.push(at),
        }
    }
    let mut out = Vec::new();
    walk(v, String::new(), &mut out);
    out
}

/// Splits a pointer into its parent and its last segment (unescaped).
fn split(ptr: &str) -> Option<(&str, String)> {
    let i = ptr.rfind('/')?;
    Some((
        &ptr[..i],
        ptr[i + 1..].replace("~1", "/").replace("~0", "~"),
    ))
}

/// Applies one value-level op; `dups` numbers the duplicate-key markers.
fn apply_value(v: &mut Value, op: &Op, dups: &mut usize) {
    let ptrs = pointers(v);
    let pick = |i: &Index| ptrs[i.index(ptrs.len())].clone();
    match op {
        Op::DeleteKey { node } => {
            let p = pick(node);
            if let Some((parent, key)) = split(&p) {
                match v.pointer_mut(parent) {
                    Some(Value::Object(m)) => {
                        m.remove(&key);
                    }
                    Some(Value::Array(a)) => {
                        if let Ok(i) = key.parse::<usize>() {
                            if i < a.len() {
                                a.remove(i);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        Op::DuplicateKey { node, value } => {
            let p = pick(node);
            if let Some((parent, key)) = split(&p) {
                if let Some(Value::Object(m)) = v.pointer_mut(parent) {
                    let old = m.get(&key).cloned().unwrap_or(Value::Null);
                    let new = if value.index(2) == 0 {
                        old.clone()
                    } else {
                        let pool = pool_of(&old);
                        lit(pool[value.index(pool.len())])
                    };
                    m.insert(format!("__DUP{}__{key}", *dups), new);
                    *dups += 1;
                }
            }
        }
        Op::RenameKey { node, how } => {
            let p = pick(node);
            if let Some((parent, key)) = split(&p) {
                if let Some(Value::Object(m)) = v.pointer_mut(parent) {
                    if let Some(x) = m.remove(&key) {
                        let mut k: Vec<char> = key.chars().collect();
                        let new = match how % 6 {
                            0 if k.len() > 1 => {
                                k.swap(0, 1);
                                k.into_iter().collect()
                            }
                            1 => key.to_uppercase(),
                            2 => format!("{key}s"),
                            3 => String::new(),
                            4 => key.replacen('s', "ѕ", 1),
                            _ => format!(" {key}"),
                        };
                        m.insert(new, x);
                    }
                }
            }
        }
        Op::Set { node, value } => {
            let p = pick(node);
            if let Some(x) = v.pointer_mut(&p) {
                let pool = pool_of(x);
                *x = lit(pool[value.index(pool.len())]);
            }
        }
        Op::Retype { node, value } => {
            let p = pick(node);
            if let Some(x) = v.pointer_mut(&p) {
                *x = lit(ANY[value.index(ANY.len())]);
            }
        }
        Op::Tweak { node, how } => {
            let p = pick(node);
            if let Some(x) = v.pointer_mut(&p) {
                tweak(x, *how);
            }
        }
        Op::Nest { node, depth } => {
            let p = pick(node);
            if let Some(x) = v.pointer_mut(&p) {
                let mut inner = x.take();
                for d in 0..*depth {
                    inner = if d % 2 == 0 {
                        Value::Array(vec![inner])
                    } else {
                        serde_json::json!({ "a": inner })
                    };
                }
                *x = inner;
            }
        }
        Op::Repeat { node, times } => {
            let p = pick(node);
            if let Some(x) = v.pointer_mut(&p) {
                let n = *times as usize;
                match x {
                    Value::Array(a) if !a.is_empty() => {
                        let first = a[0].clone();
                        while a.len() < n {
                            a.push(first.clone());
                        }
                    }
                    Value::Array(a) => a.resize(n, Value::Null),
                    Value::String(s) => {
                        let unit = if s.is_empty() {
                            "x".to_string()
                        } else {
                            s.clone()
                        };
                        *s = unit.repeat((n * 16).div_ceil(unit.len().max(1)).max(2));
                    }
                    Value::Object(m) => {
                        for i in 0..n {
                            m.insert(format!("k{i}"), Value::from(i));
                        }
                    }
                    other => *other = Value::Array(vec![other.clone(); n]),
                }
            }
        }
        _ => {}
    }
}

fn tweak(x: &mut Value, how: u8) {
    match x {
        Value::Number(n) => {
            let f = n.as_f64().unwrap_or(0.0);
            let i = n.as_i64();
            *x = match (how % 9, i) {
                (0, Some(i)) => Value::from(i.wrapping_add(1)),
                (1, Some(i)) => Value::from(i.wrapping_sub(1)),
                (2, Some(i)) => Value::from(i.wrapping_neg()),
                (3, Some(i)) => Value::from(i.wrapping_mul(1000)),
                (4, _) => Value::from(f + 0.5),
                (5, _) => Value::from(f + 1e-10),
                (6, _) => Value::from(0),
                (7, _) => Value::from(f * 1e12),
                (8, _) => Value::from(-f),
                _ => Value::from(f * 3.0 + 1.0 / 3.0),
            };
        }
        Value::String(s) => {
            *s = match how % 8 {
                0 => format!("{s} "),
                1 => format!(" {s}"),
                2 => s.to_uppercase(),
                3 => format!("{s}x"),
                4 => String::new(),
                5 => s.repeat(2),
                6 => format!("{s}\u{301}"),
                _ => {
                    let mut t = s.clone();
                    t.pop();
                    t
                }
            };
        }
        Value::Bool(b) => *b = !*b,
        other => *other = Value::from(how as i64 - 128),
    }
}

/// Sets a scenario field to a pool value, creating the objects and array elements on the way.
fn apply_field(v: &mut Value, field: &Index, elem: bool, value: &Index, any: bool) {
    let (ptr, p) = FIELDS[field.index(FIELDS.len())];
    let pool = if any { ANY } else { pool(p) };
    set_path(v, ptr, lit(pool[value.index(pool.len())]), elem);
}

/// Sets one date field of the format to an extreme (but well-formed) date.
fn apply_date(v: &mut Value, field: &Index, elem: bool, value: &Index) {
    let dates: Vec<&str> = FIELDS
        .iter()
        .filter(|f| matches!(f.1, Pool::Date))
        .map(|f| f.0)
        .collect();
    let ptr = dates[field.index(dates.len())];
    let new = Value::from(EXTREME_DATES[value.index(EXTREME_DATES.len())]);
    set_path(v, ptr, new, elem);
}

/// Sets the value at `ptr` (a [`FIELDS`] pointer), creating objects and array elements on the
/// way: `#` is the first element, or with `elem` a new one at the end.
fn set_path(v: &mut Value, ptr: &str, new: Value, elem: bool) {
    let segs: Vec<&str> = ptr.trim_start_matches('/').split('/').collect();
    let mut cur = v;
    let mut parent_key = "";
    for (i, seg) in segs.iter().enumerate() {
        let last = i + 1 == segs.len();
        let next_is_index = segs.get(i + 1) == Some(&"#");
        if *seg == "#" {
            let Value::Array(a) = cur else { return };
            // The first element, or (elem) a new one at the end.
            if a.is_empty() || elem {
                a.push(template(parent_key));
            }
            let idx = if elem { a.len() - 1 } else { 0 };
            if last {
                a[idx] = new;
                return;
            }
            cur = &mut a[idx];
        } else {
            let Value::Object(m) = cur else { return };
            if last {
                m.insert(seg.to_string(), new);
                return;
            }
            let child = m.entry(seg.to_string()).or_insert_with(|| {
                if next_is_index {
                    Value::Array(vec![])
                } else {
                    Value::Object(Default::default())
                }
            });
            parent_key = seg;
            cur = child;
        }
    }
}

/// A CSV text as a grid (naive: no quoting), and back.
fn grid(text: &str) -> Vec<Vec<String>> {
    text.split('\n')
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

fn ungrid(g: &[Vec<String>]) -> String {
    g.iter().map(|r| r.join(",")).collect::<Vec<_>>().join("\n")
}

fn apply_csv(text: &str, op: &Op) -> String {
    let mut g = grid(text);
    let rows = g.len();
    let cols = g.first().map_or(1, Vec::len).max(1);
    match op {
        Op::Cell { row, col, value } => {
            let r = row.index(rows);
            let c = col.index(cols);
            if c < g[r].len() {
                g[r][c] = CELLS[value.index(CELLS.len())].to_string();
            }
        }
        Op::DropColumn { col } => {
            let c = col.index(cols);
            for r in &mut g {
                if c < r.len() {
                    r.remove(c);
                }
            }
        }
        Op::DupColumn { col } => {
            let c = col.index(cols);
            for r in &mut g {
                if c < r.len() {
                    let x = r[c].clone();
                    r.insert(c, x);
                }
            }
        }
        Op::SwapColumns { a, b } => {
            let (a, b) = (a.index(cols), b.index(cols));
            for r in &mut g {
                if a < r.len() && b < r.len() {
                    r.swap(a, b);
                }
            }
        }
        Op::DropRow { row } => {
            g.remove(row.index(rows));
        }
        Op::DupRow { row } => {
            let r = row.index(rows);
            let x = g[r].clone();
            g.insert(r, x);
        }
        Op::Layout { how } => {
            let t = ungrid(&g);
            return match how % 8 {
                0 => t.replace(',', ";"),
                1 => t.replace('\n', "\r\n"),
                2 => format!("\u{feff}{t}"),
                3 => t.replace('\n', ",,\n"),
                4 => t.replace('\n', "\n\n , ,\n"),
                5 => ungrid(
                    &g.iter()
                        .map(|r| r.iter().map(|c| format!("\"{c}\"")).collect())
                        .collect::<Vec<_>>(),
                ),
                6 => format!("{t}\n\n\n"),
                _ => t.replace('\n', "\r"),
            };
        }
        _ => {}
    }
    ungrid(&g)
}

fn apply_bytes(b: &mut Vec<u8>, op: &Op) {
    let n = b.len();
    match op {
        Op::FlipByte { at, xor } if n > 0 => {
            let i = at.index(n);
            b[i] ^= xor;
        }
        Op::Insert { at, token } => {
            let i = at.index(n + 1);
            let t = TOKENS[token.index(TOKENS.len())].as_bytes();
            b.splice(i..i, t.iter().copied());
        }
        Op::Delete { at, len } if n > 0 => {
            let i = at.index(n);
            let j = (i + *len as usize).min(n);
            b.drain(i..j);
        }
        Op::Truncate { at } => b.truncate(at.index(n + 1)),
        Op::Duplicate { at, len } if n > 0 => {
            let i = at.index(n);
            let j = (i + *len as usize).min(n);
            let part = b[i..j].to_vec();
            b.splice(j..j, part);
        }
        _ => {}
    }
}

/// The bytes of a case.
fn build(seeds: &Seeds, case: &Case) -> Vec<u8> {
    let mut bytes = match &case.source {
        Source::Seed(i) => {
            let s = seeds.to_mutate(case.target);
            s[i.index(s.len())].1.clone()
        }
        Source::Valid(i) => {
            let v = &seeds.valid[i.index(seeds.valid.len())].1;
            serde_json::to_vec_pretty(v).expect("JSON")
        }
    };
    let mut dups = 0;
    for op in &case.ops {
        match op {
            Op::FlipByte { .. }
            | Op::Insert { .. }
            | Op::Delete { .. }
            | Op::Truncate { .. }
            | Op::Duplicate { .. } => apply_bytes(&mut bytes, op),
            Op::Cell { .. }
            | Op::DropColumn { .. }
            | Op::DupColumn { .. }
            | Op::SwapColumns { .. }
            | Op::DropRow { .. }
            | Op::DupRow { .. }
            | Op::Layout { .. } => {
                let t = String::from_utf8_lossy(&bytes).into_owned();
                bytes = apply_csv(&t, op).into_bytes();
            }
            _ => {
                let Ok(mut v) = serde_json::from_slice::<Value>(&bytes) else {
                    continue;
                };
                if let Op::Field {
                    field,
                    elem,
                    value,
                    any,
                } = op
                {
                    apply_field(&mut v, field, *elem, value, *any);
                } else if let Op::Date { field, elem, value } = op {
                    apply_date(&mut v, field, *elem, value);
                } else {
                    apply_value(&mut v, op, &mut dups);
                }
                let mut text = serde_json::to_string_pretty(&v).expect("JSON");
                // Duplicate keys: serde_json keeps one key per object, so they are written
                // under a marker name and renamed in the text.
                if text.contains("\"__DUP") {
                    for d in 0..dups {
                        text = text.replace(&format!("\"__DUP{d}__"), "\"");
                    }
                }
                bytes = text.into_bytes();
            }
        }
        bytes.truncate(MAX_INPUT);
    }
    bytes
}

// ---------------------------------------------------------------------------------------------
// Running
// ---------------------------------------------------------------------------------------------

/// Writes a failing input where it can be picked up and committed as a regression.
fn write_failure(target: Target, input: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures");
    let _ = std::fs::create_dir_all(&dir);
    // FNV-1a: a stable name per input.
    let h = input.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ *b as u64).wrapping_mul(0x0100_0000_01b3)
    });
    let path = dir.join(format!("{}-{h:016x}.{}", target.name(), target.ext()));
    let _ = std::fs::write(&path, input);
    path
}

/// Counts over a run.
#[derive(Default)]
struct Stats {
    per_target: BTreeMap<&'static str, usize>,
    known: BTreeMap<&'static str, usize>,
    /// Per known bug: the first input that showed it, and what it showed.
    first_known: BTreeMap<&'static str, (PathBuf, String)>,
    slowest: (Duration, String),
}

/// What one input showed.
struct Judged {
    /// The known bugs it hit.
    known: Vec<&'static str>,
    /// New findings, with the file the input was written to.
    new: Option<(PathBuf, Vec<Finding>)>,
}

/// Runs one input and splits its findings into known bugs (also counted in `stats`) and new
/// ones.
fn judge(
    ctx: &Ctx,
    target: Target,
    input: &[u8],
    stats: &mut Stats,
    extra: Vec<Finding>,
) -> Judged {
    let t0 = Instant::now();
    let mut findings = run(ctx, target, input);
    let took = t0.elapsed();
    if took > stats.slowest.0 {
        let path = write_failure(target, input);
        stats.slowest = (took, path.display().to_string());
    }
    findings.extend(extra);
    *stats.per_target.entry(target.name()).or_default() += 1;
    let text = String::from_utf8_lossy(input);
    let mut new = Vec::new();
    let mut known = Vec::new();
    for f in findings {
        match known_bug(&f, &text) {
            Some(b) => {
                known.push(b.id);
                *stats.known.entry(b.id).or_default() += 1;
                if !stats.first_known.contains_key(b.id) {
                    let path = write_failure(target, input);
                    stats.first_known.insert(b.id, (path, f.to_string()));
                }
            }
            None => new.push(f),
        }
    }
    Judged {
        known,
        new: (!new.is_empty()).then(|| (write_failure(target, input), new)),
    }
}

fn describe(target: Target, path: &Path, findings: &[Finding]) -> String {
    format!(
        "{} input {} ({}):\n{}\nCommit it to fuzz/corpus/{}/ as a regression once understood.",
        target.name(),
        path.display(),
        findings.len(),
        findings
            .iter()
            .map(|f| format!("  {f}"))
            .collect::<Vec<_>>()
            .join("\n"),
        target.name()
    )
}

/// The input being run, for the hang watchdog.
type Current = Arc<Mutex<Option<(Instant, Target, Vec<u8>)>>>;

/// Exits the process when one input runs longer than [`HANG`], after writing it out.
fn watchdog(current: Current, done: Arc<AtomicBool>) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        while !done.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(250));
            let guard = current.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((t0, target, input)) = guard.as_ref() {
                if t0.elapsed() > HANG {
                    let p = write_failure(*target, input);
                    eprintln!(
                        "HANG: a {} input has run for {} s: {}",
                        target.name(),
                        HANG.as_secs(),
                        p.display()
                    );
                    std::process::exit(3);
                }
            }
        }
    })
}

#[test]
fn survives_10_000_generated_bad_inputs() {
    let ctx = Ctx::new(&root());
    let seeds = Seeds::load();
    let stats = RefCell::new(Stats::default());
    let current: Current = Arc::new(Mutex::new(None));
    let done = Arc::new(AtomicBool::new(false));
    let dog = watchdog(current.clone(), done.clone());
    let memory_reported = std::cell::Cell::new(false);
    let t0 = Instant::now();

    let config = Config {
        cases: env_or("HELTID_FUZZ_CASES", CASES),
        rng_seed: RngSeed::Fixed(env_or("HELTID_FUZZ_SEED", SEED)),
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        source_file: Some(file!()),
        max_shrink_iters: 400,
        ..Config::default()
    };
    // HELTID_FUZZ_DUMP=<dir>: also write every generated input to <dir>/<target>/ (to look at
    // them, or to seed cargo-fuzz).
    let dump = std::env::var_os("HELTID_FUZZ_DUMP").map(PathBuf::from);
    let dumped = std::cell::Cell::new(0usize);
    let mut runner = TestRunner::new(config);
    let result = runner.run(&cases(), |case| {
        let input = build(&seeds, &case);
        if let Some(dir) = &dump {
            let n = dumped.get();
            dumped.set(n + 1);
            let d = dir.join(case.target.name());
            let _ = std::fs::create_dir_all(&d);
            let _ = std::fs::write(d.join(format!("{n:05}.{}", case.target.ext())), &input);
        }
        *current.lock().unwrap_or_else(|e| e.into_inner()) =
            Some((Instant::now(), case.target, input.clone()));
        let out = judge(
            &ctx,
            case.target,
            &input,
            &mut stats.borrow_mut(),
            Vec::new(),
        );
        let after = peak_rss_bytes().unwrap_or(0);
        *current.lock().unwrap_or_else(|e| e.into_inner()) = None;
        // Memory: the input that first pushes the peak above the limit is the finding.
        if after > MEMORY_LIMIT && !memory_reported.get() {
            memory_reported.set(true);
            let p = write_failure(case.target, &input);
            return Err(TestCaseError::fail(format!(
                "memory: peak {} MB after {} input {}",
                after >> 20,
                case.target.name(),
                p.display()
            )));
        }
        match out.new {
            None => Ok(()),
            Some((path, f)) => Err(TestCaseError::fail(describe(case.target, &path, &f))),
        }
    });
    done.store(true, Ordering::Relaxed);
    let _ = dog.join();

    let s = stats.borrow();
    let peak = peak_rss_bytes();
    println!(
        "fuzz: {} runs (with shrinking) in {:.1} s; per target {:?}; slowest input {:.0} ms ({}); \
         peak memory {} MB",
        s.per_target.values().sum::<usize>(),
        t0.elapsed().as_secs_f64(),
        s.per_target,
        s.slowest.0.as_secs_f64() * 1000.0,
        s.slowest.1,
        peak.map_or(-1, |p| (p >> 20) as i64)
    );
    println!("fuzz: outcomes {:?}", fuzz_harness::take_outcomes());
    for (id, n) in &s.known {
        let (path, what) = &s.first_known[id];
        println!(
            "fuzz: known bug {id}: {n} input(s), e.g. {}: {what}",
            path.display()
        );
    }
    match result {
        Ok(()) => {}
        Err(TestError::Fail(why, case)) => panic!("{why}\nminimal case: {case:?}"),
        Err(e) => panic!("{e}"),
    }
    if let Some(p) = peak {
        assert!(p < MEMORY_LIMIT, "peak memory {} MB", p >> 20);
    }
}

#[test]
fn replays_the_committed_corpus() {
    let ctx = Ctx::new(&root());
    let seeds = Seeds::load();
    let mut stats = Stats::default();
    let mut failures = Vec::new();
    let mut known = BTreeMap::new();
    for target in Target::ALL {
        for (name, bytes) in seeds.of(target) {
            let j = judge(&ctx, target, bytes, &mut stats, Vec::new());
            if let Some((path, f)) = j.new {
                failures.push(format!("{name}: {}", describe(target, &path, &f)));
            }
            known.insert(name.clone(), j.known);
        }
    }
    // Every known bug still shows on its reproducer; an entry whose bug is gone must go.
    for b in KNOWN_BUGS {
        match known.get(b.reproducer) {
            None => failures.push(format!(
                "known bug {}: its reproducer {} is not in fuzz/corpus/<target>/",
                b.id, b.reproducer
            )),
            Some(ids) if !ids.contains(&b.id) => failures.push(format!(
                "known bug {} ({}) no longer shows on {}: remove it from KNOWN_BUGS",
                b.id, b.issue_part, b.reproducer
            )),
            Some(_) => {}
        }
    }
    println!(
        "corpus: {:?}; known bugs seen {:?}",
        stats.per_target, stats.known
    );
    for (id, (path, what)) in &stats.first_known {
        println!("corpus: known bug {id} on {}: {what}", path.display());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Tiny valid scenarios from the field-by-field generator, solved with a 1 s limit.
#[test]
fn solves_a_sample_of_tiny_generated_scenarios() {
    const SAMPLE: usize = 8;
    let seeds = Seeds::load();
    let config = Config {
        rng_seed: RngSeed::Fixed(SEED + 1),
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    let tiny = &seeds.valid[..2];
    let strategy = (0..tiny.len(), prop::collection::vec(field_op(), 1..=2));
    let opts = SolveOptions {
        time_limit: 1.0,
        ..SolveOptions::default()
    };
    let mut solved = 0;
    for _ in 0..2_000 {
        if solved == SAMPLE {
            break;
        }
        let (i, ops) = strategy.new_tree(&mut runner).expect("a case").current();
        let mut v = tiny[i].1.clone();
        for op in &ops {
            if let Op::Field {
                field,
                elem,
                value,
                any,
            } = op
            {
                apply_field(&mut v, field, *elem, value, *any);
            }
        }
        let Ok(sc) = validate::parse_scenario(&v.to_string()) else {
            continue;
        };
        let candidates: i64 =
            sc.staff.len() as i64 + sc.open_positions.iter().map(|o| o.max_count).sum::<i64>();
        if sc.horizon.weeks > 2 || candidates > 6 || sc.shifts.len() > 3 {
            continue;
        }
        solved += 1;
        match heltid::solve(&sc, &opts) {
            Ok(r) => {
                if r.status != Status::Infeasible {
                    let v = check::check(&sc, &r);
                    assert!(
                        v.is_empty(),
                        "{}\n{}",
                        check::format_violations(&v),
                        serde_json::to_string_pretty(&sc).unwrap_or_default()
                    );
                }
                let json = serde_json::to_string(&r).expect("a roster serialises");
                let back: Roster = serde_json::from_str(&json)
                    .unwrap_or_else(|e| panic!("the roster does not read back: {e}\n{json}"));
                if r.status != Status::Infeasible {
                    assert!(check::check(&sc, &back).is_empty());
                }
            }
            Err(heltid::Error::NoSolutionInTime { .. }) => {}
            Err(e) => panic!(
                "{e}\n{}",
                serde_json::to_string_pretty(&sc).unwrap_or_default()
            ),
        }
    }
    assert_eq!(solved, SAMPLE, "too few tiny valid scenarios generated");
}
