//! Subtitles, `SubRip` (`.srt`) and `WebVTT` (`.vtt`): each cue a block with its time, its lines
//! placed on the English or Japanese side by script, so a file whose cues hold a line of each
//! language reads as pairs.
//!
//! SRT: numbered cues, `00:01:02,500 --> 00:01:04,000`, the text, a blank line. `WebVTT`: a
//! `WEBVTT` first line, cues with an optional identifier, `00:01:02.500 --> 00:01:04.000` and
//! cue settings after it (dropped), `NOTE`, `STYLE` and `REGION` blocks (skipped). Tags are
//! removed from the text: `<i>`, `<b>`, `<font …>`, VTT's `<c.x>`, `<v Name>`, `<00:01.000>`,
//! and SSA overrides such as `{\an8}`.

use std::ops::Range;

use super::{ImportError, Imported};
use crate::article::{Article, Bilingual, Block, Cue, Format, Headings, SentencePair, Side};
use crate::script::script_of;

/// Whether a text is subtitles at first sight: `WEBVTT` first, or a number, then a time line.
pub fn is_subtitles(text: &str) -> bool {
    if text.starts_with("WEBVTT") {
        return true;
    }
    let mut lines = text.lines().map(str::trim);
    let number = lines.next().unwrap_or("");
    let timing = lines.next().unwrap_or("");
    !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()) && cue_times(timing).is_some()
}

/// Parses subtitles; a time that cannot be read names its line.
pub fn parse(text: &str, source: &str) -> Result<Imported, ImportError> {
    let vtt = text.starts_with("WEBVTT");
    let mut blocks = Vec::new();
    let mut lines = text.lines().enumerate().peekable();
    if vtt {
        // The header: `WEBVTT` and whatever follows it up to the first blank line.
        while lines.next_if(|(_, line)| !line.trim().is_empty()).is_some() {}
    }
    while let Some((number, line)) = lines.next() {
        let line = line.trim();
        if line.is_empty() || (vtt && is_vtt_block(line)) {
            if !line.is_empty() {
                while lines.next_if(|(_, l)| !l.trim().is_empty()).is_some() {}
            }
            continue;
        }
        // An identifier (a number in SRT, anything in VTT) before the times, or the times.
        let (at, timing) = if line.contains("-->") {
            (number, line)
        } else {
            match lines.next() {
                Some((next, timing)) => (next, timing.trim()),
                None => (number, ""),
            }
        };
        let cue = cue_times(timing).ok_or_else(|| bad_times(at, timing))?;
        let mut text_lines = Vec::new();
        while let Some((_, line)) = lines.next_if(|(_, l)| !l.trim().is_empty()) {
            text_lines.push(without_tags(line.trim()));
        }
        if let Some(block) = cue_block(cue, &text_lines) {
            ImportError::too_many(blocks.len() + 1, "cues")?;
            blocks.push(block);
        }
    }
    if blocks.is_empty() {
        return Err(ImportError::Empty);
    }
    let article = Article::new(
        source.to_owned(),
        Format::Subtitles,
        Headings::default(),
        blocks,
    );
    Ok(Imported {
        article,
        warnings: Vec::new(),
    })
}

fn is_vtt_block(line: &str) -> bool {
    ["NOTE", "STYLE", "REGION"]
        .iter()
        .any(|word| line == *word || line.starts_with(&format!("{word} ")))
}

fn bad_times(line: usize, timing: &str) -> ImportError {
    let shown: String = timing.chars().take(40).collect();
    ImportError::Syntax {
        format: "subtitles",
        line: line + 1,
        message: format!("expected cue times like 00:01:02,500 --> 00:01:04,000, found '{shown}'"),
    }
}

/// A cue's block: its English lines joined by spaces, its Japanese lines joined, one sentence
/// pair of the two; `None` for a cue with no text.
fn cue_block(cue: Cue, lines: &[String]) -> Option<Block> {
    let mut en = String::new();
    let mut ja = String::new();
    for line in lines.iter().filter(|l| !l.trim().is_empty()) {
        let (side, glue) = match script_of(line) {
            Side::En => (&mut en, " "),
            Side::Ja => (&mut ja, ""),
        };
        if !side.is_empty() {
            side.push_str(glue);
        }
        side.push_str(line.trim());
    }
    let whole = |text: &str| (!text.is_empty()).then_some(0..text.len());
    let pair = SentencePair {
        en: whole(&en),
        ja: whole(&ja),
        ..SentencePair::default()
    };
    let text = Bilingual::new(Some(en), Some(ja));
    if text.is_empty() {
        return None;
    }
    let mut block = Block::paragraph(text).with_sentences(vec![pair]);
    block.marks_mut().cue = Some(cue);
    Some(block)
}

