//! ```chart blocks: a small table of numbers drawn as an accessible SVG bar chart.

use super::{BlockInput, RenderedBlock};
use crate::error::Error;

/// Renders a chart block. (Placeholder until the chart stage lands: shows the source escaped.)
pub fn render(input: &BlockInput<'_>) -> Result<RenderedBlock, Error> {
    Ok(RenderedBlock {
        html: format!("<pre>{}</pre>", crate::html::escape(input.source)),
        text: input.source.to_string(),
    })
}
