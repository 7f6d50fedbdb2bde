//! The aligner's model: what each bead shape, each length, each paragraph break and each number
//! is worth, as negative log probabilities. `Model::default()` holds the constants fitted on the
//! shared Kyoto articles (`align::fit`); `Model::gale_church` is the classic length-only model,
//! the baseline every figure is measured against.

use super::SHAPES;
use super::cues::{KINDS, Kind, Tally};
use super::features::Classes;

/// How an English length is scored against the Japanese it is paired with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Length {
    /// Gale & Church (1993): English characters over Japanese characters is `ratio` on average,
    /// with variance `variance` per character; a bead's score is the two-tailed probability of
    /// its deviation.
    GaleChurch { ratio: f64, variance: f64 },
    /// English letters (spaces aside) predicted from the Japanese counts of kanji, kana, ASCII
    /// and other characters, the deviation scored as Gale & Church score theirs with a
    /// variance of `variance` per letter.
    Classes { per_class: [f64; 4], variance: f64 },
}

impl Length {
    /// The cost of `english` letters beside Japanese `classes`, for a bead of `shape`.
    ///
    /// As Gale & Church do, the deviation is measured against the mean of the two lengths
    /// (in English letters), and the cost is the negative log of the two-tailed probability
    /// of a deviation as large: a bead that fits costs nothing for its length whatever its
    /// shape, so that merging beads is never cheaper for the length alone. Gale & Church score
    /// a run paired with nothing (`paired` false) the same way, which makes leaving out a
    /// long sentence dearer than wrongly merging it; the class model has no translation to
    /// measure such a run against, and leaves its cost to its shape's prior.
    pub fn cost(&self, english: f64, classes: Classes, paired: bool) -> f64 {
        let predicted = self.predicted(classes);
        if english == 0.0 && predicted == 0.0 {
            return 0.0;
        }
        if !paired && matches!(self, Length::Classes { .. }) {
            return 0.0;
        }
        let (Length::GaleChurch { variance, .. } | Length::Classes { variance, .. }) = *self;
        let mean = f64::midpoint(english, predicted);
        let z = (english - predicted) / (variance * mean.max(1.0)).sqrt();
        // −ln(2(1 − Φ(|z|))), never below zero (at z = 0 the tail is the whole).
        (upper_tail_ln(z.abs()) - std::f64::consts::LN_2).max(0.0)
    }

    /// The English length the Japanese predicts (for fitting and tests).
    pub fn predicted(&self, classes: Classes) -> f64 {
        match *self {
            Length::GaleChurch { ratio, .. } => ratio * classes.as_array().iter().sum::<f64>(),
            Length::Classes { per_class, .. } => per_class
                .iter()
                .zip(classes.as_array())
                .map(|(w, n)| w * n)
                .sum(),
        }
    }
}

/// Everything a bead's cost is made of.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The probability of each shape of `SHAPES`, in its order.
    pub shapes: [f64; 8],
    pub length: Length,
    /// The bonus for a bead that starts a paragraph on both sides.
    pub paragraph_together: f64,
    /// The penalty for each paragraph break inside a bead.
    pub paragraph_crossed: f64,
    /// The penalty for a bead of sentences on both sides that starts a paragraph on one side
    /// only (where the other side's paragraph is not yet over).
    pub paragraph_alone: f64,
    /// What each kind of cue is worth, in the order of `cues::Kind`. The word links of the
    /// second pass (`Kind::Link`) weigh nothing in a one-pass model.
    pub cues: [Weights; KINDS],
}

/// The bonus for each item of a kind matched inside a bead, and the penalty for each left
/// over, per unit of the item's weight.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Weights {
    pub matched: f64,
    pub missed: f64,
}

impl Weights {
    pub const fn new(matched: f64, missed: f64) -> Weights {
        Weights { matched, missed }
    }

    fn cost(self, tally: Tally) -> f64 {
        tally.missed * self.missed - tally.matched * self.matched
    }
}

impl Model {
    /// Gale & Church's length model with their bead priors, no other evidence: the baseline.
    /// `ratio` and `variance` are fitted on the data (`fit::gale_church`). With paragraph marks
    /// it aligns inside paragraphs, as they did (see `with_paragraph_walls`).
    pub fn gale_church(ratio: f64, variance: f64) -> Model {
        let mut shapes = [0.0; 8];
        for (k, shape) in SHAPES.iter().enumerate() {
            shapes[k] = match shape {
                (1, 1) => 0.89,
                (1, 0) | (0, 1) => 0.0099 / 2.0,
                (2, 1) | (1, 2) => 0.089 / 2.0,
                (2, 2) => 0.011,
                _ => 1e-6,
            };
        }
        Model {
            shapes,
            length: Length::GaleChurch { ratio, variance },
            paragraph_together: 0.0,
            paragraph_crossed: 0.0,
            paragraph_alone: 0.0,
            cues: [Weights::default(); KINDS],
        }
    }

    /// The fitted model with bead priors for literary text, where translators join and split
    /// sentences far more often than in the reference articles it was fitted on: the priors
    /// taken halfway to Gale & Church's general set (1–1 about 0.94 rather than 0.99).
    pub fn literary() -> Model {
        Model::default().with_literary_priors()
    }