/// The start and end of a cue from its time line (`start --> end [settings]`).
fn cue_times(line: &str) -> Option<Cue> {
    let (start, rest) = line.split_once("-->")?;
    let end = rest.split_whitespace().next()?;
    let (start, end) = (timestamp(start.trim())?, timestamp(end)?);
    (start <= end).then_some(Cue { start, end })
}

/// `hh:mm:ss,mmm`, `hh:mm:ss.mmm` or `mm:ss.mmm` in milliseconds.
fn timestamp(text: &str) -> Option<u64> {
    let (clock, millis) = text.split_once([',', '.'])?;
    if millis.len() != 3 {
        return None;
    }
    let millis: u64 = digits(millis)?;
    let parts: Vec<&str> = clock.split(':').collect();
    let (hours, minutes, seconds) = match parts.as_slice() {
        [h, m, s] => (digits(h)?, digits(m)?, digits(s)?),
        [m, s] => (0, digits(m)?, digits(s)?),
        _ => return None,
    };
    if minutes > 59 || seconds > 59 {
        return None;
    }
    Some(((hours * 60 + minutes) * 60 + seconds) * 1000 + millis)
}

fn digits(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 6 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A cue line without its markup: `<…>` tags and `{\…}` overrides.
fn without_tags(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find(['<', '{']) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let close = match tail.as_bytes()[0] {
            b'<' => tag_end(tail, '>'),
            _ if tail.starts_with("{\\") => tag_end(tail, '}'),
            _ => None,
        };
        if let Some(end) = close {
            rest = &tail[end.end..];
        } else {
            out.push_str(&tail[..1]);
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Where a tag opened at the start of `tail` ends (the range of its closing character).
fn tag_end(tail: &str, close: char) -> Option<Range<usize>> {
    let end = tail.find(close)?;
    Some(end..end + close.len_utf8())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRT: &str = "1\n00:00:01,000 --> 00:00:03,500\n<i>Where are you going?</i>\nどこへ行くの？\n\n2\n00:00:04,000 --> 00:00:06,000\n{\\an8}To the sea.\n海へ。\n";

    #[test]
    fn each_cue_is_a_pair_with_its_time() {
        let article = parse(SRT, "a.srt").unwrap().article;
        assert_eq!(article.blocks.len(), 2);
        let first = &article.blocks[0];
        assert_eq!(first.text.en.as_deref(), Some("Where are you going?"));
        assert_eq!(first.text.ja.as_deref(), Some("どこへ行くの？"));
        assert_eq!(
            first.cue(),
            Some(Cue {
                start: 1000,
                end: 3500
            })
        );
        assert_eq!(first.sentence(0, Side::Ja), Some("どこへ行くの？"));
        assert_eq!(article.blocks[1].text.en.as_deref(), Some("To the sea."));
        assert!(is_subtitles(SRT));
    }

    #[test]
    fn webvtt_headers_notes_settings_and_voice_tags() {
        let vtt = "WEBVTT - a test\nKind: captions\n\nNOTE written for taiyaku's tests\nthat span two lines\n\nSTYLE\n::cue { color: yellow }\n\nintro\n00:01.000 --> 00:02.500 align:start position:10%\n<v Ken>Good <c.loud>morning</c>.</v>\n<00:01.500>おはよう。\n\n1:00:00.000 --> 1:00:01.000\nLast.\n";
        let article = parse(vtt, "a.vtt").unwrap().article;
        let texts: Vec<_> = article.blocks.iter().map(|b| b.text.clone()).collect();
        assert_eq!(
            texts[0],
            Bilingual::new(Some("Good morning.".into()), Some("おはよう。".into()))
        );
        assert_eq!(
            article.blocks[0].cue(),
            Some(Cue {
                start: 1000,
                end: 2500
            })
        );
        assert_eq!(article.blocks[1].cue().unwrap().start, 3_600_000);
        assert_eq!(article.blocks[1].cue().unwrap().label(), "1:00:00.0");
        assert_eq!(article.blocks[0].cue().unwrap().label(), "0:01.0");
        assert!(is_subtitles(vtt));
    }

    #[test]
    fn a_time_that_cannot_be_read_names_its_line() {
        let bad =
            "1\n00:00:01,000 --> 00:00:03,500\nHello.\n\n2\n00:00:04 --> 00:00:06,000\nBye.\n";
        let error = parse(bad, "a.srt").unwrap_err().to_string();
        assert_eq!(
            error,
            "bad subtitles at line 6: expected cue times like 00:01:02,500 --> 00:01:04,000, found '00:00:04 --> 00:00:06,000'"
        );
        assert!(parse("1\n00:00:05,000 --> 00:00:01,000\nBackwards.\n", "a.srt").is_err());
    }

    #[test]
    fn text_is_not_taken_for_subtitles() {
        assert!(!is_subtitles("1984\nwas a novel.\n"));
        assert!(!is_subtitles("Chapter 1\n\nIt was a bright cold day."));
        assert_eq!(without_tags("a < b and {c}"), "a < b and {c}");
    }
}
