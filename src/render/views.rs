//! The template contract: what each template gets, as plain serialisable structs.
//!
//! Owns: turning domain values into views with ready-made relative links.
//! Does not: call Tera. Domain types can change without templates noticing, as long as these
//! views stay the same.

use std::collections::HashMap;

use serde::Serialize;

use crate::content::front_matter::{StepKind, StepMeta};
use crate::partners::{tel_url, Directory, Partner, RegionKind};
use crate::site::{relative_url, Module, Page, Site};

/// Settings every page shows.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub lang: &'a str,
    pub steps_note: &'a str,
}

/// A link in the footer of every page: a free page whose front matter has `footer: LABEL`.
#[derive(Serialize)]
pub struct FooterLink<'a> {
    pub label: &'a str,
    /// From the site root, as `root` is (the 404 page's root is the base URL).
    pub path: String,
}

/// The footer links, in the order of the pages' files.
pub fn footer_links(site: &Site) -> Vec<FooterLink<'_>> {
    site.free_pages()
        .iter()
        .filter_map(|page| {
            Some(FooterLink {
                label: page.kind.as_page()?.footer.as_deref()?,
                path: format!("{}index.html", page.url),
            })
        })
        .collect()
}

/// A link to another page, relative to the page that shows it.
/// A link from the page at `from` to the page at `to` (folder URLs from the site root): in a
/// template the relative URL, `relative_url(from, to)`. A page's key takes the two URLs it is
/// made from instead (`key::Key` is not human-readable), which costs less than making it.
#[derive(Clone, Copy)]
pub struct Href<'a> {
    pub from: &'a str,
    pub to: &'a str,
}

impl Serialize for Href<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.serialize_str(&relative_url(self.from, self.to))
        } else {
            (self.from, self.to).serialize(serializer)
        }
    }
}

/// A page's rendered body, or one of its print forms. In a template its HTML; in a page's key
/// (not human-readable) the page's `digest`, which stands for all of its rendered forms (see
/// `site::Page::digest`), so that a key does not hash every body again on every save. Without
/// a digest (0) the HTML itself.
#[derive(Clone, Copy)]
pub struct Body<'a> {
    pub html: &'a str,
    pub digest: u64,
}

impl<'a> Body<'a> {
    /// A body keyed by its text: for the handout's small parts, which stay the same through
    /// most edits of a lesson (its page need not be made again then).
    pub fn text(html: &'a str) -> Body<'a> {
        Body { html, digest: 0 }
    }

    pub fn of(html: &'a str, page: &Page) -> Body<'a> {
        Body {
            html,
            digest: page.digest,
        }
    }
}

impl Serialize for Body<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() || self.digest == 0 {
            serializer.serialize_str(self.html)
        } else {
            serializer.serialize_u64(self.digest)
        }
    }
}

#[derive(Serialize, Clone)]
pub struct LinkView<'a> {
    pub title: &'a str,
    pub href: Href<'a>,
}

#[derive(Serialize)]
pub struct LessonLinkView<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub minutes: u32,
    pub href: Href<'a>,
    /// The progress key: the lesson's URL, stable across builds.
    pub key: &'a str,
    pub quizzes: usize,
}

#[derive(Serialize)]
pub struct ModuleCardView<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub href: Href<'a>,
    pub key: &'a str,
    pub minutes: u32,
    pub lessons: Vec<LessonLinkView<'a>>,
}

#[derive(Serialize, Clone)]
pub struct PartnerView {
    pub id: String,
    pub name: String,
    pub category: String,
    pub category_id: String,
    pub category_short: String,
    pub offers: String,
    /// The first sentence of `offers`, for one-line entries.
    pub offers_short: String,
    /// The name with its category's name shortened to the category's short name
    /// ("Vertrouwenscentrum Kindermishandeling Limburg" → "VK Limburg"), for one-line entries.
    pub short_name: String,
    pub ages: String,
    pub age_from: Option<u32>,
    pub age_to: Option<u32>,
    /// "ja", "nee" or "" (unknown).
    pub anonymous: String,
    pub website: String,
    pub phone: String,
    pub phone_href: String,
    pub email: String,
    pub email_href: String,
    pub checked: String,
    pub regions: Vec<String>,
    pub region_ids: Vec<String>,
    /// True when the partner serves every region.
    pub everywhere: bool,
    pub steps: Vec<String>,
    pub urgent: bool,
}

