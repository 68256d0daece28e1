//! The front-matter splitter and the typed front matter of every kind of page.
#![no_main]

use std::path::Path;

use leerpad::content::front_matter::{self, LessonMeta, ModuleMeta, PageMeta, StepMeta};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("content/modules/01-a/01-b.md");
    if let Ok(split) = front_matter::split(text, path) {
        assert!(split.body_line >= 3);
        let _ = front_matter::parse::<LessonMeta>(&split, path);
        let _ = front_matter::parse::<StepMeta>(&split, path);
        let _ = front_matter::parse::<PageMeta>(&split, path);
        let _ = front_matter::parse::<ModuleMeta>(&split, path);
    }
});
