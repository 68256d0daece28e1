//! ```chart blocks: a small table of numbers drawn as an accessible SVG bar chart.
//!
//! Owns: the chart YAML (title, unit, labels, series, source), its rules and errors at their
//! lines, the build-time drawing (a horizontal grouped bar chart, byte-identical for the same
//! input) and the view `partials/chart.html` gets; that partial holds the frame, legend and
//! table the stylesheet styles.
//! Does not: use JavaScript or inline styles; colours come from the classes `series-0`…`series-5`.

use serde::{Deserialize, Serialize};

use super::{BlockInput, BlockKind, RenderedBlock, SourceLines};
use crate::content::markdown::ids;
use crate::error::Error;
use draw::{number, svg, NumberFormat, COLOURS};

mod draw;

/// The most bars (labels times series) in one chart: a chart on a 360 px phone stays
/// readable with a few dozen; 300,000 labels took seconds and half a gigabyte to draw.
pub const MAX_BARS: usize = 200;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ChartSource {
    title: String,
    #[serde(default)]
    unit: Option<String>,
    labels: Vec<Label>,
    series: Vec<Series>,
    #[serde(default)]
    source: Option<String>,
}

/// A label may be written as text or as a bare number (`2018`), as editors do for years.
#[derive(Deserialize)]
#[serde(untagged, expecting = "each label must be text or a number")]
enum Label {
    Text(String),
    Whole(i64),
    Number(f64),
}

