//! The import gate (`import_bytes`, no file path) on any bytes. The first byte chooses how,
//! modulo the formats and names: below the number of formats, the registry's format of that
//! index (`format_names()`) by name; above, detection under the file name of `NAMES` (their
//! extensions are hints). The rest is the file. The seeds' first bytes are `'0' + choice`
//! (`'0'` EPUB, `'1'` native JSON, … `'<'` detection as `file`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use taiyaku::import::{format_named, format_names, import_bytes};
use taiyaku_fuzz::check_import;

/// The names a detected file is given, for their extensions.
const NAMES: &[&str] = &[
    "file", "a.txt", "a.md", "a.csv", "a.tsv", "a.srt", "a.vtt", "a.html", "a.json", "a.xml",
    "a.tmx", "a.epub",
];

fuzz_target!(|data: &[u8]| {
    let Some((&choice, bytes)) = data.split_first() else {
        return;
    };
    let formats = format_names();
    let choice = usize::from(choice) % (formats.len() + NAMES.len());
    let result = match formats.get(choice) {
        Some(name) => {
            let format = format_named(name).expect("every format's name is known");
            import_bytes(bytes, "file", Some(format))
        }
        None => import_bytes(bytes, NAMES[choice - formats.len()], None),
    };
    check_import(&result);
});
