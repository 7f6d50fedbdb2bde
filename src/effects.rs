//! Carries out the app's effects on disk and says what became of them; reading positions are
//! coalesced (`Deferred`) and written on a thread of their own (`PositionWriter`), so that
//! turning pages never waits for the disk.

use std::collections::BTreeMap;
use std::sync::mpsc::{self, Receiver, Sender};
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

    /// The positions kept, to be saved now, if they are due (`force`: whenever any are kept).
    pub fn take_if_due(&mut self, now: Instant, force: bool) -> Option<Batch> {
        let due = self.due_in(now)?;
        if !force && !due.is_zero() {
            return None;
        }
        self.last_saved = Some(now);
        Some(std::mem::take(&mut self.positions))
    }
}

/// Reading positions saved together, by article.
pub type Batch = BTreeMap<String, SavedPosition>;

/// Writes reading positions on a thread of its own (started at the first write), in the order
/// they are handed over, and hands back what became of each; with no thread to be had, it
/// writes them itself.
pub struct PositionWriter {
    store: Option<Store>,
    thread: Option<Writing>,
    /// What became of the batches written here, for want of a thread.
    done: Vec<Stored>,
}

/// The writing thread: batches to it, what became of them from it.
struct Writing {
    batches: Sender<Batch>,
    results: Receiver<Stored>,
    /// Handed over and not yet reported on.
    pending: usize,
}

impl PositionWriter {
    pub fn new(store: Option<&Store>) -> Self {
        Self {
            store: store.cloned(),
            thread: None,
            done: Vec::new(),
        }
    }

    /// Hands `batch` over to be written after those handed over before.
    pub fn write(&mut self, batch: Batch) {
        if self.thread.is_none() {
            self.thread = spawn_writer(self.store.clone());
        }
        let batch = match &mut self.thread {
            Some(writing) => match writing.batches.send(batch) {
                Ok(()) => {
                    writing.pending += 1;
                    return;
                }
                Err(mpsc::SendError(batch)) => batch,
            },
            None => batch,
        };
        self.done.push(save_positions(self.store.as_ref(), batch));
    }

    /// What became of the batches written since last asked, without waiting.
    pub fn written(&mut self) -> Vec<Stored> {
        let mut done = std::mem::take(&mut self.done);
        if let Some(writing) = &mut self.thread {
            let before = done.len();
            done.extend(writing.results.try_iter());
            writing.pending -= done.len() - before;
        }
        done
    }

    /// Waits until every batch handed over is written; what became of them.
    pub fn finish(&mut self) -> Vec<Stored> {
        let mut done = self.written();
        let Some(writing) = &mut self.thread else {
            return done;
        };
        while writing.pending > 0 {
            let Ok(stored) = writing.results.recv() else {
                // The thread ended without a word (it panicked): what it had is lost.
                self.thread = None;
                done.push(Stored::Position(Err(
                    "the thread writing reading positions stopped".into(),
                )));
                break;
            };
            writing.pending -= 1;
            done.push(stored);
        }
        done
    }
}

/// A thread that writes each batch it is sent to `store`, in order, and says what became of it.
fn spawn_writer(store: Option<Store>) -> Option<Writing> {
    let (batches, to_write) = mpsc::channel::<Batch>();
    let (report, results) = mpsc::channel();
    std::thread::Builder::new()
        .name("positions".into())
        .spawn(move || {
            for batch in to_write {
                if report.send(save_positions(store.as_ref(), batch)).is_err() {
                    break;
                }
            }
        })
        .ok()?;
    Some(Writing {
        batches,
        results,
        pending: 0,
    })
}

fn save_positions(store: Option<&Store>, positions: Batch) -> Stored {
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

    fn saved(block: usize) -> SavedPosition {
        SavedPosition {
            block,
            fingerprint: String::new(),
            updated: 0,
            layout: None,
        }
    }

    fn position(article: &str, block: usize) -> Effect {
        Effect::SavePosition {
            article: article.to_owned(),
            position: saved(block),
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
        assert!(deferred.take_if_due(start, false).is_some());
        assert!(deferred.defer(position("a", 2)).is_none());
        assert!(deferred.defer(position("a", 3)).is_none());
        assert!(deferred.defer(position("b", 7)).is_none());
        let soon = start + POSITION_INTERVAL / 2;
        assert_eq!(deferred.due_in(soon), Some(POSITION_INTERVAL / 2));
        assert!(deferred.take_if_due(soon, false).is_none(), "not yet");
        let kept: Vec<(&str, usize)> = deferred
            .positions
            .iter()
            .map(|(id, p)| (id.as_str(), p.block))
            .collect();
        assert_eq!(kept, [("a", 3), ("b", 7)]);
        // A forced save (the reader ends) does not wait.
        let forced = deferred.take_if_due(soon, true).expect("forced");
        assert_eq!(forced.keys().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(deferred.due_in(soon), None);
    }

    fn batch(block: usize) -> Batch {
        BTreeMap::from([("a".to_owned(), saved(block))])
    }

    #[test]
    fn the_writer_writes_in_order_and_finish_waits_for_the_last() {
        let folder = std::env::temp_dir().join(format!("taiyaku-writer-{}", std::process::id()));
        std::fs::remove_dir_all(&folder).ok();
        let store = Store::new(folder.clone());
        let mut writer = PositionWriter::new(Some(&store));
        for block in 1..=20 {
            writer.write(batch(block));
        }
        let done = writer.finish();
        assert_eq!(done.len(), 20, "one report a batch");
        assert!(done.iter().all(|d| matches!(d, Stored::Position(Ok(())))));
        assert!(writer.finish().is_empty(), "nothing left to wait for");
        let on_disk = store.load::<Positions>().0;
        assert_eq!(
            on_disk.positions["a"].block, 20,
            "the last handed over is the last written"
        );
        std::fs::remove_dir_all(&folder).ok();
    }

    #[test]
    fn a_writer_without_a_folder_says_so() {
        let mut writer = PositionWriter::new(None);
        writer.write(batch(1));
        let done = writer.finish();
        assert!(
            matches!(&done[..], [Stored::Position(Err(e))] if e.contains("TAIYAKU_DATA_DIR")),
            "{done:?}"
        );
    }

    #[test]
    fn other_effects_are_handed_back() {
        let mut deferred = Deferred::default();
        let effect = Effect::RemoveArticle("x".into());
        assert_eq!(deferred.defer(effect.clone()), Some(effect));
    }
}
