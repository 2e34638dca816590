#![no_main]

libfuzzer_sys::fuzz_target!(init: etlkit_fuzz::quiet(), |data: &[u8]| etlkit_fuzz::extract_log::check(data));
