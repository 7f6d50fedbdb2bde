//! EPUB books made in the tests: zip archives written with the `zip` crate.

use std::io::{Cursor, Write};
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

pub const MIMETYPE: &[u8] = b"application/epub+zip";

/// A zip archive of the files, in order, `mimetype` stored as OCF wants it and the rest
/// deflated.
pub fn zip(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in files {
        let method = if *name == "mimetype" {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default().compression_method(method);
        zip.start_file(*name, options).expect("a file starts");
        zip.write_all(bytes).expect("a file is written");
    }
    zip.finish().expect("the archive ends").into_inner()
}

/// A book of these files, after its `mimetype`.
pub fn book(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut all = vec![("mimetype", MIMETYPE)];
    all.extend_from_slice(files);
    zip(&all)
}

/// A folder of `tests/fixtures` zipped as a book, its files in name order.
pub fn fixture_book(folder: &str) -> Vec<u8> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(folder);
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort();
    let named: Vec<(&str, &[u8])> = files
        .iter()
        .filter(|(name, _)| name != "mimetype")
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    book(&named)
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, Vec<u8>)>) {
    for entry in std::fs::read_dir(dir).expect("a fixture folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            collect(root, &path, files);
        } else {
            let name = path.strip_prefix(root).expect("inside").to_string_lossy();
            let bytes = std::fs::read(&path).expect("a fixture file");
            files.push((name.replace('\\', "/"), bytes));
        }
    }
}
