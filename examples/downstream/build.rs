//! Generates the TodoList SDK from `spec/` into `$OUT_DIR/todo_list.rs` (the
//! file is named after the spec's `product`, `TodoList`, in snake_case).

fn main() {
    if let Err(e) = codegen::Config::new().spec_dir("spec").compile() {
        // Cargo shows a build script's stderr on failure: every problem, one per line.
        eprintln!("{e}");
        std::process::exit(1);
    }
}
