//! Writes the package's zip: the same files give the same bytes, whatever the machine or day.
//!
//! Owns: the zip's settings (deflate at one fixed level, the timestamp 1980-01-01 00:00, the
//! mode 0644, Unix as the maker) and its order (the manifest first, as the files come).
//! Does not: choose or sort the files (`package` hands them sorted by path).

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

/// The files in `entries`, in that order, as one zip in memory.
pub fn write(entries: &[crate::render::OutputFile]) -> zip::result::ZipResult<Vec<u8>> {
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(DateTime::default())
        .system(System::Unix)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for entry in entries {
        zip.start_file(entry.path.as_str(), options)?;
        zip.write_all(&entry.bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::OutputFile;

    #[test]
    fn same_files_same_bytes() {
        let files = [
            OutputFile::new("imsmanifest.xml", "<manifest/>"),
            OutputFile::new("a/index.html", "<p>a</p>".repeat(100)),
        ];
        let one = write(&files).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1100));
        assert_eq!(one, write(&files).unwrap());
        assert!(one.starts_with(b"PK\x03\x04"));
    }
}
