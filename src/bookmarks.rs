//! Bookmarks and reading positions: what is kept of an article across runs and across edits.
//!
//! A bookmark names its paragraph by block index and by a fingerprint of the block's text. When
//! the article's file has changed, it re-attaches to the block with the same fingerprint; when
//! there is none, it is kept and shown as detached — never silently dropped.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::article::{Article, Bilingual, SharedStr, Side};
use crate::layout::Mode;
use crate::text::AmbiguousWidth;

/// Cells of each side kept as a bookmark's excerpt.
const EXCERPT_WIDTH: usize = 400;

/// Which article a bookmark belongs to, with enough to show it when the article is gone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleRef {
    pub id: String,
    #[serde(default)]
    pub title: Bilingual,
    #[serde(default)]
    pub source: String,
}

/// A marked passage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bookmark {
    pub id: String,
    pub article: ArticleRef,
    /// The block's index when the bookmark was made.
    pub block: usize,
    pub fingerprint: String,
    /// The sentence pair bookmarked, by its index in the block when the bookmark was made (it
    /// is found again by its excerpt); `None` for a whole paragraph.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentence: Option<usize>,
    /// The start of the paragraph's text on each side, or the sentence pair's text: what the
    /// screen shows, and how the passage is found again.
    #[serde(default)]
    pub excerpt: Bilingual,
    /// The whole passage on each side, which exports print; absent in bookmarks made before
    /// it was kept, and for a side longer than `MAX_PASSAGE_BYTES`, which exports find in the
    /// article instead.
    #[serde(default, skip_serializing_if = "Bilingual::is_empty")]
    pub passage: Bilingual,
    #[serde(default)]
    pub note: String,
    pub created: u64,
    pub updated: u64,
}

/// Where a bookmark's paragraph is in the article as it is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attachment {
    Block(usize),
    Detached,
}

impl Bookmark {
    /// A bookmark on `block` of `article`, made at `now`.
    pub fn new(article: &Article, block: usize, note: &str, now: u64) -> Bookmark {
        Bookmark::on(article, block, None, note, now)
    }

    /// A bookmark on `block` of `article`, or on its sentence pair `sentence`, made at `now`.
    pub fn on(
        article: &Article,
        block: usize,
        sentence: Option<usize>,
        note: &str,
        now: u64,
    ) -> Bookmark {
        let of = &article.blocks[block];
        let side_text = |side: Side| match sentence {
            Some(pair) => of.sentence(pair, side),
            None => of.text.get(side),
        };
        let excerpt = Bilingual {
            en: side_text(Side::En).map(excerpt).map(SharedStr::from),
            ja: side_text(Side::Ja).map(excerpt).map(SharedStr::from),
        };
        let whole = |side: Side| {
            let text = side_text(side)?.trim();
            (text.len() <= MAX_PASSAGE_BYTES).then(|| SharedStr::from(text))
        };
        let passage = Bilingual {
            en: whole(Side::En),
            ja: whole(Side::Ja),
        };
        let fingerprint = article.blocks[block].fingerprint();
        // A paragraph and a sentence pair of it bookmarked in the same second are two.
        let pair = sentence.map_or_else(String::new, |k| format!("-s{k}"));
        let id = format!(
            "{}-{}{pair}-{now:x}-{:x}",
            article.id,
            &fingerprint[..8],
            std::process::id()
        );
        Bookmark {
            id,
            article: ArticleRef {
                id: article.id.clone(),
                title: article.headings.title.clone(),
                source: article.source.clone(),
            },
            block,
            fingerprint,
            sentence,
            excerpt,
            passage,
            note: note.to_owned(),
            created: now,
            updated: now,
        }
    }

    /// Finds the bookmark's paragraph in `article`: its own index if the text is unchanged,
    /// else the block with the same fingerprint, else the nearest block with one side still as
    /// it was (a pair aligned again after its translation changed), else none.
    pub fn attach(&self, article: &Article) -> Attachment {
        if article.id != self.article.id {
            return Attachment::Detached;
        }
        find_block(article, self.block, &self.fingerprint)
            .or_else(|| self.one_side_unchanged(article))
            .map_or(Attachment::Detached, Attachment::Block)
    }