impl Label {
    fn text(&self) -> String {
        match self {
            Label::Text(text) => text.trim().to_string(),
            Label::Whole(n) => n.to_string(),
            Label::Number(n) => n.to_string(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Series {
    name: String,
    values: Vec<f64>,
}

/// Renders a chart block, or reports the first rule it breaks at the line of the offending value.
pub fn render(input: &BlockInput<'_>) -> Result<RenderedBlock, Error> {
    if input.source.trim().is_empty() {
        return Err(input.error(1, "the chart is empty; add a title, labels and series"));
    }
    let chart: ChartSource = crate::yaml::parse(input.source, input.path, input.line)?;
    validate(&chart, input)?;
    let labels: Vec<String> = chart.labels.iter().map(Label::text).collect();
    Ok(RenderedBlock {
        html: input
            .templates
            .partial("chart", &view(&chart, &labels, input))?,
        text: text(&chart, &labels, input.templates.number_format()),
        handout: None,
    })
}

fn validate(chart: &ChartSource, input: &BlockInput<'_>) -> Result<(), Error> {
    let lines = SourceLines::new(input.source);
    if chart.title.trim().is_empty() {
        return Err(input.error(
            lines.key("title"),
            "the title is empty; write it after \"title:\"",
        ));
    }
    if chart.labels.is_empty() {
        return Err(input.error(
            lines.key("labels"),
            "labels is empty; add one label per bar group, like labels: [\"2018\", \"2019\"]",
        ));
    }
    if chart.series.is_empty() {
        return Err(input.error(
            lines.key("series"),
            "series is empty; add at least one series with a name and values",
        ));
    }
    let bars = chart.labels.len().saturating_mul(chart.series.len());
    if bars > MAX_BARS {
        return Err(input.error(
            lines.key("labels"),
            format!(
                "the chart has {bars} bars ({} labels times {} series), more than the {MAX_BARS} \
                 that can be read on a phone; show fewer, or put the figures in a table",
                chart.labels.len(),
                chart.series.len()
            ),
        ));
    }
    for (n, series) in chart.series.iter().enumerate() {
        let name = escape_quotes(&series.name);
        if series.name.trim().is_empty() {
            return Err(input.error(
                lines.item_key("series", n, "name"),
                format!("series {} has no name; write it after \"name:\"", n + 1),
            ));
        }
        let at = || lines.item_key("series", n, "values");
        if series.values.len() != chart.labels.len() {
            return Err(input.error(
                at(),
                format!(
                    "series \"{name}\" has {} but there {}; give one value per label",
                    count(series.values.len(), "value", "values"),
                    match chart.labels.len() {
                        1 => "is 1 label".to_string(),
                        n => format!("are {n} labels"),
                    }
                ),
            ));
        }
        if let Some(bad) = series.values.iter().find(|v| !v.is_finite()) {
            let shown = if bad.is_nan() { ".nan" } else { ".inf" };
            return Err(input.error(
                at(),
                format!("series \"{name}\": {shown} is not a number; write the number itself"),
            ));
        }
        if let Some(bad) = series.values.iter().find(|v| **v < 0.0) {
            return Err(input.error(
                at(),
                format!(
                    "series \"{name}\": {} is below 0; a bar chart shows amounts of 0 or more",
                    number(*bad, input.templates.number_format())
                ),
            ));
        }
    }
    Ok(())
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Quotes in a name would make the message ambiguous; show them as single quotes.
fn escape_quotes(text: &str) -> String {
    text.trim().replace('"', "'")
}

/// What `partials/chart.html` gets: the checked chart, its drawing and its figures as text.
#[derive(Serialize)]
struct ChartView<'a> {
    /// The figure's id on the page, `chart-N` (prefixed on a print page).
    id: String,
    title: &'a str,
    /// Empty when the chart has none.
    unit: &'a str,
    /// Empty when the chart has none.
    source: &'a str,
    /// The drawing. It is laid out from the figures (bar lengths, wrapped labels, coordinates),
    /// which a template cannot compute, so `draw` makes it, escaping every text it holds, and
    /// the partial puts it in as it is.
    svg: String,
    series: Vec<SeriesView<'a>>,
    rows: Vec<RowView<'a>>,
}

#[derive(Serialize)]
struct SeriesView<'a> {
    name: &'a str,
    /// The colour class `series-N` of its bars and swatch.
    colour: usize,
}

/// One label with a value per series, written as Dutch numbers.
#[derive(Serialize)]
struct RowView<'a> {
    label: &'a str,
    values: Vec<String>,
}

fn view<'a>(chart: &'a ChartSource, labels: &'a [String], input: &BlockInput<'_>) -> ChartView<'a> {
    let id = ids::block(BlockKind::Chart, input.index).unwrap_or_default();
    let id = input
        .print
        .map_or_else(|| id.clone(), |prefix| ids::printed(prefix, &id));
    ChartView {
        svg: svg(chart, labels, &id, input.templates.number_format()),
        id,
        title: chart.title.trim(),
        unit: chart.unit.as_deref().map_or("", str::trim),
        source: chart.source.as_deref().map_or("", str::trim),
        series: chart
            .series
            .iter()
            .enumerate()
            .map(|(n, series)| SeriesView {
                name: series.name.trim(),
                colour: n % COLOURS,
            })
            .collect(),
        rows: labels
            .iter()
            .enumerate()
            .map(|(row, label)| RowView {
                label,
                values: chart
                    .series
                    .iter()
                    .map(|series| number(series.values[row], input.templates.number_format()))
                    .collect(),
            })
            .collect(),
    }
}