#[derive(Serialize)]
pub struct RegionView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub kind: &'static str,
    pub parent: &'a str,
    pub href: String,
    pub municipalities: Vec<MunicipalityView<'a>>,
    /// The postcode ranges of a province, "1500–1999, 3000–3499"; "" when it has none.
    pub postcode_ranges: String,
}

#[derive(Serialize)]
pub struct MunicipalityView<'a> {
    pub name: &'a str,
    pub postcodes: &'a [String],
    /// Its other names (a French name in Brussels).
    pub also: &'a [String],
    /// Parts that people name as their town.
    pub parts: &'a [String],
    /// The municipality it merged into, or "".
    pub now: &'a str,
}

#[derive(Serialize)]
pub struct ChoiceView {
    pub label: String,
    pub href: String,
    pub slug: String,
    /// The short label of the step the choice leads to, for the path kept in the browser.
    pub to_label: String,
    pub urgent: bool,
}

/// Partners of one category, for pages that list partners under category headings.
#[derive(Serialize)]
pub struct PartnerGroupView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub partners: Vec<&'a PartnerView>,
}

/// What the region picker in the header needs, sent to the browser as escaped JSON.
#[derive(Serialize)]
pub struct RegionDataView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub kind: &'static str,
    pub parent: &'a str,
    /// Postcode ranges as `[from, to]`; a municipality's own postcodes win over them.
    pub ranges: &'a [crate::places::PostcodeRange],
    pub municipalities: &'a [crate::partners::Municipality],
}

#[derive(Serialize)]
pub struct StepCardView {
    pub slug: String,
    pub title: String,
    pub label: String,
    pub kind: &'static str,
    pub summary: String,
    pub actions: Vec<String>,
    pub href: String,
    pub choices: Vec<ChoiceView>,
}

pub fn module_card<'s>(site: &'s Site, module: &Module, from: &'s str) -> ModuleCardView<'s> {
    let intro = site.intro(module);
    let lessons = site.lessons(module);
    ModuleCardView {
        title: intro.title(),
        summary: intro.summary(),
        href: Href {
            from,
            to: &intro.url,
        },
        key: &intro.url,
        minutes: lessons.iter().map(Page::minutes).sum(),
        lessons: lessons.iter().map(|l| lesson_link(l, from)).collect(),
    }
}

pub fn lesson_link<'p>(lesson: &'p Page, from: &'p str) -> LessonLinkView<'p> {
    LessonLinkView {
        title: lesson.title(),
        summary: lesson.summary(),
        minutes: lesson.minutes(),
        href: Href {
            from,
            to: &lesson.url,
        },
        key: &lesson.url,
        quizzes: lesson.quizzes,
    }
}

pub fn link<'p>(page: &'p Page, from: &'p str) -> LinkView<'p> {
    LinkView {
        title: page.title(),
        href: Href {
            from,
            to: &page.url,
        },
    }
}

pub fn partner_view(directory: &Directory, partner: &Partner) -> PartnerView {
    let category = directory.category(&partner.category);
    let everywhere = partner.regions.iter().any(|r| {
        directory
            .region(r)
            .is_some_and(|region| region.kind == RegionKind::All)
    });
    let ages = match &partner.ages {
        Some(a) if a.from == a.to => format!("{} jaar", a.from),
        Some(a) => format!("{} tot {} jaar", a.from, a.to),
        None => String::new(),
    };
    PartnerView {
        id: partner.id.clone(),
        name: partner.name.clone(),
        category: category.map(|c| c.name.clone()).unwrap_or_default(),
        category_id: partner.category.clone(),
        category_short: category.and_then(|c| c.short.clone()).unwrap_or_default(),
        offers: partner.offers.clone(),
        offers_short: first_sentence(&partner.offers),
        short_name: short_name(&partner.name, category),
        ages,
        age_from: partner.ages.as_ref().map(|a| a.from),
        age_to: partner.ages.as_ref().map(|a| a.to),
        anonymous: match partner.anonymous {
            Some(true) => "ja",
            Some(false) => "nee",
            None => "",
        }
        .to_string(),
        website: partner.website.clone().unwrap_or_default(),
        phone: partner.phone.clone().unwrap_or_default(),
        phone_href: partner.phone.as_deref().map(tel_url).unwrap_or_default(),
        email: partner.email.clone().unwrap_or_default(),
        email_href: partner
            .email
            .as_ref()
            .map(|e| format!("mailto:{e}"))
            .unwrap_or_default(),
        checked: partner.checked.clone().unwrap_or_default(),
        regions: partner
            .regions
            .iter()
            .map(|r| {
                directory
                    .region(r)
                    .map(|x| x.name.clone())
                    .unwrap_or_default()
            })
            .collect(),
        region_ids: partner.regions.clone(),
        everywhere,
        steps: partner.steps.clone(),
        urgent: directory
            .category(&partner.category)
            .is_some_and(|category| category.urgent),
    }
}

