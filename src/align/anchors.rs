//! Aligning again around a reader's corrections: the pairs a reader fixed by hand are found in
//! the new texts and kept as anchors, and only the stretches between them are aligned anew.

use std::collections::HashMap;
use std::ops::Range;

use super::{Bead, Model, Report, Text, align_reporting};

/// A fixed pair as the reader left it: its English and its Japanese, either possibly absent.
pub type Fixed = (Option<String>, Option<String>);

/// Finds the fixed pairs (`fixed`, in document order) in `en` and `ja`, as beads of confidence
/// 1.0, in order and not overlapping on either side.
///
/// A pair's English is a run of consecutive English sentences that, trimmed and joined with a
/// space, equal its trimmed text; its Japanese a run of Japanese sentences joined with nothing.
/// A pair with a side absent (or empty) cannot be placed reliably and is skipped, as is one
/// not found on both sides.
///
/// Each pair is looked for at the first occurrence after the last pair placed in order (on
/// each side), else at its first occurrence anywhere. Of the placements, the longest chain
/// increasing on both sides is kept (a longest increasing subsequence), and then any that
/// overlaps the one kept before it is dropped. Sentences are indexed by their text, so the
/// work is in proportion to the texts and the fixed strings, not their product.
pub fn find_fixed(en: &Text, ja: &Text, fixed: &[Fixed]) -> Vec<Bead> {
    let en_side = Side::new(en, " ");
    let ja_side = Side::new(ja, "");
    let placed = place_all(&en_side, &ja_side, fixed);
    let chain = longest_chain(&placed);
    without_overlaps(chain)
}

/// Aligns `en` with `ja` around the anchors `fixed` (sorted and monotone, as `find_fixed`
/// returns them): beads covering every sentence of both once, in order, with every anchor
/// among them unchanged, and each stretch between two anchors (and before the first, after
/// the last) aligned on its own with `align_reporting`. A stretch with sentences on one side
/// only is one bead for each sentence, of confidence 1.0 (as `align` makes it). An anchor that
/// overlaps one before it, or lies past the end of a text, is left out. `report` hears the
/// share of all sentences done, 0–1.
pub fn align_around(
    en: &Text,
    ja: &Text,
    model: &Model,
    fixed: &[Bead],
    report: Report,
) -> Vec<Bead> {
    let mut progress = Progress {
        done: 0,
        total: (en.len() + ja.len()).max(1),
        report,
    };
    let mut beads = Vec::with_capacity(fixed.len() * 2 + 1);
    let mut at = (0, 0);
    for anchor in fixed {
        let fits = anchor.en.start >= at.0
            && anchor.ja.start >= at.1
            && anchor.en.end <= en.len()
            && anchor.ja.end <= ja.len()
            && anchor.en.start <= anchor.en.end
            && anchor.ja.start <= anchor.ja.end;
        if !fits {
            continue;
        }
        let gap = (at.0..anchor.en.start, at.1..anchor.ja.start);
        beads.extend(align_gap(en, ja, model, gap, &mut progress));
        beads.push(anchor.clone());
        progress.advance(anchor.en.len() + anchor.ja.len());
        at = (anchor.en.end, anchor.ja.end);
    }
    let gap = (at.0..en.len(), at.1..ja.len());
    beads.extend(align_gap(en, ja, model, gap, &mut progress));
    report(1.0);
    beads
}

/// One side's sentences, trimmed, indexed by their text.
struct Side<'t> {
    sentences: Vec<&'t str>,
    /// Each sentence text's positions, in increasing order.
    index: HashMap<&'t str, Vec<usize>>,
    /// What the sentences of a run are joined with.
    glue: &'static str,
    /// The longest sentence, in bytes: no run starts with a longer one.
    longest: usize,
}

impl<'t> Side<'t> {
    fn new(text: &'t Text, glue: &'static str) -> Self {
        let sentences: Vec<&str> = text.sentences.iter().map(|s| s.trim()).collect();
        let mut index: HashMap<&str, Vec<usize>> = HashMap::new();
        for (k, &s) in sentences.iter().enumerate() {
            index.entry(s).or_default().push(k);
        }
        let longest = sentences.iter().map(|s| s.len()).max().unwrap_or(0);
        Side {
            sentences,
            index,
            glue,
            longest,
        }
    }

