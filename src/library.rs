//! The library: the articles bundled into the binary (our bilingual guide, the seed essay, and
//! an essay of ours whose English and Japanese pages come as two files, paired by the aligner),
//! and how the imported ones join them.

use crate::align::{self, article::Sentences};
use crate::article::Article;
use crate::import::import_bytes;

const BUNDLED: [(&str, &[u8]); 2] = [
    ("bundled:guide", include_bytes!("../assets/guide.json")),
    (
        "bundled:jitow-2013-12-20",
        include_bytes!("../seeds/000_c337ac50f9fe369f.txt"),
    ),
];

/// Essays bundled as two pages, English then Japanese, as their publishers put them out.
const BUNDLED_PAIRS: [[(&str, &[u8]); 2]; 1] = [[
    (
        "bundled:libraries-after-dark.en",
        include_bytes!("../assets/essay/libraries.en.txt"),
    ),
    (
        "bundled:libraries-after-dark.ja",
        include_bytes!("../assets/essay/libraries.ja.txt"),
    ),
]];

/// The bundled articles, ready to read.
pub fn bundled() -> Vec<Article> {
    let single = BUNDLED.iter().map(|&(source, bytes)| import(source, bytes));
    let paired = BUNDLED_PAIRS
        .iter()
        .map(|[(en_source, en), (ja_source, ja)]| {
            let (en, ja) = (import(en_source, en), import(ja_source, ja));
            align::article::pair(&en, &ja, &align::Model::default(), Sentences::Split).article
        });
    single.chain(paired).collect()
}

fn import(source: &str, bytes: &[u8]) -> Article {
    import_bytes(bytes, source, None)
        .unwrap_or_else(|e| panic!("bundled article {source} imports: {e}"))
        .article
}

/// Where an article of the library comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Bundled,
    Imported,
}

impl Origin {
    pub fn name(self) -> &'static str {
        match self {
            Origin::Bundled => "bundled",
            Origin::Imported => "imported",
        }
    }
}

/// The library: `listed` articles, then the `imported` ones, an imported copy of an article
/// already listed (a bundled one) counting once — as the listed one, unless the copy was
/// corrected in the reader: then the copy takes its place (and removing it brings the listed
/// one back).
pub fn merge(listed: Vec<Article>, imported: Vec<Article>) -> Vec<(Origin, Article)> {
    let mut library: Vec<(Origin, Article)> =
        listed.into_iter().map(|a| (Origin::Bundled, a)).collect();
    for article in imported {
        match library.iter_mut().find(|(_, a)| a.id == article.id) {
            Some(listed) if article.corrected => *listed = (Origin::Imported, article),
            Some(_) => {}
            None => library.push((Origin::Imported, article)),
        }
    }
    library
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_articles_import_with_titles() {
        let articles = bundled();
        assert_eq!(articles.len(), 3);
        for article in &articles {
            assert!(article.headings.title.en.is_some(), "{}", article.source);
            assert!(!article.blocks.is_empty());
        }
        assert!(
            articles[0].headings.title.ja.is_some(),
            "the guide is bilingual"
        );
    }

    #[test]
    fn the_two_page_essay_is_one_article_paired_sentence_by_sentence() {
        let essay = bundled().pop().unwrap();
        let title = &essay.headings.title;
        assert!(
            title
                .en
                .as_deref()
                .unwrap()
                .starts_with("Libraries After Dark")
        );
        assert!(title.ja.as_deref().unwrap().starts_with("夜の図書館"));
        assert_eq!(essay.headings.date_iso.as_deref(), Some("2026-06-12"));
        let paragraphs: Vec<_> = essay.blocks.iter().filter(|b| !b.is_heading()).collect();
        assert_eq!(paragraphs.len(), 6, "five paragraphs and the author's note");
        for block in &paragraphs {
            assert!(
                block.text.en.is_some() && block.text.ja.is_some(),
                "{block:?}"
            );
            assert!(block.sentences_fit());
        }
        // The quotation that ends the third paragraph is its own pair.
        let third = paragraphs[2];
        let last = third.sentences.last().unwrap();
        let ja = &third.text.ja.as_deref().unwrap()[last.ja.clone().unwrap()];
        assert!(ja.starts_with("「二つ目の言語は"), "{ja}");
    }

    #[test]
    fn an_imported_copy_of_a_bundled_article_counts_once() {
        let mut copy = bundled().remove(0);
        copy.source = "copy.json".into();
        let mut other = copy.clone();
        other.id = "other".into();
        let merged = merge(bundled(), vec![copy, other]);
        let origins: Vec<Origin> = merged.iter().map(|(o, _)| *o).collect();
        let bundled = bundled().len();
        assert_eq!(origins.len(), bundled + 1);
        assert!(origins[..bundled].iter().all(|&o| o == Origin::Bundled));
        assert_eq!(origins[bundled], Origin::Imported);
        assert_eq!(merged[bundled].1.id, "other");
    }
}
