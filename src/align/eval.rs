//! Measuring an alignment against a gold one: sentence-bead F1 (a predicted bead counts when it
//! has exactly the sentences of a gold bead on both sides), paragraph accuracy, and the copies
//! the measurements are also taken on: without paragraph marks, and stressed (adjacent
//! sentences joined, English sentences left out).

use std::ops::Range;

use super::{Bead, Text, paragraphs};
use crate::article::{Article, BlockKind, Side};

/// A gold bead: its sentences on each side, and whether it starts a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldBead {
    pub en: Vec<String>,
    pub ja: Vec<String>,
    pub starts_paragraph: bool,
}

/// A parallel text with its gold alignment.
#[derive(Debug, Clone, PartialEq)]
pub struct Gold {
    pub beads: Vec<GoldBead>,
}

/// A bead as ranges of sentence indices.
pub type Pair = (Range<usize>, Range<usize>);

impl Gold {
    /// The gold alignment an article records (the Kyoto corpus's `<sen>` pairs): its title,
    /// then each heading and each paragraph's sentence pairs, every pair a bead whose sides are
    /// split into sentences again by `split` — so that a pair holding two English sentences
    /// is a 2–1 bead, as an aligner working on split text must find it.
    pub fn from_article(article: &Article, split: impl Fn(&str, Side) -> Vec<String>) -> Gold {
        let mut beads = Vec::new();
        let mut push = |en: Option<&str>, ja: Option<&str>, starts_paragraph: bool| {
            let side =
                |text: Option<&str>, language| text.map(|t| split(t, language)).unwrap_or_default();
            let bead = GoldBead {
                en: side(en, Side::En),
                ja: side(ja, Side::Ja),
                starts_paragraph,
            };
            if !bead.en.is_empty() || !bead.ja.is_empty() {
                beads.push(bead);
            }
        };
        let title = &article.headings.title;
        push(title.en.as_deref(), title.ja.as_deref(), true);
        for block in &article.blocks {
            let (en, ja) = (block.text.en.as_deref(), block.text.ja.as_deref());
            if block.sentences.is_empty() || matches!(block.kind, BlockKind::Heading { .. }) {
                push(en, ja, true);
                continue;
            }
            for (k, pair) in block.sentences.iter().enumerate() {
                let en = en.zip(pair.en.clone()).and_then(|(t, r)| t.get(r));
                let ja = ja.zip(pair.ja.clone()).and_then(|(t, r)| t.get(r));
                push(en, ja, k == 0);
            }
        }
        Gold { beads }
    }

    /// The two texts, and the gold beads as ranges into them.
    pub fn texts(&self) -> (Text, Text, Vec<Pair>) {
        let (mut en, mut ja, mut pairs) = (Text::default(), Text::default(), Vec::new());
        // Whether each side has had a sentence since the last paragraph began.
        let (mut en_open, mut ja_open) = (false, false);
        for bead in &self.beads {
            if bead.starts_paragraph {
                (en_open, ja_open) = (false, false);
            }
            let start = (en.len(), ja.len());
            push(&mut en, &bead.en, &mut en_open);
            push(&mut ja, &bead.ja, &mut ja_open);
            pairs.push((start.0..en.len(), start.1..ja.len()));
        }
        (en, ja, pairs)
    }

    /// The same text as one paragraph.
    #[must_use]
    pub fn without_paragraphs(&self) -> Gold {
        let mut gold = self.clone();
        for (k, bead) in gold.beads.iter_mut().enumerate() {
            bead.starts_paragraph = k == 0;
        }
        gold
    }

    /// A stressed copy, the same for the same `seed`: inside each paragraph, `join` of the
    /// adjacent sentences on each side are joined into one (the beads they were in merging), and
    /// `delete` of the English sentences are left out.
    #[must_use]
    pub fn stressed(&self, join: f64, delete: f64, seed: u64) -> Gold {
        let mut random = Random(seed.max(1));
        let mut beads = self.beads.clone();
        for side in [Side::En, Side::Ja] {
            beads = join_sentences(beads, side, join, &mut random);
        }
        for bead in &mut beads {
            bead.en.retain(|_| random.next() >= delete);
        }
        beads.retain(|b| !b.en.is_empty() || !b.ja.is_empty());
        Gold { beads }
    }
}

