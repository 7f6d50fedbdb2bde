//! `<ruby>` markup (HTML pages, EPUB's XHTML) → ruby spans: which of a block's text is a base and
//! which a reading, and where each base lands in the block's final text.
//!
//! - Reading the markup (`RubyMarkup`, told every element's opening and closing and the text of
//!   the annotations): inside a `<ruby>`, each `<rb>`, else each run of text before an
//!   annotation, is a base, and the `<rt>`s after the bases are their readings, paired in order
//!   (one reading after several bases covers them all): `<ruby>漢<rt>かん</rt>字<rt>じ</rt>` is
//!   two spans, `<ruby><rb>漢</rb><rb>字</rb><rt>かん</rt><rt>じ</rt>` too. `<rp>` is dropped.
//!   Only the first annotation is kept: an `<rtc>` after `<rt>`s (a second annotation, an
//!   English gloss say) is dropped with what it holds; an `<rtc>` that comes first gives its
//!   `<rt>`s. A `<ruby>` inside another is inline markup of the outer one.
//! - Placing (`place`): an importer makes a block's text from what it gathered by sanitizing it
//!   and changing only its white space (collapsing runs, joining lines, trimming), so the
//!   characters that are not white space come through, in order. The gathered text is cut at
//!   the bases' edges, each cut sanitized alone, and each edge is where as many of those
//!   characters come before it in the final text. When sanitizing the cuts alone does not give
//!   the characters sanitizing the whole gave (a combining mark after a base composed with its
//!   last character, an escape sequence cut by a base), the block keeps its text and loses its
//!   ruby. A base is trimmed of white space at its ends; a reading is sanitized and its white
//!   space collapsed to single spaces; an empty base or reading makes no span.

use std::ops::Range;

use crate::article::Ruby;
use crate::text::sanitize;

/// Elements whose text is an annotation, never the block's text.
pub const ANNOTATIONS: [&str; 3] = ["rt", "rp", "rtc"];
/// The elements of ruby markup, which `RubyMarkup` is told about.
pub const ELEMENTS: [&str; 5] = ["ruby", "rb", "rt", "rtc", "rp"];

/// A base as gathered: a byte range of the block's gathered text, and its reading as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawRuby {
    pub base: Range<usize>,
    pub reading: String,
}

/// How far the bases being gathered are: still bases, given `<rt>` readings, or annotated
/// for good (an `<rtc>` closed; more annotations are dropped).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Phase {
    #[default]
    Bases,
    Readings,
    Annotated,
}

/// Where a walk of a document is in its ruby markup (see the module docs). Offsets are byte
/// offsets of the block's gathered text, which is passed in as it stands at each step.
#[derive(Debug, Default)]
pub struct RubyMarkup {
    /// How deep in `ruby`, `rb`, `rt`, `rtc` and `rp` elements the walk is.
    ruby: usize,
    rb: usize,
    rt: usize,
    rtc: usize,
    rp: usize,
    /// Where the run of text not yet in a base begins.
    run_start: usize,
    /// Where the open `<rb>` begins.
    rb_start: usize,
    /// Whether the open `<rtc>`, and the open `<rt>`, are kept.
    rtc_kept: bool,
    rt_kept: bool,
    /// The open `<rt>`'s text.
    reading: String,
    /// The bases waiting for their readings, and the readings so far.
    bases: Vec<Range<usize>>,
    readings: Vec<String>,
    phase: Phase,
    /// The block's finished spans.
    spans: Vec<RawRuby>,
}

impl RubyMarkup {
    /// An element named `name` opens, the block's text gathered so far being `gathered`.
    pub fn open(&mut self, name: &str, gathered: &str) {
        if name == "ruby" {
            self.ruby += 1;
            if self.ruby == 1 {
                self.run_start = gathered.len();
            }
            return;
        }
        if self.ruby == 0 {
            return;
        }
        if name == "rp" || self.rp > 0 {
            self.rp += usize::from(name == "rp");
            return;
        }
        match name {
            "rb" if self.annotating() == 0 => {
                self.rb += 1;
                if self.rb == 1 {
                    self.end_run(gathered);
                    self.rb_start = gathered.len();
                }
            }
            "rt" => {
                self.rt += 1;
                if self.rt == 1 {
                    self.open_rt(gathered);
                }
            }
            "rtc" if self.rt == 0 => {
                self.rtc += 1;
                if self.rtc == 1 {
                    self.end_run(gathered);
                    self.rtc_kept = self.phase == Phase::Bases;
                }
            }
            _ => {}
        }
    }

