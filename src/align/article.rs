//! Two one-language articles made one: the English article's headings beside the Japanese
//! one's, and the two bodies split into sentences, aligned, and put back together as
//! paragraphs of sentence pairs.

use std::ops::Range;

use super::anchors::{Fixed, align_around, find_fixed};
use super::{Bead, Model, Report, Text, align_reporting, paragraphs};
use crate::article::{
    Article, Bilingual, Block, BlockKind, Emphasis, Headings, Ruby, SentencePair, SharedStr, Side,
};
use crate::text::sentences;

/// An aligned pair of articles: the article, and the alignment it was built from.
#[derive(Debug, Clone)]
pub struct Paired {
    pub article: Article,
    pub en: Text,
    pub ja: Text,
    pub beads: Vec<Bead>,
}

impl Paired {
    /// The alignment an article holds (one aligned before, maybe corrected since): each side's
    /// sentences, block by block, and a bead for each sentence pair.
    pub fn of_article(article: Article) -> Paired {
        let (mut en, mut ja) = (Text::default(), Text::default());
        let mut beads = Vec::new();
        for block in &article.blocks {
            let sentences = crate::sentence::Sentences::of(block);
            let starts = [en.len(), ja.len()];
            for side in Side::BOTH {
                let (text, list) = match side {
                    Side::En => (&mut en, &sentences.en),
                    Side::Ja => (&mut ja, &sentences.ja),
                };
                let body = block.text.get(side).unwrap_or("");
                for (k, sentence) in list.iter().enumerate() {
                    text.sentences.push(body[sentence.range.clone()].to_owned());
                    text.starts.push(k == 0);
                }
            }
            for (k, pair) in block.sentences.iter().enumerate() {
                let run = |side: Side, start: usize| {
                    let own = sentences.of_pair(side, k);
                    start + own.start..start + own.end
                };
                let confidence = pair.confidence.map_or(1.0, |c| f64::from(c) / 1000.0);
                beads.push(Bead {
                    en: run(Side::En, starts[0]),
                    ja: run(Side::Ja, starts[1]),
                    confidence,
                });
            }
        }
        Paired {
            article,
            en,
            ja,
            beads,
        }
    }

    /// Whether each bead (in order) is a pair a reader fixed.
    pub fn fixed(&self) -> Vec<bool> {
        let pairs = self.article.blocks.iter().flat_map(|b| &b.sentences);
        pairs.map(|p| p.fixed).collect()
    }
}

/// One side of an article as sentences, with the kind of block each came from and where in
/// it (the block's index and the sentence's byte range of its text).
pub struct SideText {
    pub text: Text,
    pub kinds: Vec<BlockKind>,
    pub origins: Vec<(usize, Range<usize>)>,
}

/// How a side is cut into sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sentences {
    /// By the sentence splitters (`text::sentences`).
    #[default]
    Split,
    /// Each line of a block is one sentence already (as hunalign and most corpora keep them).
    Lines,
}

impl SideText {
    /// The `side` of every block that has it, each block a paragraph.
    pub fn of(article: &Article, side: Side, sentences: Sentences) -> SideText {
        let mut text = Text::default();
        let mut kinds = Vec::new();
        let mut origins = Vec::new();
        for (index, block) in article.blocks.iter().enumerate() {
            let Some(body) = block.text.get(side) else {
                continue;
            };
            let ranges = split(body, side, sentences, block.is_heading());
            for (k, range) in ranges.into_iter().enumerate() {
                text.sentences.push(body[range.clone()].to_owned());
                text.starts.push(k == 0);
                kinds.push(block.kind);
                origins.push((index, range));
            }
        }
        SideText {
            text,
            kinds,
            origins,
        }
    }
}

/// A block's text as sentences (byte ranges of it): a heading is one, whatever its stops.
fn split(body: &str, side: Side, how: Sentences, heading: bool) -> Vec<Range<usize>> {
    if heading {
        let start = body.len() - body.trim_start().len();
        let end = body.trim_end().len().max(start);
        return std::iter::once(start..end).collect();
    }
    match (how, side) {
        (Sentences::Lines, _) => line_ranges(body),
        (Sentences::Split, Side::En) => sentences::english(body),
        (Sentences::Split, Side::Ja) => sentences::japanese(body),
    }
}

