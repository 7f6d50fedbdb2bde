//! What the reader's start leaves to other threads, so that the first frame does not wait for
//! it: the whole of a long file while its preview is shown, and the library when a file is read
//! (started as `tui::Later` says).
//! What they have to say on stderr is kept for after the reader's screen is gone.

use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex, PoisonError};

use super::{FormatArg, open_alone, status_message};
use crate::app::Arrival;
use crate::article::Article;
use crate::library;
use crate::store::{SetAside, Store};

/// What the threads leave for stderr once the reader has ended: warnings, and the error that
/// ended it.
#[derive(Debug, Clone, Default)]
pub struct Behind(Arc<Mutex<Said>>);

#[derive(Debug, Default)]
struct Said {
    warnings: Vec<String>,
    error: Option<String>,
}

impl Behind {
    fn warn(&self, warnings: impl IntoIterator<Item = String>) {
        self.said().warnings.extend(warnings);
    }

    fn fail(&self, error: String) {
        self.said().error = Some(error);
    }

    fn said(&self) -> std::sync::MutexGuard<'_, Said> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The warnings said behind the screen, printed now; the error, if one ended the reader.
    pub fn report(&self) -> Result<(), String> {
        let said = std::mem::take(&mut *self.said());
        super::warn(&said.warnings);
        said.error.map_or(Ok(()), Err)
    }
}

/// Reads the whole of the file at `path` (as `open_alone` does) and sends it, or
/// `Arrival::Failed` with the error kept in `behind`.
pub fn read_whole(
    path: PathBuf,
    format: FormatArg,
    store: Option<Store>,
    arrivals: Sender<Arrival>,
    behind: Behind,
) {
    std::thread::spawn(move || {
        let arrival = match open_alone(&path, format, store.as_ref()) {
            Ok(opened) => {
                let message = status_message(opened.said, &opened.warnings);
                behind.warn(opened.warnings);
                Arrival::Article {
                    article: Box::new(opened.article),
                    message,
                }
            }
            Err(error) => {
                behind.fail(error);
                Arrival::Failed
            }
        };
        // The reader may have ended already: nobody is left to tell.
        arrivals.send(arrival).ok();
    });
}

/// Reads the library (the bundled articles, and the imported ones in `store`) and sends it.
pub fn read_library(store: Option<Store>, arrivals: Sender<Arrival>, behind: Behind) {
    std::thread::spawn(move || {
        let (bundled, imported, set_aside) = library(store.as_ref());
        behind.warn(set_aside.iter().map(ToString::to_string));
        let notices = set_aside.iter().map(SetAside::short).collect();
        arrivals
            .send(Arrival::Library {
                bundled,
                imported,
                notices,
            })
            .ok();
    });
}

/// The bundled articles, the imported ones and the library files that had to be set aside.
pub fn library(store: Option<&Store>) -> (Vec<Article>, Vec<Article>, Vec<SetAside>) {
    let (imported, set_aside) = store.map(Store::articles).unwrap_or_default();
    (library::bundled(), imported, set_aside)
}
