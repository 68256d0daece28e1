//! Makes the built site work offline: the web app manifest and the service worker.
//!
//! Owns: `site.webmanifest`, `sw.js` (at the site root, so its scope is the whole site), the list
//! of files the worker caches and the build version that names its cache.
//! Does not: render pages or decide when the worker is registered (site.js does, on http(s) only).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

use crate::config::Config;
use crate::error::Error;
use crate::render::{OutputFile, Sink};

/// The service worker's code; `files` puts the version and the file list above it.
const WORKER: &str = include_str!("offline/sw.js");

/// Files that are worth nothing offline: the worker itself and the sitemap for search engines.
const NOT_CACHED: &[&str] = &["sw.js", "sitemap.xml"];

/// The budget of what the worker fetches ahead when it installs, in raw bytes (about a quarter
/// once gzipped): a site within it is fetched whole (the bundled site: 2.0 MB raw, about 0.6 MB
/// gzip), a larger one gets the assets and as many pages as fit, shallowest first (home,
/// modules, steps, partners), and every other page or search file once it has been opened. A
/// phone that saves data or has a slow line fetches nothing ahead (src/offline/sw.js).
pub const PRECACHE_BYTES: u64 = 4 * 1024 * 1024;

/// A file's path, size and a hash of its bytes: all the worker needs to know of a file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Digest {
    pub path: String,
    pub hash: u64,
    pub bytes: u64,
}

impl Digest {
    pub fn of(file: &OutputFile) -> Digest {
        Digest {
            path: file.path.clone(),
            // XXH3 reads a large site's 300 MB at memory speed.
            hash: xxh3_64(&file.bytes),
            bytes: file.bytes.len() as u64,
        }
    }
}

/// A sink that passes files on and remembers their digests, so the worker can list them.
pub struct Recording<'a> {
    inner: &'a dyn Sink,
    digests: Mutex<Vec<Digest>>,
    /// `serve`'s rebuilds: the hashes of the last build's files, and this build's.
    kept: Option<(&'a KeptDigests, Hashes, Mutex<Hashes>)>,
}

/// The hash of each file by path, with the bytes it is the hash of.
type Hashes = HashMap<String, (Arc<Vec<u8>>, u64)>;

/// The hash of each file of the last build, for `serve`'s rebuilds: a file that a rebuild takes
/// again has the same bytes (the same `Arc`), so it has the same hash, and is not read again.
#[derive(Default)]
pub struct KeptDigests(Mutex<Hashes>);

impl<'a> Recording<'a> {
    pub fn new(inner: &'a dyn Sink) -> Self {
        Recording {
            inner,
            digests: Mutex::new(Vec::new()),
            kept: None,
        }
    }

    /// A recording that takes the hashes of `kept` again for files with the same bytes, and
    /// leaves this build's in it.
    pub fn keeping(mut self, kept: Option<&'a KeptDigests>) -> Self {
        self.kept = kept.map(|kept| {
            let last = std::mem::take(&mut *kept.0.lock().unwrap_or_else(|e| e.into_inner()));
            let now = Mutex::new(HashMap::with_capacity(last.len()));
            (kept, last, now)
        });
        self
    }

    pub fn into_digests(self) -> Vec<Digest> {
        if let Some((kept, _, now)) = self.kept {
            *kept.0.lock().unwrap_or_else(|e| e.into_inner()) =
                now.into_inner().unwrap_or_else(|e| e.into_inner());
        }
        self.digests.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn digest(&self, file: &OutputFile) -> Digest {
        let Some((_, last, now)) = &self.kept else {
            return Digest::of(file);
        };
        let digest = match last.get(&file.path) {
            Some((bytes, hash)) if Arc::ptr_eq(bytes, &file.bytes) => Digest {
                path: file.path.clone(),
                hash: *hash,
                bytes: file.bytes.len() as u64,
            },
            _ => Digest::of(file),
        };
        now.lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(file.path.clone(), (file.bytes.clone(), digest.hash));
        digest
    }
}

impl Sink for Recording<'_> {
    fn put(&self, file: OutputFile) -> Result<(), Error> {
        let digest = self.digest(&file);
        self.inner.put(file)?;
        self.digests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(digest);
        Ok(())
    }
}

