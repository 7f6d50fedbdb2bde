//! Carries out the app's effects on disk and says what became of them; reading positions are
//! coalesced (`Deferred`), so that turning pages never waits for the disk.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::app::{Effect, Stored};
use crate::bookmarks::{Bookmarks, Positions, SavedPosition};
use crate::store::{SetAside, Store};

/// The shortest time between two saves of the reading positions.
pub const POSITION_INTERVAL: Duration = Duration::from_secs(1);

/// Reading positions not yet saved: the last one asked for each article, written at most once
/// per `POSITION_INTERVAL` and whenever the reader ends (`flush`).
#[derive(Debug, Default)]
pub struct Deferred {
    positions: BTreeMap<String, SavedPosition>,
    last_saved: Option<Instant>,
}

impl Deferred {
    /// Keeps a position effect for later; any other effect is handed back.
    pub fn defer(&mut self, effect: Effect) -> Option<Effect> {
        match effect {
            Effect::SavePosition { article, position } => {
                self.positions.insert(article, position);
                None
            }
            other => Some(other),
        }
    }

    /// How long until the positions kept are due, if any are kept.
    pub fn due_in(&self, now: Instant) -> Option<Duration> {
        if self.positions.is_empty() {
            return None;
        }
        let due = self.last_saved.map_or(now, |last| last + POSITION_INTERVAL);
        Some(due.saturating_duration_since(now))
    }

    /// Saves the positions kept if they are due (`force`: whenever any are kept).
    pub fn save_if_due(
        &mut self,
        store: Option<&Store>,
        now: Instant,
        force: bool,
    ) -> Option<Stored> {
        let due = self.due_in(now)?;
        if !force && !due.is_zero() {
            return None;
        }
        self.last_saved = Some(now);
        let positions = std::mem::take(&mut self.positions);
        Some(save_positions(store, positions))
    }
}

fn save_positions(store: Option<&Store>, positions: BTreeMap<String, SavedPosition>) -> Stored {
    Stored::Position(store.ok_or_else(no_folder).and_then(|store| {
        store
            .update::<Positions>(|all| all.positions.extend(positions))
            .map(|_| ())
            .map_err(|e| e.to_string())
    }))
}

fn no_folder() -> String {
    "no data folder (set TAIYAKU_DATA_DIR)".to_owned()
}

/// Runs one effect against the data folder (or reports that there is none).
pub fn perform(store: Option<&Store>, effect: Effect) -> Stored {
    match effect {
        Effect::SaveBookmarks(changes) => {
            Stored::Bookmarks(store.ok_or_else(no_folder).and_then(|store| {
                store
                    .update::<Bookmarks>(|all| changes.iter().for_each(|c| all.apply(c)))
                    .map(|(on_disk, aside)| (on_disk, aside.as_ref().map(SetAside::short)))
                    .map_err(|e| e.to_string())
            }))
        }
        Effect::SavePosition { article, position } => {
            save_positions(store, BTreeMap::from([(article, position)]))
        }
        Effect::SaveArticle(article) => Stored::ArticleSaved(
            store
                .ok_or_else(no_folder)
                .and_then(|store| store.save_article(&article).map_err(|e| e.to_string())),
        ),
        Effect::RemoveArticle(id) => Stored::ArticleRemoved(
            store
                .ok_or_else(no_folder)
                .and_then(|store| store.remove_article(&id).map_err(|e| e.to_string())),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn position(article: &str, block: usize) -> Effect {
        Effect::SavePosition {
            article: article.to_owned(),
            position: SavedPosition {
                block,
                fingerprint: String::new(),
                updated: 0,
                layout: None,
            },
        }
    }

    #[test]
    fn positions_wait_their_second_and_only_the_last_of_each_article_is_kept() {
        let mut deferred = Deferred::default();
        let start = Instant::now();
        assert_eq!(deferred.due_in(start), None, "nothing kept, nothing due");
        assert!(deferred.defer(position("a", 1)).is_none());
        assert_eq!(
            deferred.due_in(start),
            Some(Duration::ZERO),
            "the first is due at once"
        );
        assert!(deferred.save_if_due(None, start, false).is_some());
        assert!(deferred.defer(position("a", 2)).is_none());
        assert!(deferred.defer(position("a", 3)).is_none());
        assert!(deferred.defer(position("b", 7)).is_none());
        let soon = start + POSITION_INTERVAL / 2;
        assert_eq!(deferred.due_in(soon), Some(POSITION_INTERVAL / 2));
        assert!(deferred.save_if_due(None, soon, false).is_none(), "not yet");
        let kept: Vec<(&str, usize)> = deferred
            .positions
            .iter()
            .map(|(id, p)| (id.as_str(), p.block))
            .collect();
        assert_eq!(kept, [("a", 3), ("b", 7)]);
        // A forced save (the reader ends) does not wait.
        assert!(deferred.save_if_due(None, soon, true).is_some());
        assert_eq!(deferred.due_in(soon), None);
    }

    #[test]
    fn other_effects_are_handed_back() {
        let mut deferred = Deferred::default();
        let effect = Effect::RemoveArticle("x".into());
        assert_eq!(deferred.defer(effect.clone()), Some(effect));
    }
}
