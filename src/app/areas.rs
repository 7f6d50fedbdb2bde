//! Where each screen's parts are: one function per screen, from the terminal's size, used
//! alike by `update` (page sizes, list heights), by drawing and by mouse hits, so that the three
//! never disagree.

use ratatui::layout::Rect;

use crate::layout::{GUTTER_WIDTH, Geometry};

/// Columns at the left of the panes: the current-paragraph marker, then the bookmark mark.
pub const MARGIN: u16 = 2;
/// Rows one bookmark takes on its screen: title, English, Japanese, note.
pub const ROWS_PER_BOOKMARK: u16 = 4;

/// The reader: a title bar, the panes, a status bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReaderAreas {
    pub title: Rect,
    pub panes: Rect,
    pub status: Rect,
}

pub fn reader(area: Rect) -> ReaderAreas {
    let [title, panes, status] = bars_around(area);
    ReaderAreas {
        title,
        panes,
        status,
    }
}

/// The columns of the panes (or of the title bar above them), each as tall as the area given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    pub marker: Rect,
    pub bookmark: Rect,
    pub left: Rect,
    /// Empty when one language is shown.
    pub gutter: Rect,
    /// Empty when one language is shown.
    pub right: Rect,
}

impl Columns {
    /// The columns of `geometry` in `area`, in its middle where the measure leaves it wider.
    pub fn of(area: Rect, geometry: &Geometry) -> Columns {
        let spare = area
            .width
            .saturating_sub(MARGIN.saturating_add(to_u16(geometry.width)));
        let area = Rect {
            x: area.x + spare / 2,
            width: area.width - spare,
            ..area
        };
        let [left, right] = geometry.pane_widths().map(to_u16);
        // The margin: the current-paragraph marker, then the bookmark mark.
        let margin = [Part::Cells(1), Part::Cells(MARGIN - 1)];
        if geometry.mode.is_side_by_side() {
            let panes = [left, to_u16(GUTTER_WIDTH), right].map(Part::Cells);
            let [marker, bookmark, left, gutter, right] =
                columns(area, [margin[0], margin[1], panes[0], panes[1], panes[2]]);
            Columns {
                marker,
                bookmark,
                left,
                gutter,
                right,
            }
        } else {
            let [marker, bookmark, left] = columns(area, [margin[0], margin[1], Part::Cells(left)]);
            let nothing = Rect::new(left.right(), area.y, 0, area.height);
            Columns {
                marker,
                bookmark,
                left,
                gutter: nothing,
                right: nothing,
            }
        }
    }

    /// The same columns on one row, `y`.
    #[must_use]
    pub fn on_row(&self, y: u16) -> Columns {
        let row = |r: Rect| Rect::new(r.x, y, r.width, 1);
        Columns {
            marker: row(self.marker),
            bookmark: row(self.bookmark),
            left: row(self.left),
            gutter: row(self.gutter),
            right: row(self.right),
        }
    }
}

/// A list screen (library, bookmarks): a title bar, column names (none for bookmarks), the
/// list, a summary line (the library's comparison of titles only), a status bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListAreas {
    pub title: Rect,
    pub header: Rect,
    pub list: Rect,
    pub summary: Rect,
    pub status: Rect,
}

pub fn library(area: Rect, titles: bool) -> ListAreas {
    list_screen(area, 1, u16::from(titles))
}

pub fn bookmarks(area: Rect) -> ListAreas {
    list_screen(area, 0, 0)
}

fn list_screen(area: Rect, header: u16, summary: u16) -> ListAreas {
    let [title, header, list, summary, status] = rows(
        area,
        [
            Part::Cells(1),
            Part::Cells(header),
            Part::Rest,
            Part::Cells(summary),
            Part::Cells(1),
        ],
    );
    ListAreas {
        title,
        header,
        list,
        summary,
        status,
    }
}

/// The headings screen: a title bar, the column names, the table, the credit (its lines, for an
/// article that has one), a footer that explains the selected row, a status bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeadingsAreas {
    /// The widths of the table's columns: label, English, Japanese.
    pub columns: [usize; 3],
    pub title: Rect,
    pub header: Rect,
    pub table: Rect,
    pub credit: Rect,
    pub footer: Rect,
    pub status: Rect,
}

pub fn headings(area: Rect, credit_lines: usize) -> HeadingsAreas {
    let [title, header, table, credit, footer, status] = rows(
        area,
        [
            Part::Cells(1),
            Part::Cells(1),
            Part::Rest,
            Part::Cells(u16::try_from(credit_lines).unwrap_or(u16::MAX)),
            Part::Cells(1),
            Part::Cells(1),
        ],
    );
    HeadingsAreas {
        columns: crate::headings::column_widths(usize::from(area.width.saturating_sub(1))),
        title,
        header,
        table,
        credit,
        footer,
        status,
    }
}