/// `name` with a leading category name replaced by the category's short name.
fn short_name(name: &str, category: Option<&crate::partners::Category>) -> String {
    let Some(category) = category else {
        return name.to_string();
    };
    match (&category.short, name.strip_prefix(category.name.as_str())) {
        (Some(short), Some(rest)) if rest.is_empty() || rest.starts_with(' ') => {
            // "Centrum voor Algemeen Welzijnswerk (CAW)" is "CAW", not "CAW (CAW)".
            let rest = rest
                .strip_suffix(&format!(" ({short})"))
                .unwrap_or(rest)
                .replace(&format!(" ({short}) "), " ");
            format!("{short}{rest}")
        }
        _ => name.to_string(),
    }
}

/// The first sentence of `text`, shortened at a word to about 90 characters.
fn first_sentence(text: &str) -> String {
    const MAX: usize = 90;
    let sentence = text.split_inclusive(". ").next().unwrap_or("").trim();
    if sentence.chars().count() <= MAX {
        return sentence.to_string();
    }
    let mut out = String::new();
    for word in sentence.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > MAX {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push('…');
    out
}

/// The regions with links relative to `from`; `partners` is the partner pages' folder.
pub fn region_views<'d>(
    directory: &'d Directory,
    partners: &str,
    from: &str,
) -> Vec<RegionView<'d>> {
    directory
        .regions
        .iter()
        .map(|r| RegionView {
            id: &r.id,
            name: &r.name,
            kind: region_kind(r.kind),
            parent: r.parent.as_deref().unwrap_or_default(),
            href: relative_url(from, &format!("{partners}/{}/", r.id)),
            postcode_ranges: r
                .ranges
                .iter()
                .map(|x| format!("{}–{}", x.from, x.to))
                .collect::<Vec<_>>()
                .join(", "),
            municipalities: r
                .municipalities
                .iter()
                .map(|m| MunicipalityView {
                    name: &m.name,
                    postcodes: &m.postcodes,
                    also: &m.also,
                    parts: &m.parts,
                    now: m.now.as_deref().unwrap_or_default(),
                })
                .collect(),
        })
        .collect()
}

/// A province (or Brussels) as a one-tap choice; `path` is its page from the site root.
#[derive(Serialize)]
pub struct ProvinceChoiceView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub path: String,
}

/// The provinces of the directory, in file order, for the one-tap region choices on every page.
pub fn province_choices<'d>(
    directory: &'d Directory,
    partners: &str,
) -> Vec<ProvinceChoiceView<'d>> {
    directory
        .regions
        .iter()
        .filter(|r| r.kind == RegionKind::Province)
        .map(|r| ProvinceChoiceView {
            id: &r.id,
            name: &r.name,
            path: format!("{partners}/{}/index.html", r.id),
        })
        .collect()
}

fn region_kind(kind: RegionKind) -> &'static str {
    match kind {
        RegionKind::All => "all",
        RegionKind::Province => "province",
        RegionKind::Subregion => "subregion",
    }
}

/// The regions with their municipalities as JSON that is safe inside a `<script>` element.
pub fn regions_json(directory: &Directory) -> String {
    let data: Vec<RegionDataView> = directory
        .regions
        .iter()
        .map(|r| RegionDataView {
            id: &r.id,
            name: &r.name,
            kind: region_kind(r.kind),
            parent: r.parent.as_deref().unwrap_or_default(),
            ranges: &r.ranges,
            municipalities: &r.municipalities,
        })
        .collect();
    crate::html::json_for_html(&data)
}

/// The areas the site does not cover (Wallonia, abroad) as JSON safe inside a `<script>`.
pub fn outside_json(directory: &Directory) -> String {
    crate::html::json_for_html(&directory.outside)
}

