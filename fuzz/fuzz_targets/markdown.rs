//! The Markdown renderer with leerpad's extensions (blocks, callouts, glossary marks, links).
#![no_main]

use std::collections::BTreeSet;
use std::path::Path;

use leerpad::content::markdown::{render, GlossaryMark, GlossaryTerms, MarkdownContext};
use leerpad::theme::{Strings, Templates, Theme};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    let strings = Strings::default();
    let statics: BTreeSet<String> = ["img/icon.svg".to_string()].into();
    let marks = GlossaryTerms::new(vec![
        GlossaryMark {
            term: "VK".into(),
            lower: "vk".into(),
            expansion: Some("Vertrouwenscentrum Kindermishandeling".into()),
            id: "vk".into(),
        },
        GlossaryMark {
            term: "niet-pluisgevoel".into(),
            lower: "niet-pluisgevoel".into(),
            expansion: None,
            id: "niet-pluisgevoel".into(),
        },
    ]);
    for allow_raw_html in [false, true] {
        let cx = MarkdownContext {
            path: Path::new("content/modules/01-a/01-b.md"),
            first_line: 5,
            allow_raw_html,
            page_id: "modules/a/b/",
            strings: &strings,
            glossary: Some((Path::new("content/begrippen.md"), &marks)),
            static_files: &statics,
            templates: templates(),
        };
        if let Ok(rendered) = render(body, &cx) {
            if !allow_raw_html {
                assert!(!rendered.html.contains("<script"), "raw HTML got through");
            }
        }
    }
});

/// The bundled site's templates, compiled once per fuzzing process.
fn templates() -> &'static Templates {
    static TEMPLATES: std::sync::OnceLock<Templates> = std::sync::OnceLock::new();
    TEMPLATES.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let theme = Theme::load(&root, "default", "nl").expect("the theme loads");
        Templates::compile(&theme).expect("the theme compiles")
    })
}
