//! The sentence pairs of two aligned texts printed for scripts and other tools (`taiyaku
//! align`): TSV, one pair a line, or JSON with both sentence lists and the pairs as indices.

use std::fmt::Write;

use super::json;
use crate::align::article::Paired;
use crate::align::{Bead, paragraphs};
use crate::text::sanitize;

/// The formats `taiyaku align` prints: TSV, `English<TAB>Japanese<TAB>confidence` a pair a
/// line (and a fourth cell, `fixed`, on a pair a reader corrected); JSON, `{"en": [sentences],
/// "ja": [sentences], "pairs": [{"en": [indices], "ja": [indices], "confidence", "paragraph",
/// "fixed"}]}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum AlignFormat {
    #[default]
    Tsv,
    Json,
}

/// Every pair of an alignment, in order, in `format`. TSV is sanitized cell by cell (as a whole,
/// its tabs would be expanded); JSON keeps its own escaping.
pub fn pairs(paired: &Paired, format: AlignFormat) -> String {
    match format {
        AlignFormat::Tsv => tsv(paired),
        AlignFormat::Json => as_json(paired),
    }
}

/// A line per pair: its English sentences joined by a space, its Japanese ones by nothing, and
/// its confidence with three decimals.
fn tsv(paired: &Paired) -> String {
    let mut out = String::new();
    let fixed = paired.fixed();
    for (k, bead) in paired.beads.iter().enumerate() {
        let en = cell(&paired.en.sentences[bead.en.clone()].join(" "));
        let ja = cell(&paired.ja.sentences[bead.ja.clone()].join(""));
        let mark = if fixed.get(k).copied().unwrap_or(false) {
            "\tfixed"
        } else {
            ""
        };
        let _ = writeln!(out, "{en}\t{ja}\t{:.3}{mark}", bead.confidence);
    }
    out
}

/// Text made safe for a TSV cell: sanitized, its tabs and line breaks spaces.
fn cell(text: &str) -> String {
    sanitize(&text.replace('\t', " ")).replace('\n', " ")
}

/// Both sides' sentences, and each pair as the indices of its sentences on each side (from 0),
/// its confidence and the paragraph of the aligned article it belongs to (from 0).
fn as_json(paired: &Paired) -> String {
    let marks = paragraphs(&paired.beads, &paired.en, &paired.ja);
    let fixed = paired.fixed();
    let pairs: Vec<serde_json::Value> = paired
        .beads
        .iter()
        .zip(marks)
        .enumerate()
        .map(|(k, (bead, paragraph))| pair(bead, paragraph, fixed.get(k).copied().unwrap_or(false)))
        .collect();
    json(&serde_json::json!({
        "en": paired.en.sentences,
        "ja": paired.ja.sentences,
        "pairs": pairs,
    }))
}

fn pair(bead: &Bead, paragraph: usize, fixed: bool) -> serde_json::Value {
    serde_json::json!({
        "en": bead.en.clone().collect::<Vec<usize>>(),
        "ja": bead.ja.clone().collect::<Vec<usize>>(),
        "confidence": bead.confidence,
        "paragraph": paragraph,
        "fixed": fixed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::Model;
    use crate::align::article::{Sentences, pair as pair_articles};
    use crate::article::{Article, Bilingual, Block, Format, Headings};

    fn paired(en: &[&str], ja: &[&str]) -> Paired {
        let article = |blocks: Vec<Block>| {
            Article::new("x".into(), Format::Plain, Headings::default(), blocks)
        };
        let en = article(
            en.iter()
                .map(|p| Block::paragraph(Bilingual::en(*p)))
                .collect(),
        );
        let ja = article(
            ja.iter()
                .map(|p| Block::paragraph(Bilingual::ja(*p)))
                .collect(),
        );
        pair_articles(&en, &ja, &Model::default(), Sentences::Split)
    }

    #[test]
    fn tsv_is_one_pair_a_line_with_its_confidence() {
        let paired = paired(
            &["Kyoto was the capital for over a thousand years. It has 1,600 temples."],
            &["京都は千年以上にわたって都であった。寺院は1,600を数える。"],
        );
        let text = pairs(&paired, AlignFormat::Tsv);
        let lines: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert_eq!(
            lines[1][..2],
            ["It has 1,600 temples.", "寺院は1,600を数える。"]
        );
        let confidence = lines[1][2];
        assert!(
            confidence.len() == 5 && confidence.parse::<f64>().is_ok(),
            "{confidence}"
        );
    }

    #[test]
    fn a_cell_stays_on_its_line_and_in_its_column() {
        assert_eq!(cell("one\ttwo\nthree\u{1b}[2J"), "one two three␛");
    }

    #[test]
    fn json_lists_every_sentence_once_with_indices() {
        let paired = paired(&["One is here. Two is there."], &["一はここ。"]);
        let value: serde_json::Value =
            serde_json::from_str(&pairs(&paired, AlignFormat::Json)).expect("JSON");
        assert_eq!(
            value["en"],
            serde_json::json!(["One is here.", "Two is there."])
        );
        assert_eq!(value["ja"], serde_json::json!(["一はここ。"]));
        let pairs = value["pairs"].as_array().expect("pairs");
        let en: Vec<u64> = pairs
            .iter()
            .flat_map(|p| {
                p["en"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| i.as_u64().unwrap())
            })
            .collect();
        assert_eq!(en, [0, 1]);
        assert!(pairs.iter().all(|p| p["paragraph"] == 0));
    }
}
