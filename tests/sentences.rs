//! The sentence splitter against the Kyoto corpus, whose `<sen>` elements are its own sentences.
//!
//! The importer joins a paragraph's `<sen>` on each side and records where each lies; each
//! `<sen>` after the first starts at a gold boundary. A boundary the splitter finds counts when
//! it is at a gold one: precision is the share of the splitter's boundaries that are, recall the
//! share of gold ones it finds. A `<sen>` is one Japanese sentence and its translation, which
//! may be two English sentences: English precision is the weaker figure by nature, and recall
//! matters more to the aligner.
//!
//! `cargo test --test sentences -- --nocapture` prints the figures; with
//! `TAIYAKU_SENTENCES_MISSES=1` it prints each disagreement too (the corpus's text, to the
//! terminal only).

mod common;

use std::collections::BTreeSet;
use std::ops::Range;

use taiyaku::article::{Block, Side};
use taiyaku::import::import_path;
use taiyaku::text::sentences;

/// Boundaries found, boundaries in the corpus, and how many of each agree; and the same for the
/// gold boundaries after a stop.
#[derive(Default, Clone, Copy)]
struct Score {
    predicted: usize,
    gold: usize,
    agreed: usize,
    gold_after_stops: usize,
    agreed_after_stops: usize,
}

impl Score {
    fn add(&mut self, other: Score) {
        self.predicted += other.predicted;
        self.gold += other.gold;
        self.agreed += other.agreed;
        self.gold_after_stops += other.gold_after_stops;
        self.agreed_after_stops += other.agreed_after_stops;
    }

    /// Recall of the gold boundaries that follow a stop (see `after_stop`).
    #[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
    fn recall_after_stops(self) -> f64 {
        self.agreed_after_stops as f64 / self.gold_after_stops.max(1) as f64
    }

    #[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
    fn precision(self) -> f64 {
        self.agreed as f64 / self.predicted.max(1) as f64
    }

    #[expect(clippy::cast_precision_loss, reason = "counts far below 2^52")]
    fn recall(self) -> f64 {
        self.agreed as f64 / self.gold.max(1) as f64
    }
}

/// Where each range after the first starts, past any whitespace.
fn boundaries(text: &str, ranges: impl IntoIterator<Item = Range<usize>>) -> BTreeSet<usize> {
    let mut starts: Vec<usize> = ranges
        .into_iter()
        .map(|r| r.start + (r.len() - text[r].trim_start().len()))
        .collect();
    starts.sort_unstable();
    starts.into_iter().skip(1).collect()
}

/// One side of one paragraph scored; the disagreements printed when asked for.
fn score(block: &Block, side: Side, show: bool) -> Score {
    let Some(text) = block.text.get(side) else {
        return Score::default();
    };
    let gold = boundaries(text, block.sentences.iter().filter_map(|s| s.get(side)));
    let split = match side {
        Side::En => sentences::english(text),
        Side::Ja => sentences::japanese(text),
    };
    let predicted = boundaries(text, split);
    if show {
        for &at in predicted.symmetric_difference(&gold) {
            let kind = if gold.contains(&at) {
                "missed"
            } else {
                "extra"
            };
            let before: String = text[..at].chars().rev().take(40).collect();
            let before: String = before.chars().rev().collect();
            let after: String = text[at..].chars().take(30).collect();
            eprintln!("{side:?} {kind}: {before}‖{after}");
        }
    }
    let after_stops: BTreeSet<usize> = gold
        .iter()
        .copied()
        .filter(|&at| after_stop(&text[..at], side))
        .collect();
    Score {
        predicted: predicted.len(),
        gold: gold.len(),
        agreed: predicted.intersection(&gold).count(),
        gold_after_stops: after_stops.len(),
        agreed_after_stops: predicted.intersection(&after_stops).count(),
    }
}

/// Whether the text before a boundary ends with a stop (and maybe closing quotes and brackets).
/// Many `<sen>` are items of a list or a heading, without one: in a paragraph joined as the
/// importer joins them, nothing in the text marks where they end (`…（個人蔵）山水図…`), so no
/// splitter could find those boundaries. The recall of the others measures the splitter's rules.
fn after_stop(before: &str, side: Side) -> bool {
    let closer = |c: char| "\"'”’)]}」』）】〕》".contains(c);
    let stop = |c: char| match side {
        Side::En => ".?!".contains(c),
        Side::Ja => "。！？!?．｡".contains(c),
    };
    before.trim_end().trim_end_matches(closer).ends_with(stop)
}

#[test]
#[cfg_attr(not(corpus), ignore = "TAIYAKU_CORPUS_DIR not set: corpus skipped")]
fn the_splitter_finds_the_corpus_sentence_boundaries() {
    let show = std::env::var_os("TAIYAKU_SENTENCES_MISSES").is_some_and(|v| !v.is_empty());
    let files = common::corpus_files("kyoto", "xml");
    assert_eq!(files.len(), 6, "{files:?}");
    let (mut en, mut ja) = (Score::default(), Score::default());
    for path in &files {
        let imported =
            import_path(path, None).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let (mut file_en, mut file_ja) = (Score::default(), Score::default());
        for block in imported.article.blocks.iter().filter(|b| !b.is_heading()) {
            assert!(block.sentences_fit(), "{}: {block:?}", path.display());
            file_en.add(score(block, Side::En, show));
            file_ja.add(score(block, Side::Ja, show));
        }
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        report(&name, file_en, file_ja);
        en.add(file_en);
        ja.add(file_ja);
    }
    report("all", en, ja);
    assert!(
        en.gold >= 700 && ja.gold >= 700,
        "too few boundaries to judge"
    );
    // Floors a little under the figures measured when they were set (all six files):
    //   English  precision 0.9831 (349/355)  recall 0.4827 (349/723)  after a stop 0.9943 (349/351)
    //   Japanese precision 1.0000 (360/360)  recall 0.4979 (360/723)  after a stop 0.9809 (360/367)
    // English's extra boundaries are a `<sen>` of two English sentences; the misses after a stop
    // (both sides) are the corpus's splits inside brackets, which the splitter never makes.
    let floors = [
        ("English precision", en.precision(), 0.975),
        ("English recall", en.recall(), 0.47),
        (
            "English recall after a stop",
            en.recall_after_stops(),
            0.985,
        ),
        ("Japanese precision", ja.precision(), 0.99),
        ("Japanese recall", ja.recall(), 0.48),
        (
            "Japanese recall after a stop",
            ja.recall_after_stops(),
            0.975,
        ),
    ];
    for (what, measured, floor) in floors {
        assert!(measured >= floor, "{what} {measured:.4} is under {floor}");
    }
}

fn report(name: &str, en: Score, ja: Score) {
    for (side, s) in [("en", en), ("ja", ja)] {
        eprintln!(
            "{name:>24} {side}: precision {:.4} ({}/{}), recall {:.4} ({}/{}), \
             after a stop {:.4} ({}/{})",
            s.precision(),
            s.agreed,
            s.predicted,
            s.recall(),
            s.agreed,
            s.gold,
            s.recall_after_stops(),
            s.agreed_after_stops,
            s.gold_after_stops,
        );
    }
}