/// The help overlay: a framed box under the top row, `width` cells wide at most (its frame
/// included) and tall enough for `rows` lines where the terminal allows, and the text inside
/// its frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HelpAreas {
    pub popup: Rect,
    pub inner: Rect,
}

pub fn help(area: Rect, width: u16, rows: usize) -> HelpAreas {
    let width = width.min(area.width);
    let rows = u16::try_from(rows).unwrap_or(u16::MAX);
    let height = area.height.saturating_sub(2).min(rows.saturating_add(2));
    let popup = Rect::new(area.x + (area.width - width) / 2, area.y + 1, width, height);
    let inner = Rect::new(
        popup.x + 1,
        popup.y + 1,
        popup.width.saturating_sub(2),
        popup.height.saturating_sub(2),
    );
    HelpAreas { popup, inner }
}

/// One row at the top, one at the bottom, the rest between.
fn bars_around(area: Rect) -> [Rect; 3] {
    rows(area, [Part::Cells(1), Part::Rest, Part::Cells(1)])
}

/// A part of a screen's rows or columns: so many cells, or what the others leave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Cells(u16),
    Rest,
}

/// `area` cut into rows of `parts`, top to bottom.
fn rows<const N: usize>(area: Rect, parts: [Part; N]) -> [Rect; N] {
    cut(area.y, area.height, parts).map(|(y, height)| Rect::new(area.x, y, area.width, height))
}

/// `area` cut into columns of `parts`, left to right.
fn columns<const N: usize>(area: Rect, parts: [Part; N]) -> [Rect; N] {
    cut(area.x, area.width, parts).map(|(x, width)| Rect::new(x, area.y, width, area.height))
}

/// `length` cells from `start` cut into `parts`, each as (start, length): the parts of so many
/// cells get them, and the part that takes the rest whatever they leave. Where they do not all
/// fit, the outer parts (a screen's bars) are served first, from both ends inward. Where they
/// fit, what ratatui's `Layout` gives for these constraints (the tests hold them alike), by
/// sums: its constraint solver cost the first frame a quarter of a millisecond.
fn cut<const N: usize>(start: u16, length: u16, parts: [Part; N]) -> [(u16, u16); N] {
    let mut sizes = [0; N];
    let mut left = length;
    let outside_in = (0..N).map(|k| if k % 2 == 0 { k / 2 } else { N - 1 - k / 2 });
    for at in outside_in {
        if let Part::Cells(cells) = parts[at] {
            sizes[at] = cells.min(left);
            left -= sizes[at];
        }
    }
    if let Some(rest) = parts.iter().position(|part| *part == Part::Rest) {
        sizes[rest] = left;
    }
    let mut at = start;
    sizes.map(|size| {
        let piece = (at, size);
        at = at.saturating_add(size);
        piece
    })
}

