//! File-creation cost on this machine, the Rust side (`scripts/bench-file-creation` compiles and
//! runs it): N folders, each holding one file of SIZE bytes, created with std::fs in one thread
//! and then in two, then removed. Prints seconds and milliseconds per file.
use std::path::Path;
use std::time::Instant;

fn create(root: &Path, from: usize, to: usize, data: &[u8]) {
    for i in from..to {
        let dir = root.join(format!("d{i:06}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), data).unwrap();
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let base = Path::new(&args[1]);
    let n: usize = args[2].parse().unwrap();
    let size: usize = args[3].parse().unwrap();
    let data: Vec<u8> = (0..size).map(|i| b"abcdefghij\n"[i % 11]).collect();
    for threads in [1usize, 2] {
        let root = base.join(format!("rust-{threads}"));
        let t = Instant::now();
        std::thread::scope(|s| {
            for k in 0..threads {
                let (root, data) = (&root, &data);
                s.spawn(move || create(root, k * n / threads, (k + 1) * n / threads, data));
            }
        });
        let made = t.elapsed().as_secs_f64();
        let t = Instant::now();
        std::fs::remove_dir_all(&root).unwrap();
        let removed = t.elapsed().as_secs_f64();
        println!(
            "rust, {threads} thread(s): create {made:.2} s ({:.3} ms a file), remove {removed:.2} s",
            1000.0 * made / n as f64
        );
    }
}