    /// The block nearest the bookmark's own whose text on one side still holds the
    /// bookmarked passage (by its excerpt, when that is long enough to tell passages apart): a
    /// pair aligned again after its translation changed, paragraphs joined or split by a
    /// correction.
    fn one_side_unchanged(&self, article: &Article) -> Option<usize> {
        let nearest = |found: Vec<usize>| found.into_iter().min_by_key(|&i| i.abs_diff(self.block));
        // A short excerpt ("Yes." / "はい。") could be anyone's: a sentence pair's is trusted in
        // the blocks next to the bookmark's own (where joining or splitting paragraphs moved
        // it) when a pair there has exactly its text.
        let near = self.block.saturating_sub(NEAR)
            ..self
                .block
                .saturating_add(NEAR + 1)
                .min(article.blocks.len());
        let same_pair =
            |&i: &usize| self.sentence.is_some() && self.is_a_pair_of(&article.blocks[i]);
        let anywhere = |&i: &usize| {
            self.holds_excerpt(&article.blocks[i], MIN_EXCERPT_MATCH)
                .is_some()
        };
        nearest(near.filter(same_pair).collect())
            .or_else(|| nearest((0..article.blocks.len()).filter(anywhere).collect()))
    }

    /// Whether a sentence pair of `block` has, on some side, exactly the bookmark's excerpt.
    fn is_a_pair_of(&self, block: &crate::article::Block) -> bool {
        (0..block.sentences.len()).any(|k| {
            Side::BOTH.into_iter().any(|side| {
                let text = block.sentence(k, side).map(excerpt);
                text.is_some() && text.as_deref() == self.excerpt(side)
            })
        })
    }

    /// The side of `text` (a block's, or a sentence pair's) that holds the bookmark's excerpt,
    /// if one does and the excerpt has at least `least` characters.
    fn holds_excerpt(&self, block: &crate::article::Block, least: usize) -> Option<Side> {
        Side::BOTH.into_iter().find(|&side| {
            self.excerpt(side).is_some_and(|want| {
                let want = want.strip_suffix(ELLIPSIS).unwrap_or(want);
                want.chars().count() >= least
                    && block.text.get(side).is_some_and(|text| text.contains(want))
            })
        })
    }

    /// For a bookmark on a sentence pair: the pair of `block` (where it is attached in
    /// `article`) that holds its excerpt now — the one it was made on if it still does.
    pub fn pair_in(&self, article: &Article, block: usize) -> Option<usize> {
        let made_on = self.sentence?;
        let of = article.blocks.get(block)?;
        let holds = |pair: usize| {
            Side::BOTH.into_iter().any(|side| {
                let (Some(want), Some(text)) = (self.excerpt(side), of.sentence(pair, side)) else {
                    return false;
                };
                let want = want.strip_suffix(ELLIPSIS).unwrap_or(want);
                !want.is_empty()
                    && !text.is_empty()
                    && (text.contains(want) || want.starts_with(text))
            })
        };
        if holds(made_on) {
            return Some(made_on);
        }
        (0..of.sentences.len())
            .filter(|&k| holds(k))
            .min_by_key(|&k| k.abs_diff(made_on))
    }

    /// `place` described (see `Place::describe`), with the sentence pair for a bookmark on one:
    /// `¶4 · sentence pair 2`.
    pub fn describe(&self, place: Place) -> String {
        match self.sentence {
            Some(pair) => format!(
                "{} · sentence pair {}",
                place.describe(),
                pair.saturating_add(1)
            ),
            None => place.describe(),
        }
    }

