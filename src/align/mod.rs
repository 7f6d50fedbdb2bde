//! Pairing an English text with its Japanese translation, sentence by sentence: one banded
//! dynamic-programming pass over the whole text, with paragraph breaks as soft evidence. Pure
//! functions, no I/O.
//!
//! The model is generative in one direction: the English of each bead is explained by the
//! Japanese it pairs with. A bead of `a` English and `b` Japanese sentences costs the negative
//! log of its shape's prior, of its English length given the length the Japanese predicts
//! (`model::Length`), and of the English length on its own where nothing pairs with it; cues
//! that need no dictionary (`cues`: numbers, quotations, parentheses, Latin words, names by
//! their sound) and paragraph breaks (a bonus where both sides break at the bead, a penalty for
//! a bead that crosses a break) add to it. The best path is found in a band
//! around a line through sure pairs (sentences sharing an item no other sentence has; the
//! diagonal when there are none), widened where the path touches its edges, up to a budget in
//! proportion to the text; each bead's confidence is its posterior probability under the same
//! model (forward–backward). The second pass searches a narrow band around the first's path.

pub mod anchors;
pub mod article;
pub mod cues;
pub mod eval;
pub mod features;
pub mod fit;
pub mod lexicon;
pub mod model;
pub mod sound;

use std::ops::Range;

use cues::Cues;
use features::Classes;
pub use model::Model;

/// The aligner's version: raised whenever the same texts could align differently, so that
/// alignments kept in the library are made again.
pub const VERSION: u32 = 2;

/// One side of a parallel text as the aligner reads it: sentences in order, and which of them
/// start a paragraph.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Text {
    pub sentences: Vec<String>,
    /// `starts[i]`: sentence `i` begins a paragraph (the first one always does).
    pub starts: Vec<bool>,
}

impl Text {
    /// A text from its paragraphs, each a list of sentences (empty paragraphs are dropped).
    pub fn from_paragraphs(paragraphs: impl IntoIterator<Item = Vec<String>>) -> Text {
        let mut text = Text::default();
        for paragraph in paragraphs {
            for (k, sentence) in paragraph.into_iter().enumerate() {
                text.sentences.push(sentence);
                text.starts.push(k == 0);
            }
        }
        text
    }

    /// The same sentences with no paragraph marks (as if the text were one paragraph).
    #[must_use]
    pub fn without_paragraphs(&self) -> Text {
        let mut starts = vec![false; self.sentences.len()];
        if let Some(first) = starts.first_mut() {
            *first = true;
        }
        Text {
            sentences: self.sentences.clone(),
            starts,
        }
    }

    pub fn len(&self) -> usize {
        self.sentences.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sentences.is_empty()
    }
}

/// A run of English sentences paired with a run of Japanese ones (either may be empty).
#[derive(Debug, Clone, PartialEq)]
pub struct Bead {
    pub en: Range<usize>,
    pub ja: Range<usize>,
    /// The model's probability that exactly this pair is right, 0–1.
    pub confidence: f64,
}

impl Bead {
    /// Below this a bead is marked for the reader to check (as its sentence pair is).
    pub const UNCERTAIN: f64 = crate::article::SentencePair::UNSURE_BELOW as f64 / 1000.0;

    pub fn is_uncertain(&self) -> bool {
        self.confidence < Self::UNCERTAIN
    }
}

/// The bead shapes considered: English sentences, Japanese sentences.
pub const SHAPES: [(usize, usize); 8] = [
    (1, 1),
    (1, 0),
    (0, 1),
    (2, 1),
    (1, 2),
    (2, 2),
    (3, 1),
    (1, 3),
];

/// Where `shape` is in `SHAPES` (the first shape if it is none of them).
fn shape_index(shape: (usize, usize)) -> usize {
    SHAPES.iter().position(|&s| s == shape).unwrap_or(0)
}

/// The starting half-width of the band around its guide line, in sentences.
const BAND: usize = 20;
/// How many rows of costs between two reports of progress.
const REPORT_EVERY: usize = 1024;
/// The second pass's, around the first pass's path.
const SECOND_BAND: usize = 8;