fn to_u16(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// The row of `area` that screen row `y` is, counted from its top; `None` outside it.
pub fn row_in(area: Rect, y: u16) -> Option<usize> {
    (area.top()..area.bottom())
        .contains(&y)
        .then(|| usize::from(y - area.top()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Mode;
    use crate::text::AmbiguousWidth;
    use ratatui::layout::{Constraint, Layout};

    fn constraint(part: Part) -> Constraint {
        match part {
            Part::Cells(cells) => Constraint::Length(cells),
            Part::Rest => Constraint::Fill(1),
        }
    }

    #[test]
    fn cuts_are_ratatuis_layout_wherever_the_parts_fit() {
        let layouts: [&[Part]; 5] = [
            &[Part::Cells(1), Part::Rest, Part::Cells(1)],
            &[
                Part::Cells(1),
                Part::Cells(1),
                Part::Rest,
                Part::Cells(1),
                Part::Cells(1),
            ],
            &[
                Part::Cells(1),
                Part::Cells(0),
                Part::Rest,
                Part::Cells(0),
                Part::Cells(1),
            ],
            &[
                Part::Cells(1),
                Part::Cells(1),
                Part::Cells(40),
                Part::Cells(3),
                Part::Cells(41),
            ],
            &[Part::Cells(1), Part::Cells(1), Part::Cells(77)],
        ];
        for parts in layouts {
            let fixed: u16 = parts
                .iter()
                .map(|p| if let Part::Cells(c) = p { *c } else { 0 })
                .sum();
            for length in fixed..fixed + 40 {
                let area = Rect::new(3, 2, length, 7);
                let ours: Vec<Rect> = match *parts {
                    [first, second, third] => columns(area, [first, second, third]).to_vec(),
                    [first, second, third, fourth, fifth] => {
                        columns(area, [first, second, third, fourth, fifth]).to_vec()
                    }
                    _ => unreachable!("the layouts above have 3 or 5 parts"),
                };
                // With no part to take the rest, ratatui would stretch the last; we leave the
                // rest to nothing, as a part after them that takes it.
                let rest = (!parts.contains(&Part::Rest)).then_some(Constraint::Fill(1));
                let constraints = parts.iter().map(|p| constraint(*p)).chain(rest);
                let theirs = Layout::horizontal(constraints).split(area);
                assert_eq!(ours, theirs[..parts.len()], "{parts:?} in {length}");
            }
        }
    }

    #[test]
    fn cuts_too_small_serve_the_bars_first_and_never_spill() {
        for length in 0..6 {
            let [title, panes, status] = bars_around(Rect::new(0, 0, 10, length));
            assert_eq!(title.height, length.min(1));
            assert_eq!(status.height, u16::from(length >= 2));
            assert_eq!(panes.height, length.saturating_sub(2));
            assert!(status.bottom() <= length && panes.bottom() <= length);
        }
        // A credit longer than the screen: the bars stay, the credit gets what is left.
        let areas = headings(Rect::new(0, 0, 80, 10), 30);
        assert_eq!((areas.status.y, areas.status.height), (9, 1));
        assert_eq!((areas.footer.y, areas.title.y, areas.header.y), (8, 0, 1));
        assert_eq!((areas.table.height, areas.credit.height), (0, 6));
        let [a, b, c] = columns(
            Rect::new(0, 0, 5, 1),
            [Part::Cells(1), Part::Cells(1), Part::Cells(40)],
        );
        assert_eq!([a.width, b.width, c.width], [1, 0, 4]);
        assert_eq!(c.right(), 5);
    }

    #[test]
    fn the_reader_is_a_title_the_panes_and_a_status_bar() {
        let areas = reader(Rect::new(0, 0, 100, 30));
        assert_eq!(areas.title, Rect::new(0, 0, 100, 1));
        assert_eq!(areas.panes, Rect::new(0, 1, 100, 28));
        assert_eq!(areas.status, Rect::new(0, 29, 100, 1));
        let geometry = Geometry::new(98, Mode::Side, AmbiguousWidth::Narrow);
        let columns = Columns::of(areas.panes, &geometry).on_row(5);
        assert_eq!(columns.marker, Rect::new(0, 5, 1, 1));
        assert_eq!(columns.left, Rect::new(2, 5, 47, 1));
        assert_eq!(columns.gutter, Rect::new(49, 5, 3, 1));
        assert_eq!(columns.right, Rect::new(52, 5, 48, 1));
        let single = Columns::of(
            areas.panes,
            &Geometry {
                mode: Mode::En,
                ..geometry
            },
        );
        assert_eq!(single.left.width, 98);
        assert_eq!(single.right.width, 0);
        // Narrower than the area (a measure): in its middle.
        let wide = Rect::new(0, 1, 160, 28);
        let measured = Columns::of(wide, &Geometry::new(80, Mode::En, AmbiguousWidth::Narrow));
        assert_eq!((measured.marker.x, measured.left.x), (39, 41));
        assert_eq!(measured.left.width, 80);
        let pair = Columns::of(
            wide,
            &Geometry::new(123, Mode::Side, AmbiguousWidth::Narrow),
        );
        assert_eq!((pair.marker.x, pair.left.x, pair.right.x), (17, 19, 82));
        assert_eq!(pair.right.right(), 142);
    }

    #[test]
    fn lists_keep_their_bars_at_any_height() {
        let areas = library(Rect::new(0, 0, 80, 6), true);
        assert_eq!(
            [
                areas.title.y,
                areas.header.y,
                areas.list.y,
                areas.summary.y,
                areas.status.y
            ],
            [0, 1, 2, 4, 5]
        );
        assert_eq!(areas.list.height, 2);
        assert_eq!(
            bookmarks(Rect::new(0, 0, 80, 24)).list,
            Rect::new(0, 1, 80, 22)
        );
        let headings = headings(Rect::new(0, 0, 80, 24), 0);
        assert_eq!((headings.table.y, headings.table.height), (2, 20));
        assert_eq!(row_in(headings.table, 2), Some(0));
        assert_eq!(row_in(headings.table, 22), None);
        for height in 6..60 {
            let area = Rect::new(0, 0, 50, height);
            for titles in [false, true] {
                let list = library(area, titles);
                assert_eq!(list.status.y, height - 1);
                let chrome = 3 + u16::from(titles);
                assert_eq!(list.list.height, height - chrome, "{height} {titles}");
            }
            let reader = reader(area);
            assert_eq!((reader.panes.y, reader.panes.height), (1, height - 2));
            for credit in 0..=(height - 4) / 3 {
                let table = super::headings(area, usize::from(credit)).table;
                assert_eq!(table.height, height - 4 - credit);
            }
        }
    }
}
