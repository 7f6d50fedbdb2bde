//! The character a gaiji note names: JIS X 0213:2004 men-ku-ten → Unicode, and a note's code.
//!
//! The table is `assets/jisx0213.txt`, made by `tools/jisx0213.py` from Python's `euc_jis_2004`
//! codec: all of plane 1 (JIS X 0208 and the 第3水準 additions) and plane 2 (第4水準), one line
//! a row, whose lines are found on first use. A note gives its code as `U+6318` (newer texts;
//! it wins), `第3水準1-85-54` / `第4水準2-88-74`, or a bare `1-6-84`, in full-width digits too.
//! The character comes out sanitized (NFC: a compatibility ideograph becomes its unified one, as
//! it does in the text around it); a code point that is not safe to show (a control, a bidi
//! override, one sanitizing deletes) names nothing.

use std::sync::OnceLock;

use crate::text::sanitize::{CONTROL_PLACEHOLDER, sanitize};

/// The table: a `#` comment line, then `plane-row` and the row's 94 cells, each after a tab.
const TABLE: &str = include_str!("../../../assets/jisx0213.txt");
/// Rows in a plane, cells in a row.
const SIDE: usize = 94;

/// The character(s) at plane 1–2, row 1–94, cell 1–94 of JIS X 0213:2004 (a few cells are two
/// code points, a kana and U+309A); `None` outside the table or for an empty cell.
pub fn character(plane: u8, row: u8, cell: u8) -> Option<&'static str> {
    let index = |n: u8, top: usize| usize::from(n).checked_sub(1).filter(|&i| i < top);
    let cells = rows()[index(plane, 2)?][index(row, SIDE)?]?;
    cells
        .split('\t')
        .nth(index(cell, SIDE)?)
        .filter(|c| !c.is_empty())
}

/// The cells of each row of the table (its line after the label), by plane and row.
fn rows() -> &'static [[Option<&'static str>; SIDE]; 2] {
    static ROWS: OnceLock<[[Option<&str>; SIDE]; 2]> = OnceLock::new();
    ROWS.get_or_init(|| {
        let mut rows = [[None; SIDE]; 2];
        for line in TABLE.lines().filter(|line| !line.starts_with('#')) {
            let Some((label, cells)) = line.split_once('\t') else {
                continue;
            };
            let at = label.split_once('-').and_then(|(plane, row)| {
                let plane = plane.parse::<usize>().ok()?.checked_sub(1)?;
                let row = row.parse::<usize>().ok()?.checked_sub(1)?;
                (plane < 2 && row < SIDE).then_some((plane, row))
            });
            if let Some((plane, row)) = at {
                rows[plane][row] = Some(cells);
            }
        }
        rows
    })
}

/// The character a gaiji note (its text after `＃`) names by its code, sanitized: its `U+` code
/// point if that is safe to show, else its JIS X 0213 men-ku-ten (`第3水準1-85-54` or bare
/// `1-6-84`, after a `、`) if the table has it; `None` for a note without such a code.
pub fn of_note(note: &str) -> Option<String> {
    // The codes follow the description, which may hold 、 inside its 「」.
    let codes = note.rsplit_once('」').map_or(note, |(_, codes)| codes);
    let fields: Vec<String> = codes.split('、').map(half_width).collect();
    let unicode = fields
        .iter()
        .filter_map(|field| field.strip_prefix("U+"))
        .find_map(code_point);
    unicode.or_else(|| {
        fields
            .iter()
            .find_map(|field| men_ku_ten(field))
            .and_then(|(plane, row, cell)| character(plane, row, cell))
            .and_then(safe)
    })
}

/// A field of the codes, trimmed, its full-width ASCII (`１－８５`, `Ｕ＋`) made ASCII.
fn half_width(field: &str) -> String {
    field
        .trim()
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// The character of the hexadecimal code point after `U+`, if it is one and safe to show.
fn code_point(hex: &str) -> Option<String> {
    if !(4..=6).contains(&hex.len()) || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
    safe(c.encode_utf8(&mut [0; 4]))
}

/// Plane, row and cell from `第3水準1-85-54`, `第4水準2-88-74` or `1-6-84`: three numbers, so
/// that a page and line (`112-4`, `354-上-9`) is not read as one.
fn men_ku_ten(field: &str) -> Option<(u8, u8, u8)> {
    let code = match field.strip_prefix('第') {
        Some(level) => level.split_once("水準")?.1,
        None => field,
    };
    let number = |part: &str| {
        let digits = (1..=2).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit());
        digits.then(|| part.parse::<u8>().ok()).flatten()
    };
    let mut parts = code.split('-').map(number);
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(Some(plane)), Some(Some(row)), Some(Some(cell)), None) => Some((plane, row, cell)),
        _ => None,
    }
}

