fn main() -> std::process::ExitCode {
    etlkit::cli::etl::main()
}
