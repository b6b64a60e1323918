//! cargo-fuzz target `sweep_spec` (see docs/fuzzing.md).
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::fuzz(common::Target::SweepSpec, data));