    /// The first run of sentences starting at or after `from` that joined is `target`.
    fn find(&self, target: &str, from: usize) -> Option<Range<usize>> {
        let target = target.trim();
        let mut best: Option<Range<usize>> = None;
        for end in self.first_sentence_ends(target) {
            let Some(positions) = self.index.get(&target[..end]) else {
                continue;
            };
            let first = positions.partition_point(|&p| p < from);
            for &p in &positions[first..] {
                if best.as_ref().is_some_and(|b| p >= b.start) {
                    break;
                }
                if let Some(run) = self.run_from(p, &target[end..]) {
                    best = Some(run);
                    break;
                }
            }
        }
        best
    }

    /// Where in `target` the first sentence of a run could end: before each glue (each char
    /// boundary where there is none), and at the end.
    fn first_sentence_ends<'a>(&self, target: &'a str) -> impl Iterator<Item = usize> + 'a {
        let glue = self.glue;
        let longest = self.longest;
        let inner: Box<dyn Iterator<Item = usize>> = if glue.is_empty() {
            Box::new(target.char_indices().map(|(k, _)| k).skip(1))
        } else {
            Box::new(target.match_indices(glue).map(|(k, _)| k))
        };
        inner
            .chain(std::iter::once(target.len()))
            .filter(|&end| end > 0)
            .take_while(move |&end| end <= longest)
    }

    /// The run that starts with sentence `start` and goes on with `rest` (glue first), if the
    /// sentences after `start` spell it out.
    fn run_from(&self, start: usize, mut rest: &str) -> Option<Range<usize>> {
        let mut end = start + 1;
        while !rest.is_empty() {
            let next = self.sentences.get(end)?;
            rest = rest.strip_prefix(self.glue)?.strip_prefix(next)?;
            end += 1;
        }
        Some(start..end)
    }
}

/// Each fixed pair found on both sides, with its index in `fixed`: at the first occurrence
/// after the last pair placed in order, else at the first occurrence anywhere.
fn place_all(en: &Side, ja: &Side, fixed: &[Fixed]) -> Vec<Bead> {
    let mut placed = Vec::new();
    let mut cursor = (0, 0);
    for (en_text, ja_text) in fixed {
        let (Some(en_text), Some(ja_text)) = (en_text, ja_text) else {
            continue;
        };
        let in_order = (en.find(en_text, cursor.0), ja.find(ja_text, cursor.1));
        if let (Some(en_run), Some(ja_run)) = &in_order {
            cursor = (en_run.end, ja_run.end);
        }
        let en_run = in_order.0.or_else(|| en.find(en_text, 0));
        let ja_run = in_order.1.or_else(|| ja.find(ja_text, 0));
        if let (Some(en), Some(ja)) = (en_run, ja_run) {
            placed.push(Bead {
                en,
                ja,
                confidence: 1.0,
            });
        }
    }
    placed
}

/// The longest chain of `beads` whose starts increase strictly on both sides, in that order
/// (patience sorting: O(n log n)).
fn longest_chain(beads: &[Bead]) -> Vec<Bead> {
    let mut order: Vec<usize> = (0..beads.len()).collect();
    // By English start; among equal ones, the later Japanese first, so that at most one of
    // them joins a chain increasing in Japanese.
    order.sort_by_key(|&k| (beads[k].en.start, std::cmp::Reverse(beads[k].ja.start)));
    // `tails[l]`: the bead ending the best chain of length `l + 1` found so far.
    let mut tails: Vec<usize> = Vec::new();
    let mut before: Vec<Option<usize>> = vec![None; beads.len()];
    for &k in &order {
        let ja = beads[k].ja.start;
        let length = tails.partition_point(|&t| beads[t].ja.start < ja);
        before[k] = length.checked_sub(1).map(|l| tails[l]);
        if length == tails.len() {
            tails.push(k);
        } else {
            tails[length] = k;
        }
    }
    let mut chain = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied();
    while let Some(k) = at {
        chain.push(beads[k].clone());
        at = before[k];
    }
    chain.reverse();
    chain
}