/// The most cells a band of starting half-width `width` may widen to for texts of `n` and `m`
/// sentences: room for a band `growth` times as wide, so that time and memory stay in
/// proportion to the text.
fn cell_budget(n: usize, m: usize, width: usize, growth: usize) -> usize {
    (n.max(m) + 1) * (2 * growth * width + 2)
}

/// How much wider the first pass's band may grow, and the second's (which only corrects the
/// first).
const GROWTH: usize = 8;
const SECOND_GROWTH: usize = 2;

/// Aligns `en` with `ja` under `model`: beads covering every sentence of both once, in order.
/// A first pass with the evidence every text has, then, where the model weighs them, a second
/// with the word links the first pass teaches (`lexicon`).
pub fn align(en: &Text, ja: &Text, model: &Model) -> Vec<Bead> {
    align_reporting(en, ja, model, &|_| {})
}

/// `align`, telling `report` how much of the work is done (0–1) as it goes, for a progress
/// line: the first pass is the first half, the second the rest (a band widened again starts
/// its pass's share over).
pub fn align_reporting(en: &Text, ja: &Text, model: &Model, report: Report) -> Vec<Bead> {
    let cues = Cues::of(en, ja);
    let passes = if model.has_links() { 2.0 } else { 1.0 };
    let first_report = |share: f64| report(share / passes);
    let guide = (&cues.anchors()[..], BAND, GROWTH);
    let first = align_with(en, ja, model, &cues, guide, &first_report);
    if !model.has_links() {
        report(1.0);
        return first;
    }
    let links = lexicon::learn(en, ja, &first);
    // The second pass only corrects the first: a narrow band around its path.
    let path: Vec<(usize, usize)> = first.iter().map(|b| (b.en.end, b.ja.end)).collect();
    let guide = (&path[..], SECOND_BAND, SECOND_GROWTH);
    let second_report = |share: f64| report(0.5 + share / 2.0);
    let beads = align_with(
        en,
        ja,
        model,
        &cues.with_links(&links),
        guide,
        &second_report,
    );
    report(1.0);
    beads
}

/// Where the aligner says how far it has got (0–1).
pub type Report<'r> = &'r (dyn Fn(f64) + Sync);

/// One pass of the alignment, with `cues` as evidence, in a band of a half-width `width` around
/// a line through the points `guide` (see `Band::along`), widened as the path needs up to
/// `growth` times.
pub fn align_with(
    en: &Text,
    ja: &Text,
    model: &Model,
    cues: &Cues,
    (guide, width, growth): (&[(usize, usize)], usize, usize),
    report: Report,
) -> Vec<Bead> {
    let scorer = Scorer::new(en, ja, model, cues);
    let (n, m) = (en.len(), ja.len());
    let mut band = Band::along(n, m, width, guide);
    let mut reach = width;
    loop {
        let costs = Costs::new(&scorer, &band, report);
        let lattice = Lattice::viterbi(&costs, &band);
        let path = lattice
            .reaches_the_end(&costs, &band)
            .then(|| lattice.path(&costs, &band));
        // Widened only where the path ran along an edge (an omitted passage), so that the
        // work stays in proportion to the text; everywhere only if the end was not reached.
        let wider = match &path {
            Some(path) => band.widened_where_touched(path, reach),
            None => Band::along(n, m, reach * 2, guide),
        };
        // Past the budget the band stops growing: the path found is kept, right away from
        // the edges it touched (and a path always exists: see `Band::along`). The budget is
        // in cells, and in widenings (each one scores the whole band again).
        let spent = wider.cells() > cell_budget(n, m, width, growth) || 2 * reach > width * growth;
        let settled = wider == band || (path.is_some() && spent);
        if let Some(path) = path
            && settled
        {
            let posterior = Posterior::new(&costs, &band);
            return path
                .into_iter()
                .map(|(en, ja)| {
                    let confidence = posterior.of(&costs, &en, &ja);
                    Bead { en, ja, confidence }
                })
                .collect();
        }
        band = wider;
        reach *= 2;
    }
}

