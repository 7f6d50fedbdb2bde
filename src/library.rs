//! The library: the articles bundled into the binary (the seed essay and our bilingual guide),
//! and how the imported ones join them.

use crate::article::Article;
use crate::import::import_bytes;

const BUNDLED: [(&str, &[u8]); 2] = [
    ("bundled:guide", include_bytes!("../assets/guide.json")),
    (
        "bundled:jitow-2013-12-20",
        include_bytes!("../seeds/000_c337ac50f9fe369f.txt"),
    ),
];

/// The bundled articles, ready to read.
pub fn bundled() -> Vec<Article> {
    BUNDLED
        .iter()
        .map(|(source, bytes)| {
            import_bytes(bytes, source, None)
                .unwrap_or_else(|e| panic!("bundled article {source} imports: {e}"))
                .article
        })
        .collect()
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
/// already listed (a bundled one) counting once.
pub fn merge(listed: Vec<Article>, imported: Vec<Article>) -> Vec<(Origin, Article)> {
    let mut library: Vec<(Origin, Article)> =
        listed.into_iter().map(|a| (Origin::Bundled, a)).collect();
    for article in imported {
        if !library.iter().any(|(_, a)| a.id == article.id) {
            library.push((Origin::Imported, article));
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
        assert_eq!(articles.len(), 2);
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
    fn an_imported_copy_of_a_bundled_article_counts_once() {
        let mut copy = bundled().remove(0);
        copy.source = "copy.json".into();
        let mut other = copy.clone();
        other.id = "other".into();
        let merged = merge(bundled(), vec![copy, other]);
        let origins: Vec<Origin> = merged.iter().map(|(o, _)| *o).collect();
        assert_eq!(
            origins,
            [Origin::Bundled, Origin::Bundled, Origin::Imported]
        );
        assert_eq!(merged[2].1.id, "other");
    }
}
