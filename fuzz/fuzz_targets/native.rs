//! The native reader (the library's JSON) on any bytes: no panic, and an article it reads
//! back from the JSON it writes unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use taiyaku::import::{Format, import_bytes};
use taiyaku_fuzz::check_import;

fuzz_target!(|data: &[u8]| {
    check_import(&import_bytes(data, "article.json", Some(Format::Native)));
});