    /// Where the bookmark stands among `articles` (those of the library).
    pub fn place<'a>(&self, mut articles: impl Iterator<Item = &'a Article>) -> Place {
        let article = articles.find(|a| a.id == self.article.id);
        self.place_of(article.map(|a| self.attach(a)))
    }

    /// Where the bookmark stands, given how it attaches to its article (`None`: the article
    /// is not in the library). The stored index may come from a hand-edited file: it is never
    /// trusted in arithmetic.
    pub fn place_of(&self, attachment: Option<Attachment>) -> Place {
        let stored = self.block.saturating_add(1);
        match attachment {
            Some(Attachment::Block(block)) => Place::Attached(block + 1),
            Some(Attachment::Detached) => Place::Detached(stored),
            None => Place::Missing(stored),
        }
    }

    /// The English title, else the Japanese one, else the source.
    pub fn title(&self) -> &str {
        self.article
            .title
            .en
            .as_deref()
            .or(self.article.title.ja.as_deref())
            .unwrap_or(&self.article.source)
    }

    pub fn excerpt(&self, side: Side) -> Option<&str> {
        self.excerpt.get(side)
    }

    /// The whole passage on `side`: as kept with the bookmark, else as it is now in its
    /// article at the block where it is `attached`, else its excerpt.
    pub fn passage<'a>(
        &'a self,
        side: Side,
        attached: Option<(&'a Article, usize)>,
    ) -> Option<&'a str> {
        let in_article = || {
            let (article, block) = attached?;
            let of = &article.blocks[block];
            match self.sentence {
                Some(_) => of.sentence(self.pair_in(article, block)?, side),
                None => of.text.get(side),
            }
        };
        self.passage
            .get(side)
            .or_else(|| in_article().map(str::trim))
            .or_else(|| self.excerpt(side))
    }
}

/// The longest side of a passage kept whole with its bookmark (a paragraph is a few KiB).
const MAX_PASSAGE_BYTES: usize = 64 * 1024;

/// An excerpt shorter than this could be any passage's ("Yes.", a heading number).
const MIN_EXCERPT_MATCH: usize = 12;
/// How many blocks either side of a bookmark's own a short excerpt is looked for in.
const NEAR: usize = 2;

/// What `truncate_to` ends a cut excerpt with.
const ELLIPSIS: &str = "…";

fn excerpt(text: &str) -> String {
    let first_line = text.lines().next().unwrap_or("").trim();
    crate::text::truncate_to(first_line, EXCERPT_WIDTH, AmbiguousWidth::Narrow)
}

/// Where a bookmark's passage is, with its paragraph number (from 1; as stored when the
/// passage cannot be found).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Attached(usize),
    /// The article is there, the paragraph's text is not.
    Detached(usize),
    /// The article is not in the library.
    Missing(usize),
}

impl Place {
    /// `¶4`, `¶4 · detached` or `¶4 · article not in the library`.
    pub fn describe(self) -> String {
        match self {
            Place::Attached(n) => format!("¶{n}"),
            Place::Detached(n) => format!("¶{n} · detached"),
            Place::Missing(n) => format!("¶{n} · article not in the library"),
        }
    }

    /// `attached`, `detached` or `missing`, for scripts.
    pub fn state(self) -> &'static str {
        match self {
            Place::Attached(_) => "attached",
            Place::Detached(_) => "detached",
            Place::Missing(_) => "missing",
        }
    }

    pub fn paragraph(self) -> usize {
        match self {
            Place::Attached(n) | Place::Detached(n) | Place::Missing(n) => n,
        }
    }
}

/// All bookmarks, as stored in `bookmarks.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bookmarks {
    #[serde(default)]
    pub bookmarks: Vec<Bookmark>,
}

impl Bookmarks {
    /// Every string made safe and one line: the file may have been edited by hand.
    pub fn clean(&mut self) {
        for bookmark in &mut self.bookmarks {
            for text in [
                &mut bookmark.id,
                &mut bookmark.fingerprint,
                &mut bookmark.note,
                &mut bookmark.article.id,
                &mut bookmark.article.source,
            ] {
                *text = one_line(text);
            }
            for bilingual in [&mut bookmark.article.title, &mut bookmark.excerpt] {
                for text in [&mut bilingual.en, &mut bilingual.ja].into_iter().flatten() {
                    *text = one_line(text).into();
                }
            }
            let passage = &mut bookmark.passage;
            for text in [&mut passage.en, &mut passage.ja].into_iter().flatten() {
                *text = crate::text::sanitize(text).into();
            }
        }
    }
}

/// Sanitized, with its line breaks turned into spaces.
pub fn one_line(text: &str) -> String {
    crate::text::sanitize(text).replace('\n', " ")
}

/// One change to the bookmarks; applying it twice is the same as once, so changes from two
/// running readers merge.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(
    clippy::large_enum_variant,
    reason = "a change lives until it is saved, a handful at a time"
)]
pub enum Change {
    Add(Bookmark),
    Remove(String),
    SetNote { id: String, note: String, at: u64 },
}

