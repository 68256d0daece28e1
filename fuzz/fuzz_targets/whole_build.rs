//! The whole build from arbitrary files in memory: config, partners and content, with the real
//! theme. The input is split at "\0\0"; chunk 0 is leerpad.toml, chunk 1 partners.yaml, and every
//! further chunk a content file whose path is picked by its first byte.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use leerpad::content::SourceFile;
use leerpad::theme::Theme;
use leerpad::{compile, Overrides, Sources};
use libfuzzer_sys::fuzz_target;

const PATHS: &[&str] = &[
    "content/_index.md",
    "content/begrippen.md",
    "content/over.md",
    "content/modules/01-a/_module.md",
    "content/modules/01-a/01-x.md",
    "content/modules/01-a/02-y.md",
    "content/modules/02-b/_module.md",
    "content/modules/02-b/01-x.md",
    "content/stappen/_index.md",
    "content/stappen/01-begin.md",
    "content/stappen/02-verder.md",
    "content/stappen/03-einde.md",
    "content/stappen/04-acuut.md",
    "content/zoeken.md",
    "content/a/b.md",
    "content/modules/01-a/03-y.md",
];

fn theme() -> &'static Theme {
    static THEME: OnceLock<Theme> = OnceLock::new();
    THEME.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        Theme::load(&root, "default", "nl").expect("the repository's theme loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let mut chunks = split(data, b"\0\0");
    let config = chunks.next().map(<[u8]>::to_vec);
    let partners = chunks.next().filter(|c| !c.is_empty()).map(<[u8]>::to_vec);
    let mut content: Vec<SourceFile> = chunks
        .filter(|c| !c.is_empty())
        .map(|c| SourceFile {
            path: PathBuf::from(PATHS[c[0] as usize % PATHS.len()]),
            bytes: c[1..].to_vec(),
        })
        .collect();
    content.sort_by(|a, b| a.path.cmp(&b.path));
    content.dedup_by(|a, b| a.path == b.path);
    let sources = Sources {
        config,
        partners,
        places: None,
        content,
        theme: theme().clone(),
        problems: Vec::new(),
    };
    match compile(sources.clone(), &Overrides::default()) {
        Ok(built) => {
            // Same input, byte-identical output.
            let again = compile(sources, &Overrides::default()).expect("a second build");
            assert!(
                built.files == again.files,
                "the output differs between two builds"
            );
        }
        Err(error) => assert!(error.count() > 0),
    }
});

fn split<'a>(data: &'a [u8], separator: &'a [u8]) -> impl Iterator<Item = &'a [u8]> {
    let mut rest = Some(data);
    std::iter::from_fn(move || {
        let current = rest?;
        match current
            .windows(separator.len())
            .position(|w| w == separator)
        {
            Some(at) => {
                rest = Some(&current[at + separator.len()..]);
                Some(&current[..at])
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}