/// The paragraph each bead belongs to in the aligned article: a new paragraph starts at a bead
/// that starts one on either side.
pub fn paragraphs(beads: &[Bead], en: &Text, ja: &Text) -> Vec<usize> {
    let mut paragraph = 0;
    beads
        .iter()
        .enumerate()
        .map(|(k, bead)| {
            let starts = en.starts.get(bead.en.start).copied().unwrap_or(false)
                && !bead.en.is_empty()
                || ja.starts.get(bead.ja.start).copied().unwrap_or(false) && !bead.ja.is_empty();
            if k > 0 && starts {
                paragraph += 1;
            }
            paragraph
        })
        .collect()
}

/// What one bead costs, from sums over each side computed once.
struct Scorer<'m> {
    model: &'m Model,
    /// Each shape's cost, in the order of `SHAPES`.
    shape_costs: [f64; SHAPES.len()],
    cues: &'m Cues,
    weighs_cues: bool,
    /// Prefix sums of English lengths, and of Japanese lengths by class.
    en_length: Vec<f64>,
    ja_classes: Vec<Classes>,
    en_starts: Vec<bool>,
    ja_starts: Vec<bool>,
}

impl<'m> Scorer<'m> {
    fn new(en: &Text, ja: &Text, model: &'m Model, cues: &'m Cues) -> Self {
        let mut en_length = vec![0.0];
        for s in &en.sentences {
            en_length.push(en_length.last().copied().unwrap_or(0.0) + features::english_length(s));
        }
        let mut ja_classes = vec![Classes::default()];
        for s in &ja.sentences {
            let last = ja_classes.last().copied().unwrap_or_default();
            ja_classes.push(last.plus(Classes::of(s)));
        }
        Scorer {
            model,
            shape_costs: SHAPES.map(|shape| model.shape_cost(shape)),
            cues,
            weighs_cues: model.weighs_cues(),
            en_length,
            ja_classes,
            en_starts: en.starts.clone(),
            ja_starts: ja.starts.clone(),
        }
    }

    /// The cost of pairing English `en` with Japanese `ja` (negative log probability).
    fn cost(&self, en: &Range<usize>, ja: &Range<usize>) -> f64 {
        let model = self.model;
        let length = self.en_length[en.end] - self.en_length[en.start];
        let classes = Classes {
            kanji: self.ja_classes[ja.end].kanji - self.ja_classes[ja.start].kanji,
            kana: self.ja_classes[ja.end].kana - self.ja_classes[ja.start].kana,
            ascii: self.ja_classes[ja.end].ascii - self.ja_classes[ja.start].ascii,
            other: self.ja_classes[ja.end].other - self.ja_classes[ja.start].other,
        };
        let shape = (en.len(), ja.len());
        let paired = !en.is_empty() && !ja.is_empty();
        let mut cost =
            self.shape_costs[shape_index(shape)] + model.length.cost(length, classes, paired);
        cost += self.paragraph_cost(en, ja);
        if self.weighs_cues {
            let tallies = cues::pooled(&self.cues.en[en.clone()], &self.cues.ja[ja.clone()]);
            cost += model.cue_cost(&tallies);
        }
        cost
    }

    /// A bonus where both sides start a paragraph with the bead, a penalty where only one side
    /// does (a bead with sentences on both), and a penalty for each break inside it.
    fn paragraph_cost(&self, en: &Range<usize>, ja: &Range<usize>) -> f64 {
        let model = self.model;
        let starts = |starts: &[bool], run: &Range<usize>| !run.is_empty() && starts[run.start];
        let inside = |starts: &[bool], run: &Range<usize>| {
            (run.start + 1..run.end).filter(|&k| starts[k]).count()
        };
        let mut cost = 0.0;
        match (starts(&self.en_starts, en), starts(&self.ja_starts, ja)) {
            (true, true) => cost -= model.paragraph_together,
            (true, false) | (false, true) if !en.is_empty() && !ja.is_empty() => {
                cost += model.paragraph_alone;
            }
            _ => {}
        }
        #[allow(clippy::cast_precision_loss)]
        let crossed = (inside(&self.en_starts, en) + inside(&self.ja_starts, ja)) as f64;
        cost + crossed * model.paragraph_crossed
    }
}

