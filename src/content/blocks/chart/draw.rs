//! Draws a chart as SVG at build time and formats its numbers.
//!
//! Owns: the layout (sized for a 360 px phone), the number format, and byte-identical output.
//! Does not: validate (the chart module hands over checked data) or write styles; bars carry
//! the classes `chart-bar series-N` and texts `chart-label` / `chart-value`.

use super::ChartSource;
use crate::html::escape;
pub(super) use crate::theme::NumberFormat;

/// Colours cycle after this many series (the stylesheet defines `series-0`…`series-5`).
pub(super) const COLOURS: usize = 6;
/// The drawing is laid out for a 360 px phone: one SVG unit is one CSS pixel there.
const WIDTH: f64 = 360.0;
const PAD: f64 = 8.0;
const VALUE_ROOM: f64 = 64.0;
const LABEL_LINE: f64 = 18.0;
const BAR: f64 = 20.0;
const BAR_GAP: f64 = 4.0;
const GROUP_GAP: f64 = 14.0;
/// Labels longer than this wrap onto more lines, so they stay inside the drawing on a phone.
const LABEL_CHARS: usize = 40;

/// The bars: per label a (wrapped) label line, then one bar per series with its value after it.
pub(super) fn svg(
    chart: &ChartSource,
    labels: &[String],
    id: &str,
    format: &NumberFormat,
) -> String {
    let max = chart
        .series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .fold(0.0_f64, f64::max);
    let scale = if max > 0.0 {
        (WIDTH - 2.0 * PAD - VALUE_ROOM) / max
    } else {
        0.0
    };
    let mut body = String::new();
    let mut y = PAD;
    for (row, label) in labels.iter().enumerate() {
        body.push_str("<g class=\"chart-group\">\n");
        for line in wrap(label, LABEL_CHARS) {
            y += LABEL_LINE;
            body.push_str(&format!(
                "<text class=\"chart-label\" x=\"{}\" y=\"{}\" font-size=\"14\">{}</text>\n",
                num(PAD),
                num(y - 4.0),
                escape(&line)
            ));
        }
        y += 2.0;
        for (n, series) in chart.series.iter().enumerate() {
            let value = series.values[row];
            let width = value * scale;
            body.push_str(&format!(
                "<rect class=\"chart-bar series-{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>\n\
                 <text class=\"chart-value\" x=\"{}\" y=\"{}\" font-size=\"13\">{}</text>\n",
                n % COLOURS,
                num(PAD),
                num(y),
                num(width),
                num(BAR),
                num(PAD + width + 4.0),
                num(y + BAR - 6.0),
                number(value, format)
            ));
            y += BAR + BAR_GAP;
        }
        y += GROUP_GAP - BAR_GAP;
        body.push_str("</g>\n");
    }
    let height = y - GROUP_GAP + PAD;
    format!(
        "<svg class=\"chart-svg\" viewBox=\"0 0 {} {}\" width=\"100%\" role=\"img\" \
         aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\">\n\
         <title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n\
         <line class=\"chart-axis\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>\n{body}</svg>\n",
        num(WIDTH),
        num(height),
        escape(chart.title.trim()),
        escape(&describe(chart, labels, format)),
        num(PAD - 0.5),
        num(PAD),
        num(PAD - 0.5),
        num(height - PAD),
    )
}

/// The data in one sentence per label, so a screen reader gets it without opening the table.
fn describe(chart: &ChartSource, labels: &[String], format: &NumberFormat) -> String {
    let unit = chart
        .unit
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty());
    labels
        .iter()
        .enumerate()
        .map(|(row, label)| {
            let values: Vec<String> = chart
                .series
                .iter()
                .map(|s| {
                    let value = number(s.values[row], format);
                    match unit {
                        Some(unit) => format!("{} {value} {unit}", s.name.trim()),
                        None => format!("{} {value}", s.name.trim()),
                    }
                })
                .collect();
            format!("{label}: {}.", values.join(", "))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Splits `text` at spaces into lines of at most `max` characters (a longer word keeps its line).
fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= max => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// An SVG coordinate: at most two decimals, no trailing zeros, so output is stable and small.
fn num(value: f64) -> String {
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// A number as the site's readers write it (`number_decimal`, `number_group` of the UI
/// strings: in Dutch a decimal comma and a point between thousands), grouped from 10000 on.
pub(super) fn number(value: f64, format: &NumberFormat) -> String {
    let text = format!("{:.2}", value.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let fraction = fraction.trim_end_matches('0');
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if whole.len() > 4 && i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push_str(&format.group);
        }
        grouped.push(digit);
    }
    let sign = if value < 0.0 && (whole != "0" || !fraction.is_empty()) {
        "-"
    } else {
        ""
    };
    match fraction {
        "" => format!("{sign}{grouped}"),
        _ => format!("{sign}{grouped}{}{fraction}", format.decimal),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_dutch_and_long_labels_wrap() {
        let dutch = NumberFormat::dutch();
        assert_eq!(number(1234.0, &dutch), "1234");
        assert_eq!(number(12345.678, &dutch), "12.345,68");
        assert_eq!(number(0.5, &dutch), "0,5");
        let english = NumberFormat {
            decimal: ".".into(),
            group: ",".into(),
        };
        assert_eq!(number(-12345.678, &english), "-12,345.68");
        assert_eq!(num(280.0 / 3.0), "93.33");
        let long = "een label dat te lang is om op een telefoon op één regel te passen";
        assert_eq!(wrap(long, 40).len(), 2);
        assert!(wrap(long, 40).iter().all(|l| l.chars().count() <= 40));
    }
}
