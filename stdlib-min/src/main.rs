//! The `rupy` command: registers the builtin modules of this crate, then
//! runs the runtime's command line (`rupy::cli::main`).

fn main() -> std::process::ExitCode {
    rupy_stdlib::register_all();
    rupy::cli::main()
}
