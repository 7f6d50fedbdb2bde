//! Benchmarks of the text engine: our wrapper beside textwrap on the same paragraphs, and
//! windowed layout on a small and a large document, and the `render` process.
//!
//! Run with `cargo bench --bench engine`. The corpus is read from `TAIYAKU_CORPUS_DIR`
//! (default `../shared/corpus`).

use std::path::PathBuf;
use std::sync::LazyLock;

use common::bilingual_document;
use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use taiyaku::article::Article;
use taiyaku::layout::{Geometry, Layout, Mode, Position};
use taiyaku::text::{AmbiguousWidth, sanitize, wrap};

mod common;

fn main() {
    divan::main();
}

fn corpus_dir() -> PathBuf {
    std::env::var_os("TAIYAKU_CORPUS_DIR")
        .map_or_else(|| PathBuf::from("../shared/corpus"), PathBuf::from)
}

/// 吾輩は猫である, decoded, sanitized and cut into its paragraphs.
static WAGAHAI: LazyLock<Vec<String>> = LazyLock::new(|| {
    let path = corpus_dir().join("aozora/wagahai.utf8.txt");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = sanitize(&taiyaku::text::decode(&bytes).expect("decodes").text);
    text.split('\n')
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
});

fn total_bytes() -> BytesCount {
    BytesCount::new(WAGAHAI.iter().map(String::len).sum::<usize>())
}

const WIDTH: usize = 40;

#[divan::bench_group(name = "wrap wagahai at 40 cells")]
mod wrap_wagahai {
    use super::{AmbiguousWidth, Bencher, WAGAHAI, WIDTH, black_box, total_bytes, wrap};

    #[divan::bench]
    fn taiyaku(bencher: Bencher) {
        bencher.counter(total_bytes()).bench(|| {
            WAGAHAI
                .iter()
                .map(|p| wrap(black_box(p), WIDTH, AmbiguousWidth::Narrow).len())
                .sum::<usize>()
        });
    }

    #[divan::bench]
    fn textwrap_first_fit(bencher: Bencher) {
        let options =
            textwrap::Options::new(WIDTH).wrap_algorithm(textwrap::WrapAlgorithm::FirstFit);
        bencher.counter(total_bytes()).bench(|| {
            WAGAHAI
                .iter()
                .map(|p| textwrap::wrap(black_box(p), &options).len())
                .sum::<usize>()
        });
    }
}

static DOCUMENT_100K: LazyLock<Article> = LazyLock::new(|| bilingual_document(100_000));
static DOCUMENT_10M: LazyLock<Article> = LazyLock::new(|| bilingual_document(10_000_000));

/// Opening a document and laying out one 50-row window in its middle, side by side at 160
/// columns: nothing else may be wrapped, so the size of the document must not matter.
#[divan::bench(args = ["100 KB", "10 MB"])]
fn open_and_lay_out_a_window(bencher: Bencher, size: &str) {
    let article: &Article = if size == "10 MB" {
        &DOCUMENT_10M
    } else {
        &DOCUMENT_100K
    };
    let geometry = Geometry {
        width: 160,
        mode: Mode::Side,
        policy: AmbiguousWidth::Narrow,
        sentence_rows: false,
    };
    bencher.bench(|| {
        let mut layout = Layout::new(black_box(article), geometry);
        let middle = Position::at_unit(layout.len() / 2);
        layout.rows(article, middle, 50).len()
    });
}

/// `taiyaku render` of the seed at width 100: the whole process, start to exit.
#[divan::bench(sample_count = 30, sample_size = 1)]
fn render_seed_process() {
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_taiyaku"))
        .args(["render", "seeds/000_c337ac50f9fe369f.txt", "--width", "100"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::process::Stdio::null())
        .status()
        .expect("taiyaku runs");
    assert!(status.success());
}
