//! Where the `?` help's lines go at a terminal size: pure arithmetic shared by `update`
//! (how far the help may scroll) and the overlay (what it draws). Descriptions are shown
//! whenever a column has room for them: in columns when they fit side by side, else in
//! one column that scrolls, rather than names alone.

use super::keymap::{Action, HelpLine, Keymap};

/// The definitions under the keys (drawn by the overlay), with a blank row above them.
pub const DEFINITION_ROWS: u16 = 5 + 1;

/// Rows the help leaves in view when it can: the header's two and the footer.
const HEADER_AND_FOOTER: u16 = 3;

/// A description narrower than this says too little to be worth its room.
pub const MIN_TEXT: usize = 12;

/// The help's lines: the keymap's, without the actions the screen does not `offer` (the
/// team key with no `[teams]`, the filters of a saved response: `App::offers`).
pub fn lines(keymap: &Keymap, offers: impl Fn(Action) -> bool) -> Vec<HelpLine> {
    let mut lines = keymap.help();
    lines.retain(|l| offers(l.action));
    lines
}

/// The cells of the keys (right-aligned, 5 to 12) and of the longest name.
pub fn widths(lines: &[HelpLine]) -> (usize, usize) {
    let keys = lines.iter().map(|l| l.keys.chars().count()).max();
    let name = lines.iter().map(|l| l.name.len()).max().unwrap_or(0);
    (keys.unwrap_or(0).clamp(5, 12), name)
}

/// How the help is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    pub cols: u16,
    /// Rows of keys per column (the line under them, mouse or scroll, not counted).
    pub rows: u16,
    /// Rows of definitions with their blank row (0: no room).
    pub defs: u16,
    /// How many lines the one column can scroll (0: it all shows).
    pub scroll_max: u16,
}

/// The shape at terminal `size`: one column when it all fits with the header and the
/// footer in view, else as many as the height needs when each keeps room for
/// descriptions, else one column that fits whole over them, else one that scrolls.
pub fn shape(lines: &[HelpLine], size: (u16, u16)) -> Shape {
    let (w, h) = size;
    let n = lines.len() as u16;
    let (keys, name) = widths(lines);
    let text = |col: u16| usize::from(col).saturating_sub(keys + name + 4);
    // Two rows of border and the mouse (or scroll) line.
    let room = h.saturating_sub(3);
    let one = Shape {
        cols: 1,
        rows: n,
        defs: DEFINITION_ROWS,
        scroll_max: 0,
    };
    // The header's two rows and the footer: at 200x60 one column filled every row and
    // hid what the keys act on, where two columns fit beside each other.
    if n + DEFINITION_ROWS + HEADER_AND_FOOTER <= room {
        return one;
    }
    let cols = n.div_ceil(room.max(1)).max(2);
    let rows = n.div_ceil(cols);
    let columns_fit = text(w.saturating_sub(2) / cols) >= MIN_TEXT;
    if !columns_fit && n + DEFINITION_ROWS <= room {
        return one;
    }
    if columns_fit {
        let defs = match rows + DEFINITION_ROWS <= room {
            true => DEFINITION_ROWS,
            false => 0,
        };
        return Shape {
            cols,
            rows,
            defs,
            scroll_max: 0,
        };
    }
    // The header's first row and the footer stay in view around it.
    let rows = room.saturating_sub(2);
    Shape {
        cols: 1,
        rows,
        defs: 0,
        scroll_max: n.saturating_sub(rows),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Vec<HelpLine> {
        lines(&Keymap::default(), |_| true)
    }

    #[test]
    fn wide_terminals_keep_columns_with_descriptions() {
        let n = all().len() as u16;
        let s = shape(&all(), (160, 48));
        assert_eq!((s.cols, s.scroll_max), (2, 0));
        assert_eq!(s.rows, n.div_ceil(2));
        // At 200x60 every line shows, with its description, in as many columns as that
        // takes.
        let s = shape(&all(), (200, 60));
        assert_eq!(s.scroll_max, 0);
        assert!(s.rows * s.cols >= n, "{} x {}", s.rows, s.cols);
        // In columns, short enough to leave the header and the footer in view (one column
        // would have filled all 60 rows).
        assert!(s.cols >= 2 && s.rows + s.defs + 3 <= 60 - 3 * 2, "{s:?}");
        // A terminal too narrow for columns still shows it whole in one when it is tall
        // enough, over the header.
        let tall = n + DEFINITION_ROWS + 3;
        assert_eq!(shape(&all(), (70, tall)).scroll_max, 0);
        assert_eq!(shape(&all(), (70, tall)).cols, 1);
    }

    #[test]
    fn at_80x24_one_column_scrolls_through_every_line() {
        let n = all().len() as u16;
        let s = shape(&all(), (80, 24));
        assert_eq!((s.cols, s.rows, s.defs), (1, 19, 0));
        assert_eq!(s.scroll_max, n - 19);
        // The column has room for descriptions in the 84-cell popup cut to 78 inside.
        let (keys, name) = widths(&all());
        assert!(78 - (keys + name + 4) >= MIN_TEXT);
    }
}
