//! Benchmarks of the text engine: our wrapper beside textwrap on the same paragraphs, and
//! windowed layout on a small and a large document.
//!
//! Run with `cargo bench --bench engine`. The corpus is read from `TAIYAKU_CORPUS_DIR`
//! (default `../shared/corpus`).

use std::path::PathBuf;
use std::sync::LazyLock;

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use taiyaku::text::{AmbiguousWidth, sanitize, wrap};

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
