//! Corrections of the pairing in the reader: made at the cursor, shown at once, undone and
//! redone, and saved with the article in the library.

use crate::app::{App, Effect, Reader, bookmarks, sentence};
use crate::article::Side;
use crate::correct::{self, Correction, Edit, Place, Splice};
use crate::keymap::{Command, Context};
use crate::layout::{Layout, Position};
use crate::sentence::Sentences;

/// The corrections made in this reading, for undo and redo.
#[derive(Debug, Clone, Default)]
pub struct History {
    undo: Vec<Done>,
    redo: Vec<Done>,
}

/// A correction made, and where the cursor was before it.
#[derive(Debug, Clone)]
struct Done {
    edit: Edit,
    before: (usize, Option<(Side, usize)>),
}

/// The correction a reader command asks for.
pub(super) fn of_command(command: Command) -> Option<Correction> {
    Some(match command {
        Command::JoinPairs => Correction::JoinPairs,
        Command::SplitPair => Correction::SplitPair,
        Command::SentenceBack => Correction::SentenceBack,
        Command::SentenceOn => Correction::SentenceOn,
        Command::JoinParagraphs => Correction::JoinParagraphs,
        Command::SplitParagraph => Correction::SplitParagraph,
        Command::PairBack => Correction::PairBack,
        Command::PairOn => Correction::PairOn,
        _ => return None,
    })
}

/// Makes `correction` at the cursor, or says why it cannot be made.
pub(super) fn make(app: &mut App, correction: Correction) {
    let Some(reader) = app.reader.as_mut() else {
        return;
    };
    let Some(block) = reader.current_block() else {
        app.message = Some("the title block is not a paragraph pair".into());
        return;
    };
    let sentence = reader
        .sentence
        .as_ref()
        .filter(|cursor| cursor.block == block)
        .and_then(|cursor| cursor.at)
        .map(|at| (at.side, at.index));
    let place = Place { block, sentence };
    match correct::correct(&reader.article.blocks, correction, place) {
        Ok(edit) => {
            let done = Done {
                edit,
                before: (block, sentence),
            };
            let (block, side, offset) = done.edit.then;
            let height = app.pane_height();
            apply(app, &done.edit.splice, height, |_| {
                (block, Some((side, offset)))
            });
            if let Some(reader) = app.reader.as_mut() {
                reader.history.undo.push(done);
                reader.history.redo.clear();
            }
            app.message = Some(format!(
                "{}{}",
                said(correction),
                key_hint(app, Command::Undo)
            ));
        }
        Err(why) => app.message = Some(why),
    }
}

/// ` (undo: u)`: the key bound to `command`, as a hint after a message; nothing if unbound.
fn key_hint(app: &App, command: Command) -> String {
    let keys = app.config.keymap.describe_keys(Context::Reader, command);
    keys.map_or_else(String::new, |keys| format!(" ({}: {keys})", command.name()))
}

fn said(correction: Correction) -> &'static str {
    match correction {
        Correction::JoinPairs => "pairs joined",
        Correction::SplitPair => "pair split",
        Correction::SentenceBack => "sentence moved to the pair before",
        Correction::SentenceOn => "sentence moved to the pair after",
        Correction::JoinParagraphs => "paragraphs joined",
        Correction::SplitParagraph => "paragraph split",
        Correction::PairBack => "pair moved to the paragraph before",
        Correction::PairOn => "pair moved to the paragraph after",
    }
}

/// Undoes the last correction (`step` −1) or redoes the last undone (+1).
pub(super) fn undo_or_redo(app: &mut App, step: isize) {
    let Some(reader) = app.reader.as_mut() else {
        return;
    };
    let taken = if step < 0 {
        reader.history.undo.pop()
    } else {
        reader.history.redo.pop()
    };
    let Some(done) = taken else {
        app.message = Some(if step < 0 {
            "no correction to undo".into()
        } else {
            "no correction to redo".into()
        });
        return;
    };
    let height = app.pane_height();
    if step < 0 {
        apply(app, &done.edit.splice.inverse(), height, |reader| {
            let (block, sentence) = done.before;
            let at = sentence.and_then(|(side, index)| {
                let sentences = Sentences::of(reader.article.blocks.get(block)?);
                Some((side, sentences.side(side).get(index)?.range.start))
            });
            (block, at)
        });
        app.message = Some(format!("correction undone{}", key_hint(app, Command::Redo)));
    } else {
        let (block, side, offset) = done.edit.then;
        apply(app, &done.edit.splice, height, |_| {
            (block, Some((side, offset)))
        });
        app.message = Some("correction redone".into());
    }
    if let Some(reader) = app.reader.as_mut() {
        if step < 0 {
            reader.history.redo.push(done);
        } else {
            reader.history.undo.push(done);
        }
    }
}

/// Makes the splice's change, then puts the paragraph cursor on the block `then` names and
/// the sentence cursor, if it is on, at the side and byte offset it gives (else on the
/// block's first sentence).
fn apply(
    app: &mut App,
    splice: &Splice,
    height: usize,
    then: impl Fn(&Reader) -> (usize, Option<(Side, usize)>),
) {
    let Some(reader) = app.reader.as_mut() else {
        return;
    };
    // The sentence cursor's block may be gone: it is placed again below, if it was on.
    let sentence_on = reader.sentence.take().map(|cursor| cursor.prefer);
    splice.apply(&mut reader.article.blocks);
    changed(app);
    let Some(reader) = app.reader.as_mut() else {
        return;
    };
    let (block, at) = then(reader);
    let Some(unit) = reader.layout.unit_of_block(block) else {
        return;
    };
    reader.cursor = unit;
    match (at, sentence_on) {
        (Some((side, offset)), Some(_)) => sentence::place_at(reader, unit, side, offset),
        (None, Some(prefer)) => sentence::place_at(reader, unit, prefer, 0),
        (_, None) => {}
    }
    if reader.sentence.is_some() {
        sentence::reveal_current(reader, height);
    } else {
        reader.reveal(Position::at_unit(unit), height);
    }
}

/// After the article's blocks changed: a new layout, the bookmarks found again, the article
/// marked corrected and saved, and the library's copy replaced (the search is found again by
/// the caller).
fn changed(app: &mut App) {
    let Some(reader) = app.reader.as_mut() else {
        return;
    };
    reader.article.corrected = true;
    reader.layout = Layout::new(&reader.article, reader.layout.geometry());
    reader.cursor = reader.cursor.min(reader.layout.len().saturating_sub(1));
    let article = reader.article.clone();
    bookmarks::refresh_bookmarked(app);
    let library = &mut app.library.articles;
    match library.iter_mut().find(|a| a.id == article.id) {
        Some(kept) => *kept = article.clone(),
        None => library.push(article.clone()),
    }
    if !app.imported.contains(&article.id) {
        app.imported.push(article.id.clone());
    }
    app.effects.push(Effect::SaveArticle(Box::new(article)));
}
