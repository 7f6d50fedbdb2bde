//! The aligner measured on the shared Kyoto articles: each article's English and Japanese are
//! rebuilt as two separate texts (each `<sen>` split into sentences again), aligned, and
//! scored against the corpus's own pairing — sentence-bead F1 with paragraph marks and without,
//! on a stressed copy, and paragraph accuracy — beside Gale–Church fitted on the same data.
//! Each article is scored by a model fitted on the *other* articles (leave one out), so no
//! article's own pairs shape the model that scores it — though the handful of constants the
//! fitting itself rests on (the hedge of the priors, the links' thresholds, the band) were
//! chosen on these same six articles, so held-out articles may score a little lower. The
//! figures are means over the articles weighted by their beads. `--nocapture` prints them.

mod common;

use taiyaku::align::eval::{Gold, f1, paragraph_accuracy};
use taiyaku::align::{self, Model, fit};
use taiyaku::article::Side;
use taiyaku::import::import_path;

/// The corpus's articles as gold alignments.
fn golds() -> Vec<(String, Gold)> {
    common::corpus_files("kyoto", "xml")
        .into_iter()
        .map(|path| {
            let article = import_path(&path, None)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
                .article;
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            (name, Gold::from_article(&article, split))
        })
        .collect()
}

fn split(text: &str, side: Side) -> Vec<String> {
    let ranges = match side {
        Side::En => taiyaku::text::sentences::english(text),
        Side::Ja => taiyaku::text::sentences::japanese(text),
    };
    ranges.into_iter().map(|r| text[r].to_owned()).collect()
}

/// F1 of `model` on one gold text.
fn score(model: &Model, gold: &Gold) -> f64 {
    let (en, ja, pairs) = gold.texts();
    f1(&align::align(&en, &ja, model), &pairs)
}

/// F1 of `model` on one gold text whose Japanese has lost a fifth of its paragraph breaks
/// (chosen at random, `seed`), as when one file's paragraphs are run together.
fn score_with_japanese_breaks_removed(model: &Model, gold: &Gold, seed: u64) -> f64 {
    let (en, mut ja, pairs) = gold.texts();
    let mut state = seed.max(1);
    for start in ja.starts.iter_mut().skip(1).filter(|s| **s) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        if state.is_multiple_of(5) {
            *start = false;
        }
    }
    f1(&align::align(&en, &ja, model), &pairs)
}

/// Every figure, leave-one-out: each article's, weighted by its beads.
struct Figures {
    with_paragraphs: f64,
    breaks_removed: f64,
    literary_stressed: f64,
    without_paragraphs: f64,
    stressed: f64,
    paragraphs: f64,
    baseline_with: f64,
    baseline_without: f64,
    baseline_stressed: f64,
}

fn figures(golds: &[(String, Gold)]) -> Figures {
    let mut sums = [0.0; 9];
    let mut weight = 0.0;
    for (k, (name, gold)) in golds.iter().enumerate() {
        let others: Vec<Gold> = golds
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != k)
            .map(|(_, (_, g))| g.clone())
            .collect();
        let model = fit::model(&others);
        let (ratio, variance) = fit::gale_church(&others);
        let baseline = Model::gale_church(ratio, variance);
        let flat = gold.without_paragraphs();
        let stressed = flat.stressed(0.15, 0.02, 1 + k as u64);
        let (en, ja, _) = gold.texts();
        let beads = align::align(&en, &ja, &model);
        let row = [
            score(&model, gold),
            score(&model, &flat),
            score(&model, &stressed),
            paragraph_accuracy(&beads, gold),
            score(&baseline.with_paragraph_walls(), gold),
            score(&baseline, &flat),
            score(&baseline, &stressed),
            score_with_japanese_breaks_removed(&model, gold, 7 + k as u64),
            score(&model.with_literary_priors(), &stressed),
        ];
        eprintln!(
            "{name:24} {:4} beads: F1 {:.3} / {:.3} without paragraphs / {:.3} stressed; \
             paragraphs {:.3}; Gale–Church {:.3} / {:.3} / {:.3}; a fifth of the Japanese \
             breaks removed {:.3}",
            gold.beads.len(),
            row[0],
            row[1],
            row[2],
            row[3],
            row[4],
            row[5],
            row[6],
            row[7]
        );
        #[allow(clippy::cast_precision_loss)]
        let beads = gold.beads.len() as f64;
        for (sum, value) in sums.iter_mut().zip(row) {
            *sum += value * beads;
        }
        weight += beads;
    }
    let means = sums.map(|s| s / weight);
    Figures {
        with_paragraphs: means[0],
        without_paragraphs: means[1],
        stressed: means[2],
        paragraphs: means[3],
        baseline_with: means[4],
        baseline_without: means[5],
        baseline_stressed: means[6],
        breaks_removed: means[7],
        literary_stressed: means[8],
    }
}