impl Bookmarks {
    pub fn apply(&mut self, change: &Change) {
        match change {
            Change::Add(bookmark) => {
                if !self.bookmarks.iter().any(|b| b.id == bookmark.id) {
                    self.bookmarks.push(bookmark.clone());
                }
            }
            Change::Remove(id) => self.bookmarks.retain(|b| &b.id != id),
            Change::SetNote { id, note, at } => {
                if let Some(b) = self.bookmarks.iter_mut().find(|b| &b.id == id) {
                    b.note.clone_from(note);
                    b.updated = *at;
                }
            }
        }
    }

    /// Newest first (by creation), as the bookmarks screen lists them.
    pub fn newest_first(&self) -> Vec<&Bookmark> {
        let mut list: Vec<&Bookmark> = self.bookmarks.iter().collect();
        list.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| b.id.cmp(&a.id)));
        list
    }

    /// The bookmarks of one article.
    pub fn of_article<'a>(&'a self, article: &'a str) -> impl Iterator<Item = &'a Bookmark> + 'a {
        self.bookmarks
            .iter()
            .filter(move |b| b.article.id == article)
    }

    /// The blocks of `article` that carry an attached bookmark, in order, each once.
    pub fn bookmarked_blocks(&self, article: &Article) -> Vec<usize> {
        let mut blocks: Vec<usize> = self
            .of_article(&article.id)
            .filter_map(|b| match b.attach(article) {
                Attachment::Block(block) => Some(block),
                Attachment::Detached => None,
            })
            .collect();
        blocks.sort_unstable();
        blocks.dedup();
        blocks
    }

    /// The bookmark on `block` of `article` (on the whole paragraph), if there is one.
    pub fn on_block(&self, article: &Article, block: usize) -> Option<&Bookmark> {
        self.on_pair(article, block, None)
    }

    /// The bookmark on sentence pair `pair` of `block` (`None`: on the whole paragraph).
    pub fn on_pair(
        &self,
        article: &Article,
        block: usize,
        pair: Option<usize>,
    ) -> Option<&Bookmark> {
        self.bookmarks.iter().find(|b| {
            b.attach(article) == Attachment::Block(block)
                && b.sentence.is_some() == pair.is_some()
                && (pair.is_none() || b.pair_in(article, block) == pair)
        })
    }
}

/// Where each article was left, as stored in `positions.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Positions {
    #[serde(default)]
    pub positions: BTreeMap<String, SavedPosition>,
}

/// The paragraph an article was left at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedPosition {
    pub block: usize,
    pub fingerprint: String,
    pub updated: u64,
    /// The layout chosen for the article (`stacked`), when it is not the one it opens in by
    /// default. Kept as a name, so that a name this taiyaku does not know is ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<String>,
}

impl SavedPosition {
    pub fn new(article: &Article, block: usize, now: u64) -> Self {
        Self {
            block,
            fingerprint: article
                .blocks
                .get(block)
                .map(crate::article::Block::fingerprint)
                .unwrap_or_default(),
            updated: now,
            layout: None,
        }
    }

    /// The position with the layout chosen for the article (`None`: its default).
    #[must_use]
    pub fn with_layout(mut self, layout: Option<Mode>) -> Self {
        self.layout = layout.map(|mode| mode.name().to_owned());
        self
    }

    /// The layout chosen for the article, if one was and this taiyaku knows it.
    pub fn layout(&self) -> Option<Mode> {
        self.layout.as_deref()?.parse().ok()
    }

    /// Whether the block saved is in `article`, at its index.
    pub fn is_in(&self, article: &Article) -> bool {
        article
            .blocks
            .get(self.block)
            .is_some_and(|b| b.fingerprint() == self.fingerprint)
    }

    /// The block to reopen at: the same text (where it was, else where it moved), else the
    /// same index, within range.
    pub fn block_in(&self, article: &Article) -> usize {
        find_block(article, self.block, &self.fingerprint)
            .unwrap_or(self.block)
            .min(article.blocks.len().saturating_sub(1))
    }
}

