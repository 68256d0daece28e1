//! Security and privacy: hostile strings from YAML and front matter come out inert or are
//! rejected at their line; no page sets cookies or loads anything from another origin.

use std::fs;
use std::path::Path;

use crate::fixture::{bundled_site, snapshot, Fixture, CONFIG};

const SCRIPT: &str = "<script>alert(1)</script>";
const ATTRIBUTE: &str = "x\" onmouseover=\"alert(1)";
const JS_URL: &str = "javascript:alert(1)";

/// A start tag as written in the output: its name and attributes with entity-decoded values.
#[derive(Debug)]
struct Tag {
    name: String,
    attributes: Vec<(String, String)>,
}

impl Tag {
    fn get(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Every start tag of `html`, read the way a browser tokenizes attributes (quoted or not).
/// Comments are skipped. Good enough for generated HTML; no external parser needed.
fn tags(html: &str) -> Vec<Tag> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(at) = html[i..].find('<') {
        i += at + 1;
        if html[i..].starts_with("!--") {
            i = html[i..].find("-->").map_or(html.len(), |e| i + e + 3);
            continue;
        }
        let name_len = html[i..]
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '-')
            .unwrap_or(html.len() - i);
        if name_len == 0 {
            continue;
        }
        let name = html[i..i + name_len].to_ascii_lowercase();
        i += name_len;
        let mut attributes = Vec::new();
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                break;
            }
            let start = i;
            while i < bytes.len() && !b" \t\n\r/>=".contains(&bytes[i]) {
                i += 1;
            }
            let attr = html[start..i].to_ascii_lowercase();
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = String::new();
            if i < bytes.len() && bytes[i] == b'=' {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                    let quote = bytes[i] as char;
                    let end = html[i + 1..].find(quote).map_or(html.len(), |e| i + 1 + e);
                    value = html[i + 1..end].to_string();
                    i = (end + 1).min(html.len());
                } else {
                    let start = i;
                    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                        i += 1;
                    }
                    value = html[start..i].to_string();
                }
            }
            if attr.is_empty() {
                i += 1;
                continue;
            }
            attributes.push((attr, decode_entities(&value)));
        }
        out.push(Tag { name, attributes });
    }
    out
}