/// The characters sanitized, unless sanitizing would show them as something else or nothing.
fn safe(characters: &str) -> Option<String> {
    if characters.chars().any(char::is_control) {
        return None;
    }
    let clean = sanitize(characters);
    (!clean.is_empty() && !clean.contains(CONTROL_PLACEHOLDER)).then_some(clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plane_1_has_jis_x_0208_and_the_third_level() {
        assert_eq!(character(1, 1, 1), Some("\u{3000}"));
        assert_eq!(character(1, 4, 2), Some("あ"));
        assert_eq!(character(1, 16, 1), Some("亜"));
        assert_eq!(character(1, 85, 54), Some("枘"));
        assert_eq!(character(1, 94, 39), Some("鮏"));
        assert_eq!(character(1, 6, 84), Some("ㇶ"));
        assert_eq!(character(1, 94, 94), Some("繫"));
    }

    #[test]
    fn plane_2_has_the_fourth_level() {
        assert_eq!(character(2, 1, 1), Some("𠂉"));
        assert_eq!(character(2, 3, 54), Some("卺"));
        assert_eq!(character(2, 88, 74), Some("譃"));
        assert_eq!(character(2, 92, 71), Some("饍"));
        assert_eq!(character(2, 94, 86), Some("𪚲"));
    }

    #[test]
    fn a_cell_may_be_two_code_points() {
        assert_eq!(character(1, 4, 87), Some("か\u{309A}"));
        assert_eq!(character(1, 6, 88), Some("ㇷ\u{309A}"));
        assert_eq!(character(1, 11, 69), Some("\u{2E9}\u{2E5}"));
    }

    #[test]
    fn empty_cells_and_codes_outside_the_planes_are_none() {
        // The end of plane 2's last row, and its rows JIS X 0213 leaves to JIS X 0212.
        assert_eq!(character(2, 94, 87), None);
        assert_eq!(character(2, 2, 1), None);
        assert_eq!(character(2, 16, 1), None);
        for (plane, row, cell) in [(0, 1, 1), (3, 1, 1), (1, 0, 1), (1, 95, 1), (1, 1, 0)] {
            assert_eq!(character(plane, row, cell), None, "{plane}-{row}-{cell}");
        }
        assert_eq!(character(1, 1, 95), None);
    }

    #[test]
    fn the_table_has_every_character_of_jis_x_0213() {
        let cells = (1..=2)
            .flat_map(|plane| (1..=94).map(move |row| (plane, row)))
            .flat_map(|(plane, row)| (1..=94).map(move |cell| (plane, row, cell)))
            .filter_map(|(plane, row, cell)| character(plane, row, cell))
            .inspect(|c| assert!(!c.chars().any(char::is_control), "{c:?}"))
            .count();
        assert_eq!(cells, 11_233);
    }

    #[test]
    fn a_note_gives_its_character_by_level_and_men_ku_ten() {
        assert_eq!(of_note("「木＋内」、第3水準1-85-54").as_deref(), Some("枘"));
        assert_eq!(of_note("「言＋虚」、第4水準2-88-74").as_deref(), Some("譃"));
        assert_eq!(
            of_note("「木＋内」、第３水準１－８５－５４").as_deref(),
            Some("枘")
        );
        // A description may hold 「」 and 、 of its own.
        assert_eq!(
            of_note("「「木」、内」、第3水準1-85-54").as_deref(),
            Some("枘")
        );
    }

    #[test]
    fn a_note_gives_a_bare_men_ku_ten_after_its_name() {
        assert_eq!(of_note("小書き片仮名ヒ、1-6-84").as_deref(), Some("ㇶ"));
        assert_eq!(
            of_note("小書き片仮名ヒ、１－６－８４").as_deref(),
            Some("ㇶ")
        );
        assert_eq!(
            of_note("半濁点付き平仮名か、1-4-87").as_deref(),
            Some("か\u{309A}")
        );
    }

    #[test]
    fn a_unicode_code_point_wins() {
        assert_eq!(
            of_note("「てへん＋劣」、U+6318、112-4").as_deref(),
            Some("挘")
        );
        assert_eq!(
            of_note("「てへん＋劣」、Ｕ＋６３１８、112-4").as_deref(),
            Some("挘")
        );
        assert_eq!(
            of_note("「木＋内」、U+6318、第3水準1-85-54").as_deref(),
            Some("挘")
        );
        assert_eq!(of_note("「𠂉」、U+20089").as_deref(), Some("𠂉"));
        // A compatibility ideograph comes out as the text around it does: NFC.
        assert_eq!(of_note("「侮」、U+FA30").as_deref(), Some("侮"));
    }

    #[test]
    fn a_code_point_not_safe_to_show_names_nothing() {
        for note in [
            "「x」、U+D800",
            "「x」、U+001B",
            "「x」、U+0085",
            "「x」、U+202E",
            "「x」、U+200F",
            "「x」、U+110000",
        ] {
            assert_eq!(of_note(note), None, "{note}");
        }
        // Then the JIS code, if there is one.
        assert_eq!(
            of_note("「x」、U+0007、第3水準1-85-54").as_deref(),
            Some("枘")
        );
    }

    #[test]
    fn a_note_without_a_code_it_can_read_names_nothing() {
        for note in [
            "「てへん＋劣」、112-4",
            "「てへん＋劣」、354-上-9",
            "「木＋内」",
            "「木＋内」は底本では「枘」",
            "「x」、第3水準",
            "「x」、第3水準1-85",
            "「x」、第3水準1-85-54-1",
            "「x」、第3水準1-+5-54",
            "「x」、第4水準2-94-87",
            "「x」、第3水準3-1-1",
            "「x」、U+",
            "「x」、U+63",
            "「x」、U+63G8",
            "「x」、U++6318",
            "中見出し",
            "",
        ] {
            assert_eq!(of_note(note), None, "{note}");
        }
    }
}