/// The readings, emphasis and indent of the Japanese sentences `sentences` (indices into
/// `side`) of `ja`, moved to where they are placed in a new block's text from `at` on, one
/// after the other with nothing between.
fn marks_moved(
    ja: &Article,
    side: &SideText,
    sentences: Range<usize>,
    mut at: usize,
    block: &mut Block,
) {
    for (index, range) in &side.origins[sentences] {
        let from = ja.blocks[*index].marks();
        let inside = |r: &Range<usize>| r.start >= range.start && r.end <= range.end;
        let moved = |r: &Range<usize>| r.start - range.start + at..r.end - range.start + at;
        let ruby = from.ruby.iter().filter(|r| inside(&r.base)).map(|r| Ruby {
            base: moved(&r.base),
            reading: r.reading.clone(),
        });
        let emphasis = (from.emphasis.iter())
            .filter(|e| inside(&e.0))
            .map(|e| Emphasis(moved(&e.0)));
        let (ruby, emphasis): (Vec<_>, Vec<_>) = (ruby.collect(), emphasis.collect());
        if from.indent > block.indent() || !ruby.is_empty() || !emphasis.is_empty() {
            let marks = block.marks_mut();
            marks.indent = marks.indent.max(from.indent);
            marks.ruby.extend(ruby);
            marks.emphasis.extend(emphasis);
        }
        at += range.len();
    }
}

fn line_ranges(body: &str) -> Vec<Range<usize>> {
    let mut ranges = Vec::new();
    let mut at = 0;
    for line in body.split_inclusive('\n') {
        let start = at + (line.len() - line.trim_start().len());
        let end = at + line.trim_end().len();
        if end > start {
            ranges.push(start..end);
        }
        at += line.len();
    }
    ranges
}

/// Pairs an English article with a Japanese one: headings side by side (each side's own), the
/// bodies aligned under `model`, each aligned paragraph a block whose sentence pairs are the
/// beads.
pub fn pair(en: &Article, ja: &Article, model: &Model, sentences: Sentences) -> Paired {
    pair_reporting(en, ja, model, sentences, &|_| {})
}

/// `pair`, telling `report` how far the alignment has got (see `align_reporting`).
pub fn pair_reporting(
    en: &Article,
    ja: &Article,
    model: &Model,
    sentences: Sentences,
    report: Report,
) -> Paired {
    pair_keeping(en, ja, model, sentences, &[], report)
}

/// `pair_reporting`, keeping the pairs a reader fixed (`fixed`, their two texts, in order)
/// wherever both their texts are still found, and aligning only the stretches between them
/// (see `anchors`); the pairs kept stay marked fixed.
pub fn pair_keeping(
    en: &Article,
    ja: &Article,
    model: &Model,
    sentences: Sentences,
    fixed: &[Fixed],
    report: Report,
) -> Paired {
    let en_side = SideText::of(en, Side::En, sentences);
    let ja_side = SideText::of(ja, Side::Ja, sentences);
    let anchors = find_fixed(&en_side.text, &ja_side.text, fixed);
    let beads = if anchors.is_empty() {
        align_reporting(&en_side.text, &ja_side.text, model, report)
    } else {
        align_around(&en_side.text, &ja_side.text, model, &anchors, report)
    };
    let is_anchor = |bead: &Bead| {
        let at = anchors.partition_point(|a| a.en.start < bead.en.start);
        anchors
            .get(at)
            .is_some_and(|a| a.en == bead.en && a.ja == bead.ja)
    };
    let marks = paragraphs(&beads, &en_side.text, &ja_side.text);
    let mut blocks: Vec<Block> = Vec::new();
    for (k, bead) in beads.iter().enumerate() {
        let kind = kind_of(bead, &en_side, &ja_side);
        // A new paragraph opens a block, and so does a bead of another kind (a heading's
        // sentence never shares a block with the text after it).
        let same_block = k > 0 && marks[k] == marks[k - 1];
        if !same_block || blocks.last().is_some_and(|b: &Block| b.kind != kind) {
            blocks.push(Block::of_kind(kind, Bilingual::default()));
        }
        let block = blocks.last_mut().expect("a block was just opened");
        let en_range = extend(
            &mut block.text.en,
            &en_side.text.sentences[bead.en.clone()],
            " ",
        );
        let ja_range = extend(
            &mut block.text.ja,
            &ja_side.text.sentences[bead.ja.clone()],
            "",
        );
        if let Some(range) = &ja_range {
            marks_moved(ja, &ja_side, bead.ja.clone(), range.start, block);
        }
        block.sentences.push(SentencePair {
            en: en_range,
            ja: ja_range,
            confidence: (!is_anchor(bead)).then(|| thousandths(bead.confidence)),
            fixed: is_anchor(bead),
        });
    }
    let headings = both_headings(&en.headings, &ja.headings);
    let source = format!("{} + {}", en.source, ja.source);
    let article = Article::new(source, en.format, headings, blocks);
    Paired {
        article,
        en: en_side.text,
        ja: ja_side.text,
        beads,
    }
}