    /// The model with its bead priors taken halfway to Gale & Church's (see `literary`).
    #[must_use]
    pub fn with_literary_priors(&self) -> Model {
        Model {
            shapes: toward_general(self.shapes, 0.5),
            ..self.clone()
        }
    }

    /// The model with paragraph breaks as walls no bead crosses, as aligners that align
    /// paragraphs first have them.
    #[must_use]
    pub fn with_paragraph_walls(&self) -> Model {
        Model {
            paragraph_crossed: 50.0,
            ..self.clone()
        }
    }

    /// Whether the model weighs word links, and so aligns twice (see `align`).
    pub fn has_links(&self) -> bool {
        self.cues[Kind::Link as usize] != Weights::default()
    }

    /// Whether any cue counts (not in Gale & Church's model).
    pub fn weighs_cues(&self) -> bool {
        self.cues.iter().any(|w| *w != Weights::default())
    }

    /// The cost of a bead's cues, from their tallies.
    pub fn cue_cost(&self, tallies: &[Tally; KINDS]) -> f64 {
        self.cues.iter().zip(tallies).map(|(w, &t)| w.cost(t)).sum()
    }

    /// The cost of a bead's shape.
    pub fn shape_cost(&self, shape: (usize, usize)) -> f64 {
        -self.shapes[super::shape_index(shape)].ln()
    }
}

impl Default for Model {
    /// The constants fitted on the shared Kyoto articles by `fit::model` (see the test that
    /// fits them again).
    fn default() -> Model {
        Model {
            shapes: [
                0.9868, 0.000_84, 0.000_84, 0.0064, 0.0028, 0.0011, 0.000_59, 0.000_59,
            ],
            length: Length::Classes {
                per_class: [4.55, 1.50, 1.53, 0.72],
                variance: 4.47,
            },
            paragraph_together: 0.27,
            paragraph_crossed: 6.78,
            paragraph_alone: 6.01,
            cues: [
                Weights::new(2.50, 2.15),
                Weights::new(1.22, 0.47),
                Weights::new(0.71, 0.88),
                Weights::new(1.72, 0.30),
                Weights::new(1.65, 0.196),
                Weights::new(1.51, 1.49),
            ],
        }
    }
}

/// Bead priors `shapes` taken `share` of the way (0–1) to Gale & Church's general set.
pub fn toward_general(shapes: [f64; 8], share: f64) -> [f64; 8] {
    let general = Model::gale_church(1.0, 1.0).shapes;
    std::array::from_fn(|k| (1.0 - share) * shapes[k] + share * general[k])
}

/// `-ln(1 - Φ(x))` for `x ≥ 0`, computed as a logarithm throughout so that it keeps its
/// precision far out in the tail (Abramowitz & Stegun 26.2.17: `1 - Φ(x) = φ(x)·P(t)`).
fn upper_tail_ln(x: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.231_641_9 * x);
    let poly = t
        * (0.319_381_530
            + t * (-0.356_563_782
                + t * (1.781_477_937 + t * (-1.821_255_978 + t * 1.330_274_429))));
    x * x / 2.0 + 0.5 * std::f64::consts::TAU.ln() - poly.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The standard normal distribution function, from the tail.
    fn normal_cdf(x: f64) -> f64 {
        let tail = (-upper_tail_ln(x.abs())).exp();
        if x >= 0.0 { 1.0 - tail } else { tail }
    }

    #[test]
    fn far_tails_keep_their_precision() {
        // 1 − Φ(10) is 7.62e-24: a subtraction from 1 would give 0.
        assert!((upper_tail_ln(10.0) - 7.62e-24_f64.ln().abs()).abs() < 0.05);
        assert!(upper_tail_ln(40.0) > upper_tail_ln(20.0) + 500.0);
    }

    #[test]
    fn the_normal_distribution_function() {
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-7);
        assert!((normal_cdf(1.96) - 0.975).abs() < 1e-4);
        assert!((normal_cdf(-1.0) - 0.158_655).abs() < 1e-5);
    }

    #[test]
    fn literary_priors_are_less_peaked() {
        let (reference, literary) = (Model::default(), Model::literary());
        assert!(literary.shapes[0] < reference.shapes[0] && literary.shapes[0] > 0.9);
        assert!((literary.shapes.iter().sum::<f64>() - 1.0).abs() < 1e-3);
        // Omissions, joins, splits and 2–2 pairs likelier (not 3–1 and 1–3, which Gale & Church
        // all but rule out).
        let likelier = literary.shapes[1..6].iter().zip(&reference.shapes[1..6]);
        assert!(likelier.into_iter().all(|(l, r)| l > r));
    }

    #[test]
    fn a_length_that_fits_costs_less_than_one_that_does_not() {
        let classes = Classes {
            kanji: 10.0,
            kana: 10.0,
            ascii: 0.0,
            other: 1.0,
        };
        for model in [Model::default(), Model::gale_church(1.8, 6.0)] {
            let fits = model
                .length
                .cost(model.length.predicted(classes), classes, true);
            let off = model
                .length
                .cost(3.0 * model.length.predicted(classes), classes, true);
            assert!(fits < off, "{model:?}");
        }
    }
}