/// The cells the dynamic programme visits: for each English position, a run of Japanese
/// positions around a guide line (see `Band::along`).
#[derive(Debug, PartialEq)]
struct Band {
    rows: Vec<Range<usize>>,
    m: usize,
}

impl Band {
    /// Each row spans the Japanese positions the guide line crosses on its way to the next
    /// row, `width` more on each side: so rows overlap however steep the line, and the end is
    /// always reached (a run of 0–1 beads walks along a row). The guide runs straight from
    /// anchor to anchor (`anchors`: sure pairs, each an English and a Japanese position, both
    /// increasing), from the start to the end: the diagonal when there are none.
    fn along(n: usize, m: usize, width: usize, anchors: &[(usize, usize)]) -> Band {
        if n == 0 {
            // No English: one row, the whole Japanese side.
            let whole = 0..m + 1;
            return Band {
                rows: std::iter::once(whole).collect(),
                m,
            };
        }
        let mut points = vec![(0, 0)];
        points.extend(anchors.iter().copied().filter(|&(i, j)| i < n && j < m));
        points.push((n, m));
        let mut rows = Vec::with_capacity(n + 1);
        for leg in points.windows(2) {
            let ((i0, j0), (i1, j1)) = (leg[0], leg[1]);
            let (di, dj) = (i1 - i0, j1 - j0);
            for i in i0..i1 {
                let low = j0 + (i - i0) * dj / di;
                let high = j0 + ((i + 1 - i0) * dj).div_ceil(di);
                rows.push(low.saturating_sub(width)..(high + width).min(m) + 1);
            }
        }
        rows.push(m.saturating_sub(width)..m + 1);
        // The start is always in the band, however far the first guide point lies from it.
        rows[0].start = 0;
        Band { rows, m }
    }

    fn cells(&self) -> usize {
        self.rows.iter().map(ExactSizeIterator::len).sum()
    }

    fn contains(&self, i: usize, j: usize) -> bool {
        self.rows.get(i).is_some_and(|r| r.contains(&j))
    }

    /// The band with `reach` more Japanese positions, on the side touched, in the rows within
    /// `reach` of each bead where the path runs along an edge that is not the text's own.
    fn widened_where_touched(&self, path: &[(Range<usize>, Range<usize>)], reach: usize) -> Band {
        let mut rows = self.rows.clone();
        let last = rows.len() - 1;
        for (en, ja) in path {
            let row = &self.rows[en.end];
            let low = row.start > 0 && ja.end <= row.start;
            let high = row.end <= self.m && ja.end + 1 >= row.end;
            if !low && !high {
                continue;
            }
            for near in &mut rows[en.end.saturating_sub(reach)..=(en.end + reach).min(last)] {
                if low {
                    near.start = near.start.saturating_sub(reach);
                }
                if high {
                    near.end = (near.end + reach).min(self.m + 1);
                }
            }
        }
        Band { rows, m: self.m }
    }
}

/// Every bead's cost in the band, computed once: for each cell (the end of a bead) and each
/// shape, the cost of the bead of that shape ending there (infinite where it would start
/// outside the band).
struct Costs {
    /// Where each row's cells begin in `cells`, and the first Japanese position of each row.
    offsets: Vec<usize>,
    starts: Vec<usize>,
    /// Single precision: a bead's cost needs no more, and the band is the aligner's memory.
    cells: Vec<[f32; SHAPES.len()]>,
}

