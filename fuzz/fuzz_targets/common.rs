//! What every cargo-fuzz target shares: the harness of `tests/fuzz.rs`, its context, and the
//! rule that only findings outside `KNOWN_BUGS` crash.

#[path = "../../tests/fuzz_harness/mod.rs"]
pub mod harness;

use std::path::Path;
use std::sync::OnceLock;

pub use harness::Target;

/// Runs one input through `target`; panics (a libFuzzer crash) on a finding that is not a known
/// bug.
pub fn fuzz(target: Target, data: &[u8]) {
    static CTX: OnceLock<harness::Ctx> = OnceLock::new();
    let ctx =
        CTX.get_or_init(|| harness::Ctx::new(&Path::new(env!("CARGO_MANIFEST_DIR")).join("..")));
    let text = String::from_utf8_lossy(data);
    let new: Vec<String> = harness::run(ctx, target, data)
        .into_iter()
        .filter(|f| harness::known_bug(f, &text).is_none())
        .map(|f| f.to_string())
        .collect();
    assert!(
        new.is_empty(),
        "{} input: {}",
        target.name(),
        new.join("\n")
    );
}
