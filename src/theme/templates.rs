//! The theme's Tera templates, compiled once: pages render through them (`render`), and so do
//! the pieces of markup inside a page's body (callouts, knowledge checks, charts: `content`),
//! the way Zola renders its shortcodes. A site overrides any of them file by file.
//!
//! Owns: compiling the templates and turning a Tera failure into an error naming the template.
//! Does not: decide what a template is given (the view structs of `render::views` and of each
//! content block do).

use std::path::PathBuf;

use serde::Serialize;
use tera::{Context, Tera};

use super::Theme;
use crate::error::{Error, Location};

/// The compiled templates of a theme, with its UI strings as the global `t`.
pub struct Templates {
    tera: Tera,
    sources: Vec<TemplateSource>,
    fixed_ids: Vec<String>,
    number_format: super::NumberFormat,
}

/// A template's text and the project file it comes from, so a message about what a template
/// wrote (a link to a missing page) can point at its line.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    /// The name pages render it by, such as `base.html` or `partials/quiz.html`.
    pub name: String,
    /// Relative to the site root: the theme's file or the site's override in `templates/`.
    pub origin: PathBuf,
    pub text: String,
}

impl Templates {
    /// Compiles the theme's templates. Template errors carry Tera's explanation as their source.
    pub fn compile(theme: &Theme) -> Result<Templates, Error> {
        let mut tera = Tera::new();
        let mut sources = Vec::with_capacity(theme.templates.len());
        for file in &theme.templates {
            match std::str::from_utf8(&file.bytes) {
                Ok(text) => sources.push(TemplateSource {
                    name: file.name.clone(),
                    origin: file.origin.clone(),
                    text: text.to_string(),
                }),
                Err(_) => {
                    return Err(Error::InvalidUtf8 {
                        at: Location::file(&file.origin),
                    })
                }
            }
        }
        tera.add_raw_templates(sources.iter().map(|s| (s.name.as_str(), s.text.as_str())))
            .map_err(|source| template_error(&sources, source, "compiled"))?;
        // The UI strings are the same everywhere: give them to Tera once.
        tera.global_context().insert("t", &theme.strings);
        let fixed_ids = fixed_ids(&sources);
        Ok(Templates {
            tera,
            sources,
            fixed_ids,
            number_format: theme.strings.number_format(),
        })
    }

    /// How numbers are written in the site's language.
    pub fn number_format(&self) -> &super::NumberFormat {
        &self.number_format
    }

    /// The text and origin of every template.
    pub fn sources(&self) -> &[TemplateSource] {
        &self.sources
    }

    /// The ids the templates write as they are (`id="inhoud"`, not `id="{{ partner.id }}"`),
    /// sorted: a page may carry any of them, so no heading of a page may take one.
    pub fn fixed_ids(&self) -> &[String] {
        &self.fixed_ids
    }

    /// Renders the page template `name` with `cx`.
    pub fn render(&self, name: &str, cx: &Context) -> Result<String, Error> {
        self.tera
            .render(name, cx)
            .map_err(|source| template_error(&self.sources, source, "rendered"))
    }

    /// Renders the partial `partials/NAME.html` with `view` as `it`: the markup of one piece
    /// of a page's body.
    pub fn partial<V: Serialize>(&self, name: &str, view: &V) -> Result<String, Error> {
        let mut cx = Context::new();
        cx.insert("it", view);
        self.render(&format!("partials/{name}.html"), &cx)
    }
}

/// Every `id="…"` whose value is written out in a template, without a Tera expression in it.
fn fixed_ids(sources: &[TemplateSource]) -> Vec<String> {
    let mut ids = std::collections::BTreeSet::new();
    for source in sources {
        for (at, _) in source.text.match_indices(" id=\"") {
            let value = &source.text[at + 5..];
            let Some(end) = value.find('"') else {
                continue;
            };
            let value = &value[..end];
            let plain = value
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
            if plain && !value.is_empty() {
                ids.insert(value.to_string());
            }
        }
    }
    ids.into_iter().collect()
}

/// The name of the template an error comes from, when Tera says.
/// A Tera failure as an error at the template's file, and at its line and column when Tera
/// names a place in it.
fn template_error(sources: &[TemplateSource], error: tera::Error, action: &'static str) -> Error {
    let (name, place) = match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            (
                report.filename().to_string(),
                Some((span.start_line, span.start_col + 1)),
            )
        }
        tera::ErrorKind::MissingParent { current, .. } => (current.clone(), None),
        tera::ErrorKind::TemplateNotFound(name) => (name.clone(), None),
        _ => (String::new(), None),
    };
    let file = sources.iter().find(|s| s.name == name).map_or_else(
        || PathBuf::from("templates").join(&name),
        |s| s.origin.clone(),
    );
    let at = match place {
        Some((line, column)) if line > 0 => Location::at(file, line as u32, column as u32),
        _ => Location::file(file),
    };
    Error::Template {
        at,
        action,
        source: error.into(),
    }
}

#[cfg(test)]
impl Templates {
    /// The bundled site's templates (its theme and its overrides), compiled once, for unit tests
    /// of the stages that use them.
    pub fn bundled() -> &'static Templates {
        static BUNDLED: std::sync::OnceLock<Templates> = std::sync::OnceLock::new();
        BUNDLED.get_or_init(|| {
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
            let theme = Theme::load(root, "default", "nl").expect("the bundled theme loads");
            Templates::compile(&theme).expect("the bundled theme compiles")
        })
    }
}
