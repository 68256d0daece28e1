//! The ```quiz block parser and renderer.
#![no_main]

use std::path::Path;

use leerpad::content::blocks::{quiz, BlockInput};
use leerpad::theme::Strings;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
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
    if let Err(error) = quiz::render(&input) {
        // Errors point into the file, never before the block.
        let at = error.location().expect("a located error");
        assert!(at.line >= 7, "{error}");
    }
});