impl Costs {
    /// Every cost, computed row by row; the share of rows done goes to `report` (scoring is
    /// most of a pass's work).
    fn new(scorer: &Scorer, band: &Band, report: Report) -> Costs {
        let starts: Vec<usize> = band.rows.iter().map(|r| r.start).collect();
        let mut offsets = Vec::with_capacity(band.rows.len());
        let mut cells = Vec::new();
        for (i, row) in band.rows.iter().enumerate() {
            if i % REPORT_EVERY == 0 {
                #[allow(clippy::cast_precision_loss)]
                report(i as f64 / band.rows.len() as f64);
            }
            offsets.push(cells.len());
            for j in row.clone() {
                let mut costs = [f32::INFINITY; SHAPES.len()];
                for (k, &(a, b)) in SHAPES.iter().enumerate() {
                    if let (Some(pi), Some(pj)) = (i.checked_sub(a), j.checked_sub(b))
                        && band.contains(pi, pj)
                    {
                        #[allow(clippy::cast_possible_truncation)]
                        let cost = scorer.cost(&(pi..i), &(pj..j)) as f32;
                        costs[k] = cost;
                    }
                }
                cells.push(costs);
            }
        }
        Costs {
            offsets,
            starts,
            cells,
        }
    }

    /// The index of cell `(i, j)` (which must be in the band).
    fn at(&self, i: usize, j: usize) -> usize {
        self.offsets[i] + j - self.starts[i]
    }

    /// The cost of the bead of shape `k` ending at `(i, j)`.
    fn of(&self, i: usize, j: usize, k: usize) -> f64 {
        f64::from(self.cells[self.at(i, j)][k])
    }
}

/// Best costs and back-pointers over the band.
struct Lattice {
    cost: Vec<f64>,
    back: Vec<u8>,
}

impl Lattice {
    fn viterbi(costs: &Costs, band: &Band) -> Lattice {
        let mut cost = vec![f64::INFINITY; costs.cells.len()];
        let mut back = vec![u8::MAX; costs.cells.len()];
        cost[0] = 0.0;
        for (i, row) in band.rows.iter().enumerate() {
            for j in row.clone() {
                let here = costs.at(i, j);
                for (k, &(a, b)) in SHAPES.iter().enumerate() {
                    let bead = f64::from(costs.cells[here][k]);
                    if !bead.is_finite() {
                        continue;
                    }
                    let total = cost[costs.at(i - a, j - b)] + bead;
                    if total < cost[here] {
                        cost[here] = total;
                        back[here] = u8::try_from(k).unwrap_or(u8::MAX);
                    }
                }
            }
        }
        Lattice { cost, back }
    }

    fn reaches_the_end(&self, costs: &Costs, band: &Band) -> bool {
        self.cost[costs.at(band.rows.len() - 1, band.m)].is_finite()
    }

    /// The best path's beads, first to last.
    fn path(&self, costs: &Costs, band: &Band) -> Vec<(Range<usize>, Range<usize>)> {
        let (mut i, mut j) = (band.rows.len() - 1, band.m);
        let mut beads = Vec::new();
        while i > 0 || j > 0 {
            let here = costs.at(i, j);
            debug_assert!(self.cost[here].is_finite());
            let (a, b) = SHAPES[usize::from(self.back[here])];
            beads.push((i - a..i, j - b..j));
            (i, j) = (i - a, j - b);
        }
        beads.reverse();
        beads
    }
}

/// Forward and backward log-probabilities over the band, for each bead's posterior.
struct Posterior {
    forward: Vec<f64>,
    backward: Vec<f64>,
    total: f64,
}

impl Posterior {
    fn new(costs: &Costs, band: &Band) -> Posterior {
        let cells = costs.cells.len();
        let mut forward = vec![f64::NEG_INFINITY; cells];
        forward[0] = 0.0;
        for (i, row) in band.rows.iter().enumerate() {
            for j in row.clone() {
                let here = costs.at(i, j);
                let mut sum = LogSum::default();
                for (k, &(a, b)) in SHAPES.iter().enumerate() {
                    let bead = f64::from(costs.cells[here][k]);
                    if bead.is_finite() {
                        sum.add(forward[costs.at(i - a, j - b)] - bead);
                    }
                }
                if here != 0 {
                    forward[here] = sum.total();
                }
            }
        }
        let mut backward = vec![f64::NEG_INFINITY; cells];
        let last = band.rows.len() - 1;
        backward[costs.at(last, band.m)] = 0.0;
        for (i, row) in band.rows.iter().enumerate().rev() {
            for j in row.clone().rev() {
                if i == last && j == band.m {
                    continue;
                }
                let mut sum = LogSum::default();
                for (k, &(a, b)) in SHAPES.iter().enumerate() {
                    let (ni, nj) = (i + a, j + b);
                    if band.contains(ni, nj) {
                        let bead = costs.of(ni, nj, k);
                        if bead.is_finite() {
                            sum.add(backward[costs.at(ni, nj)] - bead);
                        }
                    }
                }
                backward[costs.at(i, j)] = sum.total();
            }
        }
        let total = forward[costs.at(last, band.m)];
        Posterior {
            forward,
            backward,
            total,
        }
    }