fn decode_entities(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|&e| e < 12);
        let decoded = end.and_then(|e| {
            let entity = &rest[1..e];
            let c = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "colon" => Some(':'),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            }?;
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Everything that would make the page run the attacker's code, found in one output file.
fn active_content(path: &str, html: &str) -> Vec<String> {
    let mut found = Vec::new();
    if html.contains(SCRIPT) || html.contains("<script>alert") {
        found.push(format!("{path}: a raw <script>alert"));
    }
    for tag in tags(html) {
        for (name, value) in &tag.attributes {
            if name.starts_with("on") {
                found.push(format!("{path}: <{} {name}=…>", tag.name));
            }
            let url: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            if ["href", "src", "action", "formaction", "xlink:href", "data"]
                .contains(&name.as_str())
                && (url.starts_with("javascript:")
                    || url.starts_with("vbscript:")
                    || url.starts_with("data:text"))
            {
                found.push(format!("{path}: <{} {name}=\"{value}\">", tag.name));
            }
        }
        if tag.name == "script"
            && tag.get("src").is_none()
            && tag.get("type") != Some("application/json")
        {
            found.push(format!("{path}: an inline <script> element"));
        }
    }
    found
}

/// Asserts that no HTML, SVG or XML file of the build holds active content.
#[track_caller]
fn assert_inert(site: &Fixture) {
    let mut found = Vec::new();
    let mut pages = 0;
    for (path, bytes) in snapshot(&site.out()) {
        let path = path.display().to_string();
        if [".html", ".svg", ".xml"].iter().any(|e| path.ends_with(e)) {
            pages += 1;
            found.extend(active_content(&path, &String::from_utf8_lossy(&bytes)));
        }
    }
    assert!(pages > 5, "only {pages} pages");
    assert!(found.is_empty(), "{}", found.join("\n"));
}

fn yaml_quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// A site with the hostile strings in every free-text field that the build accepts.
fn hostile_site() -> Fixture {
    let s = yaml_quoted(SCRIPT);
    let a = yaml_quoted(ATTRIBUTE);
    let j = yaml_quoted(JS_URL);
    let partners = [
        "regions:\n  - id: vlaanderen".to_string(),
        format!("    name: {s}\n    kind: all\n  - id: sub\n    name: {a}\n    kind: subregion"),
        format!("    parent: vlaanderen\n    municipalities:\n      - name: {s}\n        postcodes: [{a}]"),
        format!("categories:\n  - id: vk\n    name: {a}\n    short: {s}"),
        format!("partners:\n  - id: vk\n    name: {s}\n    category: vk\n    regions: [vlaanderen]"),
        format!("    offers: {a}\n    steps: [begin]\n    checked: 2026-01-02"),
        format!("  - id: vk2\n    name: {a}\n    category: vk\n    regions: [sub]\n    offers: {j}\n"),
    ]
    .join("\n");
    Fixture::new()
        .file("partners.yaml", &partners)
        .file(
            "content/_index.md",
            &format!("---\ntitle: {s}\nsummary: {a}\n---\nTekst met VK en {SCRIPT}.\n"),
        )
        .file(
            "content/begrippen.md",
            &format!(
                "---\ntitle: {a}\nterms:\n  - term: VK\n    expansion: {a}\n    definition: {s}\n    synonyms: [{j}]\n  - term: {s}\n    definition: {j}\n---\nBegrippen.\n"
            ),
        )
        .file("content/over.md", &format!("---\ntitle: {j}\nsummary: {s}\n---\nOver [{JS_URL}](https://example.org/).\n"))
        .file("content/modules/01-a/_module.md", &format!("---\ntitle: {s}\nsummary: {a}\n---\nIntro {ATTRIBUTE}.\n"))
        .file(
            "content/modules/01-a/01-les.md",
            &format!(
                "---\ntitle: {a}\nsummary: {s}\npartners: [vk, vk2]\n---\n## {SCRIPT}\n\nHet VK. <img src=x onerror=alert(1)> {ATTRIBUTE}\n\n\
```quiz\nquestion: {s}\nanswers:\n  - text: {a}\n    correct: true\n    feedback: {s}\n  - text: {j}\n    correct: false\n    feedback: {a}\nexplanation: {s}\n```\n\n\
```chart\ntitle: {s}\nunit: {a}\nlabels: [{s}, {a}]\nseries:\n  - name: {j}\n    values: [1, 2]\n  - name: {s}\n    values: [3, 4]\nsource: {a}\n```\n\n\
```trainer\n{SCRIPT} {ATTRIBUTE}\n```\n\n```bespreek\n{SCRIPT}\n```\n\n> [!TIP]\n> {SCRIPT}\n"
            ),
        )
        .file(
            "content/stappen/01-begin.md",
            &format!(
                "---\ntitle: {s}\nlabel: {a}\nkind: start\nsummary: {j}\nactions:\n  - {s}\n  - {a}\nchoices:\n  - label: {s}\n    to: einde\n  - label: {a}\n    to: acuut\n---\nStart {SCRIPT}.\n"
            ),
        )
        .file("content/stappen/02-einde.md", &format!("---\ntitle: {a}\nlabel: {s}\nkind: end\n---\nKlaar.\n"))
        .file("content/stappen/03-acuut.md", &format!("---\ntitle: {j}\nlabel: {j}\nkind: urgent\nchoices:\n  - label: {s}\n    to: einde\n---\nBel 112.\n"))
}

#[test]
fn hostile_strings_in_yaml_and_front_matter_come_out_inert() {
    let site = hostile_site();
    site.build().success();
    assert_inert(&site);
    // The strings are there, escaped, so the editor sees what they typed.
    let lesson = site.read("modules/a/les/index.html");
    assert!(
        lesson.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{lesson}"
    );
    assert!(
        lesson.contains("x&quot; onmouseover=&quot;alert(1)"),
        "{lesson}"
    );
}

#[test]
fn raw_html_allowed_by_the_site_still_keeps_yaml_strings_escaped() {
    // allow_raw_html lets Markdown bodies through (the editor asked for it); front matter and
    // partners.yaml stay escaped.
    let site = hostile_site()
        .file("leerpad.toml", &format!("{CONFIG}allow_raw_html = true\n"))
        .file("content/_index.md", &format!("---\ntitle: {}\n---\nTekst.\n", yaml_quoted(SCRIPT)))
        .file("content/modules/01-a/01-les.md", &format!("---\ntitle: {}\npartners: [vk]\n---\n<b>vet</b>\n", yaml_quoted(ATTRIBUTE)))
        .file("content/over.md", "---\ntitle: Over\n---\nTekst.\n")
        .file("content/modules/01-a/_module.md", "---\ntitle: A\n---\nIntro.\n")
        .file(
            "content/stappen/01-begin.md",
            &format!("---\ntitle: {}\nlabel: B\nkind: start\nchoices:\n  - label: {}\n    to: einde\n  - label: A\n    to: acuut\n---\nStart.\n", yaml_quoted(SCRIPT), yaml_quoted(ATTRIBUTE)),
        );
    site.build().success();
    assert_inert(&site);
    assert!(site.read("modules/a/les/index.html").contains("<b>vet</b>"));
}

fn partners_with(partner_fields: &str) -> String {
    format!(
        "regions:\n  - id: vlaanderen\n    name: Vlaanderen\n    kind: all\n\
categories:\n  - id: vk\n    name: VK\n\
partners:\n  - id: vk\n    name: VK\n    category: vk\n    regions: [vlaanderen]\n{partner_fields}"
    )
}

#[test]
fn hostile_urls_phones_and_addresses_in_partners_yaml_are_rejected_at_their_line() {
    let site = Fixture::with_lessons().file(
        "partners.yaml",
        &partners_with(
            &[
                "    website: javascript:alert(1)",
                "    phone: '<script>alert(1)</script>'",
                "    email: 'a@b.be\" onmouseover=\"alert(1)'",
                "  - id: vk2",
                "    name: VK 2",
                "    category: vk",
                "    regions: [vlaanderen]",
                "    website: 'https://example.org/\" onmouseover=\"alert(1)'",
                "  - id: vk3",
                "    name: VK 3",
                "    category: vk",
                "    regions: [vlaanderen]",
                "    website: 'JavaScript://%0aalert(1)'",
                "    email: 'javascript:alert(1)//@example.org'\n",
            ]
            .join("\n"),
        ),
    );
    assert_eq!(
        site.build().errors(),
        [
            "partners.yaml:13: \"javascript:alert(1)\" is not a web address; it must start with https:// (or http://)",
            "partners.yaml:14: phone: \"<script>alert(1)</script>\" is not a phone number; use digits, spaces and + only",
            "partners.yaml:15: email: \"a@b.be\" onmouseover=\"alert(1)\" is not an e-mail address",
            "partners.yaml:20: \"https://example.org/\" onmouseover=\"alert(1)\" is not a web address; it must start with https:// (or http://)",
            "partners.yaml:25: \"JavaScript://%0aalert(1)\" is not a web address; it must start with https:// (or http://)",
            "partners.yaml:26: email: \"javascript:alert(1)//@example.org\" is not an e-mail address",
        ]
    );
}

#[test]
fn hostile_links_in_markdown_are_rejected_at_their_line() {
    let site = Fixture::with_lessons().file(
        "content/modules/01-a/02-tweede.md",
        "---\ntitle: Tweede\n---\n[a](javascript:alert(1))\n\n[b](JAVASCRIPT:alert(1))\n\n![c](data:image/svg+xml;base64,PHN2Zz4=)\n\n[d](vbscript:x)\n\n[e]: javascript:alert(2)\n\n[e]\n",
    );
    assert_eq!(
        site.build().errors(),
        [
            "content/modules/01-a/02-tweede.md:4:1: broken link \"javascript:alert(1)\": links may only use https:, http:, mailto: or tel:, not javascript:",
            "content/modules/01-a/02-tweede.md:6:1: broken link \"JAVASCRIPT:alert(1)\": links may only use https:, http:, mailto: or tel:, not JAVASCRIPT:",
            "content/modules/01-a/02-tweede.md:8:1: the image \"data:image/svg+xml;base64,PHN2Zz4=\" is not a file of the site: save it in static/ and write ![description](/name)",
            "content/modules/01-a/02-tweede.md:10:1: broken link \"vbscript:x\": links may only use https:, http:, mailto: or tel:, not vbscript:",
            "content/modules/01-a/02-tweede.md:14:1: broken link \"javascript:alert(2)\": links may only use https:, http:, mailto: or tel:, not javascript:",
        ]
    );
}

#[test]
fn a_choice_to_a_hostile_slug_is_an_unknown_step() {
    let site = Fixture::with_lessons().file(
        "content/stappen/01-begin.md",
        "---\ntitle: Begin\nlabel: Begin\nkind: start\nchoices:\n  - label: Verder\n    to: einde\n  - label: X\n    to: '<script>alert(1)</script>'\n---\nStart.\n",
    );
    let errors = site.build().errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("content/stappen/01-begin.md:9: "),
        "{errors:?}"
    );
    assert!(
        errors[0].contains("\"<script>alert(1)</script>\""),
        "{errors:?}"
    );
}

