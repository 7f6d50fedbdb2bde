//! What the benchmarks share: large bilingual documents built from our own fixtures, and
//! (`epub`, the tests' own) EPUB books written as zip archives.

// Each benchmark is a crate of its own and uses only part of this.
#![allow(dead_code)]

#[path = "../../tests/common/epub.rs"]
pub mod epub;

use std::path::Path;

use taiyaku::article::{Article, Block};
use taiyaku::import::import_path;

/// A bilingual document of at least `bytes` bytes: our JITOW fixture's blocks, repeated.
pub fn bilingual_document(bytes: usize) -> Article {
    repeated("jitow_full.txt", bytes)
}

/// A document of at least `bytes` bytes whose paragraphs carry sentence pairs: our Kyoto-style
/// fixture's blocks, repeated.
pub fn sentenced_document(bytes: usize) -> Article {
    repeated("kyoto_sentences.xml", bytes)
}

/// The blocks of the fixture `name` (in `tests/fixtures`), repeated to at least `bytes` bytes.
fn repeated(name: &str, bytes: usize) -> Article {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let mut article = import_path(&fixture, None)
        .expect("fixture imports")
        .article;
    let blocks = std::mem::take(&mut article.blocks);
    let block_bytes = |b: &Block| {
        b.text.en.as_ref().map_or(0, String::len) + b.text.ja.as_ref().map_or(0, String::len)
    };
    let mut size = 0;
    while size < bytes {
        for block in &blocks {
            size += block_bytes(block);
            article.blocks.push(block.clone());
        }
    }
    article
}