fn text(chart: &ChartSource, labels: &[String], format: &NumberFormat) -> String {
    let mut lines = vec![chart.title.trim().to_string(), labels.join(" ")];
    for series in &chart.series {
        let values: Vec<String> = series.values.iter().map(|v| number(*v, format)).collect();
        lines.push(format!("{} {}", series.name.trim(), values.join(" ")));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::theme::Templates;

    const GOOD: &str = "\
title: Meldingen bij de VK
unit: meldingen
labels: [\"2018\", 2019]
series:
  - name: Kinderdagverblijf
    values: [64, 91]
  - name: Onthaalgezin
    values: [11, 13.5]
source: Vlaams Parlement
";

    /// Renders `source` as the first chart on a page whose block starts on line 20.
    fn run(source: &str) -> Result<RenderedBlock, Error> {
        render(&BlockInput {
            source,
            path: Path::new("content/cijfers.md"),
            line: 20,
            index: 0,
            page_id: "cijfers",
            templates: Templates::bundled(),
            print: None,
        })
    }

    fn error(source: &str) -> String {
        match run(source) {
            Ok(_) => panic!("expected an error for:\n{source}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn a_good_chart_renders_svg_legend_and_table() {
        let block = run(GOOD).unwrap();
        let html = &block.html;
        assert!(html.starts_with("<figure class=\"chart\" id=\"chart-1\">\n<figcaption><span class=\"chart-title\">Meldingen bij de VK</span> <span class=\"chart-unit\">(meldingen)</span> <span class=\"chart-source\">Bron: Vlaams Parlement</span></figcaption>"));
        assert!(html.contains("<svg class=\"chart-svg\" viewBox=\"0 0 360 "));
        assert!(html.contains(
            "role=\"img\" aria-labelledby=\"chart-1-title\" aria-describedby=\"chart-1-desc\""
        ));
        assert!(html.contains("<desc id=\"chart-1-desc\">2018: Kinderdagverblijf 64 meldingen, Onthaalgezin 11 meldingen. 2019: Kinderdagverblijf 91 meldingen, Onthaalgezin 13,5 meldingen.</desc>"));
        // The largest value gets the full bar width: 360 - 2 * 8 - 64.
        assert!(html.contains(
            "<rect class=\"chart-bar series-0\" x=\"8\" y=\"106\" width=\"280\" height=\"20\"/>"
        ));
        assert!(html.contains("font-size=\"13\">13,5</text>"));
        assert_eq!(
            html.matches("<rect class=\"chart-bar series-1\"").count(),
            2
        );
        assert!(html.contains("<li><span class=\"chart-swatch series-1\" aria-hidden=\"true\"></span>Onthaalgezin</li>"));
        assert!(html.contains("<caption>Meldingen bij de VK (meldingen)</caption>"));
        assert!(html.contains("<thead><tr><td></td><th scope=\"col\">Kinderdagverblijf</th><th scope=\"col\">Onthaalgezin</th></tr></thead>"));
        assert!(html.contains("<tr><th scope=\"row\">2019</th><td>91</td><td>13,5</td></tr>"));
        assert!(!html.contains("style="));
        assert_eq!(
            block.text,
            "Meldingen bij de VK\n2018 2019\nKinderdagverblijf 64 91\nOnthaalgezin 11 13,5"
        );
    }

    #[test]
    fn the_drawing_is_deterministic() {
        assert_eq!(run(GOOD).unwrap(), run(GOOD).unwrap());
    }

    #[test]
    fn mismatched_lengths_error_at_the_offending_values() {
        let source = GOOD.replace("values: [11, 13.5]", "values: [11, 13.5, 2]");
        assert_eq!(
            error(&source),
            "content/cijfers.md:27: series \"Onthaalgezin\" has 3 values but there are 2 labels; give one value per label"
        );
    }

    #[test]
    fn negative_and_non_finite_values_error_at_their_line() {
        let negative = GOOD.replace("[64, 91]", "[64, -9.5]");
        assert_eq!(
            error(&negative),
            "content/cijfers.md:25: series \"Kinderdagverblijf\": -9,5 is below 0; a bar chart shows amounts of 0 or more"
        );
        let nan = GOOD.replace("[11, 13.5]", "[.nan, 13.5]");
        assert!(error(&nan)
            .starts_with("content/cijfers.md:27: series \"Onthaalgezin\": .nan is not a number"));
    }

    #[test]
    fn empty_lists_error_at_their_key() {
        let no_labels = GOOD.replace("[\"2018\", 2019]", "[]");
        assert!(error(&no_labels).starts_with("content/cijfers.md:22: labels is empty"));
        let one = "title: T\nlabels: [a]\nseries:\n  - name: S\n    values: [1, 2]\n";
        assert!(error(one).ends_with("has 2 values but there is 1 label; give one value per label"));
        let no_series = "title: T\nlabels: [a]\nseries: []\n";
        assert!(error(no_series).starts_with("content/cijfers.md:22: series is empty"));
        assert!(error("").starts_with("content/cijfers.md:20: the chart is empty"));
    }

    #[test]
    fn yaml_errors_point_into_the_markdown_file() {
        assert_eq!(
            error("unit: x\nlabels: [a]\nseries: []\n"),
            "content/cijfers.md:20:1: missing field \"title\"; add it"
        );
        let label = GOOD.replace("[\"2018\", 2019]", "[\"2018\", [2019]]");
        assert_eq!(
            error(&label),
            "content/cijfers.md:22:18: labels[1]: each label must be text or a number"
        );
        let bad = GOOD.replace("values: [64, 91]", "values: [64, veel]");
        assert!(
            error(&bad).starts_with("content/cijfers.md:25:"),
            "{}",
            error(&bad)
        );
    }

    #[test]
    fn title_labels_and_names_are_escaped() {
        let source = GOOD
            .replace("Meldingen bij de VK", "<script>x</script>")
            .replace("\"2018\"", "\"<b>\"")
            .replace("Onthaalgezin", "A&B <i>");
        let html = run(&source).unwrap().html;
        assert!(!html.contains("<script>") && !html.contains("<b>") && !html.contains("<i>"));
        assert!(html.contains("<title id=\"chart-1-title\">&lt;script&gt;x&lt;/script&gt;</title>"));
        assert!(html.contains("<th scope=\"row\">&lt;b&gt;</th>"));
        assert!(html.contains("A&amp;B &lt;i&gt;"));
    }

    /// The frame, legend and table around the drawing, byte for byte: the partial writes what
    /// the format! strings wrote.
    #[test]
    fn the_partial_writes_the_whole_frame() {
        let html = run(GOOD).unwrap().html;
        let (frame, rest) = html.split_once("<svg ").unwrap();
        let (_, after) = rest.split_once("</svg>\n").unwrap();
        assert_eq!(
            frame,
            "<figure class=\"chart\" id=\"chart-1\">\n<figcaption><span class=\"chart-title\">\
             Meldingen bij de VK</span> <span class=\"chart-unit\">(meldingen)</span> <span \
             class=\"chart-source\">Bron: Vlaams Parlement</span></figcaption>\n"
        );
        assert_eq!(
            after,
            "<ul class=\"chart-legend\">\n<li><span class=\"chart-swatch series-0\" \
             aria-hidden=\"true\"></span>Kinderdagverblijf</li>\n<li><span class=\"chart-swatch \
             series-1\" aria-hidden=\"true\"></span>Onthaalgezin</li>\n</ul>\n<details \
             class=\"chart-data\">\n<summary>Toon de cijfers als tabel</summary>\n<table \
             class=\"chart-table\">\n<caption>Meldingen bij de VK (meldingen)</caption>\n<thead>\
             <tr><td></td><th scope=\"col\">Kinderdagverblijf</th><th scope=\"col\">Onthaalgezin\
             </th></tr></thead>\n<tbody>\n<tr><th scope=\"row\">2018</th><td>64</td><td>11</td>\
             </tr>\n<tr><th scope=\"row\">2019</th><td>91</td><td>13,5</td></tr>\n</tbody>\n\
             </table>\n</details>\n</figure>\n"
        );
        let bare = run(&GOOD
            .replace("unit: meldingen\n", "")
            .replace("source: Vlaams Parlement\n", ""))
        .unwrap()
        .html;
        assert!(bare.contains(
            "<figcaption><span class=\"chart-title\">Meldingen bij de VK</span></figcaption>"
        ));
        assert!(bare.contains("<caption>Meldingen bij de VK</caption>"));
    }
}