#[test]
#[cfg_attr(not(corpus), ignore = "TAIYAKU_CORPUS_DIR not set: corpus skipped")]
fn the_default_model_is_the_one_fitted_on_the_shared_articles() {
    let all: Vec<Gold> = golds().into_iter().map(|(_, g)| g).collect();
    let fitted = fit::model(&all);
    let default = Model::default();
    let close = |a: f64, b: f64| (a - b).abs() <= 0.01 * a.abs().max(b.abs()).max(0.1);
    let mut pairs = vec![
        (fitted.paragraph_together, default.paragraph_together),
        (fitted.paragraph_crossed, default.paragraph_crossed),
        (fitted.paragraph_alone, default.paragraph_alone),
    ];
    for (f, d) in fitted.cues.iter().zip(default.cues) {
        pairs.extend([(f.matched, d.matched), (f.missed, d.missed)]);
    }
    for (k, (a, b)) in pairs.iter().enumerate() {
        assert!(
            close(*a, *b),
            "weight {k}: fitted {a}, default {b}\n{fitted:?}"
        );
    }
    for (a, b) in fitted.shapes.iter().zip(default.shapes) {
        assert!((a - b).abs() < 0.0005, "{fitted:?}");
    }
    let (
        align::model::Length::Classes {
            per_class,
            variance,
        },
        align::model::Length::Classes {
            per_class: d,
            variance: dv,
        },
    ) = (fitted.length, default.length)
    else {
        panic!("a class length model")
    };
    assert!(close(variance, dv), "{fitted:?}");
    for (a, b) in per_class.iter().zip(d) {
        assert!(close(*a, b), "{fitted:?}");
    }
}

#[test]
#[cfg_attr(not(corpus), ignore = "TAIYAKU_CORPUS_DIR not set: corpus skipped")]
fn the_aligner_beats_gale_church_on_articles_it_was_not_fitted_on() {
    let golds = golds();
    let all: Vec<Gold> = golds.iter().map(|(_, g)| g.clone()).collect();
    eprintln!("fitted on all the shared articles: {:?}", fit::model(&all));
    let f = figures(&golds);
    eprintln!(
        "all, leave one out: F1 {:.3} with paragraph marks, {:.3} without, {:.3} stressed; \
         paragraphs {:.3}; Gale–Church {:.3} / {:.3} / {:.3}; a fifth of the Japanese breaks \
         removed {:.3}; literary priors, stressed {:.3}",
        f.with_paragraphs,
        f.without_paragraphs,
        f.stressed,
        f.paragraphs,
        f.baseline_with,
        f.baseline_without,
        f.baseline_stressed,
        f.breaks_removed,
        f.literary_stressed
    );
    assert!(f.with_paragraphs > f.baseline_with);
    assert!(f.without_paragraphs > f.baseline_without);
    assert!(f.stressed > f.baseline_stressed);
    // The bars (measured here: 0.992 / 0.989 / 0.862 / 1.000, and 0.990 with a fifth
    // of the Japanese breaks removed).
    assert!(f.with_paragraphs >= 0.99, "with paragraph marks");
    assert!(
        f.breaks_removed >= 0.985,
        "a fifth of the Japanese breaks removed"
    );
    assert!(f.without_paragraphs >= 0.985, "without paragraph marks");
    assert!(f.stressed >= 0.85, "stressed");
    assert!(f.paragraphs >= 0.99, "paragraphs");
}
