//! ```quiz blocks: a knowledge check with answers, feedback and an explanation.

use super::{BlockInput, RenderedBlock};
use crate::error::Error;

/// Renders a quiz block. (Placeholder until the quiz stage lands: shows the source escaped.)
pub fn render(input: &BlockInput<'_>) -> Result<RenderedBlock, Error> {
    Ok(RenderedBlock {
        html: format!("<pre>{}</pre>", crate::html::escape(input.source)),
        text: input.source.to_string(),
    })
}