/// `beads` (increasing) without any that overlaps the bead kept before it on either side.
fn without_overlaps(beads: Vec<Bead>) -> Vec<Bead> {
    let mut kept: Vec<Bead> = Vec::with_capacity(beads.len());
    for bead in beads {
        let clear = kept
            .last()
            .is_none_or(|last| bead.en.start >= last.en.end && bead.ja.start >= last.ja.end);
        if clear {
            kept.push(bead);
        }
    }
    kept
}

/// How much of the whole job is done, in sentences, and who hears of it.
struct Progress<'r> {
    done: usize,
    total: usize,
    report: Report<'r>,
}

impl Progress<'_> {
    /// Reports the sentences done, and `share` of the next `size`.
    #[allow(clippy::cast_precision_loss)]
    fn tell(&self, size: usize, share: f64) {
        let done = self.done as f64 + share * size as f64;
        (self.report)((done / self.total as f64).clamp(0.0, 1.0));
    }

    fn advance(&mut self, size: usize) {
        self.done += size;
        self.tell(0, 0.0);
    }
}

/// The beads of one stretch between anchors (`gap`: its English and its Japanese sentences),
/// in the whole texts' positions.
fn align_gap(
    en: &Text,
    ja: &Text,
    model: &Model,
    gap: (Range<usize>, Range<usize>),
    progress: &mut Progress,
) -> Vec<Bead> {
    let (en_gap, ja_gap) = gap;
    let size = en_gap.len() + ja_gap.len();
    let beads = if en_gap.is_empty() || ja_gap.is_empty() {
        one_sided(en_gap, ja_gap)
    } else {
        let (sub_en, sub_ja) = (slice(en, &en_gap), slice(ja, &ja_gap));
        let sub_report = |share: f64| progress.tell(size, share);
        align_reporting(&sub_en, &sub_ja, model, &sub_report)
            .into_iter()
            .map(|b| Bead {
                en: b.en.start + en_gap.start..b.en.end + en_gap.start,
                ja: b.ja.start + ja_gap.start..b.ja.end + ja_gap.start,
                confidence: b.confidence,
            })
            .collect()
    };
    progress.advance(size);
    beads
}

/// A bead for each sentence of a stretch with sentences on one side only (at most one side
/// non-empty), of confidence 1.0.
fn one_sided(en: Range<usize>, ja: Range<usize>) -> Vec<Bead> {
    let (en_end, ja_start) = (en.end, ja.start);
    let en_beads = en.map(|i| (i..i + 1, ja_start..ja_start));
    let ja_beads = ja.map(|j| (en_end..en_end, j..j + 1));
    en_beads
        .chain(ja_beads)
        .map(|(en, ja)| Bead {
            en,
            ja,
            confidence: 1.0,
        })
        .collect()
}

/// Sentences `range` of `text` as a text of their own (its first sentence starts a paragraph).
fn slice(text: &Text, range: &Range<usize>) -> Text {
    let mut starts = text.starts[range.clone()].to_vec();
    if let Some(first) = starts.first_mut() {
        *first = true;
    }
    Text {
        sentences: text.sentences[range.clone()].to_vec(),
        starts,
    }
}

#[cfg(test)]
mod tests {
    use super::super::align;
    use super::*;

    fn text(paragraphs: &[&[&str]]) -> Text {
        Text::from_paragraphs(
            paragraphs
                .iter()
                .map(|p| p.iter().map(|s| (*s).to_owned()).collect()),
        )
    }

    fn pair(en: &str, ja: &str) -> Fixed {
        (Some(en.to_owned()), Some(ja.to_owned()))
    }

    fn ranges(beads: &[Bead]) -> Vec<(Range<usize>, Range<usize>)> {
        beads.iter().map(|b| (b.en.clone(), b.ja.clone())).collect()
    }