/// The block whose text has `fingerprint`: the one at `index` if it still does (repeated text,
/// such as separators, must not send a reader to its first copy), else the first that does.
fn find_block(article: &Article, index: usize, fingerprint: &str) -> Option<usize> {
    let same = |i: usize| {
        article
            .blocks
            .get(i)
            .is_some_and(|b| b.fingerprint() == fingerprint)
    };
    if same(index) {
        return Some(index);
    }
    (0..article.blocks.len()).find(|&i| same(i))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::Format;
    use crate::article::{Block, Headings};

    fn article(paragraphs: &[&str]) -> Article {
        let blocks = paragraphs
            .iter()
            .map(|p| Block::paragraph(Bilingual::en(*p)))
            .collect();
        let headings = Headings {
            title: Bilingual::en("T"),
            ..Headings::default()
        };
        Article::new("t".into(), Format::Plain, headings, blocks)
    }

    #[test]
    fn bookmarks_reattach_by_fingerprint_or_detach() {
        let before = article(&["one", "two", "three"]);
        let mark = Bookmark::new(&before, 1, "note", 10);
        assert_eq!(mark.attach(&before), Attachment::Block(1));
        let moved = article(&["zero", "one", "two", "three"]);
        assert_eq!(mark.attach(&moved), Attachment::Block(2));
        let edited = article(&["one", "two, edited", "three"]);
        assert_eq!(mark.attach(&edited), Attachment::Detached);
    }

    #[test]
    fn a_pair_whose_translation_changed_keeps_its_bookmark_by_the_other_side() {
        let pair = |en: &str, ja: &str| {
            Block::paragraph(Bilingual::new(Some(en.to_owned()), Some(ja.to_owned())))
        };
        let headings = Headings {
            title: Bilingual::en("T"),
            ..Headings::default()
        };
        let blocks = vec![
            pair("The first paragraph is here.", "最初の段落はここにある。"),
            pair("The second paragraph follows.", "二番目の段落が続く。"),
        ];
        let before = Article::new("t".into(), Format::Plain, headings.clone(), blocks);
        let mark = Bookmark::new(&before, 1, "", 10);
        let mut blocks = before.blocks.clone();
        blocks[1] = pair(
            "The second paragraph follows.",
            "二番目の段落が続く。追記。",
        );
        blocks.insert(0, pair("A new opening paragraph.", "新しい冒頭。"));
        let realigned = Article::new("t".into(), Format::Plain, headings.clone(), blocks);
        assert_eq!(mark.attach(&realigned), Attachment::Block(2));
        // Both sides changed: no longer the same passage.
        let mut blocks = before.blocks.clone();
        blocks[1] = pair("The second paragraph, rewritten.", "書き直された段落。");
        let rewritten = Article::new("t".into(), Format::Plain, headings, blocks);
        assert_eq!(mark.attach(&rewritten), Attachment::Detached);
    }

    #[test]
    fn changes_apply_once() {
        let a = article(&["one"]);
        let mark = Bookmark::new(&a, 0, "", 5);
        let mut all = Bookmarks::default();
        all.apply(&Change::Add(mark.clone()));
        all.apply(&Change::Add(mark.clone()));
        assert_eq!(all.bookmarks.len(), 1);
        all.apply(&Change::SetNote {
            id: mark.id.clone(),
            note: "注".into(),
            at: 9,
        });
        assert_eq!(all.bookmarks[0].note, "注");
        assert_eq!(all.bookmarks[0].updated, 9);
        all.apply(&Change::Remove(mark.id.clone()));
        all.apply(&Change::Remove(mark.id));
        assert!(all.bookmarks.is_empty());
    }

    #[test]
    fn repeated_text_keeps_its_own_place() {
        let a = article(&["＊", "one", "＊", "two", "＊"]);
        let saved = SavedPosition::new(&a, 4, 1);
        assert_eq!(saved.block_in(&a), 4);
        let mark = Bookmark::new(&a, 2, "", 1);
        assert_eq!(mark.attach(&a), Attachment::Block(2));
    }

    #[test]
    fn positions_follow_the_text() {
        let a = article(&["one", "two", "three"]);
        let saved = SavedPosition::new(&a, 2, 1);
        assert_eq!(saved.block_in(&article(&["new", "one", "two", "three"])), 3);
        assert_eq!(saved.block_in(&article(&["x", "y", "z"])), 2);
        assert_eq!(saved.block_in(&article(&["x"])), 0);
    }
}
