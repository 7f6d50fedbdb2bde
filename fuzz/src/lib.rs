//! What the fuzz targets check of an import, shared: no panic, messages safe to print, and an
//! article that reads back from its native JSON unchanged.

use taiyaku::import::{ImportError, Imported, import_bytes, native};

/// Checks an import's outcome: an article reads back from its JSON, and every message (the
/// error, or each warning) is one line without a control character, as `ImportError` promises.
pub fn check_import(result: &Result<Imported, ImportError>) {
    match result {
        Ok(imported) => {
            for warning in &imported.warnings {
                assert_printable_line(warning);
            }
            assert_reads_back(imported);
        }
        Err(error) => assert_printable_line(&error.to_string()),
    }
}

/// Import → the library's JSON → import gives the same article, and the same JSON again.
pub fn assert_reads_back(imported: &Imported) {
    let json = native::to_json(&imported.article);
    let back = import_bytes(json.as_bytes(), "copy.json", None).expect("its own JSON imports");
    assert_eq!(
        back.article, imported.article,
        "the article read back differs"
    );
    assert_eq!(native::to_json(&back.article), json, "its JSON differs");
}

/// A message shown on one line: no line break, escape or other control character.
pub fn assert_printable_line(message: &str) {
    assert!(
        !message.chars().any(char::is_control),
        "a message with a control character: {message:?}"
    );
}
