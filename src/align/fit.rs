//! Fitting the model's constants on gold alignments: the bead priors from their shapes, the
//! length model by least squares, and each kind of evidence by its log-likelihood ratio
//! between gold beads and the near misses an aligner must tell them from. A dozen numbers in
//! all; `Model::default()` holds the ones fitted on the shared Kyoto articles.

use super::cues::{self, Cues, KINDS, Kind, Tally};
use super::eval::{Gold, Pair};
use super::features::{self, Classes};
use super::model::{self, Length, Model, Weights};
use super::{SHAPES, Text, lexicon};

/// How much of the shape priors is Gale & Church's general set rather than the training data's.
const PRIOR_HEDGE: f64 = 0.05;

/// The model fitted on `golds`.
pub fn model(golds: &[Gold]) -> Model {
    let samples = Samples::of(golds);
    let (per_class, variance) = samples.length_fit();
    let (paragraph_together, paragraph_crossed) = samples.paragraph_weights();
    let paragraph_alone = samples.paragraph_alone_weight();
    let mut cues = samples.cue_weights(Cues::of);
    cues[Kind::Link as usize] = Weights::default();
    let first_pass = Model {
        shapes: samples.shape_priors(),
        length: Length::Classes {
            per_class,
            variance,
        },
        paragraph_together,
        paragraph_crossed,
        paragraph_alone,
        cues,
    };
    let learnt = samples.cue_weights(|en, ja| {
        let cues = Cues::of(en, ja);
        let links = lexicon::learn(en, ja, &super::align(en, ja, &first_pass));
        cues.with_links(&links)
    });
    cues[Kind::Link as usize] = learnt[Kind::Link as usize];
    Model { cues, ..first_pass }
}

/// Log-likelihood ratios of an item's finding its partner, for each kind: in the gold beads
/// (`gold`) against in the near misses (`near_miss`): the bonus for each match and the
/// penalty for each item left over.
fn match_weights(gold: &[[Tally; KINDS]], near_miss: &[[Tally; KINDS]]) -> [Weights; KINDS] {
    let rate = |tallies: &[[Tally; KINDS]], kind: usize| -> f64 {
        let (mut matched, mut items) = (0.0, 0.0);
        for tally in tallies {
            matched += tally[kind].matched;
            items += tally[kind].matched + tally[kind].missed / 2.0;
        }
        (matched + 1.0) / (items + 2.0)
    };
    std::array::from_fn(|kind| {
        let (gold, off) = (rate(gold, kind), rate(near_miss, kind));
        Weights::new(
            (gold / off).ln().max(0.0),
            ((1.0 - off) / (1.0 - gold)).ln().max(0.0),
        )
    })
}

/// Gale & Church's ratio of English to Japanese characters and its variance per character,
/// fitted on the same data (for the baseline).
pub fn gale_church(golds: &[Gold]) -> (f64, f64) {
    let samples = Samples::of(golds);
    let pairs: Vec<(f64, f64)> = samples
        .beads
        .iter()
        .filter(|b| b.en_len > 0.0 && b.ja_len() > 0.0)
        .map(|b| (b.ja_len(), b.en_len))
        .collect();
    let english: f64 = pairs.iter().map(|(_, e)| e).sum();
    let japanese: f64 = pairs.iter().map(|(j, _)| j).sum();
    let ratio = english / japanese;
    let variance = mean(
        pairs
            .iter()
            .map(|(j, e)| (e - ratio * j).powi(2) / ((e + ratio * j) / 2.0)),
    );
    (ratio, variance)
}

/// What fitting reads from each gold bead.
struct BeadSample {
    /// Which training text it is of.
    text: usize,
    shape: (usize, usize),
    en_len: f64,
    classes: Classes,
    /// Both sides start a paragraph with it.
    together: bool,
}

impl BeadSample {
    fn ja_len(&self) -> f64 {
        self.classes.as_array().iter().sum()
    }
}

struct Samples {
    beads: Vec<BeadSample>,
    /// Per article, the texts and the gold beads, for the near misses.
    texts: Vec<(Text, Text, Vec<Pair>)>,
}

impl Samples {
    /// Each gold bead with the next one of the same text.
    fn neighbours(&self) -> impl Iterator<Item = &[BeadSample]> {
        self.beads.windows(2).filter(|w| w[0].text == w[1].text)
    }

