//! cargo-fuzz target `rota_csv` (see docs/fuzzing.md).
#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| common::fuzz(common::Target::RotaCsv, data));
