//! Two files, one article: which of two one-language articles is the English and which the
//! Japanese, by script or as the command line states it, and what to tell the user about it.
//!
//! An importer puts each paragraph on the side its script says, so the language a file is in is
//! read from where its text lies: the letters of its blocks on each side. A file holds one
//! language when the other side has less than a tenth of its letters (a quotation, an
//! epigraph: left out of the pair, with a warning), both when it has more — such a file is an
//! article already and is refused as half of a pair.

use std::path::Path;

use crate::article::{Article, Side};

/// A text holds both languages when its smaller side has at least one in this many of its
/// letters.
const BOTH_LANGUAGES_SHARE: usize = 10;

/// How the two files of a pair are told apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum By {
    /// By script: either file may be either language.
    Script,
    /// As stated (`--en FILE --ja FILE`): the first is the English, the second the Japanese.
    Statement,
}

/// The two files of a pair, as the command line gives them.
#[derive(Debug, Clone, Copy)]
pub struct Files<'a> {
    pub a: &'a Path,
    pub b: &'a Path,
    pub by: By,
}

/// A file's article, with the file's name as messages show it (sanitized).
#[derive(Debug)]
pub struct Named {
    pub name: String,
    pub article: Article,
}

/// The two articles of a pair on their sides, what to say about which is which
/// (`English: a.txt · Japanese: b.txt (by script)`), and what was left out.
#[derive(Debug)]
pub struct Sides {
    pub en: Article,
    pub ja: Article,
    pub said: String,
    pub warnings: Vec<String>,
}

/// Puts two files' articles on their sides: by script, or as stated. Refused, in one line that
/// names the file: a file that holds both languages or has no text, and by script two files in
/// the same language.
pub fn sides(a: Named, b: Named, by: By) -> Result<Sides, String> {
    let (a_lies, b_lies) = (language(&a)?, language(&b)?);
    let ((en, en_lies), (ja, ja_lies)) = match by {
        By::Statement => ((a, a_lies), (b, b_lies)),
        By::Script if a_lies == b_lies => {
            return Err(format!(
                "both {} and {} are {}: give --en and --ja, or an English and a Japanese file",
                a.name,
                b.name,
                a_lies.language_name()
            ));
        }
        By::Script if a_lies == Side::En => ((a, a_lies), (b, b_lies)),
        By::Script => ((b, b_lies), (a, a_lies)),
    };
    let how = match by {
        By::Script => "by script",
        By::Statement => "as given",
    };
    let said = format!("English: {} · Japanese: {} ({how})", en.name, ja.name);
    let warnings = [
        left_out(&en, en_lies, Side::En),
        left_out(&ja, ja_lies, Side::Ja),
    ]
    .into_iter()
    .flatten()
    .collect();
    Ok(Sides {
        en: moved(en.article, en_lies, Side::En),
        ja: moved(ja.article, ja_lies, Side::Ja),
        said,
        warnings,
    })
}

/// The side a file's text lies on: its one language; an error for a file in both or in none.
fn language(file: &Named) -> Result<Side, String> {
    match holds(&file.article) {
        Holds::One(side) => Ok(side),
        Holds::Both => Err(format!(
            "{} already holds both languages: open it alone",
            file.name
        )),
        Holds::Nothing => Err(format!("{} has no text to pair", file.name)),
    }
}

/// The languages an article's text is in (see the module docs).
enum Holds {
    Nothing,
    One(Side),
    Both,
}

fn holds(article: &Article) -> Holds {
    let [en, ja] = Side::BOTH.map(|side| letters(article, side));
    if en + ja == 0 {
        Holds::Nothing
    } else if en.min(ja) * BOTH_LANGUAGES_SHARE >= en + ja {
        Holds::Both
    } else if en > ja {
        Holds::One(Side::En)
    } else {
        Holds::One(Side::Ja)
    }
}

/// Whether two articles could be a pair: each in one language, not the same one.
pub fn could_pair(a: &Article, b: &Article) -> bool {
    matches!((holds(a), holds(b)), (Holds::One(x), Holds::One(y)) if x != y)
}