// ---- privacy: cookies and other origins ----

#[test]
fn the_theme_scripts_never_touch_cookies() {
    let js = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/js");
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(&js) {
        let entry = entry.expect("walk js");
        if entry.file_type().is_file() {
            let text = fs::read_to_string(entry.path()).expect("read js");
            for needle in [
                "document.cookie",
                "cookieStore",
                "navigator.sendBeacon",
                "XMLHttpRequest",
                "WebSocket",
                "EventSource",
            ] {
                if text.contains(needle) {
                    found.push(format!("{}: {needle}", entry.path().display()));
                }
            }
            for origin in ["http://", "https://"] {
                if text.contains(origin) {
                    found.push(format!("{}: a URL with {origin}", entry.path().display()));
                }
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// Every reference in `html` that the browser would load by itself (not a link to follow).
fn loaded_urls(html: &str) -> Vec<String> {
    let mut urls = Vec::new();
    for tag in tags(html) {
        for (name, value) in &tag.attributes {
            let loads = match name.as_str() {
                "src" | "poster" | "srcset" | "data" | "background" | "formaction" | "action"
                | "manifest" => true,
                "href" | "xlink:href" => tag.name != "a" && tag.name != "area",
                "content" => tag
                    .get("http-equiv")
                    .is_some_and(|h| h.eq_ignore_ascii_case("refresh")),
                "style" => true,
                _ => false,
            };
            if loads {
                urls.push(format!("<{} {name}=\"{value}\">", tag.name));
            }
        }
    }
    urls
}

fn is_external(reference: &str) -> bool {
    let lower = reference.to_ascii_lowercase();
    lower.contains("http:")
        || lower.contains("https:")
        || lower.contains("=\"//")
        || lower.contains("url(//")
        || lower.contains("url(\"//")
        || lower.contains("url('//")
}

#[test]
fn no_page_loads_anything_from_another_origin_and_the_csp_is_strict() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().expect("temp dir");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_leerpad"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out.path().join("site"))
        .output()
        .expect("run leerpad");
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut found = Vec::new();
    let mut pages = 0;
    for (path, bytes) in snapshot(bundled_site()) {
        let path = path.display().to_string();
        let text = String::from_utf8_lossy(&bytes);
        if path.ends_with(".html") {
            pages += 1;
            found.extend(
                loaded_urls(&text)
                    .into_iter()
                    .filter(|u| is_external(u))
                    .map(|u| format!("{path}: {u}")),
            );
            found.extend(active_content(&path, &text));
            let csp: Vec<String> = tags(&text)
                .into_iter()
                .filter(|t| {
                    t.name == "meta"
                        && t.get("http-equiv")
                            .is_some_and(|h| h.eq_ignore_ascii_case("content-security-policy"))
                })
                .filter_map(|t| t.get("content").map(str::to_string))
                .collect();
            match csp.as_slice() {
                [policy] => {
                    for rule in [
                        "default-src 'self'",
                        "script-src 'self'",
                        "object-src 'none'",
                        "base-uri 'none'",
                    ] {
                        if !policy.contains(rule) {
                            found.push(format!("{path}: the CSP lacks {rule}"));
                        }
                    }
                    for loose in ["'unsafe-inline'", "'unsafe-eval'", "http:", "https:", "*"] {
                        if policy.contains(loose) {
                            found.push(format!("{path}: the CSP allows {loose}"));
                        }
                    }
                }
                _ => found.push(format!("{path}: {} CSP meta tags", csp.len())),
            }
        } else if path.ends_with(".css") {
            for (i, line) in text.lines().enumerate() {
                let lower = line.to_ascii_lowercase();
                if (lower.contains("url(") || lower.contains("@import"))
                    && is_external(&lower.replace(' ', ""))
                {
                    found.push(format!("{path}:{}: {line}", i + 1));
                }
            }
        }
    }
    assert!(pages > 30, "only {pages} pages");
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_tag_reader_sees_what_a_browser_sees() {
    let found = active_content(
        "t.html",
        "<a href=\"java&#115;cript:x\">a</a><p title='x' onclick=y>t</p><script>z</script><script src=\"a.js\"></script>",
    );
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(active_content("t.html", "<p title=\"&quot; onmouseover=&quot;x\">ok</p>").is_empty());
    assert!(is_external("<img src=\"//cdn.example/x.png\">"));
    assert!(!is_external("<img src=\"../img/x.png\">"));
}
