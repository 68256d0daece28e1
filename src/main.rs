//! The `leerpad` command: parse arguments, run, print errors with their causes, set the exit code.

mod cli;

use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

use cli::{Cli, Command, Format, ThemeAction};
use leerpad::error::report;

/// `println!` that does not panic when stdout is closed (`leerpad check | head`): the rest of
/// the output has no reader, and the exit code still tells how the run went.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// `eprintln!` that does not panic when stderr is closed.
macro_rules! tell {
    ($($arg:tt)*) => {{
        use std::io::Write;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            out,
            base_url,
        } => {
            let started = Instant::now();
            let out = out.unwrap_or_else(|| root.join("public"));
            match leerpad::build(
                &root,
                &out,
                &leerpad::Overrides {
                    base_url,
                    live_reload: false,
                },
            ) {
                Ok(built) => {
                    for warning in &built.warnings {
                        tell!("{warning}");
                    }
                    let summary = &built.summary;
                    for note in &summary.notes {
                        tell!("warning: {note}");
                    }
                    say!(
                        "built {} pages ({} files, {} KB) into {} in {} ms",
                        summary.pages,
                        summary.files,
                        summary.bytes.div_ceil(1024),
                        out.display(),
                        started.elapsed().as_millis()
                    );
                    if summary.search_files > 0 {
                        say!(
                            "search index: {} bytes in {} files, loaded as queries need them",
                            summary.search_bytes,
                            summary.search_files
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(error) => fail(&error, "the build failed; the previous output is untouched"),
            }
        }
        Command::Check { root } => match leerpad::check(&root) {
            Ok(built) => {
                for site in built.sites() {
                    let formula =
                        leerpad::readability::Formula::for_language(&site.config.language);
                    for module in &site.modules {
                        for lesson in site.lessons(module) {
                            let score = lesson
                                .readability
                                .map_or("  -".to_string(), |r| format!("{:>3.0}", r.score));
                            say!(
                                "{:>2} min  {:>4} words  {} {score}  {}",
                                lesson.minutes(),
                                lesson.words,
                                formula.name(),
                                leerpad::error::display_path(&lesson.source)
                            );
                        }
                    }
                }
                for warning in &built.warnings {
                    tell!("{warning}");
                }
                let sites: Vec<_> = built.sites().collect();
                let count = |of: &dyn Fn(&leerpad::site::Site) -> usize| -> usize {
                    sites.iter().map(|s| of(s)).sum()
                };
                let lessons = count(&|s| s.modules.iter().map(|m| m.lessons.len()).sum());
                say!(
                    "ok: {} modules, {} lessons, {} steps, {} partners; 0 errors, {} warnings",
                    count(&|s| s.modules.len()),
                    lessons,
                    count(&|s| s.steps().iter().count()),
                    built.site.directory.partners.len(),
                    built.warnings.len()
                );
                ExitCode::SUCCESS
            }
            Err(error) => fail(&error, "check failed"),
        },
        Command::Package {
            format,
            root,
            out,
            module,
        } => package(format, &root, out, module),
        Command::Init { dir, language } => match leerpad::init::init(&dir, &language) {
            Ok(written) => {
                say!(
                    "wrote a new site ({} files) into {}; next: leerpad serve --root {}",
                    written.files.len(),
                    dir.display(),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(error) => fail(&error, "nothing was written"),
        },
        Command::Theme {
            action: ThemeAction::Eject { dir, root },
        } => {
            let dir =
                dir.unwrap_or_else(|| root.join("themes").join(leerpad::theme::embedded::NAME));
            match leerpad::theme::embedded::eject(&dir) {
                Ok(ejected) => {
                    say!(
                        "wrote the built-in theme ({} files) into {}; its files now override the \
                         built-in ones, file by file",
                        ejected.files,
                        dir.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(error) => fail(&error, "nothing was written"),
            }
        }
        Command::Serve { root, port } => {
            purge_freed_memory_only_when_asked();
            match leerpad::serve::run(&root, port, purge_freed_memory_now) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => fail(&error, "serve stopped"),
            }
        }
    }
}

/// `leerpad package`: writes the zip and says what is in it.
fn package(
    format: Format,
    root: &std::path::Path,
    out: Option<std::path::PathBuf>,
    module: Option<String>,
) -> ExitCode {
    let (version, name) = match format {
        Format::Scorm12 => (leerpad::package::Version::Scorm12, "scorm12"),
        Format::Scorm2004 => (leerpad::package::Version::Scorm2004, "scorm2004"),
    };
    let out = out.unwrap_or_else(|| match &module {
        Some(module) => root.join(format!("{module}-{name}.zip")),
        None => root.join(format!("{name}.zip")),
    });
    let options = leerpad::package::Options { version, module };
    match leerpad::package::write(root, &out, &options) {
        Ok(package) => {
            for warning in &package.warnings {
                tell!("{warning}");
            }
            say!(
                "packaged {} lessons of {} modules as SCORM {} into {} ({} files, {} KB)",
                package.lessons,
                package.modules,
                version.name(),
                out.display(),
                package.files,
                package.bytes.len().div_ceil(1024)
            );
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error, "no package was written"),
    }
}

fn fail(error: &leerpad::Error, what: &str) -> ExitCode {
    tell!("{}", report(error));
    let count = error.count();
    tell!("{what}: {count} error{}", if count == 1 { "" } else { "s" });
    ExitCode::FAILURE
}

extern "C" {
    // mimalloc's option and collect calls, in the C library that the `mimalloc` crate links.
    fn mi_option_get(option: std::ffi::c_int) -> std::ffi::c_long;
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
    fn mi_collect(force: bool);
}

/// `mi_option_purge_delay` in mimalloc 3 (include/mimalloc.h), in ms; the header says its
/// default is 10, the build linked here uses 1000 (`MIMALLOC_VERBOSE=1` lists the options).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// For `serve`, how long mimalloc keeps freed memory before it may give it back on its own:
/// longer than any run of saves, so a save reuses the memory of the last one.
const SERVE_PURGE_DELAY_MS: std::ffi::c_long = 10 * 60 * 1000;

/// For `serve`: mimalloc purges freed memory after a delay, but only when it next allocates.
/// With its default, an idle server kept the memory of a burst of connections (one thread
/// each) for good (bench/serve-load.mjs: 172 MB after instead of 58), and purging at once
/// made every save fault all its working memory in again (12 times the page faults of the
/// same saves in one process, examples/incremental). So serve keeps freed memory while it
/// works and gives it back when it goes quiet (`purge_freed_memory_now`).
fn purge_freed_memory_only_when_asked() {
    // SAFETY: plain option calls with no pointers. The default is checked first, so that a
    // mimalloc whose options are numbered differently (or a MIMALLOC_PURGE_DELAY set by the
    // user) is left alone.
    unsafe {
        if matches!(mi_option_get(MI_OPTION_PURGE_DELAY), 10 | 1000) {
            mi_option_set(MI_OPTION_PURGE_DELAY, SERVE_PURGE_DELAY_MS);
        }
    }
}

/// Gives every freed page back to the system now (serve, once quiet).
fn purge_freed_memory_now() {
    // SAFETY: a collect call with no pointers; `true` also purges the pages of other threads'
    // heaps that went back to mimalloc's arenas.
    unsafe { mi_collect(true) }
}

/// A 10,000-lesson build makes tens of millions of small strings; mimalloc serves them with a
/// quarter less CPU than the system allocator (bench/build.sh).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
