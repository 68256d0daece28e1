//! leerpad: builds a static e-learning site from Markdown lessons and a YAML partner directory.

pub mod config;
pub mod content;
pub mod error;
pub mod html;
pub mod partners;
pub mod steps;
pub mod theme;
pub mod yaml;

pub use error::{Error, Location, Result, Warning};
