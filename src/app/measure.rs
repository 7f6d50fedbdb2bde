//! The measure: how wide a pane's lines get. `widen` and `narrow` change it by two full-width
//! characters (a count repeats them), from `MIN_MEASURE` up to what the window allows;
//! `reset_measure` goes back to the config's, and `:set measure=N` sets it (`reader` makes the
//! change, keeping the place).

use crate::app::App;
use crate::layout::{Geometry, MIN_MEASURE, check_measure};

/// Cells one step of `widen` or `narrow` changes the measure by: two full-width characters.
const STEP: usize = 4;

/// The measure `times` steps wider, as far as the window allows; or why the lines cannot widen.
pub(super) fn widened(app: &App, times: usize) -> Result<usize, String> {
    let (now, widest) = (in_use(app), widest(app));
    if now >= widest {
        return Err("the lines are as wide as the window".into());
    }
    Ok(now.saturating_add(STEP.saturating_mul(times)).min(widest))
}

/// The measure `times` steps narrower, `MIN_MEASURE` at least; or why the lines cannot narrow.
pub(super) fn narrowed(app: &App, times: usize) -> Result<usize, String> {
    let now = in_use(app);
    if now <= MIN_MEASURE {
        return Err(format!(
            "the lines are as narrow as they go ({MIN_MEASURE} cells)"
        ));
    }
    Ok(now
        .saturating_sub(STEP.saturating_mul(times))
        .max(MIN_MEASURE))
}

/// The measure `:set measure=N` asks for: `N` cells, or 0 for none, within the config's bounds.
pub(super) fn parsed(value: &str) -> Result<usize, String> {
    let cells = value
        .parse()
        .map_err(|_| format!("measure: a number of cells, not '{value}'"))?;
    check_measure(cells)
}

/// What the status bar says of the measure now: `lines at most 84 cells (42 full-width)`.
pub(super) fn told(app: &App) -> String {
    let (cells, widest) = (app.measure, widest(app));
    let measure = format!("lines at most {cells} cells ({} full-width)", cells / 2);
    match cells {
        0 => "lines as wide as the window (no measure)".into(),
        _ if cells == widest => format!("{measure}, as wide as the window"),
        _ if cells > widest => format!("{measure}; the window allows {widest}"),
        _ => measure,
    }
}

/// The widest a pane of the layout shown can be in the window now: at this measure the lines
/// are as wide as the window.
fn widest(app: &App) -> usize {
    let chosen = app.reader.as_ref().map_or(app.config.layout, |r| r.mode);
    let whole = Geometry {
        width: app.room(),
        ..app.geometry(chosen, false)
    };
    whole.pane_widths().into_iter().max().unwrap_or(1)
}

/// The measure the lines are laid out to: the one set, where the window allows it.
fn in_use(app: &App) -> usize {
    match app.measure {
        0 => widest(app),
        cells => cells.min(widest(app)),
    }
}
