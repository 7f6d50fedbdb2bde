//! What the benchmarks share: large bilingual documents built from our own fixture.

use std::path::Path;

use taiyaku::article::{Article, Block};
use taiyaku::import::import_path;

/// A bilingual document of at least `bytes` bytes: our JITOW fixture's blocks, repeated.
pub fn bilingual_document(bytes: usize) -> Article {
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/jitow_full.txt");
    let mut article = import_path(Path::new(fixture), None)
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
