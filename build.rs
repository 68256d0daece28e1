//! Rebuilds leerpad when a file of the default theme is added, removed or changed: the theme
//! is compiled into the binary (src/theme/embedded.rs), and the macro that embeds it tells
//! Cargo only about the files it read, not about new ones.

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
    println!("cargo:rerun-if-changed=src/init/sample");
}