    /// Every sentence of both sides in exactly one bead, in order.
    fn assert_covers(beads: &[Bead], en: &Text, ja: &Text) {
        let covered_en: Vec<usize> = beads.iter().flat_map(|b| b.en.clone()).collect();
        let covered_ja: Vec<usize> = beads.iter().flat_map(|b| b.ja.clone()).collect();
        assert_eq!(covered_en, (0..en.len()).collect::<Vec<_>>(), "{beads:?}");
        assert_eq!(covered_ja, (0..ja.len()).collect::<Vec<_>>(), "{beads:?}");
        for w in beads.windows(2) {
            assert_eq!(w[0].en.end, w[1].en.start, "{beads:?}");
            assert_eq!(w[0].ja.end, w[1].ja.start, "{beads:?}");
        }
    }

    fn garden() -> (Text, Text) {
        let en = text(&[
            &[
                "The gate of the old garden was painted green.",
                "Nobody remembered who had painted it.",
                "It creaked.",
            ],
            &[
                "Every morning a cat slept on the wall beside it.",
                "The children called the cat Mochi.",
            ],
            &["In winter the pond froze over and the carp stayed still at the bottom."],
        ]);
        let ja = text(&[
            &[
                "古い庭の門は緑色に塗られていた。",
                "誰が塗ったのか覚えている者はいなかった。きしむ音がした。",
            ],
            &[
                "毎朝、その横の塀の上で猫が眠っていた。",
                "子どもたちはその猫をモチと呼んだ。",
            ],
            &["冬になると池は凍り、鯉は底でじっとしていた。"],
        ]);
        (en, ja)
    }

    #[test]
    fn fixed_pairs_are_found_one_to_one_and_two_to_one() {
        let (en, ja) = garden();
        let fixed = [
            pair(
                " The gate of the old garden was painted green. ",
                "古い庭の門は緑色に塗られていた。",
            ),
            pair(
                "Nobody remembered who had painted it. It creaked.",
                "誰が塗ったのか覚えている者はいなかった。きしむ音がした。",
            ),
            // Not in the texts any more.
            pair("The fountain was dry.", "噴水は涸れていた。"),
            // One side absent: skipped.
            (Some("The children called the cat Mochi.".to_owned()), None),
            pair(
                "In winter the pond froze over and the carp stayed still at the bottom.",
                "冬になると池は凍り、鯉は底でじっとしていた。",
            ),
        ];
        let beads = find_fixed(&en, &ja, &fixed);
        assert_eq!(
            ranges(&beads),
            [(0..1, 0..1), (1..3, 1..2), (5..6, 4..5)],
            "{beads:?}"
        );
        assert!(
            beads
                .iter()
                .all(|b| (b.confidence - 1.0).abs() < f64::EPSILON)
        );
    }

    #[test]
    fn japanese_sentences_joined_with_nothing_make_one_fixed_side() {
        let (en, ja) = garden();
        let fixed = [pair(
            "Every morning a cat slept on the wall beside it. The children called the cat Mochi.",
            "毎朝、その横の塀の上で猫が眠っていた。子どもたちはその猫をモチと呼んだ。",
        )];
        assert_eq!(ranges(&find_fixed(&en, &ja, &fixed)), [(3..5, 2..4)]);
    }

    #[test]
    fn a_pair_out_of_order_is_left_out() {
        let (en, ja) = garden();
        let fixed = [
            pair(
                "The gate of the old garden was painted green.",
                "古い庭の門は緑色に塗られていた。",
            ),
            // Its English comes before the next pair's, its Japanese after it.
            pair(
                "Every morning a cat slept on the wall beside it.",
                "冬になると池は凍り、鯉は底でじっとしていた。",
            ),
            pair(
                "The children called the cat Mochi.",
                "子どもたちはその猫をモチと呼んだ。",
            ),
            pair(
                "In winter the pond froze over and the carp stayed still at the bottom.",
                "冬になると池は凍り、鯉は底でじっとしていた。",
            ),
        ];
        let beads = find_fixed(&en, &ja, &fixed);
        assert_eq!(
            ranges(&beads),
            [(0..1, 0..1), (4..5, 3..4), (5..6, 4..5)],
            "{beads:?}"
        );
    }

