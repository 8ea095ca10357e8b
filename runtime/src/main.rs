//! The `rupy` command line (Modules/main.c).

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("-V" | "--version") => {
            println!("Python 3.14.0 (rupy {})", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("rupy: executing Python code is not implemented yet");
            ExitCode::from(2)
        }
    }
}
