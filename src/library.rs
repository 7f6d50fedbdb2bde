//! The articles bundled into the binary: the seed essay and our bilingual guide.

use crate::article::Article;
use crate::import::{Format, import_bytes};

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
            import_bytes(bytes, source, Format::Auto)
                .unwrap_or_else(|e| panic!("bundled article {source} imports: {e}"))
                .article
        })
        .collect()
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
}
