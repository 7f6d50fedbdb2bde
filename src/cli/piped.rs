//! The reader's command line when standard output is not a terminal (a pipe, a file): the
//! article is printed as `taiyaku render` prints it, as less then behaves like cat, and with no
//! file the library is printed as `taiyaku list` prints it, the screen the reader would open on.

use super::{Opened, list, print_laid_out, warn};
use crate::layout::RubyShown;
use crate::store::Store;
use crate::text::AmbiguousWidth;

/// Prints what the reader would have shown: the article the files made, or the library.
pub(super) fn print(opened: Option<Opened>, store: Option<&Store>) -> Result<(), String> {
    let Some(opened) = opened else {
        return list(store);
    };
    warn(&opened.warnings);
    // `render`'s defaults: the width and layout its own, then narrow and readings inline.
    let (width, layout) = (None, None);
    print_laid_out(
        &opened.article,
        width,
        layout,
        AmbiguousWidth::default(),
        RubyShown::default(),
    )
}
