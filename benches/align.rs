//! Benchmarks of the aligner: aligning SCL00001 (the largest shared Kyoto article, about a
//! thousand sentence pairs) rebuilt as two texts, beside Gale–Church on the same texts; and a
//! pair of about 10 MB (the article's English and Japanese repeated), as a user waits for it;
//! and the article and the 10 MB pair with a passage left out of their Japanese.
//!
//! Run with `cargo bench --bench align`. The corpus is read from `TAIYAKU_CORPUS_DIR`
//! (default `../shared/corpus`).

use std::path::PathBuf;
use std::sync::LazyLock;

use divan::{Bencher, black_box};
use taiyaku::align::eval::Gold;
use taiyaku::align::{self, Model, Text, fit};
use taiyaku::article::Side;
use taiyaku::import::import_path;

fn main() {
    divan::main();
}

fn corpus_dir() -> PathBuf {
    std::env::var_os("TAIYAKU_CORPUS_DIR")
        .map_or_else(|| PathBuf::from("../shared/corpus"), PathBuf::from)
}

fn split(text: &str, side: Side) -> Vec<String> {
    let ranges = match side {
        Side::En => taiyaku::text::english(text),
        Side::Ja => taiyaku::text::japanese(text),
    };
    ranges.into_iter().map(|r| text[r].to_owned()).collect()
}

/// SCL00001 as gold, and as its two texts.
static SCL: LazyLock<(Gold, Text, Text)> = LazyLock::new(|| {
    let path = corpus_dir().join("kyoto/SCL00001.xml");
    let article = import_path(&path, None)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .article;
    let gold = Gold::from_article(&article, split);
    let (en, ja, _) = gold.texts();
    (gold, en, ja)
});

/// The same texts repeated to about 10 MB in all.
static LARGE: LazyLock<(Text, Text)> = LazyLock::new(|| {
    let (_, en, ja) = &*SCL;
    let bytes = |t: &Text| t.sentences.iter().map(String::len).sum::<usize>();
    let times = 10_000_000 / (bytes(en) + bytes(ja)) + 1;
    let repeat = |t: &Text| Text {
        sentences: (0..times)
            .flat_map(|_| t.sentences.iter().cloned())
            .collect(),
        starts: t.starts.repeat(times),
    };
    (repeat(en), repeat(ja))
});

#[divan::bench(args = ["taiyaku", "Gale–Church"])]
fn align_1000_sentence_pairs(bencher: Bencher, model: &str) {
    let (gold, en, ja) = &*SCL;
    let model = if model == "taiyaku" {
        Model::default()
    } else {
        let (ratio, variance) = fit::gale_church(std::slice::from_ref(gold));
        Model::gale_church(ratio, variance)
    };
    bencher.bench(|| align::align(black_box(en), black_box(ja), &model));
}

/// `ja` with `count` sentences left out of its middle.
fn with_a_gap(ja: &Text, count: usize) -> Text {
    let middle = ja.len() / 2;
    let keep = |k: &usize| !(middle..middle + count).contains(k);
    Text {
        sentences: (0..ja.len())
            .filter(keep)
            .map(|k| ja.sentences[k].clone())
            .collect(),
        starts: (0..ja.len()).filter(keep).map(|k| ja.starts[k]).collect(),
    }
}

/// The SCL00001 pair with 100 Japanese sentences left out of its middle.
static WITH_A_GAP: LazyLock<(Text, Text)> = LazyLock::new(|| {
    let (_, en, ja) = &*SCL;
    (en.clone(), with_a_gap(ja, 100))
});

#[divan::bench]
fn align_1000_sentence_pairs_with_100_left_out(bencher: Bencher) {
    let (en, ja) = &*WITH_A_GAP;
    bencher.bench(|| align::align(black_box(en), black_box(ja), &Model::default()));
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn align_a_10_mb_pair(bencher: Bencher) {
    let (en, ja) = &*LARGE;
    bencher.bench(|| align::align(black_box(en), black_box(ja), &Model::default()));
}

/// The 10 MB pair with 400 Japanese sentences left out of its middle: the band widens there
/// (and only so far: see `align::cell_budget`).
#[divan::bench(sample_count = 3, sample_size = 1)]
fn align_a_10_mb_pair_with_400_left_out(bencher: Bencher) {
    let (en, ja) = &*LARGE;
    let ja = with_a_gap(ja, 400);
    bencher.bench(|| align::align(black_box(en), black_box(&ja), &Model::default()));
}