    /// The element named `name` closes (see `open`).
    pub fn close(&mut self, name: &str, gathered: &str) {
        let at = gathered.len();
        if self.ruby == 0 {
            return;
        }
        if name == "ruby" {
            self.ruby -= 1;
            if self.ruby == 0 {
                self.end_group();
                let spans = std::mem::take(&mut self.spans);
                *self = Self {
                    spans,
                    ..Self::default()
                };
            }
            return;
        }
        if self.rp > 0 {
            self.rp -= usize::from(name == "rp");
            return;
        }
        match name {
            "rb" if self.annotating() == 0 && self.rb > 0 => {
                self.rb -= 1;
                if self.rb == 0 {
                    self.push_base(self.rb_start..at);
                    self.run_start = at;
                }
            }
            "rt" if self.rt > 0 => {
                self.rt -= 1;
                if self.rt == 0 {
                    if self.rt_kept {
                        self.readings.push(std::mem::take(&mut self.reading));
                    }
                    self.run_start = at;
                }
            }
            "rtc" if self.rt == 0 && self.rtc > 0 => {
                self.rtc -= 1;
                if self.rtc == 0 {
                    self.phase = Phase::Annotated;
                    self.run_start = at;
                }
            }
            _ => {}
        }
    }

    /// An `<rt>` opens: in an `<rtc>`, kept if the `<rtc>` is; else after the run of text
    /// before it (a base), kept unless the bases are annotated already.
    fn open_rt(&mut self, gathered: &str) {
        if self.rtc == 0 {
            self.end_run(gathered);
            self.rt_kept = self.phase != Phase::Annotated;
            self.phase = Phase::Readings;
        } else {
            self.rt_kept = self.rtc_kept;
        }
        self.reading.clear();
    }

    /// Text inside an annotation element (`ANNOTATIONS`), which the block's text leaves out:
    /// kept as a reading when it is in a kept `<rt>`.
    pub fn annotation_text(&mut self, text: &str) {
        if self.rt > 0 && self.rp == 0 && self.rt_kept {
            self.reading.push_str(text);
        }
    }

    /// The spans of the block that ends here (its text taken away): the bases being gathered
    /// are paired with the readings they have, and a ruby still open goes on at the start of
    /// the next block.
    pub fn take(&mut self) -> Vec<RawRuby> {
        self.end_group();
        self.run_start = 0;
        self.rb_start = 0;
        std::mem::take(&mut self.spans)
    }

    /// How deep in annotations (`<rt>`, `<rtc>`) the walk is.
    fn annotating(&self) -> usize {
        self.rt + self.rtc
    }

    /// The run of text since the last base or annotation is a base, unless it is blank (white
    /// space between elements).
    fn end_run(&mut self, gathered: &str) {
        let run = self.run_start..gathered.len();
        self.run_start = gathered.len();
        if !gathered
            .get(run.clone())
            .is_none_or(|t| t.trim().is_empty())
        {
            self.push_base(run);
        }
    }

    /// A base (an `<rb>` counts even when blank: it still takes its reading from the others);
    /// after readings, it begins the next group of bases.
    fn push_base(&mut self, base: Range<usize>) {
        if self.phase != Phase::Bases {
            self.end_group();
        }
        self.bases.push(base);
    }

    /// The bases gathered are paired with their readings, in order; one reading after several
    /// bases covers them all.
    fn end_group(&mut self) {
        let bases = std::mem::take(&mut self.bases);
        let mut readings = std::mem::take(&mut self.readings);
        self.phase = Phase::Bases;
        if let ([first, .., last], [_]) = (bases.as_slice(), readings.as_slice()) {
            self.spans.push(RawRuby {
                base: first.start..last.end,
                reading: readings.remove(0),
            });
            return;
        }
        let pairs = bases.into_iter().zip(readings);
        self.spans
            .extend(pairs.map(|(base, reading)| RawRuby { base, reading }));
    }
}