/// The manifest and the service worker for a site whose other files are `files`.
pub fn files(config: &Config, files: &[Digest]) -> Vec<OutputFile> {
    let manifest = manifest(config);
    let own = Digest::of(&manifest);
    let mut cached: Vec<&Digest> = files
        .iter()
        .filter(|f| !NOT_CACHED.contains(&f.path.as_str()))
        .chain(std::iter::once(&own))
        .collect();
    cached.sort_unstable();
    // The version covers every file, also those fetched only when opened.
    let version = version(cached.iter().copied());
    let mut list: Vec<&str> = precached(&cached, &config.folders.search);
    list.sort_unstable();
    let worker = format!(
        "const VERSION = {};\nconst FILES = {};\n\n{WORKER}",
        json(&version),
        json(&list)
    );
    vec![manifest, OutputFile::new("sw.js", worker)]
}

/// The files the worker fetches when it installs: all of them up to `PRECACHE_BYTES`, else
/// the assets and the index script of the search, then pages from the shallowest, as many as
/// fit. The shards of a split search index are never fetched ahead.
fn precached<'f>(files: &[&'f Digest], search: &str) -> Vec<&'f str> {
    if files.iter().map(|f| f.bytes).sum::<u64>() <= PRECACHE_BYTES {
        return files.iter().map(|f| f.path.as_str()).collect();
    }
    let shard = |path: &str| {
        path.strip_prefix(search)
            .and_then(|rest| rest.strip_prefix('/'))
            .is_some_and(|rest| rest.contains('/'))
    };
    let mut order: Vec<&Digest> = files.iter().copied().filter(|f| !shard(&f.path)).collect();
    order.sort_by_cached_key(|f| {
        let page = f.path.ends_with(".html");
        (page, f.path.matches('/').count(), f.path.as_str())
    });
    let mut room = PRECACHE_BYTES;
    let mut out = Vec::new();
    for file in order {
        if file.bytes <= room {
            room -= file.bytes;
            out.push(file.path.as_str());
        }
    }
    out
}

/// A hash of every path and its bytes: the same build gives the same version, any change in any
/// file a new one (but for a chance of 2^-64). XXH3 (64 bits) is specified byte for byte, so the
/// version is the same on every machine and with every release of the crate.
pub fn version<'d>(files: impl IntoIterator<Item = &'d Digest>) -> String {
    let mut hash = Xxh3::new();
    for file in files {
        hash.update(file.path.as_bytes());
        // A path holds no NUL: "ab" + "c" and "a" + "bc" stay apart.
        hash.update(&[0]);
        hash.update(&file.hash.to_le_bytes());
    }
    format!("{:016x}", hash.digest())
}

#[derive(Serialize)]
struct Manifest<'a> {
    name: &'a str,
    short_name: &'a str,
    description: &'a str,
    lang: &'a str,
    start_url: &'a str,
    scope: &'a str,
    display: &'a str,
    background_color: &'a str,
    theme_color: &'a str,
    icons: [Icon<'a>; 1],
}

#[derive(Serialize)]
struct Icon<'a> {
    src: &'a str,
    sizes: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    purpose: &'a str,
}

/// The web app manifest. Its URLs are relative to the manifest, so the site may live in a folder.
fn manifest(config: &Config) -> OutputFile {
    let manifest = Manifest {
        name: &config.title,
        short_name: &config.title,
        description: &config.description,
        lang: &config.language,
        start_url: "./index.html",
        scope: "./",
        display: "standalone",
        background_color: "#ffffff",
        theme_color: "#0b57a4",
        icons: [Icon {
            src: "img/icon.svg",
            sizes: "any",
            kind: "image/svg+xml",
            purpose: "any",
        }],
    };
    let mut text = serde_json::to_string_pretty(&manifest).unwrap_or_default();
    text.push('\n');
    OutputFile::new("site.webmanifest", text)
}

fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        let mut config = Config::parse(
            "title = \"Leerpad\"\n",
            std::path::Path::new("leerpad.toml"),
        )
        .unwrap();
        config.folders.search = "zoeken".to_string();
        config
    }

    fn site() -> Vec<OutputFile> {
        vec![
            OutputFile::new("index.html", "<p>home</p>"),
            OutputFile::new("css/site.css", "body{}"),
            OutputFile::new("sitemap.xml", "<urlset/>"),
        ]
    }

    fn digests(files: &[OutputFile]) -> Vec<Digest> {
        files.iter().map(Digest::of).collect()
    }

    #[test]
    fn the_worker_lists_every_file_but_itself_and_the_sitemap() {
        let out = files(&config(), &digests(&site()));
        let worker = String::from_utf8(out[1].bytes.to_vec()).unwrap();
        assert_eq!(out[1].path, "sw.js");
        assert!(worker
            .contains("const FILES = [\"css/site.css\",\"index.html\",\"site.webmanifest\"];"));
        assert!(worker.contains("caches.open(CACHE)"));
    }

    #[test]
    fn the_version_is_the_same_for_the_same_bytes_and_changes_with_any_byte() {
        let one = files(&config(), &digests(&site()));
        assert_eq!(one, files(&config(), &digests(&site())));
        let mut changed = site();
        changed[1].bytes = b"body{ }".to_vec().into();
        let two = files(&config(), &digests(&changed));
        assert_ne!(one[1], two[1]);
        let line = |f: &OutputFile| {
            String::from_utf8_lossy(&f.bytes)
                .lines()
                .next()
                .map(str::to_string)
        };
        assert_ne!(line(&one[1]), line(&two[1]));
    }

    #[test]
    fn a_large_site_precaches_assets_and_the_shallowest_pages_and_no_shards() {
        let page = vec![b'x'; 1_000_000];
        let mut site = vec![
            OutputFile::new("css/site.css", "body{}"),
            OutputFile::new("zoeken/index.js", "manifest"),
            OutputFile::new("zoeken/docs/0.js", "shard"),
            OutputFile::new("index.html", page.clone()),
        ];
        for i in 0..20 {
            site.push(OutputFile::new(
                format!("modules/m/l{i:02}/index.html"),
                page.clone(),
            ));
        }
        site.push(OutputFile::new("modules/m/index.html", page.clone()));
        let out = files(&config(), &digests(&site));
        let worker = String::from_utf8(out[1].bytes.to_vec()).unwrap();
        let list = worker.lines().nth(1).unwrap();
        for path in [
            "css/site.css",
            "zoeken/index.js",
            "index.html",
            "modules/m/index.html",
        ] {
            assert!(list.contains(&format!("\"{path}\"")), "{path} in {list}");
        }
        assert!(!list.contains("zoeken/docs/0.js"));
        let lessons = list.matches("modules/m/l").count();
        assert!(
            (1..20).contains(&lessons),
            "{lessons} lessons fit, not all: {list}"
        );
        // The version still covers a file that is not fetched ahead.
        site[2].bytes = b"other shard".to_vec().into();
        assert_ne!(out[1], files(&config(), &digests(&site))[1]);
    }

    #[test]
    fn digests_are_the_specified_xxh3_and_see_every_byte() {
        // The reference value of XXH3-64 for no input: the same on every machine and release.
        let empty = Digest::of(&OutputFile::new("a", ""));
        assert_eq!(empty.hash, 0x2d06_8005_38d3_94c2);
        let bytes: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
        let hash = Digest::of(&OutputFile::new("a", bytes.clone())).hash;
        for i in 0..bytes.len() {
            let mut changed = bytes.clone();
            changed[i] ^= 1;
            assert_ne!(
                Digest::of(&OutputFile::new("a", changed)).hash,
                hash,
                "byte {i}"
            );
        }
    }

    #[test]
    fn the_manifest_names_the_site_and_stays_in_its_folder() {
        let out = files(&config(), &digests(&site()));
        let manifest: serde_json::Value = serde_json::from_slice(&out[0].bytes).unwrap();
        assert_eq!(manifest["name"], "Leerpad");
        assert_eq!(manifest["start_url"], "./index.html");
        assert_eq!(manifest["icons"][0]["src"], "img/icon.svg");
    }
}