/// Two subtitle files paired by time, not by length: each group of cues that are on screen
/// together (overlapping in time, on either side) is one pair and one block, timed from the
/// first start to the last end. `None` unless every block of both has a cue time.
pub fn pair_by_time(en: &Article, ja: &Article) -> Option<Paired> {
    let timed = |article: &Article| {
        let cues: Option<Vec<_>> = article.blocks.iter().map(Block::cue).collect();
        cues.filter(|c| !c.is_empty())
    };
    let (en_cues, ja_cues) = (timed(en)?, timed(ja)?);
    let mut all: Vec<(crate::article::Cue, Side, usize)> = Vec::new();
    all.extend(en_cues.iter().enumerate().map(|(k, &c)| (c, Side::En, k)));
    all.extend(ja_cues.iter().enumerate().map(|(k, &c)| (c, Side::Ja, k)));
    all.sort_by_key(|&(cue, side, k)| (cue.start, side == Side::Ja, k));
    let mut blocks: Vec<Block> = Vec::new();
    for (cue, side, k) in all {
        let article = if side == Side::En { en } else { ja };
        let text = article.blocks[k].text.get(side).unwrap_or("");
        let joins = blocks
            .last()
            .and_then(Block::cue)
            .is_some_and(|last| last.overlaps(cue));
        if !joins {
            let mut block = Block::paragraph(Bilingual::default());
            block.marks_mut().cue = Some(cue);
            blocks.push(block);
        }
        let block = blocks.last_mut().expect("a block was just opened");
        let marks = block.marks_mut();
        marks.cue = marks.cue.map(|c| c.spanning(cue));
        let glue = if side == Side::En { " " } else { "" };
        if !text.is_empty() {
            extend(block.text.get_mut(side), &[text.to_owned()], glue);
        }
    }
    for block in &mut blocks {
        let whole = |side| block.text.get(side).map(|t: &str| 0..t.len());
        let pair = SentencePair {
            en: whole(Side::En),
            ja: whole(Side::Ja),
            ..SentencePair::default()
        };
        block.sentences = vec![pair];
    }
    blocks.retain(|b| !b.text.is_empty());
    let headings = both_headings(&en.headings, &ja.headings);
    let source = format!("{} + {}", en.source, ja.source);
    Some(Paired::of_article(Article::new(
        source, en.format, headings, blocks,
    )))
}

/// The pairs of `article` a reader fixed, as their two texts, in order: what `pair_keeping`
/// keeps when the article is aligned again.
pub fn fixed_pairs(article: &Article) -> Vec<Fixed> {
    let mut fixed = Vec::new();
    for block in &article.blocks {
        for (k, pair) in block.sentences.iter().enumerate() {
            if pair.fixed {
                let text = |side| block.sentence(k, side).map(str::to_owned);
                fixed.push((text(Side::En), text(Side::Ja)));
            }
        }
    }
    fixed
}

