#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| etlkit_fuzz::json::check(data));