    fn of(&self, costs: &Costs, en: &Range<usize>, ja: &Range<usize>) -> f64 {
        let k = shape_index((en.len(), ja.len()));
        let before = self.forward[costs.at(en.start, ja.start)];
        let after = self.backward[costs.at(en.end, ja.end)];
        (before - costs.of(en.end, ja.end, k) + after - self.total)
            .exp()
            .clamp(0.0, 1.0)
    }
}

/// A sum of probabilities kept as logarithms, without a list of the terms.
#[derive(Default)]
struct LogSum {
    top: Option<f64>,
    sum: f64,
}

impl LogSum {
    fn add(&mut self, term: f64) {
        if term == f64::NEG_INFINITY {
            return;
        }
        match self.top {
            Some(top) if term <= top => self.sum += (term - top).exp(),
            Some(top) => {
                self.sum = self.sum * (top - term).exp() + 1.0;
                self.top = Some(term);
            }
            None => {
                self.top = Some(term);
                self.sum = 1.0;
            }
        }
    }

    fn total(&self) -> f64 {
        self.top
            .map_or(f64::NEG_INFINITY, |top| top + self.sum.ln())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(paragraphs: &[&[&str]]) -> Text {
        Text::from_paragraphs(
            paragraphs
                .iter()
                .map(|p| p.iter().map(|s| (*s).to_owned()).collect()),
        )
    }

    #[test]
    fn a_translation_sentence_for_sentence_aligns_one_to_one() {
        let en = text(&[
            &[
                "Kyoto University was founded in 1897.",
                "It is the second oldest university in Japan.",
            ],
            &["About 22,000 students study there today, in ten faculties."],
        ]);
        let ja = text(&[
            &[
                "京都大学は1897年に創立された。",
                "日本で二番目に古い大学である。",
            ],
            &["現在、十の学部で約2万2千人の学生が学んでいる。"],
        ]);
        let beads = align(&en, &ja, &Model::default());
        let pairs: Vec<_> = beads.iter().map(|b| (b.en.clone(), b.ja.clone())).collect();
        assert_eq!(pairs, [(0..1, 0..1), (1..2, 1..2), (2..3, 2..3)]);
        for bead in &beads {
            assert!(bead.confidence > 0.5, "{bead:?}");
        }
        assert_eq!(paragraphs(&beads, &en, &ja), [0, 0, 1]);
    }

    #[test]
    fn every_sentence_is_in_exactly_one_bead_whatever_the_input() {
        let en = text(&[&["One.", "Two two two two.", "Three."], &["Four four."]]);
        let ja = text(&[&["一。"]]);
        for (en, ja) in [
            (en.clone(), ja.clone()),
            (ja.clone(), en.clone()),
            (Text::default(), ja.clone()),
            (en.clone(), Text::default()),
            (Text::default(), Text::default()),
        ] {
            let beads = align(&en, &ja, &Model::default());
            let covered_en: Vec<usize> = beads.iter().flat_map(|b| b.en.clone()).collect();
            let covered_ja: Vec<usize> = beads.iter().flat_map(|b| b.ja.clone()).collect();
            assert_eq!(covered_en, (0..en.len()).collect::<Vec<_>>());
            assert_eq!(covered_ja, (0..ja.len()).collect::<Vec<_>>());
            assert!(beads.iter().all(|b| (0.0..=1.0).contains(&b.confidence)));
        }
    }

    /// Sentence `k` of a synthetic text, its length varying with `k`, in either language.
    fn sentence(k: usize, japanese: bool) -> String {
        let words = 3 + (k * 7) % 11;
        if japanese {
            format!("第{k}文は{}である。", "語".repeat(words))
        } else {
            format!("Sentence {k} is{}.", " word".repeat(words))
        }
    }

    fn synthetic(keep: impl Fn(usize) -> bool, japanese: bool) -> Text {
        let paragraphs = (0..24).map(|p| {
            (p * 5..p * 5 + 5)
                .filter(|&k| keep(k))
                .map(|k| sentence(k, japanese))
                .collect::<Vec<_>>()
        });
        Text::from_paragraphs(paragraphs)
    }

    /// The English index and the Japanese index of each 1–1 bead, by sentence number.
    fn one_to_one(
        beads: &[Bead],
        en_numbers: &[usize],
        ja_numbers: &[usize],
    ) -> Vec<(usize, usize)> {
        beads
            .iter()
            .filter(|b| b.en.len() == 1 && b.ja.len() == 1)
            .map(|b| (en_numbers[b.en.start], ja_numbers[b.ja.start]))
            .collect()
    }

    #[test]
    fn a_left_out_paragraph_costs_only_the_pairs_beside_it() {
        let en = synthetic(|_| true, false);
        let ja = synthetic(|k| !(40..45).contains(&k), true);
        let en_numbers: Vec<usize> = (0..120).collect();
        let ja_numbers: Vec<usize> = (0..120).filter(|k| !(40..45).contains(k)).collect();
        for (en, ja) in [
            (en.clone(), ja.clone()),
            (en.without_paragraphs(), ja.without_paragraphs()),
        ] {
            let beads = align(&en, &ja, &Model::default());
            let pairs = one_to_one(&beads, &en_numbers, &ja_numbers);
            let right = pairs.iter().filter(|(e, j)| e == j).count();
            assert_eq!(right, pairs.len(), "every 1–1 bead is right: {pairs:?}");
            // All but the two sentences beside the gap are paired one to one.
            assert!(right >= 115 - 2, "{right} of 115: {pairs:?}");
            let left_out: Vec<usize> = beads
                .iter()
                .filter(|b| b.ja.is_empty())
                .flat_map(|b| b.en.clone())
                .collect();
            assert!(
                left_out.iter().all(|k| (39..46).contains(k)),
                "{left_out:?}"
            );
        }
    }

    #[test]
    fn an_added_paragraph_costs_only_the_pairs_beside_it() {
        // The Japanese has a paragraph the English lacks (sentences 60 to 64).
        let en = synthetic(|k| !(60..65).contains(&k), false);
        let ja = synthetic(|_| true, true);
        let en_numbers: Vec<usize> = (0..120).filter(|k| !(60..65).contains(k)).collect();
        let ja_numbers: Vec<usize> = (0..120).collect();
        let beads = align(&en, &ja, &Model::default());
        let pairs = one_to_one(&beads, &en_numbers, &ja_numbers);
        assert!(pairs.iter().all(|(e, j)| e == j), "{pairs:?}");
        assert!(pairs.len() >= 115 - 2, "{} of 115: {pairs:?}", pairs.len());
        let added: Vec<usize> = beads
            .iter()
            .filter(|b| b.en.is_empty())
            .flat_map(|b| b.ja.clone())
            .map(|j| ja_numbers[j])
            .collect();
        assert!(added.iter().all(|k| (59..66).contains(k)), "{added:?}");
    }

    #[test]
    fn paragraph_breaks_on_both_sides_settle_an_ambiguous_pair() {
        // Two English sentences of the same length, one Japanese sentence between them: by
        // length alone either English sentence could take it; the breaks say which.
        let en = text(&[&["Tea was served at noon."], &["The guests left at one."]]);
        let ja = text(&[&["正午に茶が出された。"], &["客は一時に帰った。"]]);
        let beads = align(&en, &ja, &Model::default());
        let pairs: Vec<_> = beads.iter().map(|b| (b.en.clone(), b.ja.clone())).collect();
        assert_eq!(pairs, [(0..1, 0..1), (1..2, 1..2)]);
        let flat_model = Model {
            paragraph_together: 0.0,
            paragraph_crossed: 0.0,
            paragraph_alone: 0.0,
            ..Model::default()
        };
        let joined = text(&[&["Tea was served at noon.", "The guests left at one."]]);
        let ja_split = text(&[&["正午に茶が出された。客は一時に帰った。"]]);
        // Without breaks, one Japanese sentence for two English is a 2–1 bead.
        let beads = align(&joined, &ja_split, &flat_model);
        assert_eq!(beads.len(), 1);
        // With a break inside the English, the bead that crosses it is penalised away.
        let broken = text(&[&["Tea was served at noon."], &["The guests left at one."]]);
        let beads = align(&broken, &ja_split, &Model::default());
        assert!(beads.len() > 1, "{beads:?}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(64))]

        /// Any two sizes, however unbalanced (one sentence beside a hundred), align without a
        /// panic, each sentence in exactly one bead.
        #[test]
        fn any_sizes_align(
            en_words in proptest::collection::vec(1usize..30, 0..120),
            ja_chars in proptest::collection::vec(1usize..60, 0..120),
        ) {
            let en = Text::from_paragraphs([en_words.iter().map(|&w| "word ".repeat(w)).collect::<Vec<_>>()]);
            let ja = Text::from_paragraphs([ja_chars.iter().map(|&c| "語".repeat(c)).collect::<Vec<_>>()]);
            let beads = align(&en, &ja, &Model::default());
            let covered_en: Vec<usize> = beads.iter().flat_map(|b| b.en.clone()).collect();
            let covered_ja: Vec<usize> = beads.iter().flat_map(|b| b.ja.clone()).collect();
            proptest::prop_assert_eq!(covered_en, (0..en.len()).collect::<Vec<_>>());
            proptest::prop_assert_eq!(covered_ja, (0..ja.len()).collect::<Vec<_>>());
        }
    }

    #[test]
    fn one_sentence_beside_a_hundred() {
        let en = Text::from_paragraphs([vec!["Just one sentence here.".to_owned()]]);
        let ja = Text::from_paragraphs([(0..100).map(|k| format!("文{k}。")).collect::<Vec<_>>()]);
        for (a, b) in [(&en, &ja), (&ja, &en)] {
            let beads = align(a, b, &Model::default());
            assert_eq!(beads.iter().map(|b| b.en.len()).sum::<usize>(), a.len());
            assert_eq!(beads.iter().map(|b| b.ja.len()).sum::<usize>(), b.len());
        }
    }

    #[test]
    fn progress_is_reported_from_start_to_end() {
        let en = synthetic(|_| true, false);
        let ja = synthetic(|_| true, true);
        let shares = std::sync::Mutex::new(Vec::new());
        let report = |share: f64| shares.lock().unwrap().push(share);
        let beads = align_reporting(&en, &ja, &Model::default(), &report);
        assert_eq!(beads, align(&en, &ja, &Model::default()));
        let shares = shares.into_inner().unwrap();
        assert_eq!(shares.first(), Some(&0.0));
        assert_eq!(shares.last(), Some(&1.0));
        assert!(
            shares.contains(&0.5),
            "the second pass starts halfway: {shares:?}"
        );
        assert!(shares.iter().all(|s| (0.0..=1.0).contains(s)));
    }

    #[test]
    fn a_long_omission_widens_the_band() {
        // The Japanese leaves out sentences 30 to 89: the path leaves the diagonal by 60.
        let en = synthetic(|_| true, false).without_paragraphs();
        let ja = synthetic(|k| !(30..90).contains(&k), true).without_paragraphs();
        let en_numbers: Vec<usize> = (0..120).collect();
        let ja_numbers: Vec<usize> = (0..120).filter(|k| !(30..90).contains(k)).collect();
        let beads = align(&en, &ja, &Model::default());
        let pairs = one_to_one(&beads, &en_numbers, &ja_numbers);
        assert!(
            pairs.contains(&(10, 10)) && pairs.contains(&(100, 100)),
            "{pairs:?}"
        );
        assert!(pairs.iter().all(|(e, j)| e == j), "{pairs:?}");
    }
}