/// The letters (and digits) of an article's blocks on one side.
fn letters(article: &Article, side: Side) -> usize {
    article
        .blocks
        .iter()
        .filter_map(|block| block.text.get(side))
        .map(|text| text.chars().filter(|c| c.is_alphanumeric()).count())
        .sum()
}

/// The article with its text, which lies on `lies`, on the side it is read as.
fn moved(article: Article, lies: Side, read_as: Side) -> Article {
    if lies == read_as {
        article
    } else {
        article.swapped()
    }
}

/// A warning for a file's paragraphs on the other side than its text lies on: the pair leaves
/// them out.
fn left_out(file: &Named, lies: Side, read_as: Side) -> Option<String> {
    let stray = lies.other();
    let count = file
        .article
        .blocks
        .iter()
        .filter(|block| block.text.get(stray).is_some())
        .count();
    let noun = if count == 1 {
        "paragraph"
    } else {
        "paragraphs"
    };
    (count > 0).then(|| {
        format!(
            "{}: {count} {} {noun} left out (the file is read as {})",
            file.name,
            stray.language_name(),
            read_as.language_name()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Bilingual, Block, Format, Headings};

    fn named(name: &str, paragraphs: &[Bilingual]) -> Named {
        let blocks = paragraphs.iter().cloned().map(Block::paragraph).collect();
        Named {
            name: name.to_owned(),
            article: Article::new(name.into(), Format::Plain, Headings::default(), blocks),
        }
    }

    fn english(name: &str) -> Named {
        named(name, &[Bilingual::en("The talks were held in Tokyo.")])
    }

    fn japanese(name: &str) -> Named {
        named(name, &[Bilingual::ja("会談は東京で行われた。")])
    }

    #[test]
    fn by_script_either_order_gives_the_same_sides() {
        for (a, b) in [
            (english("e.txt"), japanese("j.txt")),
            (japanese("j.txt"), english("e.txt")),
        ] {
            let sides = sides(a, b, By::Script).expect("a pair");
            assert_eq!(sides.en.source, "e.txt");
            assert_eq!(sides.ja.source, "j.txt");
            assert_eq!(sides.said, "English: e.txt · Japanese: j.txt (by script)");
            assert!(sides.warnings.is_empty());
        }
    }

    #[test]
    fn two_files_in_one_language_are_refused_by_script_and_taken_as_stated() {
        let error = sides(english("a.txt"), english("b.txt"), By::Script).unwrap_err();
        assert_eq!(
            error,
            "both a.txt and b.txt are English: give --en and --ja, or an English and a Japanese file"
        );
        let sides = sides(english("a.txt"), english("b.txt"), By::Statement).expect("stated");
        assert_eq!(sides.said, "English: a.txt · Japanese: b.txt (as given)");
        let ja = &sides.ja.blocks[0].text;
        assert_eq!(ja.ja.as_deref(), Some("The talks were held in Tokyo."));
        assert_eq!(ja.en, None);
    }

    #[test]
    fn a_file_in_both_languages_or_none_is_refused() {
        let both = named(
            "both.txt",
            &[Bilingual::new(
                Some("The talks were held in Tokyo.".into()),
                Some("会談は東京で行われた。".into()),
            )],
        );
        assert_eq!(
            sides(both, japanese("j.txt"), By::Script).unwrap_err(),
            "both.txt already holds both languages: open it alone"
        );
        let empty = named("empty.txt", &[]);
        assert_eq!(
            sides(english("e.txt"), empty, By::Statement).unwrap_err(),
            "empty.txt has no text to pair"
        );
    }

    #[test]
    fn a_stray_paragraph_in_the_other_language_is_left_out_with_a_warning() {
        let long = "The talks were held in Tokyo, and they lasted for most of the day. ".repeat(3);
        let with_epigraph = named("e.txt", &[Bilingual::ja("序。"), Bilingual::en(long)]);
        let sides = sides(japanese("j.txt"), with_epigraph, By::Script).expect("a pair");
        assert_eq!(
            sides.warnings,
            ["e.txt: 1 Japanese paragraph left out (the file is read as English)"]
        );
    }
}
