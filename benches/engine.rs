//! Benchmarks of the text engine: our wrapper beside textwrap on the same paragraphs, and
//! windowed layout on a small and a large document, decoding, sanitizing and splitting plain
//! text in each script beside the pipeline as it was (`tests/reference`), importing the same
//! text as plain text and as an EPUB book, and the `render` process.
//!
//! Run with `cargo bench --bench engine`. The corpus is read from `TAIYAKU_CORPUS_DIR`
//! (default `../shared/corpus`).

use std::path::PathBuf;
use std::sync::LazyLock;

use common::{bilingual_document, copies_for, fixture_paragraphs, plain_text};
use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use taiyaku::article::Article;
use taiyaku::layout::{Geometry, Layout, Mode, Position};
use taiyaku::text::{AmbiguousWidth, sanitize, wrap};

mod common;
#[path = "../tests/reference/mod.rs"]
mod reference;

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
    let geometry = Geometry::new(160, Mode::Side, AmbiguousWidth::Narrow);
    bencher.bench(|| {
        let mut layout = Layout::new(black_box(article), geometry);
        let middle = Position::at_unit(layout.len() / 2);
        layout.rows(article, middle, 50).len()
    });
}

/// About 2 MB of plain text in each script: a title, then our bento fixture's paragraphs (in
/// hard-wrapped lines) repeated, the English as bytes and the Japanese as bytes.
static PLAIN_2M: LazyLock<[Vec<u8>; 2]> = LazyLock::new(|| {
    let english = fixture_paragraphs("bento_en.txt");
    let japanese = fixture_paragraphs("bento_ja.txt");
    [
        plain_text(
            "The Lunch Box",
            &[&english],
            copies_for(&[&english], 2_000_000),
        )
        .into_bytes(),
        plain_text("弁当箱", &[&japanese], copies_for(&[&japanese], 2_000_000)).into_bytes(),
    ]
});

/// Bytes → an article, as a plain text is read: decoded, sanitized, split into paragraphs,
/// placed by script and paired; ours beside the pipeline as it was, and the whole import gate
/// (format detection included). Throughput is of the file's bytes.
#[divan::bench_group(
    name = "decode, sanitize and split 2 MB of plain text",
    sample_count = 30
)]
mod decode_sanitize_split {
    use super::{Bencher, BytesCount, PLAIN_2M, black_box, reference};
    use taiyaku::import::{import_bytes, plain};
    use taiyaku::text::{decode, sanitize};

    fn bytes(script: &str) -> &'static [u8] {
        &PLAIN_2M[usize::from(script == "Japanese")]
    }

    #[divan::bench(args = ["English", "Japanese"])]
    fn taiyaku(bencher: Bencher, script: &str) {
        let bytes = bytes(script);
        bencher.counter(BytesCount::new(bytes.len())).bench(|| {
            let text = sanitize(&decode(black_box(bytes)).expect("decodes").text);
            plain::parse(&text, "book.txt")
                .expect("the book reads")
                .article
                .blocks
                .len()
        });
    }

    #[divan::bench(args = ["English", "Japanese"])]
    fn as_before(bencher: Bencher, script: &str) {
        let bytes = bytes(script);
        bencher.counter(BytesCount::new(bytes.len())).bench(|| {
            let decoded = decode(black_box(bytes)).expect("decodes");
            let text = reference::sanitize::sanitize(&decoded.text);
            reference::plain::parse(&text, "book.txt")
                .article
                .blocks
                .len()
        });
    }

    #[divan::bench(args = ["English", "Japanese"])]
    fn whole_import(bencher: Bencher, script: &str) {
        let bytes = bytes(script);
        bencher.counter(BytesCount::new(bytes.len())).bench(|| {
            let imported = import_bytes(black_box(bytes), "book.txt", None);
            imported.expect("imports").article.blocks.len()
        });
    }
}

/// About 1 MB of bilingual paragraphs: our plain-text fixture's, repeated.
static PARAGRAPHS_1M: LazyLock<Vec<String>> = LazyLock::new(|| {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plain_alternating.txt");
    let text = std::fs::read_to_string(&path).expect("the fixture reads");
    let paragraphs: Vec<String> = text
        .split("\n\n")
        .map(|p| p.trim().replace('\n', " "))
        .filter(|p| !p.is_empty())
        .collect();
    let mut repeated = Vec::new();
    let mut bytes = 0;
    while bytes < 1_000_000 {
        for paragraph in &paragraphs {
            bytes += paragraph.len();
            repeated.push(paragraph.clone());
        }
    }
    repeated
});

/// The paragraphs as an EPUB 3 book of chapters of 200 paragraphs each.
fn epub_book(paragraphs: &[String]) -> Vec<u8> {
    use std::fmt::Write as _;

    let escaped = |text: &str| text.replace('&', "&amp;").replace('<', "&lt;");
    let chapters: Vec<String> = paragraphs
        .chunks(200)
        .map(|chunk| {
            let mut body = String::new();
            for paragraph in chunk {
                writeln!(body, "<p>{}</p>", escaped(paragraph)).expect("a string takes it");
            }
            format!(
                "<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">\
                 <head><title>c</title></head><body>{body}</body></html>"
            )
        })
        .collect();
    let (mut items, mut spine) = (String::new(), String::new());
    for index in 0..chapters.len() {
        let media_type = "media-type=\"application/xhtml+xml\"";
        write!(
            items,
            "<item id=\"c{index}\" href=\"c{index}.xhtml\" {media_type}/>"
        )
        .expect("a string takes it");
        write!(spine, "<itemref idref=\"c{index}\"/>").expect("a string takes it");
    }
    let package = format!(
        "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\"><metadata/>\
         <manifest>{items}</manifest><spine>{spine}</spine></package>"
    );
    let container = "<container><rootfiles><rootfile full-path=\"content.opf\" \
                     media-type=\"application/oebps-package+xml\"/></rootfiles></container>";
    let names: Vec<String> = (0..chapters.len())
        .map(|index| format!("c{index}.xhtml"))
        .collect();
    let mut files: Vec<(&str, &[u8])> = vec![
        ("META-INF/container.xml", container.as_bytes()),
        ("content.opf", package.as_bytes()),
    ];
    files.extend(
        names
            .iter()
            .map(String::as_str)
            .zip(chapters.iter().map(String::as_bytes)),
    );
    common::epub::book(&files)
}

/// The same text imported from plain text and from an EPUB book (unzipping, XML, blocks).
#[divan::bench_group(name = "import 1 MB of text")]
mod import_1_mb {
    use super::{Bencher, BytesCount, PARAGRAPHS_1M, black_box, epub_book};
    use taiyaku::import::import_bytes;

    fn text_bytes() -> BytesCount {
        BytesCount::new(PARAGRAPHS_1M.iter().map(String::len).sum::<usize>())
    }

    #[divan::bench]
    fn plain_text(bencher: Bencher) {
        let text = PARAGRAPHS_1M.join("\n\n");
        bencher.counter(text_bytes()).bench(|| {
            let imported = import_bytes(black_box(text.as_bytes()), "book.txt", None);
            imported.expect("imports").article.blocks.len()
        });
    }

    #[divan::bench]
    fn epub(bencher: Bencher) {
        let book = epub_book(&PARAGRAPHS_1M);
        bencher.counter(text_bytes()).bench(|| {
            let imported = import_bytes(black_box(&book), "book.epub", None);
            imported.expect("imports").article.blocks.len()
        });
    }
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