/// `partners` under the directory's categories, in the order of `partners.yaml`; categories
/// without partners are left out.
pub fn partner_groups<'a>(
    directory: &'a Directory,
    partners: &[&'a PartnerView],
) -> Vec<PartnerGroupView<'a>> {
    directory
        .categories
        .iter()
        .map(|c| PartnerGroupView {
            id: &c.id,
            name: &c.name,
            partners: partners
                .iter()
                .filter(|p| p.category_id == c.id)
                .copied()
                .collect(),
        })
        .filter(|g| !g.partners.is_empty())
        .collect()
}

pub fn step_cards(site: &Site, from: &str) -> Vec<StepCardView> {
    let by_slug = steps_by_slug(site);
    site.steps()
        .iter()
        .filter_map(|step| step_card(&by_slug, step, from))
        .collect()
}

/// The steps' front matter by slug, so that a card finds its choices' targets without a
/// search per choice.
pub fn steps_by_slug(site: &Site) -> HashMap<&str, &StepMeta> {
    site.steps()
        .iter()
        .filter_map(|s| Some((s.slug.as_str(), s.kind.as_step()?)))
        .collect()
}

/// The card of one step, with links relative to `from`; `None` for a page that is not a step.
pub fn step_card(
    by_slug: &HashMap<&str, &StepMeta>,
    step: &Page,
    from: &str,
) -> Option<StepCardView> {
    let meta = step.kind.as_step()?;
    // A choice leads to a sibling of this step in the step plan's folder (`stappen/`).
    let folder = step
        .url
        .trim_end_matches('/')
        .rsplit_once('/')
        .map_or("", |(f, _)| f);
    Some(StepCardView {
        slug: step.slug.clone(),
        title: meta.title.clone(),
        label: meta.label.clone(),
        kind: meta.kind.as_str(),
        summary: meta.summary.clone(),
        actions: meta.actions.clone(),
        href: relative_url(from, &step.url),
        choices: meta
            .choices
            .iter()
            .map(|c| {
                let target = by_slug.get(c.to.as_str());
                ChoiceView {
                    label: c.label.clone(),
                    href: relative_url(from, &format!("{folder}/{}/", c.to)),
                    slug: c.to.clone(),
                    to_label: target.map(|t| t.label.clone()).unwrap_or_default(),
                    urgent: target.is_some_and(|t| t.kind == StepKind::Urgent),
                }
            })
            .collect(),
    })
}

/// A lesson in a module's trainer version: its body rendered for that page (ids under the lesson's
/// prefix, headings under the lesson's title, answers open).
#[derive(Serialize)]
pub struct PrintLessonView<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub minutes: u32,
    pub id: String,
    pub html: Body<'a>,
}

/// The bodies of `lessons` for their module's trainer version (see `site::PrintForm`).
pub fn print_texts(lessons: &[Page]) -> Vec<String> {
    lessons
        .iter()
        .map(|lesson| lesson.print_html.text(&lesson.html))
        .collect()
}

/// Every lesson of a module for its trainer version (`modules/SLUG/trainer/`), with their
/// bodies `texts` (`print_texts`).
pub fn print_lessons<'s>(
    site: &'s Site,
    module: &Module,
    texts: &'s [String],
) -> Vec<PrintLessonView<'s>> {
    site.lessons(module)
        .iter()
        .zip(texts)
        .map(|(lesson, text)| PrintLessonView {
            title: lesson.title(),
            summary: lesson.summary(),
            minutes: lesson.minutes(),
            id: site.config.folders.print_lesson(&lesson.slug),
            html: Body::of(text, lesson),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_use_the_category_short_name_once() {
        let vk = crate::partners::Category {
            id: "vk".into(),
            name: "Vertrouwenscentrum Kindermishandeling".into(),
            short: Some("VK".into()),
            urgent: false,
        };
        let name = |n: &str| short_name(n, Some(&vk));
        assert_eq!(
            name("Vertrouwenscentrum Kindermishandeling Limburg"),
            "VK Limburg"
        );
        assert_eq!(name("Vertrouwenscentrum Kindermishandeling (VK)"), "VK");
        assert_eq!(
            name("Vertrouwenscentrum Kindermishandelingen"),
            "Vertrouwenscentrum Kindermishandelingen"
        );
        assert_eq!(name("Huisarts"), "Huisarts");
    }
}
