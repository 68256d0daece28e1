//! Command-line arguments → options.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// leerpad builds a searchable, accessible e-learning site from Markdown lessons and a YAML
/// partner directory.
#[derive(Debug, Parser)]
#[command(name = "leerpad", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the whole site; a failed build leaves the previous output untouched.
    Build {
        /// The site's folder (with leerpad.toml); default: the current folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site; default: public/ under the root.
        #[arg(long)]
        out: Option<PathBuf>,
        /// The public address of the site, for the sitemap (overrides leerpad.toml).
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Report every problem in the content without writing anything; exit code 1 on any error.
    Check {
        /// The site's folder (with leerpad.toml); default: the current folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Serve the site on 127.0.0.1, rebuild on every change and reload open pages.
    Serve {
        /// The site's folder (with leerpad.toml); default: the current folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port on 127.0.0.1.
        #[arg(long, default_value_t = 1111)]
        port: u16,
    },
    /// Make a SCORM package (a zip) that a learning platform (LMS) imports: one SCO per lesson.
    Package {
        /// The SCORM edition the LMS imports.
        #[arg(long, value_enum)]
        format: Format,
        /// The site's folder (with leerpad.toml); default: the current folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The zip to write; default: FORMAT.zip (or MODULE-FORMAT.zip) in the root.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Package only this module (its slug, as in its URL); default: the whole course.
        #[arg(long)]
        module: Option<String>,
    },
    /// Write a small complete site to start from into DIR (empty or new): a module with two
    /// lessons, a glossary, a step plan and a partner.
    Init {
        /// The folder to write into; default: the current folder.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The language of the site and of its sample text.
        #[arg(long, default_value = "nl", value_parser = ["nl", "en", "fr"])]
        language: String,
    },
    /// Work with the built-in theme.
    Theme {
        #[command(subcommand)]
        action: ThemeAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum ThemeAction {
    /// Write the built-in theme out (templates/, static/, i18n/), to change it; overwrites
    /// nothing. The files in themes/default/ then override the built-in ones, file by file.
    Eject {
        /// Where to write it; default: themes/default/ under the root.
        dir: Option<PathBuf>,
        /// The site's folder; default: the current folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

/// The SCORM editions `leerpad package` makes.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// SCORM 1.2
    Scorm12,
    /// SCORM 2004 4th edition
    Scorm2004,
}
