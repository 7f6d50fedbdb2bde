//! What the app asks to have saved (`Effect`) and what it hears back (`Stored`).

use crate::app::{App, bookmarks};
use crate::article::Article;
use crate::bookmarks::{Bookmarks, Change, SavedPosition};

/// Work the app asks of the outside world.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Apply these changes to the bookmarks on disk (under the lock) and read them back.
    SaveBookmarks(Vec<Change>),
    SavePosition {
        article: String,
        position: SavedPosition,
    },
    RemoveArticle(String),
    /// Keep this article (corrected in the reader) in the library.
    SaveArticle(Box<Article>),
}

/// What became of an effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    /// The bookmarks as they are on disk now (another reader's changes included), and a
    /// warning if the file had to be set aside.
    Bookmarks(Result<(Bookmarks, Option<String>), String>),
    Position(Result<(), String>),
    ArticleRemoved(Result<(), String>),
    ArticleSaved(Result<(), String>),
}

/// What the event loop reports back.
pub fn stored(app: &mut App, stored: Stored) {
    match stored {
        Stored::Bookmarks(Ok((on_disk, set_aside))) => {
            app.bookmarks = on_disk;
            app.unsaved.clear();
            bookmarks::refresh_bookmarked(app);
            if let Some(warning) = set_aside {
                app.message = Some(warning);
            }
        }
        Stored::Bookmarks(Err(problem)) => {
            app.message = Some(format!(
                "could not save bookmarks ({problem}); kept in memory, will retry"
            ));
        }
        Stored::Position(Err(problem)) => {
            app.message = Some(format!("could not save the reading position ({problem})"));
        }
        Stored::ArticleRemoved(Err(problem)) => {
            app.message = Some(format!("could not remove the article's file ({problem})"));
        }
        Stored::ArticleSaved(Err(problem)) => {
            app.message = Some(format!(
                "could not keep the correction in the library ({problem}); it lasts until you quit"
            ));
        }
        Stored::Position(Ok(()))
        | Stored::ArticleRemoved(Ok(()))
        | Stored::ArticleSaved(Ok(())) => {}
    }
}
