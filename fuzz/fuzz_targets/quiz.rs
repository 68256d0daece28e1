//! The ```quiz block parser and renderer.
#![no_main]

#[path = "block.rs"]
mod block;

use leerpad::content::blocks::quiz;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| block::fuzz(data, quiz::render));