/// Adds sentences to a side, the first of a paragraph marked as its start.
fn push(text: &mut Text, sentences: &[String], open: &mut bool) {
    for sentence in sentences {
        text.sentences.push(sentence.clone());
        text.starts.push(!*open);
        *open = true;
    }
}

impl GoldBead {
    fn side(&mut self, side: Side) -> &mut Vec<String> {
        match side {
            Side::En => &mut self.en,
            Side::Ja => &mut self.ja,
        }
    }
}

/// Joins a sentence to the next one on `side` with probability `rate`, inside a paragraph; a
/// join across beads merges them.
fn join_sentences(
    beads: Vec<GoldBead>,
    side: Side,
    rate: f64,
    random: &mut Random,
) -> Vec<GoldBead> {
    let mut out: Vec<GoldBead> = Vec::with_capacity(beads.len());
    // Whether the last sentence put out on this side is to be joined to the next one.
    let mut pending = false;
    for mut bead in beads {
        if bead.starts_paragraph {
            pending = false;
        }
        let sentences = std::mem::take(bead.side(side));
        let merge = pending && !sentences.is_empty();
        let mut target = if merge {
            let mut last = out.pop().expect("a pending join has a bead before it");
            last.en.append(&mut bead.en);
            last.ja.append(&mut bead.ja);
            last
        } else {
            bead
        };
        for sentence in sentences {
            let list = target.side(side);
            match list.last_mut() {
                Some(previous) if pending => {
                    let glue = if side == Side::En { " " } else { "" };
                    previous.push_str(glue);
                    previous.push_str(&sentence);
                }
                _ => list.push(sentence),
            }
            pending = random.next() < rate;
        }
        out.push(target);
    }
    out
}

/// A small repeatable random source (xorshift64*), so that stressed copies are the same on
/// every machine.
struct Random(u64);

impl Random {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let bits = self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11;
        #[allow(clippy::cast_precision_loss)]
        let unit = bits as f64 / (1u64 << 53) as f64;
        unit
    }
}

/// Sentence-bead F1: a predicted bead is right when a gold bead has exactly its sentences.
pub fn f1(predicted: &[Bead], gold: &[Pair]) -> f64 {
    let right = predicted
        .iter()
        .filter(|b| gold.contains(&(b.en.clone(), b.ja.clone())))
        .count();
    if right == 0 {
        return 0.0;
    }
    #[allow(clippy::cast_precision_loss)]
    let (right, predicted, gold) = (right as f64, predicted.len() as f64, gold.len() as f64);
    let (precision, recall) = (right / predicted, right / gold);
    2.0 * precision * recall / (precision + recall)
}

