//! partners.yaml: parsing and every validation rule.
#![no_main]

use std::path::Path;

use leerpad::partners::Directory;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(directory) = Directory::parse(text, Path::new("partners.yaml")) {
        for region in &directory.regions {
            let _ = directory.partners_for_region(&region.id);
        }
    }
});
