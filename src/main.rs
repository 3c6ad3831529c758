//! The `sansho` binary: everything happens in the library; see `sansho --help`.

fn main() {
    std::process::exit(sansho::cli::main());
}