/// The spans over `clean`, the text an importer made of `raw` by sanitizing it and changing
/// only its white space, of the bases gathered in `raw` (see the module docs); none when they
/// cannot be placed. A base that overlaps the one before it (markup nested against the rules,
/// an `<rt>` inside an `<rb>`) or does not lie in `raw` is left out.
pub fn place(raw: &str, gathered: &[RawRuby], clean: &str) -> Vec<Ruby> {
    if gathered.is_empty() {
        return Vec::new();
    }
    let mut end = 0;
    let gathered: Vec<&RawRuby> = gathered
        .iter()
        .filter(|ruby| {
            let Range { start, end: to } = ruby.base;
            let fits = end <= start && raw.get(start..to).is_some();
            if fits {
                end = to;
            }
            fits
        })
        .collect();
    let edges: Vec<usize> = gathered
        .iter()
        .flat_map(|ruby| [ruby.base.start, ruby.base.end])
        .collect();
    // The solid (not white space) characters of the cuts, each sanitized alone, and how many
    // come before each edge.
    let mut solid = String::new();
    let mut counts = Vec::with_capacity(edges.len());
    let mut count = 0;
    let mut from = 0;
    for &edge in &edges {
        count += push_solid(&mut solid, &sanitize(&raw[from..edge]));
        counts.push(count);
        from = edge;
    }
    push_solid(&mut solid, &sanitize(&raw[from..]));
    let in_clean: Vec<(usize, char)> = clean
        .char_indices()
        .filter(|(_, c)| !c.is_whitespace())
        .collect();
    if !in_clean.iter().map(|&(_, c)| c).eq(solid.chars()) {
        return Vec::new();
    }
    gathered
        .iter()
        .zip(counts.chunks_exact(2))
        .filter_map(|(ruby, count)| {
            let (first, last) = (
                in_clean.get(count[0])?,
                in_clean.get(count[1].checked_sub(1)?)?,
            );
            let reading = clean_reading(&ruby.reading)?;
            (first.0 <= last.0).then(|| Ruby {
                base: first.0..last.0 + last.1.len_utf8(),
                reading,
            })
        })
        .collect()
}

/// Appends the characters of `text` that are not white space; returns how many.
fn push_solid(solid: &mut String, text: &str) -> usize {
    let before = solid.len();
    solid.extend(text.chars().filter(|c| !c.is_whitespace()));
    solid[before..].chars().count()
}