    fn of(golds: &[Gold]) -> Samples {
        let mut samples = Samples {
            beads: Vec::new(),
            texts: Vec::new(),
        };
        for (text, gold) in golds.iter().enumerate() {
            let (en, ja, pairs) = gold.texts();
            for (e, j) in &pairs {
                let en_len = e
                    .clone()
                    .map(|k| features::english_length(&en.sentences[k]))
                    .sum();
                let classes = j
                    .clone()
                    .map(|k| Classes::of(&ja.sentences[k]))
                    .fold(Classes::default(), Classes::plus);
                let starts =
                    |t: &Text, r: &std::ops::Range<usize>| !r.is_empty() && t.starts[r.start];
                samples.beads.push(BeadSample {
                    text,
                    shape: (e.len(), j.len()),
                    en_len,
                    classes,
                    together: starts(&en, e) && starts(&ja, j),
                });
            }
            samples.texts.push((en, ja, pairs));
        }
        samples
    }

    /// Each shape's share of the gold beads (one more of each, so that none is impossible),
    /// hedged toward Gale & Church's shares by `PRIOR_HEDGE`: the training articles translate
    /// sentence for sentence far more than literary text does, and a model held to them alone
    /// would not see a join or a split where one is.
    fn shape_priors(&self) -> [f64; 8] {
        let mut counts = [1.0; 8];
        for bead in &self.beads {
            if let Some(k) = SHAPES.iter().position(|&s| s == bead.shape) {
                counts[k] += 1.0;
            }
        }
        let total: f64 = counts.iter().sum();
        model::toward_general(counts.map(|c| c / total), PRIOR_HEDGE)
    }

    /// English length on Japanese class counts by least squares (no intercept), and the
    /// variance of the deviation per predicted letter.
    fn length_fit(&self) -> ([f64; 4], f64) {
        let paired: Vec<&BeadSample> = self
            .beads
            .iter()
            .filter(|b| b.en_len > 0.0 && b.ja_len() > 0.0)
            .collect();
        let mut normal = [[0.0; 4]; 4];
        let mut right = [0.0; 4];
        for bead in &paired {
            let x = bead.classes.as_array();
            for r in 0..4 {
                right[r] += x[r] * bead.en_len;
                for c in 0..4 {
                    normal[r][c] += x[r] * x[c];
                }
            }
        }
        // A little ridge, so that a class the data lacks gets a weight near zero, not infinity.
        for (r, row) in normal.iter_mut().enumerate() {
            row[r] += 1.0;
        }
        let per_class = solve(normal, right);
        let length = Length::Classes {
            per_class,
            variance: 1.0,
        };
        // Per letter of the mean of the two lengths, as `Length::cost` measures it.
        let variance = mean(paired.iter().map(|b| {
            let predicted = length.predicted(b.classes);
            (b.en_len - predicted).powi(2) / f64::midpoint(b.en_len, predicted).max(1.0)
        }));
        (per_class, variance)
    }

    /// Log-likelihood ratios of the paragraph evidence: how much likelier a both-sided break
    /// is at a gold bead's start than one sentence off it, and a break inside a bead in a near
    /// miss (two gold beads merged) than inside a gold bead.
    fn paragraph_weights(&self) -> (f64, f64) {
        let (mut together_gold, mut together_off, mut places) = (0.0, 0.0, 0.0);
        let (mut crossed_merged, mut merged) = (0.0, 0.0);
        for (en, ja, pairs) in &self.texts {
            for (e, j) in pairs
                .iter()
                .skip(1)
                .filter(|(e, j)| !e.is_empty() && !j.is_empty())
            {
                for off in [j.start.checked_sub(1), Some(j.start + 1)]
                    .into_iter()
                    .flatten()
                {
                    if off < ja.len() {
                        places += 1.0;
                        together_off += f64::from(u8::from(en.starts[e.start] && ja.starts[off]));
                    }
                }
            }
        }
        #[allow(clippy::cast_precision_loss)]
        let beads = self.beads.len() as f64;
        for bead in &self.beads {
            together_gold += f64::from(u8::from(bead.together));
        }
        for pair in self.neighbours() {
            merged += 1.0;
            crossed_merged += f64::from(u8::from(pair[1].together));
        }
        let gold_rate = (together_gold + 1.0) / (beads + 2.0);
        let off_rate = (together_off + 1.0) / (places + 2.0);
        // Gold beads cross no break by construction: one crossing in as many beads again.
        let crossed_gold_rate = 1.0 / (beads + 2.0);
        let crossed_rate = (crossed_merged + 1.0) / (merged + 2.0);
        (
            (gold_rate / off_rate).ln().max(0.0),
            (crossed_rate / crossed_gold_rate).ln().max(0.0),
        )
    }

