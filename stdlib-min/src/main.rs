//! The `rupy` command: registers the builtin modules of this crate, then
//! runs the runtime's command line (`rupy::cli::main`).

/// Objects come from mimalloc, as in CPython (Objects/obmalloc.c uses it
/// in the free-threaded build): per-thread heaps keep allocation by
/// parallel threads from contending.
/// Wrapped so `_tracemalloc` sees Rust heap blocks while it traces.
#[global_allocator]
static GLOBAL: rupy_stdlib::tracemallocmodule::TracedAllocator<mimalloc::MiMalloc> =
    rupy_stdlib::tracemallocmodule::TracedAllocator(mimalloc::MiMalloc);

fn main() -> std::process::ExitCode {
    rupy_stdlib::localemodule::set_ctype_from_env();
    rupy_stdlib::register_all();
    rupy::cli::main()
}