/// A reading as written, sanitized and with its white space collapsed; `None` if empty.
fn clean_reading(reading: &str) -> Option<String> {
    let clean = sanitize(reading);
    let words: Vec<&str> = clean.split_whitespace().collect();
    (!words.is_empty()).then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A walk over a flat list of steps: `<name>`, `</name>`, or text (the block's, or an
    /// annotation's when inside one).
    fn read(steps: &[&str]) -> (String, Vec<RawRuby>) {
        let mut markup = RubyMarkup::default();
        let mut text = String::new();
        let mut annotation = 0;
        for step in steps {
            if let Some(name) = step.strip_prefix("</") {
                let name = name.trim_end_matches('>');
                markup.close(name, &text);
                annotation -= usize::from(ANNOTATIONS.contains(&name));
            } else if let Some(name) = step.strip_prefix('<') {
                let name = name.trim_end_matches('>');
                markup.open(name, &text);
                annotation += usize::from(ANNOTATIONS.contains(&name));
            } else if annotation > 0 {
                markup.annotation_text(step);
            } else {
                text.push_str(step);
            }
        }
        let spans = markup.take();
        (text, spans)
    }

    fn spans(steps: &[&str]) -> Vec<(String, String)> {
        let (text, gathered) = read(steps);
        place(&text, &gathered, &text)
            .into_iter()
            .map(|ruby| (text[ruby.base].to_owned(), ruby.reading))
            .collect()
    }

    fn pair(base: &str, reading: &str) -> (String, String) {
        (base.to_owned(), reading.to_owned())
    }

    #[test]
    fn bases_pair_with_their_readings() {
        let kanji = [pair("漢字", "かんじ")];
        assert_eq!(
            spans(&["<ruby>", "漢字", "<rt>", "かんじ", "</rt>", "</ruby>"]),
            kanji
        );
        assert_eq!(
            spans(&[
                "<ruby>",
                "<rb>",
                "漢字",
                "</rb>",
                "<rt>",
                "かんじ",
                "</rt>",
                "</ruby>"
            ]),
            kanji
        );
        let each = [pair("漢", "かん"), pair("字", "じ")];
        assert_eq!(
            spans(&[
                "<ruby>", "漢", "<rp>", "(", "</rp>", "<rt>", "かん", "</rt>", "<rp>", ")",
                "</rp>", "字", "<rp>", "(", "</rp>", "<rt>", "じ", "</rt>", "<rp>", ")", "</rp>",
                "</ruby>"
            ]),
            each
        );
        assert_eq!(
            spans(&[
                "<ruby>", "<rb>", "漢", "</rb>", "<rb>", "字", "</rb>", "<rt>", "かん", "</rt>",
                "<rt>", "じ", "</rt>", "</ruby>"
            ]),
            each
        );
        assert_eq!(
            spans(&[
                "<ruby>",
                "<rb>",
                "漢",
                "</rb>",
                "<rb>",
                "字",
                "</rb>",
                "<rt>",
                "かんじ",
                "</rt>",
                "</ruby>"
            ]),
            kanji,
            "one reading over several bases"
        );
    }

    #[test]
    fn only_the_first_annotation_is_kept() {
        let kanji = [pair("漢字", "かんじ")];
        assert_eq!(
            spans(&[
                "<ruby>",
                "漢字",
                "<rt>",
                "かんじ",
                "</rt>",
                "<rtc>",
                "kanji",
                "</rtc>",
                "</ruby>"
            ]),
            kanji
        );
        assert_eq!(
            spans(&[
                "<ruby>",
                "漢字",
                "<rtc>",
                "<rt>",
                "かんじ",
                "</rt>",
                "</rtc>",
                "<rtc>",
                "<rt>",
                "kanji",
                "</rt>",
                "</rtc>",
                "</ruby>"
            ]),
            kanji
        );
        assert_eq!(
            spans(&["<ruby>", "東京", "<rtc>", "Tokyo", "</rtc>", "</ruby>"]),
            []
        );
    }

    #[test]
    fn empty_bases_and_readings_make_no_span() {
        assert_eq!(spans(&["<ruby>", "<rt>", "かん", "</rt>", "</ruby>"]), []);
        assert_eq!(
            spans(&["<ruby>", " ", "<rt>", "かん", "</rt>", "</ruby>"]),
            []
        );
        assert_eq!(
            spans(&["<ruby>", "漢", "<rt>", " \n", "</rt>", "</ruby>"]),
            []
        );
        assert_eq!(spans(&["<ruby>", "漢", "</ruby>", "字"]), []);
        assert_eq!(
            spans(&["<ruby>", "漢", "<rt>", " か\t\nん ", "</rt>", "</ruby>"]),
            [pair("漢", "か ん")]
        );
    }

    #[test]
    fn bases_are_placed_through_collapsing_and_trimming() {
        let (raw, gathered) = read(&[
            "  前の ",
            "<ruby>",
            " 漢 \n 字 ",
            "<rt>",
            "かんじ",
            "</rt>",
            "</ruby>",
            " 後",
        ]);
        let clean = "前の 漢 字 後";
        let placed = place(&raw, &gathered, clean);
        assert_eq!(placed.len(), 1);
        assert_eq!(&clean[placed[0].base.clone()], "漢 字");
    }

    #[test]
    fn a_base_sanitizing_alone_would_change_loses_its_ruby() {
        // か and a combining voiced mark compose into が: a base edge cannot fall between them.
        let raw = "か\u{3099}";
        let gathered = [RawRuby {
            base: 0..3,
            reading: "か".into(),
        }];
        assert_eq!(place(raw, &gathered, &sanitize(raw)), []);
        let escape = "a\u{1b}[31mb";
        let gathered = [RawRuby {
            base: 0..3,
            reading: "x".into(),
        }];
        assert_eq!(place(escape, &gathered, &sanitize(escape)), []);
    }

    #[test]
    fn bases_against_the_rules_are_left_out() {
        // An <rt> inside an <rb>: the <rb>'s base overlaps the one before the <rt>.
        assert_eq!(
            spans(&[
                "<ruby>", "<rb>", "漢", "<rt>", "かん", "</rt>", "字", "</rb>", "<rt>", "じ",
                "</rt>", "</ruby>"
            ]),
            [pair("漢", "かん")]
        );
        let outside = [RawRuby {
            base: 0..9,
            reading: "x".into(),
        }];
        assert_eq!(place("ab", &outside, "ab"), []);
    }

    #[test]
    fn a_block_that_ends_inside_a_ruby_starts_the_next_one() {
        let mut markup = RubyMarkup::default();
        markup.open("ruby", "");
        markup.open("rb", "");
        assert_eq!(markup.take(), []);
        markup.close("rb", "字");
        markup.open("rt", "字");
        markup.annotation_text("じ");
        markup.close("rt", "字");
        markup.close("ruby", "字");
        assert_eq!(
            markup.take(),
            [RawRuby {
                base: 0..3,
                reading: "じ".into()
            }]
        );
    }
}