/// A heading block where the bead's first sentence came from one (English first), else a
/// paragraph (a note stays a note).
fn kind_of(bead: &Bead, en: &SideText, ja: &SideText) -> BlockKind {
    let from = |side: &SideText, run: &Range<usize>| side.kinds.get(run.start).copied();
    let kind = if bead.en.is_empty() {
        from(ja, &bead.ja)
    } else {
        from(en, &bead.en)
    };
    kind.unwrap_or(BlockKind::Paragraph)
}

/// Appends sentences to one side of a block; the range they take, `None` if there are none.
fn extend(side: &mut Option<SharedStr>, sentences: &[String], glue: &str) -> Option<Range<usize>> {
    if sentences.is_empty() {
        return None;
    }
    let mut text = side.take().map(|s| s.to_string()).unwrap_or_default();
    if !text.is_empty() {
        text.push_str(glue);
    }
    let start = text.len();
    text.push_str(&sentences.join(glue));
    let range = start..text.len();
    *side = Some(text.into());
    Some(range)
}

/// A confidence of 0–1 in thousandths, as the native format keeps it: rounded down, so that a
/// bead the aligner holds uncertain (`Bead::is_uncertain`) is an unsure pair in the article.
fn thousandths(confidence: f64) -> u16 {
    // In 0..=1000 after the clamp, so the cast neither truncates nor loses a sign.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let value = (confidence.clamp(0.0, 1.0) * 1000.0).floor() as u16;
    value
}

/// The English article's headings beside the Japanese one's (see `both`).
fn both_headings(en: &Headings, ja: &Headings) -> Headings {
    Headings {
        series: both(&en.series, &ja.series),
        title: both(&en.title, &ja.title),
        byline: both(&en.byline, &ja.byline),
        date: both(&en.date, &ja.date),
        date_iso: en.date_iso.clone().or(ja.date_iso.clone()),
        publisher: both(&en.publisher, &ja.publisher),
        copyright: en.copyright.clone().or(ja.copyright.clone()),
    }
}

