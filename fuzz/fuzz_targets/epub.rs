//! The EPUB reader on books made from the input, so that the fuzzer mutates the files inside
//! rather than the zip archive (whose checksums would refuse nearly every mutation): the input
//! is files, each after a line `@@ NAME`, zipped in order behind a stored `mimetype` (unless
//! the input gives one). The book goes through the import gate, its format detected from its
//! bytes, as `taiyaku book.epub` reads it. Raw archives are the `import` target's.
#![no_main]

use std::io::{Cursor, Write};

use libfuzzer_sys::fuzz_target;
use taiyaku::import::import_bytes;
use taiyaku_fuzz::check_import;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

const MARK: &[u8] = b"@@ ";

/// The files of the input: `(name, bytes)` after each `@@ NAME` line; bytes before the first
/// mark are left out.
fn files(data: &[u8]) -> Vec<(String, &[u8])> {
    let mut starts: Vec<usize> = (0..data.len())
        .filter(|&at| data[at..].starts_with(MARK) && (at == 0 || data[at - 1] == b'\n'))
        .collect();
    starts.push(data.len());
    starts
        .windows(2)
        .map(|pair| {
            let entry = &data[pair[0] + MARK.len()..pair[1]];
            let (name, bytes) = match entry.iter().position(|&b| b == b'\n') {
                Some(end) => (&entry[..end], &entry[end + 1..]),
                None => (entry, &[][..]),
            };
            let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
            (String::from_utf8_lossy(name).into_owned(), bytes)
        })
        .collect()
}

/// A zip archive of the files, stored, a `mimetype` first unless they have one; a name given
/// again is left out, and so is a file the archive refuses.
fn book(files: &[(String, &[u8])]) -> Vec<u8> {
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let mimetype: (String, &[u8]) = ("mimetype".to_owned(), b"application/epub+zip");
    let given = files.iter().any(|(name, _)| name == "mimetype");
    let all = (!given).then_some(&mimetype).into_iter().chain(files);
    let mut seen = std::collections::HashSet::new();
    for (name, bytes) in all {
        if seen.insert(name) && zip.start_file(name.as_str(), options).is_ok() {
            zip.write_all(bytes).expect("a file is written");
        }
    }
    zip.finish().expect("the archive ends").into_inner()
}

fuzz_target!(|data: &[u8]| {
    let bytes = book(&files(data));
    check_import(&import_bytes(&bytes, "book.epub", None));
});