/// The share of gold paragraphs that come out of the alignment whole: the same English and
/// Japanese sentences in one aligned paragraph.
pub fn paragraph_accuracy(predicted: &[Bead], gold: &Gold) -> f64 {
    let (en, ja, pairs) = gold.texts();
    let spans = |beads: &[(Range<usize>, Range<usize>)], marks: &[usize]| {
        let mut spans: Vec<Pair> = Vec::new();
        for (k, (e, j)) in beads.iter().enumerate() {
            match spans.last_mut() {
                Some(last) if k > 0 && marks[k] == marks[k - 1] => {
                    last.0.end = e.end;
                    last.1.end = j.end;
                }
                _ => spans.push((e.clone(), j.clone())),
            }
        }
        spans
    };
    let gold_marks: Vec<usize> = gold
        .beads
        .iter()
        .scan(0, |p, b| {
            *p += usize::from(b.starts_paragraph);
            Some(*p)
        })
        .collect();
    let wanted = spans(&pairs, &gold_marks);
    let beads: Vec<Pair> = predicted
        .iter()
        .map(|b| (b.en.clone(), b.ja.clone()))
        .collect();
    let found = spans(&beads, &paragraphs(predicted, &en, &ja));
    let right = wanted.iter().filter(|p| found.contains(p)).count();
    #[allow(clippy::cast_precision_loss)]
    let share = right as f64 / wanted.len().max(1) as f64;
    share
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bead(en: &[&str], ja: &[&str], starts: bool) -> GoldBead {
        GoldBead {
            en: en.iter().map(|s| (*s).to_owned()).collect(),
            ja: ja.iter().map(|s| (*s).to_owned()).collect(),
            starts_paragraph: starts,
        }
    }

    fn gold() -> Gold {
        Gold {
            beads: vec![
                bead(&["A."], &["あ。"], true),
                bead(&["B.", "C."], &["い。"], false),
                bead(&["D."], &["う。"], true),
            ],
        }
    }

    #[test]
    fn texts_and_pairs_come_from_the_beads() {
        let (en, ja, pairs) = gold().texts();
        assert_eq!(en.starts, [true, false, false, true]);
        assert_eq!(ja.starts, [true, false, true]);
        assert_eq!(pairs, [(0..1, 0..1), (1..3, 1..2), (3..4, 2..3)]);
        let flat = gold().without_paragraphs().texts();
        assert_eq!(flat.0.starts, [true, false, false, false]);
    }

    #[test]
    fn f1_counts_exact_beads_only() {
        let (_, _, pairs) = gold().texts();
        let bead = |en: Range<usize>, ja: Range<usize>| Bead {
            en,
            ja,
            confidence: 1.0,
        };
        let right = [bead(0..1, 0..1), bead(1..3, 1..2), bead(3..4, 2..3)];
        assert!((f1(&right, &pairs) - 1.0).abs() < 1e-9);
        let split = [
            bead(0..1, 0..1),
            bead(1..2, 1..2),
            bead(2..3, 2..2),
            bead(3..4, 2..3),
        ];
        // 2 right of 4 predicted and of 3 gold: P = 0.5, R = 2/3.
        assert!((f1(&split, &pairs) - 4.0 / 7.0).abs() < 1e-9);
        assert!((paragraph_accuracy(&right, &gold()) - 1.0).abs() < 1e-9);
        assert!(
            (paragraph_accuracy(&split, &gold()) - 1.0).abs() < 1e-9,
            "the split stays inside its paragraph"
        );
        let crossing = [bead(0..1, 0..1), bead(1..2, 1..2), bead(2..4, 2..3)];
        assert!(paragraph_accuracy(&crossing, &gold()).abs() < 1e-9);
    }

    #[test]
    fn stressed_copies_join_and_drop_but_keep_every_other_sentence() {
        let many = Gold {
            beads: (0..400)
                .map(|k| bead(&[&format!("E{k}.")], &[&format!("J{k}。")], k % 5 == 0))
                .collect(),
        };
        let stressed = many.stressed(0.15, 0.02, 7);
        assert_eq!(stressed, many.stressed(0.15, 0.02, 7), "repeatable");
        let (en, ja, pairs) = stressed.texts();
        let joined = ja
            .sentences
            .iter()
            .filter(|s| s.matches('。').count() > 1)
            .count();
        assert!((30..90).contains(&joined), "{joined} joined of 400");
        let kept = en
            .sentences
            .iter()
            .map(|s| s.matches('.').count())
            .sum::<usize>();
        assert!((380..400).contains(&kept), "{kept}");
        assert_eq!(
            ja.sentences.concat().matches('。').count(),
            400,
            "no Japanese lost"
        );
        assert!(pairs.iter().all(|(e, j)| !e.is_empty() || !j.is_empty()));
        // No join crosses a paragraph: a paragraph's first sentence (J0, J5, …) is never
        // joined onto the sentence before it.
        for sentence in &ja.sentences {
            for part in sentence.split('。').filter(|p| !p.is_empty()).skip(1) {
                let k: usize = part.trim_start_matches('J').parse().unwrap();
                assert!(!k.is_multiple_of(5), "{sentence}");
            }
        }
    }
}