    #[test]
    fn a_repeated_sentence_is_found_after_the_anchor_before_it() {
        let en = text(&[&["Yes.", "Are you coming?", "Yes."]]);
        let ja = text(&[&["はい。", "来るの？", "はい。"]]);
        let fixed = [pair("Are you coming?", "来るの？"), pair("Yes.", "はい。")];
        assert_eq!(
            ranges(&find_fixed(&en, &ja, &fixed)),
            [(1..2, 1..2), (2..3, 2..3)]
        );
    }

    #[test]
    fn with_no_anchors_it_is_align() {
        let (en, ja) = garden();
        let model = Model::default();
        let beads = align_around(&en, &ja, &model, &[], &|_| {});
        assert_eq!(beads, align(&en, &ja, &model));
    }

    #[test]
    fn an_anchor_is_kept_exactly_and_all_is_covered() {
        let (en, ja) = garden();
        // A pairing the aligner would hardly make on its own.
        let anchor = Bead {
            en: 2..4,
            ja: 1..3,
            confidence: 1.0,
        };
        let beads = align_around(
            &en,
            &ja,
            &Model::default(),
            std::slice::from_ref(&anchor),
            &|_| {},
        );
        assert!(beads.contains(&anchor), "{beads:?}");
        assert_covers(&beads, &en, &ja);
    }

    #[test]
    fn anchors_at_the_very_start_and_end() {
        let (en, ja) = garden();
        let first = Bead {
            en: 0..1,
            ja: 0..1,
            confidence: 1.0,
        };
        let last = Bead {
            en: 5..6,
            ja: 4..5,
            confidence: 1.0,
        };
        let anchors = [first.clone(), last.clone()];
        let beads = align_around(&en, &ja, &Model::default(), &anchors, &|_| {});
        assert_eq!(beads.first(), Some(&first));
        assert_eq!(beads.last(), Some(&last));
        assert_covers(&beads, &en, &ja);
    }

    #[test]
    fn a_stretch_with_one_side_empty_is_one_sided_beads_as_align_makes_them() {
        let (en, ja) = garden();
        // Between the anchors: English 1..3, no Japanese.
        let anchors = [
            Bead {
                en: 0..1,
                ja: 0..1,
                confidence: 1.0,
            },
            Bead {
                en: 3..6,
                ja: 1..5,
                confidence: 1.0,
            },
        ];
        let beads = align_around(&en, &ja, &Model::default(), &anchors, &|_| {});
        assert_eq!(
            ranges(&beads),
            [(0..1, 0..1), (1..2, 1..1), (2..3, 1..1), (3..6, 1..5)]
        );
        assert_covers(&beads, &en, &ja);
        // The same as `align` of those sentences against nothing, and the other way round.
        let english = slice(&en, &(1..3));
        for (a, b) in [(&english, &Text::default()), (&Text::default(), &english)] {
            let aligned = align(a, b, &Model::default());
            let ours = one_sided(0..a.len(), 0..b.len());
            assert_eq!(ranges(&aligned), ranges(&ours));
            for (x, y) in aligned.iter().zip(&ours) {
                assert!((x.confidence - y.confidence).abs() < 1e-6, "{aligned:?}");
            }
        }
    }

    #[test]
    fn progress_ends_at_one_and_stays_within_bounds() {
        let (en, ja) = garden();
        let anchor = Bead {
            en: 3..4,
            ja: 2..3,
            confidence: 1.0,
        };
        let shares = std::sync::Mutex::new(Vec::new());
        let report = |share: f64| shares.lock().unwrap().push(share);
        align_around(&en, &ja, &Model::default(), &[anchor], &report);
        let shares = shares.into_inner().unwrap();
        assert_eq!(shares.last(), Some(&1.0));
        assert!(shares.iter().all(|s| (0.0..=1.0).contains(s)), "{shares:?}");
    }

    #[test]
    fn found_anchors_feed_align_around() {
        let (en, ja) = garden();
        let fixed = [pair(
            "Nobody remembered who had painted it. It creaked.",
            "誰が塗ったのか覚えている者はいなかった。きしむ音がした。",
        )];
        let anchors = find_fixed(&en, &ja, &fixed);
        let beads = align_around(&en, &ja, &Model::default(), &anchors, &|_| {});
        assert!(beads.contains(&anchors[0]));
        assert_covers(&beads, &en, &ja);
    }
}