    /// The log-likelihood ratio of a paragraph starting on one side only of a bead with
    /// sentences on both: how much likelier that is one sentence off a gold bead than at it.
    fn paragraph_alone_weight(&self) -> f64 {
        let (mut gold, mut gold_places, mut off, mut off_places) = (0.0, 0.0, 0.0, 0.0);
        for (en, ja, pairs) in &self.texts {
            let alone = |e: usize, j: usize| f64::from(u8::from(en.starts[e] != ja.starts[j]));
            for (e, j) in pairs
                .iter()
                .skip(1)
                .filter(|(e, j)| !e.is_empty() && !j.is_empty())
            {
                gold += alone(e.start, j.start);
                gold_places += 1.0;
                for near in [j.start.checked_sub(1), Some(j.start + 1)]
                    .into_iter()
                    .flatten()
                {
                    if near < ja.len() {
                        off += alone(e.start, near);
                        off_places += 1.0;
                    }
                }
            }
        }
        let gold_rate = (gold + 1.0) / (gold_places + 2.0);
        let off_rate = (off + 1.0) / (off_places + 2.0);
        (off_rate / gold_rate).ln().max(0.0)
    }

    /// Each kind of cue's weights, the cues of each training text made by `cues_of`: its
    /// gold beads against each gold bead's English beside the next one's Japanese.
    fn cue_weights(&self, cues_of: impl Fn(&Text, &Text) -> Cues) -> [Weights; KINDS] {
        let (mut gold, mut off) = (Vec::new(), Vec::new());
        for (en, ja, pairs) in &self.texts {
            let cues = cues_of(en, ja);
            let tally = |e: &std::ops::Range<usize>, j: &std::ops::Range<usize>| {
                cues::pooled(&cues.en[e.clone()], &cues.ja[j.clone()])
            };
            for (k, (e, j)) in pairs.iter().enumerate() {
                gold.push(tally(e, j));
                if let Some((_, next)) = pairs.get(k + 1) {
                    off.push(tally(e, next));
                }
            }
        }
        match_weights(&gold, &off)
    }
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, count) = values.fold((0.0, 0.0), |(s, c), v| (s + v, c + 1.0));
    if count == 0.0 { 0.0 } else { sum / count }
}

/// Solves a 4×4 linear system by Gaussian elimination with partial pivoting.
fn solve(mut a: [[f64; 4]; 4], mut b: [f64; 4]) -> [f64; 4] {
    for col in 0..4 {
        let pivot = (col..4)
            .max_by(|&x, &y| a[x][col].abs().total_cmp(&a[y][col].abs()))
            .unwrap_or(col);
        a.swap(col, pivot);
        b.swap(col, pivot);
        for row in col + 1..4 {
            let factor = a[row][col] / a[col][col];
            let pivot_row = a[col];
            for (cell, above) in a[row].iter_mut().zip(pivot_row).skip(col) {
                *cell -= factor * above;
            }
            b[row] -= factor * b[col];
        }
    }
    let mut x = [0.0; 4];
    for row in (0..4).rev() {
        let rest: f64 = (row + 1..4).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - rest) / a[row][row];
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_solver_solves() {
        let a = [
            [4.0, 1.0, 0.0, 0.0],
            [1.0, 3.0, 1.0, 0.0],
            [0.0, 1.0, 2.0, 1.0],
            [0.0, 0.0, 1.0, 5.0],
        ];
        let want = [1.0, -2.0, 3.0, 0.5];
        let b = a.map(|row| row.iter().zip(want).map(|(x, w)| x * w).sum());
        for (got, want) in solve(a, b).iter().zip(want) {
            assert!((got - want).abs() < 1e-9);
        }
    }
}