/// A heading's English from the English article and its Japanese from the Japanese one, each
/// side falling back to what the other file has.
/// Each side from its own file, else from the other (an English JITOW page names the series
/// in Japanese too).
fn both(en: &Bilingual, ja: &Bilingual) -> Bilingual {
    Bilingual::shared(
        en.en.clone().or_else(|| ja.en.clone()),
        ja.ja.clone().or_else(|| en.ja.clone()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Format;

    fn one_sided(side: Side, title: &str, paragraphs: &[&str]) -> Article {
        let on = |text: &str| match side {
            Side::En => Bilingual::en(text),
            Side::Ja => Bilingual::ja(text),
        };
        let headings = Headings {
            title: on(title),
            ..Headings::default()
        };
        let blocks = paragraphs.iter().map(|p| Block::paragraph(on(p))).collect();
        Article::new("x".into(), Format::Plain, headings, blocks)
    }

    #[test]
    fn readings_emphasis_and_indent_follow_their_japanese_into_the_pair() {
        let en = one_sided(
            Side::En,
            "Botchan",
            &["I have been reckless since a child. My parents gave me that."],
        );
        let mut ja = one_sided(
            Side::Ja,
            "坊っちゃん",
            &["子供の時から無鉄砲だ。親譲りである。"],
        );
        let text = ja.blocks[0].text.ja.clone().unwrap();
        let at = |base: &str| {
            let start = text.find(base).unwrap();
            start..start + base.len()
        };
        ja.blocks[0].marks_mut().ruby = vec![
            Ruby {
                base: at("無鉄砲"),
                reading: "むてっぽう".into(),
            },
            Ruby {
                base: at("親譲"),
                reading: "おやゆず".into(),
            },
        ];
        ja.blocks[0].marks_mut().emphasis = vec![Emphasis(at("子供"))];
        ja.blocks[0].marks_mut().indent = 2;
        let paired = pair(&en, &ja, &Model::default(), Sentences::Split).article;
        let block = paired
            .blocks
            .iter()
            .find(|b| !b.ruby().is_empty())
            .expect("ruby kept");
        let ja_text = block.text.ja.as_deref().unwrap();
        let bases: Vec<(&str, &str)> = block
            .ruby()
            .iter()
            .map(|r| (&ja_text[r.base.clone()], r.reading.as_str()))
            .collect();
        assert_eq!(bases, [("無鉄砲", "むてっぽう"), ("親譲", "おやゆず")]);
        assert_eq!(&ja_text[block.emphasis()[0].0.clone()], "子供");
        assert_eq!(block.indent(), 2);
        assert!(
            paired
                .blocks
                .iter()
                .all(|b| b.ruby_fits() && b.emphasis_fits())
        );
    }

    #[test]
    fn two_articles_become_one_with_sentence_pairs() {
        let en = one_sided(
            Side::En,
            "Kyoto",
            &[
                "Kyoto was the capital of Japan for over a thousand years. It has 1,600 temples.",
                "Today it is a city of 1.5 million people.",
            ],
        );
        let ja = one_sided(
            Side::Ja,
            "京都",
            &[
                "京都は千年以上にわたって日本の都であった。寺院は1,600を数える。",
                "現在は人口150万人の都市である。",
            ],
        );
        let paired = pair(&en, &ja, &Model::default(), Sentences::Split);
        let article = &paired.article;
        assert_eq!(article.headings.title.en.as_deref(), Some("Kyoto"));
        assert_eq!(article.headings.title.ja.as_deref(), Some("京都"));
        assert_eq!(article.blocks.len(), 2, "{:?}", article.blocks);
        let first = &article.blocks[0];
        assert_eq!(first.sentences.len(), 2);
        assert!(first.sentences_fit());
        let en_text = first.text.en.as_deref().unwrap();
        let ja_text = first.text.ja.as_deref().unwrap();
        let pair = &first.sentences[1];
        assert_eq!(&en_text[pair.en.clone().unwrap()], "It has 1,600 temples.");
        assert_eq!(&ja_text[pair.ja.clone().unwrap()], "寺院は1,600を数える。");
    }

    #[test]
    fn a_heading_missing_from_one_file_is_taken_from_the_other() {
        let mut en = one_sided(Side::En, "Title", &["One sentence here."]);
        en.headings.series = Bilingual::new(Some("Series".into()), Some("シリーズ".into()));
        let ja = one_sided(Side::Ja, "題", &["一つの文。"]);
        let paired = pair(&en, &ja, &Model::default(), Sentences::Split);
        let series = &paired.article.headings.series;
        assert_eq!(
            (series.en.as_deref(), series.ja.as_deref()),
            (Some("Series"), Some("シリーズ"))
        );
        assert_eq!(paired.article.headings.title.ja.as_deref(), Some("題"));
    }

    #[test]
    fn a_heading_never_shares_a_block_with_text() {
        let mut en = one_sided(Side::En, "T", &["A first paragraph of text.", "More text."]);
        en.blocks
            .insert(1, Block::heading(1, Bilingual::en("Section")));
        let mut ja = one_sided(Side::Ja, "題", &["最初の段落の文章。", "続きの文章。"]);
        ja.blocks.insert(1, Block::heading(1, Bilingual::ja("節")));
        let paired = pair(&en, &ja, &Model::default(), Sentences::Split);
        for block in &paired.article.blocks {
            let is_heading = block.is_heading();
            let text = block.text.en.as_deref().unwrap_or_default();
            assert_eq!(is_heading, text == "Section", "{block:?}");
        }
    }

    #[test]
    fn lines_are_sentences_when_asked() {
        let en = one_sided(Side::En, "T", &["One. Still one.\nTwo."]);
        let side = SideText::of(&en, Side::En, Sentences::Lines);
        assert_eq!(side.text.sentences, ["One. Still one.", "Two."]);
    }
}
