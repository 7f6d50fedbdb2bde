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
        b.text.en.as_deref().map_or(0, str::len) + b.text.ja.as_deref().map_or(0, str::len)
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

/// The paragraphs of a fixture of ours in plain text (`bento_en.txt`, `bento_ja.txt`), its title
/// line left out, each as written (hard-wrapped lines kept).
pub fn fixture_paragraphs(name: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (_, body) = text.split_once("\n\n").expect("a title line");
    body.split("\n\n")
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect()
}

/// How many copies of the lists' paragraphs `plain_text` takes to make at least `bytes` bytes.
pub fn copies_for(lists: &[&[String]], bytes: usize) -> usize {
    let per_copy: usize = lists
        .iter()
        .flat_map(|list| list.iter())
        .map(|p| p.len() + 2)
        .sum();
    bytes.div_ceil(per_copy.max(1))
}

/// Plain text: the title's lines as a header, then `copies` copies of the paragraphs, taken in
/// turn from each list (one list: one language; two: paragraphs alternating between them),
/// blank lines between.
pub fn plain_text(title: &str, lists: &[&[String]], copies: usize) -> String {
    let mut text = format!("{title}\n");
    let longest = lists.iter().map(|list| list.len()).max().unwrap_or(0);
    for _ in 0..copies {
        for i in 0..longest {
            for paragraph in lists.iter().filter_map(|list| list.get(i)) {
                text.push('\n');
                text.push_str(paragraph);
                text.push('\n');
            }
        }
    }
    text
}
