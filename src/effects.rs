//! Carries out the app's effects on disk and says what became of them.

use crate::app::{Effect, Stored};
use crate::bookmarks::{Bookmarks, Positions};
use crate::store::{SetAside, Store};

/// Runs one effect against the data folder (or reports that there is none).
pub fn perform(store: Option<&Store>, effect: Effect) -> Stored {
    let no_folder = || "no data folder (set TAIYAKU_DATA_DIR)".to_owned();
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
            Stored::Position(store.ok_or_else(no_folder).and_then(|store| {
                store
                    .update::<Positions>(|all| {
                        all.positions.insert(article, position);
                    })
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            }))
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
