//! The ```chart block parser and its SVG drawing.
#![no_main]

#[path = "block.rs"]
mod block;

use leerpad::content::blocks::chart;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| block::fuzz(data, chart::render));
