//! Shared by the fenced-block targets (quiz, chart): runs one block renderer on arbitrary text.

use std::path::Path;

use leerpad::content::blocks::{BlockInput, RenderedBlock};
use leerpad::theme::Strings;
use leerpad::Error;

/// Renders `data` as a block that starts on line 7; errors must point into the file at or
/// after the block, never before it.
pub fn fuzz(data: &[u8], render: fn(&BlockInput<'_>) -> Result<RenderedBlock, Error>) {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let strings = Strings::default();
    let input = BlockInput {
        source,
        path: Path::new("content/modules/01-a/01-b.md"),
        line: 7,
        index: 0,
        page_id: "modules/a/b/",
        strings: &strings,
    };
    if let Err(error) = render(&input) {
        let at = error.location().expect("a located error");
        assert!(at.line >= 7, "{error}");
    }
}
